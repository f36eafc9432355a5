/* syslinux.c - extlinux/syslinux/isolinux configs, read as syslinux 6.04 reads them.
 *
 * The real loader is the reference (com32/elflink/ldlinux/readconfig.c,
 * ldlinux.c, execute.c, kernel.c; core/fs/lib/searchconfig.c), and the
 * rules below were checked by booting real extlinux 6.04 (tests/oracle/
 * extlinux/). In short:
 *  - the config is searched in the folder extlinux was installed into (the
 *    one holding ldlinux.sys), then /boot/syslinux, /syslinux and /, each for
 *    extlinux.conf then syslinux.cfg; isolinux: /boot/isolinux, /isolinux,
 *    /boot/syslinux, /syslinux, / for isolinux.cfg then syslinux.cfg;
 *  - the folder of that config is the current folder for everything after:
 *    INCLUDE, KERNEL, INITRD and initrd= paths are taken from it, also in
 *    files INCLUDEd from elsewhere (INCLUDE does not change it);
 *  - a label's command is "KERNEL[ APPEND][ initrd=INITRD]": the label's
 *    APPEND, else the global one, none for "APPEND -"; INITRD adds one
 *    initrd= word after APPEND even when APPEND holds one already;
 *  - the kernel gets "BOOT_IMAGE=<kernel as written> <arguments>", and
 *    syslinux loads the initrds of the first "initrd=" in that line only;
 *  - DEFAULT is a command: a label, plus optional extra arguments, or a
 *    kernel and its arguments;
 *  - a CONFIG label starts over on another file, keeping only the current
 *    folder (or changing to the one it names): listed as a submenu; a
 *    config that runs its DEFAULT into a CONFIG before anyone can choose
 *    (no UI, no PROMPT) is replaced by the new one; a CONFIG back to a
 *    config already followed lists nothing, and an entry a CONFIG'd menu
 *    repeats from a menu above it is listed once;
 *  - whichsys.c32, ifcpu64.c32, ifcpu.c32, cmd.c32 and config.c32 only
 *    choose what runs next: hopboot follows them where the answer does
 *    not need the running machine;
 *  - IPAPPEND/SYSAPPEND words follow the label's initrd= word.
 * syslinux has no include depth limit or loop check; hopboot stops at
 * SL_INCLUDE_DEPTH, SL_CONFIG_DEPTH, SL_FILES_MAX files and SL_ENTRIES_MAX
 * labels in all, with an error saying so.
 *
 * The files: readconfig.c reads configs into labels, execute.c says what a
 * command boots, jump.c follows the modules that choose, config.c follows
 * CONFIG labels, entries.c and default.c make the options and pick the
 * default, dedupe.c lists an entry that linked menus repeat once, path.c
 * and sysappend.c hold the path rules and the SYSAPPEND words; sl.h is
 * the state they share.
 */
#include <errno.h>
#include <string.h>

#include "sl.h"

/*
 * Where the config is, in the order syslinux 6.04 looks: the install folder
 * (the one holding ldlinux.sys), then /boot/syslinux, /syslinux and /, for
 * extlinux.conf then syslinux.cfg (core/fs/lib/loadconfig.c); isolinux
 * (iso9660) looks in its fixed list. A tree without ldlinux.sys (copied,
 * or the loader is elsewhere) is searched in the order of FALLBACK.
 */
static const char *find_config(struct sl *s)
{
	static const char *const installs[] = {
		"/boot/extlinux", "/extlinux", "/boot/syslinux", "/syslinux", "",
	};
	static const char *const iso[] = {
		"/boot/isolinux/isolinux.cfg", "/boot/isolinux/syslinux.cfg",
		"/isolinux/isolinux.cfg", "/isolinux/syslinux.cfg",
		"/boot/syslinux/isolinux.cfg", "/boot/syslinux/syslinux.cfg",
		"/syslinux/isolinux.cfg", "/syslinux/syslinux.cfg",
		"/isolinux.cfg", "/syslinux.cfg",
	};
	static const char *const fallback[] = {
		"/boot/extlinux/extlinux.conf", "/boot/extlinux/syslinux.cfg",
		"/extlinux/extlinux.conf", "/extlinux/syslinux.cfg",
		"/extlinux.conf",
		"/boot/syslinux/extlinux.conf", "/boot/syslinux/syslinux.cfg",
		"/syslinux/extlinux.conf", "/syslinux/syslinux.cfg",
		"/syslinux.cfg",
		"/isolinux/isolinux.cfg", "/boot/isolinux/isolinux.cfg",
	};
	const char *dev_type = s->ctx->dev->type;
	const char *const *list = fallback;
	size_t n = sizeof(fallback) / sizeof(fallback[0]);
	char *path;

	if (dev_type && !strcmp(dev_type, "iso9660")) {
		list = iso;
		n = sizeof(iso) / sizeof(iso[0]);
	} else {
		for (size_t i = 0; i < sizeof(installs) / sizeof(installs[0]);
		     i++) {
			const char *dirs[4] = {
				installs[i], "/boot/syslinux", "/syslinux", "",
			};

			path = arena_printf(s->a, "%s/ldlinux.sys", installs[i]);
			if (!path || !fsview_is_file(s->ctx->fs, path))
				continue;
			for (size_t d = 0; d < 4; d++) {
				for (int f = 0; f < 2; f++) {
					path = arena_printf(s->a, "%s/%s", dirs[d],
						f ? "syslinux.cfg" : "extlinux.conf");
					if (path && fsview_is_file(s->ctx->fs, path))
						return path;
				}
			}
			return NULL;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (fsview_is_file(s->ctx->fs, list[i]))
			return list[i];
	return NULL;
}

const char *syslinux_config(struct parse_ctx *ctx, struct arena *scratch)
{
	struct sl s = { .ctx = ctx, .a = scratch };

	return find_config(&s);
}

/* One config's files read as ldlinux.c32 reads them after a start. */
static int read_one(struct sl *s)
{
	int r = sl_parse_file(s, s->config);

	if (r >= 0)
		r = sl_record(s);	/* the last label, at the end */
	if (r < 0)
		return r;
	/* "DEFAULT vesamenu.c32" starts the menu as UI does. */
	if (!s->ui && s->default_cmd && !sl_find_label(s, s->default_cmd) &&
	    sl_is_menu(s->default_cmd, (size_t)(word_end(s->default_cmd) -
						s->default_cmd))) {
		s->ui = s->default_cmd;
		s->default_cmd = NULL;
	}
	return 0;
}

/*
 * Where a config passes syslinux on before anyone can choose: with no UI
 * and no PROMPT, ldlinux runs DEFAULT at once (ldlinux_auto_boot()), and
 * when that ends in a CONFIG (a CONFIG label, or whichsys.c32 or
 * ifcpu64.c32 picking one, as the Arch and SystemRescue ISOs do), the menu
 * anyone sees is the new config's. Returns 1 with *path and *cwd set, 0
 * when the config stays, or -ENOMEM.
 */
static int passes_to(struct sl *s, const char **path, const char **cwd,
		     bool *no_sysappend)
{
	const char *why;
	struct dest d;
	int r;

	if (s->ui || s->prompt || !s->default_cmd ||
	    s->n_passed == SL_CONFIG_DEPTH)
		return 0;
	r = sl_follow(s, s->default_cmd, true, KT_NONE, &d);
	if (r < 0 || d.why || d.type != KT_CONFIG)
		return r;
	r = sl_config_target(s, d.cmd, path, cwd, &why);
	*no_sysappend = d.no_sysappend;
	if (r)
		return r < 0 ? r : 0;	/* a loop: syslinux would never stop */
	return !why;
}

/* s started over on path: nothing of the config it leaves is kept but
 * the current folder and, in syslinux's core, SYSAPPEND (execute.c). */
static void restart(struct sl *s, const char *path, const char *cwd,
		    bool no_sysappend)
{
	struct sl keep = *s;

	memset(s, 0, sizeof(*s));
	s->ctx = keep.ctx;
	s->a = keep.a;
	s->parent = keep.parent;
	s->top = keep.top;
	s->node = keep.node;
	s->id_prefix = keep.id_prefix;
	s->prefix = keep.prefix;
	s->hide_all = keep.hide_all;
	s->sysappend = no_sysappend ? 0 : keep.sysappend;
	s->files = keep.files;
	s->labels = keep.labels;
	s->too_many = keep.too_many;
	s->listed = keep.listed;
	s->n_listed = keep.n_listed;
	s->cap_listed = keep.cap_listed;
	memcpy(s->passed, keep.passed, sizeof(s->passed));
	s->n_passed = keep.n_passed;
	s->passed[s->n_passed++] = keep.config;
	s->config = path;
	s->cwd = cwd;
	s->implicit = true;
	s->menu = &s->root;
}

int sl_read(struct sl *s)
{
	const char *path, *cwd;
	bool no_sysappend = false;
	int r;

	while ((r = read_one(s)) >= 0 &&
	       (r = passes_to(s, &path, &cwd, &no_sysappend)) > 0)
		restart(s, path, cwd, no_sysappend);
	return r;
}

int sl_list(struct sl *s, struct boot_option **def, int *secs)
{
	for (size_t i = 0; i < s->n; i++) {
		int r = sl_add_entry(s, s->v[i]);

		if (r < 0)
			return r;
	}
	return sl_pick_default(s, def, secs);
}

int syslinux_parse(struct parse_ctx *ctx)
{
	struct sl s = {
		.ctx = ctx, .a = ctx->set->arena, .implicit = true,
		.id_prefix = "",
	};
	static const struct node first_node = { NULL, 0 };
	struct option_set *set = ctx->set;
	size_t first = set->n_options;
	struct boot_option *def;
	int r, secs;

	/* pxelinux: the lookup of parsers/pxe/ found the file, and names
	 * are taken from the path prefix, not the file's folder. */
	s.config = ctx->net && ctx->net->config ? ctx->net->config :
		   find_config(&s);
	if (!s.config)
		return 0;
	s.cwd = ctx->net && ctx->net->cwd ? ctx->net->cwd :
		sl_dirname(s.a, s.config);
	if (!s.cwd)
		return -ENOMEM;
	s.top = &s;
	s.node = &first_node;
	s.menu = &s.root;
	r = sl_read(&s);
	if (r >= 0)
		r = sl_list(&s, &def, &secs);
	if (r >= 0)
		r = sl_dedupe(&s, first, &def);
	if (r < 0)
		return r;
	/* The first config's wait: a CONFIG'd menu's own TIMEOUT comes
	 * only after the user (or the first DEFAULT) chose the label. */
	if (def)
		def->is_default = true;
	if (!set->has_timeout) {
		set->timeout = secs;
		set->has_timeout = true;
	}
	return (int)(set->n_options - first);
}
