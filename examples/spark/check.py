"""Check a JSON Lines corpus on Spark: run.sh's driver (see run.sh for the command line).

Each partition of the corpus's lines is piped through `policy-rules check --format jsonl -` on an
executor; the findings, one JSON object per line, are saved as text under OUT_DIR.
"""

import os
import shutil
import subprocess
import sys
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def main() -> int:
    source, out_dir, options = sys.argv[1], sys.argv[2], sys.argv[3:]
    binary = shutil.which("policy-rules")
    spark = (
        SparkSession.builder.master(os.environ.get("SPARK_MASTER", "local[2]"))
        .appName("policy-rules")
        .getOrCreate()
    )
    context = spark.sparkContext
    context.setLogLevel("WARN")
    context.addFile(binary)
    name = os.path.basename(binary)
    command = ["check", "--format", "jsonl", "--stdin-format", "jsonl", "--quiet", "--exit-zero", "--no-progress"]
    command += ["--jobs", "1", *options, "-"]

    def check(lines):
        """Pipe one partition's records through the binary; yield its findings."""
        executable = SparkFiles.get(name)
        os.chmod(executable, 0o755)
        process = subprocess.Popen(
            [executable, *command], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )

        def feed():
            try:
                for line in lines:
                    process.stdin.write(line.encode("utf-8") + b"\n")
            finally:
                process.stdin.close()

        feeder = threading.Thread(target=feed, daemon=True)
        feeder.start()
        for finding in process.stdout:
            yield finding.decode("utf-8").rstrip("\n")
        feeder.join()
        if process.wait() != 0:
            raise RuntimeError(f"policy-rules exited with {process.returncode}")

    context.textFile(source).mapPartitions(check).saveAsTextFile(out_dir)
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
