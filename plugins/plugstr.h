/*
 * plugstr.h — the growable string every in-tree plugin keeps its state in,
 * small helpers on (pointer, length) text, and the ^(A|B|…)$ selector
 * most benchmark tools take.  Header-only (static
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

/* Append p[0..n) to s, each character of meta preceded by a backslash.
 * 0, or -1 out of memory. */
static int str_quote(struct str *s, const char *p, size_t n, const char *meta)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] && strchr(meta, p[i]) && str_add(s, "\\", 1)) ||
		    str_add(s, p + i, 1))
			return -1;
	return 0;
}

/*
 * Hand the host one argument, prefix followed by ^(A|B|…)$ matching exactly
 * the names, each quoted for the tool's regular expressions (meta: the
 * characters that need a backslash there).  0, or -1 out of memory
 * (reported to the host).
 */
static int select_alternation(const struct bt_str *names, size_t n,
			      const char *prefix, const char *meta,
			      const struct bt_host *host)
{
	struct str re = {0};
	size_t i;
	int bad = str_add(&re, prefix, strlen(prefix)) || str_add(&re, "^(", 2);

	for (i = 0; i < n && !bad; i++)
		bad = (i && str_add(&re, "|", 1)) ||
		      str_quote(&re, names[i].s, names[i].n, meta);
	if (bad || str_add(&re, ")$", 2)) {
		free(re.s);
		host->error(host->ctx, "out of memory");
		return -1;
	}
	host->arg(host->ctx, re.s);
	free(re.s);
	return 0;
}

#endif
