#!/bin/sh
# make.sh BINDIR — (re)write out/NAME for every line of cases with the tools
# in BINDIR.  Only when an output is meant to change: golden.t compares
# against these files byte for byte.
set -e
cd "$(dirname "$0")"
bin=$(cd "$1" && pwd)
mkdir -p out
# bt-export --web stamps points with their file's time: a fixed one
touch -d 2026-01-01T00:00:00Z ./*.jsonl
grep -v '^#' cases | while read -r name cmd; do
	[ -n "$name" ] || continue
	PATH=$bin:$PATH sh -c "$cmd" >out/$name 2>out/$name.err && st=0 || st=$?
	echo "exit $st" >>out/$name.err
done
