/*
 * markdown.c — escaping for markdown reports; see markdown.h.
 */
#include "markdown.h"

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
