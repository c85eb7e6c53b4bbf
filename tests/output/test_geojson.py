#!/usr/bin/env python3
"""`ecoroute solve --format geojson`: the file is valid RFC 7946 GeoJSON and
says the same as the solution JSON of the same solve.

Structure (RFC 7946): a FeatureCollection of Features, each with a geometry
(or null) and properties (object or null); Point, LineString and the other
geometry types with their coordinate nesting; positions [lon, lat] (an
optional altitude) with lon in [-180, 180] and lat in [-90, 90]; a LineString
has two or more positions; a bbox has 2 x dimension numbers and holds every
position; no "crs" member. Contents: one LineString per trip (as many as the
"trips" of the solution's routes, each following the steps' locations), a
Point per box (served at the solution's vehicle, sequence and arrival, or
unassigned with its reason), per facility and per depot of the instance.
Planar instances are refused with exit status 2 before solving.
"""
import json
import math
import os
import subprocess
import sys

from outlib import Failure, check, close, gen_city, load_json, main, run, solve_json, trips_of, SOLVE_FIXED, HERE

GEOMETRY_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                  "GeometryCollection"}


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def validate_position(p, where, errors, positions):
    if not isinstance(p, list) or len(p) not in (2, 3) or not all(is_number(v) for v in p):
        errors.append("%s: a position is an array of 2 or 3 numbers, got %r" % (where, p))
        return
    lon, lat = p[0], p[1]
    if not -180 <= lon <= 180 or not -90 <= lat <= 90:
        errors.append("%s: [lon, lat] out of range: %r (coordinates must be [lon, lat] in WGS 84)" % (where, p))
    positions.append(p)


def validate_geometry(g, where, errors, positions):
    if g is None:
        return
    if not isinstance(g, dict):
        errors.append("%s: geometry must be an object or null" % where)
        return
    t = g.get("type")
    if t not in GEOMETRY_TYPES:
        errors.append("%s: unknown geometry type %r" % (where, t))
        return
    if "crs" in g:
        errors.append("%s: \"crs\" is not part of RFC 7946" % where)
    if t == "GeometryCollection":
        gs = g.get("geometries")
        if not isinstance(gs, list):
            errors.append("%s: GeometryCollection needs \"geometries\"" % where)
            return
        for i, sub in enumerate(gs):
            validate_geometry(sub, "%s.geometries[%d]" % (where, i), errors, positions)
        return
    c = g.get("coordinates")
    depth = {"Point": 0, "MultiPoint": 1, "LineString": 1, "MultiLineString": 2, "Polygon": 2,
             "MultiPolygon": 3}[t]

    def walk(node, d, path):
        if d == 0:
            validate_position(node, path, errors, positions)
            return
        if not isinstance(node, list):
            errors.append("%s: expected an array" % path)
            return
        for i, sub in enumerate(node):
            walk(sub, d - 1, "%s[%d]" % (path, i))

    walk(c, depth, where + ".coordinates")
    if t == "LineString" and (not isinstance(c, list) or len(c) < 2):
        errors.append("%s: a LineString needs two or more positions" % where)
    if t == "MultiLineString" and isinstance(c, list):
        for i, line in enumerate(c):
            if not isinstance(line, list) or len(line) < 2:
                errors.append("%s.coordinates[%d]: two or more positions" % (where, i))
    if t in ("Polygon", "MultiPolygon") and isinstance(c, list):
        rings = c if t == "Polygon" else [r for poly in c if isinstance(poly, list) for r in poly]
        for i, ring in enumerate(rings):
            if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
                errors.append("%s: linear ring %d must be closed with four or more positions" % (where, i))


def validate_geojson(doc):
    """Returns a list of RFC 7946 violations of a FeatureCollection."""
    errors, positions = [], []
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        return ["top level: expected {\"type\": \"FeatureCollection\", ...}"]
    if "crs" in doc:
        errors.append("top level: \"crs\" is not part of RFC 7946")
    feats = doc.get("features")
    if not isinstance(feats, list):
        return errors + ["top level: \"features\" must be an array"]
    for i, f in enumerate(feats):
        where = "features[%d]" % i
        if not isinstance(f, dict) or f.get("type") != "Feature":
            errors.append("%s: expected a Feature" % where)
            continue
        if "geometry" not in f:
            errors.append("%s: a Feature has a \"geometry\" member (object or null)" % where)
        if "properties" not in f or not (f["properties"] is None or isinstance(f["properties"], dict)):
            errors.append("%s: a Feature has \"properties\" (object or null)" % where)
        if "id" in f and not (isinstance(f["id"], str) or is_number(f["id"])):
            errors.append("%s: id must be a string or a number" % where)
        validate_geometry(f.get("geometry"), where + ".geometry", errors, positions)
    if "bbox" in doc:
        b = doc["bbox"]
        if not isinstance(b, list) or len(b) not in (4, 6) or not all(is_number(v) for v in b):
            errors.append("bbox: 4 (or 6) numbers")
        elif len(b) == 4:
            for p in positions:
                if not (b[0] - 1e-9 <= p[0] <= b[2] + 1e-9 and b[1] - 1e-9 <= p[1] <= b[3] + 1e-9):
                    errors.append("bbox %r does not hold position %r" % (b, p))
                    break
    return errors


def dedup(points):
    out = []
    for p in points:
        if not out or out[-1] != p:
            out.append(p)
    return out


def compare(doc, sol, inst, label):
    errors = validate_geojson(doc)
    check(not errors, "%s: not valid GeoJSON:\n  %s" % (label, "\n  ".join(errors[:20])))
    feats = doc["features"]
    kinds = {}
    for f in feats:
        kinds.setdefault(f["properties"]["kind"], []).append(f)
    trips = kinds.get("trip", [])
    boxes = kinds.get("box", [])
    want_trips = sum(r["trips"] for r in sol["routes"])
    check(len(trips) == want_trips, "%s: %d trip LineStrings, the solution has %d trips" % (label, len(trips),
                                                                                            want_trips))
    check(len(boxes) == len(inst["boxes"]), "%s: %d box Points, the instance has %d boxes" % (
        label, len(boxes), len(inst["boxes"])))
    check(len(kinds.get("facility", [])) == len(inst.get("facilities", [])), "%s: facility Points" % label)
    check(len(kinds.get("depot", [])) == len(inst["depots"]), "%s: depot Points" % label)
    check(len(feats) == want_trips + len(inst["boxes"]) + len(inst.get("facilities", [])) + len(inst["depots"]),
          "%s: unexpected extra features" % label)

    # trips: vehicle, numbering and the path through the steps' locations
    by_vehicle = {}
    for t in trips:
        check(t["geometry"]["type"] == "LineString", "%s: trip geometry %r" % (label, t["geometry"]["type"]))
        by_vehicle.setdefault(t["properties"]["vehicle"], []).append(t)
    for r in sol["routes"]:
        ts = by_vehicle.get(r["vehicle"], [])
        check([t["properties"]["trip"] for t in ts] == list(range(1, r["trips"] + 1)),
              "%s: %s: trips %r" % (label, r["vehicle"], [t["properties"]["trip"] for t in ts]))
        for t in ts:
            p = t["properties"]
            a, b = p["first_sequence"], p["last_sequence"]
            want = dedup([s["location"] for s in r["steps"][a:b + 1] if "location" in s])
            if len(want) == 1:
                want = want * 2
            check(t["geometry"]["coordinates"] == want,
                  "%s: %s trip %d: coordinates differ from the steps %d..%d" % (label, r["vehicle"], p["trip"], a, b))
            check(close(p["arrival"], r["steps"][b]["arrival"]), "%s: trip arrival" % label)
            tr = trips_of(r)
            check(tr[b] == p["trip"] and tr[a] in (p["trip"], p["trip"] - 1), "%s: trip bounds" % label)
        check(close(sum(t["properties"]["distance"] for t in ts), r["distance_m"], 1e-6),
              "%s: %s: trip distances sum to %s, route %s" % (label, r["vehicle"],
                                                              sum(t["properties"]["distance"] for t in ts),
                                                              r["distance_m"]))

    # boxes: where each is served, or why not
    served = {}
    for r in sol["routes"]:
        tr = trips_of(r)
        for i, s in enumerate(r["steps"]):
            if s["type"] == "pickup":
                served[s["id"]] = (r["vehicle"], i, tr[i], s)
    reasons = {u["id"]: u["reason"] for u in sol["unassigned"]}
    locs = {b["id"]: b.get("location") for b in inst["boxes"]}
    for f in boxes:
        p = f["properties"]
        bid = p["id"]
        check(f["geometry"]["coordinates"] == locs[bid], "%s: box %s location" % (label, bid))
        if bid in served:
            v, seq, trip, step = served[bid]
            check(p["status"] == "served" and p["vehicle"] == v and p["sequence"] == seq and p["trip"] == trip,
                  "%s: box %s: %r, solution has %s step %d trip %d" % (label, bid, p, v, seq, trip))
            check(close(p["arrival"], step["arrival"]) and close(p["load"], step["load"]) and
                  p["material"] == step["material"], "%s: box %s arrival/load/material" % (label, bid))
        else:
            check(p["status"] == "unassigned" and p.get("reason") == reasons.get(bid),
                  "%s: box %s: %r, solution's reason %r" % (label, bid, p, reasons.get(bid)))
    check(len(served) + len(reasons) == len(inst["boxes"]), "%s: boxes lost" % label)
    print("ok %s: valid RFC 7946, %d trips, %d boxes (%d served), %d facilities, %d depots" % (
        label, len(trips), len(boxes), len(served), len(kinds.get("facility", [])), len(kinds.get("depot", []))))


def case(binary, tmp, inst_path, label, extra=("--construction-only",)):
    """Solves inst_path twice, as solution JSON and as GeoJSON, and compares.
    The construction is deterministic whatever the machine's speed."""
    sol = solve_json(binary, inst_path, tmp, extra, name=label + ".json")
    gj = os.path.join(tmp, label + ".geojson")
    run([binary, "solve", inst_path, "--format", "geojson", "-o", gj] + SOLVE_FIXED + list(extra), want=(0, 1))
    raw = open(gj, "rb").read()
    raw.decode("utf-8")  # UTF-8 (RFC 7946 section 11 via RFC 8259)
    check(not raw.startswith(b"\xef\xbb\xbf"), "%s: byte-order mark" % label)
    doc = load_json(gj)
    compare(doc, sol, load_json(inst_path), label)


def road_case(binary, tmp, city):
    """With OSRM travel and --geometry, every trip follows the road geometry
    between its first and last stop (tests/osrm/fake_osrm.py answers /route
    with a bend halfway along every leg)."""
    fake = os.path.join(HERE, "..", "osrm", "fake_osrm.py")
    if not os.path.exists(fake):
        print("note: %s missing, road geometry not tested" % fake)
        return
    srv = subprocess.Popen([sys.executable, fake, "--lifetime", "300"], stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE)
    try:
        port = int(srv.stdout.readline())
        url = "http://127.0.0.1:%d" % port
        extra = ["--construction-only", "--osrm", url, "--geometry"]
        sol = solve_json(binary, city, tmp, extra, name="road.json")
        gj = os.path.join(tmp, "road.geojson")
        run([binary, "solve", city, "--format", "geojson", "-o", gj, "-q"] + extra, want=(0, 1))
    finally:
        srv.stdin.close()
        srv.wait(timeout=30)
    doc = load_json(gj)
    errors = validate_geojson(doc)
    check(not errors, "road: not valid GeoJSON:\n  %s" % "\n  ".join(errors[:20]))
    routes = {r["vehicle"]: r for r in sol["routes"]}
    n = 0
    for f in doc["features"]:
        p = f["properties"]
        if p["kind"] != "trip":
            continue
        n += 1
        check(p["path"] == "road", "road: trip %s/%d drawn %s" % (p["vehicle"], p["trip"], p["path"]))
        coords = f["geometry"]["coordinates"]
        r = routes[p["vehicle"]]
        want = dedup([s["location"] for s in r["steps"][p["first_sequence"]:p["last_sequence"] + 1]
                      if "location" in s])
        check(coords[0] == want[0] and coords[-1] == want[-1], "road: %s trip %d does not run from %r to %r" % (
            p["vehicle"], p["trip"], want[0], want[-1]))
        k = 0
        for c in coords:  # every stop on the line, in order
            if k < len(want) and c == want[k]:
                k += 1
        check(k == len(want), "road: %s trip %d: stop %d of %d not on the line" % (p["vehicle"], p["trip"], k,
                                                                                  len(want)))
        check(len(coords) >= 2 * len(want) - 1, "road: %s trip %d: %d points for %d stops (no bends)" % (
            p["vehicle"], p["trip"], len(coords), len(want)))
    check(n == sum(r["trips"] for r in sol["routes"]), "road: %d trips" % n)
    print("ok road: %d trips follow the OSRM /route geometry between their stops" % n)


def test(binary, shared, tmp):
    # self-test of the validator on broken documents
    bad = [
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                    "geometry": {"type": "Point", "coordinates": [43.2, 76.9, 1, 2]}}]},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                    "geometry": {"type": "Point", "coordinates": [43.2, 96.9]}}]},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                    "geometry": {"type": "LineString", "coordinates": [[1, 2]]}}]},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": None}]},
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
                                                    "geometry": {"type": "Curve", "coordinates": []}}]},
    ]
    for i, doc in enumerate(bad):
        check(validate_geojson(doc), "validator accepted broken document %d" % i)
    print("ok: the validator rejects %d broken documents" % len(bad))

    case(binary, tmp, gen_city(binary, tmp, 100), "almaty-100")
    oral = os.path.join(tmp, "oral.json")
    run([binary, "gen", "--city", "oral", "--boxes", "300", "--seed", "7", "--materials", "plastic,paper,glass",
         "--facilities", "2", "--time-windows", "--breaks", "-o", oral])
    case(binary, tmp, oral, "oral-300-tw-breaks")
    case(binary, tmp, os.path.join(HERE, "quoting.json"), "quoting")

    # after a search (whatever it found): valid, and one Point per box
    gj = os.path.join(tmp, "searched.geojson")
    city = gen_city(binary, tmp, 100)
    run([binary, "solve", city, "--format", "geojson", "-o", gj] + SOLVE_FIXED, want=(0, 1))
    doc = load_json(gj)
    errors = validate_geojson(doc)
    check(not errors, "after a search: not valid GeoJSON:\n  %s" % "\n  ".join(errors[:20]))
    n_box = sum(1 for f in doc["features"] if f["properties"]["kind"] == "box")
    check(n_box == 100, "after a search: %d box Points" % n_box)
    print("ok searched: valid RFC 7946, %d features" % len(doc["features"]))

    road_case(binary, tmp, gen_city(binary, tmp, 100))

    # planar coordinates are not [lon, lat]: refused before solving
    c101 = os.path.join(shared, "instances", "solomon", "C101.txt")
    rc, out, err = run([binary, "solve", c101, "--format", "geojson", "-o", os.path.join(tmp, "c101.geojson")],
                       want=(2,))
    check("GeoJSON needs [lon, lat]" in err, "planar refusal message: %r" % err)
    check(not os.path.exists(os.path.join(tmp, "c101.geojson")), "a GeoJSON file was written for a planar instance")
    print("ok: a planar instance is refused: %s" % err.strip().splitlines()[0])


if __name__ == "__main__":
    main(test)
