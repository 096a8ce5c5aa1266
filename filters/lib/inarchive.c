/*
 * inarchive.c — an archive (.tar.gz, .tar.xz, .tar, .zip) read as many
 * inputs: each member streamed through libarchive into input.c's reader
 * (its bytes from archive_read_data instead of read(2)), named
 * "archive:member", never unpacked to disk; and which file an input is
 * (input_clash, input_same_pipe), an archive's member included.
 */
#include <archive.h>
#include <archive_entry.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guard.h"
#include "inputpriv.h"
#include "util.h"

int archive_suffix(const char *path, size_t n)
{
	static const char *sfx[] = {".tar", ".tar.gz",	".tgz",	 ".tar.xz",
				    ".txz", ".tar.bz2", ".tbz2", ".tar.zst",
				    ".zip", NULL};
	size_t i, k;

	for (i = 0; sfx[i]; i++) {
		k = strlen(sfx[i]);
		if (n >= k && !strncmp(path + n - k, sfx[i], k))
			return 1;
	}
	return 0;
}

/* Read the archive's current member as one input. */
static int read_member(struct archive *a, const char *name, int lenient,
		       const struct input_opts *o, struct plugins *reg)
{
	struct reader r;
	int ret;

	memset(&r, 0, sizeof r);
	r.fd = -1;
	r.ar = a;
	r.lenient = lenient;
	if (reader_start(&r, -1, name, o) < 0) {
		warnx_("%s: %s", name, reader_strerror(&r));
		ret = EXIT_USAGE;
	} else {
		ret = read_stream(&r, o, reg);
	}
	reader_close(&r);
	return ret;
}

int read_archive(const char *path, const char *only, const struct input_opts *o,
		 struct plugins *reg)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	const char *m;
	char *name;
	int r, ret = 0, found = 0;

	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_filename(a, path, CHUNK) != ARCHIVE_OK) {
		warnx_("%s: %s", path, archive_error_string(a));
		archive_read_free(a);
		return EXIT_USAGE;
	}
	while (!ret && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
		m = archive_entry_pathname(e);
		if (!m || archive_entry_filetype(e) != AE_IFREG ||
		    (only ? strcmp(m, only) != 0 : !strcmp(m, "MANIFEST.json")))
			continue;
		found = 1;
		if (asprintf(&name, "%s:%s", path, m) < 0)
			die(EXIT_USAGE, "out of memory");
		ret = read_member(a, name, only == NULL, o, reg);
		free(name);
		if (only)
			break;
	}
	if (!ret && !found && r != ARCHIVE_EOF && r != ARCHIVE_OK) {
		warnx_("%s: %s", path, archive_error_string(a));
		ret = EXIT_USAGE;
	} else if (!ret && only && !found) {
		warnx_("%s: no member named %s", path, only);
		ret = EXIT_USAGE;
	}
	archive_read_free(a);
	return ret;
}

size_t member_path(const char *path)
{
	const char *c;
	struct stat st;
	char *arch;
	int yes;

	for (c = strchr(path, ':'); c; c = strchr(c + 1, ':')) {
		if (!archive_suffix(path, (size_t)(c - path)))
			continue;
		arch = xstrndup(path, (size_t)(c - path));
		yes = stat(arch, &st) == 0 && S_ISREG(st.st_mode);
		free(arch);
		if (yes)
			return (size_t)(c - path);
	}
	return 0;
}

/* The file input reads: stdin's, the archive of "archive:member", or
 * input itself (through links); 0, or -1 when there is none. */
static int input_stat(const char *input, struct stat *st)
{
	size_t k;
	char *arch;
	int r;

	if (!strcmp(input, "-"))
		return fstat(STDIN_FILENO, st);
	if (stat(input, st) == 0)
		return 0;
	if (!(k = member_path(input)))
		return -1;
	arch = xstrndup(input, k);
	r = stat(arch, st);
	free(arch);
	return r;
}

const char *input_clash(const char *out, char *const *inputs, int n)
{
	struct stat o, in;
	int i;

	if ((strcmp(out, "-") ? stat(out, &o) : fstat(guard_stdout_fd(), &o)) ||
	    !S_ISREG(o.st_mode))
		return NULL; /* not there yet, or no file to truncate */
	for (i = 0; i < n; i++)
		if (!input_stat(inputs[i], &in) && S_ISREG(in.st_mode) &&
		    in.st_dev == o.st_dev && in.st_ino == o.st_ino)
			return inputs[i];
	return NULL;
}

int input_same_pipe(const char *a, const char *b)
{
	struct stat x, y;

	return !input_stat(a, &x) && !input_stat(b, &y) &&
	       S_ISFIFO(x.st_mode) && x.st_dev == y.st_dev &&
	       x.st_ino == y.st_ino;
}
