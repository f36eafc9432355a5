/* default.c - what a syslinux config boots by itself, and when. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "sl.h"

/* The menu's pick when a UI runs: DEFAULT's label, else MENU DEFAULT in
 * the top menu, else the top menu's first label. */
static struct entry *menu_default(struct sl *s)
{
	struct entry *e = NULL;

	for (size_t i = 0; s->default_cmd && i < s->n && !e; i++)
		if (!strcmp(s->v[i]->full, s->default_cmd))
			e = s->v[i];
	if (!e && s->default_cmd)
		e = sl_find_label(s, s->default_cmd);
	if (e && !e->hidden)
		return e;
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i]->menu == &s->root && s->v[i]->menudefault &&
		    !s->v[i]->hidden)
			return s->v[i];
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i]->menu == &s->root && !s->v[i]->hidden)
			return s->v[i];
	return NULL;
}

/* The label o (the DEFAULT or ONTIMEOUT command, written out) boots the
 * same as, if the menu shows one: Debian's netboot menu times out to its
 * speech install with the label's kernel and arguments written out, and
 * the menu shows that label, not a second entry. Else o. */
static struct boot_option *same_label(struct sl *s, struct boot_option *o)
{
	for (size_t i = 0; i < s->n; i++) {
		struct boot_option *l = s->v[i]->opt;

		if (l && !l->hidden && sl_same_boot(l, o))
			return l;
	}
	return o;
}

/*
 * What boots by itself, and when. Without UI and PROMPT, ldlinux runs the
 * DEFAULT command at once. With a UI (menu.c32...) or PROMPT 1 it waits
 * TIMEOUT, then runs ONTIMEOUT, else the menu's default or DEFAULT.
 * *def gets that option (NULL: none), *secs the wait (-1: forever).
 * Returns 0 or -ENOMEM.
 */
int sl_pick_default(struct sl *s, struct boot_option **def, int *secs)
{
	struct option_set *set = s->ctx->set;
	const char *cmd = NULL;
	struct entry *e = NULL;
	long tenths;
	int timeout;

	if (!s->ui && !s->prompt && s->default_cmd) {
		cmd = s->default_cmd;
		timeout = 0;
	} else {
		tenths = s->timeout > 0 ? s->timeout : 0;
		if (s->totaltimeout > 0 && (!tenths || s->totaltimeout < tenths))
			tenths = s->totaltimeout;
		/* Rounded up: the user never gets less time than with
		 * syslinux (TIMEOUT 5 waits one second, not none). */
		if (tenths > 10L * (INT_MAX - 1))
			tenths = 10L * (INT_MAX - 1);
		timeout = tenths ? (int)((tenths + 9) / 10) : -1;
		if (s->ontimeout)
			cmd = s->ontimeout;
		else if (s->ui)
			e = menu_default(s);
		else
			cmd = s->default_cmd;
		if (!cmd && !e)
			timeout = -1;
	}
	if (cmd) {
		const char *rest;

		e = sl_find_label(s, cmd);
		rest = skipspace((char *)word_end(cmd));
		if (e && *rest)
			e = NULL;	/* a label with extra arguments */
	}
	*def = NULL;
	*secs = timeout;
	if (e) {
		*def = e->chain ? e->chain_default : e->opt;
	} else if (cmd) {
		/* A command that is no plain label: an option of its own. */
		const char *id = sl_make_id(s, "default");
		struct boot_option *o = id ? option_set_add_option(set) : NULL;
		int r;

		if (!o)
			return -ENOMEM;
		o->id = id;
		o->device = s->ctx->dev->id;
		o->source = SOURCE_SYSLINUX;
		if (option_add_config(set, o, o->device, NULL, s->top->config) ||
		    option_add_config(set, o, o->device, NULL, s->config))
			return -ENOMEM;
		o->title = cmd;
		o->cmdline = "";
		o->hidden = s->hide_all;
		*def = o;
		for (size_t i = 0; i < s->prefix.n; i++)
			if (strlist_add(&o->submenu, s->a, s->prefix.v[i]) < 0)
				return -ENOMEM;
		r = sl_load_command(s, o, cmd);
		if (r < 0)
			return r;
		*def = same_label(s, o);
		if (*def != o)
			set->n_options--;	/* o is the last option added */
		else if (sl_note(s, o) < 0)
			return -ENOMEM;
	}
	return 0;
}
