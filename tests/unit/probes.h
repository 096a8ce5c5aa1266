/*
 * probes.h — the probe contract across plugins, for the plugin unit tests:
 * a capture must score highest with its own plugin, and benchtrack's own
 * records and Go bench text must score 0 in the JSON/CSV plugins.
 */
#ifndef BT_PROBES_H
#define BT_PROBES_H

#include "plugtest.h"
#include "tap.h"

/* The plugins of issue 20's first half (fmtA), in probe_wins's contest
 * too. */
static const char *const probe_more[] = {
    "catch2", "benchmarkjs",	 "tinybench", "mitata",
    "jmh",    "benchmarkdotnet", "julia",     "luau"};

/* The best score of the plugins in names[0..n) other than self on rel,
 * above *best (*who its name). */
static void probe_best(const char *const *names, size_t n, const char *self,
		       const char *rel, int *best, const char **who)
{
	const struct bt_plugin *p;
	size_t i;

	for (i = 0; i < n; i++) {
		int s;

		if (!strcmp(names[i], self) || !(p = plug_load(names[i])))
			continue;
		s = plug_probe_file(p, plug_data(rel));
		if (s > *best)
			*best = s, *who = names[i];
	}
}

/* ok() that plugin self wins the probe of tests/data/rel over every other
 * bundled plugin. */
static void probe_wins(const char *self, const char *rel)
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
	probe_best(probe_more, sizeof probe_more / sizeof probe_more[0], self,
		   rel, &best, &who);
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

/* Other formats' captures: no plugin may claim one that is not its own
 * (its directory under tests/data is the plugin's name). */
static const char *const probe_captures[] = {
    "probe/hyperfine-out.json",
    "probe/pytest-out-head4k.json",
    "probe/go-gc-count10.txt",
    "gbench/out.json",
    "catch2/console.txt",
    "catch2/console-no-analysis.txt",
    "catch2/out.xml",
    "catch2/issue_351.txt",
    "benchmarkjs/console.txt",
    "benchmarkjs/four.txt",
    "tinybench/console.txt",
    "tinybench/results.json",
    "mitata/console-nocolor.txt",
    "mitata/out.json",
    "jmh/six.json",
    "jmh/jmh_output.json",
    "benchmarkdotnet/two.json",
    "benchmarkdotnet/memory.json",
    "julia/julia_output.json",
    "luau/benchmarkluau_output.txt",
};

/* ok() that plugin self scores 0 on every capture of another format
 * (those missing from this tree are passed over). */
static void probe_not_captures(const char *self)
{
	const struct bt_plugin *me = plug_load(self);
	size_t i, k = strlen(self);
	char name[512];

	for (i = 0; i < sizeof probe_captures / sizeof probe_captures[0]; i++) {
		const char *rel = probe_captures[i];
		FILE *f;

		if (!strncmp(rel, self, k) && rel[k] == '/')
			continue;
		if (!(f = fopen(plug_data(rel), "r")))
			continue;
		fclose(f);
		snprintf(name, sizeof name, "probe: %s scores 0 in %s", rel,
			 self);
		ok(me && plug_probe_file(me, plug_data(rel)) == 0, "%s", name);
	}
}

#endif
