/*
 * plugrec.c — the context and failure records plugins make (plugrec.h);
 * written once because six plugins had each its own copy.
 */
#include "plugrec.h"

#include "plugstr.h"

void plug_config_add(struct plug_config *cf, const char *key, struct bt_str v)
{
	if (cf->n == PLUG_MAX_CONFIG || v.n == 0)
		return;
	cf->l[cf->n].key = bt_cstr(key);
	cf->l[cf->n].value = v;
	cf->n++;
}

void plug_context(const struct bt_host *host, const struct plug_config *cf)
{
	plug_labels(host, (struct bt_str){0}, cf->l, cf->n);
}

void plug_labels(const struct bt_host *host, struct bt_str suite,
		 const struct bt_label *l, size_t n)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_CONTEXT;
	r.suite = suite;
	r.labels = l;
	r.nlabels = n;
	host->emit(host->ctx, &r);
}

void plug_failure(const struct bt_host *host, struct bt_str suite,
		  struct bt_str name, struct bt_str message, int rust)
{
	struct bt_record r = {0};

	r.kind = BT_KIND_FAILURE;
	r.suite = suite;
	r.name = name;
	r.reason = rust && str_find(message.s, message.n, "panicked at")
		       ? BT_STR("panic")
		       : BT_STR("fail");
	r.message = message;
	host->emit(host->ctx, &r);
}
