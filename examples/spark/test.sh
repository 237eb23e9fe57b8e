#!/usr/bin/env bash
# Proves that Spark's findings equal a one-machine run: a synthetic corpus of 2,000 records, checked
# by examples/spark/run.sh on local[2] and by `policy-rules check` alone; the sorted findings must
# be identical. Run by CI when Java is present (`just spark`).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build -q -p policy-rules-cli -p policy-rules-tests --bin policy-rules --bin make-corpus
export PATH="$PWD/target/debug:$PATH"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
make-corpus "${RECORDS:-2000}" > "$work/corpus.jsonl"
options=(--today 2026-11-30)
policy-rules check --format jsonl -q --exit-zero --no-progress "${options[@]}" "$work/corpus.jsonl" | sort > "$work/one.jsonl"
examples/spark/run.sh "$work/corpus.jsonl" "$work/spark" "${options[@]}"
cat "$work"/spark/part-* | sort > "$work/spark.jsonl"
one=$(wc -l < "$work/one.jsonl")
if [ "$one" -eq 0 ]; then
  echo "spark: the one-machine run found nothing; nothing was compared" >&2
  exit 1
fi
if cmp -s "$work/one.jsonl" "$work/spark.jsonl"; then
  echo "spark: $one findings, identical to the one-machine run"
else
  echo "spark: the findings differ from the one-machine run:" >&2
  diff "$work/one.jsonl" "$work/spark.jsonl" | head -20 >&2
  exit 1
fi
