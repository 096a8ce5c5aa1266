/*
 * proc.h — child processes, once: start a command from an argument vector
 * (never a shell), wait for it, stop it and everything it started, and find
 * the tools installed beside the running executable.
 *
 * The one idea: a command runs as the leader of its own process group, so
 * one kill(-pgid) reaches the command and every process it started (go test
 * and its test binary), and a signal that arrives while the child is being
 * started is never lost — signals are blocked across fork and the caller's
 * pid variable is set before they are let in again.
 *
 * Owner: trust (filters/lib/proc.c).
 */
#ifndef BT_PROC_H
#define BT_PROC_H

#include <signal.h>
#include <sys/resource.h>
#include <sys/types.h>

/* Use as a descriptor in struct proc_opts: the child gets /dev/null. */
#define PROC_NULL (-2)
/* Use as a descriptor: inherit the parent's (the default for 0). */
#define PROC_INHERIT (-1)

struct proc_opts {
	int in, out, err;	    /* child's 0, 1, 2: an fd, PROC_NULL or
				       PROC_INHERIT (0 means fd 0: set all) */
	const char *out_path;	    /* when set, stdout goes to this file
				       (created 0644, truncated) */
	int new_group;		    /* lead a new process group */
	volatile sig_atomic_t *pid; /* set to the child's pid before signals
				       are let in again (a handler may then
				       kill it), or NULL */
	const char *cwd;	    /* the child's working directory, or NULL
				       for ours */
};

/* Options with every descriptor inherited, no new group. */
#define PROC_OPTS_INIT                                                         \
	{                                                                      \
		PROC_INHERIT, PROC_INHERIT, PROC_INHERIT, NULL, 0, NULL, NULL  \
	}

/* Start argv (argv[0] looked up in PATH).  In the child SIGINT, SIGTERM,
 * SIGPIPE and SIGALRM are back to their defaults and no signal is blocked;
 * descriptors other than 0, 1, 2 it inherits only without O_CLOEXEC.  When
 * exec fails the child says "prog: argv[0]: why" on its stderr and exits
 * 127 (126 when out_path cannot be opened).  Returns the pid, or -1 with
 * errno set when no child could be made. */
pid_t proc_spawn(char *const argv[], const struct proc_opts *o);

/* Wait for pid, retrying on EINTR; ru may be NULL.  Returns its status as
 * an exit code: the child's, or 128 + the signal that ended it; -1 when
 * there is no such child.  *raw, when not NULL, gets the wait status. */
int proc_wait(pid_t pid, int *raw, struct rusage *ru);

/* Send sig to every process of the group pgid (a leader's pid from
 * proc_spawn with new_group).  0, or -1 with errno (ESRCH: none is left). */
int proc_kill_group(pid_t pgid, int sig);

/* After the leader of pgid was reaped following an interruption: kill
 * what is left of its group, so nothing it started is orphaned. */
void proc_reap_group(pid_t pgid);

struct buf;

/* Run argv (in cwd when not NULL) and append all its standard output to
 * out; stderr stays ours.  Returns its exit code as proc_wait does, or -1
 * (warned) when no child could be made. */
int proc_output(char *const argv[], const char *cwd, struct buf *out);

/* Fork a child that runs our own code but untrusted (a plugin's), with a
 * pipe from it to us: *fd is the pipe's write end in the child and its read
 * end in the parent.  In the child fd 1 is fd 2 (nothing it prints can pass
 * for our output) and guard's signals are back to their defaults, so a
 * crash ends it by its signal.  Returns the pid, 0 in the child; dies when
 * no child can be made. */
pid_t proc_fork_piped(int *fd);

/* Read fd to its end onto out, then close it. */
void proc_read_all(int fd, struct buf *out);

/* The first line of argv's standard output (stderr to /dev/null), without
 * its newline; at most 4095 bytes.  Allocated (free it), or NULL when the
 * command could not run or printed nothing. */
char *proc_first_line(char *const argv[]);

/* The running executable's absolute path (/proc/self/exe), allocated, or
 * NULL when it cannot be known. */
char *proc_self_path(void);

/* The directory of the running executable, allocated, or NULL. */
char *proc_self_dir(void);

/* DIR/name when DIR (the running executable's directory) holds an
 * executable of that name, else NULL.  Allocated (free it). */
char *proc_beside(const char *name);

/* DIR/name when DIR (the running executable's directory) holds an
 * executable of that name, else name itself for a PATH lookup.  Allocated
 * (free it).  So a build tree or a private install runs its own tools. */
char *proc_sibling(const char *name);

#endif
