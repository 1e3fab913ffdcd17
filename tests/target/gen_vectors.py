#!/usr/bin/env python3
"""Turns the host tests' byte vectors into a C++ header for the on-target runner (tests/target/runner.cpp).

Read from the files the host tests read, never copied by hand:
  - tests/mqtt/vectors.hpp: every packet vector (name, wire hex, the levels it is valid at);
  - tests/mqtt/test_malformed.cpp, tests/hostile/test_mqtt.cpp: every refused packet (hex, level, errc, offset);
  - tests/hostile/test_dialects.cpp: every hostile line of its check_all tables, with the typed decoder
    expression the test calls (and its namespace aliases) and the expected "ok" or errc and offset;
  - tests/dialects/commands/<dialect>_*.jsonl: every command vector that has "bytes";
  - tests/dialects/transcripts/usr_frames_*.txt with .expected.jsonl: every USR data-mode frame and its fields;
  - tests/dialects/transcripts/<dialect>_*.log with .expected.jsonl: the log bytes and the events expected
    from them: echoes, final results, data blocks, responses / URCs with their field values (see canonical()
    and runner.cpp for what is compared).

usage: gen_vectors.py SOURCE_DIR OUTPUT_HEADER
"""
import importlib.util
import json
import pathlib
import re
import sys

# The tests' hex notation and C string escapes, as tools/fuzz/gen_mqtt_corpus.py reads them.
_spec = importlib.util.spec_from_file_location(
    "gen_mqtt_corpus", pathlib.Path(__file__).resolve().parents[2] / "tools/fuzz/gen_mqtt_corpus.py")
TEST_NOTATION = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(TEST_NOTATION)

DIALECTS = ["quectel", "onemo", "usr", "risinghf"]
LEVELS = {"at_v3_1": 1, "at_v3_1_1": 2, "at_both": 3}


def unhex(notation):
    """The tests' hex notation (mqtt_test::unhex), read by the fuzz seed generator's reader."""
    b = TEST_NOTATION.unhex(notation)
    if b is None:
        sys.exit("gen_vectors.py: not in the tests' hex notation: %s" % notation)
    return b


def c_bytes(b):
    """A C++ string literal holding exactly b (octal escapes are at most 3 digits: nothing runs on)."""
    out = []
    for x in b:
        ch = chr(x)
        if 0x20 <= x < 0x7F and ch not in '"\\?':
            out.append(ch)
        else:
            out.append("\\%03o" % x)
    return '"' + "".join(out) + '"'


def c_text(s):
    return c_bytes(s.encode())


def mqtt_vectors(src):
    text = (src / "tests/mqtt/vectors.hpp").read_text()
    body = text[text.index("vectors[] = {"):]
    body = body[:body.index("\n};")]
    found = re.findall(r'\{"((?:[^"\\]|\\.)*)",.*?"([0-9A-Fa-f \']*(?:\'[^\']*\'[0-9A-Fa-f ]*)*)",\s*(at_both|at_v3_1_1|at_v3_1)\}',
                       body, re.S)
    entries = body.count('\n    {"')
    if len(found) != entries or not found:
        sys.exit("gen_vectors.py: read %d of %d packet vectors in tests/mqtt/vectors.hpp" % (len(found), entries))
    return [(name, unhex(hexs), LEVELS[lv]) for name, hexs, lv in found]


def refused_vectors(src):
    out = []
    for rel in ["tests/mqtt/test_malformed.cpp", "tests/hostile/test_mqtt.cpp"]:
        text = (src / rel).read_text()
        body = text[text.index("const refused cases[] = {"):]
        body = body[:body.index("\n};")]
        found = re.findall(r'\{"((?:[^"\\]|\\.)*)",\s*"([^"]*)",\s*(v3|v4),\s*errc::(\w+),\s*(\d+)\}', body, re.S)
        entries = len(re.findall(r'^\s*\{"', body, re.M))
        if len(found) != entries or not found:
            sys.exit("gen_vectors.py: read %d of %d refused packets in %s" % (len(found), entries, rel))
        out += [(rel, name, unhex(h), lv == "v3", errc, int(off)) for name, h, lv, errc, off in found]
    return out


def command_vectors(src):
    out = []
    for d, dialect in enumerate(DIALECTS):
        for path in sorted((src / "tests/dialects/commands").glob(dialect + "_*.jsonl")):
            for lineno, line in enumerate(path.read_text().splitlines(), 1):
                if not line.strip():
                    continue
                obj = json.loads(line)
                if "bytes" not in obj:
                    continue
                args = []
                for key, v in obj.get("params", {}).items():
                    items = [(i, x) for i, x in enumerate(v)] if isinstance(v, list) else [(-1, v)]
                    for item, x in items:
                        if x is None:
                            args.append((key, 0, item, 0, b""))
                        elif isinstance(x, bool) or not isinstance(x, (int, str)):
                            sys.exit("%s:%d: a parameter is neither a number, a string nor null" % (path, lineno))
                        elif isinstance(x, int):
                            args.append((key, 1, item, x, b""))
                        else:
                            args.append((key, 2, item, 0, x.encode()))
                out.append((d, "%s:%d" % (path.name, lineno), obj["command"], obj.get("form", "set"), args,
                            obj["bytes"].encode("latin-1") if all(ord(c) < 256 for c in obj["bytes"])
                            else obj["bytes"].encode()))
    return out


def text_of(event):
    return bytes.fromhex(event["text_hex"]) if "text_hex" in event else event.get("text", "").encode()


def canonical(event):
    """What runner.cpp builds from the log for this event, or None when it is not compared on target:
    'E' + an echo's text; 'F' + a final result's name, then 0x1F and its code or text if it has one;
    'D' + a data block; 'R' + a response's / URC's name, then 0x1F and each field value (arrays item by
    item). Prompts and unknown lines are not compared: which lines they are is the tool's routing."""
    kind = event["event"]
    if kind == "echo":
        return b"E" + text_of(event)
    if kind == "data":
        return b"D" + text_of(event)
    if kind == "final":
        out = b"F" + event["result"].encode()
        if "code" in event:
            out += b"\x1f" + str(event["code"]).encode()
        elif "text" in event:
            out += b"\x1f" + event["text"].encode()
        return out
    if kind not in ("response", "urc"):
        return None
    out = bytearray(b"R" + event["name"].encode())
    for key, v in event["fields"].items():
        for x in v if isinstance(v, list) else [v]:
            out.append(0x1F)
            if key.endswith("_hex"):
                out += bytes.fromhex(x)
            elif isinstance(x, int):
                out += str(x).encode()
            else:
                out += x.encode()
    return bytes(out)


def transcripts(src):
    """(dialect, name, log bytes, expected canonical events)."""
    out = []
    for d, dialect in enumerate(DIALECTS):
        for log in sorted((src / "tests/dialects/transcripts").glob(dialect + "_*.log")):
            expected = log.with_name(log.stem + ".expected.jsonl")
            if not expected.exists():
                continue
            events, bare_reply = [], False
            for line in expected.read_text().splitlines():
                e = json.loads(line)
                # A reply with no line terminator (USR's "a+ok": a prompt without text, then a final) is
                # found by the tool, not the library; it shares its line with the next echo: neither compared.
                if e["event"] == "prompt" and "text" not in e:
                    bare_reply = True
                    continue
                if bare_reply and e["event"] in ("final", "echo"):
                    bare_reply = e["event"] == "final"
                    continue
                bare_reply = False
                c = canonical(e)
                if c is not None:
                    events.append(c)
            out.append((d, log.stem, log.read_bytes(), events))
    return out


def usr_frames(src):
    """tests/dialects/transcripts/usr_frames_*_MODE_DIR.txt, one frame per line, and the .expected.jsonl
    beside it: (file, mode, uplink, frame bytes, canonical) where canonical is the frame kind, then 0x1F
    and slot, qos, retain, topic, payload (absent members: 0 or empty, as usr::frame leaves them)."""
    out = []
    for path in sorted((src / "tests/dialects/transcripts").glob("usr_frames_*.txt")):
        expected = path.with_name(path.stem + ".expected.jsonl")
        if not expected.exists():
            continue
        mode, direction = path.stem.split("_")[-2:]
        if direction not in ("up", "down"):
            sys.exit("gen_vectors.py: %s does not end in _MODE_up or _MODE_down" % path.name)
        data = path.read_bytes()
        frames = data[:-1].split(b"\n") if data.endswith(b"\n") else data.split(b"\n")
        events = [json.loads(line) for line in expected.read_text().splitlines()]
        if len(frames) != len(events):
            sys.exit("gen_vectors.py: %s: %d frames, %d expected" % (path.name, len(frames), len(events)))
        for frame, e in zip(frames, events):
            values = [e["frame"], str(e.get("pubnum", e.get("subnum", 0))), str(e.get("qos", 0)),
                      str(e.get("retain", 0)), e.get("topic", ""), e.get("payload", "")]
            out.append((path.name, mode, direction == "up", frame, "\x1f".join(values).encode()))
    return out


def hostile_lines(src):
    """tests/hostile/test_dialects.cpp: each check_all({{line, "ok" | "errc@offset"}, ...}, decoder) block.
    Returns the file's namespace aliases and includes, and (decoder parameter, expression, cases)."""
    text = (src / "tests/hostile/test_dialects.cpp").read_text()
    aliases = re.findall(r"^namespace \w+ = [\w:]+;$", text, re.M)
    includes = re.findall(r"^#include <atmqtt/[^>]+>$", text, re.M)
    # the tests' own helpers the decoder expressions call (answer(), onemo_test::urc_status), by absolute path
    # (the generated header is in the build tree); all local headers but the host-only ones
    host_only = {"../catch.hpp", "../dialects/vector_files.hpp"}  # Catch2, reading files
    includes += ['#include "%s"' % (src / "tests/hostile" / rel).resolve()
                 for rel in re.findall(r'^#include "([^"]+)"$', text, re.M) if rel not in host_only]
    blocks = re.findall(r"check_all\(\{(.*?)\},\s*\[\]\(bytes (\w+)\) \{ return (.*?); \}\);", text, re.S)
    if len(blocks) != text.count("check_all({") or not blocks:
        sys.exit("gen_vectors.py: read %d of %d check_all blocks in tests/hostile/test_dialects.cpp"
                 % (len(blocks), text.count("check_all({")))
    out = []
    for body, param, expr in blocks:
        cases = re.findall(r'\{"((?:[^"\\]|\\.)*)"s?,\s*"(ok|\w+@\d+)"\}', body)
        if len(cases) != body.count('{"') or not cases:
            sys.exit("gen_vectors.py: read %d of %d cases of the check_all block for %s" % (len(cases), body.count('{"'), expr))
        out.append((param, expr, [(TEST_NOTATION.c_unescape(line), want) for line, want in cases]))
    return aliases, includes, out


def main():
    src, dst = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    o = ["// Generated by tests/target/gen_vectors.py from the host tests' vector files: do not edit.",
         "#pragma once", "", "#include \"vector_types.hpp\"", "", "namespace target_vectors {", ""]

    o.append("inline constexpr mqtt_vector mqtt_vectors[] = {")
    for name, wire, lv in mqtt_vectors(src):
        o.append("    {%s, %s, %d, %d}," % (c_text(name), c_bytes(wire), len(wire), lv))
    o += ["};", ""]

    o.append("inline constexpr mqtt_refused refused_vectors[] = {")
    for rel, name, wire, v3, errc, off in refused_vectors(src):
        o.append("    {%s, %s, %d, %s, atmqtt::errc::%s, %d}," % (c_text(rel + ": " + name), c_bytes(wire), len(wire),
                                                               "true" if v3 else "false", errc, off))
    o += ["};", ""]

    commands = command_vectors(src)
    for i, (_, _, _, _, args, _) in enumerate(commands):
        if args:
            o.append("inline constexpr command_arg args_%d[] = {" % i)
            for key, kind, item, num, text in args:
                o.append("    {%s, %d, %d, %d, %s, %d}," % (c_text(key), kind, item, num, c_bytes(text), len(text)))
            o.append("};")
    o.append("inline constexpr command_vector command_vectors[] = {")
    for i, (d, where, cmd, form, args, wire) in enumerate(commands):
        o.append("    {%d, %s, %s, %s, %s, %d, %s, %d}," % (d, c_text(where), c_text(cmd), c_text(form),
                                                           "args_%d" % i if args else "nullptr", len(args),
                                                           c_bytes(wire), len(wire)))
    o += ["};", ""]

    runs = transcripts(src)
    for i, (_, _, _, events) in enumerate(runs):
        if events:
            o.append("inline constexpr expected_event events_%d[] = {" % i)
            o += ["    {%s, %d}," % (c_bytes(e), len(e)) for e in events]
            o.append("};")
    o.append("inline constexpr transcript transcripts[] = {")
    for i, (d, name, log, events) in enumerate(runs):
        o.append("    {%d, %s, %s, %d, %s, %d}," % (d, c_text(name), c_bytes(log), len(log),
                                                  "events_%d" % i if events else "nullptr", len(events)))
    o += ["};", ""]

    o.append("inline constexpr usr_frame usr_frames[] = {")
    for name, mode, up, frame, canon in usr_frames(src):
        o.append("    {%s, atmqtt::usr::transfer_mode::%s, %s, %s, %d, %s, %d}," % (
            c_text(name), mode, "true" if up else "false", c_bytes(frame), len(frame), c_bytes(canon), len(canon)))
    o += ["};", ""]

    # The hostile lines call the same typed decoders the host test calls (its expressions, its aliases).
    aliases, includes, blocks = hostile_lines(src)
    o += ["}  // namespace target_vectors", ""] + includes + ["", "namespace target_vectors {", "namespace hostile {", ""]
    o += aliases + [""]
    for i, (param, expr, _) in enumerate(blocks):
        o.append("inline line_outcome decoder_%d(atmqtt::bytes %s) { return outcome_of(%s); }" % (i, param, expr))
    o += ["", "}  // namespace hostile", ""]
    o.append("inline const hostile_line hostile_lines[] = {")
    for i, (_, expr, cases) in enumerate(blocks):
        for line, want in cases:
            errc, _, off = want.partition("@")
            o.append("    {%s, %d, hostile::decoder_%d, %s, atmqtt::errc::%s, %s}," % (
                c_bytes(line), len(line), i, c_text(expr), errc, off or "0"))
    o += ["};", "", "}  // namespace target_vectors", ""]

    text = "\n".join(o)
    if not dst.exists() or dst.read_text() != text:
        dst.write_text(text)


if __name__ == "__main__":
    main()
