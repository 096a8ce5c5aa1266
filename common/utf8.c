/*
 * utf8.c — UTF-8 decoding and encoding (utf8.h).
 */
#include "utf8.h"

size_t utf8_next(const unsigned char *p, const unsigned char *end, long *cp)
{
	static const long first[] = {0, 0, 0x80, 0x800, 0x10000};
	unsigned c = p[0];
	size_t len, i;
	long v;

	*cp = -1;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, v = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, v = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, v = c & 0x07;
	else
		return 1; /* a continuation byte, or never in UTF-8 */
	if ((size_t)(end - p) < len)
		return (size_t)(end - p);
	for (i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return i;
		v = v << 6 | (p[i] & 0x3f);
	}
	if (v >= first[len] && !(v >= 0xd800 && v <= 0xdfff) && v <= 0x10ffff)
		*cp = v;
	return len;
}

size_t utf8_encode(char o[4], unsigned long cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	o[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}
