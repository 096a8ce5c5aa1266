/*
 * peers.h — check a plugin against what another tracker's own tests
 * expect of one of its fixtures (github-action-benchmark's and Bencher's,
 * copied into tests/data/NAME/gab and tests/data/NAME/bencher from
 * shared/corpus/peers, whose expect/ files hold the values below).
 *
 * Values agree within 0.5 % (the peers round some), exactly when zero.
 */
#ifndef BT_PEERS_H
#define BT_PEERS_H

#include "plugtest.h"
#include "tap.h"

/* One benchmark a peer's test expects: its name as bt writes it, the
 * unit bt converts it to, and the value in that unit. */
struct peer_bench {
	const char *name, *unit;
	double value;
};

/* Test: p reads tests/data/rel without error into exactly the benchmarks
 * (distinct sample names) of b[0..n), the first sample of each holding
 * b's value for b's unit (a benchmark may appear in b once per unit). */
static void peer_check(const struct bt_plugin *p, const char *rel,
		       const struct peer_bench *b, size_t n)
{
	struct plugrun run = {0};
	const struct plugrec *r;
	char what[300];
	size_t i, k, distinct = 0, want = 0;

	snprintf(what, sizeof what, "%s parses", rel);
	is_int(plug_run_file(p, plug_data(rel), &run), 0, what);
	for (i = 0; i < run.n; i++) {
		if (run.recs[i].kind != BT_KIND_SAMPLE)
			continue;
		for (k = 0; k < i; k++)
			if (run.recs[k].kind == BT_KIND_SAMPLE &&
			    !strcmp(run.recs[k].name, run.recs[i].name))
				break;
		distinct += k == i;
	}
	for (i = 0; i < n; i++) {
		for (k = 0; k < i && strcmp(b[k].name, b[i].name); k++)
			;
		want += k == i;
	}
	snprintf(what, sizeof what, "%s: %zu benchmarks", rel, want);
	is_int(distinct, want, what);
	for (i = 0; i < n; i++) {
		double v;

		r = plug_named(&run, BT_KIND_SAMPLE, b[i].name, 0);
		v = plug_metric(r, b[i].unit);
		snprintf(what, sizeof what, "%s: %s = %.17g %s", rel, b[i].name,
			 b[i].value, b[i].unit);
		if (!ok(r && fabs(v - b[i].value) <= fabs(b[i].value) * 0.005,
			"%s", what))
			diag("got %.17g (%s)", v,
			     r ? "found" : "no such sample");
	}
	plug_free(&run);
}

#endif
