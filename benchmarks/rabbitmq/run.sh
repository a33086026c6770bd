#!/usr/bin/env bash
# The scale-out figure: select_destinations RPC requests/s served by 1 and by 2 worker processes (samples/SchedulerWorker
# demo: a private broker, each worker's handler pool holding 8 requests, each request gathering 4 blocking SQLite
# cells of 20 ms, offloaded on the cooperative backend), on both backends, rounds alternated; then the dispatch
# overhead over a bare RabbitMQ.Client consumer. Installs rabbitmq-server when missing (as test.sh does).
#   bash benchmarks/rabbitmq/run.sh                 # 2 rounds of 6000 requests per point
#   ROUNDS=1 REQUESTS=1000 bash benchmarks/rabbitmq/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-2}
requests=${REQUESTS:-6000}
bash samples/SchedulerWorker/install-rabbitmq.sh
dotnet build -c Release samples/SchedulerWorker >/dev/null
dotnet build -c Release benchmarks/Concurrency.Benchmarks >/dev/null

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
  for backend in cooperative threaded; do
    for workers in 1 2; do
      disable=false
      if [ "$backend" = threaded ]; then disable=true; fi
      line=$(DISABLE_COOPERATIVE_MODE=$disable dotnet run -c Release --no-build --project samples/SchedulerWorker -- demo \
        --workers "$workers" --requests "$requests" --concurrency 64 --pool-size 8 | grep '^result:')
      echo "round $round $line" | tee -a "$results" >&2
    done
  done
done

table=$(awk '
  { for (i = 1; i <= NF; i++) { if ($i == "workers") w = $(i + 1); if ($i == "backend") b = $(i + 1); if ($i == "rate") r = $(i + 1);
                                if ($i == "p50") p50 = $(i + 1); if ($i == "p99") p99 = $(i + 1) }
    key = b " " w; rate[key] = rate[key] " " r; sum[key] += r; n[key]++; lat[key] = lat[key] " " p50 "/" p99 }
  END {
    print "| backend | workers | requests/s (each round) | mean | p50/p99 ms (each round) | 2 workers / 1 |"
    print "|---|---|---|---|---|---|"
    split("cooperative threaded", bs, " ")
    for (k = 1; k <= 2; k++) { b = bs[k]
      for (w = 1; w <= 2; w++) { key = b " " w; mean = sum[key] / n[key]
        ratio = (w == 2) ? sprintf("**%.2fx**", mean / (sum[b " 1"] / n[b " 1"])) : ""
        printf "| %s | %d |%s | %.0f |%s | %s |\n", b, w, rate[key], mean, lat[key], ratio } } }' "$results")
dispatch=$(dotnet run -c Release --no-build --project benchmarks/Concurrency.Benchmarks -- --rabbit-dispatch 5 1000)
out="benchmarks/results/scale-out-$(date +%Y-%m-%d).md"
mkdir -p benchmarks/results
{
  echo "# Scale-out on a broker, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
  echo
  echo "Command: \`bash benchmarks/rabbitmq/run.sh\` (ROUNDS=$rounds REQUESTS=$requests; 64 callers; pool size 8 per worker)"
  echo
  echo "$table"
  echo
  echo "Dispatch overhead over a bare RabbitMQ.Client consumer (\`--rabbit-dispatch 5 1000\`):"
  echo
  echo '```'
  echo "$dispatch"
  echo '```'
} >"$out"
cat "$out"
echo "written to $out" >&2
