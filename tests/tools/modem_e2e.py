#!/usr/bin/env python3
"""Drives `atmqtt modem` end to end for one dialect:  modem_e2e.py TOOL DIALECT PORT WORKDIR

Starts the modem on a pseudo-terminal bridged to mosquitto on 127.0.0.1:PORT, writes the dialect's AT
commands (open, connect, subscribe, publish), checks that mosquitto_sub receives the published payload
byte for byte and that a mosquitto_pub message comes out as the dialect's URC (USR: as a data frame).
Exit 0 when everything matched; prints FAIL lines otherwise.
"""
import os
import signal
import subprocess
import sys
import termios
import time
import tty

tool, dialect, port, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
link = os.path.join(work, "tty-" + dialect)
topic_up, topic_down = "e2e/%s/up" % dialect, "e2e/%s/down" % dialect
payload = b'a,"b"\r\nc' if dialect != "usr" else b"usr, frame"

# (bytes the host writes, bytes the modem must answer with before the next step); echo is off.
SCRIPTS = {
    "quectel": [
        (b"ATE0\r", b"OK\r\n"),
        (b'AT+QMTOPEN=0,"broker",1883\r', b"+QMTOPEN: 0,0\r\n"),
        (b'AT+QMTCONN=0,"e2e-quectel"\r', b"+QMTCONN: 0,0,0\r\n"),
        (b'AT+QMTSUB=0,1,"%s",1\r' % topic_down.encode(), b"+QMTSUB: 0,1,0,1\r\n"),
        (b'AT+QMTPUBEX=0,2,1,0,"%s",%d\r' % (topic_up.encode(), len(payload)), b">"),
        (payload, b"+QMTPUBEX: 0,2,0\r\n"),
    ],
    "onemo": [
        (b"ATE0\r", b"OK\r\n"),
        (b'AT+MQTTCONN=0,"broker",1883,"e2e-onemo","",""\r', b'+MQTTURC: "conn",0,0\r\n'),
        (b'AT+MQTTSUB=0,"%s",1\r' % topic_down.encode(), b'"suback",0,1,1\r\n'),
        (b'AT+MQTTPUB=0,"%s",1,0,0,%d\r' % (topic_up.encode(), len(payload)), b">"),
        (payload, b'+MQTTURC: "puback",0,2,0\r\n'),
    ],
    "risinghf": [
        (b"ATE0\r", b"OK\r\n"),
        (b'AT+IMQTTADDR=broker,1883,"e2e-risinghf"\r', b"OK\r\n"),
        (b"AT+IMQTTCONN\r", b"+IMQTTCONN:0\r\n"),
        (b"AT+IMQTTSUB=%s,1\r" % topic_down.encode(), b"+IMQTTSUB:2,1\r\n"),
        (b"AT+IMQTTPUBEX=%s,1,0,%d\r" % (topic_up.encode(), len(payload)), b">"),
        (payload, b"+IMQTTPUBEX:3,0\r\n"),
    ],
    "usr": [
        (b"ATE0\r", b"OK\r\n"),
        (b"AT+WKMOD=MQTT,NOR\r", b"OK\r\n"),
        (b"AT+MQTTSVR=broker,1883\r", b"OK\r\n"),
        (b"AT+MQTTCID=e2e-usr\r", b"OK\r\n"),
        (b"AT+MQTTVER=4\r", b"OK\r\n"),
        (b"AT+MQTTSUBTP=1,1,%s,1\r" % topic_down.encode(), b"OK\r\n"),
        (b"AT+MQTTPUBTP=1,1,%s,1,0\r" % topic_up.encode(), b"OK\r\n"),
        (b"AT+S\r", b"OK\r\n"),
    ],
}
DOWN = {"quectel": b'+QMTRECV: 0,1,"%s","down,1"\r\n' % topic_down.encode(),
        "onemo": b'+MQTTURC: "publish",0,1,"%s",6,6,down,1\r\n' % topic_down.encode(),
        "risinghf": b'+IMQTTRCVPUB:1,"%s",6,"down,1"\r\n' % topic_down.encode(),
        "usr": b"down,1"}

failures = []
received = b""


def read_until(fd, wanted, timeout=3.0):
    global received
    end = time.time() + timeout
    while wanted not in received and time.time() < end:
        try:
            chunk = os.read(fd, 4096)
            received += chunk
        except BlockingIOError:
            time.sleep(0.01)
    if wanted not in received:
        failures.append("no %r from the modem; it wrote %r" % (wanted, received[-200:]))
        return False
    received = received[received.index(wanted) + len(wanted):]
    return True


modem = subprocess.Popen([tool, "modem", "--dialect", dialect, "--broker", "127.0.0.1:" + port, "--link", link],
                         stderr=open(os.path.join(work, "modem-%s.err" % dialect), "w"))
sub = None
try:
    for _ in range(200):
        if os.path.islink(link):
            break
        time.sleep(0.01)
    fd = os.open(link, os.O_RDWR | os.O_NOCTTY | os.O_NONBLOCK)
    tty.setraw(fd, termios.TCSANOW)
    sub = subprocess.Popen(["mosquitto_sub", "-h", "127.0.0.1", "-p", port, "-t", topic_up, "-C", "1", "-W", "5", "-N"],
                           stdout=subprocess.PIPE)
    time.sleep(0.3)  # mosquitto_sub subscribes
    for host, answer in SCRIPTS[dialect]:
        os.write(fd, host)
        if not read_until(fd, answer):
            break
    if dialect == "usr":
        time.sleep(0.3)  # the module connects and subscribes by itself after AT+S
        os.write(fd, payload)
    if not failures:
        out, _ = sub.communicate(timeout=6)
        if out != payload:
            failures.append("mosquitto_sub got %r, expected %r" % (out, payload))
        subprocess.run(["mosquitto_pub", "-h", "127.0.0.1", "-p", port, "-t", topic_down, "-m", "down,1", "-q", "1"],
                       check=True)
        read_until(fd, DOWN[dialect])
    os.close(fd)
finally:
    if sub is not None and sub.poll() is None:
        sub.kill()
    modem.send_signal(signal.SIGTERM)
    try:
        modem.wait(timeout=3)
    except subprocess.TimeoutExpired:
        modem.kill()
        failures.append("atmqtt modem did not stop on SIGTERM")
    if os.path.lexists(link):
        failures.append("the link %s was not removed" % link)

for f in failures:
    print("FAIL %s: %s" % (dialect, f))
sys.exit(1 if failures else 0)
