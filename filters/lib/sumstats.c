/*
 * sumstats.c — a sample's summary statistics, from its decoded record or
 * its JSON line; see sumstats.h.
 */
#include "sumstats.h"

#include <math.h>
#include <string.h>

static double num_of(jv obj, const char *key)
{
	jv v = jv_object_get(jv_copy(obj), jv_string(key));
	double d = jv_get_kind(v) == JV_KIND_NUMBER ? jv_number_value(v) : NAN;

	jv_free(v);
	return d;
}

/* stats[unit] of a record's JSON into out; SUMSTATS_*. */
static int from_json(jv rec, struct bt_str unit, struct bt_stats *out)
{
	jv so = jv_object_get(jv_copy(rec), jv_string("summary_only"));
	jv st, u;
	int kind =
	    jv_get_kind(so) == JV_KIND_TRUE ? SUMSTATS_BARE : SUMSTATS_NONE;

	jv_free(so);
	if (kind == SUMSTATS_NONE)
		return kind;
	st = jv_object_get(jv_copy(rec), jv_string("stats"));
	u = jv_get_kind(st) == JV_KIND_OBJECT
		? jv_object_get(jv_copy(st),
				jv_string_sized(unit.s, (int)unit.n))
		: jv_invalid();
	if (jv_get_kind(u) == JV_KIND_OBJECT) {
		out->n = num_of(u, "n");
		out->mean = num_of(u, "mean");
		out->stddev = num_of(u, "stddev");
		out->std_error = num_of(u, "stderr");
		out->min = num_of(u, "min");
		out->max = num_of(u, "max");
		out->median = num_of(u, "median");
		if (out->n >= 1 && isfinite(out->mean) && out->stddev >= 0 &&
		    isfinite(out->stddev))
			kind = SUMSTATS_FOUND;
	}
	jv_free(u);
	jv_free(st);
	return kind;
}

int sumstats_any(const struct rec *rec)
{
	return rec->r.kind == BT_KIND_SAMPLE &&
	       (rec->r.summary_only || rec_has_summary_only(rec));
}

int sumstats_of(const struct rec *rec, struct bt_str unit, struct bt_stats *out)
{
	size_t i;

	if (rec->r.kind != BT_KIND_SAMPLE)
		return SUMSTATS_NONE;
	if (rec->r.summary_only) {
		for (i = 0; i < rec->r.nstats; i++) {
			const struct bt_stats *s = &rec->r.stats[i];

			if (s->unit.n == unit.n &&
			    !memcmp(s->unit.s, unit.s, unit.n)) {
				*out = *s;
				return SUMSTATS_FOUND;
			}
		}
		return SUMSTATS_BARE;
	}
	if (!rec_has_summary_only(rec))
		return SUMSTATS_NONE;
	return from_json(rec_json(rec), unit, out);
}
