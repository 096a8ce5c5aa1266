/*
 * fuzz_records.c — libFuzzer target for the record reader: every line of
 * the input is decoded as a record and, when it decodes, looked at and
 * written back the way filters do (label merging, pass-through,
 * serialisation of its decoded view).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "record.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rec rec = REC_INIT;
	struct buf out = {0};
	const char *q = (const char *)data, *end = q + size, *nl;
	char err[512], tmp[64];

	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		if (rec_decode(&rec, q, (size_t)((nl ? nl : end) - q), err,
			       sizeof err) == 0) {
			rec_metric(&rec, "ns/op");
			rec_label(&rec, "goos", tmp, sizeof tmp);
			rec_time_unit(&rec, tmp, sizeof tmp);
			out.len = 0;
			if (rec.r.kind)
				record_json(&out, &rec.r);
		}
		q = nl ? nl + 1 : end;
	}
	rec_clear(&rec);
	buf_free(&out);
	return 0;
}
