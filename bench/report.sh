#!/usr/bin/env bash
# Reproduces the README's "Performance" section on this machine, in one run:
# every criterion benchmark, the allocation counts, the compile-time
# measurements, then the table (Markdown, on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo bench -q -p safe-log-bench --benches >&2
./bench/compile-time.sh >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)" 
echo
cargo run -q -p safe-log-bench --bin report
