/*
 * test_changepoint.c — our change-point method (changepoint.c) on series
 * made here with a fixed pseudo-random noise: a step found where it is,
 * with its segments; one bad run an outlier, not two changes; a creep one
 * drift, not a staircase; nothing in pure noise, constant or tiny series;
 * the noise scales.
 */
#include <stdlib.h>

#include "changepoint.h"
#include "tap.h"

/* Standard normal noise from a fixed LCG (Box–Muller). */
static double gauss(unsigned long *s)
{
	double u, v;

	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	u = ((*s >> 11) + 0.5) / 9007199254740992.0;
	*s = *s * 6364136223846793005UL + 1442695040888963407UL;
	v = ((*s >> 11) + 0.5) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

static size_t count(const struct cp_event *e, size_t n, enum cp_kind k)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += e[i].kind == k;
	return c;
}

int main(void)
{
	struct cp_opts o;
	struct cp_event *e;
	double y[200];
	unsigned long seed = 42;
	size_t i, n;

	cp_defaults(&o);
	/* a 10 % step at 60 in 1 % noise */
	for (i = 0; i < 120; i++)
		y[i] = (i < 60 ? 100 : 110) * (1 + 0.01 * gauss(&seed));
	n = cp_detect(y, 120, &o, &e);
	is_int(n, 1, "a step: one event");
	if (n == 1) {
		is_int(e[0].kind, CP_CHANGE, "a change");
		is_int(e[0].index, 60, "at the first run of the new level");
		is_int(e[0].prev, 59, "after run 59");
		is_int(e[0].before.n, 60, "60 runs before");
		is_int(e[0].after.n, 60, "60 after");
		ok(e[0].delta > 0.08 && e[0].delta < 0.12,
		   "delta about +10 %%");
		ok(e[0].p < 1e-6, "p tiny");
	}
	free(e);

	/* the same with run 30 at 3 × and run 90 at ¼ */
	y[30] *= 3;
	y[90] /= 4;
	n = cp_detect(y, 120, &o, &e);
	is_int(count(e, n, CP_OUTLIER), 2, "two bad runs are two outliers");
	is_int(count(e, n, CP_CHANGE), 1, "and the step is still one change");
	for (i = 0; i < n; i++)
		if (e[i].kind == CP_OUTLIER && e[i].index == 30)
			ok(e[i].expected > 95 && e[i].expected < 105,
			   "the outlier's expected level");
	free(e);

	/* a 20 % creep over runs 40..100, flat around it */
	for (i = 0; i < 160; i++) {
		double x = i < 40 ? 0 : i > 100 ? 1 : (i - 40) / 60.0;

		y[i] = 1000 * (1 + 0.2 * x) * (1 + 0.01 * gauss(&seed));
	}
	n = cp_detect(y, 160, &o, &e);
	is_int(count(e, n, CP_DRIFT), 1, "a creep is one drift");
	is_int(count(e, n, CP_CHANGE), 0, "not a staircase of changes");
	for (i = 0; i < n; i++)
		if (e[i].kind == CP_DRIFT)
			ok(e[i].index + 5 >= 40 && e[i].index <= 45 &&
			       e[i].end + 5 >= 100 && e[i].end <= 105 &&
			       fabs(e[i].delta - 0.2) < 0.03,
			   "over the creep (40..100), upwards by 20 %%");
	free(e);

	/* noise only */
	for (i = 0; i < 200; i++)
		y[i] = 50 * (1 + 0.05 * gauss(&seed));
	n = cp_detect(y, 200, &o, &e);
	is_int(count(e, n, CP_CHANGE) + count(e, n, CP_DRIFT), 0,
	       "pure noise: no change, no drift");
	free(e);
	ok(fabs(cp_longrun(y, 200) - 1) < 0.5,
	   "independent noise: long-run factor about 1");
	ok(fabs(cp_noise(y, 200) / 2.5 - 1) < 0.25,
	   "noise scale about the sd (2.5)");

	/* a random walk: its long-run factor is large */
	y[0] = 0;
	for (i = 1; i < 200; i++)
		y[i] = y[i - 1] + gauss(&seed);
	ok(cp_longrun(y, 200) > 5, "a random walk: the long-run factor is big");

	for (i = 0; i < 50; i++)
		y[i] = 7;
	is_int(cp_detect(y, 50, &o, &e), 0, "a constant series: nothing");
	free(e);
	is_int(cp_detect(y, 1, &o, &e), 0, "one run: nothing");
	free(e);
	is_int(cp_detect(y, 0, &o, &e), 0, "no run: nothing");
	free(e);
	/* noise-free: a step and one outlier, whose differences must not
	 * count as noise */
	for (i = 0; i < 30; i++)
		y[i] = i < 10 ? 101 : 121;
	y[20] = 301;
	n = cp_detect(y, 30, &o, &e);
	is_int(n, 2, "noise-free step and outlier: two events");
	if (n == 2)
		ok(e[0].kind == CP_CHANGE && e[0].index == 10 &&
		       e[1].kind == CP_OUTLIER && e[1].index == 20,
		   "the change at 10, the outlier at 20");
	free(e);
	for (i = 0; i < 50; i++)
		y[i] = i < 25 ? 0 : 1;
	n = cp_detect(y, 50, &o, &e);
	is_int(n, 1, "0 then 1 without noise: one change");
	if (n)
		ok(isnan(e[0].delta) && e[0].index == 25,
		   "at 25, its relative change undefined (from 0)");
	free(e);
	return tap_done();
}
