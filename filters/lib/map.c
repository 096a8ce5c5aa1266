/*
 * map.c — the grouping hash map; see map.h.
 */
#include "map.h"

#include <stdlib.h>
#include <string.h>

#include "seen.h"
#include "util.h"

uint64_t hash_bytes(const void *p, size_t n)
{
	uint64_t d[2];

	seen_digest(p, n, d); /* 8 bytes a step: FNV-1a's byte a step was 11 %
			       * of bt-compare reading Go text */
	return d[0];
}

static size_t *probe(const struct map *m, const void *key, size_t n,
		     uint64_t h)
{
	size_t i = (size_t)h & (m->nslots - 1);

	for (;; i = (i + 1) & (m->nslots - 1)) {
		size_t *s = &m->slots[i];
		struct map_entry *e;

		if (!*s)
			return s;
		e = &m->v[*s - 1];
		if (e->hash == h && e->keylen == n && (!n || !memcmp(e->key, key, n)))
			return s;
	}
}

static void rehash(struct map *m)
{
	size_t i;

	free(m->slots);
	m->nslots = m->nslots ? m->nslots * 2 : 64;
	m->slots = xcalloc(m->nslots, sizeof *m->slots);
	for (i = 0; i < m->n; i++)
		*probe(m, m->v[i].key, m->v[i].keylen, m->v[i].hash) = i + 1;
}

struct map_entry *map_find(const struct map *m, const void *key, size_t n)
{
	size_t *s;

	if (!m->nslots)
		return NULL;
	s = probe(m, key, n, hash_bytes(key, n));
	return *s ? &m->v[*s - 1] : NULL;
}

struct map_entry *map_get(struct map *m, const void *key, size_t n,
			  int *created)
{
	uint64_t h = hash_bytes(key, n);
	struct map_entry *e;
	size_t *s;

	if ((m->n + 1) * 2 > m->nslots)
		rehash(m);
	s = probe(m, key, n, h);
	if (created)
		*created = !*s;
	if (*s)
		return &m->v[*s - 1];
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
	}
	e = &m->v[m->n++];
	e->key = xstrndup(key, n);
	e->keylen = n;
	e->hash = h;
	e->value = NULL;
	*s = m->n;
	return e;
}

void map_free(struct map *m, void (*free_value)(void *))
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		if (free_value)
			free_value(m->v[i].value);
		free(m->v[i].key);
	}
	free(m->v);
	free(m->slots);
	memset(m, 0, sizeof *m);
}
