/*
 * peers.h — a plugin against what other trackers' own tests expect of
 * their fixtures (tests/data/NAME/expect/FIXTURE.json, copied from
 * shared/corpus/peers: github-action-benchmark's and Bencher's).
 *
 * Every expected benchmark {name, unit, value} must be a sample the plugin
 * emits: names compared as the corpus README says (white space ignored;
 * "::", ":", "/", ">" and "." one separator; the peer's name may be ours or
 * our suite and name), the value converted from the peer's unit to ours
 * and equal within 0.5 %.  Header-only, for the plugin unit tests.
 */
#ifndef BT_PEERS_H
#define BT_PEERS_H

#include <jv.h>

#include "plugtest.h"

/* s with white space removed and separators made one '/', into out. */
static void peer_norm(const char *s, char *out, size_t n)
{
	size_t o = 0;

	for (; *s && o + 1 < n; s++) {
		if (strchr(" \t\r\n", *s))
			continue;
		if (strchr(":/>.", *s)) {
			if (o == 0 || out[o - 1] != '/')
				out[o++] = '/';
			continue;
		}
		out[o++] = *s;
	}
	out[o] = '\0';
}

/* Set by a test whose peer leaves the class out of its names. */
static int peer_no_class;

/* Set by a test: the peer's units (NULL-terminated) that are no metric
 * of the plugin (kept in a context record), reported as skipped. */
static const char *const *peer_skip_units;

/* 1 when sample r is named like the peer's (normalised) name. */
static int peer_named(const struct plugrec *r, const char *want)
{
	char got[1024], both[2048];

	peer_norm(r->name, got, sizeof got);
	if (!strcmp(got, want))
		return 1;
	snprintf(both, sizeof both, "%s/%s", r->suite, r->name);
	peer_norm(both, got, sizeof got);
	if (*r->suite && !strcmp(got, want))
		return 1;
	if (peer_no_class && strrchr(r->name, '.')) {
		/* Bencher names a BenchmarkDotNet benchmark Namespace.Method:
		 * without the class our name begins with */
		snprintf(both, sizeof both, "%s/%s", r->suite,
			 strrchr(r->name, '.') + 1);
		peer_norm(both, got, sizeof got);
		return !strcmp(got, want);
	}
	return 0;
}

/* 1 when the test declared unit no metric of the plugin. */
static int peer_skipped(const char *unit)
{
	size_t i;

	for (i = 0; peer_skip_units && peer_skip_units[i]; i++)
		if (!strcmp(peer_skip_units[i], unit))
			return 1;
	return 0;
}

/* The first sample of run named like the peer's name (without the
 * " ( {params} )" github-action-benchmark appends to JMH names: ours are
 * labels), or NULL; *mean the mean of unit over all of them (the peers
 * give one value where bt has a sample per measurement). */
static const struct plugrec *peer_find(const struct plugrun *run,
				       const char *name, const char *unit,
				       double *mean)
{
	char want[1024], cut[1024];
	const struct plugrec *first = NULL;
	const char *par = strstr(name, " ( {");
	double sum = 0;
	size_t i, k = 0;

	snprintf(cut, sizeof cut, "%.*s",
		 par ? (int)(par - name) : (int)strlen(name), name);
	peer_norm(cut, want, sizeof want);
	for (i = 0; i < run->n; i++) {
		const struct plugrec *r = &run->recs[i];

		if (r->kind != BT_KIND_SAMPLE || !peer_named(r, want))
			continue;
		if (!first)
			first = r;
		if (unit && plug_metric_at(r, unit) >= 0)
			sum += plug_metric(r, unit), k++;
	}
	*mean = k ? sum / (double)k : NAN;
	return first;
}

/* The peer's unit as ours and the factor to it; NULL when unknown. */
static const char *peer_unit(const char *u, double *f)
{
	static const struct {
		const char *peer, *ours;
		double f;
	} t[] = {{"ns", "ns/op", 1},	     {"latency", "ns/op", 1},
		 {"us", "ns/op", 1e3},	     {"\xc2\xb5s", "ns/op", 1e3},
		 {"ms", "ns/op", 1e6},	     {"s", "ns/op", 1e9},
		 {"ns/op", "ns/op", 1},	     {"us/op", "ns/op", 1e3},
		 {"ms/op", "ns/op", 1e6},    {"s/op", "ns/op", 1e9},
		 {"throughput", "ops/s", 1}, {"ops/sec", "ops/s", 1},
		 {"ops/s", "ops/s", 1},	     {"ops/ms", "ops/s", 1e3},
		 {"ops/us", "ops/s", 1e6},   {"ops/ns", "ops/s", 1e9},
		 {"allocated", "B/op", 1},   {"B", "B/op", 1},
		 {"ns/iter", "ns/op", 1}};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(u, t[i].peer)) {
			*f = t[i].f;
			return t[i].ours;
		}
	/* a unit with no base unit (iai's "instructions", cargo's
	 * "cycles/iter", BMF's measure slugs) is kept as it is */
	*f = 1;
	return u;
}

/* Test: as many benchmarks (distinct suite and name) as the peer counts. */
static void peer_count(const struct plugrun *run, const char *fixture, jv doc)
{
	jv c = jv_object_get(jv_copy(doc), jv_string("count"));
	size_t i, k, distinct = 0;

	for (i = 0; i < run->n; i++) {
		const struct plugrec *r = &run->recs[i];

		if (r->kind != BT_KIND_SAMPLE)
			continue;
		for (k = 0; k < i; k++)
			if (run->recs[k].kind == BT_KIND_SAMPLE &&
			    !strcmp(run->recs[k].name, r->name) &&
			    !strcmp(run->recs[k].suite, r->suite))
				break;
		distinct += k == i;
	}
	if (jv_get_kind(c) == JV_KIND_NUMBER)
		ok(distinct == (size_t)jv_number_value(c),
		   "%s: %zu benchmarks, as the peer counts (%g)", fixture,
		   distinct, jv_number_value(c));
	jv_free(c);
}

/* Run plugin p over tests/data/fixture and check it against
 * tests/data/expect (the peer's expectations). */
static void peer_check(const struct bt_plugin *p, const char *fixture,
		       const char *expect)
{
	struct plugrun run = {0};
	size_t n, i, len;
	char *text = plug_slurp(plug_data(expect), &n);
	jv doc = text ? jv_parse_sized(text, (int)n) : jv_invalid();
	jv benches = jv_object_get(jv_copy(doc), jv_string("benches"));

	free(text);
	ok(jv_get_kind(benches) == JV_KIND_ARRAY, "%s: expectations read",
	   expect);
	ok((p ? plug_run_file(p, plug_data(fixture), &run) : -1) == 0,
	   "%s parses", fixture);
	len = jv_get_kind(benches) == JV_KIND_ARRAY
		  ? (size_t)jv_array_length(jv_copy(benches))
		  : 0;
	for (i = 0; i < len; i++) {
		jv b = jv_array_get(jv_copy(benches), (int)i);
		jv nm = jv_object_get(jv_copy(b), jv_string("name"));
		jv un = jv_object_get(jv_copy(b), jv_string("unit"));
		jv va = jv_object_get(jv_copy(b), jv_string("value"));
		const char *name = jv_get_kind(nm) == JV_KIND_STRING
				       ? jv_string_value(nm)
				       : "?";
		const char *unit = jv_get_kind(un) == JV_KIND_STRING
				       ? jv_string_value(un)
				       : "?";
		double f = 1, got, want;
		const char *ours = peer_unit(unit, &f);
		const struct plugrec *r = peer_find(&run, name, ours, &got);

		if (peer_skipped(unit)) {
			ok(1,
			   "# skip %s: %s: the peer's unit %s is no metric "
			   "of ours (kept in the context)",
			   fixture, name, unit);
		} else if (jv_get_kind(va) != JV_KIND_NUMBER) {
			ok(r != NULL, "%s: %s is there", fixture, name);
		} else {
			want = jv_number_value(va) * f;
			ok(r && ours && fabs(got - want) <= fabs(want) * 0.005,
			   "%s: %s = %.10g %s (peer: %g %s)", fixture, name,
			   got, ours ? ours : "?", jv_number_value(va), unit);
		}
		jv_free(b), jv_free(nm), jv_free(un), jv_free(va);
	}
	peer_count(&run, fixture, doc);
	jv_free(benches);
	jv_free(doc);
	plug_free(&run);
}

#endif
