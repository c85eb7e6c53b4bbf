#!/usr/bin/env python3
"""The HTML map in headless Chromium (Debian's `chromium` package, installed
by `scripts/setup.sh test`): for a 100-box and a 5,000-box city the page is
loaded from a file with no network (background networking off, every host
name unresolvable, and the page's own Content-Security-Policy), its DOM is
dumped after the inline script ran, and a 1200x900 screenshot is taken.

Asserts: the script ran to its end (<body data-ok="1">) with no error
recorded (no data-error) and no console error; the DOM holds one
<path class="trip"> per trip of the solution JSON of the same run and one
<circle class="stop"> per served box; the tooltips were set up (data-tip on
every stop); opened as PAGE#selftest, the page's own self-test hovers, clicks
and zooms on the first stop: the tooltip and the details panel show the box,
its vehicle is focused in the legend, the view zooms; the screenshot is
1200x900 and shows coloured routes.

Skipped (exit 77) when no Chromium is installed. ECO_KEEP_SCREENSHOTS=DIR
keeps the screenshots (and pages) in DIR for a person to look at.
"""
import html
import json
import os
import re
import shutil
import subprocess
import tempfile

from outlib import Failure, check, gen_city, main, run, solve_json
import pngstat

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--enable-logging=stderr", "--v=0"]


def find_chromium():
    for name in (os.environ.get("ECO_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def chromium(browser, args, timeout=180):
    with tempfile.TemporaryDirectory(prefix="eco-chromium-") as profile:
        p = subprocess.run([browser] + FLAGS + ["--user-data-dir=" + profile] + args, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def console_errors(log):
    return [l for l in log.splitlines() if ":CONSOLE" in l and ("Uncaught" in l or "Error" in l)]


def case(binary, browser, tmp, inst, label, extra=()):
    page = os.path.join(tmp, label + ".html")
    sol = solve_json(binary, inst, tmp, list(extra) + ["--map", page], name=label + ".json")
    trips = sum(r["trips"] for r in sol["routes"])
    stops = sum(1 for r in sol["routes"] for s in r["steps"] if s["type"] == "pickup")
    url = "file://" + page

    rc, dom, log = chromium(browser, ["--dump-dom", url])
    check(rc == 0, "%s: chromium --dump-dom exited %d:\n%s" % (label, rc, log[-2000:]))
    body = re.search(r"<body[^>]*>", dom)
    check(body, "%s: no <body> in the dumped DOM (%d bytes):\n%s" % (label, len(dom), log[-2000:]))
    err = re.search(r'data-error="([^"]*)"', body.group(0))
    check(not err, "%s: the page's script failed: %s" % (label, err.group(1) if err else ""))
    check('data-ok="1"' in body.group(0), "%s: the page's script did not run to its end: %s" % (label, body.group(0)))
    errs = console_errors(log)
    check(not errs, "%s: console errors:\n%s" % (label, "\n".join(errs[:10])))
    n_trip = len(re.findall(r'<path class="trip"', dom))
    n_stop = len(re.findall(r'<circle class="stop"', dom))
    n_tip = len(re.findall(r'<circle class="stop"[^>]*data-tip="', dom))
    check(n_trip == trips, "%s: %d route paths in the DOM, the solution has %d trips" % (label, n_trip, trips))
    check(n_stop == stops and n_tip == stops, "%s: %d stops (%d with tooltips), %d served" % (label, n_stop, n_tip,
                                                                                           stops))
    print("ok %s: script ran (data-ok=1, no error), %d route paths = %d trips, %d stops with tooltips" % (
        label, n_trip, trips, n_stop))

    # the page's self-test (PAGE#selftest): hover, click and wheel on the first stop
    rc, dom, log = chromium(browser, ["--window-size=1200,900", "--dump-dom", url + "#selftest"])
    m = re.search(r'data-selftest="([^"]*)"', dom)
    check(rc == 0 and m, "%s: no self-test result in the DOM:\n%s" % (label, log[-2000:]))
    st = json.loads(html.unescape(m.group(1)))
    box_ids = {s["id"] for r in sol["routes"] for s in r["steps"] if s["type"] == "pickup"}
    first = st["hover"].split(" (")[0]
    check(first in box_ids, "%s: hovering a stop shows no box details: %r" % (label, st["hover"][:120]))
    check(st["details"] == st["hover"], "%s: clicking a stop does not show its details: %r" % (label, st["details"]))
    check(st["focus"] and st["rows_on"] == 1, "%s: clicking a stop does not focus its vehicle: %r" % (label, st))
    check(st["zoomed"] and float(st["r_after"]) < float(st["r_before"]),
          "%s: the wheel does not zoom (or dots do not shrink): %r" % (label, st))
    check(not console_errors(log), "%s: console errors in the self-test" % label)
    print("ok %s: hover shows \"%s\", click fills the details and focuses its vehicle, the wheel zooms" % (
        label, st["hover"].splitlines()[0]))

    shot = os.path.join(tmp, label + ".png")
    rc, _, log = chromium(browser, ["--screenshot=" + shot, "--window-size=1200,900", url])
    check(rc == 0 and os.path.exists(shot), "%s: no screenshot (exit %d):\n%s" % (label, rc, log[-2000:]))
    check(not console_errors(log), "%s: console errors while taking the screenshot" % label)
    # the map is left of the 410-pixel side panel
    w, h, total, sat, dark, colours = pngstat.colour_stats(shot, 0, 780)
    check((w, h) == (1200, 900), "%s: screenshot is %dx%d" % (label, w, h))
    check(sat > total * 0.004 and colours > 20, "%s: the map looks empty: %d coloured pixels of %d, %d colours" % (
        label, sat, total, colours))
    print("ok %s: screenshot %dx%d, %.1f%% of the map area coloured, %d colours" % (label, w, h, 100.0 * sat / total,
                                                                                   colours))
    keep = os.environ.get("ECO_KEEP_SCREENSHOTS")
    if keep:
        os.makedirs(keep, exist_ok=True)
        shutil.copy(shot, keep)
        shutil.copy(page, keep)
        print("   kept %s" % os.path.join(keep, label + ".png"))


def test(binary, shared, tmp):
    browser = find_chromium()
    if not browser:
        print("SKIP: Chromium is not installed (scripts/setup.sh test installs Debian's chromium package; "
              "or set ECO_CHROMIUM to a Chromium or Chrome binary)")
        raise SystemExit(77)
    _, version, _ = chromium(browser, ["--version"], timeout=60)
    print("using %s %s" % (browser, version.strip()))
    # the checks catch a failing page (a control, so that a silent pass means something)
    bad = os.path.join(tmp, "bad.html")
    with open(bad, "w") as f:
        f.write("<!DOCTYPE html><html><body><script>document.body.setAttribute('data-ok','1');"
                "noSuchFunction();</script></body></html>")
    rc, dom, log = chromium(browser, ["--dump-dom", "file://" + bad])
    check(console_errors(log), "control: a script error was not seen on the console:\n%s" % log[-2000:])
    print("ok control: a failing script is reported: %s" % console_errors(log)[0].split("] ", 1)[-1][:80])
    case(binary, browser, tmp, gen_city(binary, tmp, 100), "almaty-100")
    case(binary, browser, tmp, gen_city(binary, tmp, 5000), "almaty-5000", extra=["--construction-only"])


if __name__ == "__main__":
    main(test)
