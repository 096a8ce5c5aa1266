/*
 * markdown.h — text from the data (benchmark names, labels, file names) in
 * a markdown report, as GitHub renders it: shown as it is, whatever it
 * holds.  A '|' would end a table cell, a newline the row, and '*', '_',
 * '`', '~', '$', '[', '<' or '&' would turn part of a name into emphasis,
 * code, strikethrough, maths, a link, HTML or an entity.
 */
#ifndef BT_MARKDOWN_H
#define BT_MARKDOWN_H

#include <stdio.h>

/* Write s to f with every character markdown gives a meaning to escaped
 * by a backslash (CommonMark lets any ASCII punctuation be) and line
 * breaks as spaces. */
void md_text(FILE *f, const char *s);

#endif
