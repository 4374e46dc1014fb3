#!/usr/bin/env bash
# Builds takt and plans the bundled demo plant, re-checks the written plan independently, then
# re-plans it after the events of instances/demo-events.csv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
cargo build --release --quiet
target/release/takt solve instances/demo --out out/demo "$@"
target/release/takt check instances/demo out/demo/schedule.csv
# The morning goes wrong (instances/demo-events.csv): re-plan at 10:40, moving as little as possible.
target/release/takt replan instances/demo --schedule out/demo/schedule.csv \
  --events instances/demo-events.csv --now 2025-03-03T10:40 --published-window 240 --out out/demo-replan
