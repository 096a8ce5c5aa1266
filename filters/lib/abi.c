/*
 * abi.c — a plugin's record read by its ABI version; see abi.h.
 */
#include "abi.h"

#include <string.h>

void abi_record(const struct bt_plugin *p, const struct bt_record *in,
		struct bt_record *out)
{
	if (p->abi_version >= 2) {
		*out =
		    *in; /* one copy of known size: called for every record */
	} else {
		memset(out, 0, sizeof *out);
		memcpy(out, in, BT_RECORD_V1_SIZE);
	}
	if (!out->summary_only || out->kind != BT_KIND_SAMPLE || !out->stats)
		out->nstats = 0;
}
