#!/bin/sh
# gen.sh OUT [old|new] — every output of bt-export's five jobs on the
# inputs in in/, written into OUT (one file per output): the reports
# (markdown, csv, benchfmt), the archives (member listing, manifest,
# --verify, extraction) and the web tree (every file).  "old" runs the
# documented bt-export command lines, "new" the tools they became
# (bt-report, bt-archive); tests/e2e/golden-export.t runs both and compares
# each with expected/, captured from bt-export before it was split.
#
# Regenerate expected/ only for a change of output that is meant:
#   sh tests/data/golden-export/gen.sh tests/data/golden-export/expected
# (with the installed tools on PATH), and say why in the commit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$1
mode=${2:-old}
if [ "$mode" = new ]; then
	report="bt-report --format"
	archive="bt-archive create"
	extract="bt-archive extract"
	verify="bt-archive verify"
else
	report="bt-export --format"
	archive="bt-export --archive"
	extract="bt-export --extract"
	verify="bt-export --verify"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work" || exit 2
umask 022
cp -R "$here/in" in # relative names: the same outputs wherever it runs
in=in

# status FILE COMMAND...: stdout into FILE, then "exit N" and stderr
# without its program name (bt-export: or the tool it runs).
status() {
	_f=$1
	shift
	"$@" >"$out/$_f" 2>"$work/err"
	echo "exit $?" >>"$out/$_f"
	sed 's/^bt-[a-z]*: //' "$work/err" >>"$out/$_f"
}

# --- reports ---------------------------------------------------------------
for fmt in markdown csv benchfmt; do
	for f in "$in"/*.jsonl; do
		status "report-$fmt-$(basename "$f" .jsonl).txt" $report "$fmt" "$f"
	done
	status "report-$fmt-all.txt" $report "$fmt" "$in"/go121-a.jsonl \
		"$in"/go122.jsonl "$in"/names.jsonl
	$report "$fmt" <"$in/go121-b.jsonl" >"$out/report-$fmt-stdin.txt" 2>&1
	echo "exit $?" >>"$out/report-$fmt-stdin.txt"
done
status report-unknown.txt $report xml "$in/names.jsonl"

# --- a results tree as bt-collect writes it -------------------------------
res=results/stable/linux-amd64
mkdir -p "$res/go1.21" "$res/go1.22" ctx/go1.24
cp "$in/go121-a.jsonl" "$res/go1.21/2026-01-01_10-00-00.jsonl"
cp "$in/go121-b.jsonl" "$res/go1.21/2026-01-02_10-00-00.jsonl"
cp "$in/go121-retry.jsonl" "$res/go1.21/2026-01-02_10-00-00_retry1.jsonl"
cp "$in/go122.jsonl" "$res/go1.22/2026-01-03_10-00-00.jsonl"
gzip -n -c "$in/go122.jsonl" >"$res/go1.22/2026-01-04_10-00-00.jsonl.gz"
echo BenchmarkSmallAllocation >"$res/go1.22/2026-01-04_10-00-00_failed_benchmarks.txt"
cp "$in/ctx-go124.jsonl" ctx/go1.24/2026-01-08_10-00-00.jsonl

# --- archives --------------------------------------------------------------
# listing: a member's name, type, mode and size (mtimes are the clock's)
list() {
	python3 - "$1" <<'PY'
import sys, tarfile, zipfile
p = sys.argv[1]
if p.endswith(".zip"):
    with zipfile.ZipFile(p) as z:
        for i in z.infolist():
            print(i.filename, oct(i.external_attr >> 16), i.file_size)
        print(z.read("MANIFEST.json").decode(), end="")
else:
    with tarfile.open(p) as t:
        for m in t.getmembers():
            print(m.name, m.type.decode() or "0", oct(m.mode), m.size)
        print(t.extractfile("MANIFEST.json").read().decode(), end="")
PY
}
for a in r.tar.gz r.tar.xz r.tar r.zip; do
	status "archive-create-$a.txt" $archive "$a" results
	list "$a" >"$out/archive-list-$a.txt"
	status "archive-verify-$a.txt" $verify "$a"
	status "archive-extract-$a.txt" $extract "$a" "x-$a"
	(cd "x-$a" && find . | LC_ALL=C sort | while read -r p; do
		if [ -f "$p" ]; then
			echo "$p $(stat -c %a "$p") $(sha256sum <"$p" | cut -c1-64)"
		else
			echo "$p $(stat -c %a "$p")"
		fi
	done) >"$out/archive-tree-$a.txt"
done
status archive-create-stdin.txt $archive s.tar -n run.jsonl <"$in/go121-a.jsonl"
list s.tar >"$out/archive-list-stdin.txt"
status archive-create-files.txt $archive f.tar "$in/names.jsonl" ./ctx/go1.24/2026-01-08_10-00-00.jsonl
list f.tar >"$out/archive-list-files.txt"
status archive-unknown-suffix.txt $archive r.rar results
python3 - r.tar.gz bad.tar.gz <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1]) as src, tarfile.open(sys.argv[2], "w:gz") as dst:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name.endswith("_failed_benchmarks.txt"):
            data = b"BenchmarkOther\n"
            m.size = len(data)
        dst.addfile(m, io.BytesIO(data))
    m = tarfile.TarInfo("results/extra.jsonl")
    m.size = 3
    dst.addfile(m, io.BytesIO(b"{}\n"))
PY
status archive-verify-tampered.txt $verify bad.tar.gz

# --- the web tree ----------------------------------------------------------
status web-export-1.txt bt-export --web web "$res"
status web-export-2.txt bt-export --web web ctx
(cd web && find . -type f ! -name '*.lock' | LC_ALL=C sort | while read -r p; do
	echo "== $p"
	cat "$p"
done) >"$out/web-tree.txt"
status web-nothing.txt bt-export --web web2 "$in/names.jsonl"
exit 0
