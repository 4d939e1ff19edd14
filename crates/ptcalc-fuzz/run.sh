#!/usr/bin/env bash
# Runs every fuzz target for a fixed time and prints executions and crashes per target
# (the README's Hardening table). Usage, from anywhere in the repository:
#   crates/ptcalc-fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]      (default 60 s, every target)
# Needs a nightly toolchain and `cargo install cargo-fuzz --locked`. New inputs go to
# corpus/TARGET (not committed); the committed seeds/TARGET are read, never written.
# A crash leaves its input in artifacts/TARGET and the run goes on with the next target.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo +nightly fuzz list --fuzz-dir "$here")
fi
cargo +nightly fuzz build --fuzz-dir "$here" || exit 1
logs="$here/target/run-logs"
mkdir -p "$logs"
printf '| target | seconds | executions | crashes |\n|---|---:|---:|---:|\n' > "$logs/summary.md"
status=0
for t in "${targets[@]}"; do
    mkdir -p "$here/corpus/$t"
    log="$logs/$t.log"
    cargo +nightly fuzz run --fuzz-dir "$here" "$t" "$here/corpus/$t" "$here/seeds/$t" -- \
        -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=30 > "$log" 2>&1
    code=$?
    # libFuzzer's "Done N runs in S second(s)", or the last "#N ..." status line before a crash
    execs=$(grep -oE '^Done [0-9]+ runs' "$log" | grep -oE '[0-9]+')
    [ -n "$execs" ] || execs=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    crashes=0
    if [ $code -ne 0 ]; then crashes=1; status=1; fi
    printf '| `%s` | %s | %s | %s |\n' "$t" "$seconds" "${execs:-0}" "$crashes" | tee -a "$logs/summary.md"
done
echo
cat "$logs/summary.md"
exit $status
