/*
 * probes.h — the probe contract across plugins, for the plugin unit tests:
 * a capture must score highest with its own plugin, and benchtrack's own
 * records and Go bench text must score 0 in the JSON/CSV plugins.
 */
#ifndef BT_PROBES_H
#define BT_PROBES_H

#include <dirent.h>

#include "plugtest.h"
#include "tap.h"

/* ok() that plugin self wins the probe of tests/data/rel over every other
 * bundled plugin: every NAME.so built into $BT_BUILD/lib/bt/plugins, so a
 * new plugin is in the contest without a list to keep. */
static void probe_wins(const char *self, const char *rel)
{
	const struct bt_plugin *me = plug_load(self), *p;
	int mine = me ? plug_probe_file(me, plug_data(rel)) : -1, best = 0;
	const char *env = getenv("BT_BUILD");
	char dir[4096], who[256] = "";
	struct dirent *e;
	DIR *d;

	snprintf(dir, sizeof dir, "%s/lib/bt/plugins", env ? env : "build");
	if (!(d = opendir(dir))) {
		ok(0, "probe: %s: %s unreadable", rel, dir);
		return;
	}
	while ((e = readdir(d))) {
		char name[256];
		size_t n = strlen(e->d_name);
		int s;

		if (n < 4 || n - 3 >= sizeof name ||
		    strcmp(e->d_name + n - 3, ".so"))
			continue;
		memcpy(name, e->d_name, n - 3);
		name[n - 3] = '\0';
		if (!strcmp(name, self) || !(p = plug_load(name)))
			continue;
		s = plug_probe_file(p, plug_data(rel));
		if (s > best) {
			best = s;
			snprintf(who, sizeof who, "%s", name);
		}
	}
	closedir(d);
	ok(mine > 0 && mine > best, "probe: %s picks %s (%d; next %s %d)", rel,
	   self, mine, who, best);
}

/* ok() that records and Go text score 0 in plugin self. */
static void probe_not_others(const char *self)
{
	static const char *const other[] = {
	    "probe/records.jsonl", "probe/go-gc-count10.txt",
	    "probe/go-gc-count5.json", "probe/benchstat.txt"};
	const struct bt_plugin *me = plug_load(self);
	size_t i;

	for (i = 0; i < sizeof other / sizeof other[0]; i++)
		ok(me && plug_probe_file(me, plug_data(other[i])) == 0,
		   "probe: %s scores 0 in %s", other[i], self);
}

#endif
