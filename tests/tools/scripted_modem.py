#!/usr/bin/env python3
"""A scripted Quectel/OneMO/RisingHF modem on a pseudo-terminal, for the serial plumbing of
`atmqtt pub|sub --dialect D --device PATH` (tests/tools/cli_pubsub_at.sh). It is not the virtual modem
(`atmqtt modem`, a simulator bridged to a broker): it answers each command as the manual's examples do,
records what was published to RECORD, and pushes the messages given with --push after a subscribe.

    scripted_modem.py DIALECT LINK RECORD [--push TOPIC=HEX ...]
"""
import os
import pty
import re
import sys
import termios
import tty

dialect, link, record = sys.argv[1], sys.argv[2], sys.argv[3]
pushes = []
args = sys.argv[4:]
while args:
    if args[0] == "--push":
        topic, hexpayload = args[1].split("=", 1)
        pushes.append((topic.encode(), bytes.fromhex(hexpayload)))
        args = args[2:]
    else:
        sys.exit("unknown argument " + args[0])

master, slave = pty.openpty()
tty.setraw(slave)
if os.path.lexists(link):
    os.unlink(link)
os.symlink(os.ttyname(slave), link)
buf = b""


def send(data):
    os.write(master, data)


def read_exact(n):
    global buf
    while len(buf) < n:
        buf += os.read(master, 4096)
    data, buf = buf[:n], buf[n:]
    return data


def read_line():
    global buf
    while b"\r" not in buf:
        chunk = os.read(master, 4096)
        if not chunk:
            sys.exit(0)
        buf += chunk
    line, buf = buf.split(b"\r", 1)
    return line.lstrip(b"\n")


def ok(then=b""):
    send(b"\r\nOK\r\n" + (b"\r\n" + then + b"\r\n" if then else b""))


def message_urc(topic, payload, mid):
    if dialect == "quectel":
        return b'+QMTRECV: 0,%d,"%s",%d,"%s"' % (mid, topic, len(payload), payload)
    if dialect == "onemo":
        return b'+MQTTURC: "publish",0,%d,"%s",%d,%d,%s' % (mid, topic, len(payload), len(payload), payload)
    return b'+IMQTTRCVPUB:%d,"%s",%d,"%s"' % (mid, topic, len(payload), payload)


def published(data):
    with open(record, "ab") as f:
        f.write(data)


while True:
    line = read_line()
    send(line + b"\r")  # echo, as the manuals' examples show
    text = line.decode("latin-1")
    if dialect == "quectel":
        if m := re.match(r'AT\+QMTPUBEX=0,(\d+),\d,\d,".*",(\d+)$', text):
            send(b"\r\n>")
            data = read_exact(int(m.group(2)))
            send(data)  # the data is echoed too, as the manual's example shows
            published(data)
            ok(b"+QMTPUBEX: 0,%s,0" % m.group(1).encode())
        elif text.startswith("AT+QMTOPEN="):
            ok(b"+QMTOPEN: 0,0")
        elif text.startswith("AT+QMTCONN="):
            ok(b"+QMTCONN: 0,0,0")
        elif m := re.match(r'AT\+QMTSUB=0,(\d+),"[^"]*",(\d)$', text):
            ok(b"+QMTSUB: 0,%s,0,%s" % (m.group(1).encode(), m.group(2).encode()))
            for i, (t, p) in enumerate(pushes):
                send(b"\r\n" + message_urc(t, p, i + 1) + b"\r\n")
        elif text.startswith("AT+QMTDISC="):
            ok(b"+QMTDISC: 0,0")
        else:
            ok()
    elif dialect == "onemo":
        if m := re.match(r'AT\+MQTTPUB=0,"[^"]*",(\d),\d,\d,\d+,"([0-9A-F]*)"$', text):
            published(bytes.fromhex(m.group(2)))
            send(b"\r\n+MQTTPUB: 0,42,20\r\n")
            ok(b'+MQTTURC: "puback",0,42,0' if m.group(1) == "1" else
               b'+MQTTURC: "pubrec",0,42,0\r\n\r\n+MQTTURC: "pubcomp",0,42,0' if m.group(1) == "2" else b"")
        elif text.startswith("AT+MQTTCONN="):
            ok(b'+MQTTURC: "conn",0,0')
        elif m := re.match(r'AT\+MQTTSUB=0,"[^"]*",(\d)$', text):
            send(b"\r\n+MQTTSUB: 0,7\r\n")
            ok(b'+MQTTURC: "suback",0,7,%s' % m.group(1).encode())
            for i, (t, p) in enumerate(pushes):
                send(b"\r\n" + message_urc(t, p, i + 1) + b"\r\n")
        elif text.startswith("AT+MQTTDISC="):
            ok(b'+MQTTURC: "conn",0,2')
        else:
            ok()
    else:
        if m := re.match(r"AT\+IMQTTPUBEX=.*,\d,\d,(\d+)$", text):
            send(b"\r\n>")
            data = read_exact(int(m.group(1)))
            send(data)
            published(data)
            ok(b"+IMQTTPUBEX:11,0")
        elif text == "AT+IMQTTCONN":
            ok(b"+IMQTTCONN:0")
        elif m := re.match(r"AT\+IMQTTSUB=.*,(\d)$", text):
            ok(b"+IMQTTSUB:2,%s" % m.group(1).encode())
            for i, (t, p) in enumerate(pushes):
                send(b"\r\n" + message_urc(t, p, i + 1) + b"\r\n")
        elif text == "AT+IMQTTDISCONN":
            ok(b"+IMQTTCONN:-1")
        else:
            ok()
