/*
 * context.h — the context record (docs/records.md, kind "context"): what
 * bt-run knows about the machine and the command before it runs it.
 *
 * The one idea: say only what was asked of the thing itself.  The
 * toolchain is what the command's own `version` prints (a go tool's; for
 * gccgo, which says "unknown", the compiler's `--version` as well), or what
 * --toolchain gave; a member nobody could tell is left out.
 *
 * Owner: trust (filters/lib/context.c).
 */
#ifndef BT_CONTEXT_H
#define BT_CONTEXT_H

#include <jv.h>

/* The context record for running cmd (argv, NULL-terminated): toolchain
 * is --toolchain's value (recorded as given, never run) or NULL; labels
 * (an object, left out when empty) and run_id (the run object) are
 * borrowed.  Returns a new record the caller owns. */
jv context_make(char **cmd, const char *toolchain, jv labels, jv run_id);

#endif
