/*
 * map.h — a string-keyed hash map (open addressing) for grouping records
 * by benchmark.  Keys are copied and owned by the map; values are the
 * caller's pointers, which map_free leaves alone unless given a free
 * function.  Iteration is in insertion order, so output is deterministic.
 */
#ifndef BT_MAP_H
#define BT_MAP_H

#include <stddef.h>
#include <stdint.h>

struct map_entry {
	char *key;
	size_t keylen;
	uint64_t hash;
	void *value;
};

struct map {
	struct map_entry *v; /* entries in insertion order */
	size_t n, cap;
	size_t *slots; /* index + 1 into v; 0 = empty */
	size_t nslots;
};

uint64_t hash_bytes(const void *p, size_t n);

/* The entry for key (n bytes, any bytes), created with value NULL when
 * absent (*created set to 1 then, when created is not NULL). */
struct map_entry *map_get(struct map *m, const void *key, size_t n,
			  int *created);

/* The entry for key, or NULL. */
struct map_entry *map_find(const struct map *m, const void *key, size_t n);

/* Free the keys and tables, and each value with free_value when set. */
void map_free(struct map *m, void (*free_value)(void *));

#endif
