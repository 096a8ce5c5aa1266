/*
 * test_atomic.c — atomic replacement keeps a backup, leaves the target
 * untouched on abort, and locks are exclusive across processes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/file.h>
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
	snprintf(cmd, sizeof cmd, "ls %s | grep -c tmp >/dev/null", dir);
	ok(system(cmd) != 0, "and no temporary behind");

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
