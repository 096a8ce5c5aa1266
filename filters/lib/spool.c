/*
 * spool.c — the second half of a list of inputs read by a child process;
 * see spool.h.
 */
#include "spool.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "paths.h"
#include "proc.h"
#include "record.h"
#include "util.h"

/* The child's exit status when it gives its half back. */
enum { GAVE_BACK = 125, COPY = 1 << 18 };

/* A cut input: at least CUT_MIN bytes (below, the fork costs more than it
 * saves), CUT_SHARE of them read by the parent.  Go text parsed with its
 * records dropped takes half the time of reading it, and two processes
 * slow each other down, the child more: 0.70 is where both sides end
 * together (performance.md). */
enum { CUT_MIN = 8 << 20 };
#define CUT_SHARE 0.70

size_t spool_split(char *const *paths, size_t n)
{
	struct paths p = {(char **)paths, n, n};
	size_t k;

	if (util_cores() < 2 || (k = paths_split(&p)) == n)
		return 0;
	return k;
}

long long spool_cut(const char *path)
{
	int std = strcmp(path, "-") == 0, gz, fd;
	unsigned char magic[2];
	struct stat st;
	off_t at = 0;
	long long cut = 0;

	if (util_cores() < 2)
		return 0;
	fd = std ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return 0;
	/* stdin from where it is: its reader starts there */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (!std || (at = lseek(fd, 0, SEEK_CUR)) >= 0)) {
		gz = pread(fd, magic, 2, at) == 2 && magic[0] == 0x1f &&
		     magic[1] == 0x8b;
		if (!gz && st.st_size - at >= CUT_MIN)
			cut =
			    (long long)((double)(st.st_size - at) * CUT_SHARE);
	}
	if (!std)
		close(fd);
	return cut;
}

/* An unnamed file to spool into: nothing in the file system ever names
 * it, so nothing planted there can be followed or read. */
static int spool_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (!dir || !*dir)
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR))
		return fd;
	/* a file system without O_TMPFILE: a named one, unlinked at once */
	if ((size_t)snprintf(path, sizeof path, "%s/bt-spool.XXXXXX", dir) >=
	    sizeof path)
		return -1;
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		unlink(path);
	return fd;
}

int spool_fork(struct spool *s, FILE *out)
{
	pid_t parent = getpid();

	s->pid = -1;
	s->out = spool_file();
	s->err = s->out < 0 ? -1 : spool_file();
	if (s->err < 0 || fflush(out) || fflush(stderr) ||
	    (s->pid = fork()) < 0) {
		if (s->out >= 0)
			close(s->out);
		if (s->err >= 0)
			close(s->err);
		return -1;
	}
	if (s->pid > 0)
		return 1;
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent ||
	    dup2(s->out, fileno(out)) < 0 || dup2(s->err, STDERR_FILENO) < 0)
		_exit(GAVE_BACK);
	close(s->out);
	close(s->err);
	return 0;
}

void spool_child_exit(int status, int failed)
{
	/* _exit: what the parent's exit would do (atexit, a sanitizer's leak
	 * check) is the parent's; stderr is unbuffered */
	_exit(failed ? GAVE_BACK : status);
}

/* Copy all of fd (from its start) to w, whole lines at a time, so that
 * what a failed write cuts back is a record (recw).  0, or -1 when it
 * could not be read. */
static int copy_records(int fd, struct recw *w)
{
	size_t cap = COPY, have = 0, line;
	char *b = xmalloc(cap), *nl;
	off_t at = 0;
	ssize_t k;

	for (;;) {
		if (have == cap)
			b = xrealloc(b, cap *= 2); /* a line longer than b */
		k = pread(fd, b + have, cap - have, at + (off_t)have);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		have += (size_t)k;
		if (!(nl = memrchr(b, '\n', have)))
			continue;
		line = (size_t)(nl - b) + 1;
		recw_raw(w, b, line);
		memmove(b, b + line, have - line);
		have -= line, at += (off_t)line;
	}
	recw_raw(w, b, have); /* none: the child wrote whole lines */
	free(b);
	return k < 0 ? -1 : 0;
}

/* Copy all of fd to stderr. */
static void copy_words(int fd)
{
	char b[4096];
	off_t at = 0;
	ssize_t k;

	while ((k = pread(fd, b, sizeof b, at)) > 0 ||
	       (k < 0 && errno == EINTR)) {
		if (k < 0)
			continue;
		if (fwrite(b, 1, (size_t)k, stderr) != (size_t)k)
			break;
		at += k;
	}
}

int spool_finish(struct spool *s, struct recw *w)
{
	int raw = 0, st = proc_wait(s->pid, &raw, NULL);

	if (st < 0 || !WIFEXITED(raw) || st == GAVE_BACK) {
		st = SPOOL_REDO;
	} else if (copy_records(s->out, w)) {
		warnx_("spool: %s", strerror(errno));
		st = EXIT_USAGE;
	} else {
		copy_words(s->err);
	}
	close(s->out);
	close(s->err);
	return st;
}

void spool_abandon(struct spool *s)
{
	int raw;

	kill(s->pid, SIGKILL);
	proc_wait(s->pid, &raw, NULL);
	close(s->out);
	close(s->err);
}
