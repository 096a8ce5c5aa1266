#!/usr/bin/env python3
# make-fixture.py — build the dashboard's test data set (tests/data/web/data/)
# from the real Go captures in tests/data/go/, in the layout of
# docs/web-data.md.  It stands in for `bt-export --web` until that exists;
# then the browser test should serve bt-export's output instead.
#
# Two "versions" are the A/A pair gc-count10.txt and gc-count10-b.txt (both
# go1.19.8, minutes apart); the first version's history also carries the
# earlier -count=5 -json run.  One extra benchmark named
# "<img src=x onerror=alert(1)>" reuses BenchmarkSliceAppend's real samples
# so that the page's XSS handling is tested.  Usage: make-fixture.py OUTDIR
import json, math, os, re, sys

here = os.path.dirname(os.path.abspath(__file__))
go = os.path.join(here, "..", "data", "go")
XSS = "<img src=x onerror=alert(1)>"
PLATFORM = "linux-amd64"
# t quantiles (0.975) for the 95% confidence interval of the mean
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262,
        2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101,
        2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052,
        2.048, 2.045, 2.042]


def parse_lines(lines):
    """Go bench text -> (config dict, {(pkg,name,procs): {unit: [values]}})"""
    cfg, res, order, pkg = {}, {}, [], ""
    for line in lines:
        m = re.match(r"^(goos|goarch|pkg|cpu): (.*)$", line)
        if m:
            cfg[m.group(1)] = m.group(2)
            if m.group(1) == "pkg":
                pkg = m.group(2)
            continue
        f = line.split()
        if len(f) < 4 or not f[0].startswith("Benchmark"):
            continue
        m = re.match(r"^(.*)-(\d+)$", f[0])
        name, procs = (m.group(1), int(m.group(2))) if m else (f[0], 1)
        key = (pkg, name, procs)
        if key not in res:
            res[key] = {}
            order.append(key)
        for i in range(2, len(f) - 1, 2):
            res[key].setdefault(f[i + 1], []).append(float(f[i]))
    return cfg, [(k, res[k]) for k in order]


def parse_text(path):
    with open(path) as fp:
        return parse_lines(fp.read().splitlines())


def parse_test2json(path):
    out = {}
    with open(path) as fp:
        for line in fp:
            ev = json.loads(line)
            if ev.get("Action") == "output":
                out.setdefault(ev["Package"], []).append(ev["Output"])
    lines = []
    for pkg in out:
        lines += "".join(out[pkg]).splitlines()
    return parse_lines(lines)


def quantile(s, q):
    """linear interpolation between order statistics (R type 7)"""
    h = (len(s) - 1) * q
    lo = math.floor(h)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (h - lo) * (s[hi] - s[lo])


def num(x):
    return int(x) if x == int(x) and abs(x) < 2**53 else round(x, 6)


def summary(v):
    n = len(v)
    s = sorted(v)
    mean = sum(v) / n
    sd = math.sqrt(sum((x - mean) ** 2 for x in v) / (n - 1)) if n > 1 else 0.0
    half = T975[min(n - 2, 29)] * sd / math.sqrt(n) if n > 1 else 0.0
    return {"n": n, "mean": num(mean), "median": num(quantile(s, 0.5)),
            "stddev": num(sd), "cv": num(sd / mean * 100 if mean else 0.0),
            "min": num(s[0]), "max": num(s[-1]),
            "p95": num(quantile(s, 0.95)), "p99": num(quantile(s, 0.99)),
            "ci_low": num(mean - half), "ci_high": num(mean + half),
            "samples": [num(x) for x in v]}


def variance(cv):
    if cv < 5:
        return "Good"
    if cv <= 10:
        return "Acceptable"
    if cv <= 15:
        return "Warning"
    if cv <= 30:
        return "High"
    return "Very High"


def with_xss(bench):
    extra = [((p, XSS, c), m) for (p, n, c), m in bench
             if n == "BenchmarkSliceAppend"]
    return bench + extra


def benchmarks(bench):
    out = []
    for (pkg, name, procs), metrics in bench:
        ms = {u: summary(v) for u, v in metrics.items()}
        out.append({"name": name, "suite": pkg, "procs": procs,
                    "category": pkg.rsplit("/", 1)[-1], "metrics": ms,
                    "variance": variance(ms["ns/op"]["cv"])})
    return out


def medians(bench):
    return {"%s %s-%d" % k: {u: num(quantile(sorted(v), 0.5))
                             for u, v in m.items()} for k, m in bench}


def system(cfg, stamp):
    return {"cpu": cfg["cpu"], "os": cfg["goos"], "arch": cfg["goarch"],
            "cores": 2, "host": "debian-12", "commit": "",
            "toolchain": "go version go1.19.8 linux/amd64",
            "timestamp": stamp}


def write(path, obj):
    with open(path + ".tmp", "w") as fp:
        json.dump(obj, fp, indent=1)
        fp.write("\n")
    os.replace(path + ".tmp", path)


def main():
    outdir = sys.argv[1]
    runs = {
        # (version, timestamp of the run, parsed capture)
        "early": ("go1.19.8-a", "2026-11-22T15:46:35Z",
                  parse_test2json(os.path.join(go, "gc-count5.json"))),
        "a": ("go1.19.8-a", "2026-11-22T16:00:00Z",
              parse_text(os.path.join(go, "gc-count10.txt"))),
        "b": ("go1.19.8-b", "2026-11-22T16:10:00Z",
              parse_text(os.path.join(go, "gc-count10-b.txt"))),
    }
    hist = {"go1.19.8-a": ["early", "a"], "go1.19.8-b": ["b"]}
    os.makedirs(os.path.join(outdir, PLATFORM), exist_ok=True)
    index = []
    for ver, main_run in (("go1.19.8-a", "a"), ("go1.19.8-b", "b")):
        _, stamp, (cfg, bench) = runs[main_run]
        bench = with_xss(bench)
        doc = {"version": ver, "platform": PLATFORM, "timestamp": stamp,
               "system": system(cfg, stamp), "benchmarks": benchmarks(bench),
               "history": [{"timestamp": runs[r][1], "commit": "",
                            "medians": medians(with_xss(runs[r][2][1]))}
                           for r in hist[ver]]}
        write(os.path.join(outdir, PLATFORM, ver + ".json"), doc)
        index.append({"version": ver, "file": ver + ".json",
                      "timestamp": stamp, "benchmarks": len(bench)})
    write(os.path.join(outdir, PLATFORM, "index.json"),
          {"platform": PLATFORM, "versions": index})
    write(os.path.join(outdir, "platforms.json"),
          {"platforms": [{"id": PLATFORM, "goos": "linux", "goarch": "amd64",
                          "versions": [v["version"] for v in index],
                          "updated": index[-1]["timestamp"]}]})


main()
