/*
 * plugstr.c — the plugins' growable string and selector (plugstr.h).
 */

#include <stdlib.h>
#include <string.h>

#include "plugstr.h"

int str_add(struct str *s, const char *p, size_t n)
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

int str_set(struct str *s, const char *p, size_t n)
{
	s->n = 0;
	return str_add(s, p, n);
}

struct bt_str view(const struct str *s)
{
	struct bt_str v = {s->s ? s->s : "", s->n};
	return v;
}

int starts(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(p, lit, k) == 0;
}

int str_ends(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(p + n - k, lit, k) == 0;
}

const char *str_find(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (memcmp(p + i, lit, k) == 0)
			return p + i;
	return NULL;
}

const char *str_rfind(const char *p, size_t n, const char *lit)
{
	size_t k = strlen(lit), i;

	if (k > n)
		return NULL;
	for (i = n - k + 1; i-- > 0;)
		if (memcmp(p + i, lit, k) == 0)
			return p + i;
	return NULL;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

const char *str_trim(const char *p, size_t *n)
{
	while (*n && blank(*p))
		p++, (*n)--;
	while (*n && blank(p[*n - 1]))
		(*n)--;
	return p;
}

int str_decolour(struct str *line, const char **p, size_t *n)
{
	size_t i;

	if (!memchr(*p, '\x1b', *n))
		return 0;
	line->n = 0;
	for (i = 0; i < *n; i++) {
		if ((*p)[i] == '\x1b' && i + 1 < *n && (*p)[i + 1] == '[') {
			for (i += 2;
			     i < *n && !((*p)[i] >= '@' && (*p)[i] <= '~');)
				i++;
			continue;
		}
		if (str_add(line, *p + i, 1))
			return -1;
	}
	if (str_add(line, "", 0))
		return -1;
	*p = line->s;
	*n = line->n;
	return 0;
}

int str_quote(struct str *s, const char *p, size_t n, const char *meta)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((p[i] && strchr(meta, p[i]) && str_add(s, "\\", 1)) ||
		    str_add(s, p + i, 1))
			return -1;
	return 0;
}

int select_alternation(const struct bt_str *names, size_t n, const char *prefix,
		       const char *meta, const struct bt_host *host)
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
