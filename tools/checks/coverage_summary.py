#!/usr/bin/env python3
"""Reads gcovr's JSON report (build/coverage/report/coverage.json, written by the coverage_report target)
and prints coverage of include/atmqtt/ as a whole and per folder (core, at, dialect, mqtt, ...), then,
with --list, every uncovered line and every line with an unrun branch, grouped by file. Exits 1 when the
whole falls below --min-lines or --min-branches (percent), so .ci/coverage can gate on it."""
import argparse
import json
import sys
from collections import defaultdict

PREFIX = "include/atmqtt/"


def folder_of(path):
    rest = path[len(PREFIX):] if path.startswith(PREFIX) else path
    return rest.split("/", 1)[0] if "/" in rest else "(umbrella headers)"


def ranges(numbers):
    """[1,2,3,7] -> "1-3,7"."""
    out, start, prev = [], None, None
    for n in sorted(numbers):
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}-{prev}")
            start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}-{prev}")
    return ",".join(out)


def percent(covered, total):
    return 100.0 if total == 0 else 100.0 * covered / total


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", help="gcovr --json output")
    parser.add_argument("--min-lines", type=float, default=0.0)
    parser.add_argument("--min-branches", type=float, default=0.0)
    parser.add_argument("--list", action="store_true", help="list uncovered lines and branches by file")
    args = parser.parse_args()

    with open(args.report, encoding="utf-8") as f:
        files = json.load(f)["files"]

    # Per file: [lines covered, lines, branches covered, branches, uncovered lines, lines with unrun branches].
    stats = {}
    for entry in files:
        lc = lt = bc = bt = 0
        missed_lines, missed_branches = [], []
        for line in entry["lines"]:
            if line.get("gcovr/noncode") or line.get("gcovr/excluded"):
                continue
            lt += 1
            if line["count"] > 0:
                lc += 1
            else:
                missed_lines.append(line["line_number"])
            branches = line.get("branches", [])
            bt += len(branches)
            run = sum(1 for b in branches if b["count"] > 0)
            bc += run
            if run < len(branches):
                missed_branches.append(line["line_number"])
        stats[entry["file"]] = (lc, lt, bc, bt, missed_lines, missed_branches)

    groups = defaultdict(lambda: [0, 0, 0, 0])
    for path, (lc, lt, bc, bt, _, _) in stats.items():
        for key in (folder_of(path), "total"):
            g = groups[key]
            g[0] += lc; g[1] += lt; g[2] += bc; g[3] += bt

    print(f"{'include/atmqtt/':24} {'lines':>22} {'branches':>22}")
    for key in sorted(k for k in groups if k != "total") + ["total"]:
        lc, lt, bc, bt = groups[key]
        print(f"{key:24} {percent(lc, lt):6.2f} % {lc:5}/{lt:<5}   {percent(bc, bt):6.2f} % {bc:5}/{bt:<5}")

    if args.list:
        print("\nUncovered lines (L) and lines with an unrun branch (B), by file:")
        for path in sorted(stats):
            _, _, _, _, missed_lines, missed_branches = stats[path]
            if missed_lines or missed_branches:
                print(f"  {path}")
                if missed_lines:
                    print(f"    L {ranges(missed_lines)}")
                if missed_branches:
                    print(f"    B {ranges(missed_branches)}")

    lc, lt, bc, bt = groups["total"]
    failed = []
    if percent(lc, lt) < args.min_lines:
        failed.append(f"lines {percent(lc, lt):.2f} % < {args.min_lines} %")
    if percent(bc, bt) < args.min_branches:
        failed.append(f"branches {percent(bc, bt):.2f} % < {args.min_branches} %")
    if failed:
        print("coverage gate FAILED: " + "; ".join(failed))
        return 1
    print(f"coverage gate passed (lines >= {args.min_lines} %, branches >= {args.min_branches} %)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
