/*
 * abi.h — records of plugins built against an older plugin ABI.  Owned by
 * fmtA (issue 20: ABI 2 appended the summary statistics to struct
 * bt_record).
 *
 * A plugin hands the host a struct bt_record as its own header defined it:
 * one built for ABI 1 has none of the fields ABI 2 appended, so the host
 * must not read past that version's end.  Every record a plugin emits goes
 * through abi_record() before the host looks at it.
 */
#ifndef BT_ABI_H
#define BT_ABI_H

#include "bt-plugin.h"

/* A record p emitted, copied into out as this host's struct bt_record: the
 * fields p's ABI version has, the later ones zero (and stats only on a
 * summary-only sample).  Pointers are shared with in, borrowed for the
 * emit call like in itself. */
void abi_record(const struct bt_plugin *p, const struct bt_record *in,
		struct bt_record *out);

#endif
