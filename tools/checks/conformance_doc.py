#!/usr/bin/env python3
"""Fails when docs/mqtt-conformance.md leaves out a normative statement the codec must enforce.

usage: conformance_doc.py NORMATIVE_CSV CONFORMANCE_MD
Every row of the CSV whose role column names DEC or ENC must appear in the document by its id.
"""
import csv
import sys

rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
doc = open(sys.argv[2], encoding="utf-8").read()
required = [r[0] for r in rows if "DEC" in r[2] or "ENC" in r[2]]
missing = [i for i in required if i not in doc]
if missing:
    print("docs/mqtt-conformance.md does not account for:", ", ".join(missing))
    sys.exit(1)
print(f"conformance table accounts for all {len(required)} DEC/ENC statements")
