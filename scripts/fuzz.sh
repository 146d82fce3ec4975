#!/usr/bin/env bash
# Fuzzes one of recall's parsers of untrusted input for a number of minutes, on stable Rust.
#   scripts/fuzz.sh TARGET MINUTES [SEED]
#   scripts/fuzz.sh all MINUTES        (every target in turn, MINUTES each)
# TARGET: deck, csv, tsv, anki, quizlet, json, cloze, results. The harness is
# examples/fuzz.rs (seeds in fuzz/corpus/TARGET/, findings in fuzz/findings/TARGET/). Memory is
# capped at 4 GiB: running out aborts the run, and the input is left in findings/TARGET/current.
# Exit code 0 when every input passed, 1 on failures or slow inputs, 3 on a hang.
set -euo pipefail
cd "$(dirname "$0")/.."

targets=(deck csv tsv anki quizlet json cloze results)
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET|all MINUTES [SEED]   (targets: ${targets[*]})" >&2
  exit 2
fi
target=$1
minutes=$2
seed=${3:-}
seconds=$((minutes * 60))

cargo build --release --locked --example fuzz --quiet
binary="${CARGO_TARGET_DIR:-target}/release/examples/fuzz"

if [ "$target" = all ]; then
  chosen=("${targets[@]}")
else
  chosen=("$target")
fi
status=0
for t in "${chosen[@]}"; do
  # A subshell so that the memory cap applies to the fuzzer only.
  ( ulimit -v $((4 * 1024 * 1024)); exec "$binary" "$t" "$seconds" $seed ) || {
    code=$?
    if [ $code -gt 3 ]; then
      echo "$t: the fuzzer died (exit $code: out of memory or a crash); the input is in fuzz/findings/$t/current" >&2
    fi
    status=1
  }
done
exit $status
