"""svc_common.py - helpers for the service tests (python3 standard library only).

Each test starts `ecoroute serve` as its own process on an ephemeral TCP port
(tcp://127.0.0.1:0) and a Unix socket in a temporary directory, reads the
actual addresses from the "event=listening addr=..." log lines, and always
stops it (SIGTERM, then SIGKILL if it hangs). Models are generated here: small
native JSON cities with haversine travel, like the README's example.

ECO_SVC_VALGRIND=1 runs every server under valgrind memcheck (full leak
check); its report goes to a log beside the server's, a memcheck error makes
the server exit 97 (so the test's exit-status check fails), and stop()
prints valgrind's summary and fails on any error or definite leak
(tests/memcheck).
"""
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time

SKIP = 77  # ctest SKIP_RETURN_CODE
VALGRIND_EXIT = 97  # the server's exit status when memcheck found an error


def fail(msg):
    print("FAIL: " + msg, flush=True)
    sys.exit(1)


def check(cond, msg):
    if not cond:
        fail(msg)


def make_model(n_boxes=30, seed=1, vehicles=3, name=None, options=None, plain=False):
    """A small native model: boxes scattered over central Almaty, one depot,
    a baling site and a recycler, a few trucks; haversine travel.

    plain=True: no facilities, every box mandatory, cost per km only: the
    kind of model the library's metaheuristic handles, so a solve of it runs
    until its time limit (the others get the construction heuristic)."""
    rnd = random.Random(seed)
    boxes = []
    for i in range(n_boxes):
        boxes.append({
            "id": "b%d" % i,
            "location": [round(76.86 + 0.14 * rnd.random(), 5), round(43.20 + 0.09 * rnd.random(), 5)],
            "material": rnd.choice(["plastic", "paper"]),
            "capacity_kg": rnd.choice([60, 80, 120, 240]),
            "fill": round(0.45 + 0.55 * rnd.random(), 2),
            "fill_rate": round(0.1 + 0.2 * rnd.random(), 2),
            "service_s": rnd.choice([60, 90, 120]),
        })
    model = {
        "name": name or "svc-test-%d-%d" % (n_boxes, seed),
        "materials": ["plastic", "paper"],
        "depots": [{"id": "garage", "location": [76.889, 43.238], "time_window": ["06:00", "20:00"]}],
        "vehicles": [{"id": "truck", "count": vehicles, "depot": "garage", "capacity_kg": 1500,
                      "shift": ["07:00", "17:00"],
                      "costs": {"fixed": 40, "per_km": 0.6, "per_hour": 9}}],
        "facilities": [
            {"id": "baler", "kind": "baling", "location": [76.95, 43.20], "accepts": ["plastic", "paper"],
             "unload_s": 900, "hours": ["07:00", "19:00"]},
            {"id": "recycler", "kind": "recycler", "location": [77.05, 43.31], "accepts": ["plastic"],
             "unload_s": 1200, "hours": ["09:00", "18:00"]}],
        "boxes": boxes,
        "travel": {"provider": "haversine", "circuity": 1.3, "speed_kmh": 28},
    }
    if plain:
        del model["facilities"]
        model["vehicles"][0]["costs"] = {"fixed": 0, "per_km": 1, "per_hour": 0}
        for b in model["boxes"]:
            b["mandatory"] = True
            b["capacity_kg"] = 60
        model["name"] = "svc-plain-%d-%d" % (n_boxes, seed)
    if options:
        model["options"] = options
    return model


class Conn:
    """A client connection that speaks newline-delimited JSON."""

    def __init__(self, addr, timeout=30.0):
        if addr.startswith("unix:"):
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            self.sock.settimeout(timeout)
            self.sock.connect(addr[5:])
        else:
            host, port = re.match(r"tcp://\[?([^\]]+)\]?:(\d+)$", addr).groups()
            self.sock = socket.create_connection((host, int(port)), timeout=timeout)
        self.buf = b""
        self.timeout = timeout

    def send_raw(self, data):
        self.sock.sendall(data)

    def send(self, req):
        if isinstance(req, (dict, list)):
            data = json.dumps(req, separators=(",", ":")).encode()
        elif isinstance(req, str):
            data = req.encode()
        else:
            data = req
        self.sock.sendall(data + b"\n")

    def recv_line(self, timeout=None):
        """One reply line as bytes, or None when the server closed."""
        deadline = time.monotonic() + (timeout if timeout is not None else self.timeout)
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no reply within the timeout")
            self.sock.settimeout(left)
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                return None
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line

    def recv(self, timeout=None):
        line = self.recv_line(timeout)
        if line is None:
            return None
        return json.loads(line)

    def request(self, req, timeout=None):
        self.send(req)
        return self.recv(timeout)

    def closed_by_server(self, timeout=5.0):
        """True when the server closes the connection (EOF) within timeout."""
        try:
            while True:
                line = self.recv_line(timeout)
                if line is None:
                    return True
        except (TimeoutError, socket.timeout):
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass


class Server:
    """`ecoroute serve` on tcp://127.0.0.1:0 and unix:TMP/s.sock."""

    def __init__(self, binary, args=(), tmpdir=None, unix=True, env=None, start_timeout=30.0):
        self.tmp_owner = None
        if tmpdir is None:
            self.tmp_owner = tempfile.TemporaryDirectory(prefix="eco-svc-")
            tmpdir = self.tmp_owner.name
        self.tmpdir = tmpdir
        self.binary = binary
        self.sock_path = os.path.join(tmpdir, "s.sock")
        self.log_path = os.path.join(tmpdir, "server-%d.log" % int(time.time() * 1e6))
        cmd = [binary, "serve", "--listen", "tcp://127.0.0.1:0"]
        if unix:
            cmd += ["--listen", "unix:" + self.sock_path]
        cmd += list(args)
        self.valgrind_log = None
        if os.environ.get("ECO_SVC_VALGRIND", "0") not in ("", "0"):
            self.valgrind_log = os.path.join(tmpdir, "valgrind-%d.log" % int(time.time() * 1e6))
            cmd = ["valgrind", "--tool=memcheck", "--leak-check=full", "--errors-for-leak-kinds=definite",
                   "--error-exitcode=%d" % VALGRIND_EXIT, "--track-fds=no", "--log-file=" + self.valgrind_log] + cmd
            start_timeout = max(start_timeout, 120.0)
        self.cmd = cmd
        self.logf = open(self.log_path, "wb")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=self.logf,
                                     env=env if env is not None else os.environ.copy())
        self.pid = self.proc.pid
        self.tcp = None
        self.unix = None
        deadline = time.monotonic() + start_timeout
        while time.monotonic() < deadline:
            text = self.log()
            if "event=ready" in text:
                for addr in re.findall(r"event=listening addr=(\S+)", text):
                    if addr.startswith("tcp://"):
                        self.tcp = addr
                    elif addr.startswith("unix:"):
                        self.unix = addr
                break
            if self.proc.poll() is not None:
                break
            time.sleep(0.02)
        if not self.tcp:
            self.kill()
            fail("the server did not start: %s\n%s" % (" ".join(cmd), self.log()))

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def connect(self, unix=False, timeout=30.0):
        return Conn(self.unix if unix else self.tcp, timeout)

    def n_fds(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def status(self, key):
        """A line of /proc/PID/status in kB (VmRSS, VmHWM)."""
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self, sig=signal.SIGTERM, timeout=60.0):
        """Signals the server and waits; returns its exit status."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                fail("the server did not exit within %g s of %s\n%s" % (timeout, sig, self.log()[-3000:]))
        if self.valgrind_log:
            self.check_valgrind()
        return self.proc.returncode

    def check_valgrind(self):
        """Prints valgrind's summary of a server that has exited; fails on a
        memcheck error or a definite leak."""
        with open(self.valgrind_log, errors="replace") as f:
            text = f.read()
        summary = re.findall(r"ERROR SUMMARY: (\d+) errors", text)
        leaks = re.findall(r"definitely lost: ([\d,]+) bytes", text)
        lines = [ln.split("== ", 1)[-1] for ln in text.splitlines()
                 if re.search(r"ERROR SUMMARY|definitely lost|indirectly lost|possibly lost|still reachable|"
                              r"All heap blocks were freed|total heap usage", ln)]
        print("valgrind: " + "; ".join(lines), flush=True)
        check(summary, "no valgrind summary in %s:\n%s" % (self.valgrind_log, text[-3000:]))
        bad = int(summary[-1]) > 0 or any(x.replace(",", "") != "0" for x in leaks)
        check(not bad, "valgrind memcheck found errors:\n%s" % text[-6000:])

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def assert_clean_log(self):
        text = self.log()
        for bad in ("Sanitizer", "runtime error:", "LeakSanitizer", "level=error"):
            check(bad not in text, "server log contains %r:\n%s" % (bad, text[-4000:]))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()
        self.logf.close()
        if self.tmp_owner:
            self.tmp_owner.cleanup()
        return False


def cli_check(binary, model, result, tmpdir):
    """Runs `ecoroute check` on a model (an object, or a format's text) and a
    solve result; returns (rc, output)."""
    fd, mpath = tempfile.mkstemp(suffix=".json" if isinstance(model, dict) else ".txt", dir=tmpdir)
    with os.fdopen(fd, "w") as f:
        if isinstance(model, dict):
            json.dump(model, f)
        else:
            f.write(model)
    fd, spath = tempfile.mkstemp(suffix=".json", dir=tmpdir)
    with os.fdopen(fd, "w") as f:
        json.dump(result, f)
    p = subprocess.run([binary, "check", mpath, spath], capture_output=True, text=True)
    os.unlink(mpath)
    os.unlink(spath)
    return p.returncode, p.stdout + p.stderr


def solve_is_time_bound(srv, model):
    """True when a solve runs until its time limit (the metaheuristic is in
    the library); the placeholder returns the construction at once."""
    c = srv.connect()
    t0 = time.monotonic()
    r = c.request({"id": "probe", "kind": "solve", "model": model, "options": {"time_limit_s": 0.6}}, 30)
    dt = time.monotonic() - t0
    c.close()
    check(r and r.get("ok"), "probe solve failed: %r" % (r,))
    return dt >= 0.4


def main_args():
    if len(sys.argv) < 2:
        print("usage: %s ECOROUTE_BINARY [--sanitize]" % sys.argv[0])
        sys.exit(2)
    return sys.argv[1], "--sanitize" in sys.argv[2:]
