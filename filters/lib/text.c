/*
 * text.c — markdown escaping and text-table widths; see text.h.
 */
#include "text.h"

#include <string.h>

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
