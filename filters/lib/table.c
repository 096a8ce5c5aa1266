/*
 * table.c — tables for people (table.h).  Owned by the history helper.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "table.h"
#include "text.h"
#include "util.h"

void table_cell(struct table *t, const char *s)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? 2 * t->cap : 64;
		t->cells = xreallocarray(t->cells, t->cap, sizeof *t->cells);
	}
	t->cells[t->n++] = xstrdup(s ? s : "");
}

char *text_visible(const char *s)
{
	struct buf b = {0};

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f) {
			char e[8];

			snprintf(e, sizeof e, "\\x%02x", c);
			buf_add(&b, e, 4);
		} else
			buf_addc(&b, (char)c);
	}
	buf_addc(&b, 0);
	return b.p;
}

/* A figure ("-" stands for none), right-aligned in a text table. */
static int numeric(const char *s)
{
	char *end;

	if (strcmp(s, "-") == 0)
		return 1;
	strtod(s, &end);
	return end != s && (*end == 0 || strcmp(end, "%") == 0);
}

void table_print(struct table *t, FILE *f, enum table_style style)
{
	size_t r, c, nc = t->ncols, nrows = nc ? t->n / nc : 0;
	int *w = xcalloc(nc ? nc : 1, sizeof *w);

	for (r = 0; r < nrows * nc; r++) {
		char *v = text_visible(t->cells[r]);
		int tw = text_width(v);

		if (tw > w[r % nc])
			w[r % nc] = tw;
		free(t->cells[r]);
		t->cells[r] = v;
	}
	for (r = 0; r < nrows; r++) {
		for (c = 0; c < nc; c++) {
			const char *v = t->cells[r * nc + c];

			if (style == TABLE_CSV) {
				if (c)
					putc(',', f);
				text_csv_field(f, v);
			} else if (style == TABLE_MARKDOWN) {
				fputs(c ? " | " : "| ", f);
				md_text(f, v);
			} else {
				if (c)
					fputs("  ", f);
				text_pad(f, v, c + 1 < nc ? w[c] : 0,
					 c > 1 && r > 0 && numeric(v));
			}
		}
		fputs(style == TABLE_MARKDOWN ? " |\n" : "\n", f);
		if (r == 0 && style == TABLE_MARKDOWN) {
			for (c = 0; c < nc; c++)
				fputs("|---", f);
			fputs("|\n", f);
		}
	}
	for (r = 0; r < t->n; r++)
		free(t->cells[r]);
	free(t->cells);
	t->cells = NULL;
	t->n = t->cap = 0;
	free(w);
}
