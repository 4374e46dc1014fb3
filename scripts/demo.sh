#!/usr/bin/env bash
# Builds takt and plans the bundled demo plant, then re-checks the written plan independently.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh
cargo build --release --quiet
target/release/takt solve instances/demo --out out/demo "$@"
target/release/takt check instances/demo out/demo/schedule.csv
