/*
 * test_utf8.c — the kit's UTF-8: every length encoded and read back, and
 * what jq counts as invalid read as -1 with the bytes it takes.
 */
#include <string.h>

#include "tap.h"
#include "utf8.h"

static long round_trip(unsigned long cp, size_t *n)
{
	char b[4];
	long back;

	*n = utf8_encode(b, cp);
	utf8_next((const unsigned char *)b, (const unsigned char *)b + *n,
		  &back);
	return back;
}

int main(void)
{
	static const unsigned long cps[] = {0x24, 0xb5, 0x20ac, 0x1f600};
	const unsigned char bad[] = {0xc0, 0xaf}, cut[] = {0xe2, 0x82},
			    sur[] = {0xed, 0xa0, 0x80};
	long cp;
	size_t n, i;

	for (i = 0; i < 4; i++)
		ok(round_trip(cps[i], &n) == (long)cps[i] && n == i + 1,
		   "U+%04lX: %zu bytes, read back", cps[i], i + 1);
	is_int((long)utf8_next(bad, bad + 2, &cp), 1,
	       "an overlong lead: 1 byte");
	is_int(cp, -1, "invalid");
	is_int((long)utf8_next(cut, cut + 2, &cp), 2,
	       "cut short: what is there");
	is_int(cp, -1, "invalid");
	is_int((long)utf8_next(sur, sur + 3, &cp), 3, "a surrogate: 3 bytes");
	is_int(cp, -1, "invalid");
	return tap_done();
}
