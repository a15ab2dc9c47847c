#!/usr/bin/env bash
# Reproduces the README's "Performance" section on this machine, in one run:
# instructions per event of every contender (callgrind), every criterion
# benchmark, the allocation counts, the multi-thread throughput into a pipe,
# the compile-time measurements, then the tables (Markdown, on stdout).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v valgrind >/dev/null; then
    echo "valgrind is missing: installing it" >&2
    if command -v apt-get >/dev/null; then
        sudo=""
        if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
        $sudo apt-get update -q >&2 && $sudo apt-get install -y -q valgrind >&2
    elif command -v dnf >/dev/null; then
        sudo dnf install -y valgrind >&2
    else
        echo "install valgrind with your package manager, then rerun" >&2
        exit 1
    fi
fi
cargo build -q --release -p safe-log-bench --example contender --example throughput >&2
cargo run -q --release -p safe-log-bench --bin instructions >&2
cargo bench -q -p safe-log-bench --benches >&2
# The target directory cargo built into: CARGO_TARGET_DIR when set.
"${CARGO_TARGET_DIR:-target}/release/examples/throughput" >&2
./bench/compile-time.sh >&2
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(rustc --version)"
echo
cargo run -q -p safe-log-bench --bin report
