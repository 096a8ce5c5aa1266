/*
 * budget.c — budget files read and judged (budget.h).
 */
#include "budget.h"

#include <errno.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "units.h"
#include "util.h"

static const char *const stat_words[] = {
    "median", "mean", "min", "max", "p50", "p90", "p95", "p99", NULL,
};

static int is_stat(const char *w)
{
	for (int i = 0; stat_words[i]; i++)
		if (!strcmp(w, stat_words[i]))
			return 1;
	return 0;
}

/* Scale of a limit's suffix for the budget's unit; 0 when unknown: a time
 * for time units (and units named "…time…"), a size for the rest, "%" and
 * no suffix for any. */
static double suffix_scale(const char *sfx, const char *unit)
{
	int shift;

	if (!*sfx || !strcmp(sfx, "%"))
		return 1;
	if (!unit_is_time(unit) && !strstr(unit, "time"))
		return unit_size_scale(sfx);
	shift = unit_time_shift(sfx, strlen(sfx));
	return shift < 0 ? 0 : pow(10, shift);
}

static void budget_line(struct budgets *bs, char *line, long lineno)
{
	char *tok[6], *p, *end;
	int n = 0, opi = -1;
	struct budget bu = {0};
	double scale;

	if ((p = strchr(line, '#')))
		*p = '\0';
	for (p = strtok(line, " \t\r\n"); p && n < 6;
	     p = strtok(NULL, " \t\r\n"))
		tok[n++] = p;
	if (n == 0)
		return;
	for (int i = 0; i < n; i++)
		if (!strcmp(tok[i], "<") || !strcmp(tok[i], "<=") ||
		    !strcmp(tok[i], ">") || !strcmp(tok[i], ">="))
			opi = i;
	if (opi < 1 || opi > 3 || opi != n - 2)
		die(EXIT_USAGE, "%s:%ld: want [PATTERN] [STAT] METRIC OP LIMIT",
		    bs->file, lineno);
	bu.line = lineno;
	snprintf(bu.op, sizeof bu.op, "%s", tok[opi]);
	bu.pattern = xstrdup("*");
	bu.stat = xstrdup("median");
	if (opi == 1) {
		bu.unit = xstrdup(tok[0]);
	} else if (opi == 2 && is_stat(tok[0])) {
		free(bu.stat), bu.stat = xstrdup(tok[0]);
		bu.unit = xstrdup(tok[1]);
	} else if (opi == 2 && is_stat(tok[1]) && !strchr(tok[0], '*')) {
		/* "ns/op p95" */
		free(bu.stat), bu.stat = xstrdup(tok[1]);
		bu.unit = xstrdup(tok[0]);
	} else if (opi == 2) {
		free(bu.pattern), bu.pattern = xstrdup(tok[0]);
		bu.unit = xstrdup(tok[1]);
	} else {
		int si = is_stat(tok[1]) ? 1 : 2;

		free(bu.pattern), bu.pattern = xstrdup(tok[0]);
		free(bu.stat), bu.stat = xstrdup(tok[si]);
		bu.unit = xstrdup(tok[si == 1 ? 2 : 1]);
		if (!is_stat(bu.stat))
			die(EXIT_USAGE, "%s:%ld: '%s' is not a statistic (%s)",
			    bs->file, lineno, bu.stat,
			    "median mean min max p50 p90 p95 p99");
	}
	if (!strcmp(bu.unit, "peak_rss") || !strcmp(bu.unit, "peak-rss")) {
		/* bt-run's peak RSS; "peak" means the largest unless told */
		free(bu.unit), bu.unit = xstrdup("peak-rss-B");
		if (opi == 1)
			free(bu.stat), bu.stat = xstrdup("max");
	}
	if (!strcmp(bu.unit, "max_time_ns")) { /* the seeds' budget field */
		free(bu.unit), bu.unit = xstrdup("ns/op");
		free(bu.stat), bu.stat = xstrdup("max");
	}
	bu.limit = strtod(tok[n - 1], &end);
	if (end == tok[n - 1] || !isfinite(bu.limit))
		die(EXIT_USAGE, "%s:%ld: '%s' is not a number", bs->file,
		    lineno, tok[n - 1]);
	scale = suffix_scale(end, bu.unit);
	if (scale == 0)
		die(EXIT_USAGE, "%s:%ld: unknown suffix '%s' for %s", bs->file,
		    lineno, end, bu.unit);
	bu.limit *= scale;
	bs->v = xreallocarray(bs->v, bs->n + 1, sizeof *bs->v);
	bs->v[bs->n++] = bu;
}

void budgets_read(struct budgets *bs, const char *path)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	long n = 0;

	if (!f)
		die(EXIT_USAGE, "%s: %s", path, strerror(errno));
	bs->file = path;
	while (getline(&line, &cap, f) > 0)
		budget_line(bs, line, ++n);
	free(line);
	fclose(f);
}

void budgets_free(struct budgets *bs)
{
	for (size_t i = 0; i < bs->n; i++) {
		free(bs->v[i].pattern);
		free(bs->v[i].stat);
		free(bs->v[i].unit);
	}
	free(bs->v);
	bs->v = NULL;
	bs->n = 0;
}

double budget_value(const struct budget *bu, const double *sorted, size_t n)
{
	const char *stat = bu->stat;

	if (!strcmp(stat, "mean"))
		return stats_mean(sorted, n);
	if (!strcmp(stat, "min"))
		return n ? sorted[0] : NAN;
	if (!strcmp(stat, "max"))
		return n ? sorted[n - 1] : NAN;
	if (stat[0] == 'p')
		return stats_percentile(sorted, n, atof(stat + 1));
	return stats_median(sorted, n);
}

int budget_pass(const struct budget *bu, double v)
{
	if (!strcmp(bu->op, "<"))
		return v < bu->limit;
	if (!strcmp(bu->op, "<="))
		return v <= bu->limit;
	if (!strcmp(bu->op, ">"))
		return v > bu->limit;
	return v >= bu->limit;
}

int budget_matches(const struct budget *bu, const char *suite, const char *name)
{
	char full[1024];

	if (!fnmatch(bu->pattern, name, 0))
		return 1;
	snprintf(full, sizeof full, "%s/%s", suite, name);
	return !fnmatch(bu->pattern, full, 0);
}
