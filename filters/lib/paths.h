/*
 * paths.h — a growing list of path names, as the tree walks of bt-export
 * (results to read) and bt-archive (files to bundle) collect them.
 * Ownership: the list owns its strings; the caller frees each and v.
 */
#ifndef BT_PATHS_H
#define BT_PATHS_H

#include <stddef.h>

struct paths {
	char **v;
	size_t n;
};

/* Append a copy of s. */
void paths_add(struct paths *p, const char *s);

#endif
