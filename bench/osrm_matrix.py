#!/usr/bin/env python3
"""osrm_matrix.py - benchmark of the OSRM client's matrix fetch.

    bench/osrm_matrix.py [--build build] [--sizes 1000,5000] [--memory-size 10000]
                         [--block 100] [--parallel 4] [--out bench/results]

Starts the test suite's fake OSRM server (tests/osrm/fake_osrm.py, one process
per connection so it uses every core) on a loopback port, and runs the
osrm_bench driver (built with the tests: BUILD/tests/osrm_bench) for each
size: wall time, requests, response bytes, peak resident memory. The last
size (--memory-size) also goes through the on-disk cache, to show the
memory of a 10,000-point matrix (2 x 4 x n^2 bytes) and the time of a cache
read. Prints a Markdown table and writes it as JSON to --out.

By default the server replays, for every block of a given shape, the body
it computed for the first one (the `replay` mode of fake_osrm.py): the
client does all its real work (HTTP, JSON parsing, checks, memory) and the
numbers are not dominated by Python arithmetic; --compute makes the server
compute each block. Either way the server shares the machine's cores with
the client. Standard library only.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--sizes", default="1000,5000")
    ap.add_argument("--memory-size", type=int, default=10000, help="0 to skip")
    ap.add_argument("--block", type=int, default=100)
    ap.add_argument("--parallel", type=int, default=4)
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--compute", action="store_true",
                    help="the fake server computes every block (slow: Python arithmetic) instead of replaying "
                         "the body of the first block of each shape")
    args = ap.parse_args()
    driver = os.path.join(args.build, "tests", "osrm_bench")
    if not os.path.exists(driver):
        sys.exit("osrm_matrix.py: %s not found: build the project first (cmake --build %s)" % (driver, args.build))
    server = subprocess.Popen([sys.executable, os.path.join(ROOT, "tests", "osrm", "fake_osrm.py"), "--fork",
                               "--lifetime", "7200"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    rows = []
    scratch = tempfile.mkdtemp(prefix="osrm-bench-")
    try:
        port = int(server.stdout.readline())
        url = "http://127.0.0.1:%d/max=%d%s" % (port, args.block, "" if args.compute else "/replay")
        sizes = [int(s) for s in args.sizes.split(",") if s]
        runs = [(n, None) for n in sizes]
        if args.memory_size > 0:
            runs.append((args.memory_size, os.path.join(scratch, "cache")))
        for n, cache in runs:
            cmd = [driver, url, str(n), str(args.block), str(args.parallel)] + ([cache] if cache else [])
            out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
            for line in out.splitlines():
                r = json.loads(line)
                r["what"] = "cache read" if r["cache_hit"] else "fetch"
                rows.append(r)
                print("n=%d %s: %.1f s" % (n, r["what"], r["seconds"]), file=sys.stderr, flush=True)
    finally:
        server.stdin.close()
        server.terminate()
        server.wait()
        shutil.rmtree(scratch, ignore_errors=True)
    print("| points | what | block | parallel | requests | bytes (MB) | wall (s) | cells/s | peak RSS (MB) |")
    print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = r["n"] * r["n"]
        print("| %d | %s | %d | %d | %d | %.1f | %.2f | %.2g | %.0f |" % (
            r["n"], r["what"], r["block_size"], r["parallel"], r["requests"], r["bytes"] / 1e6, r["seconds"],
            cells / r["seconds"] if r["seconds"] > 0 else 0, r["peak_rss_mb"]))
    os.makedirs(args.out, exist_ok=True)
    path = os.path.join(args.out, "osrm_matrix.json")
    with open(path, "w") as f:
        json.dump({"date": time.strftime("%Y-%m-%d %H:%M"), "cores": os.cpu_count(), "rows": rows}, f, indent=1)
    print("written to %s" % path, file=sys.stderr)


if __name__ == "__main__":
    main()
