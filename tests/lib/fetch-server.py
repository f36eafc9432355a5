#!/usr/bin/env python3
# fetch-server.py - HTTP and TFTP servers that misbehave on purpose, for
# tests/integration/fetch.t (the well-behaved servers there are the real
# dnsmasq and busybox httpd).
#
# Usage: fetch-server.py ROOT ADDRESS HTTP_PORT TFTP_PORT LOG
#
# HTTP paths:
#   /chunked/FILE        FILE with Transfer-Encoding: chunked, odd chunk
#                        sizes, a chunk extension and a trailer
#   /redirect/N/FILE     N redirects (relative, absolute and scheme-
#                        relative Locations in turn), then FILE
#   /loop                redirects to itself forever
#   /status/CODE         answers CODE
#   /stall               announces 1000 bytes, sends 10, then waits 60 s
#   /FILE                FILE with a Content-Length
# TFTP (RFC 1350 with blksize, tsize, windowsize): the file name's first
# folder picks a fault, the rest is the file under ROOT:
#   plain/F   honest      noopt/F  ignores the options (plain DATA)
#   opterr/F  refuses options with ERROR 8, serves a plain request
#   drop/F    loses every 50th block the first time it is sent
#   dup/F     sends every block twice
#   tid/F     also sends a block from a stranger's port, and logs
#             "tid: error 5" when the client answers that port with ERROR 5
#   silent/F  answers the request, then sends nothing more
import os
import socket
import struct
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ROOT, ADDR, HTTP_PORT, TFTP_PORT, LOG = sys.argv[1:6]
log_lock = threading.Lock()


def log(msg):
    with log_lock, open(LOG, "a") as f:
        f.write(msg + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        log("http: " + fmt % args)

    def redirect(self, where):
        self.send_response(302)
        self.send_header("Location", where)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"moved")

    def do_GET(self):
        p = self.path
        if p.startswith("/redirect/"):
            _, _, n, name = p.split("/", 3)
            n = int(n)
            if n == 0:
                return self.file(name, False)
            nxt = "/redirect/%d/%s" % (n - 1, name)
            if n % 3 == 0:
                nxt = "http://%s:%s%s" % (ADDR, HTTP_PORT, nxt)
            elif n % 3 == 1:
                nxt = "../%d/%s" % (n - 1, name)
            else:
                nxt = "//%s:%s%s" % (ADDR, HTTP_PORT, nxt)
            return self.redirect(nxt)
        if p == "/loop":
            return self.redirect("/loop")
        if p.startswith("/status/"):
            code = int(p[8:])
            self.send_response(code)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if p == "/stall":
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            time.sleep(60)
            return
        if p.startswith("/chunked/"):
            return self.file(p[9:], True)
        return self.file(p[1:], False)

    def file(self, name, chunked):
        path = os.path.join(ROOT, name)
        if not os.path.isfile(path):
            self.send_error(404)
            return
        data = open(path, "rb").read()
        self.send_response(200)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if not chunked:
            self.wfile.write(data)
            return
        off, size, first = 0, 1, True
        while off < len(data):
            piece = data[off:off + size]
            ext = ";name=value" if first else ""
            self.wfile.write(b"%x%s\r\n" % (len(piece), ext.encode()))
            self.wfile.write(piece + b"\r\n")
            off += len(piece)
            size = size * 7 % 70001 + 1
            first = False
        self.wfile.write(b"0\r\nX-Trailer: yes\r\n\r\n")


def tftp_error(sock, to, code, msg):
    sock.sendto(struct.pack("!HH", 5, code) + msg.encode() + b"\0", to)


def tftp_transfer(req, client):
    parts = req[2:].split(b"\0")
    name = parts[0].decode()
    opts = {}
    for i in range(2, len(parts) - 1, 2):
        opts[parts[i].decode().lower()] = parts[i + 1].decode()
    fault, _, rel = name.partition("/")
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((ADDR, 0))
    sock.settimeout(0.3)
    path = os.path.join(ROOT, rel)
    if not os.path.isfile(path):
        return tftp_error(sock, client, 1, "no such file " + rel)
    if fault == "opterr" and opts:
        return tftp_error(sock, client, 8, "no options here")
    data = open(path, "rb").read()
    blksize, window = 512, 1
    if opts and fault != "noopt":
        oack = b""
        if "blksize" in opts:
            blksize = min(int(opts["blksize"]), 1468)
            oack += b"blksize\0%d\0" % blksize
        if "windowsize" in opts:
            window = min(int(opts["windowsize"]), 32)
            oack += b"windowsize\0%d\0" % window
        if "tsize" in opts:
            oack += b"tsize\0%d\0" % len(data)
        pkt = struct.pack("!H", 6) + oack
        for _ in range(20):
            sock.sendto(pkt, client)
            try:
                ack, frm = sock.recvfrom(65536)
            except socket.timeout:
                continue
            if frm == client and ack[:4] == b"\0\4\0\0":
                break
        else:
            return
    nblocks = len(data) // blksize + 1
    if fault == "silent":
        time.sleep(10)
        return
    dropped = set()
    base, tries = 1, 0
    while base <= nblocks and tries < 20:
        last = min(base + window - 1, nblocks)
        for k in range(base, last + 1):
            pkt = struct.pack("!HH", 3, k & 0xFFFF) + \
                data[(k - 1) * blksize:k * blksize]
            if fault == "drop" and k % 50 == 0 and k not in dropped:
                dropped.add(k)
                continue
            sock.sendto(pkt, client)
            if fault == "dup":
                sock.sendto(pkt, client)
            if fault == "tid" and k == 3:
                stranger = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                stranger.bind((ADDR, 0))
                stranger.settimeout(2)
                stranger.sendto(pkt, client)
                try:
                    ans, _ = stranger.recvfrom(1024)
                    code = struct.unpack("!HH", ans[:4])
                    log("tid: %s %d" % ("error" if code[0] == 5 else "op",
                                        code[1]))
                except socket.timeout:
                    log("tid: no answer")
                stranger.close()
        # Wait for the ACK of this window (or of where to restart from).
        progressed = False
        deadline = time.time() + 0.3
        while time.time() < deadline:
            try:
                ack, frm = sock.recvfrom(65536)
            except socket.timeout:
                break
            if frm != client or len(ack) < 4:
                continue
            op, blk = struct.unpack("!HH", ack[:4])
            if op == 5:
                log("tftp: client error %d" % blk)
                return
            if op != 4:
                continue
            absolute = base - 1 + ((blk - (base - 1)) & 0xFFFF)
            if absolute > last:
                continue
            if absolute >= base:
                base = absolute + 1
                progressed = True
            # The end of the window, or where the client saw a gap.
            break
        tries = 0 if progressed else tries + 1
    log("tftp: sent %s" % name)


def tftp_server():
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind((ADDR, int(TFTP_PORT)))
    while True:
        req, client = sock.recvfrom(65536)
        if req[:2] == b"\0\1":
            threading.Thread(target=tftp_transfer, args=(req, client),
                             daemon=True).start()


threading.Thread(target=tftp_server, daemon=True).start()
ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer((ADDR, int(HTTP_PORT)), Handler).serve_forever()
