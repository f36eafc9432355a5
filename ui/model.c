/* model.c - keep the daemon's options and devices, and walk their submenus. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json_read.h"
#include "model.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof(*m));
	m->countdown = -1;
}

static void free_opts(struct model *m)
{
	for (size_t i = 0; i < m->n_opts; i++)
		arena_free(m->opts[i]->a);
	m->n_opts = 0;
}

static void free_devs(struct model *m)
{
	for (size_t i = 0; i < m->n_devs; i++)
		arena_free(m->devs[i]->a);
	m->n_devs = 0;
}

void model_free(struct model *m)
{
	free_opts(m);
	free_devs(m);
	free(m->opts);
	free(m->devs);
	free(m->default_id);
	for (int i = 0; i < m->depth; i++)
		free(m->path[i]);
	model_init(m);
}

static const char *dup(struct arena *a, const char *s)
{
	return s ? arena_strdup(a, s) : NULL;
}

static void copy_strs(struct arena *a, struct strs *out,
		      const struct json_value *l)
{
	if (!l || l->type != JSON_ARRAY || !l->n)
		return;
	out->v = arena_calloc(a, l->n, sizeof(*out->v));
	if (!out->v)
		return;
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i]->type == JSON_STRING)
			out->v[out->n++] = dup(a, l->items[i]->string);
}

/* {"device","path"} as "device:path", {"url"} as the URL. */
static const char *resource(struct arena *a, const struct json_value *r)
{
	const char *url = json_get_string(r, "url");

	if (!r || r->type != JSON_OBJECT)
		return NULL;
	if (url)
		return dup(a, url);
	return arena_printf(a, "%s:%s", json_get_string(r, "device") ?: "",
			    json_get_string(r, "path") ?: "");
}

/* A "config" file as "device:path", or "device:image:(loop)path" for a
 * file inside an image, as hopboot scan prints it. */
static void copy_configs(struct arena *a, struct strs *out,
			 const struct json_value *l)
{
	if (!l || l->type != JSON_ARRAY || !l->n)
		return;
	out->v = arena_calloc(a, l->n, sizeof(*out->v));
	for (size_t i = 0; out->v && i < l->n; i++) {
		const char *image = json_get_string(l->items[i], "image");
		const char *dev = json_get_string(l->items[i], "device");
		const char *path = json_get_string(l->items[i], "path");

		if (!path)
			continue;
		out->v[out->n] = image ?
			arena_printf(a, "%s:%s:(loop)%s", dev ?: "", image,
				     path) :
			arena_printf(a, "%s:%s", dev ?: "", path);
		if (out->v[out->n])
			out->n++;
	}
}

static struct model_option *new_option(const struct json_value *o)
{
	struct arena *a = arena_new();
	struct model_option *opt = a ? arena_alloc(a, sizeof(*opt)) : NULL;
	const struct json_value *hidden = json_get(o, "hidden");
	const struct json_value *kexec = json_get(o, "kexec");
	const struct json_value *initrds = json_get(o, "initrds");

	if (!opt || !json_get_string(o, "id")) {
		arena_free(a);
		return NULL;
	}
	opt->a = a;
	opt->id = dup(a, json_get_string(o, "id"));
	opt->title = dup(a, json_get_string(o, "title") ?: "");
	opt->source = dup(a, json_get_string(o, "source"));
	opt->device = dup(a, json_get_string(o, "device"));
	opt->cmdline = dup(a, json_get_string(o, "cmdline") ?: "");
	opt->kernel = resource(a, json_get(o, "kernel"));
	opt->devicetree = resource(a, json_get(o, "devicetree"));
	copy_strs(a, &opt->submenu, json_get(o, "submenu"));
	copy_strs(a, &opt->errors, json_get(o, "errors"));
	copy_configs(a, &opt->configs, json_get(o, "config"));
	if (initrds && initrds->type == JSON_ARRAY && initrds->n) {
		opt->initrds.v = arena_calloc(a, initrds->n, sizeof(char *));
		for (size_t i = 0; opt->initrds.v && i < initrds->n; i++)
			opt->initrds.v[opt->initrds.n++] =
				resource(a, initrds->items[i]);
	}
	opt->hidden = hidden && hidden->type == JSON_BOOL && hidden->boolean;
	/* An older daemon sends no "kexec": every option is a kernel. */
	opt->not_kexec = kexec && kexec->type == JSON_BOOL && !kexec->boolean;
	if (!opt->id || !opt->title || !opt->cmdline) {
		arena_free(a);
		return NULL;
	}
	return opt;
}

static struct model_device *new_device(const struct json_value *d)
{
	struct arena *a = arena_new();
	struct model_device *dev = a ? arena_alloc(a, sizeof(*dev)) : NULL;

	if (!dev || !json_get_string(d, "id")) {
		arena_free(a);
		return NULL;
	}
	dev->a = a;
	dev->id = dup(a, json_get_string(d, "id"));
	dev->path = dup(a, json_get_string(d, "path"));
	dev->type = dup(a, json_get_string(d, "type"));
	dev->label = dup(a, json_get_string(d, "label"));
	copy_strs(a, &dev->errors, json_get(d, "errors"));
	return dev;
}

/* Replaces the entry with the same id, else appends. Arrays of pointers
 * to structs that start with an arena and an id: options and devices. */
#define UPSERT(arr, n, cap, item) ({					\
	size_t i_;							\
	bool ok_ = true;						\
	for (i_ = 0; i_ < (n); i_++)					\
		if (!strcmp((arr)[i_]->id, (item)->id))			\
			break;						\
	if (i_ < (n)) {							\
		arena_free((arr)[i_]->a);				\
		(arr)[i_] = (item);					\
	} else if ((n) < (cap) || grow((void **)&(arr), &(cap))) {	\
		(arr)[(n)++] = (item);					\
	} else {							\
		arena_free((item)->a);					\
		ok_ = false;						\
	}								\
	ok_; })

#define REMOVE(arr, n, rid) do {					\
	for (size_t i_ = 0; i_ < (n); i_++) {				\
		if (strcmp((arr)[i_]->id, (rid)))			\
			continue;					\
		arena_free((arr)[i_]->a);				\
		memmove(&(arr)[i_], &(arr)[i_ + 1],			\
			((n) - i_ - 1) * sizeof(*(arr)));		\
		(n)--;							\
		break;							\
	}								\
} while (0)

static bool grow(void **arr, size_t *cap)
{
	size_t n = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, n * sizeof(void *));

	if (!p)
		return false;
	*arr = p;
	*cap = n;
	return true;
}

static bool add_option(struct model *m, const struct json_value *o)
{
	struct model_option *opt = new_option(o);

	return opt && UPSERT(m->opts, m->n_opts, m->cap_opts, opt);
}

static bool add_device(struct model *m, const struct json_value *d)
{
	struct model_device *dev = new_device(d);

	return dev && UPSERT(m->devs, m->n_devs, m->cap_devs, dev);
}

static void set_default(struct model *m, const char *id)
{
	free(m->default_id);
	m->default_id = id ? strdup(id) : NULL;
}

static int int_or(const struct json_value *v, int dflt)
{
	return v && v->type == JSON_NUMBER ? (int)v->number : dflt;
}

/* After a change, the open submenus may be gone; and until the user
 * moves, the selection follows the default ("Continue normal boot" where
 * there is one: hopboot menu's default). */
static void settle(struct model *m)
{
	struct model_item items[MODEL_MAX_ITEMS];
	size_t n;

	while (m->depth > 0 && !model_items(m, items, MODEL_MAX_ITEMS))
		model_leave(m);
	n = model_items(m, items, MODEL_MAX_ITEMS);
	if (!m->moved) {
		for (size_t i = 0; i < n; i++)
			if (items[i].is_default)
				m->sel[m->depth] = (int)i;
	}
	if (m->sel[m->depth] >= (int)n)
		m->sel[m->depth] = n ? (int)n - 1 : 0;
}

static bool apply_state(struct model *m, const struct json_value *msg)
{
	const struct json_value *st = json_get(msg, "state");
	const struct json_value *l;
	bool ok = true;

	free_opts(m);
	free_devs(m);
	l = json_get(st, "devices");
	for (size_t i = 0; l && l->type == JSON_ARRAY && i < l->n; i++)
		ok &= add_device(m, l->items[i]);
	l = json_get(st, "options");
	for (size_t i = 0; l && l->type == JSON_ARRAY && i < l->n; i++)
		ok &= add_option(m, l->items[i]);
	set_default(m, json_get_string(st, "default"));
	m->countdown = int_or(json_get(msg, "countdown"), -1);
	m->probing = int_or(json_get(msg, "probing"), 0);
	m->have_state = true;
	return ok;
}

static unsigned long long bytes(const struct json_value *v)
{
	return v && v->type == JSON_NUMBER && v->number > 0 &&
	       v->number < 1e18 ? (unsigned long long)v->number : 0;
}

/* The loader's downloads ("progress", doc/protocol.md); "end" clears
 * the line. */
static bool apply_progress(struct model *m, const struct json_value *msg)
{
	const struct json_value *end = json_get(msg, "end");
	const char *what = json_get_string(msg, "what");

	if ((end && end->type == JSON_BOOL && end->boolean) || !what) {
		m->progress.what[0] = '\0';
		return true;
	}
	snprintf(m->progress.what, sizeof(m->progress.what), "%s", what);
	m->progress.done = bytes(json_get(msg, "done"));
	m->progress.total = bytes(json_get(msg, "total"));
	return true;
}

static void size_text(unsigned long long n, char *buf, size_t len)
{
	if (n >= 1ull << 20)
		snprintf(buf, len, "%.1f MiB", (double)n / (1 << 20));
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KiB", (double)n / 1024);
	else
		snprintf(buf, len, "%llu bytes", n);
}

bool model_progress_text(const struct model *m, char *buf, size_t len)
{
	char d[32], t[32];

	if (!m->progress.what[0])
		return false;
	size_text(m->progress.done, d, sizeof(d));
	if (!m->progress.total) {
		snprintf(buf, len, "Downloading the %s: %s so far",
			 m->progress.what, d);
		return true;
	}
	size_text(m->progress.total, t, sizeof(t));
	snprintf(buf, len, "Downloading the %s: %llu %% (%s of %s)",
		 m->progress.what,
		 m->progress.done >= m->progress.total ? 100 :
		 m->progress.done * 100 / m->progress.total, d, t);
	return true;
}

bool model_apply(struct model *m, const struct json_value *msg)
{
	const char *type = json_get_string(msg, "type");
	const char *id = json_get_string(msg, "id");
	bool ok = true;

	if (!type)
		return false;
	if (!strcmp(type, "state"))
		ok = apply_state(m, msg);
	else if (!strcmp(type, "option-added") ||
		 !strcmp(type, "option-changed"))
		ok = add_option(m, json_get(msg, "option"));
	else if (!strcmp(type, "option-removed") && id)
		REMOVE(m->opts, m->n_opts, id);
	else if (!strcmp(type, "device-added") ||
		 !strcmp(type, "device-changed"))
		ok = add_device(m, json_get(msg, "device"));
	else if (!strcmp(type, "device-removed") && id)
		REMOVE(m->devs, m->n_devs, id);
	else if (!strcmp(type, "default"))
		set_default(m, id);
	else if (!strcmp(type, "progress"))
		return apply_progress(m, msg);
	else if (!strcmp(type, "countdown")) {
		m->countdown = int_or(json_get(msg, "seconds"), -1);
		/* Since protocol 1.1: the daemon's probes, when they end. */
		m->probing = int_or(json_get(msg, "probing"), m->probing);
	}
	else
		return false;
	settle(m);
	return ok;
}

/* True when the option lies in the open submenus (path[0..depth)). */
static bool under_path(const struct model *m, const struct model_option *o)
{
	if (o->submenu.n < (size_t)m->depth)
		return false;
	for (int i = 0; i < m->depth; i++)
		if (!o->submenu.v[i] || strcmp(o->submenu.v[i], m->path[i]))
			return false;
	return true;
}

size_t model_items(const struct model *m, struct model_item *items,
		   size_t max)
{
	size_t n = 0;

	if (m->continue_entry && m->depth == 0 && n < max)
		items[n++] = (struct model_item){
			.kind = MODEL_CONTINUE, .title = MODEL_CONTINUE_TITLE,
			.is_default = true,
		};
	for (size_t i = 0; i < m->n_opts && n < max; i++) {
		const struct model_option *o = m->opts[i];
		bool def = !m->continue_entry && m->default_id &&
			   !strcmp(o->id, m->default_id);
		size_t k;

		if (o->hidden || !under_path(m, o))
			continue;
		if (o->submenu.n == (size_t)m->depth ||
		    m->depth == MODEL_MAX_DEPTH) {
			items[n++] = (struct model_item){
				.kind = MODEL_OPTION, .title = o->title,
				.opt = o, .is_default = def,
			};
			continue;
		}
		/* One item per submenu, where its first entry is. */
		for (k = 0; k < n; k++)
			if (items[k].kind == MODEL_SUBMENU &&
			    !strcmp(items[k].title, o->submenu.v[m->depth]))
				break;
		if (k < n) {
			items[k].is_default |= def;
			continue;
		}
		items[n++] = (struct model_item){
			.kind = MODEL_SUBMENU,
			.title = o->submenu.v[m->depth] ?: "",
			.is_default = def,
		};
	}
	return n;
}

bool model_selected(const struct model *m, struct model_item *item)
{
	struct model_item items[MODEL_MAX_ITEMS];
	size_t n = model_items(m, items, MODEL_MAX_ITEMS);
	int s = m->sel[m->depth];

	if (s < 0 || (size_t)s >= n)
		return false;
	*item = items[s];
	return true;
}

void model_select(struct model *m, int index)
{
	struct model_item items[MODEL_MAX_ITEMS];
	int n = (int)model_items(m, items, MODEL_MAX_ITEMS);

	if (index >= n)
		index = n - 1;
	if (index < 0)
		index = 0;
	m->sel[m->depth] = index;
	m->moved = true;
}

void model_move(struct model *m, int delta)
{
	model_select(m, m->sel[m->depth] + delta);
}

bool model_enter(struct model *m)
{
	struct model_item it;
	char *t;

	if (m->depth >= MODEL_MAX_DEPTH || !model_selected(m, &it) ||
	    it.kind != MODEL_SUBMENU || !(t = strdup(it.title)))
		return false;
	m->path[m->depth++] = t;
	m->sel[m->depth] = 0;
	m->moved = true;
	return true;
}

bool model_leave(struct model *m)
{
	if (!m->depth)
		return false;
	free(m->path[--m->depth]);
	return true;
}

const struct model_device *model_device(const struct model *m,
					const char *id)
{
	for (size_t i = 0; id && i < m->n_devs; i++)
		if (!strcmp(m->devs[i]->id, id))
			return m->devs[i];
	return NULL;
}
