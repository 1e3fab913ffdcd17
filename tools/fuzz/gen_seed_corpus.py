#!/usr/bin/env python3
"""Writes the seed corpora of all twelve fuzz targets (fuzz/corpus/<target>/seed-*) from every test vector
and every transcript in the tree, each in the input format of its target (described at the top of
fuzz/fuzz_<target>.cpp).

  python3 tools/fuzz/gen_seed_corpus.py           write the seeds (idempotent)
  python3 tools/fuzz/gen_seed_corpus.py --check   write nothing; exit 1 if a seed it would write is missing

It first runs the two older generators (gen_mqtt_corpus.py, gen_usr_corpus.py: their seed-<tag>-... and
seed-<name> files, unchanged), then adds seed-<sha1[:16]> files named by their content, skipping any content
the target's corpus already holds under another name (a run-* unit, a hand-picked seed, an older seed).
Files whose names do not start with "seed-" (run-*, crash-*, repro-*, hand-picked) are never touched;
seed-<16 hex> files that no source produces any more are removed.

Sources and what becomes of them:
  - tests/dialects/commands/<dialect>_*.jsonl, every vector:
      at_encode        the vector's command as the target's structured input (selector byte, the struct's
                       fields in declaration order), one seed per vector; set forms through the typed
                       struct of the command, test/read/execute forms through the dialect's generic case;
                       commands this file has no schema for are listed with --verbose and skipped;
      <dialect>        all the file's command lines as the modem echoes them ("AT...\\r\\r\\n"), one seed
                       per file (at_quectel, at_onemo, at_risinghf, at_usr);
      at_tokenizer     the same echo lines with the dialect's lexical options;
      at_fields        the same lines (without CR) with the dialect's lexical options.
  - every AT transcript tests/dialects/transcripts/*.log and examples/logs/*.log (identical files once):
    the dialect's decoder target whole, and at_tokenizer and at_fields with the dialect's lexical options.
    (USR logs and usr_frames_*.txt frame files are gen_usr_corpus.py's.)
  - every MQTT hex transcript (*.hex in examples/logs/ and tests/dialects/transcripts/, '#' comments):
    mqtt_decode each packet (split by the fixed header's remaining length) and the whole session;
    mqtt_stream the whole session fed as check_frame asks and byte by byte; mqtt_encode each packet as a
    program (configuration byte, the packet without its remaining length).
  - tests/mqtt/*.cpp and tests/mqtt/vectors.hpp hex vectors: gen_mqtt_corpus.py (there are no
    machine-readable MQTT vector tables besides those C++ tables).
  - tests/hostile/test_mqtt.cpp: every string literal in the tests' hex notation ("30 80 80 80 80 7F",
    'text' runs): mqtt_decode, mqtt_stream (as check_frame asks), mqtt_topic (as string B).
  - C++ string literals (adjacent literals joined, escapes decoded; raw strings, character arrays and
    literals built at run time are not extracted) that start with '+' or "AT", from
    tests/dialects/test_*.cpp (the dialect is the file name's), tests/hostile/test_dialects.cpp and
    tests/hostile/test_dialect_streams.cpp (the dialect by the line's prefix: +QMT/+QSSL/+QFUPL Quectel,
    +IMQTT RisingHF, other +MQTT OneMO and USR), tests/hostile/test_at.cpp and tests/at/test_*.cpp
    (generic): each literal (with "\\r\\n" added unless it ends in a line feed) one seed of its dialect's
    target; all of a file's literals one seed of at_tokenizer and one of at_fields.
Neutral prefixes: the dialect targets and at_tokenizer take chunking 3 (chunks of 1..4 bytes), raw output,
no data block after a prompt; at_usr takes 4 (session decoder, chunks of 3); at_risinghf 2; mqtt_stream
0x00 (3.1.1, fed as check_frame asks) and 0x02 0x01 (one byte at a time); mqtt_encode 0x00 (3.1.1).
"""
import functools
import hashlib
import importlib.util
import json
import pathlib
import re
import shutil
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fuzz" / "corpus"
TESTS = ROOT / "tests"
MINE = re.compile(r"seed-[0-9a-f]{16}")
DIALECTS = ("quectel", "onemo", "usr", "risinghf")

# The lexical options byte of at_tokenizer (byte 1) and at_fields (byte 0): quote escape % 3 | lex << 2,
# each dialect's grammar `lexical` constant.
LEX = {"quectel": 0x00, "onemo": 0x00, "usr": 0x10 << 2, "risinghf": (0x04 | 0x08) << 2, None: 0x00}
# The dialect decoder target and its neutral prefix.
DECODER = {"quectel": ("at_quectel", b"\x03\x00"), "onemo": ("at_onemo", b"\x03\x00"),
           "usr": ("at_usr", b"\x04"), "risinghf": ("at_risinghf", b"\x02")}


# ---- reading C++ sources ------------------------------------------------------------------------------
def c_unescape(body):
    """The bytes of one C string literal's body."""
    out, i = bytearray(), 0
    raw = body.encode("utf-8")
    while i < len(raw):
        c = raw[i]
        if c != 0x5C:
            out.append(c)
            i += 1
            continue
        e = chr(raw[i + 1])
        if e == "x":
            j = i + 2
            while j < len(raw) and chr(raw[j]) in "0123456789abcdefABCDEF":
                j += 1
            out.append(int(raw[i + 2 : j], 16) & 0xFF)
            i = j
        elif e in "01234567":
            j = i + 1
            while j < len(raw) and j < i + 4 and chr(raw[j]) in "01234567":
                j += 1
            out.append(int(raw[i + 1 : j], 8) & 0xFF)
            i = j
        else:
            out += {"n": b"\n", "r": b"\r", "t": b"\t", "0": b"\0", "a": b"\a", "b": b"\b", "f": b"\f",
                    "v": b"\v"}.get(e, e.encode())
            i += 2
    return bytes(out)


def cpp_strings(path):
    """The ordinary string literals of a C++ file in order, adjacent ones joined; comments, character
    literals and raw strings are skipped."""
    text = path.read_text(encoding="utf-8")
    out, i, n = [], 0, len(text)
    pending, last_end = None, -1
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            i = text.find("*/", i + 2)
            i = n if i < 0 else i + 2
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if m:
                end = text.find(")" + m.group(1) + '"', i)
                i = n if end < 0 else end + len(m.group(1)) + 2
            else:
                i += 1
        elif c == "'" and not (i > 0 and (text[i - 1].isalnum())):  # a character literal (not 1'000)
            j = i + 1
            while j < n and text[j] != "'":
                j += 2 if text[j] == "\\" else 1
            i = j + 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"' and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            value = c_unescape(text[i + 1 : j])
            if pending is not None and text[last_end:i].strip() == "":
                pending += value
            else:
                if pending is not None:
                    out.append(pending)
                pending = value
            i = last_end = j + 1
        else:
            i += 1
    if pending is not None:
        out.append(pending)
    return out


def unhex(text):
    """The tests' MQTT hex notation ("30 02 00 01 'ab'") to bytes, or None (gen_mqtt_corpus.py's reader)."""
    if " " not in text or not re.match(r"[0-9A-Fa-f]{2}\b", text):
        return None
    return load("gen_mqtt_corpus").unhex(text)


def dialect_of_line(line):
    if line.startswith((b"+QMT", b"+QSSL", b"+QFUPL", b"AT+QMT", b"AT+QSSL", b"AT+QFUPL")):
        return ("quectel",)
    if line.startswith((b"+IMQTT", b"AT+IMQTT")):
        return ("risinghf",)
    if line.startswith((b"+MQTT", b"AT+MQTT")):
        return ("onemo", "usr")
    if line.startswith((b"+WKMOD", b"+ALI", b"+SSL", b"AT+WKMOD", b"AT+ALI", b"AT+SSL", b"+HTTPSCRT")):
        return ("usr",)
    return ()


# ---- at_encode: the structured input ------------------------------------------------------------------
def enc_int(v):
    v = int(v)
    if -16 <= v < 0x80 - 16:
        return bytes([v + 16])
    return b"\x80" + (v & 0xFFFFFFFF).to_bytes(4, "big")


def enc_str(s):
    b = s if isinstance(s, bytes) else str(s).encode("utf-8")
    head = bytes([len(b)]) if len(b) < 0xFF else b"\xff" + min(len(b), 0xFFFF).to_bytes(2, "big")
    return head + b


def as_int(v):
    if isinstance(v, bool):
        return int(v)
    if isinstance(v, int):
        return v
    try:
        return int(str(v), 0)
    except ValueError:
        return 0


# Field kinds: i integer, oi optional integer, s string, os optional string, ob optional bytes (onemo),
# hex binary string given in hex, fmt a OneMO input format byte, list(...) a count byte and elements,
# word(...) an enum byte from a word table, flag a 0/1 byte, para_version RisingHF's version choice.
def field(kind, params, name):
    present = name in params
    v = params.get(name)
    if kind == "i":
        return enc_int(as_int(v) if present else 0)
    if kind == "oi":
        return b"\x01" + enc_int(as_int(v)) if present else b"\x00"
    if kind == "s":
        return enc_str(v if present else "")
    if kind in ("os", "ob"):
        return b"\x01" + enc_str(v) if present else b"\x00"
    if kind == "hex":
        try:
            return enc_str(bytes.fromhex(v))
        except (TypeError, ValueError):
            return enc_str(v or "")
    if kind == "fmt":
        return b"\x00"  # ascii, the default input format
    if kind == "flag":
        return b"\x01" if str(v).upper() in ("1", "ON", "TRUE") else b"\x00"
    if kind == "para_version":
        return {"3.1.1": b"\x00\x00", "3.1": b"\x00\x01"}.get(v, b"\x01" + enc_str(v or ""))
    if kind.startswith("word:"):
        words = kind[5:].split("|")
        w = str(v).lower()
        return bytes([words.index(w) if w in words else as_int(v) % 256])
    if kind.startswith("fmtopt:"):
        return b"\x01" + bytes([as_int(v)]) if present else b"\x00"
    raise ValueError(kind)


def fields(spec, params):
    out = b""
    for kind, name in spec:
        if kind.startswith("list"):  # list:<max>:<elem kind>/<name>,...
            elems = [e.split("/") for e in kind.split(":", 2)[2].split(",")]
            cols = [params.get(n) for _, n in elems]
            cols = [c if isinstance(c, list) else ([] if c is None else [c]) for c in cols]
            count = len(cols[0])
            out += bytes([count])
            for k in range(count):
                row = {n: cols[c][k] for c, (_, n) in enumerate(elems) if k < len(cols[c])}
                out += b"".join(field(ek, row, n) for ek, n in elems)
        else:
            out += field(kind, params, name)
    return out


I, OI, S, OS = "i", "oi", "s", "os"
# dialect -> set-form command -> (case number in fuzz_at_encode.cpp, fields in read order); the case
# numbers and orders are those of fuzz/fuzz_at_encode.cpp.
SET_SCHEMA = {
    "quectel": {
        "QMTCFG/version": (0, [(I, "client_idx"), (OI, "vsn")]),
        "QMTCFG/pdpcid": (1, [(I, "client_idx"), (OI, "cid")]),
        "QMTCFG/ssl": (2, [(I, "client_idx"), (OI, "ssl_enable"), (OI, "ssl_ctx_idx")]),
        "QMTCFG/keepalive": (3, [(I, "client_idx"), (OI, "keep_alive_time")]),
        "QMTCFG/session": (4, [(I, "client_idx"), (OI, "clean_session")]),
        "QMTCFG/timeout": (5, [(I, "client_idx"), (OI, "pkt_timeout"), (OI, "retry_times"), (OI, "timeout_notice")]),
        "QMTCFG/will": (6, [(I, "client_idx"), (OI, "will_fg"), (OI, "will_qos"), (OI, "will_retain"),
                            (OS, "willtopic"), (OS, "willmessage")]),
        "QMTCFG/willex": (7, [(I, "client_idx"), (OI, "will_fg"), (OI, "will_qos"), (OI, "will_retain"),
                              (OS, "willtopic"), (OI, "will_len")]),
        "QMTCFG/recv/mode": (8, [(I, "client_idx"), (OI, "msg_rcv_mode"), (OI, "msg_len_enable")]),
        "QMTCFG/aliauth": (9, [(I, "client_idx"), (OS, "product_key"), (OS, "device_name"), (OS, "device_secret")]),
        "QMTCFG/qmtping": (10, [(I, "client_idx"), (OI, "qmtping_interval")]),
        "QMTCFG/send/mode": (11, [(I, "client_idx"), (OI, "send_mode")]),
        "QMTCFG/onenet": (12, [(I, "client_idx"), (OS, "product_id"), (OS, "access_key")]),
        "QMTCFG/hwauth": (13, [(I, "client_idx"), (OS, "product_id"), (OS, "device_secret")]),
        "QMTCFG/hwprodid": (14, [(I, "client_idx"), (OS, "product_id"), (OS, "product_secret"), (OS, "nodeid")]),
        "QMTCFG/dataformat": (15, [(I, "client_idx"), (OI, "send_mode"), (OI, "recv_mode")]),
        "QMTCFG/view/mode": (16, [(I, "client_idx"), (OI, "view_mode")]),
        "QMTCFG/edit/timeout": (17, [(I, "client_idx"), (OI, "edit_mode"), (OI, "edit_time")]),
        "QMTCFG/protocol/check": (18, [(I, "client_idx"), (OI, "protocol_check_enable")]),
        "QMTOPEN": (19, [(I, "client_idx"), (S, "host_name"), (I, "port")]),
        "QMTCLOSE": (20, [(I, "client_idx")]),
        "QMTCONN": (21, [(I, "client_idx"), (S, "clientid"), (OS, "username"), (OS, "password")]),
        "QMTDISC": (22, [(I, "client_idx")]),
        "QMTSUB": (23, [(I, "client_idx"), (I, "msgid"), ("list:13:s/topic,i/qos", "")]),
        "QMTUNS": (24, [(I, "client_idx"), (I, "msgid"), ("list:13:s/topic", "")]),
        "QMTPUBEX": (25, [(I, "client_idx"), (I, "msgid"), (I, "qos"), (I, "retain"), (S, "topic"), (I, "length")]),
        "QMTRECV": (26, [(I, "client_idx"), (OI, "recv_id")]),
        "QSSLCFG/cacert": (27, [(I, "sslctxid"), (OS, "cacertpath")]),
        "QSSLCFG/clientcert": (28, [(I, "sslctxid"), (OS, "client_cert_path")]),
        "QSSLCFG/clientkey": (29, [(I, "sslctxid"), (OS, "client_key_path")]),
        "QSSLCFG/seclevel": (30, [(I, "sslctxid"), (OI, "seclevel")]),
        "QSSLCFG/sslversion": (31, [(I, "sslctxid"), (OI, "sslversion")]),
        "QSSLCFG/ciphersuite": (32, [(I, "sslctxid"), (OS, "cipher_suites")]),
        "QSSLCFG/ignorelocaltime": (33, [(I, "sslctxid"), (OI, "ignore_ltime")]),
        "QFUPL": (34, [(S, "filename"), (OI, "file_size"), (OI, "timeout")]),
    },
    "onemo": {  # after the selector: the model byte (0: any model)
        "MQTTCFG/version": (0, [(I, "connect_id"), (OI, "version")]),
        "MQTTCFG/cid": (1, [(I, "connect_id"), (OI, "cid")]),
        "MQTTCFG/ssl": (2, [(I, "connect_id"), (OI, "ssl_enable"), (OI, "ssl_id")]),
        "MQTTCFG/keepalive": (3, [(I, "connect_id"), (OI, "keepalive_time")]),
        "MQTTCFG/clean": (4, [(I, "connect_id"), (OI, "clean_session")]),
        "MQTTCFG/retrans": (5, [(I, "connect_id"), (OI, "retrans_interval"), (OI, "retry_times")]),
        "MQTTCFG/willoption": (6, [(I, "connect_id"), (OI, "will_flag"), (OI, "will_qos"), (OI, "will_retain")]),
        "MQTTCFG/willpayload": (7, [(I, "connect_id"), ("ob", "will_topic"), (S, "will_msg"), ("fmt", "")]),
        "MQTTCFG/pingreq": (8, [(I, "connect_id"), (OI, "ping_interval")]),
        "MQTTCFG/pingresp": (9, [(I, "connect_id"), (OI, "pingack")]),
        "MQTTCFG/encoding": (10, [(I, "connect_id"), ("fmtopt:", "input_format"), ("fmtopt:", "output_format")]),
        "MQTTCFG/cached": (11, [(I, "connect_id"), (OI, "cached_mode")]),
        "MQTTCFG/reconn": (12, [(I, "connect_id"), (OI, "reconn_times"), (OI, "reconn_interval"), (OI, "mode")]),
        "MQTTCFG/query": (13, [(I, "connect_id")]),
        "MQTTCONN": (14, [(I, "connect_id"), (S, "host"), (OI, "port"), ("ob", "clientid"), (S, "user"), (S, "passwd")]),
        "MQTTSUB": (15, [(I, "connect_id"), ("list:5:s/topic,i/qos", "")]),
        "MQTTUNSUB": (17, [(I, "connect_id"), ("list:5:s/topic", "")]),
        "MQTTPUB": (18, [(I, "connect_id"), (S, "topic"), (I, "qos"), (I, "retain"), (I, "dup"), ("ob", "message"),
                         (OI, "msg_len"), ("fmt", "")]),
        "MQTTREAD": (19, [(I, "connect_id"), (OI, "count")]),
        "MQTTSTATE": (20, [(I, "connect_id")]),
        "MQTTDISC": (21, [(I, "connect_id")]),
    },
    "usr": {
        "WKMOD": (0, [("word:cmd|net|httpd|mqtt|mqtt_nor|mqtt_ali", "mode")]),
        "MQTTCFG": (1, [(I, "keepalive"), (I, "cleansession")]),
        "MQTTPUBTP": (2, [(I, "pubnum"), (I, "puben"), (S, "topic"), (I, "qos"), (I, "retained")]),
        "MQTTSUBTP": (3, [(I, "subnum"), (I, "suben"), (S, "topic"), (I, "qos")]),
        "MQTTWILL": (4, [(I, "willen"), (S, "topic"), (I, "qos"), (I, "retained"), (S, "msg")]),
        "MQTTMOD": (5, [("word:transparent|distribution", "mode")]),
        "MQTTVER": (6, [(I, "ver")]),
        "MQTTSVR": (7, [(S, "server"), (I, "port")]),
        "MQTTCID": (8, [(S, "clientid")]),
        "MQTTUSER": (9, [(S, "username")]),
        "MQTTPSW": (10, [(S, "password")]),
        "ALIREGION": (11, [(S, "regionid")]),
        "ALIPRODKEY": (12, [(S, "productkey")]),
        "ALIDEVSEC": (13, [(S, "devsec")]),
        "ALIDEVNAME": (14, [(S, "devname")]),
        "ALIDEVID": (15, [(S, "id")]),
        "SSLEN": (16, [("flag", "sta")]),
        "SSLCRT": (17, [("word:ca_crt|client_crt|client_private_key", "crt_code"), (S, "crt_or_key")]),
        "SSLAUTH": (18, [("word:none|peer|all", "type")]),
        "SSLCFG": (19, [("flag", "type")]),
    },
    "risinghf": {
        "IMQTTMODE": (0, [(I, "mode"), (I, "tls"), (OI, "recvmode")]),
        "IMQTTPARA": (1, [(I, "timeout"), (I, "clean"), (I, "keepalive"), ("para_version", "version")]),
        "IMQTTUSER": (2, [(S, "username"), (S, "password")]),
        "IMQTTADDR": (3, [(S, "addr"), (I, "port"), (S, "clientid")]),
        "IMQTTLWT": (4, [(S, "topic"), (I, "qos"), (S, "message"), (OI, "retained")]),
        "IMQTTLWTBIN": (5, [(S, "topic"), (I, "qos"), ("hex", "message"), (OI, "retained")]),
        "IMQTTSUB": (6, [(S, "topic"), (I, "qos")]),
        "IMQTTUNSUB": (7, [(S, "topic")]),
        "IMQTTPUB": (8, [(S, "topic"), (I, "qos"), (S, "message"), (OI, "retained")]),
        "IMQTTPUBIN": (9, [(S, "topic"), (I, "qos"), ("hex", "message"), (OI, "retained")]),
        "IMQTTPUBEX": (10, [(S, "topic"), (I, "qos"), (I, "retained"), (I, "size")]),
        "IMQTTAUTH": (11, [(S, "producekey"), (S, "devicename"), (S, "devicesecret")]),
        "IMQTTDYNREG/0": (12, [("flag", "-save0"), (I, "mode"), (S, "producekey"), (S, "devicename"), (S, "producesecret")]),
        "IMQTTDYNREG/1": (12, [("flag", "-save1"), (I, "mode"), (S, "producekey"), (S, "devicename"), (S, "producesecret")]),
        "IMQTTDYNREG/2": (17, []),
        "IMQTTRECVMODE": (13, [(I, "recvmode")]),
        "IMQTTRECV": (14, [(I, "count")]),
    },
}
CASES = {"quectel": 36, "onemo": 24, "usr": 22, "risinghf": 23}
DIALECT_BITS = {"quectel": 0, "onemo": 1, "usr": 2, "risinghf": 3}
# The rows of each dialect's command table (grammar.hpp), for the generic test / read / execute cases.
TABLE = {
    "quectel": ["QMTCFG", "QMTCFG/version", "QMTCFG/pdpcid", "QMTCFG/ssl", "QMTCFG/keepalive", "QMTCFG/session",
                "QMTCFG/timeout", "QMTCFG/will", "QMTCFG/willex", "QMTCFG/recv/mode", "QMTCFG/aliauth",
                "QMTCFG/qmtping", "QMTCFG/send/mode", "QMTCFG/onenet", "QMTCFG/hwauth", "QMTCFG/hwprodid",
                "QMTCFG/dataformat", "QMTCFG/view/mode", "QMTCFG/edit/timeout", "QMTCFG/protocol/check", "QMTOPEN",
                "QMTCLOSE", "QMTCONN", "QMTDISC", "QMTSUB", "QMTUNS", "QMTPUBEX", "QMTRECV", "QSSLCFG/cacert",
                "QSSLCFG/clientcert", "QSSLCFG/clientkey", "QSSLCFG/seclevel", "QSSLCFG/sslversion",
                "QSSLCFG/ciphersuite", "QSSLCFG/ignorelocaltime", "QFUPL"],
    "usr": ["WKMOD", "WKMOD/MQTT", "MQTTCFG", "MQTTPUBTP", "MQTTSUBTP", "MQTTWILL", "MQTTMOD", "MQTTVER", "MQTTSVR",
            "MQTTCID", "MQTTUSER", "MQTTPSW", "MQTTSTA", "ALIREGION", "ALIPRODKEY", "ALIDEVSEC", "ALIDEVNAME",
            "ALIDEVID", "SSLEN", "SSLCRT", "SSLAUTH", "SSLCFG", "S"],
    "risinghf": ["IMQTTMODE", "IMQTTPARA", "IMQTTUSER", "IMQTTADDR", "IMQTTLWT", "IMQTTLWTBIN", "IMQTTCONN",
                 "IMQTTDISCONN", "IMQTTSUB", "IMQTTUNSUB", "IMQTTPUB", "IMQTTPUBIN", "IMQTTPUBEX", "IMQTTSTATE",
                 "IMQTTAUTH", "IMQTTDYNREG", "IMQTTDYNREG/0", "IMQTTDYNREG/1", "IMQTTDYNREG/2", "IMQTTRECVMODE",
                 "IMQTTRECV"],
}


def selector(dialect, case):
    return bytes([(case << 2) | DIALECT_BITS[dialect]])


def at_encode_input(dialect, vector):
    """The fuzz_at_encode input for one jsonl vector, or None when this file has no schema for it."""
    name, form, params = vector["command"], vector["form"], vector["params"]
    if form == "set" and name == "WKMOD/MQTT" and dialect == "usr":
        server = str(params.get("server", "")).upper()
        return selector("usr", 0) + bytes([5 if server == "ALI" else 4])
    if form == "set":
        entry = SET_SCHEMA.get(dialect, {}).get(name)
        if entry is None:
            return None
        case, spec = entry
        if dialect == "risinghf" and name.startswith("IMQTTDYNREG/") and case == 12:
            params = dict(params, **{"-save0": 0, "-save1": 1})
        head = selector(dialect, case) + (b"\x00" if dialect == "onemo" else b"")
        return head + fields(spec, params)
    if dialect == "onemo":
        case = {("MQTTCFG", "test"): 22, ("MQTTCONN", "test"): 23}.get((name, form))
        return None if case is None else selector("onemo", case) + b"\x00"
    if dialect == "usr" and name == "S" and form == "execute":
        return selector("usr", 20)
    table = TABLE[dialect]
    base = name.split("/")[0] if name not in table else name
    if base not in table:
        return None
    row = bytes([table.index(base)])
    if dialect == "risinghf":
        bit = {"test": 0, "read": 1, "execute": 3}.get(form)
        return None if bit is None else selector(dialect, CASES[dialect] - 1) + row + bytes([bit])
    if form not in ("test", "read"):
        return None
    return selector(dialect, CASES[dialect] - 1) + row + (b"\x01" if form == "test" else b"\x00")


# ---- MQTT -------------------------------------------------------------------------------------------
def split_packets(wire):
    """Packets by their fixed headers; a malformed or short tail is returned as the last piece."""
    out, pos = [], 0
    while pos < len(wire):
        i, length, mult = pos + 1, 0, 1
        while i < len(wire) and i - pos <= 4:
            length += (wire[i] & 0x7F) * mult
            mult *= 128
            i += 1
            if not wire[i - 1] & 0x80:
                break
        else:
            out.append(wire[pos:])
            return out
        end = i + length
        out.append(wire[pos : min(end, len(wire))])
        pos = end
    return out


def without_remaining_length(wire):
    i = 1
    while i < len(wire) and i <= 4 and wire[i] & 0x80:
        i += 1
    return wire[:1] + wire[i + 1 :]


def read_hex_transcript(path):
    text = "".join(line.split("#", 1)[0] for line in path.read_text(encoding="utf-8").splitlines(True))
    return bytes.fromhex("".join(text.split()))


# ---- the seeds --------------------------------------------------------------------------------------
def my_seeds(verbose):
    seeds = []  # (target, data)

    def add(target, data):
        seeds.append((target, data))

    def at_lines(dialects, lines, label):
        """Response lines: each one seed of its dialects' decoders; all one of at_tokenizer / at_fields."""
        if not lines:
            return
        for line in lines:
            for d in dialects(line):
                target, prefix = DECODER[d]
                add(target, prefix + line)
        ds = sorted({d for line in lines for d in dialects(line)}) or [None]
        for d in ds:
            add("at_tokenizer", b"\x03" + bytes([LEX[d]]) + b"".join(lines))
            add("at_fields", bytes([LEX[d]]) + b"\n".join(l.rstrip(b"\r\n") for l in lines))

    # 1. command vectors
    skipped = []
    for path in sorted((TESTS / "dialects" / "commands").glob("*.jsonl")):
        dialect = path.name.split("_")[0]
        if dialect not in DIALECTS:
            continue
        echoes = []
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            vector = json.loads(line)
            wire = vector["bytes"].encode("utf-8")
            echoes.append(wire + b"\r\n")
            program = at_encode_input(dialect, vector)
            if program is None:
                skipped.append("%s %s %s" % (path.name, vector["command"], vector["form"]))
            else:
                add("at_encode", program)
        target, prefix = DECODER[dialect]
        add(target, prefix + b"".join(echoes))
        add("at_tokenizer", b"\x03" + bytes([LEX[dialect]]) + b"".join(echoes))
        add("at_fields", bytes([LEX[dialect]]) + b"\n".join(e.rstrip(b"\r\n") for e in echoes))
    if verbose and skipped:
        print("at_encode: no schema for %d vectors:\n  %s" % (len(skipped), "\n  ".join(skipped)))

    # 2. AT transcripts
    logs = sorted((TESTS / "dialects" / "transcripts").glob("*.log")) + sorted((ROOT / "examples" / "logs").glob("*.log"))
    for path in logs:
        dialect = path.name.split("_")[0]
        if dialect not in DIALECTS:
            continue
        data = path.read_bytes()
        if dialect != "usr":  # gen_usr_corpus.py has the USR sessions
            target, prefix = DECODER[dialect]
            add(target, prefix + data)
        add("at_tokenizer", b"\x03" + bytes([LEX[dialect]]) + data)
        add("at_fields", bytes([LEX[dialect]]) + data.replace(b"\r", b""))

    # 3. MQTT hex transcripts
    hexes = sorted((ROOT / "examples" / "logs").glob("*.hex")) + sorted((TESTS / "dialects" / "transcripts").glob("*.hex"))
    for path in hexes:
        wire = read_hex_transcript(path)
        add("mqtt_decode", wire)
        add("mqtt_stream", b"\x00" + wire)
        add("mqtt_stream", b"\x02\x01" + wire)
        for packet in split_packets(wire):
            add("mqtt_decode", packet)
            add("mqtt_encode", b"\x00" + without_remaining_length(packet))

    # 4. hostile MQTT vectors
    for literal in cpp_strings(TESTS / "hostile" / "test_mqtt.cpp"):
        wire = unhex(literal.decode("utf-8", "replace"))
        if wire:
            add("mqtt_decode", wire)
            add("mqtt_stream", b"\x00" + wire)
            if len(wire) < 255:
                add("mqtt_topic", b"\x00" + wire)

    # 5. AT string literals of the tests
    def at_literals(path):
        out = []
        for s in cpp_strings(path):
            if s.startswith((b"+", b"AT")):
                out.append(s if s.endswith(b"\n") else s + b"\r\n")
        return out

    for path in sorted((TESTS / "dialects").glob("test_*.cpp")):
        dialect = path.name[len("test_") :].split("_")[0].split(".")[0]
        if dialect in DIALECTS:
            at_lines(lambda line, d=dialect: (d,), at_literals(path), path.name)
    for name in ("test_dialects.cpp", "test_dialect_streams.cpp"):
        path = TESTS / "hostile" / name
        if path.exists():
            at_lines(dialect_of_line, at_literals(path), name)
    generic = [TESTS / "hostile" / "test_at.cpp"] + sorted((TESTS / "at").glob("test_*.cpp"))
    for path in generic:
        if path.exists():
            at_lines(lambda line: (), at_literals(path), path.name)
    return seeds


@functools.lru_cache(maxsize=None)
def load(name):
    spec = importlib.util.spec_from_file_location(name, pathlib.Path(__file__).with_name(name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def legacy_seeds():
    """{(target, file name): bytes} of gen_mqtt_corpus.py and gen_usr_corpus.py, run into a scratch folder."""
    out = {}
    with tempfile.TemporaryDirectory() as scratch:
        scratch = pathlib.Path(scratch)
        for name in ("gen_mqtt_corpus", "gen_usr_corpus"):
            module = load(name)
            module.CORPUS = scratch
            module.print = lambda *a, **k: None
            module.main()
        for path in sorted(scratch.glob("*/seed-*")):
            out[(path.parent.name, path.name)] = path.read_bytes()
    return out


def main(argv):
    check = "--check" in argv
    verbose = "--verbose" in argv or "-v" in argv
    legacy = legacy_seeds()
    missing, written, removed = [], 0, 0
    legacy_targets = {t for t, _ in legacy}
    # The older generators' files: exactly these, by name and content.
    for (target, name), data in sorted(legacy.items()):
        path = CORPUS / target / name
        if path.exists() and path.read_bytes() == data:
            continue
        if check:
            missing.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            written += 1
    stale = []
    for target in sorted(legacy_targets):
        for path in (CORPUS / target).glob("seed-*"):
            if not MINE.fullmatch(path.name) and (target, path.name) not in legacy:
                stale.append(path)
    # The content-named seeds: present when the corpus holds the content under any name.
    wanted = {}
    for target, data in my_seeds(verbose):
        wanted.setdefault(target, {})[hashlib.sha1(data).hexdigest()] = data
    counts = {}
    for target, by_hash in sorted(wanted.items()):
        folder = CORPUS / target
        present = set()
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            if not path.is_file():
                continue
            if MINE.fullmatch(path.name) and not any(h.startswith(path.name[5:]) for h in by_hash):
                stale.append(path)
            else:
                present.add(hashlib.sha1(path.read_bytes()).hexdigest())
        counts[target] = 0
        for h, data in sorted(by_hash.items()):
            if h in present:
                counts[target] += (folder / ("seed-" + h[:16])).exists()
                continue
            path = folder / ("seed-" + h[:16])
            if check:
                missing.append(str(path.relative_to(ROOT)))
            else:
                folder.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                written += 1
                counts[target] += 1
    for path in stale:  # produced by no source any more: removed, never a failure of --check
        if check:
            print("note: stale seed %s (a rerun removes it)" % path.relative_to(ROOT))
        else:
            path.unlink()
            removed += 1
    if check:
        if missing:
            print("fuzz seed corpora out of date (%d files); run python3 tools/fuzz/gen_seed_corpus.py:" % len(missing))
            for m in missing[:40]:
                print("  " + m)
            return 1
        print("fuzz seed corpora up to date")
        return 0
    for target, n in sorted(counts.items()):
        print("%s: %d content-named seeds" % (target, n))
    print("written %d, removed %d" % (written, removed))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
