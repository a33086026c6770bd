#!/usr/bin/env bash
# The seed's experiment as a load test: samples/CellApi serving GET /hosts (4 cells of 20 ms each), loaded by wrk at
# 1, 8 and 64 connections, on the cooperative backend, the threaded backend and the plain ASP.NET baseline, in one
# run; once with blocking SQLite cells and once with asynchronous PostgreSQL cells (pg_sleep) on a throwaway server.
# Installs wrk (Debian) when missing, as .ci/run installs PostgreSQL. Prints a markdown table and writes it to
# benchmarks/results/load-<date>.md, and draws benchmarks/load.svg.
#
#   bash benchmarks/load/run.sh                # 10 s per point
#   DURATION=5 CELLS=sqlite bash benchmarks/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-10}
kinds=${CELLS:-"sqlite postgres"}
connections=${CONNECTIONS:-"1 8 64"}
modes=${MODES:-"cooperative threaded baseline"}

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d /tmp/cell-api-load.XXXXXX)
service_pid=""
cleanup() {
  if [ -n "$service_pid" ]; then kill "$service_pid" 2>/dev/null || true; wait "$service_pid" 2>/dev/null || true; fi
  if [ -f "$work/pg/PG_VERSION" ]; then as_server pg_ctl -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

dotnet build -c Release samples/CellApi -o "$work/app" >/dev/null
dotnet build -c Release benchmarks/Concurrency.Benchmarks -o "$work/bench" >/dev/null
rate=${RATE:-300}

# The server refuses root: as root it runs as the 'postgres' account, as the tests' throwaway servers do.
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

postgres_settings=()
if [[ " $kinds " == *" postgres "* ]]; then
  pg_port=$(free_port)
  chmod 755 "$work"
  mkdir -p "$work/pg" && if [ "$(id -u)" -eq 0 ]; then chown postgres "$work/pg"; fi
  as_server initdb -D "$work/pg" -A trust -U postgres --no-sync >/dev/null
  as_server pg_ctl -D "$work/pg" -l "$work/pg/server.log" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=400" -w start >/dev/null
  for n in 1 2 3 4; do
    createdb -h 127.0.0.1 -p "$pg_port" -U postgres "cell$n"
    postgres_settings+=("--CellApi:Postgres:$((n - 1))=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=cell$n;Maximum Pool Size=100")
  done
fi

# One service per (cells, mode); wrk at each connection count. Prints: cells mode connections req/s p50 p99 errors.
run_point() {
  local kind=$1 mode=$2 port settings=()
  port=$(free_port)
  case $kind in
    sqlite) settings=(--CellApi:SqliteCells=4) ;;
    postgres) settings=(--CellApi:SqliteCells=0 "${postgres_settings[@]}") ;;
  esac
  local environment=(DISABLE_COOPERATIVE_MODE=false)
  case $mode in
    threaded) environment=(DISABLE_COOPERATIVE_MODE=true) ;;
    baseline) settings+=(--CellApi:Mode=baseline) ;;
  esac
  env "${environment[@]}" dotnet "$work/app/CellApi.dll" --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
    --CellApi:LatencyMilliseconds=20 "${settings[@]}" >"$work/service.log" 2>&1 &
  service_pid=$!
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/hosts" >/dev/null || { echo "the $mode service did not answer:" >&2; cat "$work/service.log" >&2; exit 1; }
  # Warm-up: the JIT, the pools' threads and the database connections.
  wrk -t2 -c64 -d3s "http://127.0.0.1:$port/hosts" >/dev/null 2>&1
  for c in $connections; do
    local threads=2
    if [ "$c" -lt 2 ]; then threads=1; fi
    wrk -t"$threads" -c"$c" -d"${duration}s" --latency "http://127.0.0.1:$port/hosts" >"$work/wrk.txt" 2>&1
    awk -v kind="$kind" -v mode="$mode" -v c="$c" '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
      / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
      /Non-2xx/ { errors += $NF } /Socket errors/ { errors += 1 }
      END { printf "%s %s %d %.0f %.1f %.1f %d\n", kind, mode, c, rps, p50, p99, errors + 0 }' "$work/wrk.txt"
  done
  # The cost of running a handler through the executor: a no-op handler at one connection (the baseline's is plain).
  wrk -t1 -c1 -d"${duration}s" --latency "http://127.0.0.1:$port/ping" >"$work/wrk.txt" 2>&1
  awk -v kind="$kind" -v mode="$mode" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
    / 50%/ { printf "ping %s %s %.0f\n", kind, mode, us($2) }' "$work/wrk.txt" >>"$work/ping.txt"
  # An open-loop run at a fixed rate, for a p99 that a stalled service cannot hide.
  dotnet "$work/bench/Concurrency.Benchmarks.dll" --fixed-rate "http://127.0.0.1:$port/hosts" "$rate" "$duration" \
    | sed "s/^/fixed $kind $mode /" >>"$work/fixed.txt"
  kill "$service_pid"; wait "$service_pid" 2>/dev/null || true; service_pid=""
}

results="$work/results.txt"
: >"$results"
: >"$work/ping.txt"
: >"$work/fixed.txt"
for kind in $kinds; do
  for mode in $modes; do
    run_point "$kind" "$mode" | tee -a "$results" >&2
  done
done

table="$work/table.md"
{
  echo "| cells | mode | connections | requests/s | p50 ms | p99 ms | errors | vs baseline |"
  echo "|---|---|---|---|---|---|---|---|"
  awk '{ rps[$1" "$2" "$3] = $4; line[NR] = $0 }
       END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); base = rps[f[1]" baseline "f[3]];
             ratio = base > 0 ? sprintf("%.2fx", f[4] / base) : "";
             printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", f[1], f[2], f[3], f[4], f[5], f[6], f[7], ratio } }' "$results"
  echo
  echo "No-op handler at 1 connection (\`/ping\`), p50: the baseline's is plain ASP.NET, the others run through the executor."
  echo
  echo "| cells | mode | p50 us | over baseline us |"
  echo "|---|---|---|---|"
  awk '{ p[$2" "$3] = $4; line[NR] = $0 }
       END { for (i = 1; i <= NR; i++) { split(line[i], f, " "); printf "| %s | %s | %s | %+d |\n", f[2], f[3], f[4], f[4] - p[f[2]" baseline"] } }' "$work/ping.txt"
  echo
  echo "Open loop at ${rate} requests/s for ${duration} s on \`/hosts\` (latency from each request's due time):"
  echo
  echo "| cells | mode | result |"
  echo "|---|---|---|"
  awk '{ kind = $2; mode = $3; $1 = $2 = $3 = ""; sub(/^ +/, ""); printf "| %s | %s | %s |\n", kind, mode, $0 }' "$work/fixed.txt"
} >"$table"
mkdir -p benchmarks/results
out="benchmarks/results/load-$(date +%Y-%m-%d).md"
{
  echo "# CellApi load, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk ${duration} s per point"
  echo
  echo "Command: \`bash benchmarks/load/run.sh\` (DURATION=$duration CELLS=\"$kinds\")"
  echo
  cat "$table"
} >"$out"
cat "$table"
python3 benchmarks/load/chart.py "$results" benchmarks/load.svg
echo "written to $out and benchmarks/load.svg" >&2
