/*
 * recview.c — looking at a record (a metric, a label, the time unit) and
 * the JSON pieces filters make their records of (a record's beginning, a
 * benchmark's identity, labels); see record.h.  Apart from record.c's
 * writer so that each stays one idea.
 */
#include <string.h>

#include "buf.h"
#include "bytes.h"
#include "record.h"

const struct bt_metric *rec_metric(const struct rec *rec, const char *unit)
{
	size_t i, n = strlen(unit);

	for (i = 0; i < rec->r.nmetrics; i++)
		if (rec->r.metrics[i].unit.n == n &&
		    bytes_eq(rec->r.metrics[i].unit.s, unit, n))
			return &rec->r.metrics[i];
	return NULL;
}

const char *rec_label(const struct rec *rec, const char *key, char *buf,
		      size_t n)
{
	size_t i, len;

	if (rec->r.kind == BT_KIND_CONTEXT)
		return NULL; /* its r.labels are its config */
	for (i = 0; i < rec->r.nlabels; i++) {
		if (!rec_str_is(rec->r.labels[i].key, key))
			continue;
		len = rec->r.labels[i].value.n;
		if (len >= n)
			len = n - 1;
		memcpy(buf, rec->r.labels[i].value.s, len);
		buf[len] = '\0';
		return buf;
	}
	return NULL;
}

void rec_json_begin(struct buf *b, const char *kind)
{
	buf_addlit(b, "{\"bt\":");
	json_int(b, BT_FORMAT_VERSION);
	buf_addlit(b, ",\"kind\":");
	json_str(b, kind, strlen(kind));
	buf_addc(b, ',');
}

void rec_labels_json(struct buf *b, const struct bt_label *ls, size_t n,
		     const char *skip)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++) {
		if (skip && rec_str_is(ls[i].key, skip))
			continue;
		buf_addc(b, count++ ? ',' : '{');
		json_str(b, ls[i].key.s, ls[i].key.n);
		buf_addc(b, ':');
		json_str(b, ls[i].value.s, ls[i].value.n);
	}
	if (count)
		buf_addc(b, '}');
}

void rec_id_json(struct buf *b, const struct bt_record *r, const char *unit,
		 size_t un)
{
	if (r->suite.n) {
		buf_addlit(b, "\"suite\":");
		json_str(b, r->suite.s, r->suite.n);
		buf_addc(b, ',');
	}
	buf_addlit(b, "\"name\":");
	json_str(b, r->name.s, r->name.n);
	buf_addc(b, ',');
	if (r->procs) {
		buf_addlit(b, "\"procs\":");
		json_int(b, r->procs);
		buf_addc(b, ',');
	}
	if (r->nlabels) {
		buf_addlit(b, "\"labels\":");
		rec_labels_json(b, r->labels, r->nlabels, NULL);
		buf_addc(b, ',');
	}
	buf_addlit(b, "\"unit\":");
	json_str(b, unit, un);
	buf_addc(b, ',');
}

const char *rec_time_unit(const struct rec *rec, char *buf, size_t n)
{
	struct bt_str u;

	if (rec->r.nmetrics == 0 || n == 0)
		return NULL;
	if (rec_metric(rec, "ns/op"))
		return "ns/op";
	u = rec->r.metrics[0].unit;
	if (u.n >= n)
		u.n = n - 1;
	memcpy(buf, u.s, u.n);
	buf[u.n] = '\0';
	return buf;
}
