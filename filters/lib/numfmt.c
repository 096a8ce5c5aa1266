/*
 * numfmt.c — numbers for people (numfmt.h).
 */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "units.h"

void numfmt_sig4(char *o, size_t n, double v, const char *unit)
{
	static const char *const big[] = {"", "k", "M", "G", "T"};
	static const char *const tm[] = {"ns", "µs", "ms", "s"};
	int t =
	    unit_is_time(unit) && strcmp(unit, "s") && strcmp(unit, "sec/op");
	const char *sfx = strchr(unit, '/') ? strchr(unit, '/') : "";
	size_t k = 0, kmax = t ? 3 : 4;
	char u[32];

	while (k < kmax && fabs(v) >= 999.95)
		v /= 1000, k++;
	if (t)
		snprintf(u, sizeof u, "%s", tm[k]);
	else if (k)
		snprintf(u, sizeof u, "%s%.*s", big[k],
			 (int)(strlen(unit) - strlen(sfx)) % 20, unit);
	else
		u[0] = '\0';
	snprintf(o, n, "%#.4g%s", v, u);
}

void numfmt_fig(char *o, size_t n, double d, int ok, const char *suf)
{
	if (!ok || !isfinite(d))
		snprintf(o, n, "n/a");
	else if (fabs(d) >= 1000 && fabs(d) < 1e15) /* exact to the unit */
		snprintf(o, n, "%.0f%s", d, suf);
	else
		snprintf(o, n, "%.4g%s", d, suf);
}

const char *numfmt_shortest(char *o, double d)
{
	if (!isfinite(d))
		return isinf(d) ? (d < 0 ? "-inf" : "inf") : "";
	fmt_double(o, d);
	return o;
}

void numfmt_report(char *o, size_t n, double v, const char *suffix)
{
	if (isfinite(v) && fabs(v) >= 1e6 && fabs(v) < 1e15)
		snprintf(o, n, "%.0f%s", v, suffix);
	else if (isfinite(v))
		snprintf(o, n, "%.6g%s", v, suffix);
	else
		snprintf(o, n, "—");
}
