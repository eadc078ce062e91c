#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 60), one after another,
# one process each: `scripts/fuzz.sh 600` or `scripts/fuzz.sh 600 formula csv_rows`.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The corpus grows
# in fuzz/corpus/<target> (not committed), starting from the seeds in fuzz/seeds/<target>;
# a crash, hang (-timeout, seconds) or allocation past -rss_limit_mb/-malloc_limit_mb is
# written to fuzz/artifacts/<target>/ and stops that target with a non-zero status.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(formula framework_yaml answers csv_rows workbook_xlsx workbook_ods template)
fi
cargo +nightly fuzz build -O
status=0
for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    echo "== $target: ${seconds}s"
    if ! cargo +nightly fuzz run -O "$target" "corpus/$target" "seeds/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 \
        -max_len=262144 -print_final_stats=1 2>&1 | tee "corpus/$target.log" |
        grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|SUMMARY|==[0-9]+==ERROR|Done [0-9]+ runs)'; then
        :
    fi
    if grep -qE 'SUMMARY|==[0-9]+==ERROR|Test unit written' "corpus/$target.log"; then
        echo "!! $target found a problem: see fuzz/corpus/$target.log and fuzz/artifacts/$target/"
        status=1
    fi
    echo "   corpus: $(ls "corpus/$target" | wc -l) inputs"
done
exit $status
