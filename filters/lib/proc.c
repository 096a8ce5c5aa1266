/*
 * proc.c — child processes for the filters that run commands (bt-run,
 * bt-retry, bt, the web tree, history's git order) and for the guarded
 * plugin calls: spawn from an argument vector, capture an output, fork a
 * piped child, wait, kill a process group, find our own path.  See proc.h for
 * the contract.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "guard.h"
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
	if (o->cwd && chdir(o->cwd)) {
		fprintf(stderr, "%s: %s: %s\n", progname, o->cwd,
			strerror(errno));
		_exit(127);
	}
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

void proc_read_all(int fd, struct buf *out)
{
	ssize_t n;

	for (;;) {
		buf_grow(out, 65536);
		n = read(fd, out->p + out->len, out->cap - out->len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		out->len += (size_t)n;
	}
	close(fd);
}

/* argv's output on out, its stderr to err; the exit code or -1. */
static int output(char *const argv[], const char *cwd, int err, struct buf *out)
{
	struct proc_opts o = PROC_OPTS_INIT;
	int fds[2];
	pid_t pid;

	if (pipe2(fds, O_CLOEXEC))
		return -1;
	o.out = fds[1];
	o.err = err;
	o.cwd = cwd;
	pid = proc_spawn(argv, &o);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return -1;
	}
	proc_read_all(fds[0], out);
	return proc_wait(pid, NULL, NULL);
}

int proc_output(char *const argv[], const char *cwd, struct buf *out)
{
	int st = output(argv, cwd, PROC_INHERIT, out);

	if (st < 0)
		warnx_("%s: %s", argv[0], strerror(errno));
	return st;
}

pid_t proc_fork_piped(int *fd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		die(EXIT_USAGE, "pipe: %s", strerror(errno));
	fflush(NULL); /* an exit() in the child must not write our buffers */
	if ((pid = fork()) < 0)
		die(EXIT_USAGE, "fork: %s", strerror(errno));
	close(fds[pid == 0 ? 0 : 1]);
	*fd = fds[pid == 0 ? 1 : 0];
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);
		guard_default();
	}
	return pid;
}

char *proc_first_line(char *const argv[])
{
	struct buf b = {0};
	char *s = NULL, *nl;
	size_t n;

	if (output(argv, NULL, PROC_NULL, &b) >= 0) {
		n = b.len < 4095 ? b.len : 4095;
		if ((nl = memchr(b.p, '\n', n)))
			n = (size_t)(nl - b.p);
		if (n > 0 && b.p[0] != '\0') /* up to a NUL, as a C string */
			s = xstrndup(b.p, n);
	}
	buf_free(&b);
	return s;
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

char *proc_beside(const char *name)
{
	char *dir = proc_self_dir(), *p = NULL;

	if (dir && !strchr(name, '/')) {
		if (asprintf(&p, "%s/%s", dir, name) < 0)
			die(EXIT_USAGE, "out of memory");
		if (access(p, X_OK)) {
			free(p);
			p = NULL;
		}
	}
	free(dir);
	return p;
}

char *proc_sibling(const char *name)
{
	char *p = proc_beside(name);

	return p ? p : xstrdup(name);
}
