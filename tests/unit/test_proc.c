/*
 * test_proc.c — the child-process unit: argv reaches the child untouched
 * (no shell), exit codes and signals come back as exit statuses, a new
 * process group is killed whole (the grandchild too), stdout to a file or
 * /dev/null, the pid is set before a signal can be handled, and our own
 * path and the tools beside it are found.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "proc.h"
#include "tap.h"
#include "util.h"

static volatile sig_atomic_t child_pid;

static int alive(pid_t pid)
{
	return kill(pid, 0) == 0;
}

int main(int argc, char **argv)
{
	struct proc_opts o = PROC_OPTS_INIT;
	struct buf out = {0};
	char tmpl[] = "/tmp/test_proc.XXXXXX", path[4200], *s, *dir;
	char *echo[] = {"printf", "%s|", "$(touch pwned)", "a b", NULL};
	pid_t pid, grand = 0;
	FILE *f;
	int raw;

	(void)argc;
	util_init(argv[0]);
	if (!mkdtemp(tmpl))
		return 1;
	if (chdir(tmpl))
		return 1;

	s = proc_first_line(echo);
	is_str(s ? s : "", "$(touch pwned)|a b|",
	       "arguments reach the child as they are");
	ok(access("pwned", F_OK) != 0, "no shell evaluated them");
	free(s);
	ok(proc_first_line((char *[]){"true", NULL}) == NULL,
	   "no output: NULL");
	ok(proc_first_line((char *[]){"/nonexistent/cmd", NULL}) == NULL,
	   "a command that cannot run: NULL");

	mkdir("sub", 0755);
	is_int(proc_output(
		   (char *[]){"sh", "-c", "printf 'a\\nb'; pwd; exit 3", NULL},
		   "sub", &out),
	       3, "proc_output returns the exit status");
	ok(out.len > 4 && !memcmp(out.p, "a\nb/", 4) &&
	       strstr(buf_cstr(&out), "/sub\n"),
	   "proc_output captures all of stdout, run in cwd");
	out.len = 0;
	is_int(proc_output((char *[]){"true", NULL}, "no-such-dir", &out), 127,
	       "proc_output: a cwd that does not exist is 127");
	buf_free(&out);
	if ((pid = proc_fork_piped(&raw)) == 0) {
		struct stat s1, s2;

		fstat(STDOUT_FILENO, &s1), fstat(STDERR_FILENO, &s2);
		_exit(write(raw, "piped", 5) == 5 && s1.st_ino == s2.st_ino &&
			      s1.st_dev == s2.st_dev
			  ? 9
			  : 1);
	}
	proc_read_all(raw, &out);
	is_int(proc_wait(pid, NULL, NULL), 9,
	       "proc_fork_piped: the child ran, its fd 1 is fd 2");
	ok(out.len == 5 && !memcmp(out.p, "piped", 5),
	   "proc_fork_piped: its pipe reaches the parent");
	buf_free(&out);

	pid = proc_spawn((char *[]){"sh", "-c", "exit 7", NULL}, NULL);
	is_int(proc_wait(pid, NULL, NULL), 7, "exit status comes back");
	pid = proc_spawn((char *[]){"sh", "-c", "kill -TERM $$", NULL}, NULL);
	is_int(proc_wait(pid, &raw, NULL), 128 + SIGTERM,
	       "a signal comes back as 128 + signal");
	o.err = PROC_NULL;
	pid = proc_spawn((char *[]){"/nonexistent/cmd", NULL}, &o);
	is_int(proc_wait(pid, NULL, NULL), 127, "exec failure: 127");

	o = (struct proc_opts)PROC_OPTS_INIT;
	o.out_path = "out.txt";
	pid = proc_spawn((char *[]){"echo", "to a file", NULL}, &o);
	proc_wait(pid, NULL, NULL);
	f = fopen("out.txt", "r");
	ok(f && fgets(path, sizeof path, f) && !strcmp(path, "to a file\n"),
	   "out_path takes stdout");
	if (f)
		fclose(f);

	/* A group: the leader starts a grandchild that writes its pid. */
	o = (struct proc_opts)PROC_OPTS_INIT;
	o.new_group = 1;
	o.pid = &child_pid;
	pid = proc_spawn(
	    (char *[]){"sh", "-c", "sleep 300 & echo $! >grand; wait", NULL},
	    &o);
	is_int(child_pid, pid, "the pid is set for a signal handler");
	is_int(getpgid(pid), pid, "the child leads its own group");
	for (int i = 0; i < 200 && !grand; i++) {
		struct timespec ts = {0, 10000000};

		f = fopen("grand", "r");
		if (f && fscanf(f, "%d", &grand) != 1)
			grand = 0;
		if (f)
			fclose(f);
		if (!grand)
			nanosleep(&ts, NULL);
	}
	ok(grand > 0 && alive(grand), "the grandchild runs");
	ok(proc_kill_group(pid, SIGTERM) == 0, "kill the group");
	is_int(proc_wait(pid, NULL, NULL), 128 + SIGTERM, "the leader ended");
	proc_reap_group(pid);
	for (int i = 0; i < 200 && grand > 0 && alive(grand); i++) {
		struct timespec ts = {0, 10000000};

		nanosleep(&ts, NULL);
	}
	ok(grand > 0 && !alive(grand), "and so did the grandchild");
	ok(proc_kill_group(1, SIGTERM) == -1, "never kill group 1");

	s = proc_self_path();
	ok(s && s[0] == '/' && strstr(s, "test_proc"), "our own path");
	dir = proc_self_dir();
	ok(dir && s && !strncmp(s, dir, strlen(dir)) && s[strlen(dir)] == '/',
	   "our own directory");
	free(s);
	s = proc_sibling("test_proc");
	ok(s && s[0] == '/', "a tool beside us is found there");
	free(s);
	s = proc_sibling("no-such-tool-here");
	is_str(s, "no-such-tool-here", "else its bare name, for PATH");
	free(s);
	free(dir);
	unlink("out.txt");
	unlink("grand");
	chdir("/");
	rmdir(tmpl);
	return tap_done();
}
