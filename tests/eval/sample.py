#!/usr/bin/env python3
"""Draw the evaluation documents from ../shared/corpus/manifest.csv and split them into halves.

Run once; its output, documents.tsv, is committed. Stratified by source so every source and decade
is represented; documents over 120 kB are left out so that one reader can annotate each in full.
Within each source the drawn documents are shuffled and alternately assigned to `tune` and `test`.
"""
import csv
import random
import sys
from pathlib import Path

PER_SOURCE = {
    "opp115": 20, "tosback": 20, "tosback-history": 20, "ota-contrib": 22, "ota-contrib-history": 22,
    "ota-pga": 5, "ota-vlopses-us": 5, "ota-genai-eu": 5, "ota-dating": 4, "citp": 3,
}
REJECTS = 2
MAX_BYTES = 120_000
SEED = 20261130

corpus = Path(sys.argv[1] if len(sys.argv) > 1 else "../../../shared/corpus")
rows = list(csv.DictReader(open(corpus / "manifest.csv", newline="")))
rng = random.Random(SEED)
chosen = []
for source, count in PER_SOURCE.items():
    pool = sorted(r["doc_path"] for r in rows
                  if r["source"] == source and r["status"] == "kept" and int(r["bytes"]) <= MAX_BYTES)
    chosen.append((source, rng.sample(pool, count)))
rejects = sorted(r["doc_path"] for r in rows if r["status"] == "rejects" and int(r["bytes"]) <= MAX_BYTES)
chosen.append(("rejects", rng.sample(rejects, REJECTS)))
with open("documents.tsv", "w") as out:
    out.write("doc\tsource\thalf\n")
    for source, docs in chosen:
        rng.shuffle(docs)
        start = rng.randrange(2)
        for i, doc in enumerate(docs):
            half = "tune" if (i + start) % 2 == 0 else "test"
            out.write(f"{doc}\t{source}\t{half}\n")
