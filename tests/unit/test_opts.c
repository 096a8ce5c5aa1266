/*
 * test_opts.c — option arguments: what each reader takes, and that a bad
 * one exits 2 with "prog: --opt wants …, not 'ARG'".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "opts.h"
#include "tap.h"
#include "util.h"

/* Run f(arg) in a child; its exit status, and its stderr in err. */
static int refused(void (*f)(const char *), const char *arg, char *err,
		   size_t n)
{
	int p[2], st = 0;
	ssize_t k;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 2);
		f(arg);
		_exit(0);
	}
	close(p[1]);
	size_t got = 0;

	while (got + 1 < n && (k = read(p[0], err + got, n - 1 - got)) > 0)
		got += (size_t)k;
	err[got] = '\0';
	close(p[0]);
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void number(const char *a)
{
	opt_number(a, "--alpha");
}
static void percent(const char *a)
{
	opt_percent(a, "-t");
}
static void count(const char *a)
{
	opt_count(a, "--runs", 1, 10);
}
static void seconds(const char *a)
{
	opt_seconds(a, "--timeout");
}

int main(void)
{
	char err[256];

	util_init("test_opts");
	is_near(opt_number("0.05", "--alpha"), 0.05, 0, "a number");
	is_near(opt_number("0", "--alpha"), 0, 0, "0 is >= 0");
	is_near(opt_percent("12.5", "-t"), 12.5, 0, "a percentage");
	is_near(opt_percent("10%", "-t"), 10, 0, "with its % sign");
	is_int(opt_count("7", "--runs", 1, 10), 7, "a count");
	is_near(opt_seconds("1.5", "--timeout"), 1.5, 0,
		"seconds with a fraction");
	is_int(refused(number, "x", err, sizeof err), 2,
	       "not a number: exit 2");
	is_str(err, "test_opts: --alpha wants a number >= 0, not 'x'\n",
	       "and the one wording");
	is_int(refused(number, "-1", err, sizeof err), 2, "a negative number");
	is_int(refused(number, "nan", err, sizeof err), 2, "NaN");
	is_int(refused(number, "1e999", err, sizeof err), 2, "out of range");
	is_int(refused(percent, "5%%", err, sizeof err), 2,
	       "a percentage with junk");
	is_str(err,
	       "test_opts: -t wants a percentage (a number >= 0), not '5%%'\n",
	       "says what it wants");
	is_int(refused(count, "11", err, sizeof err), 2,
	       "a count over its maximum");
	is_str(
	    err,
	    "test_opts: --runs wants a whole number from 1 to 10, not '11'\n",
	    "says the range");
	is_int(refused(count, "2.5", err, sizeof err), 2,
	       "a fraction is no count");
	is_int(refused(count, "", err, sizeof err), 2, "nothing is no count");
	is_int(refused(seconds, "0", err, sizeof err), 2, "0 seconds");
	is_str(err, "test_opts: --timeout wants seconds > 0, not '0'\n",
	       "says seconds > 0");
	return tap_done();
}
