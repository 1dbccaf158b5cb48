#!/bin/sh
# The scale curve (issue 11): for each size, generate a corpus with `echotrace synth` (walked
# text from the PTC articles, planted reuse with its truth), then time `echotrace ingest
# --no-link` and `echotrace link` under /usr/bin/time -v, score the stored reuse pairs against
# the planted passages (`echotrace eval planted`) and print one row per size. Then the memory of
# `echotrace analyze --format jsonl -` on streams of each size (stdin, output discarded).
# Run from the repository root after `cargo build --release -p echotrace-cli`.
# Usage: scripts/bench/scale.sh WORK_DIR [SIZES...]   (default sizes: 10000 100000)
# ECHOTRACE_BIN=… picks the binary; SCALE_STREAM=0 skips the stream measurement.
set -eu
work=${1:?usage: scale.sh WORK_DIR [SIZES...]}
shift
sizes=${*:-10000 100000}
bin=${ECHOTRACE_BIN:-${CARGO_TARGET_DIR:-target}/release/echotrace}
articles=${SCALE_ARTICLES:-../shared/ptc/train/articles}
mkdir -p "$work"

seconds() { # wall seconds from a /usr/bin/time -v report
    sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$1" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }'
}
peak_mb() { # max RSS in MB from a /usr/bin/time -v report
    sed -n 's/.*Maximum resident set size (kbytes): //p' "$1" | awk '{ printf "%.0f", $1 / 1024 }'
}
cpu() { # user + system seconds
    awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.0f", s }' "$1"
}

echo "echotrace scale curve, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, binary $bin"
rows=""
for n in $sizes; do
    docs=$work/synth-$n.jsonl
    truth=$work/planted-$n.jsonl
    corpus=$work/corpus-$n
    [ -s "$docs" ] && [ -s "$truth" ] ||
        "$bin" synth --from "$articles" --documents "$n" --out "$docs" --truth "$truth" --seed 7
    rm -rf "$corpus"
    load_ingest=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -v "$bin" ingest "$docs" --no-link -q --corpus "$corpus" 2>"$work/ingest-$n.txt"
    load_link=$(cut -d' ' -f1-3 /proc/loadavg)
    /usr/bin/time -v "$bin" link --corpus "$corpus" 2>"$work/link-$n.txt"
    grep '^echotrace:' "$work/link-$n.txt" || true
    score=$("$bin" eval planted --corpus "$corpus" --truth "$truth")
    echo "$n: $score"
    recall=$(echo "$score" | sed -n 's/.*(recall \([0-9.]*\)).*/\1/p')
    precision=$(echo "$score" | sed -n 's/.*(precision \([0-9.]*\)).*/\1/p')
    bytes=$(du -sb "$corpus" | cut -f1)
    si=$(seconds "$work/ingest-$n.txt")
    sl=$(seconds "$work/link-$n.txt")
    row=$(awk -v n="$n" -v si="$si" -v sl="$sl" -v ci="$(cpu "$work/ingest-$n.txt")" \
        -v cl="$(cpu "$work/link-$n.txt")" -v mi="$(peak_mb "$work/ingest-$n.txt")" \
        -v ml="$(peak_mb "$work/link-$n.txt")" -v b="$bytes" -v r="$recall" -v p="$precision" \
        -v li="$load_ingest" -v ll="$load_link" 'BEGIN {
        printf "| %d | %.1f s (%d CPU-s) | %.1f s (%d CPU-s) | %.0f | %d MB / %d MB | %.0f MB (%.0f kB/doc) | %s | %s | %s / %s |",
            n, si, ci, sl, cl, n / (si + sl), mi, ml, b / 1e6, b / n / 1e3, r, p, li, ll }')
    rows="$rows$row
"
done
echo
echo "| documents | ingest --no-link | link | documents/s (both) | peak RSS ingest / link | on disk | recall | precision | load (1, 5, 15 min) ingest / link |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
printf '%s' "$rows"

if [ "${SCALE_STREAM:-1}" != 0 ]; then
    echo
    echo "| documents streamed | analyze wall | peak RSS |"
    echo "| --- | --- | --- |"
    for n in $sizes; do
        /usr/bin/time -v "$bin" analyze --format jsonl -q - <"$work/synth-$n.jsonl" >/dev/null \
            2>"$work/stream-$n.txt"
        echo "| $n | $(seconds "$work/stream-$n.txt") s | $(peak_mb "$work/stream-$n.txt") MB |"
    done
fi
