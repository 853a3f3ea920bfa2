#!/usr/bin/env python3
"""rcvbuf-probe.py URL OUT - a plain HTTP/1.1 reader for ../shared/bench/netns_bottleneck.sh that shows why the
back-off sizes the receive buffer. It reads at RATE bytes/s (0 = as fast as it comes), with SO_RCVBUF set to RCVBUF
before connecting (0 = the kernel's autotuning), and writes what it got to OUT. Reading below the link's rate is not
enough by itself: with an autotuned buffer the sender keeps filling the bottleneck's queue until the buffer is full.
Example (root): RATE=2000000 ../shared/bench/netns_bottleneck.sh 'python3 bench/rcvbuf-probe.py {url} {out}'"""
import os, socket, sys, time

url, out = sys.argv[1], sys.argv[2]
rate, rcvbuf = float(os.environ.get("RATE", "0")), int(os.environ.get("RCVBUF", "0"))
hostport, path = url[len("http://"):].split("/", 1)
host, port = hostport.split(":")
s = socket.socket()
if rcvbuf:
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
s.connect((host, int(port)))
s.sendall(f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\n\r\n".encode())
start, got = time.monotonic(), 0
with open(out, "wb", buffering=0) as f:
    while True:
        data = s.recv(16384 if rate else 262144)
        if not data:
            break
        f.write(data)
        got += len(data)
        due = start + got / rate if rate else 0
        if due > time.monotonic():
            time.sleep(due - time.monotonic())
