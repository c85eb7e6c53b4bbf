#!/usr/bin/env python3
"""service_load.py - load benchmark of `ecoroute serve`.

    bench/service_load.py [--bin build/bin/ecoroute] [--clients 1,8,64] [--requests M]
                          [--boxes 100] [--time-limit 1] [--workers W] [--queue Q]
                          [--models gen|plain] [--unix] [--out FILE.json]

For each N in --clients, starts a fresh server (on tcp://127.0.0.1:0, or a
Unix socket with --unix), then N clients each send M solve requests of
generated city models (`ecoroute gen --city almaty --boxes 100`, several
seeds; --models plain turns them into one-trip models without facilities,
one truck type and every box mandatory, which the metaheuristic handles and
so runs to the time limit, where the full models may get the construction
heuristic at once) with the given time limit, one at a time (closed loop: the next is
sent when the reply is in). Prints a Markdown table: requests, ok,
rejected ("busy"), other errors, wall time, throughput (answered solves per
second), latency p50/p95/p99 and max (from sending a request to its reply),
and the server's peak resident memory (VmHWM from /proc/PID/status).
With M = 0 (the default) M is chosen so that each run keeps the workers
busy for about 20 s: max(2, 20 * W / (N * time limit)).
Standard library only.
"""
import argparse
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def pct(values, q):
    if not values:
        return float("nan")
    v = sorted(values)
    rank = max(1, int(q * len(v) + 0.999999))
    return v[rank - 1]


def peak_rss_kb(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class Server:
    def __init__(self, binary, args, tmpdir, unix):
        self.log_path = os.path.join(tmpdir, "server.log")
        self.sock_path = os.path.join(tmpdir, "bench.sock")
        listen = "unix:" + self.sock_path if unix else "tcp://127.0.0.1:0"
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen([binary, "serve", "--listen", listen, "--log-level", "warn"] + args,
                                     stdout=subprocess.DEVNULL, stderr=self.logf)
        self.addr = None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and self.proc.poll() is None:
            text = open(self.log_path, errors="replace").read()
            if "event=ready" in text:
                self.addr = re.search(r"event=listening addr=(\S+)", text).group(1)
                break
            time.sleep(0.02)
        if not self.addr:
            self.stop()
            sys.exit("the server did not start:\n" + open(self.log_path, errors="replace").read())

    def connect(self):
        if self.addr.startswith("unix:"):
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect(self.addr[5:])
            return s
        host, port = re.match(r"tcp://([^:]+):(\d+)$", self.addr).groups()
        return socket.create_connection((host, int(port)))

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.logf.close()
        return self.proc.returncode


def run(binary, models, n_clients, per_client, time_limit, server_args, unix, tmpdir):
    srv = Server(binary, server_args, tmpdir, unix)
    lat, codes, errors = [], {}, []
    lock = threading.Lock()
    barrier = threading.Barrier(n_clients + 1)

    def client(k):
        try:
            s = srv.connect()
            s.settimeout(600)
            buf = b""
            barrier.wait()
            for m in range(per_client):
                model = models[(k + m) % len(models)]
                req = json.dumps({"id": "%d-%d" % (k, m), "kind": "solve", "model": model,
                                  "options": {"time_limit_s": time_limit, "seed": 1 + m}},
                                 separators=(",", ":")).encode() + b"\n"
                t0 = time.monotonic()
                s.sendall(req)
                while b"\n" not in buf:
                    chunk = s.recv(1 << 16)
                    if not chunk:
                        raise RuntimeError("server closed the connection")
                    buf += chunk
                line, buf = buf.split(b"\n", 1)
                dt = time.monotonic() - t0
                r = json.loads(line)
                code = r.get("status", "ok") if r.get("ok") else r["error"]["code"]
                with lock:
                    codes[code] = codes.get(code, 0) + 1
                    if r.get("ok"):
                        lat.append(dt)
            s.close()
        except BaseException as e:  # noqa: BLE001
            with lock:
                errors.append("client %d: %s" % (k, e))
            try:
                barrier.abort()
            except threading.BrokenBarrierError:
                pass

    threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(n_clients)]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.monotonic()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    hwm = peak_rss_kb(srv.proc.pid)
    rc = srv.stop()
    if errors:
        print("errors: " + "; ".join(errors[:5]), file=sys.stderr)
    answered = sum(v for k, v in codes.items() if k in ("ok", "infeasible"))
    return {
        "clients": n_clients, "per_client": per_client, "requests": n_clients * per_client,
        "ok": answered, "rejected": codes.get("busy", 0),
        "other_errors": sum(v for k, v in codes.items() if k not in ("ok", "infeasible", "busy")),
        "codes": codes, "wall_s": wall, "throughput_per_s": answered / wall if wall > 0 else 0,
        "p50_s": pct(lat, 0.50), "p95_s": pct(lat, 0.95), "p99_s": pct(lat, 0.99),
        "max_s": max(lat) if lat else float("nan"), "peak_rss_mb": hwm / 1024.0, "exit_status": rc,
        "client_errors": len(errors),
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin", "ecoroute"))
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--requests", type=int, default=0, help="requests per client (0: about 20 s of work per run)")
    ap.add_argument("--boxes", type=int, default=100)
    ap.add_argument("--time-limit", type=float, default=1.0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--queue", type=int, default=64)
    ap.add_argument("--models", choices=["gen", "plain"], default="gen")
    ap.add_argument("--unix", action="store_true")
    ap.add_argument("--out", help="also write the rows as JSON here")
    a = ap.parse_args()
    tmp = tempfile.TemporaryDirectory(prefix="eco-load-")
    models = []
    for seed in range(1, 5):
        path = os.path.join(tmp.name, "m%d.json" % seed)
        subprocess.run([a.bin, "gen", "--city", "almaty", "--boxes", str(a.boxes), "--seed", str(seed), "-o", path],
                       check=True, capture_output=True)
        with open(path) as f:
            m = json.load(f)
        if a.models == "plain":
            m.pop("facilities", None)
            v = m["vehicles"][0]
            v["count"] = sum(x.get("count", 1) for x in m["vehicles"]) + 1
            v["costs"] = {"fixed": 0, "per_km": 1, "per_hour": 0}
            m["vehicles"] = [v]
            for b in m["boxes"]:
                b["mandatory"] = True
        models.append(m)
    server_args = ["--workers", str(a.workers), "--queue", str(a.queue), "--max-connections", "1024",
                   "--max-time-limit", str(max(a.time_limit, 1.0))]
    rows = []
    for n in [int(x) for x in a.clients.split(",")]:
        m = a.requests or max(2, int(round(20.0 * a.workers / (n * a.time_limit))))
        row = run(a.bin, models, n, m, a.time_limit, server_args, a.unix, tmp.name)
        rows.append(row)
        print("N=%d done: %d requests in %.1f s" % (n, row["requests"], row["wall_s"]), file=sys.stderr, flush=True)
    print("\n%d-box %s models, time limit %g s, %d workers, queue %d, %s; %s\n" % (
        a.boxes, a.models, a.time_limit, a.workers, a.queue, "Unix socket" if a.unix else "TCP loopback",
        os.uname().machine + ", %d CPUs" % (os.cpu_count() or 0)))
    print("| clients | requests | ok | rejected | errors | wall s | throughput /s | p50 s | p95 s | p99 s | max s | peak RSS MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print("| %d | %d | %d | %d | %d | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |" % (
            r["clients"], r["requests"], r["ok"], r["rejected"], r["other_errors"], r["wall_s"],
            r["throughput_per_s"], r["p50_s"], r["p95_s"], r["p99_s"], r["max_s"], r["peak_rss_mb"]))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(rows, f, indent=1)
    bad = [r for r in rows if r["exit_status"] != 0 or r["client_errors"] or r["other_errors"]]
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
