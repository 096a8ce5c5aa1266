#!/usr/bin/env python3
# make-data.py — results trees for the dashboard's browser test and its
# benchmark, written as scripts/bt-collect lays them out (one directory per
# version, one YYYY-MM-DD_HH-MM-SS.jsonl per run), for bt-export --web.
#
#   make-data.py odd DIR      six versions with names that are hard for a
#                             web page ("index", "a b#1?%", "go1.23~rc",
#                             "%2e%2e", a hostile one), the verdict cases
#                             (regressed, improved, neutral (+5 %, within
#                             bt-compare's 10 %), ~, 3-vs-3 insufficient, added,
#                             removed), a B/op of exactly 1048576 and a
#                             hostile name; plus DIR/../history-series.jsonl
#                             and history-changes.jsonl: hand-made `point`
#                             and `changepoint`/`outlier` records in the
#                             shapes agreed for bt-history (PLAN.md, issue
#                             17), one series of 5,000 runs
#   make-data.py big DIR [N] [V]   N benchmarks (3000) x V versions (6)
#
# Deterministic (a fixed seed): the same tree every time.
import hashlib, json, os, random, sys

SUITE = "example.com/odd"
LABELS = {"goos": "linux", "goarch": "amd64"}


def context(fp, time, commit):
    fp.write(json.dumps({"bt": 1, "kind": "context", "time": time, "host": "ci-1", "os": "linux",
                         "arch": "amd64", "cores": 2, "cpu": "Test CPU", "commit": commit,
                         "toolchain": "go version go1.22.0 linux/amd64"}) + "\n")


def sample(fp, suite, name, version, run, metrics, procs=2, category=None):
    labels = dict(LABELS, version=version)
    if category:
        labels["category"] = category
    fp.write(json.dumps({"bt": 1, "kind": "sample", "suite": suite, "name": name, "procs": procs,
                         "metrics": metrics, "labels": labels, "run": run}) + "\n")


def run_file(top, version, i, commit):
    d = os.path.join(top, "v%d" % i)
    os.makedirs(d, exist_ok=True)
    time = "2026-11-%02dT10:00:00Z" % (10 + i)
    fp = open(os.path.join(d, "2026-11-%02d_10-00-00.jsonl" % (10 + i)), "w")
    context(fp, time, commit)
    return fp, {"id": "run-%d" % i, "commit": commit, "time": time}


def odd(top):
    rnd = random.Random(19)
    versions = ["<img src=x onerror=alert(2)>", "go1.21", "index", "a b#1?%", "go1.23~rc", "%2e%2e"]
    for i, v in enumerate(versions):
        commit = hashlib.sha1(b"version %d" % i).hexdigest()
        fp, run = run_file(top, v, i, commit)
        last = i == len(versions) - 1
        cases = {
            "BenchmarkRegress": 1000 * (1.2 if last else 1),
            "BenchmarkImprove": 500 * (0.8 if last else 1),
            "BenchmarkSteady": 2000,
            "BenchmarkNeutral": 800 * (1.05 if last else 1),
            "BenchmarkBigAlloc": 300000,
            "<img src=x onerror=alert(1)>": 700,
        }
        if not last:
            cases["BenchmarkRemoved"] = 40
        if last:
            cases["BenchmarkAdded"] = 60
        for name, center in cases.items():
            for _ in range(10):
                noise = rnd.gauss(1, 0.01 if name != "BenchmarkSteady" else 0.05)
                b = 1048576 if name == "BenchmarkBigAlloc" else 64
                sample(fp, SUITE, name, v, run, {"ns/op": round(center * noise, 2), "B/op": b, "allocs/op": 3})
        for _ in range(3):
            sample(fp, SUITE, "BenchmarkThree", v, run,
                   {"ns/op": round(100 * (1.5 if last else 1) * rnd.gauss(1, 0.01), 2), "B/op": 0, "allocs/op": 0})
        fp.close()
    # bt-history's output as agreed: a 40-run series with a step at run 25
    # and an outlier at run 10, and a 5,000-run series without a change.
    out = os.path.dirname(os.path.abspath(top))
    series = open(os.path.join(out, "history-series.jsonl"), "w")
    changes = open(os.path.join(out, "history-changes.jsonl"), "w")
    ident = {"suite": SUITE, "procs": 2, "labels": LABELS, "unit": "ns/op"}

    def run_of(i):
        return {"id": "r%d" % i, "commit": hashlib.sha1(b"run %d" % i).hexdigest(),
                "time": "2026-10-01T00:00:00Z" if i < 0 else "2026-10-%02dT%02d:00:00Z" % (1 + i // 24, i % 24)}

    med = []
    for i in range(40):
        m = 1000 * (1.2 if i >= 25 else 1) * rnd.gauss(1, 0.01)
        if i == 10:
            m = 1900
        med.append(m)
        series.write(json.dumps(dict(ident, bt=1, kind="point", name="BenchmarkRegress", index=i, run=run_of(i),
                                     n=10, median=round(m, 2), ci_lo=round(m * 0.99, 2), ci_hi=round(m * 1.01, 2))) + "\n")
    # the same benchmark under other labels: another series, shorter
    for i in range(5):
        series.write(json.dumps(dict(ident, bt=1, kind="point", name="BenchmarkRegress", index=i, run=run_of(i),
                                     labels=dict(LABELS, testbed="other"), n=10, median=5000.0,
                                     ci_lo=4990.0, ci_hi=5010.0)) + "\n")
    # bt-history keeps versions apart: three one-version series of 4 runs,
    # newest first in the file, a change in the newest at its run 2
    for v in (2, 1, 0):
        for i in range(4):
            r = run_of(100 + 4 * v + i)
            series.write(json.dumps(dict(ident, bt=1, kind="point", name="BenchmarkImprove", index=i, run=r,
                                         labels=dict(LABELS, version="s%d" % v), n=10,
                                         median=500.0 if v < 2 or i < 2 else 400.0, ci_lo=495.0, ci_hi=505.0)) + "\n")
    changes.write(json.dumps(dict(ident, bt=1, kind="changepoint", name="BenchmarkImprove", index=2,
                                  labels=dict(LABELS, version="s2"), run=run_of(110), previous_run=run_of(109),
                                  delta_percent=-20.0, p_value=1e-6, verdict="improved")) + "\n")
    for i in range(5000):
        m = 2000 * rnd.gauss(1, 0.03)
        series.write(json.dumps(dict(ident, bt=1, kind="point", name="BenchmarkSteady", index=i, run=run_of(i),
                                     n=10, median=round(m, 2), ci_lo=round(m * 0.97, 2), ci_hi=round(m * 1.03, 2))) + "\n")
    changes.write(json.dumps(dict(ident, bt=1, kind="changepoint", name="BenchmarkRegress", index=25, run=run_of(25),
                                  previous_run=run_of(24), before={"n": 24, "mean": 1000, "median": 1000},
                                  after={"n": 15, "mean": 1200, "median": 1200}, delta_percent=20.0,
                                  p_value=1e-9, verdict="regressed")) + "\n")
    changes.write(json.dumps(dict(ident, bt=1, kind="outlier", name="BenchmarkRegress", index=10, run=run_of(10))) + "\n")
    series.close()
    changes.close()


def big(top, n, nv):
    rnd = random.Random(3000)
    cats = ["runtime", "stdlib", "net", "crypto", "encoding"]
    base = [(("example.com/big/%s" % cats[i % 5]), "BenchmarkOp%04d/size=%d" % (i, 1 << (i % 12)),
             10 ** rnd.uniform(1, 6)) for i in range(n)]
    for v in range(nv):
        fp, run = run_file(top, "v%d" % v, v, hashlib.sha1(b"big %d" % v).hexdigest())
        for k, (suite, name, center) in enumerate(base):
            if v == 0 and k % 97 == 5:
                continue	# added later
            if v == nv - 1 and k % 89 == 7:
                continue	# removed in the newest
            f = 1.0
            if k % 17 == v:
                f = 1 + rnd.uniform(0.05, 0.4)
            elif k % 19 == v:
                f = 1 - rnd.uniform(0.05, 0.3)
            center *= f
            base[k] = (suite, name, center)
            for _ in range(5):
                sample(fp, suite, name, "v%d" % v, run,
                       {"ns/op": round(center * rnd.gauss(1, 0.02), 3), "B/op": 1 << (k % 21), "allocs/op": k % 7})
        fp.close()


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "odd":
        odd(sys.argv[2])
    elif len(sys.argv) >= 3 and sys.argv[1] == "big":
        big(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 3000, int(sys.argv[4]) if len(sys.argv) > 4 else 6)
    else:
        sys.exit("usage: make-data.py odd DIR | big DIR [N] [V]")
