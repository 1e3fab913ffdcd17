#!/usr/bin/env python3
"""Writes the seed corpora of the MQTT fuzz targets (fuzz/corpus/mqtt_*/seed-*) from the test vectors.

Sources:
  - every string in tests/mqtt/*.cpp and tests/mqtt/vectors.hpp written in the tests' hex notation
    (pairs of hex digits, spaces, 'text' for ASCII runs): valid vectors and malformed cases alike;
  - the packet shapes the broker interop tests (tests/interop/test_broker.cpp) exchange with mosquitto,
    written out below in the same notation;
  - the filter/name rows and the string literals of tests/mqtt/test_topic.cpp, for the topic target.

Each target's input format is described at the top of its fuzz/fuzz_mqtt_<name>.cpp. Files whose names
start with "seed-" are rewritten on every run; other files (reproducers of findings, corpus units kept
from long runs) are left alone. Run from anywhere: python3 tools/fuzz/gen_mqtt_corpus.py
"""
import hashlib
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"

HEX_TOKEN = re.compile(r"\s*(?:[0-9A-Fa-f]{2}|'[^']*')")
C_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def unhex(text):
    """The tests' hex notation to bytes, or None if text is not in that notation."""
    out = bytearray()
    pos = 0
    while pos < len(text):
        m = HEX_TOKEN.match(text, pos)
        if not m:
            return None if text[pos:].strip() else bytes(out)
        token = m.group(0).strip()
        out += token[1:-1].encode("latin1") if token.startswith("'") else bytes([int(token, 16)])
        pos = m.end()
    return bytes(out)


def c_unescape(s):
    """The bytes of a C string literal body (the escapes the tests use)."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = s[i + 1]
        if e == "x":
            j = i + 2
            while j < len(s) and s[j] in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(s[i + 2 : j], 16) & 0xFF)
            i = j
        elif e in "01234567":
            j = i + 1
            while j < len(s) and j < i + 4 and s[j] in "01234567":
                j += 1
            out.append(int(s[i + 1 : j], 8) & 0xFF)
            i = j
        else:
            out += {"n": b"\n", "r": b"\r", "t": b"\t", "\\": b"\\", '"': b'"', "'": b"'"}.get(e, e.encode())
            i += 2
    return bytes(out)


def test_vectors():
    """Every hex-notation string of the MQTT tests, in file order, without duplicates."""
    seen, vectors = set(), []
    files = sorted((ROOT / "tests" / "mqtt").glob("*.cpp")) + [ROOT / "tests" / "mqtt" / "vectors.hpp"]
    for path in files:
        for literal in C_STRING.findall(path.read_text(encoding="utf-8")):
            # At least a header byte and one more token, and some separator: not an ordinary word.
            if " " not in literal or not re.match(r"[0-9A-Fa-f]{2}\b", literal):
                continue
            wire = unhex(literal)
            if wire is not None and len(wire) >= 1 and wire not in seen:
                seen.add(wire)
                vectors.append(wire)
    return vectors


def mqtt_string(b):
    return len(b).to_bytes(2, "big") + b


def packet(header, body):
    rl, n = bytearray(), len(body)
    while True:
        digit, n = n % 128, n // 128
        rl.append(digit | (0x80 if n else 0))
        if not n:
            return bytes([header]) + bytes(rl) + body


# The packets the broker interop tests send and receive, built here field by field.
def broker_shapes():
    s = mqtt_string
    shapes = []
    for name, level, cid in ((b"MQIsdp", 3, b"atmqtt-v31"), (b"MQTT", 4, b"atmqtt-v311")):
        shapes.append(packet(0x10, s(name) + bytes([level, 0x02]) + (30).to_bytes(2, "big") + s(cid)))
        shapes.append(packet(0x10, s(name) + bytes([level, 0xC2]) + (30).to_bytes(2, "big") + s(cid) + s(b"user")
                             + s(b"p\0w\xff")))
        # will QoS 2, retained
        shapes.append(packet(0x10, s(name) + bytes([level, 0x36]) + (30).to_bytes(2, "big") + s(cid)
                             + s(b"atmqtt/will") + s(b"bye")))
    # persistent session (clean session 0) and its CONNACK with session present
    shapes.append(packet(0x10, s(b"MQTT") + bytes([4, 0x00]) + (60).to_bytes(2, "big") + s(b"atmqtt-persistent")))
    shapes += [packet(0x20, b"\x01\x00"), packet(0x20, b"\x00\x00"), packet(0x20, b"\x00\x05")]
    three = s(b"atmqtt/+/zero") + b"\x00" + s(b"atmqtt/one/#") + b"\x01" + s(b"atmqtt/two") + b"\x02"
    shapes.append(packet(0x82, b"\x12\x34" + three))
    shapes.append(packet(0x90, b"\x12\x34\x00\x01\x02"))
    shapes.append(packet(0x82, b"\xff\xff" + s(b"atmqtt/two") + b"\x01"))
    utf8 = s("atmqtt/ü/+/温度".encode()) + b"\x01" + s(b"atmqtt/emoji/#") + b"\x00"
    shapes.append(packet(0x82, b"\x00\x03" + utf8))
    for topic in ("atmqtt/ü/kitchen/温度", "atmqtt/emoji/\U0001F321/x", "atmqtt/emoji"):
        t = topic.encode()
        shapes.append(packet(0x32, s(t) + b"\x00\x05" + t))
    # QoS 1 and 2 flows, DUP on a resent QoS 2, a retained message
    shapes.append(packet(0x32, s(b"atmqtt/qos1") + b"\x00\x01" + b"one"))
    shapes += [packet(0x40, b"\x00\x01"), packet(0x50, b"\x00\x02"), packet(0x62, b"\x00\x02"), packet(0x70, b"\x00\x02")]
    shapes.append(packet(0x3C, s(b"atmqtt/qos2") + b"\x00\x02" + b"two"))
    shapes.append(packet(0x31, s(b"atmqtt/retained") + b"kept"))
    shapes.append(packet(0xA2, b"\x0b\xad" + s(b"atmqtt/one/#")))
    shapes.append(packet(0xB0, b"\x0b\xad"))
    shapes += [packet(0xC0, b""), packet(0xD0, b""), packet(0xE0, b"")]
    # larger payloads: 2- and 3-byte remaining lengths
    shapes.append(packet(0x30, s(b"atmqtt/big") + bytes(range(256)) * 2))
    shapes.append(packet(0x30, s(b"atmqtt/bigger") + b"\xa5" * 16400))
    return shapes


def write(target, tag, data, written):
    directory = CORPUS / target
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"seed-{tag}-{hashlib.sha1(data).hexdigest()[:10]}"
    if path.name not in written.setdefault(target, set()):
        path.write_bytes(data)
        written[target].add(path.name)


def without_remaining_length(wire):
    """The packet's bytes with the remaining length left out: an encode-target program body."""
    i = 1
    while i < len(wire) and i <= 4 and wire[i] & 0x80:
        i += 1
    return wire[:1] + wire[i + 1 :]


def topic_strings():
    text = (ROOT / "tests" / "mqtt" / "test_topic.cpp").read_text(encoding="utf-8")
    pairs = [(c_unescape(f), c_unescape(n)) for f, n in
             re.findall(r'\{\s*"((?:[^"\\]|\\.)*)"\s*,\s*"((?:[^"\\]|\\.)*)"\s*,\s*(?:true|false)\s*\}', text)]
    singles = []
    for line in text.splitlines():
        if re.search(r"TEST_CASE|SECTION|INFO|#include", line):
            continue
        singles += [c_unescape(x) for x in C_STRING.findall(line)]
    return pairs, singles


def main():
    for target in ("mqtt_decode", "mqtt_stream", "mqtt_encode", "mqtt_topic"):
        for old in (CORPUS / target).glob("seed-*"):
            if not re.fullmatch(r"seed-[0-9a-f]{16}", old.name):  # those belong to gen_seed_corpus.py
                old.unlink()
    written = {}
    vectors = test_vectors()
    shapes = broker_shapes()
    for tag, wires in (("vector", vectors), ("broker", shapes)):
        for wire in wires:
            write("mqtt_decode", tag, wire, written)
            write("mqtt_stream", tag, bytes([0x02, 0x01]) + wire, written)  # level 4, one byte at a time
            write("mqtt_stream", tag, bytes([0x03, 0x01]) + wire, written)  # level 3, one byte at a time
            for config in (0x00, 0x01):  # level 4, level 3
                write("mqtt_encode", tag, bytes([config]) + without_remaining_length(wire), written)
    # Streams of many packets: all vectors that decode on their own would need a decoder here, so the
    # broker session (all valid) is the stream, fed by the need_more hint, in odd chunks and byte by byte.
    session = b"".join(w for w in shapes if len(w) < 1000)
    write("mqtt_decode", "session", session, written)
    for plan in (b"\x00", b"\x02\x01", b"\x06\x03\x07\x02", b"\x0e\x01\x00\x05\xff\x02\x00\x10", b"\x01"):
        write("mqtt_stream", "session", plan + session, written)
    # The encoder's length limits: a 65536-byte topic (stretch), payloads at remaining length boundaries.
    write("mqtt_encode", "limit", b"\x02\x30\xff\xff" + b"ab", written)
    write("mqtt_encode", "limit", b"\x02\x30\xff\xfe" + b"ab", written)
    write("mqtt_encode", "limit", b"\x02\x82\x00\x01\xff\xffa/+\x01", written)
    for sel in range(7):
        for delta in (0, 3, 4, 7):
            write("mqtt_encode", "huge", b"\x04\x30\x00\x01t" + bytes([sel | delta << 3]), written)
    # Topics: A = filter, B = name from the matching table; every string alone and paired with itself.
    pairs, singles = topic_strings()
    for f, n in pairs:
        if len(f) < 255:
            write("mqtt_topic", "pair", bytes([len(f)]) + f + n, written)
    for s in singles:
        if len(s) < 255:
            write("mqtt_topic", "string", bytes([len(s)]) + s + s, written)
            write("mqtt_topic", "string", bytes([0]) + s, written)
    write("mqtt_topic", "limit", b"\xffab", written)
    write("mqtt_topic", "limit", b"\xffa/b", written)
    for target, names in sorted(written.items()):
        print(f"{target}: {len(names)} seed files")


if __name__ == "__main__":
    main()
