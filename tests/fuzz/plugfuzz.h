/*
 * plugfuzz.h — the checks a plugin fuzz target makes, shared by
 * the fuzz_plugin_NAME.c targets.  The plugin's source is
 * compiled into the target, so bt_plugin_descriptor() is the plugin's own.
 *
 * Beyond "does not crash" (the sanitizers' job), it checks what the host
 * relies on: the probe scores 0..100; every record's strings can be read
 * to their length; a sample has a name and finite metrics with units; two
 * instances fed the same lines interleaved emit exactly what one emits
 * alone (no global state); and numtext.h's exact scaling writes a JSON
 * number that reads back as the value it reports (and copies an unscaled
 * literal that fits as it is).
 */
#ifndef BT_PLUGFUZZ_H
#define BT_PLUGFUZZ_H

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "numtext.h"

/* A running digest of the records one instance emitted. */
struct digest {
	uint64_t h;
	size_t records;
};

static void fz_mix(struct digest *d, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		d->h = (d->h ^ s[i]) * 1099511628211ULL;
}

/* Touch every byte of s (ASan reports a string that overruns) and mix it
 * into the digest. */
static void fz_str(struct digest *d, struct bt_str s)
{
	if (s.n && !s.s)
		abort();
	fz_mix(d, &s.n, sizeof s.n);
	if (s.n)
		fz_mix(d, s.s, s.n);
}

static void fz_emit(void *ctx, const struct bt_record *r)
{
	struct digest *d = ctx;
	size_t i;

	if (r->kind < BT_KIND_SAMPLE || r->kind > BT_KIND_SKIP)
		abort();
	if (r->kind == BT_KIND_SAMPLE && (r->name.n == 0 || r->nmetrics == 0))
		abort();
	fz_mix(d, &r->kind, sizeof r->kind);
	fz_str(d, r->name);
	fz_str(d, r->suite);
	fz_str(d, r->reason);
	fz_str(d, r->message);
	fz_mix(d, &r->iterations, sizeof r->iterations);
	for (i = 0; i < r->nmetrics; i++) {
		const struct bt_metric *m = &r->metrics[i];

		if (!isfinite(m->value) || m->unit.n == 0)
			abort();
		if (m->text.n &&
		    (!numtext_is_json(m->text.s, m->text.n) ||
		     m->text.n >= NUMTEXT_MAX))
			abort();
		fz_str(d, m->unit);
		fz_str(d, m->text);
		fz_mix(d, &m->value, sizeof m->value);
	}
	for (i = 0; i < r->nlabels; i++) {
		fz_str(d, r->labels[i].key);
		fz_str(d, r->labels[i].value);
	}
	d->records++;
}

static void fz_say(void *ctx, const char *msg)
{
	(void)ctx;
	if (!msg || strlen(msg) > 4096)
		abort();
}

static void fz_arg(void *ctx, const char *a)
{
	(void)ctx;
	if (!a)
		abort();
	(void)strlen(a);
}

/* Feed data to n instances line by line, interleaved; digests in d. */
static void fz_run(const struct bt_plugin *p, const uint8_t *data,
		   size_t size, int n, struct digest *d)
{
	struct bt_host h[2];
	void *st[2];
	const char *q = (const char *)data, *end = q + size, *nl;
	int i, dead[2] = {0, 0};

	for (i = 0; i < n; i++) {
		h[i] = (struct bt_host){&d[i], fz_emit, fz_say, fz_say, fz_arg};
		st[i] = p->open(&h[i]);
		if (!st[i])
			abort();
	}
	while (q < end) {
		nl = memchr(q, '\n', (size_t)(end - q));
		for (i = 0; i < n; i++)
			if (!dead[i])
				dead[i] = p->line(st[i], q,
						  (size_t)((nl ? nl : end) - q));
		q = nl ? nl + 1 : end;
	}
	for (i = 0; i < n; i++) {
		if (!dead[i])
			p->finish(st[i]);
		p->close(st[i]);
	}
}

/* numtext_scale on the first token of data: a JSON number that reads back
 * as the value reported, and scaling by 10^0 keeps a JSON literal as is. */
static void fz_numtext(const uint8_t *data, size_t size)
{
	char out[NUMTEXT_MAX];
	double v;
	size_t n = 0;
	int shift = size ? (int)(data[0] % 25) - 12 : 0;
	int k = size > 1 ? data[1] % 5 : 0;
	const char *p = (const char *)data + (size > 2 ? 2 : size);

	size -= (size_t)(p - (const char *)data);
	while (n < size && n < 80 && p[n] != '\n')
		n++;
	if (numtext_scale(p, n, shift, k, out, &v))
		return;
	if (!numtext_is_json(out, strlen(out)) || strtod(out, NULL) != v)
		abort();
	if (shift == 0 && k == 0 && n < NUMTEXT_MAX && numtext_is_json(p, n) &&
	    (strlen(out) != n || memcmp(out, p, n) != 0))
		abort(); /* a literal too long to copy is written anew */
}

/* All the checks on one input. */
static void fz_all(const uint8_t *data, size_t size)
{
	const struct bt_plugin *p = bt_plugin_descriptor();
	struct digest one = {14695981039346656037ULL, 0};
	struct digest two[2] = {{14695981039346656037ULL, 0},
				{14695981039346656037ULL, 0}};
	struct bt_str names[2] = {{(const char *)data, size < 40 ? size : 40},
				  BT_STR("g/f.x")};
	struct bt_host h = {&one, fz_emit, fz_say, fz_say, fz_arg};
	int score = p->probe((const char *)data, size < 4096 ? size : 4096);

	if (p->abi_version != BT_PLUGIN_ABI_VERSION || score < 0 || score > 100)
		abort();
	fz_run(p, data, size, 1, &one);
	fz_run(p, data, size, 2, two);
	if (one.h != two[0].h || one.records != two[0].records ||
	    two[0].h != two[1].h)
		abort(); /* interleaved instances disagree */
	if (p->selector)
		p->selector(names, 2, &h);
	fz_numtext(data, size);
}

#endif
