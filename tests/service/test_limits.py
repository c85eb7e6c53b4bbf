#!/usr/bin/env python3
"""test_limits.py BIN - timeouts and refusals.

A client that trickles a line is timed out (--read-timeout) with a "timeout"
reply and closed; an idle one too (--idle-timeout), but not one waiting for
a solve; one that reads none of its replies is dropped (--write-timeout);
connections beyond --max-connections get "busy" and are closed; a full queue
answers "busy" at once (when solves run to their time limit).
"""
import os
import re
import socket
import sys
import tempfile
import threading
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc_common import Server, check, fail, main_args, make_model, solve_is_time_bound  # noqa: E402


def main():
    binary, _ = main_args()
    tmp = tempfile.TemporaryDirectory(prefix="eco-svc-lim-")
    model = make_model(30, seed=11, plain=True)  # the metaheuristic runs until its time limit

    # --- read, idle and write timeouts ---
    with Server(binary, ["--read-timeout", "1", "--idle-timeout", "2", "--write-timeout", "1"], tmp.name) as srv:
        for unix in (False, True):
            # a slow client: a few bytes every 0.25 s, never a whole line
            c = srv.connect(unix=unix)
            t0 = time.monotonic()
            c.send_raw(b'{"id": 1, "kind"')
            reply = None
            try:
                while time.monotonic() - t0 < 6:
                    c.send_raw(b" ")
                    line = c.recv_line(0.25)
                    if line is not None:
                        reply = line
                        break
            except (TimeoutError, socket.timeout):
                pass
            except (BrokenPipeError, ConnectionResetError):
                pass
            # keep reading until the reply arrives (the sends may race the close)
            if reply is None:
                try:
                    reply = c.recv_line(3)
                except (TimeoutError, socket.timeout, ConnectionResetError):
                    reply = None
            dt = time.monotonic() - t0
            check(reply is not None and b'"timeout"' in reply, "slow client: expected a timeout reply, got %r" % reply)
            check(0.9 <= dt <= 4.0, "slow client timed out after %.2f s (read timeout 1 s)" % dt)
            check(c.closed_by_server(3), "slow client was not disconnected")
            c.close()

            # an idle client
            c = srv.connect(unix=unix)
            check(c.request({"id": 2, "kind": "health"})["ok"], "health")
            t0 = time.monotonic()
            r = c.recv(6)
            dt = time.monotonic() - t0
            check(r is not None and r["error"]["code"] == "timeout" and r["id"] is None, "idle client: %r" % r)
            check(1.5 <= dt <= 5.0, "idle client closed after %.2f s (idle timeout 2 s)" % dt)
            check(c.closed_by_server(3), "idle client was not disconnected")
            c.close()

        # a client that sends but never reads: dropped once its replies stop flowing
        c = srv.connect()
        stop = threading.Event()

        def flood():
            line = b'{"id": 123456789, "kind": "stats"}\n' * 1000
            try:
                while not stop.is_set():
                    c.sock.settimeout(0.5)
                    try:
                        c.sock.sendall(line)
                    except (TimeoutError, socket.timeout):
                        pass
            except OSError:
                pass

        th = threading.Thread(target=flood, daemon=True)
        th.start()
        deadline = time.monotonic() + 60  # generous: sanitizer builds on a loaded machine are slow
        dropped = False
        while time.monotonic() < deadline:
            time.sleep(0.5)
            # dropped when its replies stop flowing (or, if TCP stalls its sending too, when its line stalls)
            if re.search(r"event=close conn=%d .*reason=(write_timeout|timeout)" % 5, srv.log()):
                dropped = True
                break
        stop.set()
        th.join(5)
        c.close()
        check(dropped, "a client that reads nothing was not dropped (no reason=write_timeout in the log)")
        print("client that reads nothing: " + re.search(r"event=close conn=5 .*", srv.log()).group(0))
        s = srv.connect()
        st = s.request({"id": "st", "kind": "stats"})["result"]
        check(st["connections"] == 1, "connections left open: %r" % st["connections"])
        check(st["timeouts"] >= 4, "timeouts counted: %r" % st["timeouts"])
        s.close()
        check(srv.stop() == 0, "exit status")
        srv.assert_clean_log()

    # --- max connections ---
    with Server(binary, ["--max-connections", "3"], tmp.name) as srv:
        conns = [srv.connect(unix=(k == 1)) for k in range(3)]
        for k, c in enumerate(conns):
            check(c.request({"id": k, "kind": "health"})["ok"], "connection %d" % k)
        extra = srv.connect()
        r = extra.recv(5)
        check(r is not None and r["error"]["code"] == "busy", "connection over the limit: %r" % r)
        check(extra.closed_by_server(3), "the refused connection was not closed")
        extra.close()
        conns[0].close()
        time.sleep(0.3)
        again = srv.connect()
        check(again.request({"id": "again", "kind": "health"})["ok"], "a new connection after one closed")
        again.close()
        for c in conns[1:]:
            c.close()
        time.sleep(0.3)  # let the server see those closes before the next connect
        st = srv.connect().request({"id": "st", "kind": "stats"})["result"]
        check(st["connections_refused"] == 1 and st["errors"].get("busy") == 1, "refusals in stats: %r" % st)
        check(srv.stop() == 0, "exit status")
        srv.assert_clean_log()

    # --- a full queue answers busy at once; a waiting client is not idle ---
    with Server(binary, ["--workers", "1", "--queue", "2", "--idle-timeout", "1"], tmp.name) as srv:
        if not solve_is_time_bound(srv, model):
            print("skipped (the library's solve returns before its time limit): busy queue and "
                  "not-idle-while-solving checks")
        else:
            c = srv.connect()
            for k in range(6):
                c.send({"id": k, "kind": "solve", "model": model, "options": {"time_limit_s": 1.5}})
            t0 = time.monotonic()
            replies = {}
            while len(replies) < 6:
                r = c.recv(30)
                check(r is not None, "connection closed with %d replies" % len(replies))
                replies[r["id"]] = (time.monotonic() - t0, r)
            busy = [k for k, (_, r) in replies.items() if not r["ok"] and r["error"]["code"] == "busy"]
            served = [k for k, (_, r) in replies.items() if r["ok"]]
            check(len(busy) == 3 and len(served) == 3, "1 running + 2 queued should be served, 3 busy: %r" %
                  {k: r.get("error", {}).get("code", "ok") for k, (_, r) in replies.items()})
            check(all(replies[k][0] < 1.0 for k in busy), "busy replies were not immediate: %r" %
                  [replies[k][0] for k in busy])
            # solves of 1.5 s x 3 outlast the 1 s idle timeout: the connection stayed open
            check(c.request({"id": "after", "kind": "health"})["ok"], "connection closed while solving")
            c.close()
        check(srv.stop() == 0, "exit status")
        srv.assert_clean_log()
    print("ok: service limits")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(e).__name__, e))
