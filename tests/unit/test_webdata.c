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
	{
		char a[301], b[301], *sa, *sb, *sc, *sd, crafted[200];

		memset(a, 'v', 300), a[300] = '\0';
		memcpy(b, a, sizeof b), b[299] = 'w';
		sa = web_name(a);
		sb = web_name(b);
		ok(strlen(sa) <= WEB_NAME_MAX && strlen(sb) <= WEB_NAME_MAX,
		   "a 300-byte name: a stem of at most %d bytes", WEB_NAME_MAX);
		ok(strcmp(sa, sb) != 0, "two long names alike but for their "
					"end: distinct stems");
		ok(strstr(sa, "%%") != NULL, "marked with %%%%");
		memset(a, '/', 300);
		sc = web_name(a);
		ok(strlen(sc) <= WEB_NAME_MAX && !strstr(sc, "%%%") &&
		       strstr(sc, "%2F%%") != NULL,
		   "300 '/' (900 encoded): cut between whole %%XX");
		/* a short name cannot be a long one's stem: its '%' are
		 * encoded */
		snprintf(crafted, sizeof crafted, "%s", sa);
		sd = web_name(crafted);
		ok(strcmp(sd, sa) != 0, "a name spelling a long stem differs");
		free(sa), free(sb), free(sc), free(sd);
	}
	return tap_done();
}
