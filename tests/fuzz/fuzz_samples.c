/*
 * fuzz_samples.c — libFuzzer target for version 2's samples records
 * (samples.h).  Every line of the input is read as input.c reads it
 * (samples_read): each sample handed over must be exactly what rec_decode
 * makes of its line, field for field and place for place, and its line
 * must be the one samples_next writes for it (the two readings of a
 * samples record agree).  The lines read are then grouped by the writer
 * (samples_add) and read back: they must come back byte for byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonvalid.h"
#include "record.h"
#include "samples.h"
#include "refdecode.h"

struct seen {
	struct buf lines;    /* every line handed over, with its '\n' */
	struct samples_rd t; /* the same record read as text */
	int text;	     /* the line read is a samples record */
};

static void broken(const char *what, const struct rec *rec)
{
	fprintf(stderr, "%s: %.*s\n", what, (int)rec->line.n, rec->line.s);
	abort();
}

static int take(void *ctx, const struct rec *rec)
{
	static struct rec fresh = REC_INIT;
	static struct buf line;
	struct seen *s = ctx;
	const char *why;
	char err[512];

	if (rec_decode(&fresh, rec->line.s, rec->line.n, err, sizeof err))
		broken("a sample's line does not decode", rec);
	if ((why = recs_differ(rec, &fresh)))
		broken(why, rec);
	if (s->text &&
	    (samples_next(&s->t, &line) != 1 || line.len != rec->line.n ||
	     memcmp(line.p, rec->line.s, line.len)))
		broken("samples_next writes another line", rec);
	buf_add(&s->lines, rec->line.s, rec->line.n);
	buf_addc(&s->lines, '\n');
	return 0;
}

/* p[0..n) is valid JSON, an object of kind "samples" (as samples_open
 * asks), as jq reads it. */
static int is_samples(const char *p, size_t n)
{
	char err[64];
	jv o, k;
	int r;

	if (json_valid(p, n, err, sizeof err))
		return 0;
	o = jv_parse_sized(p, (int)n);
	if (jv_get_kind(o) != JV_KIND_OBJECT) {
		jv_free(o);
		return 0;
	}
	k = jv_object_get(o, jv_string("kind"));
	r = jv_get_kind(k) == JV_KIND_STRING &&
	    !strcmp(jv_string_value(k), "samples");
	jv_free(k);
	return r;
}

/* Read p[0..n) line by line into s->lines; 0, or -1 at a broken line. */
static int read_lines(struct seen *s, const char *p, size_t n, int text)
{
	static struct samples_rd rd;
	static struct rec rec = REC_INIT;
	const char *end = p + n, *nl;
	char err[512];
	int ret;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)((nl ? nl : end) - p);
		s->text = text && is_samples(p, n) &&
			  samples_open(&s->t, p, n, err, sizeof err) == 1;
		if (samples_read(&rd, &rec, p, n, take, s, &ret, err,
				 sizeof err))
			return -1;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct seen first, again;
	static struct buf grouped;
	struct samples_wr w = {0};
	const char *p, *end, *nl;
	size_t n;

	first.lines.len = again.lines.len = grouped.len = 0;
	read_lines(&first, (const char *)data, size, 1);
	if (first.lines.len == 0)
		return 0;
	for (p = first.lines.p, end = p + first.lines.len; p < end;
	     p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = (size_t)(nl - p);
		if (!samples_add(&w, p, n, &grouped)) {
			buf_add(&grouped, p, n);
			buf_addc(&grouped, '\n');
		}
	}
	samples_end(&w, &grouped);
	samples_wr_free(&w);
	if (read_lines(&again, grouped.p, grouped.len, 0) ||
	    again.lines.len != first.lines.len ||
	    memcmp(again.lines.p, first.lines.p, first.lines.len)) {
		fprintf(stderr, "grouped samples read back otherwise\n");
		abort();
	}
	return 0;
}
