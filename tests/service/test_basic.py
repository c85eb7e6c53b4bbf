#!/usr/bin/env python3
"""test_basic.py BIN - the request kinds over TCP and a Unix socket.

health, version, stats; solve (model as an object and as a CVRPLIB string)
with the result passing both a "check" request and `ecoroute check`; check
requests on a good and a broken solution; a library error naming its JSON
path; the time-limit cap; --max-boxes; the token; `ecoroute client` with
its exit statuses; SIGTERM exits 0 and removes the socket file.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc_common import Server, check, cli_check, fail, main_args, make_model  # noqa: E402

CVRP_TEXT = """NAME : tiny
TYPE : CVRP
DIMENSION : 6
EDGE_WEIGHT_TYPE : EUC_2D
CAPACITY : 10
NODE_COORD_SECTION
1 0 0
2 10 0
3 0 10
4 -10 0
5 0 -10
6 7 7
DEMAND_SECTION
1 0
2 4
3 4
4 4
5 4
6 3
DEPOT_SECTION
1
-1
EOF
"""


def main():
    binary, _ = main_args()
    tmp = tempfile.TemporaryDirectory(prefix="eco-svc-basic-")
    full = make_model(25, seed=3)  # facilities, optional boxes: the construction heuristic
    plain = make_model(25, seed=4, plain=True)  # the metaheuristic
    model = full
    with Server(binary, ["--workers", "2", "--max-time-limit", "0.5", "--max-boxes", "200"], tmp.name) as srv:
        for unix, model in ((False, full), (True, plain), (False, plain), (True, full)):
            c = srv.connect(unix=unix)
            r = c.request({"id": 1, "kind": "health"})
            check(r == {"id": 1, "ok": True, "status": "ok", "result": r["result"]}, "health reply: %r" % r)
            check(r["result"]["status"] == "ok" and r["result"]["workers"] == 2, "health result: %r" % r)
            r = c.request({"id": "v", "kind": "version"})
            check(r["ok"] and r["id"] == "v" and r["result"]["name"] == "ecoroute", "version: %r" % r)

            # solve: the result is exactly what `ecoroute solve` prints
            r = c.request({"id": "s-%d" % unix, "kind": "solve", "model": model,
                           "options": {"time_limit_s": 0.2, "seed": 7}}, 60)
            check(r["ok"] and r["id"] == "s-%d" % unix, "solve failed: %r" % r)
            check(r["status"] in ("ok", "infeasible"), "solve status: %r" % r.get("status"))
            res = r["result"]
            for key in ("instance", "units", "summary", "solver", "routes", "unassigned"):
                check(key in res, "solve result lacks %r: %r" % (key, list(res)))
            check(res["instance"] == model["name"], "instance name: %r" % res["instance"])
            rc, out = cli_check(binary, model, res, tmp.name)
            check(rc == 0, "ecoroute check rejected the service's solution (rc %d):\n%s" % (rc, out))

            # the same solution through a check request
            r = c.request({"id": 2, "kind": "check", "model": model, "solution": res}, 60)
            check(r["ok"] and r["status"] == "ok" and r["result"]["feasible"] is True, "check request: %r" % r)
            check(abs(r["result"]["cost"] - res["summary"]["cost"]) < 1e-3 * max(1, abs(res["summary"]["cost"])),
                  "checker cost %r != solver cost %r" % (r["result"]["cost"], res["summary"]["cost"]))

            # a broken solution: one routed box dropped, so it is in no route and not unassigned
            broken = json.loads(json.dumps(res))
            dropped = False
            for route in broken["routes"]:
                for i, s in enumerate(route["steps"]):
                    if s["type"] == "pickup":
                        del route["steps"][i]
                        dropped = True
                        break
                if dropped:
                    break
            if dropped:
                r = c.request({"id": 3, "kind": "check", "model": model, "solution": broken}, 60)
                check(r["ok"] and r["status"] == "infeasible" and r["result"]["feasible"] is False
                      and r["result"]["n_violations"] >= 1, "check of a broken solution: %r" % r)
            c.close()

        model = full
        c = srv.connect()
        # a model in another format, as a string
        r = c.request({"id": "cvrp", "kind": "solve", "model": CVRP_TEXT, "options": {"time_limit_s": 0.1}}, 60)
        check(r["ok"] and r["result"]["summary"]["routes"] >= 3, "CVRPLIB string model: %r" % r)
        r = c.request({"id": "cvrp2", "kind": "solve", "model": CVRP_TEXT,
                       "options": {"format": "cvrplib", "rounding": "exact", "time_limit_s": 0.1}}, 60)
        check(r["ok"], "CVRPLIB with format and rounding: %r" % r)

        # a library error names the JSON path
        bad = make_model(5, seed=1)
        bad["boxes"][2]["location"] = "nowhere"
        r = c.request({"id": "bad", "kind": "solve", "model": bad})
        check(not r["ok"] and r["error"]["code"] == "bad_input" and "boxes[2]" in r["error"]["message"],
              "model error should name boxes[2]: %r" % r)
        bad["boxes"][2]["colour"] = "green"
        r = c.request({"id": "bad2", "kind": "solve", "model": bad})
        check(not r["ok"] and r["error"]["code"] == "bad_input", "model with two errors: %r" % r)

        # the time limit is capped by --max-time-limit (0.5)
        r = c.request({"id": "cap", "kind": "solve", "model": model, "options": {"time_limit_s": 1000}}, 60)
        check(r["ok"] and r["result"]["solver"]["time_limit_s"] <= 0.5 + 1e-9,
              "time limit not capped: %r" % r["result"].get("solver"))

        # --max-boxes: 201 boxes is too large, before any work
        r = c.request({"id": "big", "kind": "solve", "model": make_model(201, seed=2)})
        check(not r["ok"] and r["error"]["code"] == "too_large", "max boxes: %r" % r)

        # stats after all that
        r = c.request({"id": "st", "kind": "stats"})
        st = r["result"]
        for key in ("served", "in_flight", "queued", "rejected", "errors", "latency_ms", "by_kind"):
            check(key in st, "stats lacks %r: %r" % (key, st))
        check(st["by_kind"]["solve"] >= 8 and st["errors"].get("bad_input", 0) >= 2
              and st["errors"].get("too_large", 0) >= 1, "stats counts: %r" % st)
        check(all(k in st["latency_ms"] for k in ("p50", "p95", "p99")), "latency percentiles: %r" % st)
        c.close()

        # ecoroute client: one request over several lines, and several lines
        req1 = os.path.join(tmp.name, "one.json")
        with open(req1, "w") as f:
            json.dump({"id": "c1", "kind": "solve", "model": model, "options": {"time_limit_s": 0.1}}, f, indent=2)
        p = subprocess.run([binary, "client", "--connect", srv.tcp, req1], capture_output=True, text=True,
                           timeout=60)
        check(p.returncode == 0, "client exit %d: %s" % (p.returncode, p.stderr))
        r = json.loads(p.stdout)
        check(r["id"] == "c1" and r["ok"], "client reply: %r" % r)
        reqs = os.path.join(tmp.name, "many.txt")
        with open(reqs, "w") as f:
            f.write(json.dumps({"id": 1, "kind": "health"}) + "\n")
            f.write(json.dumps({"id": 2, "kind": "nope"}) + "\n")
            f.write(json.dumps({"id": 3, "kind": "version"}) + "\n")
        p = subprocess.run([binary, "client", "--connect", srv.unix, reqs], capture_output=True, text=True,
                           timeout=60)
        lines = [json.loads(x) for x in p.stdout.splitlines()]
        check(len(lines) == 3 and sorted(x["id"] for x in lines) == [1, 2, 3], "client lines: %r" % p.stdout)
        check(p.returncode == 2, "client exit for unknown_kind should be 2, got %d" % p.returncode)
        p = subprocess.run([binary, "client", "--connect", "tcp://127.0.0.1:1", reqs], capture_output=True,
                           text=True, timeout=60)
        check(p.returncode == 4 and "cannot connect" in p.stderr, "client without a server: %d %s" %
              (p.returncode, p.stderr))

        rc = srv.stop()
        check(rc == 0, "server exit status %d after SIGTERM" % rc)
        check(not os.path.exists(srv.sock_path), "the Unix socket file was not removed")
        srv.assert_clean_log()
        log = srv.log()
        check("event=request" in log and "kind=\"solve\"" in log and "ms=" in log, "request log lines missing")

    # the token: required, compared exactly, never logged
    secret = "s3cr3t-token-value-xyz"
    tok = os.path.join(tmp.name, "token")
    with open(tok, "w") as f:
        f.write(secret + "\n")
    os.chmod(tok, 0o600)
    with Server(binary, ["--token-file", tok], tmp.name) as srv:
        c = srv.connect()
        r = c.request({"id": 1, "kind": "health"})
        check(not r["ok"] and r["error"]["code"] == "unauthorized" and r["id"] == 1, "no token: %r" % r)
        r = c.request({"id": 2, "kind": "health", "token": secret + "x"})
        check(not r["ok"] and r["error"]["code"] == "unauthorized", "wrong token: %r" % r)
        r = c.request({"id": 3, "kind": "health", "token": 12})
        check(not r["ok"] and r["error"]["code"] == "unauthorized", "token of the wrong type: %r" % r)
        r = c.request({"id": 4, "kind": "health", "token": secret})
        check(r["ok"], "right token: %r" % r)
        r = c.request({"id": 5, "kind": "solve", "token": secret, "model": model, "options": {"time_limit_s": 0.1}},
                      60)
        check(r["ok"], "solve with the token: %r" % r)
        c.close()
        p = subprocess.run([binary, "client", "--connect", srv.tcp, "--token-file", tok, "-"],
                           input='{"id":"t","kind":"version"}\n', capture_output=True, text=True, timeout=60)
        check(p.returncode == 0 and json.loads(p.stdout)["ok"], "client --token-file: %s %s" % (p.stdout, p.stderr))
        check(srv.stop() == 0, "exit status with a token")
        check(secret not in srv.log(), "the token appears in the log")
        srv.assert_clean_log()

    # usage errors
    p = subprocess.run([binary, "serve", "--listen", "udp://x:1"], capture_output=True, text=True, timeout=30)
    check(p.returncode == 2, "bad --listen should exit 2, got %d" % p.returncode)
    p = subprocess.run([binary, "serve", "--help"], capture_output=True, text=True, timeout=30)
    check(p.returncode == 0 and "--max-request-bytes" in p.stdout, "serve --help")
    print("ok: service basic")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:  # a crash of the test itself is a failure with its reason
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(e).__name__, e))
