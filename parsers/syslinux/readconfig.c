/* readconfig.c - a syslinux config and its INCLUDEs read into labels, as ldlinux does. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sl.h"

/* readconfig.c's kernel_types, in its order: the keyword's index is the
 * type, and ".<name>" is how a typed label's command starts. */
const char *const sl_ktype_names[KT_COUNT] = {
	"none", "localboot", "kernel", "linux", "boot", "bss", "pxe",
	"fdimage", "comboot", "com32", "config",
};

int sl_dev_err(struct sl *s, const char *msg)
{
	if (!msg)
		return -ENOMEM;
	return strlist_add(&s->ctx->dev->errors, s->a, msg);
}

/* readconfig.c's record(): turns the label being read into an entry. */
int sl_record(struct sl *s)
{
	struct label *ld = &s->ld;
	const char *a, *sp, *sa;
	struct entry *e;
	void *v;

	if (!ld->label)
		return 0;
	if (ld->disabled || ld->no_cmd) {
		/* MENU DISABLE: shown greyed, never booted; MENU EXIT, GOTO
		 * and QUIT: menu moves, not commands. */
		memset(ld, 0, sizeof(*ld));
		return 0;
	}
	/* Counted over the configs of CONFIG labels too, so that CONFIG
	 * cannot multiply the options. */
	if (s->top->labels == SL_ENTRIES_MAX) {
		memset(ld, 0, sizeof(*ld));
		if (s->top->too_many)
			return 0;
		s->top->too_many = true;
		return sl_dev_err(s, arena_printf(s->a,
			"%s defines more than %d labels; the rest were skipped",
			s->config, SL_ENTRIES_MAX));
	}
	s->top->labels++;
	e = arena_alloc(s->a, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->label = ld->label;
	e->full = ld->full;
	e->display = ld->menulabel ? ld->menulabel : ld->full;
	e->menu = s->menu;
	e->hidden = ld->hide;
	e->menudefault = ld->menudefault;
	e->ipappend = ld->ipappend;
	e->file = ld->file;
	e->line = ld->line;

	a = ld->append ? ld->append : s->append;
	if (!a || !strcmp(a, "-"))
		a = "";
	sp = a[0] ? " " : "";
	/* The label's IPAPPEND strings go after initrd= (verified). */
	sa = ld->ipappend ? sl_sysappend(s, ld->ipappend) : "";
	if (!sa)
		return -ENOMEM;
	if (ld->type == KT_KERNEL)
		e->cmd = arena_printf(s->a, "%s%s%s%s%s%s", ld->kernel, sp, a,
				      ld->initrd ? " initrd=" : "",
				      ld->initrd ? ld->initrd : "", sa);
	else
		e->cmd = arena_printf(s->a, ".%s %s%s%s%s%s%s",
				      sl_ktype_names[ld->type], ld->kernel, sp, a,
				      ld->initrd ? " initrd=" : "",
				      ld->initrd ? ld->initrd : "", sa);
	if (!e->cmd)
		return -ENOMEM;

	v = s->v;
	if (arena_grow(s->a, &v, &s->cap, s->n + 1, sizeof(*s->v)) < 0)
		return -ENOMEM;
	s->v = v;
	s->v[s->n++] = e;
	memset(ld, 0, sizeof(*ld));
	return 0;
}

/* INCLUDE / MENU INCLUDE: the file is the first word, from the current
 * folder; a missing file is skipped silently, as syslinux does. */
static int include(struct sl *s, char *arg, const char *from, unsigned line)
{
	char *p = skipspace(arg), *w = p, *path;

	while (*p && !sl_space(*p))
		p++;
	if (p == w)
		return 0;
	path = sl_resolve(s, w, (size_t)(p - w));
	if (!path)
		return -ENOMEM;
	for (int i = 0; i < s->depth; i++)
		if (!strcmp(s->stack[i], path))
			return sl_dev_err(s, arena_printf(s->a,
				"%s line %u includes %s, which is already being read (an include loop); syslinux would never finish reading it, so the INCLUDE was skipped",
				from, line, path));
	if (s->depth >= SL_INCLUDE_DEPTH)
		return sl_dev_err(s, arena_printf(s->a,
			"%s line %u includes %s more than %d levels deep; the INCLUDE was skipped",
			from, line, path, SL_INCLUDE_DEPTH));
	return sl_parse_file(s, path);
}

static const char *dup_rest(struct sl *s, char *p)
{
	return arena_strdup(s->a, skipspace(p));
}

/* MENU ...: the lines that change what is listed; the rest is looks. */
static int menu_line(struct sl *s, char *p, const char *file, unsigned line)
{
	char *ep;
	int r;

	p = skipspace(p);
	if ((ep = looking_at(p, "label"))) {
		const char *t = dup_rest(s, ep);

		if (!t)
			return -ENOMEM;
		if (s->ld.label)
			s->ld.menulabel = t;
		else if (s->menu->parent)
			s->menu->label = t;
	} else if ((ep = looking_at(p, "title"))) {
		s->menu->title = dup_rest(s, ep);
		if (!s->menu->title)
			return -ENOMEM;
	} else if (looking_at(p, "default")) {
		if (s->ld.label)
			s->ld.menudefault = true;
	} else if (looking_at(p, "hide")) {
		s->ld.hide = true;
	} else if ((ep = looking_at(p, "include"))) {
		char *q = skipspace(ep), *tag;

		while (*q && !sl_space(*q))
			q++;
		tag = skipspace(q);
		if (*tag) {
			struct menu *m;
			int depth = 0;

			for (m = s->menu; m; m = m->parent)
				depth++;
			if (depth > SL_MENU_DEPTH)
				return sl_dev_err(s, arena_printf(s->a,
					"%s line %u nests menus more than %d deep; the MENU INCLUDE was skipped",
					file, line, SL_MENU_DEPTH));
			r = sl_record(s);
			if (r < 0)
				return r;
			m = arena_alloc(s->a, sizeof(*m));
			if (!m || !(m->tag = arena_strdup(s->a, tag)))
				return -ENOMEM;
			m->parent = s->menu;
			s->menu = m;
			r = include(s, ep, file, line);
			if (r < 0)
				return r;
			r = sl_record(s);
			s->menu = m->parent;
			return r;
		}
		return include(s, ep, file, line);
	} else if (looking_at(p, "separator")) {
		return sl_record(s);
	} else if (looking_at(p, "disable") || looking_at(p, "disabled")) {
		s->ld.disabled = true;
	} else if ((ep = looking_at(p, "begin"))) {
		struct menu *m;
		int depth = 0;

		r = sl_record(s);
		if (r < 0)
			return r;
		for (m = s->menu; m; m = m->parent)
			depth++;
		if (depth > SL_MENU_DEPTH)
			return sl_dev_err(s, arena_printf(s->a,
				"%s line %u nests menus more than %d deep; its entries are listed in the enclosing menu",
				file, line, SL_MENU_DEPTH));
		m = arena_alloc(s->a, sizeof(*m));
		if (!m || !(m->tag = dup_rest(s, ep)))
			return -ENOMEM;
		m->parent = s->menu;
		s->menu = m;
	} else if (looking_at(p, "end")) {
		r = sl_record(s);
		if (s->menu->parent)
			s->menu = s->menu->parent;
		return r;
	} else if (looking_at(p, "quit") || looking_at(p, "goto") ||
		   looking_at(p, "exit")) {
		/* The label moves through the menu; it boots nothing. */
		s->ld.no_cmd = s->ld.label != NULL;
	}
	return 0;
}

static const char *kw_value(struct sl *s, char *ep)
{
	return dup_rest(s, ep);
}

/* One line of a config, after the '\r' and '\n' cut. */
static int parse_line(struct sl *s, char *line, const char *file,
		      unsigned lineno)
{
	char *p = skipspace(line), *ep;
	struct label *ld = &s->ld;

	if ((ep = looking_at(p, "menu")))
		return menu_line(s, ep, file, lineno);
	if ((ep = looking_at(p, "include")))
		return include(s, ep, file, lineno);
	if ((ep = looking_at(p, "append"))) {
		const char *v = kw_value(s, ep);

		if (!v)
			return -ENOMEM;
		if (ld->label)
			ld->append = v;
		else
			s->append = v;
		return 0;
	}
	if ((ep = looking_at(p, "initrd"))) {
		/* Outside a label syslinux ignores it. */
		if (ld->label && !(ld->initrd = kw_value(s, ep)))
			return -ENOMEM;
		return 0;
	}
	if ((ep = looking_at(p, "label"))) {
		char *w = skipspace(ep), *e = w;
		int r = sl_record(s);

		if (r < 0)
			return r;
		while (*e && !sl_space(*e))
			e++;
		/* ldlinux knows a label by its first word; menu.c32 shows
		 * (and its DEFAULT names) the whole line. A label with no
		 * KERNEL line boots a kernel of its name. */
		ld->label = ld->kernel = arena_strndup(s->a, w, (size_t)(e - w));
		ld->full = arena_strdup(s->a, w);
		if (!ld->label || !ld->full)
			return -ENOMEM;
		for (char *t = (char *)ld->full + strlen(ld->full);
		     t > ld->full && sl_space(t[-1]); t--)
			t[-1] = '\0';
		ld->type = KT_KERNEL;
		ld->ipappend = s->sysappend;
		ld->file = file;
		ld->line = lineno;
		return 0;
	}
	for (int t = 0; t < KT_COUNT; t++) {
		if (!(ep = looking_at(p, sl_ktype_names[t])))
			continue;
		if (ld->label) {
			ld->kernel = kw_value(s, ep);
			if (!ld->kernel)
				return -ENOMEM;
			ld->type = (enum ktype)t;
		}
		return 0;
	}
	if ((ep = looking_at(p, "timeout"))) {
		s->timeout = atol(skipspace(ep));
	} else if ((ep = looking_at(p, "totaltimeout"))) {
		s->totaltimeout = atol(skipspace(ep));
	} else if ((ep = looking_at(p, "ontimeout"))) {
		s->ontimeout = kw_value(s, ep);
		if (!s->ontimeout)
			return -ENOMEM;
	} else if ((ep = looking_at(p, "ipappend")) ||
		   (ep = looking_at(p, "sysappend"))) {
		unsigned long v = strtoul(skipspace(ep), NULL, 0);

		if (ld->label)
			ld->ipappend = v;
		else
			s->sysappend = v;
	} else if ((ep = looking_at(p, "default"))) {
		/* Kept only until a UI line: UI wins over DEFAULT. */
		s->default_cmd = kw_value(s, ep);
		if (!s->default_cmd)
			return -ENOMEM;
	} else if ((ep = looking_at(p, "ui"))) {
		s->ui = kw_value(s, ep);
		if (!s->ui)
			return -ENOMEM;
	} else if ((ep = looking_at(p, "implicit"))) {
		s->implicit = atoi(skipspace(ep)) != 0;
	} else if ((ep = looking_at(p, "prompt"))) {
		s->prompt = atoi(skipspace(ep)) != 0;
	}
	/* PATH only changes where COM32 modules are looked for; SERIAL,
	 * DISPLAY, F1..F12, SAY and the rest change nothing that boots. */
	return 0;
}

/* Reads one config file and its INCLUDEs. Returns 0 or -ENOMEM. */
int sl_parse_file(struct sl *s, const char *path)
{
	char *text, *p;
	size_t len;
	unsigned lineno = 0;
	int r;

	/* Counted over every CONFIG'd file too: a fan of CONFIG labels
	 * must not multiply the work. */
	if (s->top->files >= SL_FILES_MAX)
		return sl_dev_err(s, arena_printf(s->a,
			"the syslinux config includes more than %d files in all; %s and the rest were not read",
			SL_FILES_MAX, path));
	s->top->files++;
	r = fsview_read(s->ctx->fs, path, FSVIEW_CONFIG_MAX, s->a, &text, &len);
	if (r == -ENOMEM)
		return r;
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;	/* syslinux skips a missing INCLUDE silently */
	if (r < 0)
		return sl_dev_err(s, arena_printf(s->a,
			"cannot read the syslinux config %s: %s; its labels are missing",
			path, r == -EFBIG ? "the file is too large" :
			strerror(-r)));

	s->stack[s->depth++] = path;
	for (p = text; p < text + len;) {
		/* memchr, not strcspn: a NUL byte in the file must not stop
		 * the walk (the line is cut there, as fgets+strlen do). */
		char *nl = memchr(p, '\n', (size_t)(text + len - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(text + len - p);
		bool text_block;
		char *cr, save;

		/* fgets(line, MAX_LINE): a longer line reads as several. */
		if (n > SL_LINE_MAX - 2)
			n = SL_LINE_MAX - 2;
		lineno++;
		save = p[n];
		p[n] = '\0';
		/* syslinux cuts a line at its first '\r' (or NUL). */
		if ((cr = strchr(p, '\r')))
			*cr = '\0';
		text_block = looking_at(skipspace(p), "text") != NULL;
		r = text_block ? 0 : parse_line(s, p, path, lineno);
		if (save != '\n')
			p[n] = save;
		p += n + (save == '\n');
		if (r < 0)
			break;
		/* TEXT ... ENDTEXT: help text, never keywords. */
		while (text_block && p < text + len) {
			size_t m = strcspn(p, "\n");

			lineno++;
			p[m] = '\0';
			text_block = !looking_at(skipspace(p), "endtext");
			p += m + 1;
		}
	}
	s->depth--;
	return r;
}
