/*
 * atomic.c — atomic file replacement and locks; see atomic.h.
 */
#include "atomic.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* fsync the directory dir, so a rename in it is durable. */
static int sync_directory(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int r = 0;

	if (fd < 0)
		return -1;
	if (fsync(fd) && errno != EINVAL)
		r = -1;
	close(fd);
	return r;
}

/* The directory part of path, as dirname gives it (caller frees). */
static char *dir_of(const char *path)
{
	char *copy = xstrdup(path), *d = xstrdup(dirname(copy));

	free(copy);
	return d;
}

/* fsync the directory holding path, so the rename itself is durable. */
static int sync_dir(const char *path)
{
	char *d = dir_of(path);
	int r = sync_directory(d);

	free(d);
	return r;
}

/* --- temporaries removed when a signal ends the process ------------------
 * A SIGINT, SIGTERM or SIGHUP whose action is the default (a tool's own
 * handler, or an ignored signal, is left alone) would leave this
 * process's temporaries behind (FILE.tmp.XXXXXX, thousands for a web
 * tree's batch): the handler removes them, then dies of the signal as it
 * would have.  Only the process that made them does (a forked child that
 * did not exec keeps the handler).  The list changes with those signals
 * blocked in the changing thread; temporaries are made on one thread. */
struct pending {
	struct pending *next;
	const char *tmp; /* the atomic_file's own string */
};
static struct pending *volatile pending;
static pid_t pending_pid;
static const int watched[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_pending(int sig)
{
	struct pending *p;

	if (getpid() == pending_pid)
		for (p = pending; p; p = p->next)
			unlink(p->tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Block (or, with old, restore) the watched signals in this thread. */
static void block(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < sizeof watched / sizeof *watched; i++)
		sigaddset(&set, watched[i]);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void watch(const char *tmp)
{
	struct pending *p = xmalloc(sizeof *p);
	struct sigaction sa, was;
	sigset_t old;
	size_t i;

	block(&old);
	if (pending_pid != getpid()) { /* the first temporary here */
		pending = NULL; /* a parent's, not ours to free or remove */
		pending_pid = getpid();
		memset(&sa, 0, sizeof sa);
		sa.sa_handler = remove_pending;
		sigfillset(&sa.sa_mask);
		for (i = 0; i < sizeof watched / sizeof *watched; i++)
			if (sigaction(watched[i], NULL, &was) == 0 &&
			    was.sa_handler == SIG_DFL)
				sigaction(watched[i], &sa, NULL);
	}
	p->tmp = tmp;
	p->next = pending;
	pending = p;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void unwatch(const char *tmp)
{
	struct pending *volatile *pp, *p;
	sigset_t old;

	block(&old);
	for (pp = &pending; (p = *pp); pp = &p->next)
		if (p->tmp == tmp) {
			*pp = p->next;
			free(p);
			break;
		}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

char *atomic_target(const char *path)
{
	struct stat sb;
	char *real;

	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    (real = realpath(path, NULL)))
		return real;
	return xstrdup(path);
}

static int open_at(struct atomic_file *af, const char *path, int through)
{
	struct stat old;
	size_t n;
	int fd;

	memset(af, 0, sizeof *af);
	af->path = through ? atomic_target(path) : xstrdup(path);
	n = strlen(af->path);
	af->tmp = xmalloc(n + 16);
	snprintf(af->tmp, n + 16, "%s.tmp.XXXXXX", af->path);
	fd = mkstemp(af->tmp);
	if (fd < 0) {
		free(af->path);
		free(af->tmp);
		af->path = af->tmp = NULL;
		return -1;
	}
	watch(af->tmp);
	if (lstat(af->path, &old) == 0 && S_ISREG(old.st_mode)) {
		/* the replacement keeps the file's mode and owner (0600 stays
		 * 0600); a group or owner we may not give is left ours */
		if (fchown(fd, old.st_uid, old.st_gid))
			(void)!fchown(fd, (uid_t)-1, old.st_gid);
		fchmod(fd, old.st_mode & 07777);
	} else {
		mode_t um = umask(0);

		umask(um);
		fchmod(fd, 0644 & ~um);
	}
	af->f = fdopen(fd, "w");
	if (!af->f) {
		int e = errno;

		close(fd);
		atomic_abort(af);
		errno = e;
		return -1;
	}
	return 0;
}

int atomic_open(struct atomic_file *af, const char *path)
{
	return open_at(af, path, 0);
}

int atomic_open_through(struct atomic_file *af, const char *path)
{
	return open_at(af, path, 1);
}

void atomic_abort(struct atomic_file *af)
{
	if (af->f)
		fclose(af->f);
	if (af->tmp) {
		unlink(af->tmp);
		unwatch(af->tmp);
	}
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof *af);
}

/* Keep the current target as PATH.backup, replacing an older backup
 * atomically (link to a temporary name, then rename). */
static int keep_backup(const char *path)
{
	size_t n = strlen(path) + 32;
	char *bak = xmalloc(n), *tmp = xmalloc(n);
	int r = 0;

	snprintf(bak, n, "%s.backup", path);
	snprintf(tmp, n, "%s.backup.tmp%ld", path, (long)getpid());
	unlink(tmp);
	if (link(path, tmp) == 0)
		r = rename(tmp, bak);
	else if (errno != ENOENT)
		r = -1; /* no target yet: nothing to keep */
	if (r)
		unlink(tmp);
	free(bak);
	free(tmp);
	return r;
}

int atomic_commit(struct atomic_file *af, int backup)
{
	int e;

	if (fflush(af->f) || ferror(af->f) || fsync(fileno(af->f)))
		goto fail;
	if (fclose(af->f)) {
		af->f = NULL;
		goto fail;
	}
	af->f = NULL;
	if (backup && keep_backup(af->path))
		goto fail;
	if (rename(af->tmp, af->path))
		goto fail;
	unwatch(af->tmp);
	sync_dir(af->path);
	free(af->path);
	free(af->tmp);
	memset(af, 0, sizeof *af);
	return 0;
fail:
	e = errno;
	atomic_abort(af);
	errno = e;
	return -1;
}

int atomic_write(const char *path, const void *p, size_t n, int backup)
{
	struct atomic_file af;

	if (atomic_open(&af, path))
		return -1;
	if (n && fwrite(p, 1, n, af.f) != n) {
		int e = errno;

		atomic_abort(&af);
		errno = e;
		return -1;
	}
	return atomic_commit(&af, backup);
}

int atomic_batch_add(struct atomic_batch *b, const char *path, const void *p,
		     size_t n)
{
	struct atomic_file af;
	int e;

	if (atomic_open(&af, path))
		return -1;
	if ((n && fwrite(p, 1, n, af.f) != n) || fflush(af.f) || ferror(af.f) ||
	    fclose(af.f)) {
		e = errno;
		af.f = NULL; /* closed, or to be closed by abort */
		atomic_abort(&af);
		errno = e;
		return -1;
	}
	af.f = NULL;
	b->v = xreallocarray(b->v, b->n + 1, sizeof *b->v);
	b->v[b->n++] = af;
	return 0;
}

int atomic_batch_commit(struct atomic_batch *b)
{
	char *d, *last = NULL;
	size_t i;
	int fd, r = 0, e = 0;

	if (b->n) { /* the whole file system the temporaries are on */
		d = dir_of(b->v[0].tmp);
		fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0 || syncfs(fd))
			r = -1, e = errno;
		if (fd >= 0)
			close(fd);
		free(d);
	}
	for (i = 0; i < b->n && !r; i++) {
		if (rename(b->v[i].tmp, b->v[i].path)) {
			r = -1, e = errno;
			break;
		}
		unwatch(b->v[i].tmp);
		d = dir_of(b->v[i].path);
		if (last && strcmp(d, last))
			sync_directory(last);
		free(last);
		last = d;
		free(b->v[i].path);
		free(b->v[i].tmp);
		memset(&b->v[i], 0, sizeof b->v[i]);
	}
	if (last)
		sync_directory(last);
	free(last);
	atomic_batch_abort(b); /* what was not renamed */
	errno = e;
	return r;
}

void atomic_batch_abort(struct atomic_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (b->v[i].tmp)
			atomic_abort(&b->v[i]);
	free(b->v);
	memset(b, 0, sizeof *b);
}

int lock_path(const char *path)
{
	size_t n = strlen(path) + 8;
	char *lock = xmalloc(n);
	struct stat sb;
	int fd;

	snprintf(lock, n, "%s.lock", path);
	/* never through a planted link, never a fifo or device */
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
		  0644);
	free(lock);
	if (fd < 0)
		return -1;
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	while (flock(fd, LOCK_EX)) {
		if (errno != EINTR) {
			int e = errno;

			close(fd);
			errno = e;
			return -1;
		}
	}
	return fd;
}

void unlock_path(int fd)
{
	if (fd >= 0) {
		flock(fd, LOCK_UN);
		close(fd);
	}
}

int atomic_scratch(const char *name, long long size)
{
	size_t n = strlen(name), d = n;

	if (n > 5 && !strcmp(name + n - 5, ".lock"))
		return size == 0;
	if (n > 11 && !memcmp(name + n - 11, ".tmp.", 5))
		return 1; /* atomic_open's "%s.tmp.XXXXXX" */
	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	return d < n && d > 11 && !memcmp(name + d - 11, ".backup.tmp", 11);
}
