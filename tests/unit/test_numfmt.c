/*
 * test_numfmt.c — the figures people read: benchstat's four significant
 * digits with SI prefixes and time units, bt-cv's exact-to-the-unit
 * figures, the shortest round-trip form.
 */
#include <math.h>

#include "numfmt.h"
#include "tap.h"

int main(void)
{
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
