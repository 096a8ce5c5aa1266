/*
 * plugrec.h — the records most plugins make the same way, made once: a
 * context record of configuration labels collected for one result, and a
 * failure record of a benchmark that did not finish.  Part of the kit
 * (common/, libbtkit.a) that every plugin links.
 *
 * Ownership: nothing is copied; a plug_config's keys and values point into
 * the plugin's own state and must live until plug_context has emitted
 * them.  Nothing allocates.
 */
#ifndef BT_PLUGREC_H
#define BT_PLUGREC_H

#include <stddef.h>

#include "bt-plugin.h"

enum { PLUG_MAX_CONFIG = 64 };

/* The configuration lines of one context record, in order. */
struct plug_config {
	struct bt_label l[PLUG_MAX_CONFIG];
	size_t n;
};

/* Add key = v; an empty value, or one past PLUG_MAX_CONFIG, is left out. */
void plug_config_add(struct plug_config *cf, const char *key, struct bt_str v);

/* Emit cf as a context record through host. */
void plug_context(const struct bt_host *host, const struct plug_config *cf);

/* Emit a context record of suite (may be empty) and the labels l[0..n)
 * through host. */
void plug_labels(const struct bt_host *host, struct bt_str suite,
		 const struct bt_label *l, size_t n);

/* Emit a failure record of suite (may be empty) and name with message:
 * reason "panic" when rust is set and the message holds "panicked at" (a
 * Rust panic), else "fail". */
void plug_failure(const struct bt_host *host, struct bt_str suite,
		  struct bt_str name, struct bt_str message, int rust);

#endif
