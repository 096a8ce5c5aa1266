/*
 * table.h — tables for people: text columns, a GitHub markdown table or
 * CSV, from rows of cells collected first (widths need every row).  Owned
 * by the history helper (bt-history's -o text|markdown|csv).
 *
 * The one idea: text from the data is shown, never obeyed.  A control
 * character (an escape sequence in a benchmark name) is shown as \xNN in
 * every style; markdown escapes what it would interpret (text.h's md_text);
 * CSV quotes as RFC 4180 says.
 */
#ifndef BT_TABLE_H
#define BT_TABLE_H

#include <stddef.h>
#include <stdio.h>

struct table {
	char **cells; /* row by row; the first row is the header */
	size_t n, cap;
	size_t ncols; /* set by the caller before printing */
};

enum table_style { TABLE_TEXT, TABLE_MARKDOWN, TABLE_CSV };

/* Append a copy of s (NULL: empty) as the next cell. */
void table_cell(struct table *t, const char *s);

/* Print the table to f and free its cells (t can be filled again).  In
 * text, figures (numbers, "-") are right-aligned from the third column. */
void table_print(struct table *t, FILE *f, enum table_style style);

/* s with control characters as \xNN; allocated. */
char *text_visible(const char *s);

#endif
