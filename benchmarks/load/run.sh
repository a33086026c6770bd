#!/usr/bin/env bash
# The seed's experiment as a load test: samples/CellApi serving GET /hosts (4 cells of 20 ms each), loaded by wrk at
# 1, 8 and 64 connections, on the cooperative backend, the threaded backend (its pools on the .NET pool's threads,
# hosting's default, and on dedicated threads: Concurrency:Threads Dedicated) and the plain ASP.NET baseline, in one
# run; once with blocking SQLite cells and once with asynchronous PostgreSQL cells (pg_sleep) on a throwaway server.
# The services run at once and take turns under load (ROUNDS rounds of DURATION seconds each per connection
# count, after WARMUP seconds each), so a ratio compares modes measured seconds apart. Installs wrk (Debian) when
# missing, as test.sh installs PostgreSQL. Prints a markdown table and writes it to
# benchmarks/results/load-<date>.md, and draws benchmarks/load.svg.
#
#   bash benchmarks/load/run.sh                # 10 s per point, 3 rounds, 20 s warm-up: about 21 minutes (as measured)
#   DURATION=5 CELLS=sqlite bash benchmarks/load/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."

duration=${DURATION:-10}
rounds=${ROUNDS:-3}
warmup=${WARMUP:-20}
kinds=${CELLS:-"sqlite postgres"}
connections=${CONNECTIONS:-"1 8 64"}
modes=${MODES:-"cooperative threaded threaded-dedicated baseline"}

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
if ! command -v wrk >/dev/null 2>&1; then
  echo "installing wrk" >&2
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d /tmp/cell-api-load.XXXXXX)
declare -A service_pids service_ports
stop_services() {
  local pid
  for pid in "${service_pids[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  service_pids=()
}
cleanup() {
  stop_services
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
  as_server pg_ctl -D "$work/pg" -l "$work/pg/server.log" -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=$((400 * $(wc -w <<<"$modes") + 20))" -w start >/dev/null
  for n in 1 2 3 4; do
    createdb -h 127.0.0.1 -p "$pg_port" -U postgres "cell$n"
    postgres_settings+=("--CellApi:Postgres:$((n - 1))=Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=cell$n;Maximum Pool Size=100")
  done
fi

# One service per (cells, mode), all running at once so the load can alternate between them: this VM's speed drifts
# by a third within minutes, so modes measured minutes apart compare the VM, not the modes.
start_service() {
  local kind=$1 mode=$2 port settings=()
  port=$(free_port)
  case $kind in
    sqlite) settings=(--CellApi:SqliteCells=4) ;;
    postgres) settings=(--CellApi:SqliteCells=0 "${postgres_settings[@]}") ;;
  esac
  local environment=(DISABLE_COOPERATIVE_MODE=false)
  case $mode in
    threaded) environment=(DISABLE_COOPERATIVE_MODE=true) ;;
    threaded-dedicated) environment=(DISABLE_COOPERATIVE_MODE=true); settings+=(--Concurrency:Threads=Dedicated) ;;
    baseline) settings+=(--CellApi:Mode=baseline) ;;
  esac
  # From the app's folder, so its appsettings.json (the sample as a user runs it) applies.
  (cd "$work/app" && exec env "${environment[@]}" dotnet CellApi.dll --urls "http://127.0.0.1:$port" --Logging:LogLevel:Default=Warning \
    --CellApi:LatencyMilliseconds=20 "${settings[@]}") >"$work/service-$mode.log" 2>&1 &
  service_pids[$mode]=$!
  service_ports[$mode]=$port
  for _ in $(seq 1 120); do
    curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 0.5
  done
  curl -sf "http://127.0.0.1:$port/hosts" >/dev/null || { echo "the $mode service did not answer:" >&2; cat "$work/service-$mode.log" >&2; exit 1; }
  # Warm-up past tiered compilation: at 64 connections the JIT was still compiling (10% of the threaded service's
  # samples in libclrjit) for about 20 s, so a 3 s warm-up charged start-up to whichever mode ran first.
  wrk -t2 -c64 -d"${warmup}s" "http://127.0.0.1:$port/hosts" >/dev/null 2>&1
}


# wrk against one service; prints: cells mode connections req/s p50 p99 errors round.
load_point() {
  local kind=$1 mode=$2 c=$3 round=$4 threads=2
  if [ "$c" -lt 2 ]; then threads=1; fi
  wrk -t"$threads" -c"$c" -d"${duration}s" --latency "http://127.0.0.1:${service_ports[$mode]}/hosts" >"$work/wrk.txt" 2>&1
  awk -v kind="$kind" -v mode="$mode" -v c="$c" -v round="$round" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    / 50%/ { p50 = ms($2) } / 99%/ { p99 = ms($2) } /Requests\/sec/ { rps = $2 }
    /Non-2xx/ { errors += $NF }
    /Socket errors/ { gsub(/[^0-9 ]/, " "); errors += $1 + $2 + $3 + $4 }
    END { printf "%s %s %d %.0f %.1f %.1f %d %d\n", kind, mode, c, rps, p50, p99, errors + 0, round }' "$work/wrk.txt"
  # An error is a reset, a non-2xx answer or a wrk "timeout" (a response, or a request still open, older than wrk's
  # 2 s timeout, counted per connection at each 2 s check): keep wrk's own words for it.
  if grep -q "Socket errors\|Non-2xx" "$work/wrk.txt"; then
    grep "Socket errors\|Non-2xx" "$work/wrk.txt" | sed "s/^ */$kind $mode $c connections, round $round: /" >>"$work/errors.txt"
  fi
}

# The cost of running a handler through the executor (a no-op handler at one connection; the baseline's is plain),
# and an open-loop run at a fixed rate, for a p99 that a stalled service cannot hide.
extras() {
  local kind=$1 mode=$2 port=${service_ports[$2]}
  wrk -t1 -c1 -d"${duration}s" --latency "http://127.0.0.1:$port/ping" >"$work/wrk.txt" 2>&1
  awk -v kind="$kind" -v mode="$mode" '
    function us(v) { if (v ~ /us$/) return v + 0; if (v ~ /ms$/) return v * 1000; if (v ~ /s$/) return v * 1000000; return v }
    / 50%/ { printf "ping %s %s %.0f\n", kind, mode, us($2) }' "$work/wrk.txt" >>"$work/ping.txt"
  dotnet "$work/bench/Concurrency.Benchmarks.dll" --fixed-rate "http://127.0.0.1:$port/hosts" "$rate" "$duration" \
    | sed "s/^/fixed $kind $mode /" >>"$work/fixed.txt"
}

rounds_file="$work/rounds.txt"
: >"$rounds_file"
: >"$work/ping.txt"
: >"$work/fixed.txt"
: >"$work/errors.txt"
for kind in $kinds; do
  for mode in $modes; do start_service "$kind" "$mode"; done
  for c in $connections; do
    for round in $(seq 1 "$rounds"); do
      for mode in $modes; do load_point "$kind" "$mode" "$c" "$round" | tee -a "$rounds_file" >&2; done
    done
  done
  for mode in $modes; do extras "$kind" "$mode"; done
  stop_services
done

# Per point, the round with the median requests/s; the ratios are the medians of the ratios within each round.
results="$work/results.txt"
python3 - "$rounds_file" "$results" "$work/ratios.txt" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1]) if line.strip()]
points, order = {}, []
for kind, mode, c, rps, p50, p99, errors, rnd in rows:
    key = (kind, mode, c)
    if key not in points:
        order.append(key)
    points.setdefault(key, []).append((float(rps), p50, p99, int(errors), rnd))
with open(sys.argv[2], "w") as out:
    for key in order:
        runs = sorted(points[key])
        rps, p50, p99, _, _ = runs[(len(runs) - 1) // 2]
        errors = sum(run[3] for run in runs)
        out.write(f"{key[0]} {key[1]} {key[2]} {rps:.0f} {p50} {p99} {errors}\n")
with open(sys.argv[3], "w") as out:
    for kind, mode, c in order:
        # Every mode against the baseline; the cooperative backend also against each threaded one.
        for against in ("baseline", "threaded", "threaded-dedicated"):
            if mode == against or (against != "baseline" and mode != "cooperative") or (kind, against, c) not in points:
                continue
            mine = {run[4]: run[0] for run in points[(kind, mode, c)]}
            theirs = {run[4]: run[0] for run in points[(kind, against, c)]}
            ratios = [mine[r] / theirs[r] for r in mine if r in theirs and theirs[r] > 0]
            if ratios:
                # The targets of issues 17 and 32: threaded within 0.9x of plain ASP.NET, cooperative (blocking cells
                # offloaded) within 0.9x of threaded; judged on the median, the spread shown beside it.
                median = statistics.median(ratios)
                judged = (mode.startswith("threaded") and against == "baseline") or (mode == "cooperative" and against == "threaded")
                target, met = ("at least 0.9x", "yes" if median >= 0.9 else "**no**") if judged else ("-", "-")
                each = ", ".join(f"{x:.2f}" for x in ratios)
                out.write(f"| {kind} | {mode} | {against} | {c} | {min(ratios):.2f} | **{median:.2f}x** | {max(ratios):.2f} | {target} | {met} | {each} |\n")
PY

table="$work/table.md"
{
  echo "| cells | mode | connections | requests/s | p50 ms | p99 ms | errors |"
  echo "|---|---|---|---|---|---|---|"
  awk '{ printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7 }' "$results"
  echo
  echo "Ratios of requests/s within each round (the modes take turns, ${duration} s each, ${rounds} rounds): minimum, median, maximum;"
  echo "a target is met when the median meets it:"
  echo
  echo "<!-- figures -->"
  echo "| cells | mode | against | connections | min | median | max | target | met | each round |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  cat "$work/ratios.txt"
  echo "<!-- end of figures -->"
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
  if [ -s "$work/errors.txt" ]; then
    echo
    echo "Errors wrk reported:"
    echo
    sed 's/^/- /' "$work/errors.txt"
  fi
} >"$table"
mkdir -p benchmarks/results
out=$(bash benchmarks/dated-name.sh load)
{
  echo "# CellApi load, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, wrk ${duration} s per point"
  echo
  echo "Command: \`bash benchmarks/load/run.sh\` (DURATION=$duration ROUNDS=$rounds WARMUP=$warmup CELLS=\"$kinds\" CONNECTIONS=\"$connections\" MODES=\"$modes\")"
  echo
  cat "$table"
} >"$out"
cat "$table"
python3 benchmarks/load/chart.py "$results" benchmarks/load.svg
echo "written to $out and benchmarks/load.svg" >&2
