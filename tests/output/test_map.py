#!/usr/bin/env python3
"""`ecoroute solve --map FILE.svg|FILE.html`, without a browser: the SVG is
well-formed XML, the HTML page's markup is balanced; both draw one
<path class="trip"> per trip of the solution JSON written in the same run, one
<circle class="stop"> per served box, a ring per unassigned mandatory box, a
marker per depot and facility, a legend row per vehicle, and need no network
(no external reference, a Content-Security-Policy that forbids loading
anything). Dots get smaller and lines thinner as the number of boxes grows.
A file name that is neither .html nor .svg is a usage error (exit 2).
"""
import html.parser
import os
import re
import xml.etree.ElementTree as ET

from outlib import Failure, check, gen_city, load_json, main, run, solve_json, HERE

SVG = "{http://www.w3.org/2000/svg}"


def expected(sol):
    trips = sum(r["trips"] for r in sol["routes"])
    stops = sum(1 for r in sol["routes"] for s in r["steps"] if s["type"] == "pickup")
    missed = sum(1 for u in sol["unassigned"] if u["need"] == "mandatory")
    return trips, stops, missed


def no_network(text, label):
    # the only URL allowed is the SVG namespace name
    urls = set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s\"'<>)]*", text))
    urls.discard("http://www.w3.org/2000/svg")
    check(not urls, "%s: external references %r" % (label, sorted(urls)[:5]))
    for pat in (r"<script[^>]*\bsrc=", r"<link\b", r"<img\b", r"<image\b", r"\bhref=", r"@import", r"url\("):
        check(not re.search(pat, text), "%s: %s found" % (label, pat))


def check_svg(path, sol, inst, label):
    text = open(path, encoding="utf-8").read()
    no_network(text, label)
    root = ET.fromstring(text.encode("utf-8"))
    check(root.tag == SVG + "svg", "%s: root %s" % (label, root.tag))
    check(not root.findall(".//" + SVG + "script"), "%s: a script in the SVG" % label)
    trips, stops, missed = expected(sol)
    paths = [e for e in root.iter(SVG + "path") if e.get("class") == "trip"]
    circles = [e for e in root.iter(SVG + "circle") if e.get("class") == "stop"]
    rings = [e for e in root.iter(SVG + "g") if e.get("class") == "missed"]
    depots = [e for e in root.iter(SVG + "g") if e.get("class") == "depot"]
    facs = [e for e in root.iter(SVG + "g") if e.get("class") == "facility"]
    rows = [e for e in root.iter(SVG + "g") if e.get("class") == "row"]
    check(len(paths) == trips, "%s: %d trip paths, the solution has %d trips" % (label, len(paths), trips))
    check(len(circles) == stops, "%s: %d stop circles, %d pickups" % (label, len(circles), stops))
    check(len(rings) == missed, "%s: %d red rings, %d mandatory unassigned" % (label, len(rings), missed))
    if inst is not None:
        check(len(depots) == len(inst["depots"]) and len(facs) == len(inst.get("facilities", [])),
              "%s: %d depots, %d facilities drawn" % (label, len(depots), len(facs)))
    check(len(rows) == min(len(sol["routes"]), 60), "%s: %d legend rows" % (label, len(rows)))
    # every stop says which box it is; every path has data
    ids = {s["id"] for r in sol["routes"] for s in r["steps"] if s["type"] == "pickup"}
    named = {c.find(SVG + "title").text.split(" (")[0] for c in circles}
    check(named == ids, "%s: stop titles do not name the served boxes" % label)
    for p in paths:
        check(re.match(r"^M-?[\d.]+ -?[\d.]+( L-?[\d.]+ -?[\d.]+)+$", p.get("d")), "%s: path d %r" % (label,
                                                                                                     p.get("d")[:80]))
    # coordinates inside the viewBox
    vb = [float(v) for v in root.get("viewBox").split()]
    for c in circles:
        x, y = float(c.get("cx")), float(c.get("cy"))
        check(vb[0] <= x <= vb[0] + vb[2] and vb[1] <= y <= vb[1] + vb[3], "%s: stop outside the view" % label)
    print("ok %s: well-formed SVG, %d trip paths, %d stops, %d red rings, %d legend rows, no network" % (
        label, len(paths), len(circles), len(rings), len(rows)))
    return float(circles[0].get("r")) if circles else None


class Counter(html.parser.HTMLParser):
    VOID = {"meta", "br", "img", "input", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.errors, self.trips, self.stops, self.rows, self.csp, self.scripts = [], [], 0, 0, 0, "", 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = a.get("content", "")
        if tag == "path" and a.get("class") == "trip":
            self.trips += 1
        if tag == "circle" and a.get("class") == "stop":
            self.stops += 1
        if tag == "tr" and "data-route" in a:
            self.rows += 1
        if tag == "script":
            self.scripts += 1
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in self.VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.stack[-1] if self.stack else "nothing"))
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()


def check_html(path, sol, label):
    text = open(path, encoding="utf-8").read()
    check(text.startswith("<!DOCTYPE html>"), "%s: no doctype" % label)
    no_network(text, label)
    p = Counter()
    p.feed(text)
    p.close()
    check(not p.errors and not p.stack, "%s: unbalanced markup: %r, open %r" % (label, p.errors[:5], p.stack))
    check("default-src 'none'" in p.csp, "%s: no Content-Security-Policy forbidding loads: %r" % (label, p.csp))
    trips, stops, _ = expected(sol)
    check(p.trips == trips and p.stops == stops, "%s: %d trip paths / %d stops, want %d / %d" % (
        label, p.trips, p.stops, trips, stops))
    check(p.rows == len(sol["routes"]), "%s: %d legend rows for %d vehicles" % (label, p.rows, len(sol["routes"])))
    check(p.scripts == 1, "%s: %d scripts" % (label, p.scripts))
    print("ok %s: balanced HTML, %d trip paths, %d stops, %d legend rows, CSP default-src 'none'" % (
        label, p.trips, p.stops, p.rows))


def case(binary, tmp, inst_path, label, inst=None, extra=()):
    svg = os.path.join(tmp, label + ".svg")
    sol = solve_json(binary, inst_path, tmp, list(extra) + ["--map", svg], name=label + ".json")
    r = check_svg(svg, sol, inst, label + ".svg")
    page = os.path.join(tmp, label + ".html")
    sol = solve_json(binary, inst_path, tmp, list(extra) + ["--map", page], name=label + "-h.json")
    check_html(page, sol, label + ".html")
    return r


def test(binary, shared, tmp):
    c100 = gen_city(binary, tmp, 100)
    r100 = case(binary, tmp, c100, "almaty-100", load_json(c100))
    case(binary, tmp, os.path.join(HERE, "quoting.json"), "quoting", load_json(os.path.join(HERE, "quoting.json")))
    case(binary, tmp, os.path.join(shared, "instances", "solomon", "C101.txt"), "solomon-C101")
    c1500 = gen_city(binary, tmp, 1500)
    r1500 = case(binary, tmp, c1500, "almaty-1500", load_json(c1500), extra=["--construction-only"])
    check(r1500 < r100, "dots do not shrink with more boxes: r %s at 100, %s at 1500" % (r100, r1500))
    print("ok: stop radius %.2f at 100 boxes, %.2f at 1500" % (r100, r1500))

    rc, out, err = run([binary, "solve", c100, "--map", os.path.join(tmp, "map.png")], want=(2,))
    check("--map" in err and ".svg" in err, "bad --map name message: %r" % err)
    print("ok: --map map.png is a usage error: %s" % err.strip().splitlines()[0])


if __name__ == "__main__":
    main(test)
