/*
 * webindex.h — the indexes of the dashboard's data tree (docs/web-data.md):
 * each platform's index.json (its versions, oldest first) and the top
 * platforms.json (every platform, by id).  An export merges what it wrote
 * into the indexes already there; an index that is broken is said on stderr
 * and made again from the files beside it, never trusted over them.
 *
 * Ownership: like jq's jv, every function consumes the jv it is given and
 * returns a jv the caller owns (frees or passes on); strings are borrowed.
 */
#ifndef BT_WEBINDEX_H
#define BT_WEBINDEX_H

#include <jv.h>

/* The "versions" entries of dir/platform/index.json: empty when there is no
 * file yet; when it is broken, made again from the version files in
 * dir/platform/v/ (each said on stderr). */
jv web_index_read(const char *dir, const char *platform);

/* entries sorted by "timestamp", then "version". */
jv web_index_sort(jv entries);

/* The members of a that are objects whose string field key is not val. */
jv web_without(jv a, const char *key, const char *val);

/* platforms.json's entry of platform: its id, goos, goarch, the versions of
 * its index entries list (consumed) and the newest one's timestamp as
 * "updated". */
jv web_platform_entry(const char *platform, const char *goos,
		      const char *goarch, jv list);

/* The "platforms" entries of dir/platforms.json: empty when there is no
 * file yet; when it is broken, made again from the platform directories of
 * dir ("GOOS-GOARCH" with an index.json), leaving out those for which
 * skip(ctx, name) is non-zero (the ones the caller makes anew). */
jv web_platforms_read(const char *dir,
		      int (*skip)(void *ctx, const char *platform), void *ctx);

/* plats sorted by "id". */
jv web_platforms_sort(jv plats);

#endif
