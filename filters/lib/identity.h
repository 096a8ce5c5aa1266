/*
 * identity.h — which benchmark a record is of: the one definition every
 * filter that groups samples uses (bt-cv, bt-compare, bt-merge).
 *
 * A benchmark is its suite, name and procs plus its labels, unordered
 * (docs/records.md, "Identity of a benchmark").  The key is a byte string
 * for a map: every field written with its length before it, so no name,
 * whatever bytes it holds, can run into the next field ("s" + "a\x1fb" and
 * "s\x1fa" + "b" are two benchmarks; so are the labels {"a=b": "c"} and
 * {"a": "b=c"}).
 *
 * Ownership: the functions append to a buf the caller owns; nothing else
 * is allocated that outlives a call.
 */
#ifndef BT_IDENTITY_H
#define BT_IDENTITY_H

#include "bt-plugin.h"

struct buf;
struct rec;

/* Append r's identity key to b: suite, name and procs, and with labels set
 * every label except the one named skip (may be NULL), sorted by key, so
 * equal identities give equal bytes.  A context record's labels (its
 * config) are never part of it. */
void rec_identity(struct buf *b, const struct bt_record *r, int labels,
		  const char *skip);

/* Append r's procs, suite, name and labels as they are (in their order,
 * with their lengths): equal for two records that are field for field the
 * same, so equal identities; a cheap test that a record is of the same
 * benchmark as the one before it. */
void rec_raw_identity(struct buf *b, const struct bt_record *r);

/* When raw[0..n) begins with what rec_raw_identity appends for r, its
 * length; else 0.  The same test without building r's bytes first. */
size_t rec_raw_identity_at(const void *raw, size_t n,
			   const struct bt_record *r);

/* Append labels ls[0..n) as they are, each with its lengths (the labels
 * part of rec_raw_identity). */
void rec_raw_labels(struct buf *b, const struct bt_label *ls, size_t n);

/* The first of "suite", "name", "a label" that holds a NUL byte (a JSON
 * "\u0000"), or NULL.  Names are text: the grouping filters refuse such a
 * record rather than show two benchmarks under one printed name. */
const char *identity_nul(const struct bt_record *r);

/* Exit 2 with "prog: file:line: a NUL (\u0000) in the sample's name: names
 * are text" when identity_nul finds one in rec; else return. */
void identity_check(const struct rec *rec);

#endif
