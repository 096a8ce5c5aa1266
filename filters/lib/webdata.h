/*
 * webdata.h — the dashboard's data beyond one version's file (owned by the
 * web side of bt-export; docs/web-data.md): file names that any version name
 * can take, the records a page offers for download, and the verdicts and
 * history that other benchtrack tools compute, run as sibling executables so
 * that the page never has its own notion of significance or change.
 */
#ifndef BT_WEBDATA_H
#define BT_WEBDATA_H
#include <stddef.h>

#include <jv.h>

/* The file-name stem of a version or platform name: bytes of
 * [A-Za-z0-9_+-], and '.' but first, stay; every other byte is %XX
 * (upper-case hex), so '%', '/', '#', '?', ' ', '~' and a leading '.' never
 * reach a path.  Distinct names give distinct stems.  A stem longer than
 * WEB_NAME_MAX bytes is cut to its first bytes, "%%" (which no short stem
 * holds) and 16 hex digits of the name's SHA-256, so any name fits a file
 * name, and a comparison's STEM~STEM.json too.  Caller frees. */
#define WEB_NAME_MAX 100
char *web_name(const char *s);

/* Copy the file src to dst atomically.  0, or EXIT_USAGE (reported). */
int web_copy(const char *src, const char *dst);

/* Write b's text and a '\n' (appended to b, which the caller still owns
 * and frees) to path atomically.  0, or EXIT_USAGE (reported). */
int web_write(const char *path, struct buf *b);

/* Write the JSON value v (consumed), keys sorted, as path's one line,
 * atomically.  0, or EXIT_USAGE (reported). */
int web_write_json(const char *path, jv v);
/* The comparisons the page offers for one platform: for each pair of the
 * index entries list (borrowed; oldest first, each with "version" and
 * "records", a path relative to pdir) with the baseline older than the
 * target, `bt-compare -o json` of the two record files written to
 * pdir/compare/STEM~STEM.json.  Returns the array of
 * {"base","target","file"} entries written (caller frees); an empty array,
 * with a warning, when there is no sibling bt-compare.  *ret gets
 * EXIT_USAGE on a failure. */
jv web_compare(const char *pdir, jv list, int *ret);

/* bt-history's view of the runs in files[0..n) (one platform's main
 * results): what `bt-history series` and `bt-history changes` print, split
 * by benchmark into pdir/history/N.jsonl, with pdir/history/index.json
 * mapping each benchmark's page key ("<suite> <name>-<procs>") to its file.
 * 1 when written, 0 when there is no sibling bt-history (nothing written),
 * -1 when it failed (reported). */
int web_history(const char *pdir, char **files, size_t n);
#endif
