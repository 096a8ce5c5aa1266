/*
 * extract.c — an archive unpacked as somebody else's input (extract.h).
 *
 * Why not libarchive's archive_write_disk: it writes by path name, keeps
 * modes, makes devices, fifos and hard links, and its SECURE_SYMLINKS
 * check is done on the names as they are when each member is written, so
 * a chain of links the archive builds later (l -> ., m -> l/..) slips past
 * it.  Here a member can only become a regular file or a directory made
 * through descriptors, and a link is judged by the kernel once every
 * member is in.
 */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "extract.h"
#include "map.h"
#include "util.h"

const char *extract_clean_name(const char *name, char *out, size_t n)
{
	const char *p = name;
	size_t len = 0;

	if (!name || !*name)
		return "member without a name";
	if (*name == '/')
		return "absolute path";
	while (*p) {
		size_t k = strcspn(p, "/");

		if (k == 2 && !strncmp(p, "..", 2))
			return "'..' in path";
		if (k && !(k == 1 && *p == '.')) {
			if (len + k + 2 > n)
				return "path too long";
			if (len)
				out[len++] = '/';
			memcpy(out + len, p, k);
			len += k;
		}
		p += k;
		while (*p == '/')
			p++;
	}
	if (!len)
		return "member without a name";
	out[len] = '\0';
	return NULL;
}

const char *extract_link_escapes(const char *from, const char *target)
{
	const char *p;
	int depth = 0;

	if (!*target)
		return "symbolic link to nothing";
	if (*target == '/')
		return "symbolic link to an absolute path";
	for (p = from; (p = strchr(p, '/')); p++)
		depth++; /* the link's own directory depth */
	for (p = target; *p;) {
		size_t k = strcspn(p, "/");

		if (k == 2 && !strncmp(p, "..", 2)) {
			if (--depth < 0)
				return "symbolic link pointing outside";
		} else if (k && !(k == 1 && *p == '.')) {
			depth++;
		}
		p += k;
		while (*p == '/')
			p++;
	}
	return NULL;
}

/* Is name one component: not empty, ".", ".." and without '/'? */
static int component(const char *name)
{
	return *name && strcmp(name, ".") && strcmp(name, "..") &&
	       !strchr(name, '/');
}

int beneath_mkdir(int root, const char *name)
{
	int fd;

	if (!component(name)) {
		errno = EINVAL;
		return -1;
	}
	fd =
	    openat(root, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		if (mkdirat(root, name, 0755) && errno != EEXIST)
			return -1;
		fd = openat(root, name,
			    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	}
	if (fd < 0 && errno == ENOTDIR) { /* a link says so too: tell them */
		struct stat st;

		if (fstatat(root, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    S_ISLNK(st.st_mode))
			errno = ELOOP;
		else
			errno = ENOTDIR;
	}
	return fd;
}

/* The directory of clean name path's parent beneath root, each component
 * made if missing; *base the last component.  The descriptor (root itself
 * for a top-level name: not to be closed), or -1 with errno. */
static int parent_of(int root, char *path, const char **base)
{
	char *p = path, *slash;
	int fd = root, next;

	while ((slash = strchr(p, '/'))) {
		*slash = '\0';
		next = beneath_mkdir(fd, p);
		*slash = '/';
		if (fd != root)
			close(fd);
		if (next < 0)
			return -1;
		fd = next;
		p = slash + 1;
	}
	*base = p;
	return fd;
}

int remove_tree(int dir, const char *name)
{
	DIR *d;
	struct dirent *e;
	int fd, ret = 0;

	if (unlinkat(dir, name, 0) == 0)
		return 0;
	if (errno != EISDIR && errno != EPERM)
		return -1;
	fd = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || !(d = fdopendir(fd))) {
		if (fd >= 0)
			close(fd);
		return -1;
	}
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			ret |= remove_tree(dirfd(d), e->d_name);
	closedir(d);
	return ret | unlinkat(dir, name, AT_REMOVEDIR);
}

/* A link of the archive, made once every file is in. */
struct link {
	char *name, *target;
};

struct unpack {
	struct archive *a;
	const char *file;
	int root;
	struct map seen; /* clean member names */
	struct link *links;
	size_t nlinks;
	const char *member; /* the name reported with an error */
};

/* Report why u's current member is refused; EXIT_USAGE. */
static int refuse(struct unpack *u, const char *why)
{
	warnx_("%s: %s: refused: %s", u->file, u->member, why);
	return EXIT_USAGE;
}

static int sys_error(struct unpack *u)
{
	warnx_("%s: %s: %s", u->file, u->member, strerror(errno));
	return EXIT_USAGE;
}

static int archive_error(struct unpack *u)
{
	const char *msg = archive_error_string(u->a);

	warnx_("%s: %s: %s", u->file, u->member,
	       msg ? msg : "unreadable member");
	return EXIT_USAGE;
}

/* Copy the data of the current member into fd. */
static int copy_data(struct unpack *u, int fd)
{
	const void *p;
	size_t n;
	la_int64_t off;
	int r;

	while ((r = archive_read_data_block(u->a, &p, &n, &off)) ==
	       ARCHIVE_OK) {
		const char *c = p;

		while (n > 0) {
			ssize_t k = pwrite(fd, c, n, (off_t)off);

			if (k < 0)
				return sys_error(u);
			c += k, n -= (size_t)k, off += k;
		}
	}
	return r == ARCHIVE_EOF ? 0 : archive_error(u);
}

static int unpack_file(struct unpack *u, struct archive_entry *e, char *path)
{
	const char *base;
	int dir = parent_of(u->root, path, &base), fd, ret;
	mode_t mode = archive_entry_perm(e) & 0111 ? 0755 : 0644;
	struct timespec t[2] = {{0, UTIME_OMIT}, {0, UTIME_OMIT}};

	if (dir < 0)
		return errno == ELOOP || errno == ENOTDIR
			   ? refuse(u, "a member beneath a link or a file")
			   : sys_error(u);
	fd = openat(dir, base,
		    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
	if (dir != u->root)
		close(dir);
	if (fd < 0)
		return errno == EEXIST ? refuse(u, "a directory of this name")
				       : sys_error(u);
	ret = copy_data(u, fd);
	if (!ret && archive_entry_mtime_is_set(e)) {
		t[0].tv_sec = t[1].tv_sec = archive_entry_mtime(e);
		t[0].tv_nsec = t[1].tv_nsec = 0;
		futimens(fd, t);
	}
	if (close(fd) && !ret)
		ret = sys_error(u);
	return ret;
}

static int unpack_dir(struct unpack *u, char *path)
{
	const char *base;
	int dir = parent_of(u->root, path, &base), fd;

	if (dir < 0)
		return errno == ELOOP || errno == ENOTDIR
			   ? refuse(u, "a member beneath a link or a file")
			   : sys_error(u);
	fd = beneath_mkdir(dir, base);
	if (dir != u->root)
		close(dir);
	if (fd < 0)
		return errno == ELOOP || errno == ENOTDIR
			   ? refuse(u, "a file of this name")
			   : sys_error(u);
	close(fd);
	return 0;
}

/* One member: checked, then written (links noted for later). */
static int unpack_member(struct unpack *u, struct archive_entry *e)
{
	char path[PATH_MAX];
	const char *why, *t;
	int created;

	u->member = archive_entry_pathname(e) ? archive_entry_pathname(e) : "";
	if (*u->member && archive_entry_filetype(e) == AE_IFDIR &&
	    strspn(u->member, "./") == strlen(u->member) &&
	    !strstr(u->member, ".."))
		return 0; /* "./", as `tar -C dir -c .` writes: the root */
	if ((why = extract_clean_name(u->member, path, sizeof path)))
		return refuse(u, why);
	map_get(&u->seen, path, strlen(path), &created);
	if (!created)
		return refuse(u, "a second member of this name");
	if (archive_entry_hardlink(e))
		return refuse(u, "a hard link (only files and directories are "
				 "extracted)");
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return unpack_file(u, e, path);
	case AE_IFDIR:
		return unpack_dir(u, path);
	case AE_IFLNK:
		t = archive_entry_symlink(e);
		if ((why = extract_link_escapes(path, t ? t : "")))
			return refuse(u, why);
		u->links =
		    xreallocarray(u->links, u->nlinks + 1, sizeof *u->links);
		u->links[u->nlinks].name = xstrdup(path);
		u->links[u->nlinks++].target = xstrdup(t);
		return 0;
	default:
		return refuse(u, "a device, fifo or socket (only files and "
				 "directories are extracted)");
	}
}

/* Make the archive's links, then keep them only if each resolves, by
 * the kernel, to something beneath the root. */
static int make_links(struct unpack *u)
{
	struct open_how how = {.flags = O_PATH | O_CLOEXEC,
			       .resolve = RESOLVE_BENEATH};
	const char *base;
	size_t i;
	int dir, fd;

	for (i = 0; i < u->nlinks; i++) {
		u->member = u->links[i].name;
		if ((dir = parent_of(u->root, u->links[i].name, &base)) < 0)
			return errno == ELOOP || errno == ENOTDIR
				   ? refuse(u, "a member beneath a link")
				   : sys_error(u);
		fd = symlinkat(u->links[i].target, dir, base);
		if (dir != u->root)
			close(dir);
		if (fd)
			return errno == EEXIST
				   ? refuse(u, "a link where a directory is")
				   : sys_error(u);
	}
	for (i = 0; i < u->nlinks; i++) {
		u->member = u->links[i].name;
		fd = (int)syscall(SYS_openat2, u->root, u->links[i].name, &how,
				  sizeof how);
		if (fd < 0 && errno == ENOSYS)
			return refuse(u, "this kernel cannot resolve a link "
					 "beneath a directory (openat2)");
		if (fd < 0)
			return refuse(u, errno == ENOENT
					     ? "symbolic link to nothing inside"
					     : "symbolic link leading outside");
		close(fd);
	}
	return 0;
}

static mode_t umask_now(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* 0 when dir is absent or an empty directory, else reported. */
static int target_free(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d && errno == ENOENT)
		return 0;
	if (!d) {
		warnx_("%s: %s", dir, strerror(errno));
		return EXIT_USAGE;
	}
	while ((e = readdir(d)))
		n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
	closedir(d);
	if (n) {
		warnx_("%s: not empty: extract into a new directory", dir);
		return EXIT_USAGE;
	}
	return 0;
}

int extract_archive(struct archive *a, const char *file, const char *dir)
{
	struct unpack u = {a, file, -1, {0}, NULL, 0, ""};
	struct archive_entry *e;
	char tmp[PATH_MAX];
	size_t i, n = strlen(dir);
	int r = ARCHIVE_OK, ret;

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n + 16 > sizeof tmp)
		die(EXIT_USAGE, "%s: path too long", dir);
	snprintf(tmp, sizeof tmp, "%.*s.tmp.XXXXXX", (int)n, dir);
	if ((ret = target_free(dir)))
		return ret;
	if (!mkdtemp(tmp) ||
	    (u.root = open(tmp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				    O_CLOEXEC)) < 0) {
		warnx_("%s: %s", tmp, strerror(errno));
		return EXIT_USAGE;
	}
	chmod(tmp, 0755 & ~umask_now());
	while (!ret && (r = archive_read_next_header(a, &e)) == ARCHIVE_OK)
		ret = unpack_member(&u, e);
	if (!ret && r != ARCHIVE_EOF) {
		u.member = "(next member)";
		ret = archive_error(&u);
	}
	if (!ret)
		ret = make_links(&u);
	close(u.root);
	if (!ret && rename(tmp, dir)) {
		warnx_("%s: %s", dir, strerror(errno));
		ret = EXIT_USAGE;
	}
	if (ret)
		remove_tree(AT_FDCWD, tmp);
	for (i = 0; i < u.nlinks; i++) {
		free(u.links[i].name);
		free(u.links[i].target);
	}
	free(u.links);
	map_free(&u.seen, NULL);
	return ret;
}
