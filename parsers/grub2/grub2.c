/* grub2.c - GRUB 2 configs: where they are, GRUB's device names, menus, defaults, and the options they give.
 *
 * The config is run as GRUB 2.06's normal mode runs it (grub-core/normal/
 * main.c, menu.c): top-level commands build the menu; then each menu entry
 * is run the way booting it would run it, in a layer over the variables
 * the script left, and what its 'linux', 'initrd' and 'devicetree' loaded
 * becomes a boot option. A submenu runs its body in a new variable context
 * holding only exported variables, as grub_env_context_open does. The
 * default is picked as get_entry_number and menuentry_eq pick it: a number,
 * a title or an --id, with '>' going down into submenus.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "bls/bls.h"
#include "bls/version.h"
#include "grub2/grub2.h"
#include "grub2/interp.h"
#include "grub2/netboot.h"

static const char *const cfg_paths[] = {
	"/boot/grub/grub.cfg", "/grub/grub.cfg", "/boot/grub2/grub.cfg",
	"/grub2/grub.cfg", NULL,
};

static bool digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "/dev/vda2" → disk "vda", partition 2; "/dev/nvme0n1p3" → "nvme0n1", 3.
 * A whole disk has partition 0. */
static size_t split_node(const char *path, int *part)
{
	const char *base = strrchr(path, '/') + 1;
	size_t n = strlen(base), k = n;

	*part = 0;
	while (k > 0 && digit(base[k - 1]))
		k--;
	if (k == n || k == 0)
		return n;
	if (k >= 2 && base[k - 1] == 'p' && digit(base[k - 2])) {
		*part = atoi(base + k);
		return k - 1;
	}
	if (!digit(base[k - 1]) && (!strncmp(base, "sd", 2) ||
				    !strncmp(base, "vd", 2) ||
				    !strncmp(base, "hd", 2) ||
				    !strncmp(base, "xvd", 3))) {
		*part = atoi(base + k);
		return k;
	}
	return n;
}

/* GRUB numbers BIOS disks in the order the firmware lists them; hopboot
 * takes the order in which disks were found, which is the same on a
 * machine with one disk or disks on one controller. */
static int disk_index(struct grub2 *g, const struct device *d, int *part)
{
	const char *base = strrchr(d->path, '/') + 1;
	size_t n = split_node(d->path, part);
	int idx = 0;

	for (size_t i = 0; i < g->ctx->set->n_devices; i++) {
		const struct device *o = g->ctx->set->devices[i];
		const char *ob;
		size_t on;
		int op;
		bool seen = false;

		if (strncmp(o->path, "/dev/", 5))
			continue;
		ob = strrchr(o->path, '/') + 1;
		on = split_node(o->path, &op);
		if (on == n && !strncmp(ob, base, n))
			return idx;
		/* Count each disk once, at its first device. */
		for (size_t k = 0; k < i && !seen; k++) {
			const struct device *p = g->ctx->set->devices[k];
			int pp;

			seen = !strncmp(p->path, "/dev/", 5) &&
			       split_node(p->path, &pp) == on &&
			       !strncmp(strrchr(p->path, '/') + 1, ob, on);
		}
		if (!seen)
			idx++;
	}
	return idx;
}

const char *grub2_dev_name(struct grub2 *g, const struct device *d)
{
	int part, idx;

	if (g->nb && d == g->ctx->dev)
		return arena_printf(g->a, "tftp,%s", g->nb->server);
	if (strncmp(d->path, "/dev/", 5)) {
		for (size_t i = 0; i < g->ctx->set->n_devices; i++)
			if (g->ctx->set->devices[i] == d)
				return arena_printf(g->a, "hd%zu", i);
		return "hd0";
	}
	idx = disk_index(g, d, &part);
	if (!part)
		return arena_printf(g->a, "hd%d", idx);
	/* A GPT partition's PARTUUID is a UUID; an MBR one is
	 * "<disk id>-<number>". */
	return arena_printf(g->a, "hd%d,%s%d", idx,
			    d->partuuid && strlen(d->partuuid) == 36 ? "gpt" :
			    "msdos", part);
}

/* "hd0,gpt2", "hd0,msdos2" and "hd0,2" name the same partition. */
static bool same_part(const char *a, const char *b)
{
	while (*a && *a == *b && *a != ',') {
		a++;
		b++;
	}
	if (*a != *b)
		return false;
	if (!*a)
		return true;
	while (*++a && !digit(*a))
		;
	while (*++b && !digit(*b))
		;
	return !strcmp(a, b);
}

struct device *grub2_dev_by_name(struct grub2 *g, const char *name)
{
	struct option_set *set = g->ctx->set;
	const char *why;

	/* From a boot server, only its own names mean anything. */
	if (g->nb)
		return grub2_net_dev(g, name, &why);
	for (size_t i = 0; i < set->n_devices; i++) {
		const char *n = grub2_dev_name(g, set->devices[i]);

		if (n && same_part(n, name))
			return set->devices[i];
	}
	/* One filesystem alone (a directory, a test): it is every name. */
	if ((!g->ctx->views || set->n_devices == 1) && !strncmp(name, "hd", 2))
		return g->ctx->dev;
	return NULL;
}

int grub2_resolve(struct grub2 *g, const char *name, struct device **dev,
		  const char **image, const char **path, const char **why)
{
	const char *rest = name, *close;
	char *devname;

	*image = NULL;
	if (name[0] == '(') {
		close = strchr(name, ')');
		if (!close) {
			*why = "is not a GRUB file name: its '(' has no ')'";
			return 1;
		}
		devname = arena_strndup(g->a, name + 1,
					(size_t)(close - name - 1));
		rest = close + 1;
	} else {
		const char *root = grub2_get(g, "root");

		if (!root || !*root) {
			*why = "names no device, and $root is not set";
			return 1;
		}
		devname = arena_strdup(g->a, root + (root[0] == '('));
		if (devname && root[0] == '(' && strchr(devname, ')'))
			*strchr(devname, ')') = '\0';
	}
	if (!devname)
		return -ENOMEM;
	if (rest[0] != '/') {
		*why = rest[0] ? "is not an absolute path" :
				 "names a whole device, not a file";
		return 1;
	}
	for (int i = 0; i < g->n_loopdevs; i++) {
		const struct grub2_loop *l = &g->loopdevs[i];
		size_t n = strlen(l->name);

		if (strncmp(devname, l->name, n) ||
		    (devname[n] && devname[n] != ','))
			continue;
		if (devname[n]) {
			*why = "is in a partition of a loopback image; hopboot reads only images that hold one filesystem";
			return 1;
		}
		*dev = l->dev;
		*image = l->image;
		*path = arena_strdup(g->a, rest);
		return *path ? 0 : -ENOMEM;
	}
	if (g->nb) {
		*dev = grub2_net_dev(g, devname, why);
		if (!*dev)
			return *why ? 1 : -ENOMEM;
		*path = arena_strdup(g->a, rest);
		return *path ? 0 : -ENOMEM;
	}
	*dev = grub2_dev_by_name(g, devname);
	if (!*dev) {
		*why = arena_printf(g->a, "is on the GRUB device (%s), which is none of the devices hopboot found",
				    devname);
		return *why ? 1 : -ENOMEM;
	}
	*path = arena_strdup(g->a, rest);
	return *path ? 0 : -ENOMEM;
}

const struct fsview *grub2_view(struct grub2 *g, const struct device *dev,
				const char *image, const char **why)
{
	const struct fsview *fs;
	char msg[256];

	if (!image) {
		fs = parse_view_of(g->ctx, dev);
		if (!fs)
			*why = "is on a device hopboot has not mounted";
		return fs;
	}
	if (!g->ctx->image_view) {
		*why = "is inside an image file, which hopboot opens only when it scans devices";
		return NULL;
	}
	msg[0] = '\0';
	fs = g->ctx->image_view(g->ctx, dev, image, msg, sizeof(msg));
	if (!fs)
		*why = arena_printf(g->a, "is inside the image %s, which hopboot %s",
				    image, msg[0] ? msg : "cannot open");
	return fs;
}

int grub2_menu_add(struct grub2 *g, struct grub2_item *it)
{
	void *v = g->menu->v;

	if (g->n_items >= GRUB2_ITEMS_MAX)
		return grub2_stop(g, "the config defines more than %d menu entries, so the rest were not read",
				  GRUB2_ITEMS_MAX);
	if (arena_grow(g->a, &v, &g->menu->cap, g->menu->n + 1,
		       sizeof(*g->menu->v)) < 0)
		return -ENOMEM;
	g->menu->v = v;
	g->menu->v[g->menu->n++] = it;
	g->n_items++;
	return 0;
}

static bool standard_path(const char *path)
{
	for (int i = 0; cfg_paths[i]; i++)
		if (!strcmp(path, cfg_paths[i]))
			return true;
	if (!strncmp(path, "/EFI/", 5)) {
		const char *s = strchr(path + 5, '/');

		return s && !strcmp(s, "/grub.cfg");
	}
	return false;
}

/* Sets config_file/config_directory as normal mode does for each config it
 * reads. Returns 0 or -ENOMEM. */
static int set_config_vars(struct grub2 *g, const char *where)
{
	const char *slash = strrchr(where, '/');
	char *dir = arena_strndup(g->a, where, (size_t)(slash - where));

	if (!dir || grub2_set(g, "config_file", where) < 0 ||
	    grub2_set(g, "config_directory", dir) < 0)
		return -ENOMEM;
	return 0;
}

int grub2_configfile(struct grub2 *g, const char *name)
{
	struct grub2_scope *saved_env = g->env, *env;
	struct grub2_menu *saved_menu = g->menu, *menu;
	struct device *dev;
	const char *path, *why, *where, *image;
	const struct fsview *fs;
	struct grub2_boot *boot = g->boot;
	struct arena *saved_va = g->va;
	size_t len;
	char *text;
	int r;

	g->status = 1;
	r = grub2_resolve(g, name, &dev, &image, &path, &why);
	if (r < 0)
		return r;
	/* A stub (an ESP's grub.cfg that jumps to the real one on another
	 * partition): that partition's own scan lists the entries. From
	 * inside an entry, the menu is the entry's own (below). */
	if (!boot && !g->submenus && r == 0 && !image &&
	    dev != g->ctx->dev && !g->nb && standard_path(path)) {
		g->skip_reason = "it hands over to the config on another partition";
		g->menu_taken = true;
		return 0;
	}
	fs = r == 0 ? grub2_view(g, dev, image, &why) : NULL;
	if (fs) {
		r = fsview_read(fs, path, FSVIEW_CONFIG_MAX, g->a, &text, &len);
		if (r == -ENOMEM)
			return r;
		why = r == -ENOENT ? "does not exist" :
		      r == -EFBIG ? "is larger than 4 MiB" : strerror(-r);
	}
	if (!fs || r < 0) {
		const char *p = name[0] == '(' && strchr(name, ')') ?
				strchr(name, ')') + 1 : name;

		/* A stub whose target is on a partition not found yet:
		 * that partition's own scan lists the entries. */
		if (!boot && !g->submenus && !image &&
		    (r == 1 || dev != g->ctx->dev) && !g->nb &&
		    standard_path(p)) {
			g->skip_reason = "it hands over to a config on another partition";
			g->menu_taken = true;
			return 0;
		}
		if (boot)
			return strlist_addf(&boot->errors, g->a,
					    "opens the menu %s, which %s", name,
					    why) < 0 ? -ENOMEM : 0;
		return grub2_warn(g, "configfile %s: the file %s", name, why);
	}
	where = image ? arena_printf(g->a, "(%s)%s:(loop)%s",
				     grub2_dev_name(g, dev), image, path) :
			arena_printf(g->a, "(%s)%s", grub2_dev_name(g, dev),
				     path);
	/* From an entry, the new menu outlives the entry's own layer: its
	 * variables go to the set's arena. */
	g->va = g->a;
	env = grub2_scope_exported(g, g->env);
	menu = arena_alloc(g->a, sizeof(*menu));
	if (!where || !env || !menu) {
		g->va = saved_va;
		return -ENOMEM;
	}
	g->env = env;
	g->menu = menu;
	g->boot = NULL;		/* a 'linux' at its top level loads nothing */
	g->status = 0;
	r = set_config_vars(g, where);
	if (r == 0)
		r = grub2_run_text(g, where, text, len, 1);
	g->va = saved_va;
	g->boot = boot;
	if (r == 0 && g->menu_taken && boot && !g->skip_reason) {
		/* A configfile in that file took over: its menu. */
		boot->menu = g->menu;
		boot->menu_env = g->env;
	}
	if (r == 0 && !g->menu_taken && menu->n) {
		/* GRUB shows this menu and never comes back: from an
		 * entry, the entry becomes that menu (finish below). */
		g->menu_taken = true;
		if (boot) {
			boot->menu = menu;
			boot->menu_env = env;
		}
	}
	if (boot && boot->menu) {
		memcpy(boot->loops, g->loopdevs, sizeof(boot->loops));
		boot->n_loops = g->n_loopdevs;
	}
	if (r < 0 || g->menu_taken)
		return r;
	g->env = saved_env;
	g->menu = saved_menu;
	return 0;
}

/* One BLS entry as Fedora's blscfg reads it. */
struct bls_entry {
	const char *name, *title, *version, *linux, *devicetree;
	struct strlist initrds, options;
};

static int bls_cmp(const void *pa, const void *pb)
{
	const struct bls_entry *a = *(struct bls_entry *const *)pa;
	const struct bls_entry *b = *(struct bls_entry *const *)pb;
	int r = bls_version_cmp(b->version ? b->version : "",
				a->version ? a->version : "");

	return r ? r : bls_version_cmp(b->name, a->name);
}

/* Appends "s" to a growing text. Returns false on ENOMEM. */
static bool cat(struct grub2 *g, char **text, const char *s)
{
	char *n = arena_printf(g->a, "%s%s", *text ? *text : "", s);

	*text = n;
	return n != NULL;
}

/* The menu entry text Fedora's blscfg (GRUB 2.06 with the BLS patches)
 * writes for an entry: "linux ($root)PATH OPTIONS" and
 * "initrd ($root)PATH...", run later as script, so $kernelopts and other
 * grubenv variables in the options expand when the entry boots. */
static char *bls_body(struct grub2 *g, struct bls_entry *e)
{
	char *t = NULL;

	if (!cat(g, &t, "linux ($root)") || !cat(g, &t, e->linux))
		return NULL;
	for (size_t i = 0; i < e->options.n; i++)
		if (!cat(g, &t, " ") || !cat(g, &t, e->options.v[i]))
			return NULL;
	if (e->initrds.n && !cat(g, &t, "\ninitrd"))
		return NULL;
	for (size_t i = 0; i < e->initrds.n; i++) {
		/* A value may list several files, and a variable that
		 * expands to more (Fedora's $tuned_initrd). */
		char *v = arena_strdup(g->a, e->initrds.v[i]), *tok, *save;

		if (!v)
			return NULL;
		for (tok = strtok_r(v, " \t", &save); tok;
		     tok = strtok_r(NULL, " \t", &save))
			if (!cat(g, &t, tok[0] == '$' ? " " : " ($root)") ||
			    !cat(g, &t, tok))
				return NULL;
	}
	if (e->devicetree && (!cat(g, &t, "\ndevicetree ($root)") ||
			      !cat(g, &t, e->devicetree)))
		return NULL;
	cat(g, &t, "\n");
	return t;
}

int grub2_blscfg(struct grub2 *g)
{
	static const char *const dirs[] = { "/loader/entries",
					    "/boot/loader/entries", NULL };
	const char *root = grub2_get(g, "root"), *blsdir, *dir = NULL;
	struct strlist names = { 0 };
	struct bls_entry **v;
	const struct fsview *fs = NULL;
	struct device *dev = NULL;
	size_t n = 0;
	int r = -ENOENT;

	/* Only Fedora's and RHEL's GRUB (rhboot/grub2) has blscfg. */
	g->fedora = true;
	g->status = 1;
	if (root)
		dev = grub2_dev_by_name(g, root + (root[0] == '('));
	if (dev)
		fs = parse_view_of(g->ctx, dev);
	if (!fs)
		return grub2_warn(g, "blscfg: $root (%s) is not a device hopboot can read, so no BLS entries were read",
				  root ? root : "unset");
	blsdir = grub2_get(g, "blsdir");
	for (int i = 0; blsdir ? i < 1 : dirs[i] != NULL; i++) {
		dir = blsdir ? blsdir : dirs[i];
		r = fsview_list(fs, dir, g->a, &names);
		if (r != -ENOENT && r != -ENOTDIR)
			break;
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0 && r != -E2BIG)
		return 0;
	v = arena_calloc(g->a, names.n + 1, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		size_t len = strlen(name), pos = 0, tl;
		struct bls_entry *e;
		char *path, *text, *key, *val;

		if (len <= 5 || strcmp(name + len - 5, ".conf") || name[0] == '.')
			continue;
		path = arena_printf(g->a, "%s/%s", dir, name);
		e = arena_alloc(g->a, sizeof(*e));
		if (!path || !e)
			return -ENOMEM;
		r = fsview_read(fs, path, 64u << 10, g->a, &text, &tl);
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			continue;
		e->name = arena_strndup(g->a, name, len - 5);
		if (!e->name)
			return -ENOMEM;
		while (bls_next_kv(text, &pos, " \t", &key, &val)) {
			if (!strcmp(key, "title"))
				e->title = val;
			else if (!strcmp(key, "version"))
				e->version = val;
			else if (!strcmp(key, "linux"))
				e->linux = val;
			else if (!strcmp(key, "devicetree"))
				e->devicetree = val;
			else if (!strcmp(key, "initrd"))
				r = strlist_add(&e->initrds, g->a, val);
			else if (!strcmp(key, "options"))
				r = strlist_add(&e->options, g->a, val);
			if (r == -ENOMEM)
				return r;
		}
		if (e->linux)
			v[n++] = e;
	}
	qsort(v, n, sizeof(*v), bls_cmp);
	for (size_t i = 0; i < n && !g->stop; i++) {
		struct grub2_item *it = arena_alloc(g->a, sizeof(*it));
		char **argv = arena_calloc(g->a, 2, sizeof(*argv));
		char *body = bls_body(g, v[i]);

		if (!it || !argv || !body)
			return -ENOMEM;
		argv[0] = (char *)(v[i]->title ? v[i]->title : v[i]->name);
		it->title = argv[0];
		it->id = v[i]->name;
		it->argc = 1;
		it->argv = argv;
		it->src = body;
		it->len = strlen(body);
		it->line = 1;
		it->file = arena_printf(g->a, "(%s)%s/%s.conf",
					grub2_dev_name(g, dev), dir,
					v[i]->name);
		if (!it->file)
			return -ENOMEM;
		r = grub2_menu_add(g, it);
		if (r < 0)
			return r;
	}
	g->status = 0;
	return 0;
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * menuentry_eq: does name match spec up to its first single '>' (">>" is a
 * literal '>')? With a limit (Fedora's GRUB, below), name is compared with
 * the first limit characters of spec only, and a blank may follow it.
 */
static bool spec_eq(const char *name, const char *spec, long limit)
{
	const char *a = name, *b = spec;

	while (limit < 0 || a - name <= limit) {
		if (*b == '>' && b[1] != '>')
			return !*a && b > spec;
		if (*b == '>')
			b++;
		if (*a != *b)
			return limit >= 0 && a - name == limit && !*a &&
			       blank(*b) && limit != 1;
		if (!*a)
			return a > name;
		a++;
		b++;
	}
	return false;
}

/*
 * GRUB 2.06's get_entry_number: a spec starting with a digit is an index
 * (grub_strtoul reads what it can: "1>0" is 1); otherwise the first entry
 * whose title or --id matches it. Returns the index or -1.
 */
static long entry_number_upstream(const struct grub2_menu *m,
				  const char *spec)
{
	if (digit(*spec)) {
		char *end;
		unsigned long u = strtoul(spec, &end, 0);

		return u > (unsigned long)m->n ? -1 : (long)u;
	}
	for (size_t i = 0; i < m->n; i++)
		if (spec_eq(m->v[i]->title, spec, -1) ||
		    (m->v[i]->id && spec_eq(m->v[i]->id, spec, -1)))
			return (long)i;
	return -1;
}

/*
 * Fedora's and RHEL's GRUB (rhboot patch "Fix menu entry selection based on
 * ID and title", rhbz#1640979; Fedora 30 on, RHEL 8 on): get_entry_number
 * tries every --id (the title when there is none) against the spec's first
 * word, then every title, and only then reads a number, which must be the
 * whole spec: saved_entry names BLS entries by file name, and a machine id
 * starting with a digit is not an index there. Returns the index or -1.
 */
static long entry_number_rh(const struct grub2_menu *m, const char *spec)
{
	long first = (long)strcspn(spec, " \t\n\r");
	const char *p = spec;
	unsigned long u;
	char *end;

	for (size_t i = 0; i < m->n; i++)
		if (spec_eq(m->v[i]->id ? m->v[i]->id : m->v[i]->title, spec,
			    first))
			return spec[first] ? -1 : (long)i;
	for (size_t i = 0; i < m->n; i++)
		if (spec_eq(m->v[i]->title, spec, -1))
			return (long)i;
	while (blank(*p))
		p++;
	if (!digit(*p))
		return -1;
	u = strtoul(p, &end, 0);
	return *end || u > (unsigned long)m->n ? -1 : (long)u;
}

/* The entry a 'default' or 'fallback' spec names, by the rules of the GRUB
 * that runs this config (doc/grub2.md, "The default"). Returns the index
 * or -1. */
static long entry_number(const struct grub2 *g, const struct grub2_menu *m,
			 const char *spec)
{
	if (!spec)
		return -1;
	return g->fedora ? entry_number_rh(m, spec) :
			   entry_number_upstream(m, spec);
}

/* What follows the first single '>' of a default spec, or NULL. */
static const char *spec_rest(const char *spec)
{
	for (const char *p = spec; p && *p; p++) {
		if (p[0] == '>' && p[1] == '>') {
			p++;
			continue;
		}
		if (*p == '>')
			return p[1] ? p + 1 : NULL;
	}
	return NULL;
}

/*
 * Runs an item's body with its title and arguments as $1... GRUB runs one
 * body, when it is chosen: an entry's loopback devices are gone after it.
 * A submenu's (boot NULL) stay for the entries of its menu: the caller
 * forgets them after those. When a submenu's body ran 'configfile' of a
 * file with entries, *menu and *env become that file's: GRUB shows that
 * menu, nested, when the submenu is entered, and its default boots.
 */
static int run_body(struct grub2 *g, struct grub2_item *it,
		    struct grub2_scope **env, struct grub2_menu **menu,
		    struct grub2_boot *boot)
{
	struct grub2_scope *saved_env = g->env;
	struct grub2_menu *saved_menu = g->menu;
	int saved_argc = g->argc, r;
	char **saved_argv = g->argv;
	struct grub2_loop saved_loops[GRUB2_IMAGES_MAX];
	int saved_n_loops = g->n_loopdevs;

	memcpy(saved_loops, g->loopdevs, sizeof(saved_loops));
	g->env = *env;
	g->menu = *menu;
	g->boot = boot;
	g->argc = it->argc;
	g->argv = it->argv;
	g->status = 0;
	g->submenus += !boot;
	r = grub2_run_text(g, it->file, it->src, it->len, it->line);
	g->submenus -= !boot;
	if (!boot && g->menu_taken) {
		*env = g->env;
		*menu = g->menu;
	}
	g->env = saved_env;
	g->menu = saved_menu;
	g->boot = NULL;
	g->argc = saved_argc;
	g->argv = saved_argv;
	g->ret = g->menu_taken = false;
	g->brk = g->cont = 0;
	if (boot) {
		memcpy(g->loopdevs, saved_loops, sizeof(saved_loops));
		g->n_loopdevs = saved_n_loops;
	}
	return r;
}

static size_t id_hash(const char *s)
{
	size_t h = 5381;

	for (; *s; s++)
		h = h * 33 + (unsigned char)*s;
	return h;
}

/* True when this config already made an option with this id. Ids of
 * other parsers and devices differ in their prefix, so only ours can
 * collide; a hash keeps thousands of entries linear. */
static bool id_taken(const struct grub2 *g, const char *id)
{
	if (!g->ids_cap)
		return false;
	for (size_t i = id_hash(id) % g->ids_cap; g->ids[i];
	     i = (i + 1) % g->ids_cap)
		if (!strcmp(g->ids[i], id))
			return true;
	return false;
}

static int id_add(struct grub2 *g, const char *id)
{
	if (2 * (g->n_ids + 1) > g->ids_cap) {
		size_t cap = g->ids_cap ? g->ids_cap * 2 : 64;
		const char **v = arena_calloc(g->a, cap, sizeof(*v));

		if (!v)
			return -ENOMEM;
		for (size_t i = 0; i < g->ids_cap; i++) {
			size_t k;

			if (!g->ids[i])
				continue;
			for (k = id_hash(g->ids[i]) % cap; v[k]; k = (k + 1) % cap)
				;
			v[k] = g->ids[i];
		}
		g->ids = v;
		g->ids_cap = cap;
	}
	{
		size_t k;

		for (k = id_hash(id) % g->ids_cap; g->ids[k];
		     k = (k + 1) % g->ids_cap)
			;
		g->ids[k] = id;
	}
	g->n_ids++;
	return 0;
}

/* The files an option came from: the grub.cfg read first, then file, the
 * one its menuentry is in, named as messages name it: a path on ctx->dev,
 * "(hd0,gpt2)/grub/custom.cfg" or "(hd0,gpt2)/x.iso:(loop)/loopback.cfg".
 * Returns 0 or -ENOMEM. */
static int add_configs(struct grub2 *g, struct boot_option *opt,
		       const char *file)
{
	struct option_set *set = g->ctx->set;
	const char *dev = g->ctx->dev->id, *close, *loop, *image = NULL;
	struct device *d = NULL;
	char *name;

	if (option_add_config(set, opt, dev, NULL, g->cfg) < 0)
		return -ENOMEM;
	close = file[0] == '(' ? strchr(file, ')') : NULL;
	if (!close)
		return option_add_config(set, opt, dev, NULL, file);
	name = arena_strndup(g->a, file + 1, (size_t)(close - file - 1));
	if (!name)
		return -ENOMEM;
	d = grub2_dev_by_name(g, name);
	loop = strstr(close, ":(loop)");
	if (loop) {
		image = arena_strndup(g->a, close + 1,
				      (size_t)(loop - close - 1));
		if (!image)
			return -ENOMEM;
		close = loop + 6;
	}
	return option_add_config(set, opt, d ? d->id : dev, image, close + 1);
}

static int add_option(struct grub2 *g, struct grub2_item *it,
		      const char *idpath, const struct strlist *titles,
		      struct grub2_boot *b, struct boot_option **ret)
{
	struct option_set *set = g->ctx->set;
	const char *dev = g->ctx->dev->id;
	struct boot_option *opt;
	char *id = NULL;

	if (it->id)
		id = arena_printf(g->a, "%s:grub2:%s", dev, it->id);
	if (!id || id_taken(g, id))
		id = arena_printf(g->a, "%s:grub2:%s", dev, idpath);
	if (id && id_taken(g, id))
		id = arena_printf(g->a, "%s:grub2:%s~%zu", dev, idpath,
				  set->n_options);
	opt = id && id_add(g, id) == 0 ? option_set_add_option(set) : NULL;
	if (!opt)
		return -ENOMEM;
	opt->id = id;
	opt->device = dev;
	opt->source = SOURCE_GRUB2;
	opt->title = it->title;
	opt->submenu = *titles;
	opt->kernel = b->kernel;
	opt->initrds = b->initrds;
	opt->n_initrds = b->n_initrds;
	opt->devicetree = b->devicetree;
	opt->cmdline = b->kernel && b->cmdline ? b->cmdline : "";
	opt->errors = b->errors;
	opt->flags = b->flags;
	if (add_configs(g, opt, it->file) < 0)
		return -ENOMEM;
	if (!b->kernel && !b->errors.n &&
	    strlist_add(&opt->errors, g->a,
			"loads no Linux kernel: no 'linux' command in its body ran") < 0)
		return -ENOMEM;
	*ret = opt;
	return 0;
}

static int finish(struct grub2 *g, struct grub2_menu *m,
		  struct grub2_scope *env, const char *idpath,
		  const struct strlist *titles, bool on_path,
		  struct grub2_item **chosen);

/* An entry whose body ran 'configfile': when chosen, GRUB shows that
 * file's menu, so its entries are listed as a submenu under the entry's
 * title. Its menu's variables are in the set's arena, not the entry's. */
static int entry_menu(struct grub2 *g, struct grub2_item *it,
		      struct grub2_boot *b, const char *path,
		      const struct strlist *titles, bool here,
		      struct grub2_item **chosen)
{
	struct strlist sub = { 0 };
	struct arena *saved_va = g->va;
	struct grub2_loop saved_loops[GRUB2_IMAGES_MAX];
	int saved_n = g->n_loopdevs, r;

	g->file = it->file;
	g->line = it->line;
	if (titles->n >= GRUB2_SUBMENU_MAX)
		return grub2_stop(g, "menus open menus (configfile from an entry) more than %d deep; the entries below were skipped",
				  GRUB2_SUBMENU_MAX);
	for (size_t k = 0; k < titles->n; k++)
		if (strlist_add(&sub, g->a, titles->v[k]) < 0)
			return -ENOMEM;
	if (strlist_add(&sub, g->a, it->title) < 0)
		return -ENOMEM;
	/* The entries of that menu empty the entry arena as they run: the
	 * entry's own layer is done with. They see its loopback devices. */
	memcpy(saved_loops, g->loopdevs, sizeof(saved_loops));
	memcpy(g->loopdevs, b->loops, sizeof(saved_loops));
	g->n_loopdevs = b->n_loops;
	g->va = g->a;
	r = finish(g, b->menu, b->menu_env, path, &sub, here, chosen);
	g->va = saved_va;
	memcpy(g->loopdevs, saved_loops, sizeof(saved_loops));
	g->n_loopdevs = saved_n;
	return r;
}

/*
 * Turns menu m, whose script left the variables env, into options. When
 * on_path, the default path goes through this menu: the entry it picks
 * goes to *chosen. Submenus run their bodies here, in a new context with
 * the exported variables, 'default' set to the rest of the path.
 */
static int finish(struct grub2 *g, struct grub2_menu *m,
		  struct grub2_scope *env, const char *idpath,
		  const struct strlist *titles, bool on_path,
		  struct grub2_item **chosen)
{
	const char *spec = NULL, *rest = NULL;
	long def = -1;
	int r;

	if (on_path) {
		struct grub2_scope *saved = g->env;

		g->env = env;
		spec = grub2_get(g, "default");
		g->env = saved;
		def = entry_number(g, m, spec);
		if (def < 0 || (size_t)def >= m->n)
			def = 0;
		rest = spec_rest(spec);
	}
	for (size_t i = 0; i < m->n && !g->stop; i++) {
		struct grub2_item *it = m->v[i];
		bool here = on_path && (long)i == def;
		char *path = *idpath ? arena_printf(g->a, "%s>%zu", idpath, i) :
				       arena_printf(g->a, "%zu", i);
		struct strlist sub = *titles;

		if (!path)
			return -ENOMEM;
		if (!it->submenu) {
			struct grub2_boot b = { 0 };
			struct grub2_menu junk = { 0 }, *junkp = &junk;
			struct grub2_scope *layer;
			struct boot_option *opt = NULL;
			size_t var_bytes = g->var_bytes;

			g->va = g->entry_arena;
			layer = grub2_scope_new(g, env);
			r = layer ? run_body(g, it, &layer, &junkp, &b) :
				    -ENOMEM;
			if (r == 0 && b.menu)
				r = entry_menu(g, it, &b, path, titles, here,
					       chosen);
			else if (r == 0)
				r = add_option(g, it, path, titles, &b, &opt);
			/* The layer's variables go with it. */
			g->va = g->a;
			arena_reset(g->entry_arena);
			g->var_bytes = var_bytes;
			if (r < 0)
				return r;
			it->opt = opt;
			it->loader = b.loader;
			if (here && opt)
				*chosen = it;
			continue;
		}
		/* Every option carries its submenu path: nesting without end
		 * would make the output grow with its square. */
		if (titles->n >= GRUB2_SUBMENU_MAX) {
			r = grub2_stop(g, "grub.cfg nests submenus more than %d "
				       "deep; the entries below were skipped",
				       GRUB2_SUBMENU_MAX);
			if (r < 0)
				return r;
			break;
		}
		{
			struct grub2_scope *ctx = grub2_scope_exported(g, env);
			struct grub2_menu *menu = arena_alloc(g->a,
							      sizeof(*menu));
			struct grub2_scope *saved = g->env;
			struct grub2_loop loops[GRUB2_IMAGES_MAX];
			int n_loops;

			if (!ctx || !menu)
				return -ENOMEM;
			g->env = ctx;
			r = here && rest ? grub2_set(g, "default", rest) :
					   grub2_unset(g, "default");
			g->env = saved;
			if (r < 0)
				return r;
			sub.v = NULL;
			sub.n = sub.cap = 0;
			for (size_t k = 0; k < titles->n; k++)
				if (strlist_add(&sub, g->a, titles->v[k]) < 0)
					return -ENOMEM;
			if (strlist_add(&sub, g->a, it->title) < 0)
				return -ENOMEM;
			memcpy(loops, g->loopdevs, sizeof(loops));
			n_loops = g->n_loopdevs;
			r = run_body(g, it, &ctx, &menu, NULL);
			if (r == 0)
				r = finish(g, menu, ctx, path, &sub, here,
					   chosen);
			memcpy(g->loopdevs, loops, sizeof(loops));
			g->n_loopdevs = n_loops;
			if (r < 0)
				return r;
		}
	}
	return 0;
}

/* The first /EFI/<dir>/grub.cfg in name order, or NULL. */
static const char *efi_config(struct parse_ctx *ctx, struct arena *a)
{
	struct strlist names = { 0 };

	if (fsview_list(ctx->fs, "/EFI", a, &names) < 0)
		return NULL;
	for (size_t i = 0; i < names.n; i++) {
		char *p = arena_printf(a, "/EFI/%s/grub.cfg", names.v[i]);

		if (p && fsview_is_file(ctx->fs, p))
			return p;
	}
	return NULL;
}

/*
 * The config GRUB would read on this filesystem, or NULL. EFI GRUB reads
 * the one beside its image (/EFI/BOOT on removable media, /EFI/<vendor>
 * installed); BIOS GRUB never reads those. Where a filesystem holds both
 * kinds (Fedora's live and install media: lorax puts grub2-efi.cfg in
 * /EFI/BOOT and grub2-bios.cfg in /boot/grub2), each firmware gets its
 * own; with the firmware unknown, or one kind only, the one there is read.
 */
static const char *find_config(struct parse_ctx *ctx, struct arena *a)
{
	const char *bios = NULL, *efi;

	for (int i = 0; cfg_paths[i] && !bios; i++)
		if (fsview_is_file(ctx->fs, cfg_paths[i]))
			bios = cfg_paths[i];
	if (bios && ctx->firmware != FIRMWARE_EFI)
		return bios;
	efi = efi_config(ctx, a);
	return efi ? efi : bios;
}

const char *grub2_config(struct parse_ctx *ctx, struct arena *scratch)
{
	return find_config(ctx, scratch);
}

/* The variables GRUB's kernel and normal mode set before grub.cfg runs. */
static int initial_env(struct grub2 *g, const char *cfg)
{
	static const char *const features[] = {
		"feature_chainloader_bpb", "feature_ntldr",
		"feature_platform_search_hint", "feature_default_font_path",
		"feature_all_video_module", "feature_menuentry_id",
		"feature_menuentry_options", "feature_200_final",
		"feature_nativedisk_cmd", "feature_timeout_style", NULL,
	};
	/* A config under /EFI/ is only ever run by GRUB for EFI; one in
	 * /boot/grub is run by either, as the firmware decides. */
	bool on_esp = !strncmp(cfg, "/EFI/", 5);
	bool efi = on_esp || g->ctx->firmware == FIRMWARE_EFI;
	const char *root = grub2_dev_name(g, g->ctx->dev);
	const char *slash = strrchr(cfg, '/');
	char *prefix = arena_printf(g->a, "(%s)%.*s", root ? root : "hd0",
				    (int)(slash - cfg), cfg);
	char *where = arena_printf(g->a, "(%s)%s", root ? root : "hd0", cfg);
	int r = 0;

	if (!root || !prefix || !where)
		return -ENOMEM;
	r |= grub2_set(g, "root", root);
	r |= grub2_set(g, "prefix", prefix);
	r |= grub2_set(g, "grub_platform", efi ? "efi" : "pc");
	r |= grub2_set(g, "grub_cpu", efi ? "x86_64" : "i386");
	if (on_esp)
		r |= grub2_set(g, "cmdpath", prefix);
	for (int i = 0; features[i]; i++)
		r |= grub2_set(g, features[i], "y");
	if (g->nb) {
		r |= grub2_set(g, "grub_platform", g->nb->efi ? "efi" : "pc");
		r |= grub2_set(g, "grub_cpu", g->nb->efi ? "x86_64" : "i386");
		r |= grub2_net_env(g);
	}
	r |= set_config_vars(g, where);
	if (r < 0)
		return -ENOMEM;
	for (struct grub2_scope *s = g->env; s; s = NULL)
		for (size_t i = 0; i < s->nb; i++)
			for (struct grub2_var *v = s->tab[i]; v; v = v->next)
				v->exported = strncmp(v->name, "config_", 7);
	return 0;
}

/* The timeout variable as normal mode reads it: unset or bad waits. */
static void set_timeout(struct grub2 *g)
{
	const char *t = grub2_get(g, "timeout");
	char *end;
	long v;

	if (g->ctx->set->has_timeout)
		return;
	v = t && digit(*t) ? strtol(t, &end, 10) : -1;
	g->ctx->set->timeout = v < 0 || v > 1000000 ? -1 : (int)v;
	g->ctx->set->has_timeout = true;
}

/* Would GRUB start what this entry loads? A kernel, and also another
 * loader (chainloader, multiboot...), which kexec cannot start: GRUB
 * leaves for it and never comes back to try 'fallback', so such a default
 * stays the default, listed with why kexec cannot start it, rather than
 * become some Linux entry the real loader would not boot. */
static bool starts(const struct grub2_item *it)
{
	return !it->opt->errors.n || it->loader;
}

static int parse(struct grub2 *gp);

int grub2_parse(struct parse_ctx *ctx)
{
	return grub2_parse_net(ctx, NULL);
}

int grub2_parse_net(struct parse_ctx *ctx, const struct grub2_netboot *nb)
{
	struct grub2 g = { .ctx = ctx, .a = ctx->set->arena, .nb = nb,
			   .va = ctx->set->arena, .entry_arena = arena_new() };
	int r = g.entry_arena ? parse(&g) : -ENOMEM;

	arena_free(g.entry_arena);
	for (size_t i = 0; i < sizeof(g.scratch) / sizeof(g.scratch[0]); i++)
		arena_free(g.scratch[i]);
	for (size_t i = 0; i < sizeof(g.bufs) / sizeof(g.bufs[0]); i++)
		arena_free(g.bufs[i].a);
	return r;
}

static int parse(struct grub2 *gp)
{
	struct parse_ctx *ctx = gp->ctx;
	struct grub2_item *chosen = NULL;
	struct strlist titles = { 0 };
	size_t before = ctx->set->n_options;
	const char *cfg;
	size_t len;
	char *text;
	int r;

	cfg = gp->nb ? gp->nb->config : find_config(ctx, gp->a);
	if (!cfg)
		return 0;
	if (gp->nb && gp->nb->script) {
		/* A GRUB image's embedded config and normal mode's step:
		 * netboot.c wrote them as one script. */
		len = gp->nb->script_len;
		text = arena_strndup(gp->a, gp->nb->script, len);
		if (!text)
			return -ENOMEM;
		r = 0;
	} else {
		r = fsview_read(ctx->fs, cfg, FSVIEW_CONFIG_MAX, gp->a, &text,
				&len);
	}
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return strlist_addf(&ctx->dev->errors, gp->a,
				    "cannot read %s: %s; its GRUB entries were not read",
				    cfg, r == -EFBIG ? "the file is larger than 4 MiB" :
				    strerror(-r)) < 0 ? -ENOMEM : 0;
	gp->env = grub2_scope_new(gp, NULL);
	gp->menu = arena_alloc(gp->a, sizeof(*gp->menu));
	if (!gp->env || !gp->menu || initial_env(gp, cfg) < 0)
		return -ENOMEM;
	gp->cfg = gp->file = cfg;
	r = grub2_run_text(gp, cfg, text, len, 1);
	if (r < 0)
		return r;
	if (gp->skip_reason)
		return 0;
	gp->stop = false;		/* list what was found before a bound */
	gp->steps = 0;
	r = finish(gp, gp->menu, gp->env, "", &titles, true, &chosen);
	if (r < 0)
		return r;
	if (chosen && starts(chosen)) {
		chosen->opt->is_default = true;
	} else if (chosen) {
		/* GRUB tries 'fallback' when the default fails to boot. */
		long fb = entry_number(gp, gp->menu,
				       grub2_get(gp, "fallback"));
		struct grub2_item *it = fb >= 0 && (size_t)fb < gp->menu->n ?
					gp->menu->v[fb] : NULL;

		if (it && it->opt && starts(it))
			it->opt->is_default = true;
	}
	if (gp->menu->n)
		set_timeout(gp);
	return (int)(ctx->set->n_options - before);
}
