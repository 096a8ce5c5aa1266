/*
 * test_units.c — the one unit table: conversions to the base units, the
 * directions, which units are times, size suffixes.
 */
#include <string.h>

#include "bt-plugin.h"
#include "tap.h"
#include "units.h"

static int shift_of(const char *u)
{
	return unit_time_shift(u, strlen(u));
}

int main(void)
{
	const struct unit_conv *c;

	is_int(shift_of("ns"), 0, "ns is the base");
	is_int(shift_of("us"), 3, "us: 10^3 ns");
	is_int(shift_of("\xc2\xb5s"), 3, "µs (micro sign): 10^3 ns");
	is_int(shift_of("\xce\xbcs"), 3, "μs (Greek mu): 10^3 ns");
	is_int(shift_of("ms"), 6, "ms: 10^6 ns");
	is_int(shift_of("s"), 9, "s: 10^9 ns");
	is_int(shift_of("ps"), -3, "ps: 10^-3 ns");
	is_int(shift_of("MB/s"), -1, "MB/s is no time");
	is_int(shift_of("sx"), -1, "an unknown unit is none");
	c = unit_lookup("GiB/s", 5);
	ok(c && !strcmp(c->base, "MB/s") && c->k1024 == 3 && c->shift == -6 &&
	       c->better == BT_BETTER_HIGHER,
	   "GiB/s: 1024^3 / 10^6 MB/s, higher is better");
	c = unit_lookup("Kelem/s", 7);
	ok(c && !strcmp(c->base, "elem/s") && c->shift == 3,
	   "Kelem/s: 10^3 elem/s");
	ok(unit_lookup("B/op", 4) == NULL, "B/op is kept as written");
	ok(unit_lookup("ns", 1) == NULL, "a prefix of a unit is not the unit");
	ok(unit_is_time("ns/op") && unit_is_time("user-ns/op") &&
	       unit_is_time("sec/op") && unit_is_time("s"),
	   "ns/op, user-ns/op, sec/op, s are times");
	ok(!unit_is_time("B/op") && !unit_is_time("MB/s") &&
	       !unit_is_time("ops"),
	   "B/op, MB/s, ops are not");
	is_int(unit_better("ns/op", 0), BT_BETTER_LOWER,
	       "ns/op: lower is better");
	is_int(unit_better("MB/s", 0), BT_BETTER_HIGHER,
	       "MB/s: higher is better");
	is_int(unit_better("ns/op", BT_BETTER_HIGHER), BT_BETTER_HIGHER,
	       "a declared direction wins");
	is_near(unit_size_scale("MiB"), 1048576, 0, "MiB: 2^20 bytes");
	is_near(unit_size_scale("kB"), 1000, 0, "kB: 10^3 bytes");
	is_near(unit_size_scale("ms"), 0, 0, "ms is no size");
	return tap_done();
}
