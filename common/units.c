/*
 * units.c — the unit table (units.h).
 */
#include "units.h"

#include <string.h>

#include "bt-plugin.h"

static const struct unit_conv table[] = {
    {"ps", "ns/op", -3, 0, BT_BETTER_LOWER},
    {"ns", "ns/op", 0, 0, BT_BETTER_LOWER},
    {"\xc2\xb5s", "ns/op", 3, 0, BT_BETTER_LOWER}, /* µ MICRO SIGN */
    {"\xce\xbcs", "ns/op", 3, 0, BT_BETTER_LOWER}, /* μ GREEK MU */
    {"us", "ns/op", 3, 0, BT_BETTER_LOWER},
    {"ms", "ns/op", 6, 0, BT_BETTER_LOWER},
    {"s", "ns/op", 9, 0, BT_BETTER_LOWER},
    {"sec", "ns/op", 9, 0, BT_BETTER_LOWER},
    {"B/s", "MB/s", -6, 0, BT_BETTER_HIGHER},
    {"KiB/s", "MB/s", -6, 1, BT_BETTER_HIGHER},
    {"MiB/s", "MB/s", -6, 2, BT_BETTER_HIGHER},
    {"GiB/s", "MB/s", -6, 3, BT_BETTER_HIGHER},
    {"TiB/s", "MB/s", -6, 4, BT_BETTER_HIGHER},
    {"KB/s", "MB/s", -3, 0, BT_BETTER_HIGHER},
    {"kB/s", "MB/s", -3, 0, BT_BETTER_HIGHER},
    {"MB/s", "MB/s", 0, 0, BT_BETTER_HIGHER},
    {"GB/s", "MB/s", 3, 0, BT_BETTER_HIGHER},
    {"TB/s", "MB/s", 6, 0, BT_BETTER_HIGHER},
    {"elem/s", "elem/s", 0, 0, BT_BETTER_HIGHER},
    {"Kelem/s", "elem/s", 3, 0, BT_BETTER_HIGHER},
    {"Melem/s", "elem/s", 6, 0, BT_BETTER_HIGHER},
    {"Gelem/s", "elem/s", 9, 0, BT_BETTER_HIGHER},
    {"Telem/s", "elem/s", 12, 0, BT_BETTER_HIGHER},
};

const struct unit_conv *unit_lookup(const char *u, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strlen(table[i].name) == n && !memcmp(table[i].name, u, n))
			return &table[i];
	return NULL;
}

int unit_time_shift(const char *u, size_t n)
{
	const struct unit_conv *c = unit_lookup(u, n);

	return c && !strcmp(c->base, "ns/op") ? c->shift : -1;
}

int unit_is_time(const char *u)
{
	size_t n = strlen(u);

	return (n >= 5 && !strcmp(u + n - 5, "ns/op")) ||
	       !strcmp(u, "sec/op") || !strcmp(u, "ns") || !strcmp(u, "s");
}

double unit_size_scale(const char *s)
{
	static const struct {
		const char *s;
		double scale;
	} t[] = {
	    {"B", 1},	 {"KB", 1e3},	{"kB", 1e3},	  {"MB", 1e6},
	    {"GB", 1e9}, {"KiB", 1024}, {"MiB", 1048576}, {"GiB", 1073741824},
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(s, t[i].s))
			return t[i].scale;
	return 0;
}

int unit_better(const char *unit, int declared)
{
	size_t n = strlen(unit);

	if (declared == BT_BETTER_LOWER || declared == BT_BETTER_HIGHER)
		return declared;
	if (n >= 2 && strcmp(unit + n - 2, "/s") == 0)
		return BT_BETTER_HIGHER;
	return BT_BETTER_LOWER;
}
