/* dedupe.c - options a CONFIG'd menu repeats from the menu that led to it, listed once.
 *
 * Menus link to one another with CONFIG: Debian's netboot menu has a Help
 * label that CONFIGs prompt.cfg, which INCLUDEs the whole menu again for
 * its boot: prompt and has a label that CONFIGs back. The real menu shows
 * each entry once; listing every config as a submenu showed the whole menu
 * once per link. An option that loads what an option of a config above it
 * loads (same kernel, initrds and command line) is the same entry reached
 * another way, and is taken out; links back are not listed at all
 * (config.c).
 */
#include <errno.h>
#include <string.h>

#include "sl.h"

int sl_note(struct sl *s, struct boot_option *o)
{
	struct sl *top = s->top;
	void *v = top->listed;

	if (arena_grow(s->a, &v, &top->cap_listed, top->n_listed + 1,
		       sizeof(*top->listed)) < 0)
		return -ENOMEM;
	top->listed = v;
	top->listed[top->n_listed++] = (struct listed){ o, s->node };
	return 0;
}

static bool same_res(const struct resource *a, const struct resource *b)
{
	return !strcmp(a->path, b->path) &&
	       (a->url ? b->url && !strcmp(a->url, b->url) : !b->url);
}

bool sl_same_boot(const struct boot_option *a, const struct boot_option *b)
{
	if (!a->kernel || !b->kernel || a->errors.n || b->errors.n ||
	    a->n_initrds != b->n_initrds || strcmp(a->cmdline, b->cmdline) ||
	    !same_res(a->kernel, b->kernel))
		return false;
	for (size_t i = 0; i < a->n_initrds; i++)
		if (!same_res(&a->initrds[i], &b->initrds[i]))
			return false;
	return true;
}

static bool is_above(const struct node *up, const struct node *n)
{
	for (n = n->parent; n; n = n->parent)
		if (n == up)
			return true;
	return false;
}

/* The option l repeats, from the highest config above l's: NULL if none.
 * A hidden option does not stand in for one the menu shows. */
static struct boot_option *original(const struct sl *top,
				    const struct listed *l)
{
	const struct listed *best = NULL;

	for (size_t i = 0; i < top->n_listed; i++) {
		const struct listed *c = &top->listed[i];

		if (!is_above(c->node, l->node) ||
		    (c->o->hidden && !l->o->hidden) ||
		    !sl_same_boot(c->o, l->o))
			continue;
		if (!best || c->node->depth < best->node->depth)
			best = c;
	}
	return best ? best->o : NULL;
}

int sl_dedupe(struct sl *top, size_t first, struct boot_option **def)
{
	struct option_set *set = top->ctx->set;
	struct boot_option **gone;
	size_t k = first, n = 0;

	gone = arena_alloc(top->a, (top->n_listed + 1) * sizeof(*gone));
	if (!gone)
		return -ENOMEM;
	/* First find, then take out: an original is never a repeat, since
	 * it comes from the highest config that has it. */
	for (size_t i = 0; i < top->n_listed; i++) {
		struct boot_option *o = original(top, &top->listed[i]);

		if (!o)
			continue;
		gone[n++] = top->listed[i].o;
		if (*def == top->listed[i].o)
			*def = o;
	}
	for (size_t i = first; i < set->n_options; i++) {
		bool drop = false;

		for (size_t j = 0; j < n && !drop; j++)
			drop = set->options[i] == gone[j];
		if (!drop)
			set->options[k++] = set->options[i];
	}
	set->n_options = k;
	return 0;
}
