#!/usr/bin/env bash
# The broker-backed demo: a private RabbitMQ node (installed from Debian's packages when missing, as test.sh does),
# two scheduler worker processes consuming select_destinations, and a client sending requests from 64 callers.
#   bash samples/SchedulerWorker/demo.sh                       # 2 workers, 400 requests
#   bash samples/SchedulerWorker/demo.sh --workers 1 --requests 4000
set -euo pipefail
cd "$(dirname "$0")/../.."
bash samples/SchedulerWorker/install-rabbitmq.sh
exec dotnet run -c Release --project samples/SchedulerWorker -- demo "$@"
