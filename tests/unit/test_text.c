/*
 * test_text.c — md_text shows text from the data as it is in a markdown
 * table: nothing in a name can end its cell or format it; text_width and
 * text_pad line text tables up by characters, not bytes; text_bench_name
 * spells a name as Go does.
 */
#include <stdio.h>
#include <stdlib.h>

#include "text.h"
#include "tap.h"

static char out[256];

/* A stream writing into out, emptied. */
static FILE *into_out(void)
{
	FILE *f;

	out[0] = '\0';
	f = fmemopen(out, sizeof out, "w");
	if (!f)
		abort();
	return f;
}

/* md_text(s) as a string (in out). */
static const char *md(const char *s)
{
	FILE *f = into_out();

	md_text(f, s);
	fclose(f);
	return out;
}

/* text_pad(s, w, right) between brackets (in out). */
static const char *pad(const char *s, int w, int right)
{
	FILE *f = into_out();

	putc('[', f);
	text_pad(f, s, w, right);
	putc(']', f);
	fclose(f);
	return out;
}

int main(void)
{
	char *name;

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

	name = text_bench_name("example.com/core", "BenchmarkA/n=1", 2);
	is_str(name, "example.com/core/BenchmarkA/n=1-2", "suite/name-procs");
	free(name);
	name = text_bench_name(NULL, "BenchmarkA", 0);
	is_str(name, "BenchmarkA", "no suite, no procs: the name");
	free(name);
	name = text_bench_name("", "x", 8);
	is_str(name, "x-8", "an empty suite is none");
	free(name);

	is_int(text_width("BenchmarkA-2"), 12, "ASCII: a column a byte");
	is_int(text_width("größe/µs ± ∞"), 12, "UTF-8: a column a character");
	is_int(text_width(""), 0, "empty: none");
	is_str(pad("größe", 7, 0), "[größe  ]", "a name padded on the right");
	is_str(pad("1.5%", 6, 1), "[  1.5%]", "a figure on the left");
	is_str(pad("longer", 3, 0), "[longer]", "never cut");
	is_str(md("a\033[31mb\bc\001"), "a\\x1b\\[31mb\\x08c\\x01",
	       "markdown: control characters shown as \\xHH");
	is_str(pad("a\033[2Jb\r", 14, 0), "[a\\x1b[2Jb\\x0d ]",
	       "text: ESC and \\r shown, padded by what shows");
	is_str(pad("x\302\233y", 9, 1), "[ x\\u009by]",
	       "a C1 control as \\u009b");
	is_str(pad("\177", 4, 0), "[\\x7f]", "DEL as \\x7f");
	is_int(text_width("a\033b"), 6, "an escape takes the columns it shows");
	is_int(text_width("\302\233"), 6, "a C1 escape takes six");
	is_int(text_width("\302\240"), 1, "U+00A0 is no control: one column");
	is_str(pad("a\342\200\256b", 9, 0), "[a\\u202eb ]",
	       "a bidirectional override (U+202E) as \\u202e");
	is_str(md("\342\201\246x\342\201\251"), "\\u2066x\\u2069",
	       "markdown: isolates (U+2066, U+2069) too");
	is_str(md("\342\200\251\342\200\257\342\201\245"),
	       "\342\200\251\342\200\257\342\201\245",
	       "U+2029, U+202F, U+2065 are not among them");
	return tap_done();
}
