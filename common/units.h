/*
 * units.h — the units benchtrack knows, in one table: how a unit a tool
 * prints reaches benchtrack's base unit of its dimension (time per
 * operation "ns/op", throughput "MB/s" = 10^6 bytes/s, "elem/s"), which
 * direction is better, and which units are times (docs/records.md,
 * "Units").  Plugins convert with it, the library decides directions with
 * it, budgets read limits' suffixes with it.
 *
 * Part of the kit (common/, libbtkit.a).  Nothing here allocates; the
 * returned entries are static.
 */
#ifndef BT_UNITS_H
#define BT_UNITS_H

#include <stddef.h>

/* A unit as a tool writes it: value × 1024^k1024 × 10^shift is in base. */
struct unit_conv {
	const char *name, *base;
	int shift, k1024;
	int better; /* enum bt_better */
};

/* The entry for u[0..n): a time ("ps", "ns", "us", "µs" (micro sign or
 * Greek mu), "ms", "s", "sec") → "ns/op", or a rate ("B/s" … "TB/s",
 * "KiB/s" … "TiB/s", "elem/s" … "Telem/s") → "MB/s" or "elem/s"; NULL for
 * any other unit (kept as written). */
const struct unit_conv *unit_lookup(const char *u, size_t n);

/* The power of ten from nanoseconds of the time unit u[0..n) (ns 0, µs 3,
 * ms 6, s 9), or -1 when u is no time unit of the table. */
int unit_time_shift(const char *u, size_t n);

/* 1 for time units as benchtrack stores them: "ns/op" and its kin
 * ("user-ns/op", "cpu-ns/op"), "sec/op", "ns", "s". */
int unit_is_time(const char *unit);

/* The multiplier of a size suffix ("B", "KB", "kB", "MB", "GB", "KiB",
 * "MiB", "GiB"), or 0 when s is none. */
double unit_size_scale(const char *s);

/* BT_BETTER_LOWER or BT_BETTER_HIGHER for unit: declared when it is one of
 * those, else higher for rates ("…/s"), lower for everything else. */
int unit_better(const char *unit, int declared);

#endif
