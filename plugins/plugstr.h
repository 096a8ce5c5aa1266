/*
 * plugstr.h — the growable string every in-tree plugin keeps its state in,
 * and two small helpers on (pointer, length) text.  Header-only (static
 * functions) because plugins link nothing of the host.
 */
#ifndef BT_PLUGSTR_H
#define BT_PLUGSTR_H

#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"

/* A growable string owned by the plugin's state; s is NUL-terminated. */
struct str {
	char *s;
	size_t n, cap;
};

/* Append p[0..n) to s, growing it.  0, or -1 out of memory. */
static int str_add(struct str *s, const char *p, size_t n)
{
	if (s->n + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 64;
		char *np;

		while (cap < s->n + n + 1)
			cap *= 2;
		np = realloc(s->s, cap);
		if (!np)
			return -1;
		s->s = np;
		s->cap = cap;
	}
	if (n)
		memcpy(s->s + s->n, p, n);
	s->n += n;
	s->s[s->n] = '\0';
	return 0;
}

/* Replace s's contents by p[0..n). */
static int str_set(struct str *s, const char *p, size_t n)
{
	s->n = 0;
	return str_add(s, p, n);
}

/* s as the ABI's string view (valid until s changes). */
static struct bt_str view(const struct str *s)
{
	struct bt_str v = {s->s ? s->s : "", s->n};
	return v;
}

/* 1 when p[0..n) starts with lit. */
static int starts(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(p, lit, k) == 0;
}

#endif
