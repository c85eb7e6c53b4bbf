#!/usr/bin/env python3
"""test_errors.py BIN - bad requests get the right error and the connection
keeps working.

Malformed JSON, a line over --max-request-bytes (sent whole, and sent in
pieces so that the limit is passed before its newline), wrong types,
unknown kind, missing id, unknown fields, duplicate keys, invalid UTF-8,
blank lines and CRLF; after each, a health request on the same connection
must still be answered.
"""
import json
import os
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from svc_common import Server, check, fail, main_args, make_model  # noqa: E402

LIMIT = 20000  # --max-request-bytes for this test


def still_works(c, tag):
    r = c.request({"id": "alive-" + tag, "kind": "health"}, 10)
    check(r is not None and r["ok"] and r["id"] == "alive-" + tag,
          "connection unusable after %s: %r" % (tag, r))


def expect(c, payload, code, tag, id_=None, contains=None):
    if isinstance(payload, bytes):
        c.send_raw(payload if payload.endswith(b"\n") else payload + b"\n")
    else:
        c.send(payload)
    r = c.recv(10)
    check(r is not None, "%s: no reply (connection closed)" % tag)
    check(r.get("ok") is False and r["error"]["code"] == code,
          "%s: expected error %s, got %r" % (tag, code, r))
    check(r.get("id") == id_, "%s: id %r, expected %r" % (tag, r.get("id"), id_))
    check(isinstance(r["error"].get("message"), str) and r["error"]["message"],
          "%s: error without a message" % tag)
    if contains:
        check(contains in r["error"]["message"], "%s: message %r lacks %r" % (tag, r["error"]["message"], contains))
    still_works(c, tag)


def main():
    binary, _ = main_args()
    tmp = tempfile.TemporaryDirectory(prefix="eco-svc-err-")
    model = make_model(8, seed=5)
    with Server(binary, ["--max-request-bytes", str(LIMIT)], tmp.name) as srv:
        for unix in (False, True):
            c = srv.connect(unix=unix)
            expect(c, b'{"id": 1, "kind": "health"', "bad_input", "truncated JSON", contains="malformed JSON")
            expect(c, b"this is not json", "bad_input", "not JSON")
            expect(c, b"\xff\xfe{}\x80", "bad_input", "invalid UTF-8")
            expect(c, b'[1, 2, 3]', "bad_input", "array request", contains="expected a JSON object")
            expect(c, b'"just a string"', "bad_input", "string request")
            expect(c, {"kind": "health"}, "bad_input", "missing id", contains="id")
            expect(c, {"id": None, "kind": "health"}, "bad_input", "null id")
            expect(c, {"id": {"x": 1}, "kind": "health"}, "bad_input", "object id")
            expect(c, {"id": True, "kind": "health"}, "bad_input", "boolean id")
            expect(c, {"id": 7}, "bad_input", "missing kind", id_=7, contains="kind")
            expect(c, {"id": 8, "kind": 5}, "bad_input", "kind of the wrong type", id_=8)
            expect(c, {"id": 9, "kind": "dance"}, "unknown_kind", "unknown kind", id_=9, contains="dance")
            expect(c, {"id": 10, "kind": "health", "extra": 1}, "bad_input", "unknown field", id_=10,
                   contains="extra")
            expect(c, b'{"id": 11, "kind": "health", "kind": "stats"}', "bad_input", "duplicate key")
            expect(c, {"id": 12, "kind": "solve"}, "bad_input", "solve without model", id_=12, contains="model")
            expect(c, {"id": 13, "kind": "solve", "model": [1, 2]}, "bad_input", "model of the wrong type", id_=13)
            expect(c, {"id": 14, "kind": "solve", "model": model, "options": {"time_limit_s": "soon"}},
                   "bad_input", "time limit of the wrong type", id_=14, contains="options.time_limit_s")
            expect(c, {"id": 15, "kind": "solve", "model": model, "options": {"threads": 1.5}},
                   "bad_input", "threads not an integer", id_=15, contains="options.threads")
            expect(c, {"id": 16, "kind": "solve", "model": model, "options": {"time_limit_s": -1}},
                   "bad_input", "negative time limit", id_=16)
            expect(c, {"id": 17, "kind": "solve", "model": model, "options": {"speed": 1}},
                   "bad_input", "unknown option", id_=17, contains="speed")
            expect(c, {"id": 18, "kind": "solve", "model": model, "options": []},
                   "bad_input", "options not an object", id_=18)
            expect(c, {"id": 19, "kind": "solve", "model": model, "options": {"format": "cvrplib"}},
                   "bad_input", "object model with another format", id_=19)
            expect(c, {"id": 20, "kind": "check", "model": model}, "bad_input", "check without solution", id_=20,
                   contains="solution")
            expect(c, {"id": 21, "kind": "check", "model": model, "solution": 3}, "bad_input",
                   "solution of the wrong type", id_=21)
            expect(c, {"id": 22, "kind": "check", "model": model, "solution": "Route #1: nosuchbox\nCost 1\n"},
                   "bad_input", "solution naming an unknown box", id_=22)
            expect(c, {"id": 23, "kind": "solve", "model": "NAME : x\nTYPE : CVRP\n"}, "bad_input",
                   "unreadable text model", id_=23)
            expect(c, {"id": 24, "kind": "solve", "model": {"name": "empty"}}, "bad_input",
                   "model missing its parts", id_=24)

            # a request cannot choose the OSRM server or a cache directory on the server
            osrm = dict(model, travel={"provider": "osrm", "url": "http://192.0.2.1:5000"})
            expect(c, {"id": 26, "kind": "solve", "model": osrm}, "bad_input", "OSRM url in a request", id_=26,
                   contains="travel.provider")
            expect(c, {"id": 27, "kind": "solve", "model": json.dumps(osrm)}, "bad_input",
                   "OSRM url in a JSON text model", id_=27, contains="travel.provider")
            cached = dict(model, travel={"provider": "haversine", "cache_dir": "/tmp/x"})
            expect(c, {"id": 28, "kind": "solve", "model": cached}, "bad_input", "cache_dir in a request", id_=28,
                   contains="cache_dir")
            # deep nesting within the size limit must not hurt the parser
            expect(c, b"[" * 9000 + b"]" * 9000, "bad_input", "deeply nested array")
            expect(c, b'{"id": 25, "kind": "solve", "model": ' + b'{"a":' * 3000 + b"1" + b"}" * 3001,
                   "bad_input", "deeply nested model")
            # a line over the limit, sent whole
            big = json.dumps({"id": 30, "kind": "health", "pad": "x" * (LIMIT + 100)}).encode()
            expect(c, big, "too_large", "over-long line", contains="limit")
            # ... and sent in pieces: the refusal comes once the limit is passed, the rest is discarded
            c.send_raw(b'{"id": 31, "kind": "health", "pad": "' + b"y" * (LIMIT + 10))
            r = c.recv(10)
            check(r is not None and r["error"]["code"] == "too_large" and r["id"] is None,
                  "partial over-long line: %r" % r)
            for _ in range(3):
                c.send_raw(b"z" * 5000)
                time.sleep(0.02)
            c.send_raw(b'"}\n')
            still_works(c, "discarded tail")
            # exactly at the limit is fine (a valid request padded with spaces)
            req = json.dumps({"id": 32, "kind": "health"}).encode()
            line = req + b" " * (LIMIT - len(req))
            check(len(line) == LIMIT, "test setup")
            c.send_raw(line + b"\n")
            r = c.recv(10)
            check(r["ok"] and r["id"] == 32, "a line of exactly the limit: %r" % r)

            # blank lines are ignored, CRLF is accepted, several requests in one packet
            c.send_raw(b"\n\n  \r\n" + b'{"id": 40, "kind": "health"}\r\n{"id": 41, "kind": "version"}\n')
            got = sorted([c.recv(10)["id"], c.recv(10)["id"]])
            check(got == [40, 41], "CRLF / pipelined in one packet: %r" % got)
            # ids of any string or number come back as they were
            for id_ in ("a b \"quoted\" \u00e9", 1.5, -3, "x" * 500):
                r = c.request({"id": id_, "kind": "health"})
                check(r["id"] == id_, "id %r came back as %r" % (id_, r["id"]))
            c.close()

        r = srv.connect().request({"id": "st", "kind": "stats"})
        errs = r["result"]["errors"]
        check(errs.get("bad_input", 0) >= 40 and errs.get("too_large", 0) >= 4 and errs.get("unknown_kind", 0) == 2,
              "error counts: %r" % errs)
        check(srv.stop() == 0, "exit status")
        srv.assert_clean_log()
    print("ok: service errors")


if __name__ == "__main__":
    try:
        main()
    except SystemExit:
        raise
    except BaseException as e:
        import traceback
        traceback.print_exc()
        fail("%s: %s" % (type(e).__name__, e))
