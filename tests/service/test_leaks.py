#!/usr/bin/env python3
"""test_leaks.py BIN [--sanitize] [--requests N] - no descriptor or memory
growth across many requests.

N requests (default 1000) in every shape: health and stats, solves and
checks, bad JSON, over-long lines, connections that close in the middle of
a line or right after sending a solve, over TCP and the Unix socket. The
server's open descriptors (/proc/PID/fd) must be back to where they were,
its resident memory must not keep growing, and it must exit 0 on SIGTERM.

With --sanitize (a build with ECO_SANITIZE: ASan + LSan), LeakSanitizer
checks every allocation at exit: any leak makes the exit status non-zero
and prints a report, which fails the test. Without a sanitizer build the
ASan variant is skipped (exit 77) and says so.
"""
import os
import random
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc_common import SKIP, Server, check, fail, main_args, make_model  # noqa: E402


def wait_quiet(srv, want_conns=1, timeout=30):
    """Waits until the server has no work and only our stats connection."""
    deadline = time.monotonic() + timeout
    st = None
    while time.monotonic() < deadline:
        c = srv.connect()
        st = c.request({"id": "q", "kind": "stats"})["result"]
        c.close()
        if st["connections"] == want_conns and st["in_flight"] == 0 and st["queued"] == 0:
            time.sleep(0.2)  # the stats connection's own close
            return st
        time.sleep(0.2)
    fail("the server did not settle: %r" % st)


def main():
    binary, sanitize = main_args()
    asan_variant = "--asan-variant" in sys.argv
    if asan_variant and not sanitize:
        print("skipped: this build has no ECO_SANITIZE (configure with -DECO_SANITIZE=ON for the ASan/LSan run)")
        sys.exit(SKIP)
    n_req = 1000
    if "--requests" in sys.argv:
        n_req = int(sys.argv[sys.argv.index("--requests") + 1])
    tmp = tempfile.TemporaryDirectory(prefix="eco-svc-leak-")
    models = [make_model(12 + 4 * k, seed=40 + k, plain=(k % 2 == 0)) for k in range(4)]
    env = os.environ.copy()
    if sanitize:
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":detect_leaks=1:abort_on_error=0"
    rnd = random.Random(5)
    with Server(binary, ["--workers", "2", "--queue", "256", "--max-request-bytes", "65536",
                         "--max-time-limit", "0.05"], tmp.name, env=env) as srv:
        # warm up (allocator arenas, worker thread stacks, OpenMP pools)
        c = srv.connect()
        for k in range(8):
            r = c.request({"id": k, "kind": "solve", "model": models[k % 4], "options": {"time_limit_s": 0.05}}, 60)
            check(r["ok"], "warm-up solve: %r" % r)
        c.close()
        wait_quiet(srv, 1)
        fds0 = srv.n_fds()
        rss0 = srv.status("VmRSS")

        sent = 0
        rounds = 0
        rss_mid = None
        while sent < n_req:
            rounds += 1
            c = srv.connect(unix=(rounds % 2 == 0), timeout=60)
            shape = rounds % 6
            batch = []
            for k in range(10):
                m = models[rnd.randrange(4)]
                kind = rnd.choice(["health", "stats", "solve", "solve", "check", "bad", "long", "version"])
                rid = "r%d-%d" % (rounds, k)
                if kind == "solve":
                    batch.append({"id": rid, "kind": "solve", "model": m,
                                  "options": {"time_limit_s": 0.05, "construction_only": k % 2 == 0}})
                elif kind == "check":
                    batch.append({"id": rid, "kind": "check", "model": m,
                                  "solution": {"routes": [], "unassigned": []}})
                elif kind == "bad":
                    batch.append(b'{"id": "' + rid.encode() + b'", "kind": ')
                elif kind == "long":
                    batch.append(b"[" + b"1," * 40000 + b"1]")
                else:
                    batch.append({"id": rid, "kind": kind})
            for req in batch:
                c.send(req)
            sent += len(batch)
            if shape == 1:
                c.send_raw(b'{"id": "half", "kind": "sol')  # closes in the middle of a line
                c.close()
            elif shape == 2:
                c.close()  # closes with its solves queued or running
            else:
                for _ in batch:
                    r = c.recv(60)
                    check(r is not None and "id" in r, "reply missing in round %d" % rounds)
                c.close()
            if sent >= n_req // 2 and rss_mid is None:
                wait_quiet(srv, 1)
                rss_mid = srv.status("VmRSS")

        st = wait_quiet(srv, 1)
        fds1 = srv.n_fds()
        rss1 = srv.status("VmRSS")
        print("%d requests in %d connections: fds %d -> %d, RSS %d -> %d -> %d kB, served %d, cancelled %d" %
              (sent, rounds, fds0, fds1, rss0, rss_mid or 0, rss1, st["served"], st["cancelled"]))
        check(fds1 == fds0, "descriptors grew from %d to %d" % (fds0, fds1))
        # growth between the middle and the end stays small (no per-request leak); under ASan the
        # quarantine of freed memory makes RSS grow anyway, and LeakSanitizer checks at exit instead
        if not sanitize:
            check(rss1 - (rss_mid or rss0) < 16000,
                  "resident memory kept growing: %d kB at the middle, %d kB at the end" % (rss_mid or 0, rss1))
        rc = srv.stop(timeout=120)
        log = srv.log()
        if "LeakSanitizer" in log or "AddressSanitizer" in log:
            i = log.find("Sanitizer")
            fail("sanitizer report:\n" + log[max(0, i - 200):i + 4000])
        check(rc == 0, "exit status %d after SIGTERM" % rc)
        srv.assert_clean_log()
    print("ok: service leaks%s" % (" (ASan/LSan)" if sanitize else ""))


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(e).__name__, e))
