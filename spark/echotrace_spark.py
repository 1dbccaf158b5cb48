"""echotrace on Spark: per-document analysis on the executors, reuse candidates in Spark SQL.

    spark-submit --files target/release/echotrace spark/echotrace_spark.py \
        --input documents.jsonl --output out/

Reads a dataset of documents (JSON Lines or Parquet with the fields `echotrace ingest` reads:
id, title, text, published, outlet, url, language; only `text` is required), and writes under
`--output`:

- `analyses/` (Parquet): one row per document, the `echotrace/analysis@1` record exactly as
  `echotrace analyze --format jsonl -` printed it (column `analysis`), with `id`, `outlet`,
  `published`, `language` and a few counts beside it for SQL.
- `documents/` (Parquet, snappy, one part file per partition): the documents as read, with the
  fields above as string columns; `echotrace ingest out/documents` loads them into a corpus
  (which analyses and links them), and pandas / DuckDB read them as they are.
- `signatures/` (Parquet): each document's MinHash signature (id, sig: 100 longs).
- `reuse_candidates/` (Parquet): document pairs whose MinHash signatures share a band key,
  with the number of shared bands and the estimated Jaccard similarity of their shingle sets.

Each partition is piped through one `echotrace analyze` process (the binary shipped with
`--files`, found on the executor through `SparkFiles`); records come back in input order, one per
document, so the job needs no state of its own. See spark/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import threading
import time
from typing import Iterable, Iterator

DOCUMENT_FIELDS = ("id", "title", "text", "published", "outlet", "url", "language")

# MinHash settings: shingles of NGRAM words (the words of crates/link: maximal runs of letters
# and digits, lower-cased), BANDS x ROWS hashes per document. Reuse is usually a passage of a
# longer article, so the whole-document Jaccard of a reprint is low (0.21 for the light-edit
# reprint in examples/corpus): with 50 x 2 a pair is proposed with probability
# 1 - (1 - J^2)^50: 0.39 at J = 0.1, 0.87 at J = 0.2, 0.99 at J = 0.3, 1 - 6e-7 at J = 0.5.
NGRAM = 5
BANDS = 50
ROWS = 2
SAMPLE = 4
# A band bucket holding more documents than this is a stock text (a footer every page carries):
# skipped, as crates/link skips fingerprints in more than 1,000 documents.
MAX_BUCKET = 1000


# --------------------------------------------------------------------------------------------
# Per-document analysis: a partition through one echotrace process.


def resolve_binary(name: str) -> str:
    """The echotrace binary on this executor: a path as given, else the file shipped with
    `--files` (SparkFiles), made executable (some cluster file systems drop the bit)."""
    if os.path.sep in name and os.path.exists(name):
        path = name
    else:
        from pyspark import SparkFiles

        path = SparkFiles.get(os.path.basename(name))
    if not os.access(path, os.X_OK):
        os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def analyze_lines(
    lines: Iterable[str],
    binary: str,
    threads: int = 1,
    extra: tuple[str, ...] = (),
    cpu_seconds=None,
) -> Iterator[str]:
    """Pipes JSON lines (one document each) through `echotrace analyze --format jsonl -` and
    yields its output lines (one analysis record each, in input order).

    Exit status 2 (some input skipped) is reported on stderr and tolerated: the driver counts
    the documents that came back. Any other failure raises, which fails the Spark task (and
    Spark retries it). `cpu_seconds` (an accumulator) receives the process's CPU time."""
    command = [binary, "analyze", "--format", "jsonl", "--quiet", "-j", str(threads), *extra, "-"]
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    errors: list[bytes] = []
    failure: list[BaseException] = []

    def feed() -> None:
        try:
            for line in lines:
                process.stdin.write(line.encode("utf-8"))
                process.stdin.write(b"\n")
        except BrokenPipeError:
            pass  # the process died; its exit status says why
        except BaseException as e:  # noqa: BLE001 - re-raised on the task's thread
            failure.append(e)
        finally:
            try:
                process.stdin.close()
            except BrokenPipeError:
                pass

    def drain_stderr() -> None:
        errors.append(process.stderr.read())

    writer = threading.Thread(target=feed, daemon=True)
    reader = threading.Thread(target=drain_stderr, daemon=True)
    writer.start()
    reader.start()
    for raw in process.stdout:
        yield raw.decode("utf-8").rstrip("\n")
    # wait4 rather than wait: the child's CPU time comes with its exit status.
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = code = os.waitstatus_to_exitcode(status)
    if cpu_seconds is not None:
        cpu_seconds.add(usage.ru_utime + usage.ru_stime)
    writer.join()
    reader.join()
    if failure:
        raise failure[0]
    stderr = b"".join(errors).decode("utf-8", "replace")
    if code == 2:
        sys.stderr.write(stderr)
    elif code != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {code}: {stderr.strip()}")


def record_row(line: str) -> tuple:
    record = json.loads(line)
    return (
        record["id"],
        record.get("outlet"),
        record.get("published"),
        record.get("language"),
        len(record.get("sentences", [])),
        len(record.get("entities", [])),
        len(record.get("attributions", [])),
        len(record.get("techniques", [])),
        len(record.get("narratives", [])),
        line,
    )


ANALYSIS_SCHEMA = (
    "id string, outlet string, published string, language string, sentences int, "
    "entities int, attributions int, techniques int, narratives int, analysis string"
)


# --------------------------------------------------------------------------------------------
# Reuse candidates: MinHash band keys in Spark SQL.


def shingles_sql(view: str, ngram: int = NGRAM, sample: int = SAMPLE) -> str:
    """Spark SQL over `view` (columns id, text) giving each document's sampled shingle hashes
    (column s, an array of distinct longs).

    Words: maximal runs of alphabetic characters and digits (Java's \\p{IsAlphabetic} and
    \\p{N}, the definition of Rust's char::is_alphanumeric that crates/link uses), lower-cased.
    A shingle is hashed with xxhash64 of its `ngram` words joined by spaces and kept when the
    hash is divisible by `sample` (as crates/link keeps its fingerprints)."""
    return f"""
WITH words AS (
  SELECT id, filter(split(lower(text), '[^\\\\p{{IsAlphabetic}}\\\\p{{N}}]+'), w -> w != '') AS w
  FROM {view}
)
SELECT id, filter(array_distinct(transform(sequence(1, size(w) - {ngram} + 1),
                                           i -> xxhash64(concat_ws(' ', slice(w, i, {ngram}))))),
                  h -> pmod(h, {sample}) = 0) AS s
FROM words WHERE size(w) >= {ngram}
"""


def signatures_sql(shingles: str, bands: int = BANDS, rows: int = ROWS) -> str:
    """Spark SQL over `shingles` (columns id, s) giving each document's MinHash signature: hash
    k is the minimum over its shingles of xxhash64(shingle hash, k), k < bands * rows.

    `shingles` must be materialised (a checkpoint or files): given the query that computes it,
    the optimizer inlines that expression into the per-hash lambda and recomputes the shingles
    for every one of the 100 hashes (minutes instead of a second for the PTC articles)."""
    hashes = bands * rows
    return f"""
SELECT id, transform(sequence(0, {hashes - 1}), k -> array_min(transform(s, h -> xxhash64(h, k)))) AS sig
FROM {shingles} WHERE size(s) > 0
"""


def candidates_sql(
    signatures: str, bands: int = BANDS, rows: int = ROWS, max_bucket: int = MAX_BUCKET
) -> str:
    """Spark SQL over `signatures` (columns id, sig) giving candidate pairs (a < b) that share a
    band key, with the number of bands they share and the estimated Jaccard similarity (the
    share of equal hashes). Band b's key is xxhash64(b, its `rows` hashes)."""
    hashes = bands * rows
    return f"""
WITH band_keys AS (
  SELECT id, xxhash64(b, slice(sig, b * {rows} + 1, {rows})) AS band_key
  FROM {signatures} LATERAL VIEW explode(sequence(0, {bands - 1})) t AS b
),
usable AS (
  SELECT band_key FROM band_keys GROUP BY band_key HAVING count(*) BETWEEN 2 AND {max_bucket}
),
pairs AS (
  SELECT x.id AS a, y.id AS b, count(*) AS shared_bands
  FROM band_keys x
  JOIN usable u ON x.band_key = u.band_key
  JOIN band_keys y ON x.band_key = y.band_key AND x.id < y.id
  GROUP BY x.id, y.id
)
SELECT p.a, p.b, p.shared_bands,
       aggregate(zip_with(sa.sig, sb.sig, (l, r) -> IF(l = r, 1, 0)), 0, (acc, v) -> acc + v)
         / CAST({hashes} AS DOUBLE) AS estimated_jaccard
FROM pairs p
JOIN {signatures} sa ON sa.id = p.a
JOIN {signatures} sb ON sb.id = p.b
"""


# --------------------------------------------------------------------------------------------
# The job.


def read_documents(spark, path: str):
    """The documents of `path` (JSON Lines, or Parquet when the path says so), with the fields
    echotrace reads, as strings; rows without text dropped; ids required and unique."""
    from pyspark.sql import functions as F

    if path.rstrip("/").endswith(".parquet") or _is_parquet_dir(path):
        frame = spark.read.parquet(path)
    else:
        # Every field as a string: a numeric id stays as written.
        frame = spark.read.option("primitivesAsString", "true").json(path)
    columns = [
        F.col(name).cast("string").alias(name) if name in frame.columns else F.lit(None).cast("string").alias(name)
        for name in DOCUMENT_FIELDS
    ]
    frame = frame.select(*columns).where(F.col("text").isNotNull())
    if frame.where(F.col("id").isNull()).limit(1).count():
        raise SystemExit(f"{path}: every document needs an id (the records are keyed by it)")
    return frame


def _is_parquet_dir(path: str) -> bool:
    return os.path.isdir(path) and any(n.endswith(".parquet") for n in os.listdir(path))


def run(
    spark,
    input_path: str,
    output: str,
    binary: str = "echotrace",
    threads: int = 1,
    partitions: int | None = None,
    analyze_args: tuple[str, ...] = (),
    ngram: int = NGRAM,
    bands: int = BANDS,
    rows: int = ROWS,
    sample: int = SAMPLE,
) -> dict:
    """Runs the job; returns counts (documents, analyses, candidate pairs)."""
    from pyspark.sql import functions as F

    if __name__ != "__main__":
        # Imported (a test, a notebook): the executors need this module to unpickle the
        # partition function; spark-submit ships the main script itself.
        spark.sparkContext.addPyFile(os.path.abspath(__file__))
    documents = read_documents(spark, input_path)
    # At least one partition per core: a small file is read as one partition, which would
    # leave all but one core idle.
    wanted = partitions or max(documents.rdd.getNumPartitions(), spark.sparkContext.defaultParallelism)
    if wanted != documents.rdd.getNumPartitions():
        documents = documents.repartition(wanted)
    documents = documents.cache()
    total = documents.count()

    # Analyses: each partition through one echotrace process. to_json drops null fields, which
    # is what the JSONL reader expects of an absent field.
    lines = documents.select(F.to_json(F.struct(*DOCUMENT_FIELDS)).alias("line")).rdd.map(lambda r: r.line)

    cpu = spark.sparkContext.accumulator(0.0)

    def analyse_partition(iterator):
        path = resolve_binary(binary)
        for line in analyze_lines(iterator, path, threads, analyze_args, cpu):
            yield record_row(line)

    seconds = {}
    started = time.monotonic()
    analyses = spark.createDataFrame(lines.mapPartitions(analyse_partition), ANALYSIS_SCHEMA)
    analyses.write.mode("overwrite").parquet(os.path.join(output, "analyses"))
    seconds["analyses"] = time.monotonic() - started

    # Snappy whatever the cluster's default codec: it is one `echotrace ingest` decompresses
    # (zstd and brotli are left out of its build).
    documents.write.mode("overwrite").option("compression", "snappy").parquet(
        os.path.join(output, "documents")
    )
    seconds["documents"] = time.monotonic() - started - seconds["analyses"]

    documents.select("id", "text").createOrReplaceTempView("echotrace_documents")
    started = time.monotonic()
    # Shingles and signatures are materialised, each in its own step: a query over them would
    # otherwise recompute them inside every lambda that reads them (see signatures_sql), and
    # .cache() does not help because plans with lambdas never match the cached plan. The
    # signatures are an output of their own (a later run can compare new documents with them).
    shingles = spark.sql(shingles_sql("echotrace_documents", ngram, sample)).localCheckpoint(eager=True)
    shingles.createOrReplaceTempView("echotrace_shingles")
    spark.sql(signatures_sql("echotrace_shingles", bands, rows)).write.mode("overwrite").parquet(
        os.path.join(output, "signatures")
    )
    spark.read.parquet(os.path.join(output, "signatures")).createOrReplaceTempView("echotrace_signatures")
    candidates = spark.sql(candidates_sql("echotrace_signatures", bands, rows))
    candidates.write.mode("overwrite").parquet(os.path.join(output, "reuse_candidates"))
    seconds["reuse_candidates"] = time.monotonic() - started

    written = spark.read.parquet(os.path.join(output, "analyses")).count()
    pairs = spark.read.parquet(os.path.join(output, "reuse_candidates")).count()
    documents.unpersist()
    return {
        "documents": total,
        "analyses": written,
        "candidate_pairs": pairs,
        "seconds": {k: round(v, 2) for k, v in seconds.items()},
        "echotrace_cpu_seconds": round(cpu.value, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--input", required=True, help="documents: JSON Lines or Parquet (file or folder)")
    parser.add_argument("--output", required=True, help="folder for analyses/, documents/, reuse_candidates/")
    parser.add_argument(
        "--binary",
        default="echotrace",
        help="the echotrace binary: a file name shipped with --files (default) or a path on every executor",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads of each echotrace process (default 1: Spark runs one task per core)")
    parser.add_argument("--partitions", type=int, help="repartition the documents into this many partitions")
    parser.add_argument("--ngram", type=int, default=NGRAM)
    parser.add_argument("--bands", type=int, default=BANDS)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--sample", type=int, default=SAMPLE, help="keep shingles whose hash is divisible by this (1: all)")
    parser.add_argument("analyze_args", nargs="*", help="after --: more options for echotrace analyze (e.g. --catalog FILE shipped with --files)")
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("echotrace").getOrCreate()
    try:
        counts = run(
            spark,
            args.input,
            args.output,
            binary=args.binary,
            threads=args.threads,
            partitions=args.partitions,
            analyze_args=tuple(args.analyze_args),
            ngram=args.ngram,
            bands=args.bands,
            rows=args.rows,
            sample=args.sample,
        )
    finally:
        spark.stop()
    print(json.dumps(counts))
    missing = counts["documents"] - counts["analyses"]
    if missing:
        print(f"echotrace: {missing} documents were skipped by echotrace analyze (see the executors' stderr)", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
