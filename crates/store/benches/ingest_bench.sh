#!/bin/sh
# Ingest and search benchmark of the corpus (issue 7). Prints, for each input: documents/s of
# `echotrace ingest --no-link` end to end (reading, analysis, store, index; cross-document
# linking is timed apart, by `echotrace link`, on the PTC corpus), on-disk bytes per document
# (du of the corpus directory), peak memory (max RSS from /usr/bin/time -v) and search latency
# over crates/store/benches/queries.txt. Run from the repository root after
#   cargo build --release -p echotrace-cli
#   cargo build --release -p echotrace-store --example search_latency
# Usage: crates/store/benches/ingest_bench.sh WORK_DIR [SYNTH_DOCUMENTS]   (default 100000)
set -eu
work=${1:?usage: ingest_bench.sh WORK_DIR [SYNTH_DOCUMENTS]}
synth_documents=${2:-100000}
target=${CARGO_TARGET_DIR:-target}
bin=$target/release/echotrace
latency=$target/release/examples/search_latency
mkdir -p "$work"

measure() { # name, then the ingest inputs
    name=$1; shift
    corpus=$work/$name-corpus
    rm -rf "$corpus"
    echo "== $name: $*"
    echo "load before: $(uptime)"
    /usr/bin/time -v "$bin" ingest "$@" --no-link --corpus "$corpus" 2>"$work/$name-ingest.txt" || true
    grep -E "^echotrace:|Elapsed|Maximum resident|Exit status" "$work/$name-ingest.txt"
    documents=$("$bin" stats --corpus "$corpus" | sed -n 's/^documents *\([0-9]*\).*/\1/p')
    seconds=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$work/$name-ingest.txt" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    bytes=$(du -sb "$corpus" | cut -f1)
    echo "documents $documents, ingest $seconds s = $(awk "BEGIN { printf \"%.1f\", $documents / $seconds }") documents/s"
    echo "on disk $bytes bytes = $((bytes / documents)) bytes/document"
    echo "load after: $(uptime)"
    "$latency" "$corpus" crates/store/benches/queries.txt 20 | tail -1
}

measure ptc ../shared/ptc/train/articles ../shared/seeds
echo "== link: ptc"
/usr/bin/time -v "$bin" link --corpus "$work/ptc-corpus" 2>&1 |
    grep -E "^echotrace:|Elapsed|Maximum resident"
"$bin" synth --from ../shared/ptc/train/articles --documents "$synth_documents" \
    --out "$work/synth.jsonl" --truth "$work/planted.jsonl" --seed 7
measure "synth$synth_documents" "$work/synth.jsonl"
