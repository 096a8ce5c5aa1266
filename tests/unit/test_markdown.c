/*
 * test_markdown.c — md_text shows text from the data as it is in a
 * markdown table: nothing in a name can end its cell or format it.
 */
#include <stdio.h>
#include <stdlib.h>

#include "markdown.h"
#include "tap.h"

/* md_text(s) as a string (a static buffer). */
static const char *md(const char *s)
{
	static char out[256];
	FILE *f;

	out[0] = '\0';
	f = fmemopen(out, sizeof out, "w");
	if (!f)
		abort();
	md_text(f, s);
	fclose(f);
	return out;
}

int main(void)
{
	is_str(md("BenchmarkSHA256/size=1024B-2"),
	       "BenchmarkSHA256/size=1024B-2", "a plain name as it is");
	is_str(md("a|b"), "a\\|b", "'|' does not end the cell");
	is_str(md("two\nlines\r"), "two lines ",
	       "line breaks do not end the row");
	is_str(md("*x* _y_ `z` ~w~ $m$"),
	       "\\*x\\* \\_y\\_ \\`z\\` \\~w\\~ \\$m\\$",
	       "no emphasis, code, strikethrough or maths");
	is_str(md("[l](u) <b> &amp; \\"), "\\[l\\](u) \\<b\\> \\&amp; \\\\",
	       "no link, HTML, entity; a backslash stays one");
	is_str(md("größe/µs ± ∞"), "größe/µs ± ∞", "UTF-8 as it is");
	is_str(md(""), "", "nothing for nothing");
	return tap_done();
}
