/*
 * plugstr.h — the growable string every in-tree plugin keeps its state in,
 * small helpers on (pointer, length) text (find, trim, colours off), and the
 * ^(A|B|…)$ selector most benchmark tools take.  Part of the kit (common/,
 * libbtkit.a) that every plugin links.
 */
#ifndef BT_PLUGSTR_H
#define BT_PLUGSTR_H

/* what the header-only kit included, so that plugins written against it
 * still build */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "bt-plugin.h"

/* A growable string owned by the plugin's state; s is NUL-terminated. */
struct str {
	char *s;
	size_t n, cap;
};

/* Append p[0..n) to s, growing it.  0, or -1 out of memory. */
int str_add(struct str *s, const char *p, size_t n);

/* Replace s's contents by p[0..n). */
int str_set(struct str *s, const char *p, size_t n);

/* s as the ABI's string view (valid until s changes). */
struct bt_str view(const struct str *s);

/* 1 when p[0..n) starts with lit. */
int starts(const char *p, size_t n, const char *lit);

/* 1 when p[0..n) ends with lit. */
int str_ends(const char *p, size_t n, const char *lit);

/* The first (str_find) or last (str_rfind) occurrence of lit in p[0..n),
 * or NULL. */
const char *str_find(const char *p, size_t n, const char *lit);
const char *str_rfind(const char *p, size_t n, const char *lit);

/* p[0..*n) without the blanks (' ', '\t', '\r', '\n') at either end:
 * returns the new start and sets *n to the new length. */
const char *str_trim(const char *p, size_t *n);

/* p[0..*n) without ANSI colour sequences (ESC '[' … a byte '@'..'~'): when
 * it holds any, the rest is copied into line (the caller's scratch) and
 * *p, *n point there.  0, or -1 out of memory. */
int str_decolour(struct str *line, const char **p, size_t *n);

/* Append p[0..n) to s, each character of meta preceded by a backslash.
 * 0, or -1 out of memory. */
int str_quote(struct str *s, const char *p, size_t n, const char *meta);

/*
 * Hand the host one argument, prefix followed by ^(A|B|…)$ matching exactly
 * the names, each quoted for the tool's regular expressions (meta: the
 * characters that need a backslash there).  0, or -1 out of memory
 * (reported to the host).
 */
int select_alternation(const struct bt_str *names, size_t n, const char *prefix,
		       const char *meta, const struct bt_host *host);

#endif
