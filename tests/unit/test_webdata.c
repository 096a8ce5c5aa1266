/*
 * test_webdata.c — the file-name stems bt-export --web gives version and
 * platform names (docs/web-data.md): safe characters stay, everything a
 * path, a URL or the page's own files could mistake is %XX, and no two
 * names share a stem; and web_run captures a child's output and status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "util.h"
#include "webdata.h"

static void stem(const char *name, const char *want)
{
	char *got = web_name(name);

	is_str(got, want, name);
	free(got);
}

int main(void)
{
	static const char *names[] = {"a%2F", "a/", "a%",    "a%25", ".x",
				      "%2Ex", "x.", "index", "a b",  "a+b"};
	struct buf out = {0};
	char *const echo[] = {"/bin/sh", "-c", "printf 'a\\nb'; exit 3", NULL};
	size_t i, j;
	int distinct = 1;

	util_init("test_webdata");
	stem("go1.21.3", "go1.21.3");
	stem("index", "index");
	stem("go1.22rc1+local-x_y", "go1.22rc1+local-x_y");
	stem("a/../b", "a%2F..%2Fb");
	stem(".hidden", "%2Ehidden");
	stem("..", "%2E.");
	stem("v 1#2?3%4", "v%201%232%3F3%254");
	stem("a~b", "a%7Eb");
	stem("é", "%C3%A9");
	stem("", "");
	for (i = 0; i < sizeof names / sizeof *names; i++)
		for (j = i + 1; j < sizeof names / sizeof *names; j++) {
			char *a = web_name(names[i]), *b = web_name(names[j]);

			if (!strcmp(a, b)) {
				distinct = 0;
				diag("'%s' and '%s' both %s", names[i],
				     names[j], a);
			}
			free(a), free(b);
		}
	ok(distinct, "distinct names give distinct stems");
	is_int(web_run(echo, "/", &out), 3, "web_run returns the exit status");
	ok(out.len == 3 && !memcmp(out.p, "a\nb", 3),
	   "web_run captures stdout");
	buf_free(&out);
	return tap_done();
}
