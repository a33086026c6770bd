#!/usr/bin/env bash
# The broker-backed demo: a private RabbitMQ node (installed from Debian's packages when missing, as .ci/run does),
# two scheduler worker processes consuming select_destinations, and a client sending requests from 64 callers.
#   bash samples/SchedulerWorker/demo.sh                       # 2 workers, 400 requests
#   bash samples/SchedulerWorker/demo.sh --workers 1 --requests 4000
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  echo "installing rabbitmq-server" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq rabbitmq-server >/dev/null
  $sudo_cmd service rabbitmq-server stop >/dev/null 2>&1 || true
fi
exec dotnet run -c Release --project samples/SchedulerWorker -- demo "$@"
