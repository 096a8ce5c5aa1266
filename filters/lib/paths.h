/*
 * paths.h — a growing list of path names, as the tree walks of bt-export
 * (results to read), bt-archive (files to bundle) and bt-history collect
 * them, and where such a list splits in two for two cores.
 * Ownership: the list owns its strings; paths_free frees them and v.
 */
#ifndef BT_PATHS_H
#define BT_PATHS_H

#include <stddef.h>

struct paths {
	char **v;
	size_t n, cap;
};

/* Append a copy of s. */
void paths_add(struct paths *p, const char *s);
/* Free every string and the list; p is empty again. */
void paths_free(struct paths *p);
/* Where a second thread's part of p begins, from about half its bytes on;
 * p->n when it has none: fewer than two paths, or one that is not a
 * regular file (stdin "-", an archive member, a directory a plugin reads),
 * which only the main thread may read, and only alone (bgread.h). */
size_t paths_split(const struct paths *p);

#endif
