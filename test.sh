#!/usr/bin/env bash
# The README's test command. The tests start their own PostgreSQL and RabbitMQ servers from Debian's packages; this
# installs the packages when they are missing (as root, or with sudo that needs no password), then runs every test.
# Without a way to install, it says in one line what to install, before any test runs.
set -uo pipefail
cd "$(dirname "$0")"

missing=()
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  missing+=(rabbitmq-server)
fi

if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true >/dev/null 2>&1; then
      sudo_cmd="sudo"
    else
      echo "The tests start their own PostgreSQL and RabbitMQ servers: install ${missing[*]} first (sudo apt-get install ${missing[*]}), or run this as root." >&2
      exit 2
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "The tests start their own PostgreSQL and RabbitMQ servers: install ${missing[*]} (Debian's package names) with this machine's package manager." >&2
    exit 2
  fi
  echo "installing ${missing[*]} for the tests" >&2
  if ! { $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    echo "Installing ${missing[*]} failed (apt-get's output is above): install them by hand, then run this again." >&2
    exit 2
  fi
  # The packages start services of their own; the tests never use them, and start private servers instead.
  $sudo_cmd service postgresql stop >/dev/null 2>&1 || true
  $sudo_cmd service rabbitmq-server stop >/dev/null 2>&1 || true
fi

exec dotnet test Concurrency.sln -c Release "$@"
