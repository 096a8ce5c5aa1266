/*
 * paths.c — a growing list of path names (paths.h).
 */
#include "paths.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

void paths_add(struct paths *p, const char *s)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? 2 * p->cap : 16;
		p->v = xreallocarray(p->v, p->cap, sizeof *p->v);
	}
	p->v[p->n++] = xstrdup(s);
}

void paths_free(struct paths *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		free(p->v[i]);
	free(p->v);
	memset(p, 0, sizeof *p);
}

size_t paths_split(const struct paths *p)
{
	uint64_t *size, total = 0, before = 0, best = UINT64_MAX;
	size_t i, k = p->n;
	struct stat st;

	if (p->n < 2)
		return p->n;
	size = xcalloc(p->n, sizeof *size);
	for (i = 0; i < p->n; i++) {
		if (strcmp(p->v[i], "-") == 0 || stat(p->v[i], &st) != 0 ||
		    !S_ISREG(st.st_mode)) {
			free(size);
			return p->n;
		}
		size[i] = (uint64_t)st.st_size;
		total += size[i];
	}
	for (i = 0; i < p->n; i++) {
		uint64_t gap = 2 * before > total ? 2 * before - total
						  : total - 2 * before;

		if (i > 0 && gap < best)
			best = gap, k = i;
		before += size[i];
	}
	free(size);
	return k;
}
