#!/usr/bin/env python3
"""CSV manifests round trip: `ecoroute solve --manifest DIR` (same run as the
solution JSON) and `--format csv` are read back with Python's csv module
(strict RFC 4180 quoting), the stop sequence of every vehicle is rebuilt and
compared with the solution JSON's steps: kind, id, location, trip, times,
load. Also: CRLF line ends, UTF-8 without a byte-order mark, quoting of ids
holding commas and quotes (tests/output/quoting.json), the summary and the
unassigned sheets, and a planar instance (x, y columns, numeric times).
"""
import csv
import io
import os

from outlib import Failure, check, close, clock_to_s, gen_city, load_json, main, run, solve_json, trips_of, HERE

STOP_COLS = ["sequence", "trip", "kind", "id", "lon", "lat", "arrival", "start", "departure", "amount",
             "load_after", "material", "fill", "notes"]


def read_csv(path, label):
    raw = open(path, "rb").read()
    check(not raw.startswith(b"\xef\xbb\xbf"), "%s: %s starts with a byte-order mark" % (label, path))
    text = raw.decode("utf-8")
    check(raw.count(b"\n") == raw.count(b"\r\n"), "%s: %s has line ends other than CRLF" % (label, path))
    check(raw.endswith(b"\r\n"), "%s: %s does not end with CRLF" % (label, path))
    rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    check(rows and all(len(r) == len(rows[0]) for r in rows),
          "%s: %s: rows of different lengths" % (label, path))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]], raw


def time_of(text, seconds_based):
    return clock_to_s(text) if seconds_based else float(text)


def compare_route(rows, route, label, geo, seconds_based):
    """rows: a manifest's data rows; route: the solution JSON's route."""
    steps = route["steps"]
    check(len(rows) == len(steps), "%s: %d rows, %d steps" % (label, len(rows), len(steps)))
    trips = trips_of(route)
    xk, yk = ("lon", "lat") if geo else ("x", "y")
    pos = None
    for i, (row, st) in enumerate(zip(rows, steps)):
        where = "%s row %d (%s %s)" % (label, i, st["type"], st.get("id", ""))
        check(int(row["sequence"]) == i, "%s: sequence %s" % (where, row["sequence"]))
        check(row["kind"] == st["type"], "%s: kind %r" % (where, row["kind"]))
        check(row["id"] == st.get("id", ""), "%s: id %r" % (where, row["id"]))
        check(int(row["trip"]) == trips[i], "%s: trip %s, expected %d" % (where, row["trip"], trips[i]))
        if "location" in st:
            pos = st["location"]
        check(close(float(row[xk]), pos[0], 1e-7) and close(float(row[yk]), pos[1], 1e-7),
              "%s: position %s, %s vs %r" % (where, row[xk], row[yk], pos))
        check(close(time_of(row["arrival"], seconds_based), st["arrival"], 1e-9), "%s: arrival %s vs %s" % (
            where, row["arrival"], st["arrival"]))
        check(close(time_of(row["departure"], seconds_based), st["departure"], 1e-9), "%s: departure" % where)
        if st["type"] in ("pickup", "unload", "break"):
            check(close(time_of(row["start"], seconds_based), st.get("start", st["arrival"]), 1e-9),
                  "%s: start %s" % (where, row["start"]))
        check(close(float(row["load_after"]), st["load"], 1e-6), "%s: load %s vs %s" % (where, row["load_after"],
                                                                                     st["load"]))
        if st["type"] == "pickup":
            check(close(float(row["amount"]), st["amount"], 1e-6) and row["material"] == st["material"],
                  "%s: amount/material" % where)


def check_manifests(d, sol, inst, label):
    geo = sol["units"]["time"] == "s" and sol["format"] == "json"
    seconds_based = sol["units"]["time"] == "s"
    cols = STOP_COLS if geo else [c if c not in ("lon", "lat") else {"lon": "x", "lat": "y"}[c] for c in STOP_COLS]
    head, summary, _ = read_csv(os.path.join(d, "summary.csv"), label)
    check(head[:3] == ["vehicle", "route", "file"], "%s: summary header %r" % (label, head))
    check([r["vehicle"] for r in summary] == [r["vehicle"] for r in sol["routes"]],
          "%s: summary vehicles %r" % (label, [r["vehicle"] for r in summary]))
    files = sorted(f for f in os.listdir(d) if f not in ("summary.csv", "unassigned.csv", "summary.txt"))
    check(files == sorted(r["file"] for r in summary), "%s: files %r vs summary %r" % (
        label, files, [r["file"] for r in summary]))
    dist_key = "distance_km" if sol["units"]["distance"] == "m" else [k for k in head if k.startswith("distance")][0]
    for srow, route in zip(summary, sol["routes"]):
        h, rows, _ = read_csv(os.path.join(d, srow["file"]), label)
        check(h == cols, "%s: manifest header %r" % (label, h))
        compare_route(rows, route, "%s %s" % (label, srow["file"]), geo, seconds_based)
        check(int(srow["trips"]) == route["trips"], "%s: summary trips" % label)
        check(int(srow["stops"]) == sum(1 for s in route["steps"] if s["type"] == "pickup"), "%s: stops" % label)
        scale = 1000.0 if dist_key == "distance_km" else 1.0
        check(abs(float(srow[dist_key]) * scale - route["distance_m"]) <= 0.51e-3 * scale,
              "%s: summary distance %s vs %s" % (label, srow[dist_key], route["distance_m"]))
    # unassigned, in the solution's order, with the same reasons
    _, un, _ = read_csv(os.path.join(d, "unassigned.csv"), label)
    check([(u["id"], u["reason"], u["need"]) for u in un] ==
          [(u["id"], u["reason"], u["need"]) for u in sol["unassigned"]], "%s: unassigned.csv" % label)
    txt = open(os.path.join(d, "summary.txt"), encoding="utf-8").read()
    check("collected" in txt, "%s: summary.txt: %r" % (label, txt[:200]))
    print("ok %s: %d manifests round-trip to the solution's %d steps; summary, unassigned (%d) match" % (
        label, len(summary), sum(len(r["steps"]) for r in sol["routes"]), len(un)))


def check_stops_sheet(path, sol, label):
    geo = sol["format"] == "json"
    head, rows, raw = read_csv(path, label)
    check(head[0] == "vehicle" and len(head) == len(STOP_COLS) + 1, "%s: header %r" % (label, head))
    routed = [r for r in rows if r["kind"] != "unassigned"]
    for route in sol["routes"]:
        mine = [r for r in routed if r["vehicle"] == route["vehicle"]]
        compare_route(mine, route, "%s %s" % (label, route["vehicle"]), geo, sol["units"]["time"] == "s")
    check(len(routed) == sum(len(r["steps"]) for r in sol["routes"]), "%s: rows of unknown vehicles" % label)
    un = [r for r in rows if r["kind"] == "unassigned"]
    check([u["id"] for u in un] == [u["id"] for u in sol["unassigned"]], "%s: unassigned rows" % label)
    for u, s in zip(un, sol["unassigned"]):
        check(u["notes"].endswith(s["reason"]) and u["vehicle"] == "", "%s: unassigned %s" % (label, u["id"]))
    print("ok %s: one sheet, %d stop rows and %d unassigned rows round-trip" % (label, len(routed), len(un)))
    return raw


def case(binary, tmp, inst_path, label, extra=()):
    d = os.path.join(tmp, label + "-manifest")
    sol = solve_json(binary, inst_path, tmp, list(extra) + ["--manifest", d], name=label + ".json")
    check(sol["routes"], "%s: no routes" % label)
    check_manifests(d, sol, load_json(inst_path) if inst_path.endswith(".json") else None, label)
    # --format csv: compared with the deterministic construction
    sol2 = solve_json(binary, inst_path, tmp, list(extra) + ["--construction-only"], name=label + "-c.json")
    sheet = os.path.join(tmp, label + ".csv")
    run([binary, "solve", inst_path, "--format", "csv", "-o", sheet, "--construction-only", "-q"] + list(extra),
        want=(0, 1))
    return check_stops_sheet(sheet, sol2, label + " --format csv"), d


def test(binary, shared, tmp):
    case(binary, tmp, gen_city(binary, tmp, 100), "almaty-100")
    oral = os.path.join(tmp, "oral.json")
    run([binary, "gen", "--city", "oral", "--boxes", "200", "--seed", "3", "--materials", "plastic,paper,glass",
         "--time-windows", "--breaks", "-o", oral])
    case(binary, tmp, oral, "oral-200-tw-breaks")
    case(binary, tmp, os.path.join(shared, "instances", "solomon", "C101.txt"), "solomon-C101")

    # RFC 4180 quoting of ids with commas, quotes, a semicolon, '<', non-ASCII
    raw, d = case(binary, tmp, os.path.join(HERE, "quoting.json"), "quoting")
    text = raw.decode("utf-8")
    for want in ['"truck, ""big"""', '"box,1"', '"say ""hi"""', '"a""b,c""d"', '"baler, north"', ',plain,',
                 ',semi;colon,', ",<tag> & 'apos',", ',кириллица-1,']:
        check(want in text, "quoting: %r not in the stops sheet" % want)
    files = sorted(os.listdir(d))
    check("01-truck___big_.csv" in files, "quoting: manifest names %r" % files)
    summ = open(os.path.join(d, "summary.csv"), encoding="utf-8").read()
    check('"truck, ""big"""' in summ, "quoting: summary.csv does not quote the vehicle id")
    print("ok quoting: commas and quotes quoted and doubled, plain fields bare, UTF-8 kept; file %s" %
          "01-truck___big_.csv")

    # a directory that cannot be made is an error naming it, after the solution is written
    blocker = os.path.join(tmp, "not-a-dir")
    open(blocker, "w").close()
    rc, out, err = run([binary, "solve", os.path.join(HERE, "quoting.json"), "-q", "-o", os.path.join(tmp, "x.json"),
                        "--manifest", os.path.join(blocker, "sub")], want=(2,))
    check("not-a-dir/sub" in err and "cannot create directory" in err, "bad --manifest message: %r" % err)
    print("ok: an impossible --manifest directory: %s" % err.strip())


if __name__ == "__main__":
    main(test)
