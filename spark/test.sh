#!/usr/bin/env bash
# Tests the Spark job (spark/echotrace_spark.py) in local[2] mode: its analyses must be identical
# to `echotrace analyze` on the same documents, its reuse candidates MinHash of the shingles,
# its documents loadable by `echotrace ingest`.
#
# Creates a virtualenv under .venv/spark (git-ignored) with pyspark, pyarrow and pytest from
# PyPI on first use; needs Java 17 on PATH (or JAVA_HOME).
#
#   bash spark/test.sh                      # examples/corpus, the binary cargo built (debug)
#   ECHOTRACE_BIN=target/release/echotrace ECHOTRACE_SPARK_CORPUS=../shared/ptc/train/articles \
#     bash spark/test.sh                    # the PTC train articles through the release binary
#
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.venv/spark
if [[ ! -x $venv/bin/pytest ]] || ! "$venv/bin/python" -c 'import pyspark, pyarrow' 2>/dev/null; then
  echo "== spark: creating $venv (pyspark, pyarrow, pytest)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r spark/requirements.txt
fi

if [[ -z ${ECHOTRACE_BIN:-} ]]; then
  # After `cargo test` (CI) the debug binary is there; build it otherwise.
  if [[ ! -x target/debug/echotrace ]]; then
    cargo build --locked -p echotrace-cli --bin echotrace
  fi
  ECHOTRACE_BIN=$PWD/target/debug/echotrace
fi
ECHOTRACE_BIN=$(realpath "$ECHOTRACE_BIN")
export ECHOTRACE_BIN

# Spark on a laptop or CI box: loopback only, quiet logs.
export SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1}
export PYSPARK_PYTHON=$PWD/$venv/bin/python

rc=0
"$venv/bin/python" -m pytest -q -s -p no:cacheprovider spark/tests "$@" || rc=$?
case $rc in
  0) ;;
  5) echo "spark/test.sh: pytest collected no tests" >&2; exit 1 ;;
  *) exit "$rc" ;;
esac
