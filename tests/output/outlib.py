"""Helpers shared by the output tests (standard library only).

Every test script takes the program as its first argument and the shared
benchmark folder (../shared) as its second; it prints "ok: ..." lines, exits 0
on success, 1 on a failure (with the reason), 77 when skipped.
"""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def main(fn):
    """Runs fn(bin, shared, tmpdir) and maps the outcome to an exit status."""
    if len(sys.argv) < 2:
        print("usage: %s ECOROUTE [SHARED]" % sys.argv[0])
        sys.exit(2)
    binary = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "..", "shared")
    with tempfile.TemporaryDirectory(prefix="eco-out-") as tmp:
        try:
            fn(binary, shared, tmp)
        except Failure as e:
            print("FAIL: %s" % e)
            sys.exit(1)
    sys.exit(0)


def run(cmd, want=(0,), timeout=300):
    """Runs cmd; fails unless its exit status is in want. Returns (rc, out, err)."""
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    for text in (out, err):
        if "Sanitizer" in text or "runtime error" in text:
            raise Failure("sanitizer report from %s:\n%s" % (" ".join(cmd), text[-3000:]))
    if p.returncode not in want:
        raise Failure("exit %d (expected %s): %s\n%s" % (p.returncode, want, " ".join(cmd), err[-3000:]))
    return p.returncode, out, err


# The solve options every test uses: reproducible (a fixed number of
# iterations on one thread, far from the time limit), so that two runs with
# different output formats give the same routes.
SOLVE_FIXED = ["--threads", "1", "--seed", "1", "--max-iterations", "30", "--time-limit", "120", "-q"]


def gen_city(binary, tmp, boxes, seed=1, city="almaty"):
    path = os.path.join(tmp, "%s-%d-s%d.json" % (city, boxes, seed))
    if not os.path.exists(path):
        run([binary, "gen", "--city", city, "--boxes", str(boxes), "--seed", str(seed), "-o", path])
    return path


def solve_json(binary, instance, tmp, extra=(), name="solution.json", want=(0, 1)):
    out = os.path.join(tmp, name)
    run([binary, "solve", instance, "-o", out] + SOLVE_FIXED + list(extra), want=want)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def load_json(path):
    def bad_constant(c):
        raise Failure("%s: non-standard JSON constant %s" % (path, c))
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=bad_constant)


def trips_of(route):
    """Trip number of every step of a solution-JSON route, as the writers
    count them: a trip ends at an unload followed by more pickups."""
    steps = route["steps"]
    last_pickup = max([i for i, s in enumerate(steps) if s["type"] == "pickup"], default=-1)
    trip, out = 1, []
    for i, s in enumerate(steps):
        out.append(trip)
        if s["type"] == "unload" and i < last_pickup:
            trip += 1
    return out


def clock_to_s(text):
    """'HH:MM:SS' (hours may pass 24) -> seconds."""
    h, m, s = text.split(":")
    return int(h) * 3600 + int(m) * 60 + int(s)


def close(a, b, tol=1e-6):
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(a)), abs(float(b)))
