/*
 * test_compare.c — a comparison on known values: medians, delta, the
 * verdicts (improved, regressed, ~, insufficient, added, removed), the
 * geometric mean, a budget judged on the target, and --by's sides.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "budget.h"
#include "compare.h"
#include "record.h"
#include "tap.h"
#include "util.h"

static void add(struct comparison *cp, const char *name, const char *unit,
		double v, int side)
{
	struct rec rec = REC_INIT;
	struct bt_metric m = {0};

	m.unit = bt_cstr(unit);
	m.value = v;
	rec.r.kind = BT_KIND_SAMPLE;
	rec.r.name = bt_cstr(name);
	rec.r.metrics = &m;
	rec.r.nmetrics = 1;
	rec.file = "test";
	comparison_add(cp, &rec, side);
}

static const struct cmp *find(const struct comparison *cp, const char *name)
{
	for (size_t i = 0; i < cp->ncmps; i++)
		if (!strcmp(cp->cmps[i].b->name, name))
			return &cp->cmps[i];
	return NULL;
}

int main(void)
{
	struct comparison cp = {
	    .alpha = 0.05, .max_regression = 10, .skip = "version"};
	struct budget bu = {"*", "max", "ns/op", "<", 150, 1};
	struct budgets bs = {&bu, 1, "test"};
	const struct cmp *c;

	util_init("test_compare");
	for (int i = 0; i < 10; i++) {
		add(&cp, "slower", "ns/op", 100 + i, 0);
		add(&cp, "slower", "ns/op", 130 + i, 1);
		add(&cp, "faster", "ns/op", 100 + i, 0);
		add(&cp, "faster", "ns/op", 50 + i, 1);
		add(&cp, "same", "ns/op", 100 + i % 2, 0);
		add(&cp, "same", "ns/op", 100 + (i + 1) % 2, 1);
		add(&cp, "gone", "ns/op", 1, 0);
	}
	add(&cp, "few", "ns/op", 1, 0), add(&cp, "few", "ns/op", 2, 1);
	add(&cp, "new", "ns/op", 7, 1);
	comparison_run(&cp, &bs);
	is_int((long)cp.ncmps, 6, "six benchmarks of one unit");
	c = find(&cp, "slower");
	ok(c && c->c[0] == 104.5 && c->c[1] == 134.5,
	   "medians 104.5 and 134.5");
	ok(c && fabs(c->delta - 30 / 104.5 * 100) < 1e-9,
	   "delta +28.7 percent");
	is_str(c ? c->verdict : "", "regressed",
	       "beyond 10 percent: regressed");
	is_str(c ? cmp_direction(c->s, c->delta) : "", "slower", "slower");
	c = find(&cp, "faster");
	is_str(c ? c->verdict : "", "improved", "half the time: improved");
	c = find(&cp, "same");
	is_str(c ? c->verdict : "", "~", "no difference: ~");
	c = find(&cp, "few");
	is_str(c ? c->verdict : "", "insufficient",
	       "1 + 1 samples: insufficient");
	c = find(&cp, "gone");
	is_str(c ? c->verdict : "", "removed", "only the baseline: removed");
	c = find(&cp, "new");
	is_str(c ? c->verdict : "", "added", "only the target: added");
	is_int(cp.regressions, 1, "one regression counted");
	is_int((long)cp.ngeos, 1, "one geometric mean, for ns/op");
	is_int((long)cp.geos[0].n, 4, "over the benchmarks both sides have");
	is_int((long)cp.njudged, 5, "the budget judged on every target");
	is_int(cp.budget_failures, 0, "max < 150 everywhere");
	{
		struct buf b = {0};

		cmp_geo_json(&b, &cp.geos[0]);
		buf_addc(&b, ',');
		c = find(&cp, "gone");
		cmp_change_json(&b, &cp, c);
		buf_addc(&b, 0);
		is_str(b.p,
		       "\"geomean\":true,\"unit\":\"ns/op\",\"n\":4,"
		       "\"baseline\":{\"center\":32.36679228026217},"
		       "\"target\":{\"center\":34.84004529928453},"
		       "\"delta_percent\":7.641328796522728,"
		       "\"name\":\"gone\",\"unit\":\"ns/op\",\"better\":"
		       "\"lower\",\"baseline\":{\"n\":10,\"center\":1,\"lo\":"
		       "1,\"hi\":1},\"target\":{\"n\":0,\"center\":null,"
		       "\"lo\":null,\"hi\":null},\"delta_percent\":null,"
		       "\"direction\":null,\"test\":null,\"p_value\":null,"
		       "\"alpha\":0.05,\"confidence\":0.95,\"verdict\":"
		       "\"removed\"",
		       "the fields of a geomean's and a change record");
		buf_free(&b);
	}
	comparison_free(&cp);

	{
		struct comparison by = {.skip = "v", .by_label = "v"};
		struct rec rec = REC_INIT;
		struct bt_label l = {BT_STR("v"), BT_STR("a")};

		rec.r.kind = BT_KIND_SAMPLE;
		rec.r.labels = &l;
		rec.r.nlabels = 1;
		is_int(cmp_side_by_label(&by, &rec), 0,
		       "--by: the first value is 0");
		l.value = bt_cstr("b");
		is_int(cmp_side_by_label(&by, &rec), 1, "the second is 1");
		l.value = bt_cstr("a");
		is_int(cmp_side_by_label(&by, &rec), 0, "the first again 0");
		l.value = bt_cstr("c");
		is_int(cmp_side_by_label(&by, &rec), -2, "a third: -2");
		rec.r.nlabels = 0;
		is_int(cmp_side_by_label(&by, &rec), -1, "no label: -1");
		comparison_free(&by);
	}
	return tap_done();
}
