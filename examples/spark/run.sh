#!/usr/bin/env bash
# Check a JSON Lines corpus on Apache Spark: every partition of records is piped through
# `policy-rules check --format jsonl -` on an executor, and the findings are written under OUT_DIR
# (one part-* file per partition, one JSON finding per line).
#
#   examples/spark/run.sh IN.jsonl[.gz] OUT_DIR [CHECK OPTIONS…]
#
# Spark runs in local mode on two cores (`local[2]`) unless SPARK_MASTER names a cluster
# (spark://host:7077, yarn, k8s://…). The `policy-rules` binary is taken from PATH and shipped to
# the executors. PySpark is installed into a virtual environment beside this script
# (POLICY_RULES_SPARK_VENV to choose another) the first time it is missing. Needs Java 17+.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 2 ]; then
  echo "usage: $0 IN.jsonl OUT_DIR [CHECK OPTIONS…]" >&2
  exit 2
fi
if ! command -v policy-rules >/dev/null 2>&1; then
  echo "run.sh: policy-rules is not on PATH (cargo install --path crates/policy-rules-cli, or add target/release to PATH)" >&2
  exit 2
fi
if ! command -v java >/dev/null 2>&1; then
  echo "run.sh: Spark needs Java 17 or later, and java is not on PATH" >&2
  exit 2
fi
venv=${POLICY_RULES_SPARK_VENV:-$here/.venv}
if ! "$venv/bin/python" -c 'import pyspark' >/dev/null 2>&1; then
  echo "run.sh: installing PySpark into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet 'pyspark>=3.5,<5'
fi
# In local mode the executors are this machine's: they use the same Python. On a cluster they use
# the Python the cluster is configured with (PYSPARK_PYTHON there), which needs nothing but python3.
case "${SPARK_MASTER:-local}" in
  local*) export PYSPARK_PYTHON="$venv/bin/python" ;;
esac
exec "$venv/bin/python" "$here/check.py" "$@"
