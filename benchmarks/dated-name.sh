#!/usr/bin/env bash
# Prints a results file name for KIND that no earlier run of the day has taken: benchmarks/results/KIND-DATE.md, then
# KIND-DATEa.md, KIND-DATEb.md and so on, so a second run never overwrites a published one (publish.py takes the last).
#   out=$(bash benchmarks/dated-name.sh load)
set -euo pipefail
cd "$(dirname "$0")/.."
base="benchmarks/results/$1-$(date +%Y-%m-%d)"
name="$base.md"
for suffix in a b c d e f g h i j k l m n o p q r s t u v w x y z; do
  [ -e "$name" ] || break
  name="$base$suffix.md"
done
echo "$name"
