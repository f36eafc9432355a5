/* entries.c - labels made boot options: ids, titles, submenus. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "sl.h"

/* Menu text without the '^' hotkey marks, as the menu shows it. */
char *sl_strip_caret(struct arena *a, const char *t)
{
	char *d = arena_alloc(a, strlen(t) + 1), *q = d;

	if (!d)
		return NULL;
	for (; *t; t++)
		if (*t != '^')
			*q++ = *t;
	*q = '\0';
	return d;
}

/* The menu title of e's enclosing menus, outermost first. */
int sl_submenus(struct sl *s, struct entry *e, struct strlist *l)
{
	const char *t[SL_MENU_DEPTH + 2];
	int n = 0;

	for (size_t i = 0; i < s->prefix.n; i++)
		if (strlist_add(l, s->a, s->prefix.v[i]) < 0)
			return -ENOMEM;

	for (struct menu *m = e->menu; m && m->parent && n < SL_MENU_DEPTH + 2;
	     m = m->parent)
		t[n++] = m->label ? m->label : m->title ? m->title :
			 m->tag[0] ? m->tag : "(menu)";
	while (n--) {
		const char *title = sl_strip_caret(s->a, t[n]);

		if (!title || strlist_add(l, s->a, title) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* The option id "<dev>:syslinux:<name>", "#2", "#3"... for repeats. */
const char *sl_make_id(struct sl *s, const char *name)
{
	const char *dev = s->ctx->dev->id;
	const char *pre = s->id_prefix;
	char *id = arena_printf(s->a, "%s:syslinux:%s%s", dev, pre, name);

	for (int i = 2; id && option_set_option(s->ctx->set, id) && i < INT_MAX;
	     i++)
		id = arena_printf(s->a, "%s:syslinux:%s%s#%d", dev, pre, name,
				  i);
	return id;
}

int sl_add_entry(struct sl *s, struct entry *e)
{
	const char *id, *unknown;
	struct boot_option *o;
	struct dest d;
	int r;

	/* What the label runs, through the modules that choose (whichsys,
	 * ifcpu64...): a CONFIG there makes the label a submenu. */
	r = sl_follow(s, e->cmd, false, sl_image_type(e->cmd), &d);
	if (r < 0)
		return r;
	if (!d.why && d.type == KT_CONFIG) {
		r = sl_chain(s, e, &d);
		if (r)
			return r < 0 ? r : 0;
	}
	id = sl_make_id(s, e->full);
	o = id ? option_set_add_option(s->ctx->set) : NULL;
	if (!o)
		return -ENOMEM;
	o->id = id;
	e->opt = o;
	if (sl_note(s, o) < 0)
		return -ENOMEM;
	o->device = s->ctx->dev->id;
	o->source = SOURCE_SYSLINUX;
	if (option_add_config(s->ctx->set, o, o->device, NULL, s->top->config) ||
	    option_add_config(s->ctx->set, o, o->device, NULL, e->file))
		return -ENOMEM;
	o->title = sl_strip_caret(s->a, e->display);
	o->hidden = e->hidden || s->hide_all;
	o->cmdline = "";
	if (!o->title)
		return -ENOMEM;
	r = sl_submenus(s, e, &o->submenu);
	if (r < 0)
		return r;
	r = sl_boot(s, o, &d);
	if (r < 0)
		return r;
	unknown = e->ipappend && o->kernel ?
		  sl_sysappend_unknown(s, e->ipappend) : "";
	if (!unknown)
		return -ENOMEM;
	if (*unknown &&
	    strlist_addf(&s->ctx->dev->errors, s->a,
			 "%s line %u: label %s asks for IPAPPEND/SYSAPPEND 0x%lx; syslinux would add %s from the firmware, which hopboot cannot read here, so they are left out of its command line",
			 e->file, e->line, e->label, e->ipappend, unknown) < 0)
		return -ENOMEM;
	return 0;
}
