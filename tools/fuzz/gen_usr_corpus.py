#!/usr/bin/env python3
"""Writes the seed corpora of the USR fuzz targets (fuzz/corpus/at_usr/seed-*, fuzz/corpus/at_usr_frames/seed-*)
from the test vectors.

Sources:
  - at_usr: every session transcript tests/dialects/transcripts/usr_*.log, fed whole-ish (chunks of 3) and
    byte by byte; the escape exchanges below; the string literals of tests/dialects/test_usr.cpp that look
    like response lines, one seed of all of them;
  - at_usr_frames: every frame file tests/dialects/transcripts/usr_frames_*.txt in its own mode and
    direction and in the other three; the string literals of tests/dialects/test_usr_data_mode.cpp (valid
    and malformed frames) in all four; and structured encoder inputs for every frame kind.

The input formats are described at the top of fuzz/fuzz_at_usr.cpp and fuzz/fuzz_at_usr_frames.cpp.
Files whose names start with "seed-" are rewritten on every run; others (reproducers) are left alone.
Run from anywhere: python3 tools/fuzz/gen_usr_corpus.py
"""
import codecs
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
TRANSCRIPTS = ROOT / "tests" / "dialects" / "transcripts"
C_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def c_unescape(text):
    return codecs.escape_decode(text.encode("utf-8"))[0]  # UTF-8 text (e.g. in comments) stays UTF-8


def literals(path):
    return [c_unescape(m.group(1)) for m in C_STRING.finditer(path.read_text(encoding="utf-8"))]


def write(target, name, data):
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + name)).write_bytes(data)


def clear(target):
    # seed-<16 hex digits> files belong to gen_seed_corpus.py
    for old in (CORPUS / target).glob("seed-*"):
        if not re.fullmatch(r"seed-[0-9a-f]{16}", old.name):
            old.unlink()


# kind, slot, qos, retain, capacity, topic length, topic + payload
ENCODER = [
    (0, 0, 0, 0, 64, 0, b"data send from module"),
    (1, 0, 0, 0, 64, 0, b"data send fromMQTT fx"),
    (2, 1, 0, 0, 64, 0, b"data send from module"),
    (2, 10, 0, 0, 4, 0, b"x,y"),
    (3, 0, 2, 1, 80, 11, b"linshifabu1data send from module"),
    (4, 0, 0, 0, 40, 14, b"linshidingyue1"),
    (5, 0, 2, 0, 40, 14, b"linshidingyue1"),
    (6, 1, 0, 0, 64, 0, b"data send fromMQTT fx"),
    (7, 0, 0, 0, 64, 14, b"linshidingyue1data send fromMQTT fx"),
    (3, 0, 3, 0, 64, 3, b"a,bx"),
    (2, 11, 0, 0, 64, 0, b"x"),
]


def main():
    # fuzz_at_usr: byte 0 even = session with chunk (byte0 >> 1) + 1; odd = escape exchange.
    clear("at_usr")
    for log in sorted(TRANSCRIPTS.glob("usr_*.log")):
        data = log.read_bytes()
        write("at_usr", "session-" + log.stem, b"\x04" + data)
        write("at_usr", "session-bytewise-" + log.stem, b"\x00" + data)
    ESCAPES = [b"a+ok", b"1,late frame\r\na+ok", b"a+o", b"a+ox", b"aa+ok", b"a+oka+ok", b"xyz"]
    for i, e in enumerate(ESCAPES):
        write("at_usr", "escape-%d" % i, b"\x01" + e)
    responses = [s for s in literals(ROOT / "tests" / "dialects" / "test_usr.cpp") if s.startswith((b"+", b"AT"))]
    write("at_usr", "session-test_usr-literals", b"\x04" + b"".join(s + b"\r\n" for s in responses))

    # fuzz_at_usr_frames: byte 0 bit 0 = distribution, bit 1 = downlink; bit 2 = structured encoder.
    clear("at_usr_frames")
    HEADER = {("transparent", "up"): 0, ("distribution", "up"): 1, ("transparent", "down"): 2,
              ("distribution", "down"): 3}
    for frames in sorted(TRANSCRIPTS.glob("usr_frames_*.txt")):
        data = frames.read_bytes().rstrip(b"\n")
        mode = "transparent" if "transparent" in frames.stem else "distribution"
        direction = "down" if frames.stem.endswith("_down") else "up"
        for (m, d), byte in HEADER.items():
            tag = "" if (m, d) == (mode, direction) else "-as-%s-%s" % (m, d)
            write("at_usr_frames", frames.stem + tag, bytes([byte]) + data)
    frame_literals = [s for s in literals(ROOT / "tests" / "dialects" / "test_usr_data_mode.cpp") if b"\n" not in s]
    for (m, d), byte in HEADER.items():
        write("at_usr_frames", "test_usr_data_mode-%s-%s" % (m, d), bytes([byte]) + b"\n".join(frame_literals))
    for i, (kind, slot, qos, retain, cap, tlen, rest) in enumerate(ENCODER):
        write("at_usr_frames", "encoder-%d" % i, bytes([4, kind, slot, qos, retain, cap, tlen]) + rest)


if __name__ == "__main__":
    main()
