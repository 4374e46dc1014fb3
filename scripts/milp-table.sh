#!/usr/bin/env bash
# Measures the MILP engine for docs/MILP.md: ft06, la01-la05 and mk01 at a 10 s and a 60 s limit
# (objective, lower bound, proven or not, time), and the demo plant with energy priced and not
# (energy cost saved). Prints Markdown tables.
#
# Usage: scripts/milp-table.sh [limits...]   (default limits: 10 60; TAKT=path/to/takt to choose
# the binary, default target/release/takt built here)
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${TAKT:-}" ]]; then
  cargo build --release --quiet
  TAKT=target/release/takt
fi
LIMITS=("$@")
[[ ${#LIMITS[@]} -eq 0 ]] && LIMITS=(10 60)
BENCHMARKS=instances/benchmarks
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

row() { # instance-path limit -> one Markdown row
  local json
  json=$("$TAKT" solve "$1" --solver milp --time-limit "$2" --threads 2 --json --out "$OUT/plan" || true)
  python3 -c '
import json, sys
d = json.loads(sys.argv[1]); limit = sys.argv[2]
fmt = lambda x: "-" if x is None else ("%g" % x)
proven = "yes" if d["status"] == "optimal" else "no"
print("| %s | %s s | %s | %s | %s | %s | %.1f s |" % (d["instance"], limit, d["status"],
      fmt(d["objective"]), fmt(d["lower_bound"]), proven, d["elapsed_seconds"]))
' "$json" "$2"
}

echo "| instance | limit | status | objective | lower bound | proven | time |"
echo "|---|---|---|---|---|---|---|"
for limit in "${LIMITS[@]}"; do
  for inst in jsp/ft06 jsp/la01 jsp/la02 jsp/la03 jsp/la04 jsp/la05 fjsp/mk01.fjs; do
    row "$BENCHMARKS/$inst" "$limit"
  done
done

echo
echo "| demo | limit | status | objective | energy cost | weighted tardiness | transport cost | formulation |"
echo "|---|---|---|---|---|---|---|---|"
cp -r instances/demo "$OUT/demo-energy-off"
sed -i 's/^energy_weight,.*/energy_weight,0/' "$OUT/demo-energy-off/objective.csv"
limit=${LIMITS[-1]}
for variant in instances/demo "$OUT/demo-energy-off"; do
  json=$("$TAKT" solve "$variant" --solver milp --time-limit "$limit" --threads 2 --json --out "$OUT/plan")
  label=$([[ $variant == instances/demo ]] && echo "energy priced" || echo "energy not priced")
  python3 -c '
import json, sys
d = json.loads(sys.argv[1])
form = next((n[len("formulation: "):] for n in d["notes"] if n.startswith("formulation: ")), "")
print("| %s | %s s | %s | %.2f | %.2f | %.2f | %.2f | %s |" % (sys.argv[2], sys.argv[3], d["status"],
      d["objective"], d["energy_cost"], d["total_weighted_tardiness"], d["transport_cost"], form))
' "$json" "$label" "$limit"
done
