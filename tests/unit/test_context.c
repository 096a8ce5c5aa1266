/*
 * test_context.c — the context record (lib context.c): it names itself
 * (bt 1, kind context) and the machine, records the command's argv as
 * given, asks a go tool its own version (and gccgo's compiler when the go
 * tool says "unknown"), records --toolchain as given without running
 * anything, asks no other command, and leaves out what it was not given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "context.h"
#include "tap.h"
#include "util.h"

/* A fake tool at dir/name printing body's output (a shell script). */
static void tool(const char *dir, const char *name, const char *body)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		exit(1);
	fprintf(f, "#!/bin/sh\n%s\n", body);
	fclose(f);
	chmod(path, 0755);
}

/* The string member k of c, or "" (c is consumed). */
static const char *str(jv c, const char *k)
{
	static char s[512];
	jv v = jv_object_get(c, jv_string(k));

	snprintf(s, sizeof s, "%s",
		 jv_get_kind(v) == JV_KIND_STRING ? jv_string_value(v) : "");
	jv_free(v);
	return s;
}

static int has(jv c, const char *k)
{
	return jv_object_has(jv_copy(c), jv_string(k));
}

int main(int argc, char **argv)
{
	char dir[] = "/tmp/test_context.XXXXXX", go[600], gcc[600], gccgo[600],
	     other[600], ran[600], script[1024];
	jv run = jv_parse("{\"id\":\"R\"}"), none = jv_object(), c, a, labels;

	(void)argc;
	util_init(argv[0]);
	if (!mkdtemp(dir))
		return 1;
	snprintf(go, sizeof go, "%s/go", dir);
	snprintf(gcc, sizeof gcc, "%s/gcc", dir);
	snprintf(gccgo, sizeof gccgo, "%s/gcc/go", dir);
	snprintf(other, sizeof other, "%s/other", dir);
	snprintf(ran, sizeof ran, "%s/other.ran", dir);
	tool(dir, "go", "echo go version go1.25.3 linux/amd64");
	tool(dir, "other", "touch \"$0.ran\"; echo other version 9");
	tool(dir, "gccgo-14", "echo 'gccgo (Debian 14.2.0) 14.2.0'");
	mkdir(gcc, 0755);
	snprintf(script, sizeof script,
		 "if [ \"$1\" = env ]; then echo %s/gccgo-14; "
		 "else echo go version unknown; fi",
		 dir);
	tool(gcc, "go", script);

	c = context_make((char *[]){go, "test", "-bench", ".", NULL}, NULL,
			 none, run);
	is_str(str(jv_copy(c), "kind"), "context", "kind context");
	ok(jv_number_value(jv_object_get(jv_copy(c), jv_string("bt"))) == 1,
	   "bt 1");
	is_str(str(jv_copy(c), "toolchain"), "go version go1.25.3 linux/amd64",
	       "a go tool's toolchain is its own `version`");
	ok(!has(c, "compiler"), "no compiler for the gc toolchain");
	ok(!has(c, "labels"), "no labels given: none recorded");
	ok(has(c, "host") && has(c, "os") && has(c, "cores") && has(c, "time"),
	   "host, os, cores and time");
	is_str(str(jv_object_get(jv_copy(c), jv_string("run")), "id"), "R",
	       "the run object");
	a = jv_object_get(jv_copy(c), jv_string("command"));
	ok(jv_equal(a, JV_ARRAY(jv_string(go), jv_string("test"),
				jv_string("-bench"), jv_string("."))),
	   "the command's argv, as given");
	jv_free(c);

	c = context_make((char *[]){gccgo, "test", NULL}, NULL, none, run);
	is_str(str(jv_copy(c), "toolchain"), "go version unknown",
	       "gccgo's go tool: its version as it says it");
	is_str(str(jv_copy(c), "compiler"), "gccgo (Debian 14.2.0) 14.2.0",
	       "and the compiler's own --version");
	jv_free(c);

	labels = jv_parse("{\"cpu\":\"a\"}");
	c = context_make((char *[]){other, NULL}, "go1.99", labels, run);
	is_str(str(jv_copy(c), "toolchain"), "go1.99",
	       "--toolchain recorded as given");
	snprintf(go, sizeof go, "%s/other.ran", dir);
	ok(access(go, F_OK) != 0, "and nothing run to learn it");
	is_str(str(jv_object_get(jv_copy(c), jv_string("labels")), "cpu"), "a",
	       "labels recorded");
	jv_free(c);
	c = context_make((char *[]){other, NULL}, NULL, none, run);
	ok(!has(c, "toolchain"), "a command that is not a go tool: not asked");
	ok(access(go, F_OK) != 0, "nor run");
	jv_free(c);

	jv_free(labels), jv_free(none), jv_free(run);
	snprintf(script, sizeof script, "rm -rf '%s'", dir);
	if (system(script))
		diag("could not remove %s", dir);
	return tap_done();
}
