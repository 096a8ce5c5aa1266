/*
 * text.c — markdown escaping and text-table widths; see text.h.
 */
#include "text.h"

#include <string.h>

#include "util.h"

void md_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\n' || *s == '\r') {
			putc(' ', f);
			continue;
		}
		if (strchr("\\`*_~$[]<>|&", *s))
			putc('\\', f);
		putc(*s, f);
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
	int w = 0;

	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

void text_pad(FILE *f, const char *s, int w, int right)
{
	int k = w - text_width(s);

	if (right)
		for (; k > 0; k--)
			putc(' ', f);
	fputs(s, f);
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
