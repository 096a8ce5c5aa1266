/*
 * test_table.c — table.c: control characters shown as \xNN in every
 * style, markdown's '|' escaped, CSV quoting, text columns aligned with
 * figures to the right.
 */
#include <stdlib.h>

#include "table.h"
#include "tap.h"

static char *print(const char *const *cells, size_t n, size_t ncols,
		   enum table_style st)
{
	struct table t = {0};
	char *out = NULL;
	size_t len = 0, i;
	FILE *f = open_memstream(&out, &len);

	for (i = 0; i < n; i++)
		table_cell(&t, cells[i]);
	t.ncols = ncols;
	table_print(&t, f, st);
	fclose(f);
	return out;
}

int main(void)
{
	static const char *const c[] = {"name",	      "unit",  "delta",
					"a|b\x1b[1m", "ns/op", "+1.5%",
					"long name",  "B/op",  "-"};
	char *s, *v;

	s = print(c, 9, 3, TABLE_TEXT);
	is_str(s,
	       "name        unit   delta\n"
	       "a|b\\x1b[1m  ns/op  +1.5%\n"
	       "long name   B/op   -\n",
	       "text: \\x1b shown, columns by width");
	free(s);
	s = print(c, 9, 3, TABLE_MARKDOWN);
	if (!ok(strstr(s, "| a\\|b\\\\x1b\\[1m | ns/op | +1.5% |\n") != NULL,
		"markdown: '|', '\\' and '[' escaped"))
		diag("%s", s);
	ok(strstr(s, "|---|---|---|\n") != NULL, "markdown: the separator row");
	free(s);
	static const char *const q[] = {"a", "b", "x,y", "say \"hi\""};
	s = print(q, 4, 2, TABLE_CSV);
	is_str(s, "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", "csv quoting");
	free(s);
	v = text_visible("tab\there\x7f");
	is_str(v, "tab\\x09here\\x7f", "text_visible");
	free(v);
	return tap_done();
}
