#!/usr/bin/env bash
# Compile-time costs, measured in one run on this machine:
# - the derive: `cargo check` (CARGO_INCREMENTAL=0, lib.rs touched, median of
#   9, interleaved) of 200 structs of 10 fields with #[derive(SafeLog)], with
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

# The three crates' checks interleave, so that a slow spell of a shared
# machine falls on all of them; `RUNS` runs each (default 9), median.
runs=${RUNS:-9}
for c in ct_safe_log ct_serde ct_none; do
    (cd "$work/$c" && cargo check -q 2>/dev/null)
done
declare -A times
for _ in $(seq 1 "$runs"); do
    for c in ct_safe_log ct_serde ct_none; do
        touch "$work/$c/src/lib.rs"
        start=$(now)
        (cd "$work/$c" && CARGO_INCREMENTAL=0 cargo check -q)
        times[$c]="${times[$c]:-} $(elapsed "$start" "$(now)")"
    done
done
# shellcheck disable=SC2086
derive_safe_log=$(median ${times[ct_safe_log]})
# shellcheck disable=SC2086
derive_serde=$(median ${times[ct_serde]})
# shellcheck disable=SC2086
derive_none=$(median ${times[ct_none]})

# The same checks counted in instructions, which a shared machine does not
# disturb: one `rustc` run of each crate under valgrind, when valgrind is
# there.
instructions() {
    local dir=$work/$1 cmd
    touch "$dir/src/lib.rs"
    cmd=$(cd "$dir" && CARGO_INCREMENTAL=0 cargo check -v 2>&1 \
        | sed -n "s/.*Running \`\(.*rustc --crate-name $1 .*\)\`$/\1/p")
    (cd "$dir" && eval "CARGO_INCREMENTAL=0 valgrind --tool=callgrind --callgrind-out-file=/dev/null $cmd" 2>&1 \
        | sed -n 's/.*refs: *//p' | tr -d ,)
}
insn_safe_log=null insn_serde=null insn_none=null
if command -v valgrind >/dev/null; then
    insn_safe_log=$(instructions ct_safe_log)
    insn_serde=$(instructions ct_serde)
    insn_none=$(instructions ct_none)
fi

if [ -n "${ONLY_DERIVE:-}" ]; then
    echo "derive: SafeLog $derive_safe_log s, Serialize $derive_serde s, none $derive_none s"
    echo "instructions: SafeLog $insn_safe_log, Serialize $insn_serde, none $insn_none"
    exit 0
fi

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
  "instructions_derive_safe_log": $insn_safe_log,
  "instructions_derive_serde": $insn_serde,
  "instructions_no_derive": $insn_none,
  "cold_safe_log": $cold_safe_log,
  "cold_serde_derive": $cold_serde
}
JSON
echo "cargo check, 200 structs x 10 fields (median of $runs, seconds):"
echo "  #[derive(SafeLog)]    $derive_safe_log"
echo "  #[derive(Serialize)]  $derive_serde"
echo "  no derive             $derive_none"
echo "the same, in instructions (valgrind): $insn_safe_log, $insn_serde, $insn_none"
echo "cold build (median of 3, seconds):"
echo "  safe-log (default features)  $cold_safe_log"
echo "  serde + serde_derive         $cold_serde"
