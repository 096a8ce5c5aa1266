/*
 * text.c — markdown escaping, terminal-safe text and text-table widths;
 * see text.h.
 */
#include "text.h"

#include <string.h>

#include "util.h"

/* How many bytes at s are one control character (C0, DEL, or a C1 code
 * point U+0080–U+009F in UTF-8; or a bidirectional embedding, override or
 * isolate, U+202A–U+202E and U+2066–U+2069, which reorder what a terminal
 * or a page shows after them), and its code in *c; else 0. */
static int control_at(const unsigned char *s, unsigned *c)
{
	if (*s < 0x20 || *s == 0x7f) {
		*c = *s;
		return 1;
	}
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		*c = s[1];
		return 2;
	}
	if (s[0] == 0xe2 && ((s[1] == 0x80 && s[2] >= 0xaa && s[2] <= 0xae) ||
			     (s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9))) {
		*c = 0x2000u | (s[1] & 0x3fu) << 6 | (s[2] & 0x3fu);
		return 3;
	}
	return 0;
}

/* When p is at a control character, write its escape (\xHH, \uHHHH) to f
 * and return the bytes it took; else 0. */
static int put_control(FILE *f, const unsigned char *p)
{
	unsigned c;
	int k = control_at(p, &c);

	if (k)
		fprintf(f, c < 0x80 ? "\\x%02x" : "\\u%04x", c);
	return k;
}

void text_put(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int k;

	while (*p)
		if ((k = put_control(f, p)))
			p += k;
		else
			putc(*p++, f);
}

void md_text(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	int k;

	while (*p) {
		if (*p == '\n' || *p == '\r') {
			putc(' ', f);
			p++;
		} else if ((k = put_control(f, p))) {
			p += k;
		} else {
			if (strchr("\\`*_~$[]<>|&", *p))
				putc('\\', f);
			putc(*p++, f);
		}
	}
}

char *text_bench_name(const char *suite, const char *name, long procs)
{
	size_t n;
	char *out;
	int k;

	if (!suite)
		suite = "";
	n = strlen(suite) + strlen(name) + 32;
	out = xmalloc(n);
	k = snprintf(out, n, "%s%s%s", suite, *suite ? "/" : "", name);
	if (procs)
		snprintf(out + k, n - (size_t)k, "-%ld", procs);
	return out;
}

int text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c;
	int w = 0, k;

	while (*p) {
		if ((k = control_at(p, &c))) {
			w += c < 0x80 ? 4 : 6; /* \xHH, \uHHHH */
			p += k;
		} else {
			w += (*p++ & 0xc0) != 0x80;
		}
	}
	return w;
}

void text_pad(FILE *f, const char *s, int w, int right)
{
	int k = w - text_width(s);

	if (right)
		for (; k > 0; k--)
			putc(' ', f);
	text_put(f, s);
	if (!right)
		for (; k > 0; k--)
			putc(' ', f);
}

void text_csv_field(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, f);
		return;
	}
	putc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			putc('"', f);
		putc(*s, f);
	}
	putc('"', f);
}
