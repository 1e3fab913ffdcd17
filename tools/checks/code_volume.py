#!/usr/bin/env python3
"""Code volume of the AT core and the dialects, as issue 17 counts it: the bytes of the non-blank,
non-comment lines (comments removed, trailing blanks dropped, indentation kept) of every .hpp under
include/atmqtt/at/ and include/atmqtt/dialect/ at a git revision.

    tools/checks/code_volume.py [BASE [REV ...]]

prints each REV's bytes and its share of BASE's. BASE defaults to 15adfd8 (main when issue 17 was
filed: the 100 % of its "at most 80 %"), REV to HEAD. Run it from the repository."""
import subprocess
import sys

PATHS = ["include/atmqtt/at/", "include/atmqtt/dialect/"]
FILING = "15adfd8"


def without_comments(src):
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("/*", i):
            end = src.find("*/", i + 2)
            i = n if end < 0 else end + 2
        elif src.startswith("//", i):
            end = src.find("\n", i)
            i = n if end < 0 else end
        elif src[i] in "\"'":  # a literal: a comment marker inside it is text
            j = i + 1
            while j < n and src[j] != src[i]:
                j += 2 if src[j] == "\\" else 1
            out.append(src[i:j + 1])
            i = j + 1
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def volume(rev):
    names = subprocess.run(["git", "ls-tree", "-r", "--name-only", rev, "--"] + PATHS,
                           capture_output=True, text=True, check=True).stdout.split()
    total = 0
    for name in names:
        if not name.endswith(".hpp"):
            continue
        text = subprocess.run(["git", "show", f"{rev}:{name}"], capture_output=True, check=True).stdout
        for line in without_comments(text.decode("utf-8")).split("\n"):
            line = line.rstrip()
            if line.strip():
                total += len(line.encode("utf-8"))
    return total


def main(argv):
    base = argv[1] if len(argv) > 1 else FILING
    revs = argv[2:] or ["HEAD"]
    base_bytes = volume(base)
    print(f"{base:12} {base_bytes:>9,} B  100.0 %  (base)")
    for rev in revs:
        v = volume(rev)
        print(f"{rev:12} {v:>9,} B  {100 * v / base_bytes:5.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
