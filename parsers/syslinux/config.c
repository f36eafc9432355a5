/* config.c - CONFIG labels: syslinux starting over on another config, listed as a submenu. */
#include <errno.h>
#include <string.h>

#include "sl.h"

/* True when path is a folder inside the view: a CONFIG folder that is not
 * one leaves syslinux in the current folder ("Failed to chdir"). */
static bool is_dir(struct sl *s, const char *path)
{
	struct strlist names = { 0 };
	int r = fsview_list(s->ctx->fs, path, s->a, &names);

	return r == 0 || r == -E2BIG;
}

/*
 * Why CONFIG file (as written, len bytes) cannot be followed, or NULL when
 * it can; *path gets the file, from the current folder as execute.c's
 * realpath() takes it. syslinux has no limit: a config that CONFIGs itself
 * just shows its menu again, so a loop is cut here with a sentence.
 */
const char *sl_config_why(struct sl *s, const char *file, size_t len,
			      const char **path)
{
	const char *p = sl_resolve(s, file, len);
	int depth = 0;

	if (!p)
		return NULL;
	if (path)
		*path = p;
	for (struct sl *c = s; c; c = c->parent) {
		depth++;
		if (!strcmp(c->config, p))
			return arena_printf(s->a,
				"switches syslinux back to the config %s (CONFIG), whose labels are listed already", p);
	}
	if (depth > SL_CONFIG_DEPTH)
		return arena_printf(s->a,
			"switches syslinux to the config %s more than %d CONFIG labels deep; hopboot stops following there",
			p, SL_CONFIG_DEPTH);
	if (!fsview_is_file(s->ctx->fs, p))
		return arena_printf(s->a,
			"switches syslinux to the config %.*s (CONFIG), which is %s, not a file on this partition; syslinux takes it from %s, the current folder",
			(int)len, file, p, s->cwd);
	return NULL;
}

/*
 * A CONFIG label (execute.c: realpath the file from the current folder,
 * chdir to the first word of the arguments if any, start ldlinux.c32 again
 * on the file). Nothing of the first config survives (verified: not its
 * APPEND); the current folder stays unless the label names one (verified:
 * "CONFIG ../cfg/third.cfg /k" takes its kernel from /k). hopboot lists the
 * new config's options in a submenu named after the label. Returns 1 when
 * followed, 0 when the label is to be listed with an error, or -ENOMEM.
 */
int sl_chain(struct sl *s, struct entry *e, const char *rest)
{
	const char *file = skipspace((char *)rest), *fe = word_end(file);
	const char *dir = skipspace((char *)fe), *de = word_end(dir);
	const char *path = NULL, *title;
	struct sl c = {
		.ctx = s->ctx, .a = s->a, .parent = s, .top = s->top,
		.implicit = true, .cwd = s->cwd,
		/* SysAppends lives in syslinux's core, not in ldlinux.c32:
		 * it is still set in the new config (from the source). */
		.sysappend = s->sysappend,
		.hide_all = s->hide_all || e->hidden,
	};
	int r, secs;

	if (sl_config_why(s, file, (size_t)(fe - file), &path) || !path)
		return path ? 0 : -ENOMEM;
	if (de > dir) {
		char *d = sl_resolve(s, dir, (size_t)(de - dir));

		if (!d)
			return -ENOMEM;
		if (is_dir(s, d))
			c.cwd = d;
	}
	c.config = path;
	c.menu = &c.root;
	title = sl_strip_caret(s->a, e->display);
	c.id_prefix = arena_printf(s->a, "%s%s/", s->id_prefix, e->full);
	if (!title || !c.id_prefix || sl_submenus(s, e, &c.prefix) < 0 ||
	    strlist_add(&c.prefix, s->a, title) < 0)
		return -ENOMEM;
	e->chain = true;
	r = sl_run_config(&c, &e->chain_default, &secs);
	return r < 0 ? r : 1;
}
