#!/usr/bin/env python3
"""Holds a connection flood against a server and times normal requests meanwhile.

Opens IDLE connections that send nothing and SLOW ones that send a request line and one header, then
one more header line every --trickle seconds without ever ending their head (as slowloris does). A
connection the server closes is opened again, so the flood keeps its size for as long as it runs, as a
client bent on it would. Meanwhile each --interval it sends one of each --get/--post request, each on a
new connection (as a probe does), with a --timeout, and finally prints, per request, how many were sent,
answered 200, p50/p99/max and how many took longer than 2 s. Standard library only.

  flood.py --port 8080 --idle 4000 --slow 2000 --duration 60 \\
      --get png=/api/v1/...png --get liveness=:8081/actuator/health/liveness --post predict=/api/...=image/png=@file.png
A path may start with :PORT to go to another port of the same host.
"""
import argparse
import http.client
import selectors
import socket
import statistics
import sys
import threading
import time

HOST = "127.0.0.1"


def parse_target(spec, default_port, post):
    name, rest = spec.split("=", 1)
    body, content_type = None, None
    if post:
        rest, content_type, body_file = rest.rsplit("=", 2)
        with open(body_file.lstrip("@"), "rb") as f:
            body = f.read()
    port = default_port
    if rest.startswith(":"):
        port_text, rest = rest[1:].split("/", 1)
        port, rest = int(port_text), "/" + rest
    return {"name": name, "port": port, "path": rest, "method": "POST" if post else "GET", "body": body,
            "type": content_type, "times": [], "ok": 0, "failures": {}}


class Flood:
    """The flood's connections, kept at their number by a thread of their own."""

    def __init__(self, port, idle, slow, trickle, connect_timeout):
        self.port, self.idle_target, self.slow_target = port, idle, slow
        self.trickle, self.connect_timeout = trickle, connect_timeout
        self.selector = selectors.DefaultSelector()
        self.kind = {}  # socket -> "idle" | "slow"
        self.reopened = 0
        self.stopping = False
        self.lock = threading.Lock()

    def count(self, kind):
        with self.lock:
            return sum(1 for k in self.kind.values() if k == kind)

    def open(self, kind, n):
        pending = []
        for _ in range(n):
            s = socket.socket()
            s.setblocking(False)
            try:
                s.connect((HOST, self.port))
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                continue
            pending.append(s)
        done = []
        waiting = selectors.DefaultSelector()
        for s in pending:
            waiting.register(s, selectors.EVENT_WRITE)
        deadline = time.time() + self.connect_timeout
        while waiting.get_map() and time.time() < deadline:
            for key, _ in waiting.select(0.2):
                s = key.fileobj
                waiting.unregister(s)
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) == 0:
                    done.append(s)
                else:
                    s.close()
        for key in list(waiting.get_map().values()):
            key.fileobj.close()  # still pending past the backlog: give up on it
        waiting.close()
        for s in done:
            if kind == "slow":
                try:
                    s.send(b"GET /api/v1/datasets HTTP/1.1\r\nHost: flood\r\nX-Flood: 0\r\n")
                except OSError:
                    s.close()
                    continue
            with self.lock:
                self.kind[s] = kind
                self.selector.register(s, selectors.EVENT_READ)
        return len(done)

    def run(self):
        next_trickle = time.time() + self.trickle
        line = 1
        while not self.stopping:
            closed = []
            for key, _ in self.selector.select(0.5):
                try:
                    data = key.fileobj.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    closed.append(key.fileobj)
            for s in closed:
                self.drop(s)
            if time.time() >= next_trickle:
                for s, kind in list(self.kind.items()):
                    if kind == "slow":
                        try:
                            s.send(b"X-Flood-%d: x\r\n" % line)
                        except OSError:
                            self.drop(s)
                line += 1
                next_trickle = time.time() + self.trickle
            for kind, target in (("idle", self.idle_target), ("slow", self.slow_target)):
                missing = target - self.count(kind)
                if missing > 0 and not self.stopping:
                    self.reopened += self.open(kind, min(missing, 500))

    def drop(self, s):
        with self.lock:
            if s in self.kind:
                del self.kind[s]
                self.selector.unregister(s)
        s.close()

    def close(self):
        self.stopping = True
        with self.lock:
            for s in list(self.kind):
                s.close()
            self.kind.clear()


def timed_request(target, timeout):
    start = time.perf_counter()
    try:
        connection = http.client.HTTPConnection(HOST, target["port"], timeout=timeout)
        headers = {"Connection": "close"}
        if target["type"]:
            headers["Content-Type"] = target["type"]
        connection.request(target["method"], target["path"], body=target["body"], headers=headers)
        response = connection.getresponse()
        response.read()
        connection.close()
        status = response.status
    except (OSError, http.client.HTTPException) as ex:
        status = type(ex).__name__
    elapsed = time.perf_counter() - start
    return status, elapsed


def percentile(sorted_values, p):
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, int(round(p / 100 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--idle", type=int, default=4000)
    parser.add_argument("--slow", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=60)
    parser.add_argument("--interval", type=float, default=0.5)
    parser.add_argument("--trickle", type=float, default=5)
    parser.add_argument("--timeout", type=float, default=10)
    parser.add_argument("--hold-after", type=float, default=0, help="seconds to keep the flood open after measuring")
    parser.add_argument("--get", action="append", default=[])
    parser.add_argument("--post", action="append", default=[])
    parser.add_argument("--label", default="server")
    args = parser.parse_args()

    targets = [parse_target(t, args.port, False) for t in args.get] + [parse_target(t, args.port, True) for t in args.post]
    flood = Flood(args.port, args.idle, args.slow, args.trickle, connect_timeout=10)
    opening = time.time()
    idle = flood.open("idle", args.idle)
    slow = flood.open("slow", args.slow)
    print(f"{args.label}: flood open in {time.time() - opening:.1f} s: {idle} idle, {slow} slow connections", flush=True)
    holder = threading.Thread(target=flood.run, daemon=True)
    holder.start()

    end = time.time() + args.duration
    while time.time() < end:
        round_start = time.time()
        for target in targets:
            status, elapsed = timed_request(target, args.timeout)
            target["times"].append(elapsed)
            if status == 200:
                target["ok"] += 1
            else:
                target["failures"][status] = target["failures"].get(status, 0) + 1
        time.sleep(max(0.0, args.interval - (time.time() - round_start)))
    held_idle, held_slow = flood.count("idle"), flood.count("slow")
    print(f"{args.label}: measuring ended with {held_idle} idle and {held_slow} slow connections open; "
          f"{flood.reopened} opened again after the server closed them", flush=True)
    if args.hold_after > 0:
        print("holding", flush=True)
        time.sleep(args.hold_after)
    flood.close()

    print(f"{'request':<22} {'sent':>5} {'200':>5} {'p50 ms':>9} {'p99 ms':>9} {'max ms':>9} {'> 2 s':>6}  failures")
    for t in targets:
        times = sorted(t["times"])
        slow_count = sum(1 for x in times if x > 2)
        failures = ", ".join(f"{k}: {v}" for k, v in t["failures"].items()) or "-"
        print(f"{args.label + ' ' + t['name']:<22} {len(times):>5} {t['ok']:>5} {percentile(times, 50) * 1000:>9.1f} "
              f"{percentile(times, 99) * 1000:>9.1f} {max(times, default=float('nan')) * 1000:>9.1f} {slow_count:>6}  {failures}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
