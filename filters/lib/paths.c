/*
 * paths.c — a growing list of path names (paths.h).
 */
#include "paths.h"
#include "util.h"

void paths_add(struct paths *p, const char *s)
{
	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	p->v[p->n++] = xstrdup(s);
}
