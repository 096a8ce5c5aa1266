/*
 * test_webindex.c — the web tree's indexes (webindex.h): no file is an
 * empty index, a broken one is made again from the version files beside
 * it, entries sort by time then version, platforms by id, and a
 * platform's entry names its versions and the newest time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"
#include "webindex.h"

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(text, f) < 0 || fclose(f))
		die(EXIT_USAGE, "%s: cannot write", path);
}

/* v as its sorted JSON text, consumed; static storage. */
static const char *text(jv v)
{
	static char out[4096];
	jv d = jv_dump_string(v, JV_PRINT_SORTED);

	snprintf(out, sizeof out, "%s", jv_string_value(d));
	jv_free(d);
	return out;
}

static int skip_b(void *ctx, const char *platform)
{
	(void)ctx;
	return !strcmp(platform, "b-y");
}

int main(void)
{
	char dir[] = "/tmp/test_webindex.XXXXXX", path[4200];
	jv a;

	util_init("test_webindex");
	if (!mkdtemp(dir))
		die(EXIT_USAGE, "mkdtemp");
	is_str(text(web_index_read(dir, "linux-amd64")), "[]",
	       "no index.json: no entries");
	snprintf(path, sizeof path, "%s/linux-amd64", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/linux-amd64/v", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/linux-amd64/v/go1.json", dir);
	put(path, "{\"version\":\"go1\",\"timestamp\":\"T1\","
		  "\"benchmarks\":[{},{}]}\n");
	snprintf(path, sizeof path, "%s/linux-amd64/v/junk.json", dir);
	put(path, "[1]\n");
	snprintf(path, sizeof path, "%s/linux-amd64/index.json", dir);
	put(path, "{not json\n");
	is_str(text(web_index_read(dir, "linux-amd64")),
	       "[{\"benchmarks\":2,\"file\":\"v/go1.json\",\"records\":"
	       "\"v/go1.jsonl\",\"timestamp\":\"T1\",\"version\":\"go1\"}]",
	       "a broken index made again from its version files");
	put(path,
	    "{\"versions\":[{\"timestamp\":\"T3\",\"version\":\"go2\"}]}\n");
	is_str(text(web_index_read(dir, "linux-amd64")),
	       "[{\"timestamp\":\"T3\",\"version\":\"go2\"}]",
	       "a good index read as it is");

	a = JV_ARRAY(JV_OBJECT(jv_string("timestamp"), jv_string("T2"),
			       jv_string("version"), jv_string("b")),
		     JV_OBJECT(jv_string("timestamp"), jv_string("T2"),
			       jv_string("version"), jv_string("a")),
		     JV_OBJECT(jv_string("timestamp"), jv_string("T1"),
			       jv_string("version"), jv_string("c")));
	a = web_index_sort(a);
	is_str(text(jv_copy(a)),
	       "[{\"timestamp\":\"T1\",\"version\":\"c\"},{\"timestamp\":"
	       "\"T2\",\"version\":\"a\"},{\"timestamp\":\"T2\",\"version\":"
	       "\"b\"}]",
	       "entries by time, then version");
	is_str(text(web_platform_entry("linux-amd64", "linux", "amd64",
				       jv_copy(a))),
	       "{\"goarch\":\"amd64\",\"goos\":\"linux\",\"id\":"
	       "\"linux-amd64\",\"updated\":\"T2\",\"versions\":[\"c\",\"a\","
	       "\"b\"]}",
	       "a platform's entry");
	is_str(text(web_without(a, "version", "a")),
	       "[{\"timestamp\":\"T1\",\"version\":\"c\"},{\"timestamp\":"
	       "\"T2\",\"version\":\"b\"}]",
	       "without one version");
	is_str(text(web_platforms_sort(
		   JV_ARRAY(JV_OBJECT(jv_string("id"), jv_string("z")),
			    JV_OBJECT(jv_string("id"), jv_string("a"))))),
	       "[{\"id\":\"a\"},{\"id\":\"z\"}]", "platforms by id");

	snprintf(path, sizeof path, "%s/b-y", dir);
	mkdir(path, 0755);
	snprintf(path, sizeof path, "%s/b-y/index.json", dir);
	put(path, "{\"versions\":[]}\n");
	snprintf(path, sizeof path, "%s/platforms.json", dir);
	put(path, "{}\n");
	is_str(text(web_platforms_read(dir, skip_b, NULL)),
	       "[{\"goarch\":\"amd64\",\"goos\":\"linux\",\"id\":"
	       "\"linux-amd64\",\"updated\":\"T3\",\"versions\":[\"go2\"]}]",
	       "broken platforms.json: made again, skipped ones left out");
	snprintf(path, sizeof path, "rm -rf '%s'", dir);
	if (system(path) != 0)
		diag("could not clean up %s", dir);
	return tap_done();
}
