#!/usr/bin/env python3
"""test_concurrent.py BIN [--clients N] [--per-client M] - many clients at once.

N clients (default 64; half over TCP, half over the Unix socket) each
pipeline M solves (default 4) of small models with a 0.2 s limit, plus a
health request, on one connection. Every request must be answered, matched
by id (replies may come out of order), and every solution must pass the
independent checker: through a "check" request for all of them, and through
`ecoroute check` for a sample.
"""
import os
import random
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc_common import Server, check, cli_check, fail, main_args, make_model  # noqa: E402


def arg(name, default):
    if name in sys.argv:
        return int(sys.argv[sys.argv.index(name) + 1])
    return default


def main():
    binary, _ = main_args()
    n_clients = arg("--clients", 64)
    per_client = arg("--per-client", 4)
    tmp = tempfile.TemporaryDirectory(prefix="eco-svc-conc-")
    # half with facilities (construction heuristic), half plain (the metaheuristic, to the time limit)
    models = [make_model(20 + 5 * (k % 5), seed=100 + k, plain=(k % 2 == 0)) for k in range(8)]
    total = n_clients * per_client
    with Server(binary, ["--workers", "2", "--queue", str(total + 16), "--max-connections", str(n_clients + 16)],
                tmp.name) as srv:
        results = {}  # id -> (model index, reply)
        errors = []
        lock = threading.Lock()
        start = threading.Barrier(n_clients)

        def client(k):
            try:
                c = srv.connect(unix=(k % 2 == 1), timeout=120)
                start.wait(30)
                sent = {}
                for m in range(per_client):
                    rid = "c%d-r%d" % (k, m)
                    mi = random.Random(k * 31 + m).randrange(len(models))
                    sent[rid] = mi
                    c.send({"id": rid, "kind": "solve", "model": models[mi],
                            "options": {"time_limit_s": 0.2, "seed": 1 + m}})
                c.send({"id": "c%d-health" % k, "kind": "health"})
                want = set(sent) | {"c%d-health" % k}
                while want:
                    r = c.recv(120)
                    if r is None:
                        raise RuntimeError("client %d: connection closed with %d replies missing" % (k, len(want)))
                    if r.get("id") not in want:
                        raise RuntimeError("client %d: unexpected reply id %r" % (k, r.get("id")))
                    want.discard(r["id"])
                    if r["id"] in sent:
                        with lock:
                            results[r["id"]] = (sent[r["id"]], r)
                c.close()
            except BaseException as e:  # noqa: BLE001
                with lock:
                    errors.append("client %d: %s: %s" % (k, type(e).__name__, e))

        t0 = time.monotonic()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(n_clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        elapsed = time.monotonic() - t0
        check(not errors, "client errors:\n" + "\n".join(errors[:10]))
        check(len(results) == total, "%d of %d solves answered" % (len(results), total))
        bad = [(rid, r) for rid, (_, r) in results.items() if not r.get("ok") or r.get("status") not in ("ok", "infeasible")]
        check(not bad, "%d solves failed, first: %r" % (len(bad), bad[:1]))
        print("%d clients x %d solves answered in %.1f s" % (n_clients, per_client, elapsed), flush=True)

        # every solution through a check request (pipelined on one connection)
        c = srv.connect(timeout=120)
        for rid, (mi, r) in results.items():
            c.send({"id": rid, "kind": "check", "model": models[mi], "solution": r["result"]})
        for _ in results:
            r = c.recv(120)
            check(r is not None and r["ok"] and r["status"] == "ok" and r["result"]["feasible"],
                  "check request rejected a solution: %r" % (r,))
            cost = results[r["id"]][1]["result"]["summary"]["cost"]
            check(abs(r["result"]["cost"] - cost) <= 1e-3 * max(1.0, abs(cost)),
                  "%s: checker cost %r != solver cost %r" % (r["id"], r["result"]["cost"], cost))
        c.close()
        # and a sample through the command-line checker
        for rid in random.Random(7).sample(sorted(results), min(8, len(results))):
            mi, r = results[rid]
            rc, out = cli_check(binary, models[mi], r["result"], tmp.name)
            check(rc == 0, "ecoroute check rejected %s (rc %d):\n%s" % (rid, rc, out))

        st = srv.connect().request({"id": "st", "kind": "stats"})["result"]
        check(st["by_kind"]["solve"] == total and st["rejected"] == 0, "stats: %r" % st)
        check(srv.stop() == 0, "exit status after SIGTERM")
        srv.assert_clean_log()
    print("ok: service concurrency (%d solves checked)" % total)


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(e).__name__, e))
