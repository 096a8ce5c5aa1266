/*
 * buf.h — a growable byte buffer and the JSON pieces written into it.
 *
 * Records are written by appending to a struct buf, not with jv_dump_string:
 * it is several times faster, writes a number the tool printed exactly as
 * printed, and writes a computed number in the shortest form that reads back
 * to the same double.  Strings are escaped and their invalid UTF-8 replaced
 * by U+FFFD, so whatever bytes a tool printed, the line is valid JSON.
 */
#ifndef BT_BUF_H
#define BT_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* The buffer owns p; buf_free releases it.  A zeroed struct is empty. */
struct buf {
	char *p;
	size_t len, cap;
};

void buf_grow(struct buf *b, size_t more);
void buf_free(struct buf *b);

/* Copy n bytes from s to o, inline when n is small (most of a record's
 * pieces: a name, a number, a unit): two words that may overlap, never a
 * byte outside s[0..n). */
static inline void buf_copy(char *o, const char *s, size_t n)
{
	uint64_t x, y;
	uint32_t u, v;

	if (n > 16) {
		memcpy(o, s, n);
	} else if (n >= 8) {
		memcpy(&x, s, 8), memcpy(&y, s + n - 8, 8);
		memcpy(o, &x, 8), memcpy(o + n - 8, &y, 8);
	} else if (n >= 4) {
		memcpy(&u, s, 4), memcpy(&v, s + n - 4, 4);
		memcpy(o, &u, 4), memcpy(o + n - 4, &v, 4);
	} else if (n) {
		char a = s[0], m = s[n / 2], z = s[n - 1];

		o[0] = a, o[n / 2] = m, o[n - 1] = z;
	}
}

static inline void buf_add(struct buf *b, const void *p, size_t n)
{
	if (n == 0)
		return;
	if (b->cap - b->len < n)
		buf_grow(b, n);
	buf_copy(b->p + b->len, p, n);
	b->len += n;
}

static inline void buf_addc(struct buf *b, char c)
{
	if (b->cap == b->len)
		buf_grow(b, 1);
	b->p[b->len++] = c;
}

#define buf_addlit(b, lit) buf_add((b), (lit), sizeof(lit) - 1)

/* NUL-terminate without counting the NUL; returns b->p. */
char *buf_cstr(struct buf *b);

/* A JSON string literal, quotes included. */
void json_str(struct buf *b, const char *s, size_t n);

/* The C string s as a JSON string, or null for NULL. */
void json_cstr(struct buf *b, const char *s);

/* A JSON number: shortest round-trip form; NaN/inf become null. */
void json_num(struct buf *b, double d);
void json_int(struct buf *b, long long v);

/* Shortest "%.Ng" (N from 15 to 17) that reads back as d, into out (at
 * least 32 bytes), NUL-terminated; its length.  Computed in integers for
 * the common range, else by fmt_double_libc, whose text it always is. */
int fmt_double(char *out, double d);

/* The same text by snprintf and strtod (the reference tests compare). */
int fmt_double_libc(char *out, double d);

/* 1 when s[0..n) is a JSON number literal (RFC 8259 grammar). */
int json_is_number(const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8. */
int utf8_valid(const char *s, size_t n);

#include "utf8.h" /* utf8_next, in the kit (common/) */

#endif
