/*
 * test_numfmt.c — the figures people read: benchstat's four significant
 * digits with SI prefixes and time units, bt-cv's exact-to-the-unit
 * figures, the shortest round-trip form.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "numfmt.h"
#include "tap.h"

static unsigned long long rs = 0x9e3779b97f4a7c15ULL;

static unsigned long long rnd(void)
{
	rs ^= rs << 13, rs ^= rs >> 7, rs ^= rs << 17;
	return rs;
}

/* fmt_double (integers) against fmt_double_libc (snprintf, strtod): the
 * same text for d and -d; 1 when they agree. */
static int agree(double d, int *bad)
{
	char a[64], b[64];
	int k, ok = 1;

	for (k = 0; k < 2; k++, d = -d) {
		int na = fmt_double(a, d), nb = fmt_double_libc(b, d);

		if (na != nb || strcmp(a, b)) {
			if ((*bad)++ < 5)
				diag("%.17g: %s, libc %s", d, a, b);
			ok = 0;
		}
	}
	return ok;
}

/* 1.4 million doubles of every kind fmt_double meets: random bits; log-
 * uniform from 1e-8 to 1e17; short decimals (7.29, 0.1); means of them;
 * neighbours of powers of ten and two; halves and quarters (exact ties at
 * 15 to 17 digits). */
static void test_shortest(void)
{
	static const double edge[] = {1e-6,
				      1e-5,
				      1e-4,
				      0.001,
				      0.1,
				      0.3,
				      0.5,
				      1,
				      9.5,
				      10,
				      99.5,
				      1e15,
				      1e16,
				      1.5e-5,
				      4.35e-7,
				      123456789012345.6,
				      9007199254740991.5,
				      9007199254740993.0,
				      0.30000000000000004,
				      2.675,
				      1.0000000000000002,
				      0.99999999999999989,
				      999999999999999.9,
				      99999.999999999985,
				      4503599627370495.5,
				      1.25e-5,
				      5e-324,
				      2.2250738585072014e-308,
				      1.7976931348623157e308};
	size_t i;
	int bad = 0, k;
	double d, sum;

	for (i = 0; i < sizeof edge / sizeof edge[0]; i++) {
		agree(edge[i], &bad);
		agree(nextafter(edge[i], 0), &bad);
		agree(nextafter(edge[i], INFINITY), &bad);
	}
	for (i = 0; i < 100000; i++) {
		uint64_t bits = rnd();

		memcpy(&d, &bits, sizeof d);
		if (isfinite(d))
			agree(d, &bad);
		d = pow(10, (double)(rnd() % 25000) / 1000 - 8);
		agree(d, &bad);
		d = (double)(rnd() % 100000000) /
		    (double)(1ULL << (rnd() % 40));
		agree(d, &bad);
		d = (double)(rnd() % 1000000) / pow(10, (double)(rnd() % 9));
		agree(d, &bad);
		for (sum = 0, k = 0; k < 50; k++)
			sum += (double)(rnd() % 100000) / 100;
		agree(sum / 50, &bad);
		d = ldexp(1, (int)(rnd() % 80) - 40);
		agree(d, &bad);
		agree(nextafter(d, 0), &bad);
	}
	is_int(bad, 0, "fmt_double writes fmt_double_libc's text, 1.4 million");
}

int main(void)
{
	test_shortest();
	char o[64];

	numfmt_sig4(o, sizeof o, 118035, "ns/op");
	is_str(o, "118.0µs", "118035 ns/op: 118.0µs");
	numfmt_sig4(o, sizeof o, 45.83, "ns/op");
	is_str(o, "45.83ns", "45.83 ns/op: 45.83ns");
	numfmt_sig4(o, sizeof o, 1048576, "B/op");
	is_str(o, "1.049MB", "1048576 B/op: 1.049MB");
	numfmt_sig4(o, sizeof o, 2, "allocs/op");
	is_str(o, "2.000", "2 allocs/op: 2.000, trailing zeros kept");
	numfmt_sig4(o, sizeof o, 3.2e12, "ns/op");
	is_str(o, "3200.s", "time stops at seconds");
	numfmt_sig4(o, sizeof o, 999.96, "B/op");
	is_str(o, "1.000kB", "999.96 rounds up into the next prefix");
	numfmt_fig(o, sizeof o, 118035.4, 1, "");
	is_str(o, "118035", "above 1000: to the unit");
	numfmt_fig(o, sizeof o, 12.345678, 1, "%");
	is_str(o, "12.35%", "below: four significant digits and the suffix");
	numfmt_fig(o, sizeof o, 1, 0, "");
	is_str(o, "n/a", "not valid: n/a");
	numfmt_fig(o, sizeof o, NAN, 1, "");
	is_str(o, "n/a", "NaN: n/a");
	is_str(numfmt_shortest(o, 0.1), "0.1", "0.1 as 0.1");
	is_str(numfmt_shortest(o, 1.0 / 3), "0.3333333333333333",
	       "1/3 in 16 digits, all it takes");
	is_str(numfmt_shortest(o, NAN), "", "NaN: empty");
	is_str(numfmt_shortest(o, -INFINITY), "-inf", "-inf");
	numfmt_report(o, sizeof o, 1254333, "");
	is_str(o, "1254333", "report: no exponent on a large value");
	numfmt_report(o, sizeof o, 2.5, "%");
	is_str(o, "2.5%", "report: six digits and the suffix");
	numfmt_report(o, sizeof o, NAN, "");
	is_str(o, "—", "report: a dash when not finite");
	return tap_done();
}
