/*
 * numfmt.h — numbers as the filters show them to people, in one place:
 * the table figures of bt-compare (benchstat's four significant digits
 * with an SI prefix) and bt-cv (exact to the unit above 1000), and the
 * shortest round-trip form csv and text cells use.
 *
 * Ownership: every function writes into a buffer the caller owns (size n)
 * and allocates nothing.
 */
#ifndef BT_NUMFMT_H
#define BT_NUMFMT_H

#include <stddef.h>

/* v in 4 significant digits, trailing zeros kept as benchstat keeps them,
 * with an SI prefix, time units as time (the unit itself is in the table's
 * title): 118035 ns/op → "118.0µs", 1048576 B/op → "1.049MB", 2 → "2.000". */
void numfmt_sig4(char *o, size_t n, double v, const char *unit);

/* d followed by suffix suf: "n/a" when !ok or not finite; to the unit
 * ("%.0f") from 1000 to 10^15; else 4 significant digits ("%.4g"). */
void numfmt_fig(char *o, size_t n, double d, int ok, const char *suf);

/* v in six significant digits followed by suffix, for bt-report's tables,
 * but without an exponent from 10^6 to 10^15 ("%.0f": 1254333, not
 * 1.25433e+06); "—" when not finite. */
void numfmt_report(char *o, size_t n, double v, const char *suffix);

/* d in the shortest form that reads back to the same double; "" for NaN,
 * "inf" or "-inf" for infinities.  Returns o (at least 32 bytes). */
const char *numfmt_shortest(char *o, double d);

#endif
