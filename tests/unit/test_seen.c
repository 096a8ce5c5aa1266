/*
 * test_seen.c — the digest set bt-merge --union remembers records with:
 * every distinct string is new once, every repeat is not, and the digest
 * tells apart the strings most alike (one bit flipped anywhere, a trailing
 * NUL, every length of zeros).
 */
#include <stdio.h>
#include <string.h>

#include "seen.h"
#include "tap.h"

static int distinct_count(int reps)
{
	struct seen s = {0};
	char line[96];
	int i, r, added = 0;

	for (r = 0; r < reps; r++)
		for (i = 0; i < 200000; i++) {
			int n =
			    snprintf(line, sizeof line,
				     "{\"bt\":1,\"kind\":\"sample\",\"name\":"
				     "\"BenchmarkX%d\",\"metrics\":{}}",
				     i);
			added += seen_add(&s, line, (size_t)n);
		}
	seen_free(&s);
	return added;
}

static int flips_distinct(void)
{
	struct seen s = {0};
	unsigned char b[64] =
	    "a record line of sixty-four bytes, give or take a few bytes";
	int bit, added = seen_add(&s, b, sizeof b);

	for (bit = 0; bit < 8 * (int)sizeof b; bit++) {
		b[bit / 8] ^= (unsigned char)(1u << bit % 8);
		added += seen_add(&s, b, sizeof b);
		b[bit / 8] ^= (unsigned char)(1u << bit % 8);
	}
	seen_free(&s);
	return added;
}

int main(void)
{
	static const char zeros[64];
	struct seen s = {0};
	int n, added = 0;

	is_int(distinct_count(1), 200000, "200000 distinct lines: each new");
	is_int(distinct_count(3), 200000, "read three times: each new once");
	is_int(flips_distinct(), 1 + 512,
	       "every one-bit change of a line is new");
	for (n = 0; n <= 64; n++)
		added += seen_add(&s, zeros, (size_t)n);
	is_int(added, 65, "runs of 0 to 64 NUL bytes are all different");
	ok(seen_add(&s, "abc", 3) && seen_add(&s, "abc\0", 4) &&
	       !seen_add(&s, "abc", 3),
	   "a trailing NUL makes a different string");
	seen_free(&s);
	return tap_done();
}
