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

static int because(const char **why, const char *msg)
{
	*why = msg;
	return msg ? 0 : -ENOMEM;
}

/* True when path is s's config or one it passed through (syslinux.c). */
static bool is_followed(const struct sl *c, const char *path)
{
	if (!strcmp(c->config, path))
		return true;
	for (int i = 0; i < c->n_passed; i++)
		if (!strcmp(c->passed[i], path))
			return true;
	return false;
}

/*
 * Where "file [folder]" (a CONFIG's command) takes syslinux: *path the
 * file, from the current folder as execute.c's realpath() takes it, and
 * *cwd the current folder afterwards (the folder when it is one, else the
 * same). *why is NULL when it can be followed, else the reason: syslinux
 * has no limit, and a config that CONFIGs itself just shows its menu
 * again, so a loop is cut here. Returns 1 for such a link back (*why
 * set), 0 otherwise, or -ENOMEM.
 */
int sl_config_target(struct sl *s, const char *cmd, const char **path,
		     const char **cwd, const char **why)
{
	const char *fe = word_end(cmd), *dir = skipspace((char *)fe);
	const char *de = word_end(dir);
	int depth = 0;

	*why = NULL;
	*cwd = s->cwd;
	*path = sl_resolve(s, cmd, (size_t)(fe - cmd));
	if (!*path)
		return -ENOMEM;
	for (struct sl *c = s; c; c = c->parent) {
		depth += 1 + c->n_passed;
		if (is_followed(c, *path)) {
			int r = because(why, arena_printf(s->a,
				"switches syslinux back to the config %s (CONFIG), whose labels are listed already",
				*path));

			return r < 0 ? r : 1;
		}
	}
	if (depth > SL_CONFIG_DEPTH)
		return because(why, arena_printf(s->a,
			"switches syslinux to the config %s more than %d CONFIG labels deep; hopboot stops following there",
			*path, SL_CONFIG_DEPTH));
	if (!fsview_is_file(s->ctx->fs, *path))
		return because(why, arena_printf(s->a,
			"switches syslinux to the config %.*s (CONFIG), which is %s, not a file on this partition; syslinux takes it from %s, the current folder",
			(int)(fe - cmd), cmd, *path, s->cwd));
	if (de > dir) {
		char *d = sl_resolve(s, dir, (size_t)(de - dir));

		if (!d)
			return -ENOMEM;
		if (is_dir(s, d))
			*cwd = d;
	}
	return 0;
}

/*
 * A CONFIG label (execute.c: realpath the file from the current folder,
 * chdir to the first word of the arguments if any, start ldlinux.c32 again
 * on the file), or a label whose jump module ends in one. Nothing of the
 * first config survives (verified: not its APPEND); the current folder
 * stays unless the label names one (verified: "CONFIG ../cfg/third.cfg /k"
 * takes its kernel from /k). hopboot lists the new config's options in a
 * submenu named after the label; a CONFIG back to a config being followed
 * lists nothing. Returns 1 when followed (or back), 0 when the label is to
 * be listed with an error, or -ENOMEM.
 */
int sl_chain(struct sl *s, struct entry *e, const struct dest *d)
{
	const char *path, *cwd, *why, *title;
	struct node *node;
	struct sl c = {
		.ctx = s->ctx, .a = s->a, .parent = s, .top = s->top,
		.implicit = true,
		/* SysAppends lives in syslinux's core, not in ldlinux.c32:
		 * it is still set in the new config (from the source), but
		 * config.c32 clears it. */
		.sysappend = d->no_sysappend ? 0 : s->sysappend,
		.hide_all = s->hide_all || e->hidden,
	};
	int r, secs;

	r = sl_config_target(s, d->cmd, &path, &cwd, &why);
	if (r == 1) {
		/* Back to a menu already listed (Debian's "menu" label in its
		 * help screen): a way back, as MENU EXIT is, not an entry. */
		e->chain = true;
		return 1;
	}
	if (r < 0 || why)
		return r;
	node = arena_alloc(s->a, sizeof(*node));
	if (!node)
		return -ENOMEM;
	*node = (struct node){ s->node, s->node->depth + 1 };
	c.node = node;
	c.config = path;
	c.cwd = cwd;
	c.menu = &c.root;
	title = sl_strip_caret(s->a, e->display);
	c.id_prefix = arena_printf(s->a, "%s%s/", s->id_prefix, e->full);
	if (!title || !c.id_prefix || sl_submenus(s, e, &c.prefix) < 0 ||
	    strlist_add(&c.prefix, s->a, title) < 0)
		return -ENOMEM;
	e->chain = true;
	r = sl_read(&c);
	if (r >= 0)
		r = sl_list(&c, &e->chain_default, &secs);
	return r < 0 ? r : 1;
}
