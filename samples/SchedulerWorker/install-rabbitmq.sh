#!/usr/bin/env bash
# Installs Debian's rabbitmq-server when it is missing; the demo and the benchmarks call this script (test.sh installs both servers the tests need).
# Only the programs are needed: every user starts private nodes (PrivateBroker), so the package's own node is stopped.
set -euo pipefail
if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  exit 0
fi
echo "installing rabbitmq-server" >&2
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
$sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq rabbitmq-server >/dev/null
$sudo_cmd service rabbitmq-server stop >/dev/null 2>&1 || true
