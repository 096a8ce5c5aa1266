/*
 * proc.c — child processes for the filters that run commands (bt-run,
 * bt-retry, bt): spawn from an argument vector, wait, kill a process group,
 * find our own path.  See proc.h for the contract.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* In the child: make fd (an fd, PROC_NULL, PROC_INHERIT) the child's
 * descriptor to. */
static int child_fd(int fd, int to)
{
	if (fd == PROC_INHERIT || fd == to)
		return 0;
	if (fd == PROC_NULL) {
		int null = open("/dev/null", O_RDWR);

		if (null < 0)
			return -1;
		if (null != to) {
			if (dup2(null, to) < 0)
				return -1;
			close(null);
		}
		return 0;
	}
	return dup2(fd, to) < 0 ? -1 : 0;
}

static _Noreturn void child(char *const argv[], const struct proc_opts *o)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGPIPE, SIGALRM};
	sigset_t none;
	size_t i;
	int fd;

	for (i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if (o->new_group)
		setpgid(0, 0);
	if (child_fd(o->in, 0) || child_fd(o->out, 1) || child_fd(o->err, 2))
		_exit(126);
	if (o->out_path) {
		fd = open(o->out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || dup2(fd, 1) < 0)
			_exit(126);
		if (fd != 1)
			close(fd);
	}
	execvp(argv[0], argv);
	fprintf(stderr, "%s: %s: %s\n", progname, argv[0], strerror(errno));
	_exit(127);
}

pid_t proc_spawn(char *const argv[], const struct proc_opts *o)
{
	static const struct proc_opts defaults = PROC_OPTS_INIT;
	sigset_t all, old;
	pid_t pid;
	int e;

	if (!o)
		o = &defaults;
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	fflush(NULL); /* no buffered output written twice */
	pid = fork();
	if (pid == 0)
		child(argv, o);
	e = errno;
	if (pid > 0) {
		if (o->new_group)
			setpgid(pid, pid); /* also here: no race with kill */
		if (o->pid)
			*o->pid = (sig_atomic_t)pid;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	errno = e;
	return pid;
}

int proc_wait(pid_t pid, int *raw, struct rusage *ru)
{
	int st;

	while (wait4(pid, &st, 0, ru) < 0)
		if (errno != EINTR)
			return -1;
	if (raw)
		*raw = st;
	return WIFSIGNALED(st) ? 128 + WTERMSIG(st) : WEXITSTATUS(st);
}

int proc_kill_group(pid_t pgid, int sig)
{
	if (pgid <= 1) {
		errno = EINVAL;
		return -1;
	}
	return kill(-pgid, sig);
}

void proc_reap_group(pid_t pgid)
{
	if (pgid > 1)
		kill(-pgid, SIGKILL);
}

char *proc_first_line(char *const argv[])
{
	struct proc_opts o = PROC_OPTS_INIT;
	char buf[4096];
	ssize_t n, got = 0;
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return NULL;
	o.out = fds[1];
	o.err = PROC_NULL;
	pid = proc_spawn(argv, &o);
	close(fds[1]);
	while (
	    pid > 0 && got < (ssize_t)sizeof buf - 1 &&
	    ((n = read(fds[0], buf + got, sizeof buf - 1 - (size_t)got)) > 0 ||
	     (n < 0 && errno == EINTR)))
		if (n > 0)
			got += n;
	close(fds[0]);
	if (pid > 0)
		proc_wait(pid, NULL, NULL);
	buf[got] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return pid > 0 && *buf ? xstrdup(buf) : NULL;
}

char *proc_self_path(void)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	if (n <= 0 || exe[0] != '/')
		return NULL;
	exe[n] = '\0';
	return xstrdup(exe);
}

char *proc_self_dir(void)
{
	char *p = proc_self_path(), *slash;

	if (!p)
		return NULL;
	slash = strrchr(p, '/');
	if (slash == p)
		slash[1] = '\0';
	else
		*slash = '\0';
	return p;
}

char *proc_sibling(const char *name)
{
	char *dir = proc_self_dir(), *p;
	size_t len;

	if (dir && !strchr(name, '/')) {
		len = strlen(dir) + strlen(name) + 2;
		p = xmalloc(len);
		snprintf(p, len, "%s/%s", dir, name);
		free(dir);
		if (access(p, X_OK) == 0)
			return p;
		free(p);
	} else {
		free(dir);
	}
	return xstrdup(name);
}
