/*
 * fuzz_archive.c — libFuzzer target for the archive reader that unpacks
 * (extract.c).  The input describes members — a type byte (file,
 * directory, symbolic link, hard link, fifo, device), a mode, a name and
 * a link target or data — which are written as a tar with libarchive and
 * extracted into a fresh directory; or, when its first byte says so, the
 * input itself is the archive.  Whatever it holds, afterwards the scratch
 * directory holds the target or nothing (no temporary, nothing beside),
 * and the target only regular files 0644/0755, directories 0755 and links
 * the kernel resolves beneath it.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "extract.h"

static char scratch[] = "/tmp/fuzz_archive.XXXXXX";
static int root_ino_ok;

/* Take a NUL-ended string of at most max bytes from the input. */
static const char *take(const uint8_t **p, const uint8_t *end, char *out,
			size_t max)
{
	size_t n = 0;

	while (*p < end && **p && n < max - 1)
		out[n++] = (char)*(*p)++;
	if (*p < end)
		(*p)++;
	out[n] = '\0';
	return out;
}

/* The input as members of a tar in memory; its size in *used. */
static void make_tar(const uint8_t *p, size_t n, char *buf, size_t cap,
		     size_t *used)
{
	const uint8_t *end = p + n;
	struct archive *a = archive_write_new();
	char name[300], arg[300];

	archive_write_set_format_pax_restricted(a);
	archive_write_open_memory(a, buf, cap, used);
	while (end - p >= 3) {
		struct archive_entry *e = archive_entry_new();
		int type = p[0] % 7;
		unsigned mode = (unsigned)(p[1] << 8 | p[2]) & 07777;

		p += 3;
		archive_entry_set_pathname(e, take(&p, end, name, sizeof name));
		take(&p, end, arg, sizeof arg);
		archive_entry_set_perm(e, mode);
		switch (type) {
		case 0:
		case 1:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_size(e, (la_int64_t)strlen(arg));
			break;
		case 2:
			archive_entry_set_filetype(e, AE_IFDIR);
			break;
		case 3:
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, arg);
			break;
		case 4:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, arg);
			break;
		case 5:
			archive_entry_set_filetype(e, AE_IFIFO);
			break;
		default:
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_rdev(e, 0x0103);
		}
		if (archive_write_header(a, e) == ARCHIVE_OK && type < 2)
			archive_write_data(a, arg, strlen(arg));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

/* Every entry beneath dir (fd of root's tree) is a file 0644/0755, a
 * directory 0755 or a link resolving beneath root. */
static void check_tree(int root, int dir, const char *where)
{
	DIR *d = fdopendir(dir);
	struct dirent *e;
	struct stat st;

	if (!d)
		abort();
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			abort();
		if (S_ISREG(st.st_mode)) {
			if ((st.st_mode & 07777) != 0644 &&
			    (st.st_mode & 07777) != 0755) {
				fprintf(stderr, "%s/%s: mode %o\n", where,
					e->d_name, st.st_mode & 07777);
				abort();
			}
			if (st.st_nlink != 1)
				abort(); /* a hard link was made */
		} else if (S_ISDIR(st.st_mode)) {
			char sub[4096];
			int fd = openat(dirfd(d), e->d_name,
					O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

			if ((st.st_mode & 07777) != 0755 || fd < 0)
				abort();
			snprintf(sub, sizeof sub, "%s/%s", where, e->d_name);
			check_tree(root, fd, sub);
		} else if (S_ISLNK(st.st_mode)) {
			struct open_how how = {.flags = O_PATH,
					       .resolve = RESOLVE_BENEATH};
			char rel[4096];
			int fd;

			snprintf(rel, sizeof rel, "%s/%s", where, e->d_name);
			fd = (int)syscall(SYS_openat2, root, rel + 2, &how,
					  sizeof how);
			if (fd < 0) {
				fprintf(stderr,
					"%s: a link kept that leads "
					"outside\n",
					rel);
				abort();
			}
			close(fd);
		} else {
			fprintf(stderr,
				"%s/%s: not a file, directory or link\n", where,
				e->d_name);
			abort();
		}
	}
	closedir(d);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	umask(022);
	if (!mkdtemp(scratch))
		abort();
	root_ino_ok = 1;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char tar[1 << 20];
	char target[sizeof scratch + 8];
	struct archive *a;
	size_t used = 0;
	DIR *d;
	struct dirent *e;
	int ret, fd, others = 0;

	if (size < 1 || !root_ino_ok)
		return 0;
	if (data[0] & 1) {
		make_tar(data + 1, size - 1, tar, sizeof tar, &used);
	} else {
		used = size - 1 < sizeof tar ? size - 1 : sizeof tar;
		memcpy(tar, data + 1, used);
	}
	a = archive_read_new();
	archive_read_support_filter_all(a);
	archive_read_support_format_all(a);
	if (archive_read_open_memory(a, tar, used) != ARCHIVE_OK) {
		archive_read_free(a);
		return 0;
	}
	snprintf(target, sizeof target, "%s/t", scratch);
	ret = extract_archive(a, "fuzz", target);
	archive_read_free(a);
	/* the scratch directory: the target or nothing, never a temporary */
	if (!(d = opendir(scratch)))
		abort();
	while ((e = readdir(d)))
		others += strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
			  strcmp(e->d_name, "t");
	closedir(d);
	if (others) {
		fprintf(stderr, "something beside the target\n");
		abort();
	}
	fd = open(target, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
	if ((ret == 0) != (fd >= 0)) {
		fprintf(stderr, "exit %d but target %s\n", ret,
			fd >= 0 ? "made" : "absent");
		abort();
	}
	if (fd >= 0) {
		int root = dup(fd);

		check_tree(root, fd, ".");
		close(root);
		if (remove_tree(AT_FDCWD, target))
			abort();
	}
	return 0;
}
