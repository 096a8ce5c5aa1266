/*
 * bt — the front command: `bt parse …` runs `bt-parse …`, git-style.
 *
 * It exists so people need to remember one name.  Commands are looked for
 * beside this executable first (so a build tree or a private install uses
 * its own), then on PATH; `bt` alone lists the commands it finds.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collect the names of executables bt-* in dir into *v (deduplicated). */
static void collect(const char *dir, char ***v, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];
	size_t i;

	if (!d)
		return;
	while ((e = readdir(d))) {
		if (strncmp(e->d_name, "bt-", 3) || !e->d_name[3])
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		if (access(path, X_OK))
			continue;
		for (i = 0; i < *n && strcmp((*v)[i], e->d_name + 3); i++)
			;
		if (i < *n)
			continue;
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(e->d_name + 3);
	}
	closedir(d);
}

static void list_commands(FILE *f);

static void usage(FILE *f, int status)
{
	fprintf(f, "usage: bt COMMAND [ARGS...]\n"
		   "       bt --help | --version\n"
		   "Run bt-COMMAND with ARGS.  Commands found:\n");
	list_commands(f);
	exit(status | fshut(f, f == stdout ? "<stdout>" : "<stderr>"));
}

static void list_commands(FILE *f)
{
	char *dir = proc_self_dir(), *path, *p, *colon;
	char **v = NULL;
	size_t n = 0, i;

	if (dir)
		collect(dir, &v, &n);
	free(dir);
	path = xstrdup(getenv("PATH") ? getenv("PATH") : "");
	for (p = path; p; p = colon ? colon + 1 : NULL) {
		colon = strchr(p, ':');
		if (colon)
			*colon = '\0';
		if (*p)
			collect(p, &v, &n);
	}
	free(path);
	qsort(v, n, sizeof *v, cmp);
	for (i = 0; i < n; i++) {
		fprintf(f, "   %s\n", v[i]);
		free(v[i]);
	}
	free(v);
}

int main(int argc, char **argv)
{
	char name[256], *path;

	util_init(argv[0]);
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help"))
		usage(argc < 2 ? stderr : stdout, argc < 2 ? EXIT_USAGE : 0);
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		print_version();
		return fshut(stdout, "<stdout>");
	}
	if (argv[1][0] == '-' || strchr(argv[1], '/') || strlen(argv[1]) > 200)
		usage(stderr, EXIT_USAGE);
	snprintf(name, sizeof name, "bt-%s", argv[1]);
	argv[1] = name;
	path = proc_sibling(name); /* beside us, else name for PATH */
	if (strchr(path, '/'))
		execv(path, argv + 1);
	free(path);
	execvp(name, argv + 1);
	if (errno == ENOENT)
		die(EXIT_USAGE, "'%s' is not a bt command (bt --help lists them)",
		    argv[1] + 3);
	die(EXIT_USAGE, "%s: %s", name, strerror(errno));
}
