/*
 * decode.h — the two readings of a record line (decode.c, fastdecode.c),
 * apart, for the tests that they agree (tests/unit/test_record.c,
 * tests/fuzz/fuzz_records.c).
 * Filters call rec_decode (record.h), which tries the fast one first.
 * Both leave rec as rec_decode does: what it points to lives until the next
 * decode or rec_clear.
 */
#ifndef BT_DECODE_H
#define BT_DECODE_H

#include <stddef.h>

struct rec;

/* The common shape only (no white space, no escapes, no duplicate fields,
 * no "better", nested objects of numbers or strings, every field valid):
 * 0 when it decoded line, -1 when it declined (rec then holds nothing the
 * general path needs; it starts over). */
int rec_decode_fast(struct rec *rec, const char *line, size_t len);

/* Any line: 0, or -1 with a message in err (size n). */
int rec_decode_general(struct rec *rec, const char *line, size_t len, char *err,
		       size_t n);

#endif
