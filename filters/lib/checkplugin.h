/*
 * checkplugin.h — `bt-parse --check-plugin`: check a plugin the way the
 * host relies on it, before users meet its failures.
 */
#ifndef BT_CHECKPLUGIN_H
#define BT_CHECKPLUGIN_H

#include <stdio.h>

/* Load the plugin at path and run every check, feeding it the sample files
 * given, and with foreign set, its probe on every file of that directory
 * not named after the plugin (it must score 0 there).  Prints one TAP line per check on out (a stream that is not fd 1,
 * which the plugin may write to: plugins_own_stdout); returns 0 when all
 * pass, 1 when one fails, 2 when the plugin does not load. */
int check_plugin(const char *path, char **samples, int n, FILE *out,
		 const char *foreign);

#endif
