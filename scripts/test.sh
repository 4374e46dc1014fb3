#!/usr/bin/env bash
# Runs every test (unit, integration, CLI, proptest, doctests) after installing build dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-deps.sh --browser
cargo test --all-targets --all-features "$@"
cargo test --doc --all-features
