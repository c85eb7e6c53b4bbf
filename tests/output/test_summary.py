#!/usr/bin/env python3
"""The human summary `ecoroute solve` prints on stderr: vehicles, distance,
duration, kg per material, a line per vehicle, unassigned boxes with reasons
(mandatory first, the first five by name, then a count), the time taken; and
nothing with --quiet. Also for a CVRPLIB instance (no units, no materials)."""
import json
import os

from outlib import Failure, check, gen_city, main, run, HERE, SOLVE_FIXED

FIXED = [a for a in SOLVE_FIXED if a != "-q"]


def test(binary, shared, tmp):
    city = gen_city(binary, tmp, 100)
    out = os.path.join(tmp, "s.json")
    rc, _, err = run([binary, "solve", city, "-o", out] + FIXED, want=(0, 1))
    sol = json.load(open(out))
    lines = err.splitlines()
    check(lines and lines[0].startswith("almaty-100-s1: %d of " % len(sol["routes"])), "first line: %r" % lines[:1])
    check(" km, duration " in lines[0] and "distance " in lines[0] and "cost " in lines[0], "totals: %r" % lines[0])
    check("collected" in lines[1] and "plastic" in lines[1] and "paper" in lines[1] and " kg" in lines[1],
          "materials line: %r" % lines[1])
    for r in sol["routes"]:
        check(any(l.split()[:1] == [r["vehicle"]] for l in lines), "no line for %s" % r["vehicle"])
    check(any("unassigned: %d" % len(sol["unassigned"]) in l for l in lines) or not sol["unassigned"],
          "unassigned count missing:\n%s" % err)
    check("solved in" in lines[-1] and "checked feasible" in lines[-1], "last line: %r" % lines[-1])
    print("ok: the summary of almaty-100:\n    " + "\n    ".join(lines))

    rc, _, err = run([binary, "solve", city, "-o", out, "--quiet"] + FIXED, want=(0, 1))
    check(err == "", "--quiet still printed: %r" % err)
    print("ok: --quiet prints nothing")

    # mandatory boxes nobody can reach: the first five by name with their reasons, then a count
    model = json.load(open(os.path.join(HERE, "quoting.json"), encoding="utf-8"))
    for i in range(8):
        model["boxes"].append({"id": "far-%d" % i, "location": [77.6 + 0.01 * i, 43.6], "material": "paper",
                               "load_kg": 10, "time_window": ["07:00", "07:05"]})
    path = os.path.join(tmp, "far.json")
    json.dump(model, open(path, "w", encoding="utf-8"), ensure_ascii=False)
    rc, _, err = run([binary, "solve", path, "-o", out] + FIXED, want=(1,))
    check("unassigned: 11 (9 mandatory, 1 optional, 1 not needed today)" in err, "counts:\n%s" % err)
    named = [l for l in err.splitlines() if "(mandatory): unreachable" in l]
    check(len(named) == 5, "%d mandatory boxes named, expected 5:\n%s" % (len(named), err))
    check("... and 5 more" in err and "below the fill threshold" in err, "the rest is not counted:\n%s" % err)
    print("ok: 9 unreachable mandatory boxes: 5 named with reasons, the rest counted (exit 1)")

    x = os.path.join(shared, "instances", "cvrp_x", "X-n101-k25.vrp")
    rc, _, err = run([binary, "solve", x, "-o", out] + FIXED, want=(0,))
    first = err.splitlines()[0]
    check(first.startswith("X-n101-k25: ") and "vehicles" in first, "CVRPLIB summary: %r" % first)
    check("kg" not in err and "km" not in err, "units invented for CVRPLIB:\n%s" % err)
    print("ok: CVRPLIB summary without units: %s" % first)


if __name__ == "__main__":
    main(test)
