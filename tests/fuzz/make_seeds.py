#!/usr/bin/env python3
"""make_seeds.py ECOROUTE_BINARY - (re)writes the seed corpora tests/fuzz/corpus/<target>/.

The seeds come from the tests' own inputs (tests/invalid, tests/vroom,
tests/readers' formats), the datasets, and small cuts of the benchmark files
in ../shared/instances (a cut keeps the header and the first customers, so
the whole corpus stays well under 1 MB). The solution target's seeds are
solutions that ECOROUTE_BINARY writes for the target's three fixed instances;
the service target's seeds are request lines. Regression inputs (crashes the
fuzzers found) live in tests/fuzz/regressions/<target>/ and are not touched.

Each corpus/<target>/ folder is emptied and refilled; run it only when the
seeds must change, then commit the result. The tests never run it.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.path.normpath(os.path.join(ROOT, "..", "shared", "instances"))
CORPUS = os.path.join(HERE, "corpus")


def read(path, mode="rb"):
    with open(path, mode) as f:
        return f.read()


def cut_lines(text, n_lines):
    return "\n".join(text.splitlines()[:n_lines]) + "\n"


def cut_cvrplib(text, n_nodes):
    """The first n_nodes nodes of an EUC_2D CVRPLIB instance (depot first)."""
    out, section = [], None
    for line in text.splitlines():
        key = line.split(":")[0].strip()
        if key == "DIMENSION":
            out.append("DIMENSION : %d" % n_nodes)
            continue
        if line.strip() in ("NODE_COORD_SECTION", "DEMAND_SECTION", "DEPOT_SECTION", "EOF"):
            section = line.strip()
            out.append(line)
            continue
        if section in ("NODE_COORD_SECTION", "DEMAND_SECTION"):
            if int(line.split()[0]) > n_nodes:
                continue
        out.append(line)
    return "\n".join(out) + "\n"


def cut_kim(text, n_stops):
    """The header and the first n_stops stops of a Kim instance, keeping every
    depot and landfill row (type 0 and 2)."""
    lines = text.splitlines()
    out, k = [], 0
    for line in lines:
        f = line.split()
        if len(f) == 8 and re.match(r"^\d+$", f[0]) and f[7] in "012":
            if f[7] == "1":
                k += 1
                if k > n_stops:
                    continue
        out.append(line)
    return "\n".join(out) + "\n"


def put(target, name, data):
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def reset(target):
    d = os.path.join(CORPUS, target)
    if os.path.isdir(d):
        shutil.rmtree(d)
    os.makedirs(d)


# the inline formats tests/readers exercises, one small file each
CVRP_TINY = """NAME : tiny
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

EXPLICIT = {
    "lower-row": "LOWER_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n7\n8 9\n",
    "lower-diag-row": "LOWER_DIAG_ROW\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 7 0 8 9 0\n",
    "upper-row": "UPPER_ROW\nCAPACITY : 10\nDISTANCE : 50\nSERVICE_TIME : 1\nEDGE_WEIGHT_SECTION\n7 8\n9\n",
    "full-matrix": "FULL_MATRIX\nCAPACITY : 10\nEDGE_WEIGHT_SECTION\n0 7 8\n7 0 9\n8 9 0\n",
}


def explicit(fmt_block):
    return ("NAME : ex\nTYPE : CVRP\nDIMENSION : 3\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : " + fmt_block +
            "DEMAND_SECTION\n1 0\n2 3\n3 4\nDEPOT_SECTION\n1\n-1\nEOF\n")


def seeds_json_model():
    t = "json_model"
    reset(t)
    for d in ("tests/invalid/cases", "tests/invalid/valid", "tests/vroom/native"):
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            if f.endswith(".json"):
                put(t, d.split("/")[-1] + "-" + f, read(os.path.join(ROOT, d, f)))
    # a dataset city cut to its first boxes
    city = json.loads(read(os.path.join(ROOT, "datasets", "oral-60-tw.json")))
    city["boxes"] = city["boxes"][:12]
    put(t, "dataset-oral-12.json", json.dumps(city, indent=1))
    osrm = json.loads(read(os.path.join(ROOT, "tests/invalid/valid/minimal.json")))
    osrm["travel"] = {"provider": "osrm", "url": "http://127.0.0.1:1", "profile": "driving"}
    put(t, "osrm-provider.json", json.dumps(osrm))


def seeds_cvrplib():
    t = "cvrplib"
    reset(t)
    for f in sorted(os.listdir(os.path.join(ROOT, "tests/invalid/cases"))):
        if f.endswith(".vrp"):
            put(t, "invalid-" + f, read(os.path.join(ROOT, "tests/invalid/cases", f)))
    put(t, "tiny.vrp", CVRP_TINY)
    put(t, "tiny-ceil-distance.vrp", CVRP_TINY.replace("EUC_2D\n", "CEIL_2D\nDISTANCE : 30\nSERVICE_TIME : 2\n"))
    put(t, "tiny-man.vrp", CVRP_TINY.replace("EUC_2D", "MAN_2D"))
    put(t, "tiny-att.vrp", CVRP_TINY.replace("EUC_2D", "ATT"))
    for k, v in EXPLICIT.items():
        put(t, "explicit-" + k + ".vrp", explicit(v))
    x = read(os.path.join(SHARED, "cvrp_x", "X-n101-k25.vrp"), "r")
    put(t, "X-n101-k25-cut20.vrp", cut_cvrplib(x, 20))
    put(t, "X-n101-k25.vrp", x)


def seeds_solomon():
    t = "solomon"
    reset(t)
    for f in sorted(os.listdir(os.path.join(ROOT, "tests/invalid/cases"))):
        if f.startswith("solomon-") and f.endswith(".txt"):
            put(t, "invalid-" + f, read(os.path.join(ROOT, "tests/invalid/cases", f)))
    for name, n in (("C101", 20), ("R101", 15), ("RC201", 12)):
        text = read(os.path.join(SHARED, "solomon", name + ".txt"), "r")
        put(t, "%s-cut%d.txt" % (name, n), cut_lines(text, 9 + n + 1))
    gh = read(os.path.join(SHARED, "gh200", "C1_2_1.txt"), "r")
    put(t, "C1_2_1-cut15.txt", cut_lines(gh, 9 + 16))


def seeds_kim():
    t = "kim"
    reset(t)
    for f in sorted(os.listdir(os.path.join(ROOT, "tests/invalid/cases"))):
        if f.startswith("kim-") and f.endswith(".txt"):
            put(t, "invalid-" + f, read(os.path.join(ROOT, "tests/invalid/cases", f)))
    k = read(os.path.join(SHARED, "kim2006_wcvrptw", "102_stop.txt"), "r")
    put(t, "102_stop.txt", k)
    put(t, "102_stop-cut20.txt", cut_kim(k, 20))
    put(t, "102_stop-cut8.txt", cut_kim(k, 8))
    k2 = read(os.path.join(SHARED, "kim2006_wcvrptw", "277_stop.txt"), "r")
    put(t, "277_stop-cut15.txt", cut_kim(k2, 15))


def seeds_vroom():
    t = "vroom"
    reset(t)
    for d in ("tests/vroom/problems", "tests/vroom/refusals"):
        for f in sorted(os.listdir(os.path.join(ROOT, d))):
            if f.endswith(".json"):
                put(t, d.split("/")[-1] + "-" + f, read(os.path.join(ROOT, d, f)))


def solution_instances():
    """The three fixed instances of tests/fuzz/solution.c, as files."""
    src = read(os.path.join(HERE, "solution.c"), "r")
    native = read(os.path.join(ROOT, "tests/invalid/valid/full-haversine.json"), "r")

    def c_string(name):
        m = re.search(r"static const char %s\[\] =\n(.*?);\n" % name, src, re.S)
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
        return "".join(parts).encode().decode("unicode_escape")

    return [("native", native, ".json"), ("cvrplib", c_string("cvrplib_model"), ".vrp"),
            ("solomon", c_string("solomon_model"), ".txt")]


def seeds_solution(binary):
    t = "solution"
    reset(t)
    tmp = tempfile.mkdtemp(prefix="eco-seeds-")
    try:
        for sel, (name, text, ext) in enumerate(solution_instances()):
            ipath = os.path.join(tmp, name + ext)
            with open(ipath, "w") as f:
                f.write(text)
            for fmt in ("json", "cvrplib"):
                spath = os.path.join(tmp, "solution-" + name + "." + fmt)
                subprocess.run([binary, "solve", ipath, "--construction-only", "--quiet", "--format", fmt,
                                "-o", spath], check=False)
                if os.path.exists(spath):
                    sol = read(spath)
                    put(t, "%s-%s" % (name, fmt), bytes([sel]) + sol)
                    if fmt == "json":
                        j = json.loads(sol)
                        # only what the reader takes: vehicles, step types and ids
                        for r in j.get("routes", []):
                            r["steps"] = [{k: s[k] for k in ("type", "id", "departure") if k in s}
                                          for s in r["steps"]]
                        put(t, "%s-json-min" % name, bytes([sel]) + json.dumps(j).encode())
        put(t, "cvrplib-text", b"\x01Route #1: 1 2 3\nRoute #2: 4 5\nCost 99\n")
        put(t, "solomon-text", b"\x02Route #1: 5 3\nRoute #2: 2 1 4\n")
        put(t, "native-hhmm", b'\x00{"routes":[{"vehicle":"truck#1","steps":[{"type":"start","departure":"07:30"},'
            b'{"type":"pickup","id":"kbtu-1"},{"type":"unload","id":"baler"},{"type":"break"},{"type":"end"}]}],'
            b'"unassigned":[{"id":"kbtu-3","reason":"x"}]}')
    finally:
        shutil.rmtree(tmp)


def seeds_service():
    t = "service"
    reset(t)
    minimal = json.loads(read(os.path.join(ROOT, "tests/invalid/valid/minimal.json")))
    sol_text = "Route #1: 1 2 3\nRoute #2: 4 5\n"
    cvrp = CVRP_TINY

    def line(o):
        return json.dumps(o, separators=(",", ":")) + "\n"

    reqs = {
        "health": line({"id": 1, "kind": "health"}),
        "version-stats": line({"id": "v", "kind": "version"}) + line({"id": 3.5, "kind": "stats"}),
        "solve-native": line({"id": "s1", "kind": "solve", "model": minimal,
                              "options": {"time_limit_s": 0.01, "seed": 2, "threads": 1}}),
        "solve-construction": line({"id": 2, "kind": "solve", "model": minimal,
                                    "options": {"construction_only": True, "max_iterations": 5}}),
        "solve-cvrplib": line({"id": "c", "kind": "solve", "model": cvrp,
                               "options": {"format": "cvrplib", "rounding": "exact", "max_no_improve": 3}}),
        "solve-native-string": line({"id": 7, "kind": "solve", "model": json.dumps(minimal)}),
        "check-cvrplib": line({"id": "k", "kind": "check", "model": cvrp, "solution": sol_text}),
        "check-native": line({"id": "k2", "kind": "check", "model": minimal, "solution": {"routes": [
            {"vehicle": "v", "steps": [{"type": "start"}, {"type": "pickup", "id": "1"},
                                       {"type": "pickup", "id": "2"}, {"type": "end"}]}]}}),
        "errors": "{\"id\":1,\"kind\":\n[1,2]\n" + line({"id": 1, "kind": "launch"}) + line({"kind": "health"}) +
                  line({"id": 1, "kind": "health", "extra": 1}) + line({"id": [1], "kind": "health"}) +
                  line({"id": 1, "kind": "solve"}) + line({"id": 1, "kind": "solve", "model": 5}) +
                  line({"id": 1, "kind": "solve", "model": minimal, "options": {"format": "kim"}}) +
                  line({"id": 1, "kind": "check", "model": minimal}) + "   \r\n\n",
        "token": line({"id": 1, "kind": "health", "token": "fuzz-token"}) +
                 line({"id": 2, "kind": "health", "token": "wrong"}),
        "osrm-refused": line({"id": 1, "kind": "solve", "model": dict(minimal, travel={
            "provider": "osrm", "url": "http://127.0.0.1:1", "cache_dir": "/tmp/x"})}),
        "pipelined": line({"id": 1, "kind": "solve", "model": minimal, "options": {"construction_only": True}}) * 5 +
                     line({"id": 9, "kind": "stats"}),
    }
    # byte 0: server state flags, byte 1: piece size (see tests/fuzz/service.c)
    variants = {"": (0, 0), "-token": (1, 0), "-stopping": (2, 0), "-small": (4, 7), "-gone": (8, 0),
                "-timeout": (16, 13), "-pieces": (0, 1)}
    for name, body in reqs.items():
        for suffix, (flags, piece) in variants.items():
            if suffix and name not in ("health", "errors", "pipelined", "solve-native", "token"):
                continue
            put(t, name + suffix, bytes([flags, piece]) + body.encode())
    put(t, "partial-line", b"\x10\x00{\"id\":1,\"kind\":\"health\"}\n{\"id\":2,")


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        sys.exit(2)
    binary = os.path.abspath(sys.argv[1])
    seeds_json_model()
    seeds_cvrplib()
    seeds_solomon()
    seeds_kim()
    seeds_vroom()
    seeds_solution(binary)
    seeds_service()
    total = 0
    for t in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, t))
        size = sum(os.path.getsize(os.path.join(CORPUS, t, f)) for f in files)
        total += size
        print("%-12s %3d files %8d bytes" % (t, len(files), size))
    print("%-12s %3s       %8d bytes" % ("total", "", total))


if __name__ == "__main__":
    main()
