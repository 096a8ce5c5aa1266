/*
 * test_atomic.c — atomic replacement keeps a backup, leaves the target
 * untouched on abort or on any failure (a missing directory, a rename or a
 * link refused, a write refused), and locks are exclusive across processes.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic.h"
#include "tap.h"

static char *slurp(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* How many temporaries ("*.tmp.*") does dir hold? */
static int temporaries(const char *dir)
{
	char cmd[300];

	snprintf(cmd, sizeof cmd, "ls -a %s | grep -c '\\.tmp' >/dev/null",
		 dir);
	return system(cmd) == 0;
}

/* Every way a replacement can fail leaves the target as it was, no
 * temporary behind, and errno saying why. */
static void failures(const char *dir, const char *path)
{
	char sub[300], file[300], missing[300];
	struct atomic_file af;
	int r;

	snprintf(missing, sizeof missing, "%s/no/such/f", dir);
	errno = 0;
	r = atomic_open(&af, missing);
	ok(r == -1 && errno == ENOENT, "open in a missing directory: ENOENT");
	ok(!af.path && !af.tmp && !af.f, "and nothing held");
	errno = 0;
	ok(atomic_write(missing, "x", 1, 1) == -1 && errno == ENOENT,
	   "atomic_write there too");
	ok(lock_path(missing) == -1, "no lock in a missing directory");

	/* rename() cannot replace a directory that holds a file */
	snprintf(sub, sizeof sub, "%s/d", dir);
	snprintf(file, sizeof file, "%s/d/keep", dir);
	ok(mkdir(sub, 0755) == 0 && atomic_write(file, "k\n", 2, 0) == 0,
	   "a directory with a file");
	errno = 0;
	ok(atomic_write(sub, "new\n", 4, 0) == -1 && errno != 0,
	   "replacing it fails with errno set");
	is_str(slurp(file), "k\n", "the directory is untouched");
	ok(!temporaries(dir), "no temporary behind a failed rename");
	ok(atomic_write(sub, "new\n", 4, 1) == -1,
	   "with a backup: a directory cannot be linked, so it fails first");
	ok(!temporaries(dir), "no temporary behind a failed backup");
	is_str(slurp(path), "two\n", "other files untouched");
}

/* A write the system refuses (the file size limit: EFBIG, as a full disk
 * gives ENOSPC) fails the commit and keeps the old contents. */
static void refused_write(const char *dir, const char *path, const char *bak)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit lim = {3, 3};
		char big[100];

		memset(big, 'x', sizeof big);
		signal(SIGXFSZ, SIG_IGN);
		if (setrlimit(RLIMIT_FSIZE, &lim))
			_exit(4);
		errno = 0;
		if (atomic_write(path, big, sizeof big, 1) != -1)
			_exit(5);
		_exit(errno == EFBIG ? 0 : 6);
	}
	waitpid(pid, &st, 0);
	is_int(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0,
	       "a refused write fails with EFBIG");
	is_str(slurp(path), "two\n", "the target keeps its contents");
	is_str(slurp(bak), "one\n", "and its backup");
	ok(!temporaries(dir), "no temporary behind a refused write");
}

/* Links: atomic_open replaces a link itself (a tree may hold planted
 * ones), atomic_open_through writes through it; modes are kept; a .lock
 * that is a link is refused, never followed. */
static void links(const char *dir)
{
	char real[256], lnk[256], lock[300], victim[256];
	struct atomic_file af;
	struct stat sb;

	snprintf(real, sizeof real, "%s/real", dir);
	snprintf(lnk, sizeof lnk, "%s/link", dir);
	snprintf(victim, sizeof victim, "%s/victim", dir);
	ok(atomic_write(real, "r\n", 2, 0) == 0 && chmod(real, 0600) == 0 &&
	       symlink("real", lnk) == 0,
	   "a 0600 file and a link to it");
	ok(atomic_write(real, "r2\n", 3, 0) == 0 && stat(real, &sb) == 0 &&
	       (sb.st_mode & 07777) == 0600,
	   "replacing a 0600 file keeps 0600");
	ok(atomic_open_through(&af, lnk) == 0, "open through the link");
	fputs("via\n", af.f);
	ok(atomic_commit(&af, 0) == 0, "and commit");
	ok(lstat(lnk, &sb) == 0 && S_ISLNK(sb.st_mode),
	   "the link stays a link");
	is_str(slurp(real), "via\n", "its target holds the new contents");
	ok(stat(real, &sb) == 0 && (sb.st_mode & 07777) == 0600,
	   "with the target's mode");
	ok(atomic_write(lnk, "own\n", 4, 0) == 0 && lstat(lnk, &sb) == 0 &&
	       S_ISREG(sb.st_mode),
	   "atomic_write replaces a link itself");
	is_str(slurp(real), "via\n", "and leaves what it pointed to alone");
	snprintf(lock, sizeof lock, "%s.lock", real);
	ok(atomic_write(victim, "v\n", 2, 0) == 0 &&
	       symlink("victim", lock) == 0,
	   "a .lock planted as a link");
	errno = 0;
	ok(lock_path(real) == -1 && errno == ELOOP,
	   "lock_path refuses it (ELOOP)");
	is_str(slurp(victim), "v\n", "and the link's target is untouched");
}

/* A batch: nothing replaced until the commit, then every file; an abort
 * leaves the targets; a failed rename leaves no temporary behind. */
static void batch(const char *dir)
{
	struct atomic_batch b = {0};
	char a[300], c[300], gone[300];

	snprintf(a, sizeof a, "%s/batch-a", dir);
	snprintf(c, sizeof c, "%s/batch-c", dir);
	ok(atomic_write(a, "old\n", 4, 0) == 0, "batch: an old file");
	ok(atomic_batch_add(&b, a, "new a\n", 6) == 0 &&
	       atomic_batch_add(&b, c, "new c\n", 6) == 0,
	   "batch: two files added");
	is_str(slurp(a), "old\n", "batch: nothing replaced before the commit");
	ok(atomic_batch_commit(&b) == 0, "batch: committed");
	is_str(slurp(a), "new a\n", "batch: the old file replaced");
	is_str(slurp(c), "new c\n", "batch: the new file written");
	ok(b.n == 0 && b.v == NULL, "batch: freed");
	ok(!temporaries(dir), "batch: no temporary behind");

	ok(atomic_batch_add(&b, a, "newer\n", 6) == 0, "batch: one more");
	atomic_batch_abort(&b);
	is_str(slurp(a), "new a\n", "batch: an abort leaves the target");
	ok(!temporaries(dir), "batch: and no temporary behind");

	snprintf(gone, sizeof gone, "%s/batch-dir", dir);
	mkdir(gone, 0755);
	snprintf(gone, sizeof gone, "%s/batch-dir/f", dir);
	ok(atomic_batch_add(&b, gone, "x\n", 2) == 0 &&
	       atomic_batch_add(&b, a, "last\n", 5) == 0,
	   "batch: a file in a directory that goes away");
	snprintf(gone, sizeof gone, "rm -rf %s/batch-dir", dir);
	if (system(gone))
		diag("could not remove it");
	ok(atomic_batch_commit(&b) == -1, "batch: its rename fails");
	is_str(slurp(a), "new a\n", "batch: the files after it untouched");
	ok(!temporaries(dir), "batch: no temporary behind");
	ok(atomic_batch_add(&b, "/nonexistent/x", "x", 1) == -1 && b.n == 0,
	   "batch: a file that cannot be made is not added");
	atomic_batch_abort(&b);
}

static void own_handler(int sig)
{
	(void)sig;
	_exit(7);
}

/* A child with a temporary (and a batch's) open, ended by sig: how it
 * ended.  With own set, the child has a handler of its own first. */
static int killed_with_temporaries(const char *dir, int sig, int own)
{
	char a[300], b[300];
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct atomic_file af;
		struct atomic_batch bt = {0};

		/* as a tool starts, whatever this test was started with (a
		 * job started in the background ignores SIGINT, nohup SIGHUP)
		 */
		signal(sig, own ? own_handler : SIG_DFL);
		snprintf(a, sizeof a, "%s/sig-a", dir);
		snprintf(b, sizeof b, "%s/sig-b", dir);
		if (atomic_open(&af, a) || atomic_batch_add(&bt, b, "x", 1))
			_exit(3);
		raise(sig);
		_exit(4);
	}
	waitpid(pid, &st, 0);
	return st;
}

/* A signal that ends the process removes its temporaries first; one it
 * handles itself is left to it. */
static void signals(const char *dir)
{
	char cmd[400];
	int st = killed_with_temporaries(dir, SIGTERM, 0);

	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM,
	   "SIGTERM: the process still dies of it");
	ok(!temporaries(dir), "and leaves no temporary");
	st = killed_with_temporaries(dir, SIGINT, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT && !temporaries(dir),
	   "SIGINT: the same");
	st = killed_with_temporaries(dir, SIGHUP, 0);
	ok(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP && !temporaries(dir),
	   "SIGHUP: the same");
	st = killed_with_temporaries(dir, SIGTERM, 1);
	ok(WIFEXITED(st) && WEXITSTATUS(st) == 7,
	   "a tool's own handler is kept");
	ok(temporaries(dir), "and the temporaries are its business");
	snprintf(cmd, sizeof cmd, "rm -f %s/sig-*", dir);
	if (system(cmd))
		diag("could not remove them");
}

int main(void)
{
	char dir[] = "/tmp/bt-atomic.XXXXXX", path[256], bak[300], cmd[300];
	struct atomic_file af;
	int fd, st;
	pid_t pid;

	if (!mkdtemp(dir))
		return 1;
	snprintf(path, sizeof path, "%s/f", dir);
	snprintf(bak, sizeof bak, "%s.backup", path);
	ok(atomic_write(path, "one\n", 4, 1) == 0, "write a new file");
	is_str(slurp(path), "one\n", "contents");
	ok(access(bak, F_OK) != 0, "no backup of a file that did not exist");
	ok(atomic_write(path, "two\n", 4, 1) == 0, "replace it");
	is_str(slurp(path), "two\n", "new contents");
	is_str(slurp(bak), "one\n", "old contents kept as .backup");
	atomic_open(&af, path);
	fputs("three\n", af.f);
	atomic_abort(&af);
	is_str(slurp(path), "two\n", "abort leaves the target");
	ok(!temporaries(dir), "and no temporary behind");
	failures(dir, path);
	refused_write(dir, path, bak);
	links(dir);
	batch(dir);
	signals(dir);

	fd = lock_path(path);
	ok(fd >= 0, "lock taken");
	pid = fork();
	if (pid == 0) {
		char lock[300];
		int l;

		snprintf(lock, sizeof lock, "%s.lock", path);
		l = open(lock, O_RDWR);
		_exit(flock(l, LOCK_EX | LOCK_NB) == 0 ? 0 : 3);
	}
	waitpid(pid, &st, 0);
	is_int(WEXITSTATUS(st), 3, "another process cannot take it");
	unlock_path(fd);

	ok(atomic_scratch("f.lock", 0), "an empty lock is scratch");
	ok(!atomic_scratch("f.lock", 3), "a .lock with contents is not ours");
	ok(atomic_scratch("a.jsonl.tmp.Ab12Cd", 10), "a temporary is scratch");
	ok(!atomic_scratch("a.tmp.jsonl", 10),
	   "a name with .tmp. inside is data");
	ok(atomic_scratch("a.jsonl.backup.tmp4242", 10),
	   "a backup's temporary is scratch");
	ok(!atomic_scratch("a.jsonl.backup", 10), "a backup is data");
	ok(!atomic_scratch(".backup.tmp1", 10), "nothing before the suffix");
	ok(!atomic_scratch("a.jsonl", 0), "an empty record file is data");
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd))
		diag("could not remove %s", dir);
	return tap_done();
}
