/*
 * test_extract.c — the path rules of extract.c: member names made
 * canonical or refused, links judged by their text, directories made
 * beneath a root only, never through a link, and trees removed without
 * following one.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "extract.h"
#include "tap.h"

static const char *clean(const char *name)
{
	static char out[64];
	const char *why = extract_clean_name(name, out, sizeof out);

	return why ? why : out;
}

int main(void)
{
	char dir[] = "/tmp/test_extract.XXXXXX", path[128], long_name[100];
	struct stat st;
	int root, fd;

	is_str(clean("a/b.txt"), "a/b.txt", "a plain name stays");
	is_str(clean("./a//b/./c/"), "a/b/c", "./, // and a trailing / folded");
	is_str(clean("/etc/passwd"), "absolute path", "absolute refused");
	is_str(clean("a/../../b"), "'..' in path", "'..' refused");
	is_str(clean(".."), "'..' in path", "'..' alone refused");
	is_str(clean("./"), "member without a name", "'./' names nothing");
	is_str(clean(""), "member without a name", "empty refused");
	memset(long_name, 'x', sizeof long_name - 1);
	long_name[sizeof long_name - 1] = '\0';
	is_str(clean(long_name), "path too long", "longer than the buffer");

	ok(!extract_link_escapes("d/l", "f.txt"), "d/l -> f.txt stays in");
	ok(!extract_link_escapes("d/l", "../top"), "d/l -> ../top stays in");
	ok(extract_link_escapes("l", "..") != NULL, "l -> .. leads out");
	ok(extract_link_escapes("d/l", "../../x") != NULL,
	   "d/l -> ../../x leads out");
	ok(extract_link_escapes("l", "/etc") != NULL, "absolute link refused");
	ok(extract_link_escapes("l", "") != NULL, "empty link refused");

	if (!mkdtemp(dir))
		return 2;
	root = open(dir, O_RDONLY | O_DIRECTORY);
	fd = beneath_mkdir(root, "plat");
	ok(fd >= 0, "beneath_mkdir makes a directory");
	snprintf(path, sizeof path, "%s/plat", dir);
	ok(stat(path, &st) == 0 && S_ISDIR(st.st_mode), "and it is there");
	close(fd);
	fd = beneath_mkdir(root, "plat");
	ok(fd >= 0, "and opens one that is there");
	close(fd);
	ok(symlinkat("/tmp", root, "link") == 0 &&
	       beneath_mkdir(root, "link") == -1 && errno == ELOOP,
	   "a link is never followed: ELOOP");
	close(openat(root, "file", O_CREAT | O_WRONLY, 0644));
	ok(beneath_mkdir(root, "file") == -1 && errno == ENOTDIR,
	   "a file is no directory: ENOTDIR");
	ok(beneath_mkdir(root, "a/b") == -1 && errno == EINVAL,
	   "a name with '/' refused");
	ok(beneath_mkdir(root, "..") == -1 && errno == EINVAL, "'..' refused");
	ok(symlinkat(dir, root, "plat/up") == 0, "a link back up, planted");
	ok(remove_tree(AT_FDCWD, dir) == 0 && access(dir, F_OK) == -1 &&
	       access("/tmp", F_OK) == 0,
	   "remove_tree removes the tree, not what its links point to");
	close(root);
	return tap_done();
}
