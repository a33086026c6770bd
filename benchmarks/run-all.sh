#!/usr/bin/env bash
# Re-measures every published figure, each in alternated rounds with its spread, writes one dated results file per
# kind in benchmarks/results/, then copies their tables of figures into the docs (benchmarks/publish.py). About 60
# minutes on 2 cores; run it on a machine doing nothing else, as root (the scale-out caps its workers with cgroups).
#   bash benchmarks/run-all.sh                   # quick figures, web load, scale-out, the zoo, then publish
#   ONLY="quick scale-out" bash benchmarks/run-all.sh
set -euo pipefail
cd "$(dirname "$0")/.."
only=${ONLY:-quick load scale-out zoo}
today=$(date +%Y-%m-%d)
commit=$(git rev-parse --short HEAD)

# A copy of the benchmarks' build, so that building the tree while this runs cannot change what is measured.
bench=$(mktemp -d)
trap 'rm -rf "$bench"' EXIT
dotnet build -c Release benchmarks/Concurrency.Benchmarks >/dev/null
cp -r benchmarks/Concurrency.Benchmarks/bin/Release/net10.0/. "$bench/"

# The program's lines in code blocks, its table of figures (between the markers) as markdown.
fenced() {
  awk 'BEGIN { print "```" } /^<!-- figures -->$/ { print "```" } { print } /^<!-- end of figures -->$/ { print "```" } END { print "```" }'
}

for kind in $only; do
  echo "== $kind ($(date -u +%H:%MZ))" >&2
  case "$kind" in
    zoo)
      out=$(bash benchmarks/dated-name.sh zoo)
      {
        echo "# The bug zoo and the simulation, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $commit"
        echo
        echo "Command: \`bash benchmarks/run-all.sh\`, which runs \`Concurrency.Benchmarks --zoo 1000 10000 1000\` (seeds to search for"
        echo "each bug, seeds for each fix, runs on each real backend). Output, unedited:"
        echo
        dotnet "$bench/Concurrency.Benchmarks.dll" --zoo 1000 10000 1000 | fenced
      } >"$out.tmp" && mv "$out.tmp" "$out" ;;
    quick)
      out=$(bash benchmarks/dated-name.sh quick)
      {
        echo "# Quick figures in 5 alternated rounds, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, commit $commit"
        echo
        echo "Command: \`bash benchmarks/run-all.sh\`, which runs \`Concurrency.Benchmarks --quick --rounds 5 --chart benchmarks/scaling.svg\`."
        echo "Every figure runs once per round, in turn; the table gives each judged figure's spread over the rounds, and a"
        echo "target is met when the median meets it. Output, unedited:"
        echo
        dotnet "$bench/Concurrency.Benchmarks.dll" --quick --rounds 5 --chart benchmarks/scaling.svg | fenced
      } >"$out.tmp" && mv "$out.tmp" "$out" ;;
    load) bash benchmarks/load/run.sh >/dev/null ;;
    scale-out) bash benchmarks/rabbitmq/run.sh >/dev/null ;;
    *) echo "unknown figure kind '$kind': use zoo, quick, load or scale-out" >&2; exit 2 ;;
  esac
done

python3 benchmarks/publish.py
echo "results in benchmarks/results/*-$today*.md; published into the docs" >&2
