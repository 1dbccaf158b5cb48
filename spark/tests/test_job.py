"""The Spark job against `echotrace analyze` on the same documents, in local[2] mode.

Environment (spark/test.sh sets them):
- ECHOTRACE_BIN: the echotrace binary (shipped to the executors with addFile, as --files does).
- ECHOTRACE_SPARK_CORPUS: what to read the documents from (default examples/corpus); any input
  `echotrace analyze` reads, e.g. ../shared/ptc/train/articles.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "spark"))

import echotrace_spark as job  # noqa: E402

BIN = os.environ.get("ECHOTRACE_BIN", str(ROOT / "target" / "debug" / "echotrace"))
CORPUS = os.environ.get("ECHOTRACE_SPARK_CORPUS", str(ROOT / "examples" / "corpus"))


def analyze(*args: str) -> list[dict]:
    out = subprocess.run(
        [BIN, "analyze", "--format", "jsonl", "--quiet", *args],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def without_origin(record: dict) -> dict:
    # Where a record was read from differs by construction (a file here, a partition's stdin
    # there); everything else must be equal.
    return {k: v for k, v in record.items() if k != "origin"}


def read_parquet(folder: Path) -> list[dict]:
    files = sorted(folder.glob("*.parquet"))
    assert files, f"no Parquet files in {folder}"
    rows: list[dict] = []
    for f in files:
        rows.extend(pq.read_table(f).to_pylist())
    return rows


WORD = re.compile(r"[^\W_]+")


def shingles(text: str, n: int) -> set[str]:
    words = WORD.findall(text.lower())
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def jvm_cpu_seconds(spark) -> float:
    """CPU time of the Spark JVM (driver and, in local mode, executors) so far."""
    pid = spark.sparkContext._gateway.proc.pid
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("echotrace-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The corpus as documents JSONL (the form the job and `echotrace ingest` read): each
    document as echotrace read it, its published day only when it came from metadata."""
    records = analyze(CORPUS)
    assert records, f"echotrace read no documents from {CORPUS}"
    docs = []
    for r in records:
        doc = {"id": r["id"], "text": r["text"]}
        for field in ("title", "outlet", "url"):
            if r.get(field) is not None:
                doc[field] = r[field]
        if r["published_from"] == "metadata":
            doc["published"] = r["published"]
        docs.append(doc)
    assert len({d["id"] for d in docs}) == len(docs), "ids must be unique"
    path = tmp_path_factory.mktemp("input") / "documents.jsonl"
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return path, docs


@pytest.fixture(scope="module")
def output(spark, documents, tmp_path_factory) -> Path:
    path, _ = documents
    out = tmp_path_factory.mktemp("output")
    # Ship the binary as `--files` would; the job finds it through SparkFiles by name.
    spark.sparkContext.addFile(BIN)
    jvm_cpu = jvm_cpu_seconds(spark)
    started = time.time()
    counts = job.run(spark, str(path), str(out), binary=os.path.basename(BIN), partitions=3)
    print(
        f"\nspark job on {CORPUS}: {counts['documents']} documents, "
        f"{counts['candidate_pairs']} candidate pairs, {time.time() - started:.1f} s wall, "
        f"CPU: JVM {jvm_cpu_seconds(spark) - jvm_cpu:.1f} s, echotrace "
        f"{counts['echotrace_cpu_seconds']:.1f} s; steps {counts['seconds']}; "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    return out


def test_analyses_are_identical_to_echotrace_analyze(documents, output):
    path, docs = documents
    reference = {r["id"]: r for r in analyze(str(path))}
    assert len(reference) == len(docs)

    rows = read_parquet(output / "analyses")
    assert len(rows) == len(docs), "one analysis per document"
    spark_records = {}
    for row in rows:
        record = json.loads(row["analysis"])
        assert row["id"] == record["id"]
        assert row["entities"] == len(record["entities"])
        assert row["techniques"] == len(record["techniques"])
        # Read from a partition's standard input, not from a file: the binary really ran there.
        assert record["origin"]["path"] is None
        spark_records[record["id"]] = record
    assert spark_records.keys() == reference.keys()
    for doc_id, record in reference.items():
        assert without_origin(spark_records[doc_id]) == without_origin(record), doc_id

    # The records carry real analysis, not empty layers.
    assert sum(len(r["sentences"]) for r in reference.values()) >= len(docs)
    assert sum(len(r["entities"]) for r in reference.values()) > 0


def test_partitions_ran_separate_processes(documents, output):
    # With 3 partitions, records came from 3 stdin streams: their line numbers restart.
    _, docs = documents
    lines = [json.loads(r["analysis"])["origin"]["line"] for r in read_parquet(output / "analyses")]
    if len(docs) >= 3:
        assert lines.count(1) == 3


def test_reuse_candidates_are_minhash_of_shingles(documents, output):
    _, docs = documents
    texts = {d["id"]: d["text"] for d in docs}
    sets = {i: shingles(t, job.NGRAM) for i, t in texts.items()}
    rows = read_parquet(output / "reuse_candidates")
    found = {(r["a"], r["b"]): r for r in rows}
    assert all(a < b for a, b in found), "each pair once, a < b"
    assert all(1 <= r["shared_bands"] <= job.BANDS for r in rows)

    def jaccard(a: str, b: str) -> float:
        x, y = sets[a], sets[b]
        return len(x & y) / len(x | y) if x and y else 0.0

    # The estimate is the share of equal MinHash values: close to the true Jaccard (standard
    # error at most 0.05 with 100 hashes; 0.25 is five of them).
    for (a, b), r in found.items():
        assert abs(r["estimated_jaccard"] - jaccard(a, b)) <= 0.25, (a, b)

    # Heavy reuse is found: a pair at J >= 0.5 is missed with probability (1 - J^2)^50 < 1e-6.
    ids = sorted(i for i in sets if len(sets[i]) > 0)
    high = [(a, b) for a, b in itertools.combinations(ids, 2) if jaccard(a, b) >= 0.5]
    for pair in high:
        assert pair in found, pair
    # Pairs with no shingle in common never share a band.
    for (a, b) in found:
        assert sets[a] & sets[b], (a, b)


def test_planted_reuse_is_a_candidate(documents, output):
    # examples/corpus: 02 reprints 01 with light edits (examples/README.md).
    if Path(CORPUS).resolve() != (ROOT / "examples" / "corpus").resolve():
        pytest.skip("a fact of the sample corpus")
    pairs = {(r["a"], r["b"]) for r in read_parquet(output / "reuse_candidates")}
    assert ("01_harbor-courier_ministry-warns", "02_eastgate-daily_reprint") in pairs


def test_echotrace_ingest_loads_the_parquet_documents(documents, output, tmp_path):
    _, docs = documents
    folder = output / "documents"
    parts = sorted(folder.glob("part-*.parquet"))
    assert len(parts) == 3, "one part file per partition"
    # What Spark writes beside the parts must not make the ingest partial (exit 2).
    assert (folder / "_SUCCESS").exists() and list(folder.glob(".*.crc"))
    corpus = tmp_path / "corpus"
    subprocess.run([BIN, "ingest", "-q", "--no-link", "--corpus", str(corpus), str(folder)], check=True)
    stats = subprocess.run(
        [BIN, "stats", "--corpus", str(corpus)], check=True, capture_output=True, text=True
    ).stdout
    match = re.search(r"^documents\s+(\d[\d,]*)", stats, re.MULTILINE)
    assert match, stats
    assert int(match.group(1).replace(",", "")) == len(docs), stats

    exported = subprocess.run(
        [BIN, "export", "--format", "jsonl", "--corpus", str(corpus)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    stored = {r["id"]: r for r in map(json.loads, exported.splitlines())}
    assert stored.keys() == {d["id"] for d in docs}
    for doc in docs:
        record = stored[doc["id"]]
        # Every field the input had, exactly (the text to the code point).
        for field in ("text", "title", "outlet", "url"):
            assert record.get(field) == doc.get(field), (doc["id"], field)
        if "published" in doc:
            assert (record["published"], record["published_from"]) == (doc["published"], "metadata"), doc["id"]
