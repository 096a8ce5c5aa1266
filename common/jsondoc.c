/*
 * jsondoc.c — whole-document JSON and unit conversion for plugins
 * (jsondoc.h).
 */

#include <jv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsonvalid.h"
#include "numtext.h"
#include "jsondoc.h"
#include "plugstr.h"
#include "units.h"

int jsondoc_add(struct jsondoc *d, const char *p, size_t n)
{
	struct str t = {d->s, d->n, d->cap}; /* grown as the kit's string */
	int r;

	if (d->full || n + 1 > JSONDOC_MAX - d->n) {
		d->full = 1;
		return 0;
	}
	r = str_add(&t, p, n) || str_add(&t, "\n", 1);
	d->s = t.s, d->n = t.n, d->cap = t.cap;
	return r ? -1 : 0;
}

void jsondoc_free(struct jsondoc *d)
{
	free(d->s);
	memset(d, 0, sizeof *d);
}

int jsondoc_blank(const struct jsondoc *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strchr(" \t\r\n", d->s[i]))
			return 0;
	return 1;
}

jv jsondoc_parse_text(const char *p, size_t n, char *err, size_t errn)
{
	if (n > 0x7fffffff) {
		snprintf(err, errn, "document too large");
		return jv_invalid();
	}
	if (json_valid(p, n, err, errn))
		return jv_invalid();
	return jv_parse_sized(p, (int)n);
}

jv jsondoc_parse(const struct jsondoc *d, char *err, size_t errn)
{
	if (d->full) {
		snprintf(err, errn, "document larger than %zu MB",
			 JSONDOC_MAX >> 20);
		return jv_invalid();
	}
	return jsondoc_parse_text(d->s ? d->s : "", d->n, err, errn);
}

jv jsondoc_get(jv obj, const char *key)
{
	if (jv_get_kind(obj) != JV_KIND_OBJECT)
		return jv_invalid();
	return jv_object_get(jv_copy(obj), jv_string(key));
}

int jsondoc_len(jv a, int other)
{
	return jv_get_kind(a) == JV_KIND_ARRAY ? jv_array_length(jv_copy(a))
					       : other;
}

jv jsondoc_array(jv obj, const char *key, const char *what,
		 const struct bt_host *host)
{
	jv a = jsondoc_get(obj, key);
	char msg[256];

	if (jv_get_kind(a) == JV_KIND_ARRAY)
		return a;
	jv_free(a);
	snprintf(msg, sizeof msg, "not %s: no \"%s\" array", what, key);
	host->error(host->ctx, msg);
	return jv_invalid();
}

int jsondoc_each(jv a, int (*each)(void *st, jv e), void *st)
{
	int i, n = jsondoc_len(a, 0), sum = 0;

	for (i = 0; i < n; i++) {
		jv e = jv_array_get(jv_copy(a), i);

		sum += each(st, e);
		jv_free(e);
	}
	return sum;
}

const char *jsondoc_str(jv obj, const char *key, char *out, size_t outn)
{
	jv v = jsondoc_get(obj, key);
	const char *r = NULL;

	if (jv_get_kind(v) == JV_KIND_STRING) {
		snprintf(out, outn, "%s", jv_string_value(v));
		r = out;
	}
	jv_free(v);
	return r;
}

int jsondoc_numtext(jv v, char out[NUMTEXT_MAX])
{
	double d;

	if (jv_get_kind(v) != JV_KIND_NUMBER)
		return -1;
	d = jv_number_value(v);
	if (!isfinite(d))
		return -1;
	jv s = jv_dump_string(jv_copy(v), 0);
	int r = -1;

	if (jv_get_kind(s) == JV_KIND_STRING &&
	    (size_t)jv_string_length_bytes(jv_copy(s)) < NUMTEXT_MAX) {
		strcpy(out, jv_string_value(s));
		r = 0;
	}
	jv_free(s);
	return r;
}

int jsondoc_metric(jv v, int shift, const char *unit, struct bt_metric *m,
		   char text[NUMTEXT_MAX])
{
	char raw[NUMTEXT_MAX];

	if (jsondoc_numtext(v, raw) ||
	    numtext_shift(raw, strlen(raw), shift, text, &m->value) ||
	    !isfinite(m->value))
		return -1;
	m->unit = bt_cstr(unit);
	m->text = bt_cstr(text);
	m->better = BT_BETTER_DEFAULT;
	return 0;
}

/*
 * A unit as a user's harness writes it, mapped to benchtrack's base unit:
 * time (units.h: ns, us, µs, ms, s, …; with or without "/op", "/iter",
 * "/call") →
 * "ns/op" with the power of ten to shift by; bytes per second (B/s, KB/s,
 * MB/s, GB/s decimal; KiB/s, MiB/s, GiB/s binary) → "MB/s" (and the other
 * rates of units.h to their base).  Anything else
 * is kept as written (*base = NULL).  *k1024 is the number of factors 1024.
 */
static void jsondoc_unit(const char *u, size_t n, const char **base, int *shift,
			 int *k1024)
{
	const struct unit_conv *c;
	size_t sl, k = n;

	*base = NULL;
	*shift = *k1024 = 0;
	for (sl = 0; sl < n && u[sl] != '/'; sl++)
		;
	if (sl < n) { /* time per something: "/op", "/iter", "/call" */
		const char *per = u + sl + 1;
		size_t pn = n - sl - 1;

		if ((pn == 2 && !memcmp(per, "op", 2)) ||
		    (pn == 4 && !memcmp(per, "iter", 4)) ||
		    (pn == 4 && !memcmp(per, "call", 4)))
			k = sl;
	}
	if (unit_time_shift(u, k) >= 0) {
		*base = "ns/op";
		*shift = unit_time_shift(u, k);
		return;
	}
	if ((c = unit_lookup(u, n))) {
		*base = c->base;
		*shift = c->shift;
		*k1024 = c->k1024;
	}
}

int jsondoc_convert(const char *p, size_t pn, const char *u, size_t un,
		    struct bt_metric *m, char text[NUMTEXT_MAX])
{
	const char *base;
	int shift, k1024;

	jsondoc_unit(u, un, &base, &shift, &k1024);
	if (numtext_scale(p, pn, shift, k1024, text, &m->value) ||
	    !isfinite(m->value))
		return -1;
	m->text = bt_cstr(text);
	if (base) {
		m->unit = bt_cstr(base);
	} else {
		m->unit.s = u;
		m->unit.n = un;
	}
	m->better = BT_BETTER_DEFAULT;
	return 0;
}

int jsondoc_line(struct jsondoc *d, const struct bt_host *host, const char *p,
		 size_t n)
{
	if (jsondoc_add(d, p, n)) {
		host->error(host->ctx, "out of memory");
		return -1;
	}
	return 0;
}

int jsondoc_finish(const struct jsondoc *d, const char *what, jv_kind kind,
		   const char *shape, const struct bt_host *host, jv *doc)
{
	char err[256], msg[320];

	if (jsondoc_blank(d))
		return 0;
	*doc = jsondoc_parse(d, err, sizeof err);
	if (jv_is_valid(*doc) &&
	    (kind == JV_KIND_INVALID || jv_get_kind(*doc) == kind))
		return 1;
	snprintf(msg, sizeof msg, "not %s: %s", what,
		 jv_is_valid(*doc) ? shape : err);
	jv_free(*doc);
	*doc = jv_invalid();
	host->error(host->ctx, msg);
	return -1;
}

char jsondoc_opens(const char *p, size_t n)
{
	size_t i = 0;

	while (i < n && p[i] && strchr(" \t\r\n", p[i]))
		i++;
	return i < n ? p[i] : '\0';
}
