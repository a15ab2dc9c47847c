#!/usr/bin/env bash
# Compile-time costs, measured in one run on this machine:
# - the derive: `cargo check` (CARGO_INCREMENTAL=0, lib.rs touched, median of
#   5) of 200 structs of 10 fields with #[derive(SafeLog)], with
#   #[derive(serde::Serialize)], and with no derive;
# - a cold build (fresh target directory, median of 3) of safe-log with its
#   default features, and of serde with serde_derive.
# Prints the medians and writes them to target/safe-log-bench/compile-time.json.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/safe-log-compile-time
out=$root/target/safe-log-bench
rm -rf "$work"
mkdir -p "$work" "$out"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# A crate with 200 structs of 10 fields, each under `$2` (a derive or
# nothing), with dependencies `$3` and the prelude line `$4`.
crate() {
    local dir=$work/$1
    mkdir -p "$dir/src"
    printf '[package]\nname = "%s"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n[workspace]\n\n[dependencies]\n%b\n' \
        "$1" "$3" > "$dir/Cargo.toml"
    {
        echo "$4"
        for i in $(seq 1 200); do
            echo "$2"
            echo "pub struct S$i { pub a: u64, pub b: i64, pub c: String, pub d: bool, pub e: f64, pub f: Option<u32>, pub g: u16, pub h: u8, pub i: i32, pub j: String }"
        done
    } > "$dir/src/lib.rs"
}

crate ct_safe_log '#[derive(SafeLog)]' "safe-log = { path = \"$root/runtime\" }" 'use safe_log::SafeLog;'
crate ct_serde '#[derive(Serialize)]' 'serde = { version = "1", features = ["derive"] }' 'use serde::Serialize;'
crate ct_none '' '' ''

check_median() {
    local dir=$work/$1 times=()
    (cd "$dir" && cargo check -q 2>/dev/null)
    for _ in 1 2 3 4 5; do
        touch "$dir/src/lib.rs"
        local start
        start=$(now)
        (cd "$dir" && CARGO_INCREMENTAL=0 cargo check -q)
        times+=("$(elapsed "$start" "$(now)")")
    done
    median "${times[@]}"
}

derive_safe_log=$(check_median ct_safe_log)
derive_serde=$(check_median ct_serde)
derive_none=$(check_median ct_none)

# Cold builds: an empty crate that depends on the one measured.
crate cold_safe_log '' "safe-log = { path = \"$root/runtime\" }" ''
crate cold_serde '' 'serde = { version = "1", features = ["derive"] }' ''
cold_median() {
    local dir=$work/$1 times=()
    (cd "$dir" && cargo generate-lockfile -q 2>/dev/null && cargo fetch -q)
    for run in 1 2 3; do
        local start
        start=$(now)
        (cd "$dir" && CARGO_TARGET_DIR=$work/target-$1-$run cargo build -q --offline)
        times+=("$(elapsed "$start" "$(now)")")
        rm -rf "$work/target-$1-$run"
    done
    median "${times[@]}"
}
cold_safe_log=$(cold_median cold_safe_log)
cold_serde=$(cold_median cold_serde)

cat > "$out/compile-time.json" <<JSON
{
  "check_derive_safe_log": $derive_safe_log,
  "check_derive_serde": $derive_serde,
  "check_no_derive": $derive_none,
  "cold_safe_log": $cold_safe_log,
  "cold_serde_derive": $cold_serde
}
JSON
echo "cargo check, 200 structs x 10 fields (median of 5, seconds):"
echo "  #[derive(SafeLog)]    $derive_safe_log"
echo "  #[derive(Serialize)]  $derive_serde"
echo "  no derive             $derive_none"
echo "cold build (median of 3, seconds):"
echo "  safe-log (default features)  $cold_safe_log"
echo "  serde + serde_derive         $cold_serde"
