/*
 * text.h — data shown to people.  In a markdown report, text from the data
 * (benchmark names, labels, file names) must show as it is, as GitHub
 * renders it: a '|' would end a table cell, a newline the row, and '*',
 * '_', '`', '~', '$', '[', '<' or '&' would turn part of a name into
 * emphasis, code, strikethrough, maths, a link, HTML or an entity.  In a
 * text table, columns line up by the characters a name shows, not its
 * bytes ("größe" takes five columns).
 */
#ifndef BT_TEXT_H
#define BT_TEXT_H

#include <stdio.h>

/* Write s to f with every character markdown gives a meaning to escaped
 * by a backslash (CommonMark lets any ASCII punctuation be) and line
 * breaks as spaces. */
void md_text(FILE *f, const char *s);

/* A benchmark's name as Go prints it, suite/name-procs ("-procs" unless
 * procs is 0, no "suite/" when suite is NULL or ""); allocated. */
char *text_bench_name(const char *suite, const char *name, long procs);

/* The columns UTF-8 text s takes: its code points. */
int text_width(const char *s);

/* Write s to f padded with spaces to w columns, on the left when right
 * (numbers), else on the right. */
void text_pad(FILE *f, const char *s, int w, int right);

/* Write s to f as one CSV field (RFC 4180): quoted, its quotes doubled,
 * when it holds a comma, a quote, a CR or a newline. */
void text_csv_field(FILE *f, const char *s);

#endif
