/*
 * probes.h — the probe contract across plugins, for the plugin unit tests:
 * a capture must score highest with its own plugin, and benchtrack's own
 * records and Go bench text must score 0 in the JSON/CSV plugins.
 */
#ifndef BT_PROBES_H
#define BT_PROBES_H

#include "plugtest.h"
#include "tap.h"

/* ok() that plugin self wins the probe of tests/data/rel over every other
 * bundled plugin. */
static inline void probe_wins(const char *self, const char *rel)
{
	static const char *const all[] = {
	    "go",     "criterion",  "gbench", "hyperfine",
	    "pytest", "customjson", "csv"};
	const struct bt_plugin *me = plug_load(self), *p;
	int mine = me ? plug_probe_file(me, plug_data(rel)) : -1, best = 0;
	const char *who = "";
	size_t i;

	for (i = 0; i < sizeof all / sizeof all[0]; i++) {
		int s;

		if (!strcmp(all[i], self) || !(p = plug_load(all[i])))
			continue;
		s = plug_probe_file(p, plug_data(rel));
		if (s > best)
			best = s, who = all[i];
	}
	ok(mine > 0 && mine > best, "probe: %s picks %s (%d; next %s %d)", rel,
	   self, mine, who, best);
}

/* ok() that records and Go text score 0 in plugin self. */
static inline void probe_not_others(const char *self)
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
