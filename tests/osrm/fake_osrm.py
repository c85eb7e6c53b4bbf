#!/usr/bin/env python3
"""fake_osrm.py - a small HTTP server that answers like osrm-routed, for tests.

Standard library only. Listens on 127.0.0.1 (port 0 by default: the kernel
picks one) and prints the port on the first line of standard output. It exits
when its standard input closes (so it never outlives the test that started
it), after --lifetime seconds, or on SIGTERM.

Services, in OSRM's JSON formats:
  GET PREFIX/table/v1/PROFILE/lon,lat;lon,lat;...?sources=..&destinations=..
      &annotations=duration,distance
  GET PREFIX/route/v1/PROFILE/lon,lat;...?overview=full&geometries=polyline6
  GET /stats   {"requests", "table", "route", "in_flight", "max_in_flight"}
  GET /reset   zeroes the counters

Travel between two coordinates is made up but deterministic: points are
projected (x = R lon cos(lat), y = R lat, radians), the distance is the
straight line x 1.3, plus 40 m when going east; the duration is the distance
at 30 km/h, x 1.25 when going north. Values carry one decimal, like OSRM's.
The waypoint "distance" (how far the point was snapped) is 0-4.9 m.

PREFIX is a list of path segments that choose a behaviour, e.g.
http://127.0.0.1:PORT/max=50/fail500=1 as the client's base URL:
  max=N             table limit like --max-table-size (100): 400 TooBig when
                    sources x destinations > N x N
  maxroute=N        route limit like --max-viaroute-size (500)
  fail500=K         the first K requests of each distinct URL answer 500
  status400         every request answers 400 InvalidQuery
  delay=S           sleep S seconds before answering (slow server, timeouts)
  malformed=KIND    200 with a broken body: truncated, shape, type, notjson,
                    nocode
  notable           400 NoTable
  huge=BYTES        200 whose body is BYTES of white space before the JSON
  far_north_of=LAT  points north of LAT snap (LAT - lat) x 111195 m away
  noseg_north_of=LAT  the first such coordinate gives 400 NoSegment
  replay            benchmarks: every table block of the same shape gets the
                    body computed for the first one (the client's work stays
                    the same, the server's arithmetic goes away)
  null_north_of=LAT cells between such a point and one south of LAT are
                    null (an island); a route through one gives 400 NoRoute
"""
import argparse
import json
import math
import os
import signal
import socketserver
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

R_EARTH = 6371008.8
SPEED_MPS = 30.0 / 3.6

LOCK = threading.Lock()
STATS = {"requests": 0, "table": 0, "route": 0, "in_flight": 0, "max_in_flight": 0}
SEEN = {}  # URL -> times requested (fail500)
REPLAY = {}  # (sources, destinations) -> body (replay)


def project(lon, lat):
    rl, rp = math.radians(lon), math.radians(lat)
    return R_EARTH * rl * math.cos(rp), R_EARTH * rp


def leg(a, b):
    """Distance (m) and duration (s) from point a to b, each (lon, lat, x, y)."""
    if a[0] == b[0] and a[1] == b[1]:
        return 0.0, 0.0
    d = math.hypot(a[2] - b[2], a[3] - b[3]) * 1.3
    if b[0] > a[0]:
        d += 40.0
    t = d / SPEED_MPS
    if b[1] > a[1]:
        t *= 1.25
    return round(d, 1), round(t, 1)


def snap_distance(opts, lon, lat):
    d = (abs(int(round(lon * 1e6))) % 50) / 10.0
    far = opts.get("far_north_of")
    if far is not None and lat > float(far):
        d += (lat - float(far)) * 111195.0
    return round(d, 1)


def encode_polyline6(points):
    out = []
    plat = plon = 0
    for lon, lat in points:
        la, lo = int(round(lat * 1e6)), int(round(lon * 1e6))
        for v in (la - plat, lo - plon):
            v = ~(v << 1) if v < 0 else v << 1
            while v >= 0x20:
                out.append(chr((0x20 | (v & 0x1F)) + 63))
                v >>= 5
            out.append(chr(v + 63))
        plat, plon = la, lo
    return "".join(out)


def waypoint(opts, lon, lat):
    return {"hint": "", "distance": snap_distance(opts, lon, lat), "name": "",
            "location": [round(lon, 6), round(lat, 6)]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out as two writes
    server_version = "fake-osrm/1"

    def log_message(self, fmt, *args):  # quiet
        pass

    def send_body(self, status, body, ctype="application/json; charset=UTF-8"):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def send_json(self, status, obj):
        self.send_body(status, json.dumps(obj, separators=(",", ":")))

    def error(self, code, message):
        self.send_json(400, {"code": code, "message": message})

    def do_GET(self):
        with LOCK:
            STATS["requests"] += 1
            STATS["in_flight"] += 1
            STATS["max_in_flight"] = max(STATS["max_in_flight"], STATS["in_flight"])
        try:
            self.handle_get()
        finally:
            with LOCK:
                STATS["in_flight"] -= 1

    def handle_get(self):
        url = urllib.parse.urlsplit(self.path)
        path = url.path
        if path == "/stats":
            with LOCK:
                return self.send_json(200, dict(STATS))
        if path == "/reset":
            with LOCK:
                for k in STATS:
                    if k != "in_flight":
                        STATS[k] = 0
                STATS["max_in_flight"] = STATS["in_flight"]
                SEEN.clear()
            return self.send_json(200, {"code": "Ok"})
        service = None
        for s in ("table", "route"):
            k = path.find("/%s/v1/" % s)
            if k >= 0:
                service, prefix, rest = s, path[:k], path[k + len("/%s/v1/" % s):]
                break
        if service is None:
            return self.send_body(404, "<html>not found</html>", "text/html")
        opts = {}
        for seg in prefix.split("/"):
            if seg:
                key, _, val = seg.partition("=")
                opts[key] = val
        with LOCK:
            STATS[service] += 1
            SEEN[self.path] = SEEN.get(self.path, 0) + 1
            seen = SEEN[self.path]
        if "delay" in opts:
            end = time.monotonic() + float(opts["delay"])
            while time.monotonic() < end:
                time.sleep(min(0.05, max(0.0, end - time.monotonic())))
        if "fail500" in opts and seen <= int(opts["fail500"]):
            return self.send_body(500, "Internal Server Error", "text/plain")
        if "status400" in opts:
            return self.error("InvalidQuery", "Query string malformed close to position 0")
        if "notable" in opts:
            return self.error("NoTable", "No table found")
        profile, _, coords = rest.partition("/")
        try:
            pts = []
            for c in coords.split(";"):
                lon, lat = (float(v) for v in c.split(","))
                pts.append((lon, lat) + project(lon, lat))
        except ValueError:
            return self.error("InvalidUrl", "URL string malformed close to position %d" % len(prefix))
        query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        noseg = opts.get("noseg_north_of")
        if noseg is not None:
            for i, p in enumerate(pts):
                if p[1] > float(noseg):
                    return self.error("NoSegment", "Could not find a matching segment for coordinate %d" % i)
        if service == "table":
            return self.table(opts, pts, query)
        return self.route(opts, pts)

    def indices(self, query, name, n):
        v = query.get(name, ["all"])[0]
        if v in ("", "all"):
            return list(range(n))
        return [int(k) for k in v.split(";")]

    def table(self, opts, pts, query):
        src = self.indices(query, "sources", len(pts))
        dst = self.indices(query, "destinations", len(pts))
        limit = int(opts.get("max", "100"))
        if len(src) * len(dst) > limit * limit:
            return self.error("TooBig", "Too many table coordinates")
        if "replay" in opts:
            with LOCK:
                body = REPLAY.get((len(src), len(dst)))
            if body is not None:
                return self.send_body(200, body)
        island = opts.get("null_north_of")
        island = float(island) if island is not None else None
        durations, distances = [], []
        for i in src:
            a = pts[i]
            drow, trow = [], []
            for j in dst:
                b = pts[j]
                if island is not None and (a[1] > island) != (b[1] > island):
                    drow.append(None)
                    trow.append(None)
                else:
                    d, t = leg(a, b)
                    drow.append(d)
                    trow.append(t)
            distances.append(drow)
            durations.append(trow)
        body = {"code": "Ok", "durations": durations, "distances": distances,
                "sources": [waypoint(opts, *pts[i][:2]) for i in src],
                "destinations": [waypoint(opts, *pts[j][:2]) for j in dst]}
        if "replay" in opts:
            with LOCK:
                REPLAY[(len(src), len(dst))] = json.dumps(body, separators=(",", ":")).encode()
        return self.answer(opts, body, "durations")

    def route(self, opts, pts):
        if len(pts) > int(opts.get("maxroute", "500")):
            return self.error("TooBig", "Number of entries %d is higher than current maximum (%s)"
                              % (len(pts), opts.get("maxroute", "500")))
        island = opts.get("null_north_of")
        if island is not None and len({p[1] > float(island) for p in pts}) > 1:
            return self.error("NoRoute", "Impossible route between points")
        geometry, legs = [], []
        for k in range(len(pts) - 1):
            a, b = pts[k], pts[k + 1]
            geometry.append(a[:2])
            geometry.append(((a[0] + b[0]) / 2, (a[1] + b[1]) / 2))  # a bend halfway
            d, t = leg(a, b)
            legs.append({"distance": d, "duration": t, "steps": [], "summary": "", "weight": t})
        geometry.append(pts[-1][:2])
        dist = round(sum(l["distance"] for l in legs), 1)
        dur = round(sum(l["duration"] for l in legs), 1)
        body = {"code": "Ok",
                "routes": [{"geometry": encode_polyline6(geometry), "distance": dist, "duration": dur,
                            "weight": dur, "weight_name": "routability", "legs": legs}],
                "waypoints": [waypoint(opts, *p[:2]) for p in pts]}
        return self.answer(opts, body, "routes")

    def answer(self, opts, body, key):
        kind = opts.get("malformed")
        if kind == "shape" and key == "durations":
            body["durations"] = body["durations"][:-1]
        elif kind == "shape":
            body["routes"][0]["geometry"] = "!!"
        elif kind == "type" and key == "durations":
            body["durations"][0][-1] = "12.5"
        elif kind == "type":
            body["routes"][0]["distance"] = "far"
        elif kind == "nocode":
            del body["code"]
        text = json.dumps(body, separators=(",", ":"))
        if kind == "truncated":
            text = text[: len(text) // 2]
        elif kind == "notjson":
            text = "<html><body>502 Bad Gateway</body></html>"
        if "huge" in opts:
            text = " " * int(opts["huge"]) + text
        return self.send_body(200, text)


class QuietErrors:
    """Clients that hang up (timeouts, aborted transfers) are expected here."""

    def handle_error(self, request, client_address):
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class ThreadingServer(QuietErrors, socketserver.ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64


class ForkingServer(QuietErrors, socketserver.ForkingMixIn, HTTPServer):
    allow_reuse_address = True
    request_queue_size = 64
    max_children = 64


def main():
    ap = argparse.ArgumentParser(description="fake osrm-routed for tests")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=900.0, help="exit after this many seconds")
    ap.add_argument("--fork", action="store_true",
                    help="one process per connection (for benchmarks: uses every core; /stats is per process)")
    args = ap.parse_args()
    cls = ForkingServer if args.fork else ThreadingServer
    server = cls(("127.0.0.1", args.port), Handler)
    print(server.server_address[1], flush=True)
    main_pid = os.getpid()

    def stop(*_):
        if os.getpid() == main_pid:
            os._exit(0)

    def watch_stdin():
        try:
            while sys.stdin.buffer.read(4096):
                pass
        except OSError:
            pass
        stop()

    signal.signal(signal.SIGTERM, lambda *_: stop())
    threading.Thread(target=watch_stdin, daemon=True).start()
    timer = threading.Timer(args.lifetime, stop)
    timer.daemon = True
    timer.start()
    server.serve_forever(poll_interval=0.1)


if __name__ == "__main__":
    main()
