/*
 * text.h — data shown to people.  In a markdown report, text from the data
 * (benchmark names, labels, file names) must show as it is, as GitHub
 * renders it: a '|' would end a table cell, a newline the row, and '*',
 * '_', '`', '~', '$', '[', '<' or '&' would turn part of a name into
 * emphasis, code, strikethrough, maths, a link, HTML or an entity.  In a
 * text table, columns line up by the characters a name shows, not its
 * bytes ("größe" takes five columns).  On a terminal, a control character
 * in a name (ESC, \r, \b …) would move the cursor, recolour or hide text:
 * every text output shows it as an escape instead, \x1b (C1 code points
 * as \u009b), and so does markdown.
 */
#ifndef BT_TEXT_H
#define BT_TEXT_H

#include <stdio.h>

/* Write s to f with every control character shown as \xHH (C0 and DEL)
 * or \uHHHH (C1), every other byte as it is. */
void text_put(FILE *f, const char *s);

/* Write s to f with every character markdown gives a meaning to escaped
 * by a backslash (CommonMark lets any ASCII punctuation be), line breaks
 * as spaces and other control characters as text_put shows them. */
void md_text(FILE *f, const char *s);

/* A benchmark's name as Go prints it, suite/name-procs ("-procs" unless
 * procs is 0, no "suite/" when suite is NULL or ""); allocated. */
char *text_bench_name(const char *suite, const char *name, long procs);

/* The columns UTF-8 text s takes as text_put shows it: its code points,
 * a control character's escape. */
int text_width(const char *s);

/* Write s to f as text_put does, padded with spaces to w columns, on the
 * left when right (numbers), else on the right. */
void text_pad(FILE *f, const char *s, int w, int right);

/* Write s to f as one CSV field (RFC 4180): quoted, its quotes doubled,
 * when it holds a comma, a quote, a CR or a newline. */
void text_csv_field(FILE *f, const char *s);

#endif
