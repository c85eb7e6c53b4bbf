#!/usr/bin/env python3
"""Strict reader of VROOM's response JSON, written from VROOM's documented API
(docs/API.md, "Output"), for ecoroute's `solve --output-format vroom`.

usage: vroom_schema.py RESPONSE [PROBLEM]

Checks the shape: every documented key present with its type (VROOM's
integers are integers), no undocumented key except ecoroute's documented
extensions (steps of type "unload", "reason" of an unassigned job), the
totals of the summary equal to the sums over routes, each route's totals to
the sums over its steps, and the timeline of every route (arrival, waiting,
setup, service, cumulated travel time). With PROBLEM (the VROOM problem the
response answers) it also checks the answer against it: every job served
once or listed unassigned, known vehicles used once, locations and task
times echoed, time windows, vehicle working hours, capacity and load
bookkeeping, skills, max_tasks, max_distance and breaks.

Exit status 0 when everything holds, 1 with one line per problem otherwise.
"""
import json
import sys

errors = []


def err(where, msg):
    errors.append(f"{where}: {msg}")


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def keys(obj, where, required, optional):
    if not isinstance(obj, dict):
        err(where, f"expected an object, got {type(obj).__name__}")
        return False
    for k in required:
        if k not in obj:
            err(where, f"missing \"{k}\"")
    for k in obj:
        if k not in required and k not in optional:
            err(where, f"undocumented key \"{k}\"")
    return True


def want_int(obj, k, where, minimum=0):
    if k in obj and not (is_int(obj[k]) and obj[k] >= minimum):
        err(f"{where}.{k}", f"expected an integer >= {minimum}, got {obj[k]!r}")
        return False
    return k in obj


def want_amount(obj, k, where, dims):
    v = obj.get(k)
    if k not in obj:
        return None
    if not isinstance(v, list) or not all(is_int(x) and x >= 0 for x in v):
        err(f"{where}.{k}", f"expected an array of integers >= 0, got {v!r}")
        return None
    if dims[0] is None:
        dims[0] = len(v)
    elif len(v) != dims[0]:
        err(f"{where}.{k}", f"has {len(v)} amounts, elsewhere {dims[0]}")
    return v


def want_location(obj, where):
    if "location" in obj:
        v = obj["location"]
        if not (isinstance(v, list) and len(v) == 2 and all(is_num(x) for x in v)):
            err(f"{where}.location", f"expected [lon, lat], got {v!r}")
    want_int(obj, "location_index", where)


def want_violations(obj, where):
    v = obj.get("violations")
    if v != []:
        err(f"{where}.violations", f"expected [] (no violation in a solved plan), got {v!r}")


SUMMARY_REQ = ["cost", "routes", "unassigned", "setup", "service", "duration", "waiting_time", "priority",
               "violations"]
SUMMARY_OPT = ["delivery", "pickup", "distance", "computing_times", "amount"]
ROUTE_REQ = ["vehicle", "steps", "cost", "setup", "service", "duration", "waiting_time", "priority", "violations"]
ROUTE_OPT = ["delivery", "pickup", "description", "geometry", "distance", "amount"]
STEP_REQ = ["type", "arrival", "duration", "setup", "service", "waiting_time", "violations"]
STEP_OPT = ["description", "location", "location_index", "id", "job", "load", "distance"]
STEP_TYPES = {"start", "job", "pickup", "delivery", "break", "end", "unload"}  # "unload": ecoroute's extension
UNASSIGNED_REQ = ["id", "type"]
UNASSIGNED_OPT = ["description", "location", "location_index", "reason"]  # "reason": extension


def check_route(route, where, dims, has_distance):
    if not keys(route, where, ROUTE_REQ, ROUTE_OPT):
        return None
    if not is_int(route.get("vehicle")):
        err(f"{where}.vehicle", f"expected an integer id, got {route.get('vehicle')!r}")
    for k in ["cost", "setup", "service", "duration", "waiting_time", "priority", "distance"]:
        want_int(route, k, where)
    for k in ["delivery", "pickup"]:
        want_amount(route, k, where, dims)
    if "geometry" in route and not isinstance(route["geometry"], str):
        err(f"{where}.geometry", "expected a string")
    if ("distance" in route) != has_distance:
        err(where, "\"distance\" present in some routes and not in the summary (or the reverse)")
    want_violations(route, where)
    steps = route.get("steps")
    if not isinstance(steps, list) or len(steps) < 2:
        err(f"{where}.steps", "expected an array of at least a start and an end step")
        return None
    sums = {"setup": 0, "service": 0, "waiting_time": 0}
    prev = None
    for k, s in enumerate(steps):
        sw = f"{where}.steps[{k}]"
        if not keys(s, sw, STEP_REQ, STEP_OPT):
            return None
        t = s.get("type")
        if t not in STEP_TYPES:
            err(f"{sw}.type", f"unknown step type {t!r}")
        if (k == 0) != (t == "start") or (k == len(steps) - 1) != (t == "end"):
            err(f"{sw}.type", "a route is start, tasks, end")
        for f in ["arrival", "duration", "setup", "service", "waiting_time", "distance"]:
            want_int(s, f, sw)
        want_amount(s, "load", sw, dims)
        want_location(s, sw)
        want_violations(s, sw)
        if t in ("job", "break", "unload", "pickup", "delivery"):
            if not is_int(s.get("id")):
                err(f"{sw}.id", f"expected an integer id, got {s.get('id')!r}")
        elif "id" in s:
            err(f"{sw}.id", f"no id on a {t} step")
        if "job" in s and (t != "job" or s["job"] != s.get("id")):
            err(f"{sw}.job", "the deprecated \"job\" key is the id of a job step")
        if t in ("start", "end") and (s.get("setup") or s.get("service") or s.get("waiting_time")):
            err(sw, f"a {t} step has no setup, service or waiting time")
        if ("distance" in s) != has_distance:
            err(sw, "\"distance\" present on some steps only")
        for f in sums:
            sums[f] += s.get(f, 0) if is_int(s.get(f)) else 0
        if prev is not None and all(is_int(prev.get(f)) for f in ["arrival", "waiting_time", "setup", "service", "duration"]) \
                and is_int(s.get("arrival")) and is_int(s.get("duration")):
            travel = s["duration"] - prev["duration"]
            if travel < 0:
                err(f"{sw}.duration", "cumulated travel time decreases")
            expect = prev["arrival"] + prev["waiting_time"] + prev["setup"] + prev["service"] + travel
            if s["arrival"] != expect:
                err(f"{sw}.arrival", f"{s['arrival']}, expected {expect} (previous departure + travel)")
            if has_distance and is_int(s.get("distance")) and is_int(prev.get("distance")) and \
                    s["distance"] < prev["distance"]:
                err(f"{sw}.distance", "cumulated distance decreases")
        prev = s
    for f, v in sums.items():
        if is_int(route.get(f)) and route[f] != v:
            err(f"{where}.{f}", f"{route[f]}, but its steps sum to {v}")
    if steps[0].get("duration") != 0 or (has_distance and steps[0].get("distance") != 0):
        err(f"{where}.steps[0]", "a start step has duration 0 and distance 0")
    if route.get("duration") != steps[-1].get("duration"):
        err(f"{where}.duration", "is not the end step's cumulated travel time")
    if has_distance and route.get("distance") != steps[-1].get("distance"):
        err(f"{where}.distance", "is not the end step's cumulated distance")
    return route


def check_shape(resp):
    if not keys(resp, "response", ["code"], ["error", "summary", "unassigned", "routes"]):
        return None
    if resp.get("code") != 0:
        keys(resp, "response", ["code", "error"], [])
        if not isinstance(resp.get("error"), str):
            err("response.error", "expected a message with a non-zero code")
        if resp.get("code") not in (1, 2, 3):
            err("response.code", f"expected 0, 1, 2 or 3, got {resp.get('code')!r}")
        return None
    keys(resp, "response", ["code", "summary", "unassigned", "routes"], [])
    s = resp.get("summary", {})
    dims = [None]
    if keys(s, "summary", SUMMARY_REQ, SUMMARY_OPT):
        for k in ["cost", "routes", "unassigned", "setup", "service", "duration", "waiting_time", "priority",
                  "distance"]:
            want_int(s, k, "summary")
        for k in ["delivery", "pickup"]:
            want_amount(s, k, "summary", dims)
        want_violations(s, "summary")
    un = resp.get("unassigned")
    if not isinstance(un, list):
        err("unassigned", "expected an array")
        un = []
    for i, u in enumerate(un):
        w = f"unassigned[{i}]"
        if keys(u, w, UNASSIGNED_REQ, UNASSIGNED_OPT):
            if not is_int(u.get("id")):
                err(f"{w}.id", f"expected an integer id, got {u.get('id')!r}")
            if u.get("type") not in ("job", "pickup", "delivery"):
                err(f"{w}.type", f"expected job, pickup or delivery, got {u.get('type')!r}")
            want_location(u, w)
    routes = resp.get("routes")
    if not isinstance(routes, list):
        err("routes", "expected an array")
        routes = []
    has_distance = "distance" in s
    checked = [check_route(r, f"routes[{i}]", dims, has_distance) for i, r in enumerate(routes)]
    if s.get("routes") != len(routes):
        err("summary.routes", f"{s.get('routes')}, but there are {len(routes)} routes")
    if s.get("unassigned") != len(un):
        err("summary.unassigned", f"{s.get('unassigned')}, but {len(un)} are listed")
    for k in ["cost", "setup", "service", "duration", "waiting_time", "priority", "distance"]:
        if k in s and all(r is not None and is_int(r.get(k)) for r in checked):
            total = sum(r[k] for r in checked)
            if s[k] != total:
                err(f"summary.{k}", f"{s[k]}, but the routes sum to {total}")
    for k in ["delivery", "pickup"]:
        if isinstance(s.get(k), list) and all(r is not None and isinstance(r.get(k), list) for r in checked):
            total = [sum(r[k][d] for r in checked) for d in range(len(s[k]))]
            if s[k] != total:
                err(f"summary.{k}", f"{s[k]}, but the routes sum to {total}")
    return dims[0]


def check_against(resp, prob):
    """The answer against the problem it answers."""
    jobs = {j["id"]: j for j in prob.get("jobs", [])}
    vehicles = {v["id"]: v for v in prob.get("vehicles", [])}
    facilities = {f["id"]: f for f in prob.get("facilities", [])}
    seen = {}
    for i, u in enumerate(resp.get("unassigned", [])):
        if u.get("id") not in jobs:
            err(f"unassigned[{i}].id", f"no job {u.get('id')!r} in the problem")
        seen.setdefault(u.get("id"), []).append(f"unassigned[{i}]")
    used = set()
    for r, route in enumerate(resp.get("routes", [])):
        w = f"routes[{r}]"
        vid = route.get("vehicle")
        veh = vehicles.get(vid)
        if veh is None:
            err(f"{w}.vehicle", f"no vehicle {vid!r} in the problem")
            continue
        if vid in used:
            err(f"{w}.vehicle", f"vehicle {vid} has two routes")
        used.add(vid)
        cap = veh.get("capacity")
        tw = veh.get("time_window")
        skills = set(veh.get("skills", []))
        breaks = {b["id"]: b for b in veh.get("breaks", [])}
        steps = route.get("steps", [])
        load = None
        tasks = 0
        pickup_sum = None
        for k, s in enumerate(steps):
            sw = f"{w}.steps[{k}]"
            t = s.get("type")
            start = s.get("arrival", 0) + s.get("waiting_time", 0)
            if t in ("start", "end"):
                key, ikey = ("start", "start_index") if t == "start" else ("end", "end_index")
                if key in veh and s.get("location") != veh[key]:
                    err(f"{sw}.location", f"{s.get('location')} is not the vehicle's {key} {veh[key]}")
                if ikey in veh and s.get("location_index") != veh[ikey]:
                    err(f"{sw}.location_index", f"is not the vehicle's {ikey}")
                if tw and t == "start" and s.get("arrival", 0) < tw[0]:
                    err(f"{sw}.arrival", f"before the vehicle's working hours {tw}")
                if tw and t == "end" and s.get("arrival", 0) > tw[1]:
                    err(f"{sw}.arrival", f"after the vehicle's working hours {tw}")
            if t == "start":
                load = s.get("load")
                if load is not None and any(load):
                    err(f"{sw}.load", "a collecting vehicle starts empty")
                pickup_sum = [0] * len(load) if load is not None else None
            elif t == "job":
                job = jobs.get(s.get("id"))
                if job is None:
                    err(f"{sw}.id", f"no job {s.get('id')!r} in the problem")
                    continue
                seen.setdefault(s["id"], []).append(sw)
                tasks += 1
                if "location" in job and s.get("location") != job["location"]:
                    err(f"{sw}.location", "is not the job's location")
                if "location_index" in job and s.get("location_index") != job["location_index"]:
                    err(f"{sw}.location_index", "is not the job's location_index")
                if s.get("service") != job.get("service", 0) or s.get("setup") != job.get("setup", 0):
                    err(sw, "setup or service is not the job's")
                if job.get("description") is not None and s.get("description") != job["description"]:
                    err(f"{sw}.description", "is not the job's")
                wins = job.get("time_windows")
                if wins and not any(a <= start <= b for a, b in wins):
                    err(sw, f"service starts at {start}, outside the job's time windows {wins}")
                if wins and s.get("waiting_time", 0) > 0 and not any(start == a for a, b in wins):
                    err(f"{sw}.waiting_time", "waiting beyond the opening of the window")
                if not set(job.get("skills", [])) <= skills:
                    err(sw, f"job skills {job.get('skills')} not all held by vehicle {vid} ({sorted(skills)})")
                p = job.get("pickup")
                if load is not None:
                    expect = [a + b for a, b in zip(load, p)] if p else load
                    if s.get("load") != expect:
                        err(f"{sw}.load", f"{s.get('load')}, expected {expect}")
                    if p and pickup_sum is not None:
                        pickup_sum = [a + b for a, b in zip(pickup_sum, p)]
            elif t == "unload":
                fac = facilities.get(s.get("id"))
                if fac is None:
                    err(f"{sw}.id", f"no facility {s.get('id')!r} in the problem")
                    continue
                if s.get("service") != fac.get("service", 0) or s.get("setup") != fac.get("setup", 0):
                    err(sw, "setup or service is not the facility's")
                wins = fac.get("time_windows")
                if wins and not any(a <= start <= b for a, b in wins):
                    err(sw, f"unloading starts at {start}, outside the facility's time windows {wins}")
                if load is not None and s.get("load") is not None and \
                        any(b > a for a, b in zip(load, s["load"])):
                    err(f"{sw}.load", "grows at an unload")
            elif t == "break":
                b = breaks.get(s.get("id"))
                if b is None:
                    err(f"{sw}.id", f"vehicle {vid} has no break {s.get('id')!r}")
                    continue
                if s.get("service") != b.get("service", 0):
                    err(f"{sw}.service", "is not the break's")
                wins = b.get("time_windows")
                if wins and not any(a <= start <= c for a, c in wins):
                    err(sw, f"break starts at {start}, outside its windows {wins}")
                if load is not None and s.get("load") != load:
                    err(f"{sw}.load", "changes at a break")
            elif t == "end":
                if load is not None and s.get("load") != load:
                    err(f"{sw}.load", "changes at the end")
                if facilities and load is not None and any(load):
                    err(f"{sw}.load", "routes end empty when there are facilities")
            if t != "start" and s.get("load") is not None:
                load = s["load"]
            if cap is not None and load is not None and any(a > c for a, c in zip(load, cap)):
                err(f"{sw}.load", f"{load} exceeds the capacity {cap}")
        if "max_tasks" in veh and tasks > veh["max_tasks"]:
            err(w, f"{tasks} tasks, more than max_tasks {veh['max_tasks']}")
        if "max_distance" in veh and route.get("distance", 0) > veh["max_distance"]:
            err(f"{w}.distance", f"more than max_distance {veh['max_distance']}")
        if pickup_sum is not None and route.get("pickup") is not None and route["pickup"] != pickup_sum:
            err(f"{w}.pickup", f"{route['pickup']}, but the jobs pick up {pickup_sum}")
    for jid in jobs:
        where = seen.get(jid, [])
        if len(where) != 1:
            err(f"job {jid}", "neither served nor unassigned" if not where else f"listed {len(where)} times: {where}")


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.split("\n\n")[1])
    with open(sys.argv[1]) as f:
        resp = json.load(f)
    dims = check_shape(resp)
    if len(sys.argv) == 3 and resp.get("code") == 0:
        with open(sys.argv[2]) as f:
            prob = json.load(f)
        check_against(resp, prob)
        cap = next((v["capacity"] for v in prob.get("vehicles", []) if "capacity" in v), None)
        if cap is not None and dims is not None and len(cap) != dims:
            err("response", f"amounts have {dims} dimensions, the problem {len(cap)}")
    if errors:
        for e in errors:
            print(f"vroom_schema: {e}")
        sys.exit(1)
    if resp.get("code") == 0:
        n = sum(1 for r in resp["routes"] for s in r["steps"] if s["type"] == "job")
        print(f"vroom_schema: ok: cost {resp['summary']['cost']}, {len(resp['routes'])} routes, {n} jobs served, "
              f"{len(resp['unassigned'])} unassigned")
    else:
        print(f"vroom_schema: ok: error response, code {resp['code']}")


if __name__ == "__main__":
    main()
