/*
 * jsondoc.h — whole-document JSON for plugins whose tool writes one JSON
 * value (hyperfine --export-json, pytest-benchmark --benchmark-json,
 * github-action-benchmark's custom array), and the unit conversions those
 * tools need.
 *
 * A plugin sees lines; such a document is only meaningful whole, so the
 * lines are kept in one buffer (bounded by JSONDOC_MAX: these files hold a
 * few benchmarks, pytest's --benchmark-save-data a few MB) and parsed with
 * libjq in finish(), after jsonvalid.h has checked them (jq 1.6 leaks on
 * some bad input).  Numbers arrive as doubles; jq prints a double in the
 * shortest form that reads back the same, and numtext.h moves the decimal
 * point of that text, so 0.011314724 s becomes exactly 11314724 ns.
 *
 * Part of the kit (common/, libbtkit.a) that every plugin links.
 */
#ifndef BT_JSONDOC_H
#define BT_JSONDOC_H

/* what the header-only kit included, so that plugins written against it
 * still build */
#include <jv.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"
#include "jsonvalid.h"
#include "numtext.h"

#define JSONDOC_MAX ((size_t)256 << 20)
/* The document's text so far.  Owned by the plugin's state; free with
 * jsondoc_free(). */
struct jsondoc {
	char *s;
	size_t n, cap;
	int full; /* JSONDOC_MAX was reached */
};

/* Append one line and its newline; -1 when out of memory.  Past
 * JSONDOC_MAX, lines are dropped and full is set. */
int jsondoc_add(struct jsondoc *d, const char *p, size_t n);

void jsondoc_free(struct jsondoc *d);

/* 1 when the document holds nothing but white space. */
int jsondoc_blank(const struct jsondoc *d);

/* The byte a JSON document in p[0..n) opens with, after blanks (' ', '\t',
 * '\r', '\n'): what a probe looks at first; '\0' when there is none (a NUL
 * byte ends the blanks). */
char jsondoc_opens(const char *p, size_t n);

/* A whole-document plugin's line(): keep p[0..n) with jsondoc_add; 0, or
 * -1 after saying "out of memory" to host. */
int jsondoc_line(struct jsondoc *d, const struct bt_host *host, const char *p,
		 size_t n);

/*
 * A whole-document plugin's parse in finish(): 0 when the document is
 * blank (nothing to read); 1 with the value in *doc (the caller owns it);
 * or -1 after saying "not WHAT: WHY" to host, WHY the parser's message
 * when the text is no JSON, or shape when it is JSON of another kind than
 * kind (JV_KIND_INVALID: any kind will do).
 */
int jsondoc_finish(const struct jsondoc *d, const char *what, jv_kind kind,
		   const char *shape, const struct bt_host *host, jv *doc);

/*
 * Parse p[0..n) as one JSON value.  Returns the value (the caller owns it)
 * or an invalid jv, with a message in err (errn bytes) saying why.
 */
jv jsondoc_parse_text(const char *p, size_t n, char *err, size_t errn);

/* The document as one value; see jsondoc_parse_text. */
jv jsondoc_parse(const struct jsondoc *d, char *err, size_t errn);

/* obj[key], or an invalid jv when obj is no object.  Caller owns it. */
jv jsondoc_get(jv obj, const char *key);

/* The length of a (borrowed) when it is an array, else other. */
int jsondoc_len(jv a, int other);

/*
 * obj[key] when it is an array (the caller owns it; obj is borrowed), or an
 * invalid jv after saying "not WHAT: no \"KEY\" array" to host.
 */
jv jsondoc_array(jv obj, const char *key, const char *what,
		 const struct bt_host *host);

/*
 * Call each(st, e) for every element e of the array a, in order (a and e
 * are borrowed: e is freed when each returns).  Returns the sum of what
 * each returned; 0 when a is no array.
 */
int jsondoc_each(jv a, int (*each)(void *st, jv e), void *st);

/* obj[key] as a string copied into out (size outn, truncated), or NULL
 * when it is not a string. */
const char *jsondoc_str(jv obj, const char *key, char *out, size_t outn);

/* A finite number v (not consumed) as JSON text: jq's shortest form. */
int jsondoc_numtext(jv v, char out[NUMTEXT_MAX]);

/*
 * A metric from the number v (not consumed) scaled by 10^shift: text holds
 * the exact decimal, m points into it.  -1 when v is not a finite number.
 */
int jsondoc_metric(jv v, int shift, const char *unit, struct bt_metric *m,
		   char text[NUMTEXT_MAX]);

/*
 * The number text p[0..pn) in unit u[0..un), converted to the base unit:
 * fills m (pointing into text and u) and returns 0, or -1 when p is not a
 * finite number.  A kept unit keeps the number as written when it is JSON.
 */
int jsondoc_convert(const char *p, size_t pn, const char *u, size_t un,
		    struct bt_metric *m, char text[NUMTEXT_MAX]);

#endif
