#!/bin/sh
# gz-ahead.t — records in a .jsonl.gz are inflated on a thread of their own
# ahead of the decoding, and an archive's members read out of its stream
# so (ingz.c).  Whatever the file, stdout, stderr and
# the exit status are those of inflating in turn (BT_THREADS=1): many
# chunks, gzip members one after another, corrupt and cut-off data (every
# record before the corruption read, from a file or a pipe), an
# empty file, a bad record that stops the reading while the thread is
# ahead, bt-compare (its own threads beside), bt-merge; archives of
# records, and of Go text and records and a bad record; Go text in gzip
# (a plugin's input: no thread); and on strace, that a thread was made,
# but none beside bt-compare's two (the second core is busy).
. "$BT_TESTS/e2e/lib.sh"
t=$BT_TMP/gz-ahead
mkdir -p "$t"
d=$BT_TESTS/data

"$BT_TESTS/bench/gen-big-go.sh" 400 50 11 >"$t/a.txt"
"$BT_TESTS/bench/gen-big-go.sh" 400 50 12 1.05 >"$t/b.txt"
bt-parse "$t/a.txt" >"$t/a.jsonl"
bt-parse "$t/b.txt" >"$t/b.jsonl"
gzip -c "$t/a.jsonl" >"$t/a.jsonl.gz"
gzip -c "$t/b.jsonl" >"$t/b.jsonl.gz"

bt-cv "$t/a.jsonl" >"$t/plain.out"
bt-cv "$t/a.jsonl.gz" >"$t/gz.out"
run "bt-cv of the .gz: what the plain records give ($(wc -c <"$t/a.jsonl") bytes, many chunks)" cmp "$t/plain.out" "$t/gz.out"
same_threads bt-cv "bt-cv of a .jsonl.gz" "$t/a.jsonl.gz"
same_threads bt-cv "bt-cv -o text" -o text "$t/a.jsonl.gz"
cat "$t/a.jsonl.gz" "$t/b.jsonl.gz" >"$t/ab.jsonl.gz"
same_threads bt-cv "two gzip members one after the other" "$t/ab.jsonl.gz"

# From a pipe whose first read gives one byte and its second a whole chunk
# (256 KiB): the peek at the magic holds more than a chunk, all of it
# compressed (the sanitizer build stopped on the copy, one byte too long).
size=$(wc -c <"$t/ab.jsonl.gz")
[ "$size" -gt 300000 ]
ok $? "the .gz is more than a chunk and a pipe's worth ($size bytes)"
(head -c 1 "$t/ab.jsonl.gz" && sleep 0.3 && tail -c +2 "$t/ab.jsonl.gz") |
	bt-cv >"$t/pipe1.out" 2>"$t/pipe1.err"
ok $? "a .gz through a pipe, one byte, then the rest: exit 0"
bt-cv "$t/ab.jsonl.gz" >"$t/ab.out"
run "... what the file gives" cmp "$t/ab.out" "$t/pipe1.out"
run "... and nothing on stderr" test ! -s "$t/pipe1.err"

same_threads bt-compare "bt-compare of two .gz, each read on its own thread" "$t/a.jsonl.gz" "$t/b.jsonl.gz"
same_threads bt-merge "bt-merge -o - of two .gz" -o - "$t/a.jsonl.gz" "$t/b.jsonl.gz"

# Corrupt: a byte changed in the middle; cut off: the last half gone.
size=$(wc -c <"$t/a.jsonl.gz")
cp "$t/a.jsonl.gz" "$t/bad.jsonl.gz"
printf 'XXXXXXXX' | dd of="$t/bad.jsonl.gz" bs=1 seek=$((size / 2)) conv=notrunc 2>/dev/null
same_threads bt-cv "corrupt gzip data in the middle" "$t/bad.jsonl.gz"
exits 2 "corrupt gzip data: exit 2" bt-cv "$t/bad.jsonl.gz"

# The trailer's CRC wrong: every record inflated before it is read, then
# the error said (the bytes inflated in the call that found it were
# dropped: 78 records from a file, 82 from a pipe, where the reads ended).
cp "$t/a.jsonl.gz" "$t/crc.jsonl.gz"
printf 'X' | dd of="$t/crc.jsonl.gz" bs=1 seek=$((size - 8)) conv=notrunc 2>/dev/null
bt-parse "$t/crc.jsonl.gz" >"$t/crc.out" 2>"$t/crc.err"
is $? 2 "a wrong CRC: exit 2"
run "... every record before it read ($(wc -l <"$t/a.jsonl") lines)" cmp "$t/a.jsonl" "$t/crc.out"
grep -q "crc.jsonl.gz:[0-9]*: corrupt gzip data" "$t/crc.err"
ok $? "... and the error said"
cat "$t/crc.jsonl.gz" | bt-parse >"$t/crcpipe.out" 2>/dev/null
run "... the same through a pipe" cmp "$t/a.jsonl" "$t/crcpipe.out"
same_threads bt-cv "a wrong CRC, bt-cv" "$t/crc.jsonl.gz"
head -c $((size / 2)) "$t/a.jsonl.gz" >"$t/cut.jsonl.gz"
same_threads bt-cv "a .gz cut off" "$t/cut.jsonl.gz"
: | gzip -c >"$t/empty.jsonl.gz"
same_threads bt-cv "an empty .gz" "$t/empty.jsonl.gz"

# A bad record at the start: the reading stops with the thread ahead,
# blocked on a full queue; it must be stopped, not waited for.
{ head -1 "$t/a.jsonl"; printf '{"bt":1,"kind":"sample",\n'; cat "$t/a.jsonl"; } | gzip -c >"$t/early.jsonl.gz"
same_threads bt-cv "a bad record at the start, the thread ahead" "$t/early.jsonl.gz"
timeout 20 bt-cv "$t/early.jsonl.gz" >/dev/null 2>&1
is "$?" 2 "and the reading ends (exit 2, no hang)"

gzip -c "$t/a.txt" >"$t/a.txt.gz"
same_threads bt-parse "Go text in gzip (a plugin's: inflated in turn)" "$t/a.txt.gz"

# An archive's members of records, read out of its stream ahead.
mkdir -p "$t/ar"
cp "$t/a.jsonl" "$t/b.jsonl.gz" "$t/a.txt" "$t/early.jsonl.gz" "$t/ar/"
cp "$t/b.jsonl" "$t/ar/b.jsonl"
(cd "$t/ar" && tar czf ../recs.tar.gz a.jsonl b.jsonl b.jsonl.gz &&
	tar cf ../recs.tar a.jsonl b.jsonl &&
	tar czf ../mixed.tar.gz a.txt a.jsonl early.jsonl.gz b.jsonl)
same_threads bt-cv "a .tar.gz of records, a member gzip too" "$t/recs.tar.gz"
same_threads bt-cv "a .tar of records" "$t/recs.tar"
same_threads bt-cv "one member of it (archive:member)" "$t/recs.tar.gz:b.jsonl"
same_threads bt-cv "Go text, records, a bad record, records: one archive" "$t/mixed.tar.gz"
same_threads bt-compare "bt-compare of two members" "$t/recs.tar.gz:a.jsonl" "$t/recs.tar.gz:b.jsonl"

if command -v strace >/dev/null 2>&1; then
	# a thread is a clone with CLONE_THREAD (a process: SIGCHLD)
	BT_THREADS=2 strace -f -qq -e trace=clone,clone3 -o "$t/s2" bt-cv "$t/a.jsonl.gz" >/dev/null 2>&1
	BT_THREADS=1 strace -f -qq -e trace=clone,clone3 -o "$t/s1" bt-cv "$t/a.jsonl.gz" >/dev/null 2>&1
	n2=$(grep -c 'CLONE_THREAD' "$t/s2")
	n1=$(grep -c 'CLONE_THREAD' "$t/s1")
	# (ThreadSanitizer starts one of its own with the first thread)
	[ "$n2" -gt "$n1" ]
	ok $? "a thread more than with BT_THREADS=1 ($n2 against $n1)"
	BT_THREADS=2 strace -f -qq -e trace=clone,clone3 -o "$t/a2" bt-cv "$t/recs.tar.gz" >/dev/null 2>&1
	BT_THREADS=1 strace -f -qq -e trace=clone,clone3 -o "$t/a1" bt-cv "$t/recs.tar.gz" >/dev/null 2>&1
	[ "$(grep -c 'CLONE_THREAD' "$t/a2")" -gt "$(grep -c 'CLONE_THREAD' "$t/a1")" ]
	ok $? "an archive's members: a thread more than with BT_THREADS=1"
	# records known as such from their first inflated bytes: no plugin
	# loaded (before, all of them, 15 ms and a process each)
	strace -f -qq -e trace=openat -o "$t/o" bt-cv "$t/a.jsonl.gz" >/dev/null 2>&1
	is "$(grep -c 'plugins/[^"]*\.so"' "$t/o")" 0 "a .jsonl.gz of records: no plugin loaded"
	# bt-compare reads its two sides on two threads: no inflater beside
	BT_THREADS=2 strace -f -qq -e trace=clone,clone3 -o "$t/c2" bt-compare "$t/a.jsonl.gz" "$t/b.jsonl.gz" >/dev/null 2>&1
	BT_THREADS=2 strace -f -qq -e trace=clone,clone3 -o "$t/c0" bt-compare "$t/a.jsonl" "$t/b.jsonl" >/dev/null 2>&1
	is "$(grep -c 'CLONE_THREAD' "$t/c2")" "$(grep -c 'CLONE_THREAD' "$t/c0")" "bt-compare of two .gz: the threads of two plain files, no more"
else
	for i in 1 2 3 4; do skip "no strace"; done
fi
done_testing
