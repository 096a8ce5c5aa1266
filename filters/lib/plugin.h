/*
 * plugin.h — the host side of the plugin ABI: finding plugins, loading them
 * lazily, and picking one for an input.
 *
 * Plugins are looked for, in this order, in each directory of
 * $BT_PLUGIN_PATH (colon-separated), in ../lib/bt/plugins beside the running
 * executable (the installed tree, or the build tree when run from it), and in
 * the plugin directory compiled in (BT_PLUGINDIR).  Never in the current
 * directory; a relative entry of $BT_PLUGIN_PATH is warned about and
 * ignored.  A directory or a file writable by others than its owner (and
 * root) is refused with a warning naming it, as ssh's StrictModes.  A plugin named NAME is the file NAME.so; the first one found
 * wins.  Nothing is dlopen()ed until it is needed: `-f go` loads go.so only,
 * a record stream loads nothing.
 *
 * Plugin code is distrusted: loading a plugin (its constructors, its
 * descriptor function) and every probe run first in a child process with a
 * time limit (BT_PLUGIN_TIMEOUT seconds, 5 by default), so a plugin that
 * crashes, calls exit() or never returns there is reported and skipped.
 *
 * The registry is an object (struct plugins) the caller owns, not global
 * state.  Plugins stay loaded until plugins_free.
 */
#ifndef BT_PLUGIN_HOST_H
#define BT_PLUGIN_HOST_H

#include <stddef.h>
#include <stdio.h>

#include "bt-plugin.h"

struct plugins;

/* A new, empty registry; the directories are scanned on first use. */
struct plugins *plugins_new(void);
void plugins_free(struct plugins *ps);

/* The plugin named name (or, when name holds a '/', the file name), loaded
 * on first use; NULL (with a warning printed
 * when one was found but would not load) when there is none. */
const struct bt_plugin *plugins_get(struct plugins *ps, const char *name);

/* The plugin whose probe scores head highest (above 0), or NULL.  Loads every
 * plugin the first time it is called.  A plugin dir's file that is the
 * unrenamed template (plugin_is_template) is skipped with a warning. */
const struct bt_plugin *plugins_detect(struct plugins *ps, const char *head,
				       size_t len, int *score);

/* The same for a directory input (probe_dir). */
const struct bt_plugin *plugins_detect_dir(struct plugins *ps,
					   const char *path);

/* Call fn for every plugin that loads, in search order, with its path. */
void plugins_each(struct plugins *ps,
		  void (*fn)(void *ctx, const struct bt_plugin *p,
			     const char *path),
		  void *ctx);

/* Load one shared object by path and check it as the host does: its one
 * symbol, its ABI version, its required fields.  NULL with a reason in err
 * (size n) when it is not a usable plugin.  The handle stays open. */
const struct bt_plugin *plugin_open_file(const char *path, char *err,
					 size_t n);

/* p->selector(names, n, host) under the crash guard (guard.h): what it
 * returns; a crash in it ends the program (exit 2) with a message naming
 * the plugin. */
int plugin_select(const struct bt_plugin *p, const struct bt_str *names,
		  size_t n, const struct bt_host *host);

/* The time limit on loading a plugin and on each probe, in milliseconds:
 * BT_PLUGIN_TIMEOUT seconds (a positive number), 5 s when unset. */
int plugin_timeout_ms(void);

/* With on, plugins_detect says on stderr every probe's score and which
 * plugin it chose (bt-parse -v). */
void plugins_verbose(struct plugins *ps, int on);

/* 1 when p's description starts BT_PLUGIN_TEMPLATE_MARK: the template
 * (share/plugin-template) built as it came. */
#define BT_PLUGIN_TEMPLATE_MARK "template:"
int plugin_is_template(const struct bt_plugin *p);

/* Keep plugin code off the record stream: the first call moves the
 * process's fd 1 to a new close-on-exec descriptor and returns a stream on
 * it, and makes fd 1 (and so stdout and printf) a copy of stderr; later
 * calls return the same stream.  A host writes its records (and every
 * other output) to what this returns, never to stdout, so nothing a plugin
 * writes to fd 1 lands among them.  Returns stdout when fd 1 is closed. */
FILE *plugins_own_stdout(void);

#endif
