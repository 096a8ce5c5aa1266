/*
 * fuzz_webpath.c — libFuzzer target for the path rules the web tree and
 * extraction write through (extract.c): a name made canonical
 * (extract_clean_name) has no empty, "." or ".." component and no leading
 * '/', and is its own canonical form; a link judged to stay inside by its
 * text (extract_link_escapes) never climbs above the root; and a platform
 * directory name given to beneath_mkdir, in a root holding planted links
 * (up -> .., abs -> /tmp), is made as a child of that root or refused —
 * never anywhere else.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"

static char scratch[] = "/tmp/fuzz_webpath.XXXXXX";
static int root = -1;
static struct stat root_st;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char sub[sizeof scratch + 8];

	(void)argc, (void)argv;
	if (!mkdtemp(scratch))
		abort();
	snprintf(sub, sizeof sub, "%s/web", scratch);
	if (mkdir(sub, 0755) ||
	    (root = open(sub, O_RDONLY | O_DIRECTORY)) < 0 ||
	    fstat(root, &root_st) || symlinkat("..", root, "up") ||
	    symlinkat("/tmp", root, "abs"))
		abort();
	return 0;
}

static void check_clean(const char *name)
{
	char out[512], again[512];
	const char *p;

	if (extract_clean_name(name, out, sizeof out))
		return;
	if (out[0] == '/' || !out[0])
		abort();
	for (p = out; *p;) {
		size_t k = strcspn(p, "/");

		if (k == 0 || (k == 1 && *p == '.') ||
		    (k == 2 && !strncmp(p, "..", 2)))
			abort();
		p += k;
		if (*p == '/')
			p++;
	}
	if (extract_clean_name(out, again, sizeof again) || strcmp(out, again))
		abort();
}

static void check_link(const char *from, const char *target)
{
	const char *p;
	int depth = 0;

	if (extract_link_escapes(from, target))
		return;
	for (p = from; (p = strchr(p, '/')); p++)
		depth++;
	for (p = target; *p;) {
		size_t k = strcspn(p, "/");

		if (k == 2 && !strncmp(p, "..", 2) && --depth < 0)
			abort();
		else if (k && !(k == 1 && *p == '.') &&
			 !(k == 2 && !strncmp(p, "..", 2)))
			depth++;
		p += k;
		while (*p == '/')
			p++;
	}
	if (*target == '/')
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char name[512], *split;
	struct stat st;
	DIR *d;
	struct dirent *e;
	int fd, up, n = 0;

	if (size >= sizeof name)
		return 0;
	memcpy(name, data, size);
	name[size] = '\0';
	check_clean(name);
	if ((split = strchr(name, '\n'))) {
		*split = '\0';
		check_link(name, split + 1);
		*split = '\n';
	}
	if ((fd = beneath_mkdir(root, name)) >= 0) {
		/* made or opened: a child of the root, not a link's target */
		up = openat(fd, "..", O_RDONLY | O_DIRECTORY);
		if (up < 0 || fstat(up, &st) || st.st_ino != root_st.st_ino ||
		    st.st_dev != root_st.st_dev)
			abort();
		close(up);
		close(fd);
		if (strcmp(name, "up") == 0 || strcmp(name, "abs") == 0)
			abort();
		unlinkat(root, name, AT_REMOVEDIR);
	}
	/* nothing beside the web directory, nothing made in /tmp by a link */
	if (!(d = opendir(scratch)))
		abort();
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	if (n != 1)
		abort();
	return 0;
}
