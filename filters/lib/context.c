/*
 * context.c — the context record bt-run writes first: where and how a run
 * happened (host, os, arch, kernel, cpu, cores, commit, the toolchain the
 * command really is, its argv, labels, run).  See context.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "context.h"
#include "proc.h"
#include "runid.h"
#include "util.h"

static jv set_str(jv o, const char *k, const char *v)
{
	return v && *v ? jv_object_set(o, jv_string(k), jv_string(v)) : o;
}

static jv set_str_free(jv o, const char *k, char *v)
{
	o = set_str(o, k, v);
	free(v);
	return o;
}

/* gccgo's go tool says "go version unknown": the compiler it runs
 * (`go env GCCGO`) says its own version (allocated, or NULL). */
static char *gccgo_version(const char *go)
{
	char *cc =
	    proc_first_line((char *[]){(char *)go, "env", "GCCGO", NULL});
	char *v = NULL;

	if (cc && *cc)
		v = proc_first_line((char *[]){cc, "--version", NULL});
	free(cc);
	return v;
}

static char *cpu_model(void)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512], *colon, *model = NULL;

	while (f && !model && fgets(line, sizeof line, f))
		if (!strncmp(line, "model name", 10) &&
		    (colon = strchr(line, ':'))) {
			colon += 1 + strspn(colon + 1, " \t");
			colon[strcspn(colon, "\n")] = '\0';
			model = xstrdup(colon);
		}
	if (f)
		fclose(f);
	return model;
}

/* Is the command a go tool ("go", ".../go", "go1.25"), whose `version`
 * names the toolchain?  Not any program whose path holds "/go". */
static int is_go(const char *cmd)
{
	const char *base = strrchr(cmd, '/');

	base = base ? base + 1 : cmd;
	return !strcmp(base, "go") || !strncmp(base, "go1", 3);
}

jv context_make(char **cmd, const char *toolchain, jv labels, jv run_id)
{
	jv c = jv_object(), argv = jv_array();
	char host[256] = "", when[32], *s;
	struct utsname u;
	time_t now = time(NULL);
	int i;

	c = jv_object_set(c, jv_string("bt"), jv_number(1));
	c = jv_object_set(c, jv_string("kind"), jv_string("context"));
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	c = set_str(c, "time", when);
	gethostname(host, sizeof host - 1);
	c = set_str(c, "host", host);
	if (uname(&u) == 0) {
		for (s = u.sysname; *s; s++)
			*s = (char)(*s >= 'A' && *s <= 'Z' ? *s + 32 : *s);
		c = set_str(c, "os", u.sysname);
		c = set_str(c, "arch", runid_goarch(u.machine));
		c = set_str(c, "kernel", u.release);
	}
	s = cpu_model();
	c = set_str(c, "cpu", s);
	free(s);
	c = jv_object_set(c, jv_string("cores"),
			  jv_number((double)sysconf(_SC_NPROCESSORS_ONLN)));
	s = proc_first_line((char *[]){"git", "rev-parse", "HEAD", NULL});
	c = set_str(c, "commit", s);
	free(s);
	s = NULL;
	if (toolchain)
		s = xstrdup(toolchain);
	else if (is_go(cmd[0]))
		s = proc_first_line((char *[]){cmd[0], "version", NULL});
	c = set_str(c, "toolchain", s);
	if (s && !toolchain && (strstr(s, "gccgo") || strstr(s, " unknown")))
		c = set_str_free(c, "compiler", gccgo_version(cmd[0]));
	free(s);
	for (i = 0; cmd[i]; i++)
		argv = jv_array_append(argv, jv_string(cmd[i]));
	c = jv_object_set(c, jv_string("command"), argv);
	if (jv_object_length(jv_copy(labels)))
		c = jv_object_set(c, jv_string("labels"), jv_copy(labels));
	c = jv_object_set(c, jv_string("run"), jv_copy(run_id));
	return c;
}
