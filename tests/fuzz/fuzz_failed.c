/*
 * fuzz_failed.c — libFuzzer target for the failed-benchmarks list reader
 * (filters/lib/failed.c): any bytes read as a list must end in entries or
 * a clear error, never a crash; every entry read writes back as a line that
 * reads back to the same entry; and the input itself taken as a name (and
 * a suite) round-trips byte for byte through a written list.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "failed.h"
#include "util.h"

struct one {
	struct failed_entry e;
	struct buf suite, name;
	int n;
};

static int keep(void *ctx, const struct failed_entry *e)
{
	struct one *o = ctx;

	o->suite.len = o->name.len = 0;
	buf_add(&o->suite, e->suite, e->suite_len);
	buf_add(&o->name, e->name, e->name_len);
	o->e = *e;
	o->n++;
	return 0;
}

static void read_back(const char *p, size_t n, struct one *o)
{
	FILE *f = fmemopen((void *)p, n, "r");

	if (!f)
		abort();
	if (failed_read(f, "fuzz", keep, o) != 0)
		abort(); /* what failed_line wrote must read */
	fclose(f);
}

static int check(void *ctx, const struct failed_entry *e)
{
	struct buf b = {0};
	struct one o = {0};

	(void)ctx;
	failed_header(&b);
	failed_line(&b, e);
	read_back(b.p, b.len, &o);
	if (o.n != 1 || o.suite.len != e->suite_len ||
	    o.name.len != e->name_len ||
	    memcmp(o.suite.p ? o.suite.p : "", e->suite, e->suite_len) ||
	    memcmp(o.name.p, e->name, e->name_len) || o.e.procs != e->procs)
		abort();
	buf_free(&b);
	buf_free(&o.suite);
	buf_free(&o.name);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int null = -1, saved = -1;
	struct failed_entry e = {0};
	struct buf b = {0};
	struct one o = {0};
	FILE *f;

	if (null < 0) {
		null = open("/dev/null", O_WRONLY);
		saved = dup(2);
		progname = "fuzz_failed";
	}
	f = fmemopen((void *)data, size, "r");
	if (f) { /* the reader's messages are expected: not to the log */
		fflush(stderr);
		dup2(null, 2);
		failed_read(f, "fuzz", check, NULL);
		fflush(stderr);
		dup2(saved, 2);
		fclose(f);
	}
	if (size == 0)
		return 0; /* a benchmark has a name */
	e.suite = (const char *)data;
	e.suite_len = size / 2;
	e.name = (const char *)data;
	e.name_len = size;
	e.procs = (long)(size % 7);
	e.cv = 1.5;
	failed_header(&b);
	failed_line(&b, &e);
	read_back(b.p, b.len, &o);
	if (o.n != 1 || o.name.len != size || memcmp(o.name.p, data, size) ||
	    o.suite.len != size / 2 ||
	    (size / 2 && memcmp(o.suite.p, data, size / 2)))
		abort();
	buf_free(&b);
	buf_free(&o.suite);
	buf_free(&o.name);
	return 0;
}
