/*
 * fuzz_records.c — libFuzzer target for the record reader: every line of
 * the input is decoded as a record, by decode.c and by the jq-based
 * decoder it replaced (tests/unit/refdecode.h), and the two must agree, as
 * must the fast path (fastdecode.c) (when it takes the line) and its general
 * path. A record that decodes is then looked at and written back the way
 * filters do (label merging, which must give a record holding the label;
 * pass-through; serialisation of its decoded view).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "record.h"
#include "refdecode.h"

/* The line with a label added must decode (decode.c: checked against jq
 * on every line) and, but for a context (whose labels are not read), hold
 * it.  rec is left holding the labelled line. */
static void check_labels(struct rec *rec, struct buf *out)
{
	static const struct bt_label add = {BT_STR("goos"), BT_STR("fz")};
	char err[512], tmp[64];

	out->len = 0;
	rec_line_labels(rec, out, &add, 1);
	if (rec_decode(rec, out->p, out->len, err, sizeof err) != 0) {
		fprintf(stderr, "labelled line refused (%s): %.*s\n", err,
			(int)out->len, out->p);
		abort();
	}
	if (rec->r.kind != BT_KIND_CONTEXT &&
	    strcmp(rec_label(rec, "goos", tmp, sizeof tmp), "fz") != 0) {
		fprintf(stderr, "label not added: %.*s\n", (int)out->len,
			out->p);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec rec = REC_INIT;
	struct refrec ref = {0};
	struct buf out = {0}, labelled = {0};
	const char *q = (const char *)data, *end = q + size, *nl, *why;
	char err[512], referr[512], tmp[64];
	size_t len;
	int rc, fast;

	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		len = (size_t)((nl ? nl : end) - q);
		rc = rec_decode(&rec, q, len, err, sizeof err);
		why = ref_differs(
		    &rec, rc, &ref,
		    ref_decode(&ref, q, len, referr, sizeof referr));
		if (why) {
			fprintf(stderr, "decode.c and jq differ: %s\n", why);
			abort();
		}
		why = fast_differs(q, len, &fast);
		if (why) {
			fprintf(stderr, "decode.c's two paths differ: %s\n",
				why);
			abort();
		}
		if (rc == 0) {
			rec_metric(&rec, "ns/op");
			rec_label(&rec, "goos", tmp, sizeof tmp);
			rec_time_unit(&rec, tmp, sizeof tmp);
			out.len = 0;
			if (rec.r.kind)
				record_json(&out, &rec.r);
			if (rec.r.kind)
				check_labels(&rec, &labelled);
		}
		q = nl ? nl + 1 : end;
	}
	rec_clear(&rec);
	ref_clear(&ref);
	buf_free(&out);
	buf_free(&labelled);
	return 0;
}
