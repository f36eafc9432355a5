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
 *    folder (or changing to the one it names): listed as a submenu;
 *  - IPAPPEND/SYSAPPEND words follow the label's initrd= word.
 * syslinux has no include depth limit or loop check; hopboot stops at
 * SL_INCLUDE_DEPTH, SL_CONFIG_DEPTH, SL_FILES_MAX files and SL_ENTRIES_MAX
 * labels in all, with an error saying so.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "parser.h"

#define SL_INCLUDE_DEPTH 16	/* nested INCLUDEs, as petitboot allows */
#define SL_FILES_MAX 128	/* config files read in all, repeats counted */
#define SL_ENTRIES_MAX 4096
#define SL_LINE_MAX 4096	/* readconfig.c MAX_LINE: fgets splits longer */
#define SL_MENU_DEPTH 32
#define SL_CONFIG_DEPTH 8	/* CONFIG labels followed, one in another */
#define SL_SYSAPPEND_BITS 19	/* sysappend.c's SYSAPPEND_MAX */

/* readconfig.c's kernel_types, in its order: the keyword's index is the
 * type, and ".<name>" is how a typed label's command starts. */
enum ktype {
	KT_NONE, KT_LOCALBOOT, KT_KERNEL, KT_LINUX, KT_BOOT, KT_BSS, KT_PXE,
	KT_FDIMAGE, KT_COMBOOT, KT_COM32, KT_CONFIG, KT_COUNT
};

static const char *const ktype_names[KT_COUNT] = {
	"none", "localboot", "kernel", "linux", "boot", "bss", "pxe",
	"fdimage", "comboot", "com32", "config",
};

struct menu {
	struct menu *parent;
	const char *tag, *label, *title;	/* MENU BEGIN, LABEL, TITLE */
};

/* A label being read: readconfig.c's struct labeldata. */
struct label {
	const char *label, *kernel, *append, *initrd, *menulabel;
	const char *full;	/* the whole LABEL line: what menu.c32 shows */
	enum ktype type;
	unsigned long ipappend;
	bool hide, menudefault, disabled, no_cmd;
	const char *file;
	unsigned line;
};

/* A recorded label: a menu entry with its command. */
struct entry {
	const char *label, *full, *display;
	char *cmd;		/* readconfig.c's me->cmdline */
	struct menu *menu;
	bool hidden, menudefault;
	unsigned long ipappend;
	const char *file;
	unsigned line;
	struct boot_option *opt;
	bool chain;		/* a CONFIG label: a submenu, not an option */
	struct boot_option *chain_default;	/* what it boots by itself */
};

struct sl {
	struct parse_ctx *ctx;
	struct arena *a;
	struct sl *parent, *top;	/* the config whose CONFIG label led
					 * here; the first config */
	const char *id_prefix;	/* "" or the CONFIG labels' names, "a/b/" */
	struct strlist prefix;	/* their titles: the options' submenus */
	bool hide_all;		/* reached through a MENU HIDE label */
	const char *cwd;	/* folder of the main config, "/"-rooted */
	const char *config;
	struct label ld;
	const char *append;	/* global APPEND; NULL: none */
	const char *default_cmd, *ontimeout, *ui;
	long timeout, totaltimeout;	/* tenths of a second */
	bool prompt, implicit;
	unsigned long sysappend;
	struct menu root, *menu;
	struct entry **v;
	size_t n, cap;
	const char *stack[SL_INCLUDE_DEPTH + 1];	/* files being read */
	int depth;
	int files;
	size_t labels;		/* recorded in all, with CONFIG'd configs */
	bool too_many;
};

/* ldlinux's my_isspace: every control character and the NUL count. */
static bool sl_space(char c)
{
	return (unsigned char)c <= ' ';
}

static char *skipspace(char *p)
{
	while (*p && sl_space(*p))
		p++;
	return p;
}

/* readconfig.c's looking_at: kwd matched ignoring case (bit 0x20), then a
 * blank or the end. Returns what follows, or NULL. */
static char *looking_at(char *p, const char *kwd)
{
	while (*p && *kwd && ((*p ^ *kwd) & ~0x20) == 0) {
		p++;
		kwd++;
	}
	if (*kwd)
		return NULL;
	return sl_space(*p) ? p : NULL;
}

static int dev_err(struct sl *s, const char *msg)
{
	if (!msg)
		return -ENOMEM;
	return strlist_add(&s->ctx->dev->errors, s->a, msg);
}

/*
 * path taken from the current folder, "/"-rooted, "." and ".." applied by
 * name (".." of the root is the root, as on ext2). syslinux walks ".." on
 * the disk, which differs only where a folder is a symbolic link.
 */
static char *resolve(struct sl *s, const char *path, size_t len)
{
	size_t cwd_len = path[0] == '/' ? 0 : strlen(s->cwd);
	char *d = arena_alloc(s->a, cwd_len + len + 3), *out = d;
	const char *p, *end;

	if (!d)
		return NULL;
	/* Components of the folder, then of the path. */
	for (int part = 0; part < 2; part++) {
		p = part ? path : s->cwd;
		end = part ? path + len : s->cwd + cwd_len;
		while (p < end) {
			const char *c = p;
			size_t n;

			while (c < end && *c != '/')
				c++;
			n = (size_t)(c - p);
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				while (out > d && *--out != '/')
					;
			} else if (n && !(n == 1 && p[0] == '.')) {
				*out++ = '/';
				memcpy(out, p, n);
				out += n;
			}
			p = c < end ? c + 1 : c;
		}
	}
	if (out == d)
		*out++ = '/';
	*out = '\0';
	return d;
}

static char *dirname_of(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	return arena_strndup(a, path, slash && slash > path ?
				  (size_t)(slash - path) : 1);
}

/*
 * SYSAPPEND/IPAPPEND: bit i adds sysappend.c's string i, in bit order, each
 * after a blank, blanks inside a value made one '_' (verified: "SYSPRODUCT=
 * Standard_PC_(i440FX_+_PIIX,_1996)"). pxelinux knows ip= and BOOTIF= from
 * its lease; every derivative knows SYSUUID, CPU and the DMI strings from the
 * firmware and, on ext2/3/4 and FAT, FSUUID. hopboot has what ctx->net
 * carries (network boots) and the device's UUID.
 */
static const char *const sysappend_names[SL_SYSAPPEND_BITS] = {
	"ip", "BOOTIF", "SYSUUID", "CPU", "SYSVENDOR", "SYSPRODUCT",
	"SYSVERSION", "SYSSERIAL", "SYSSKU", "SYSFAMILY", "MBVENDOR",
	"MBPRODUCT", "MBVERSION", "MBSERIAL", "MBASSET", "BIOSVENDOR",
	"BIOSVERSION", "SYSFF", "FSUUID",
};

/* "NAME=value" with sysappend.c's copy_and_mangle; NULL for no value. */
static char *sa_string(struct sl *s, const char *name, const char *val)
{
	size_t n = strlen(name);
	char *d, *q, *end;
	bool was_space = true;

	if (!val)
		return NULL;
	d = arena_alloc(s->a, n + strlen(val) + 2);
	if (!d)
		return NULL;
	memcpy(d, name, n);
	d[n] = '=';
	q = end = d + n + 1;
	for (; *val; val++) {
		if ((unsigned char)*val <= ' ' || *val == '\x7f') {
			if (!was_space)
				*q++ = '_';
			was_space = true;
		} else {
			*q++ = *val;
			end = q;
			was_space = false;
		}
	}
	*end = '\0';
	return end == d + n + 1 ? NULL : d;
}

/* SMBIOS 2.6+ keeps the first three UUID fields little-endian. Linux's
 * product_uuid shows them swapped to the usual order; syslinux prints the
 * table's bytes as they are (verified: QEMU -uuid 51e0c1e0-1234-4abc-...
 * gave SYSUUID=e0c1e051-3412-bc4a-...). */
static const char *sa_uuid(struct sl *s, const char *u)
{
	/* For each output character, the input one: fields 1-3 of the
	 * UUID with their bytes (pairs of digits) in reverse order. */
	static const unsigned char from[18] = {
		6, 7, 4, 5, 2, 3, 0, 1, 8, 11, 12, 9, 10, 13, 16, 17, 14, 15,
	};
	char *d;

	if (!u || strlen(u) != 36 || u[8] != '-' || u[13] != '-')
		return u;
	d = arena_strdup(s->a, u);
	if (!d)
		return NULL;
	for (size_t i = 0; i < sizeof(from); i++)
		d[i] = u[from[i]];
	return d;
}

/* The value of bit i, or NULL. *unknown: syslinux would add one here that
 * hopboot cannot know (the firmware's, on a disk). */
static const char *sa_value(struct sl *s, int i, bool *unknown)
{
	const struct net_info *n = s->ctx->net;
	const char *dtype = s->ctx->dev->type;

	*unknown = false;
	switch (i) {
	case 0:
		if (!n || !n->ip)
			return NULL;
		return arena_printf(s->a, "ip=%s:%s:%s:%s", n->ip,
				    n->server ? n->server : "0.0.0.0",
				    n->gateway ? n->gateway : "0.0.0.0",
				    n->netmask ? n->netmask : "0.0.0.0");
	case 1: {
		char *b, *q;

		if (!n || !n->mac)
			return NULL;
		b = arena_printf(s->a, "BOOTIF=%02x-%s", n->hwtype & 0xff,
				 n->mac);
		for (q = b ? b + 10 : NULL; q && *q; q++)
			if (*q == ':')
				*q = '-';
		return b;
	}
	case 18:
		/* pxelinux has no filesystem; syslinux 6.04 knows the UUID
		 * of ext2/3/4 and FAT only. */
		if (n || !dtype || !s->ctx->dev->uuid ||
		    (strncmp(dtype, "ext", 3) && strcmp(dtype, "vfat")))
			return NULL;
		return sa_string(s, "FSUUID", s->ctx->dev->uuid);
	}
	if (n) {
		const char *v[SL_SYSAPPEND_BITS] = {
			[2] = n->uuid, [4] = n->sys_vendor,
			[5] = n->product_name, [6] = n->product_version,
			[7] = n->product_serial, [8] = n->product_sku,
			[10] = n->board_vendor, [11] = n->board_name,
			[12] = n->board_version, [13] = n->board_serial,
		};

		if (v[i])
			return sa_string(s, sysappend_names[i],
					 i == 2 ? sa_uuid(s, v[i]) : v[i]);
		/* CPU, SYSFAMILY, MBASSET, BIOS*, SYSFF: not in net_info. */
		*unknown = i == 3 || i == 9 || i == 14 || (i >= 15 && i <= 17);
		return NULL;
	}
	*unknown = true;
	return NULL;
}

/* The strings of mask, each after a blank ("" for none). */
static char *sysappend(struct sl *s, unsigned long mask)
{
	char *out = "";

	for (int i = 0; i < SL_SYSAPPEND_BITS && out; i++) {
		const char *v;
		bool unknown;

		if (!(mask & (1UL << i)))
			continue;
		v = sa_value(s, i, &unknown);
		if (v && *v)
			out = arena_printf(s->a, "%s %s", out, v);
	}
	return out;
}

/* The names of mask's bits whose values hopboot cannot know, "" if none. */
static char *sysappend_unknown(struct sl *s, unsigned long mask)
{
	char *out = "";

	for (int i = 0; i < SL_SYSAPPEND_BITS && out; i++) {
		bool unknown;

		if (!(mask & (1UL << i)))
			continue;
		sa_value(s, i, &unknown);
		if (unknown)
			out = arena_printf(s->a, "%s%s%s=", out,
					   *out ? ", " : "",
					   sysappend_names[i]);
	}
	return out;
}

/* readconfig.c's record(): turns the label being read into an entry. */
static int record(struct sl *s)
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
		return dev_err(s, arena_printf(s->a,
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
	sa = ld->ipappend ? sysappend(s, ld->ipappend) : "";
	if (!sa)
		return -ENOMEM;
	if (ld->type == KT_KERNEL)
		e->cmd = arena_printf(s->a, "%s%s%s%s%s%s", ld->kernel, sp, a,
				      ld->initrd ? " initrd=" : "",
				      ld->initrd ? ld->initrd : "", sa);
	else
		e->cmd = arena_printf(s->a, ".%s %s%s%s%s%s%s",
				      ktype_names[ld->type], ld->kernel, sp, a,
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

static int parse_file(struct sl *s, const char *path);

/* INCLUDE / MENU INCLUDE: the file is the first word, from the current
 * folder; a missing file is skipped silently, as syslinux does. */
static int include(struct sl *s, char *arg, const char *from, unsigned line)
{
	char *p = skipspace(arg), *w = p, *path;

	while (*p && !sl_space(*p))
		p++;
	if (p == w)
		return 0;
	path = resolve(s, w, (size_t)(p - w));
	if (!path)
		return -ENOMEM;
	for (int i = 0; i < s->depth; i++)
		if (!strcmp(s->stack[i], path))
			return dev_err(s, arena_printf(s->a,
				"%s line %u includes %s, which is already being read (an include loop); syslinux would never finish reading it, so the INCLUDE was skipped",
				from, line, path));
	if (s->depth >= SL_INCLUDE_DEPTH)
		return dev_err(s, arena_printf(s->a,
			"%s line %u includes %s more than %d levels deep; the INCLUDE was skipped",
			from, line, path, SL_INCLUDE_DEPTH));
	return parse_file(s, path);
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
				return dev_err(s, arena_printf(s->a,
					"%s line %u nests menus more than %d deep; the MENU INCLUDE was skipped",
					file, line, SL_MENU_DEPTH));
			r = record(s);
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
			r = record(s);
			s->menu = m->parent;
			return r;
		}
		return include(s, ep, file, line);
	} else if (looking_at(p, "separator")) {
		return record(s);
	} else if (looking_at(p, "disable") || looking_at(p, "disabled")) {
		s->ld.disabled = true;
	} else if ((ep = looking_at(p, "begin"))) {
		struct menu *m;
		int depth = 0;

		r = record(s);
		if (r < 0)
			return r;
		for (m = s->menu; m; m = m->parent)
			depth++;
		if (depth > SL_MENU_DEPTH)
			return dev_err(s, arena_printf(s->a,
				"%s line %u nests menus more than %d deep; its entries are listed in the enclosing menu",
				file, line, SL_MENU_DEPTH));
		m = arena_alloc(s->a, sizeof(*m));
		if (!m || !(m->tag = dup_rest(s, ep)))
			return -ENOMEM;
		m->parent = s->menu;
		s->menu = m;
	} else if (looking_at(p, "end")) {
		r = record(s);
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
		int r = record(s);

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
		if (!(ep = looking_at(p, ktype_names[t])))
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
static int parse_file(struct sl *s, const char *path)
{
	char *text, *p;
	size_t len;
	unsigned lineno = 0;
	int r;

	/* Counted over every CONFIG'd file too: a fan of CONFIG labels
	 * must not multiply the work. */
	if (s->top->files >= SL_FILES_MAX)
		return dev_err(s, arena_printf(s->a,
			"the syslinux config includes more than %d files in all; %s and the rest were not read",
			SL_FILES_MAX, path));
	s->top->files++;
	r = fsview_read(s->ctx->fs, path, FSVIEW_CONFIG_MAX, s->a, &text, &len);
	if (r == -ENOMEM)
		return r;
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;	/* syslinux skips a missing INCLUDE silently */
	if (r < 0)
		return dev_err(s, arena_printf(s->a,
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

/* Menu text without the '^' hotkey marks, as the menu shows it. */
static char *strip_caret(struct arena *a, const char *t)
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
static int submenus(struct sl *s, struct entry *e, struct strlist *l)
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
		const char *title = strip_caret(s->a, t[n]);

		if (!title || strlist_add(l, s->a, title) < 0)
			return -ENOMEM;
	}
	return 0;
}

static const char *word_end(const char *p)
{
	while (*p && !sl_space(*p))
		p++;
	return p;
}

/* menu.c32 and vesamenu.c32 (any folder, ".c32" optional): syslinux's
 * menus, which show the labels hopboot lists itself. */
static bool is_menu(const char *name, size_t len)
{
	static const char *const menus[] = { "menu", "vesamenu" };
	const char *base = name;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '/')
			base = name + i + 1;
	len -= (size_t)(base - name);
	if (len > 4 && !strncmp(base + len - 4, ".c32", 4))
		len -= 4;
	for (size_t i = 0; i < 2; i++)
		if (strlen(menus[i]) == len && !strncmp(base, menus[i], len))
			return true;
	return false;
}

/* ldlinux.c's parse_image_type: from the extension of the first word. */
static enum ktype image_type(const char *cmd)
{
	static const struct {
		const char *ext;
		enum ktype t;
	} exts[] = {
		{ ".c32", KT_COM32 }, { ".img", KT_FDIMAGE },
		{ ".bss", KT_BSS }, { ".bin", KT_BOOT }, { ".bs", KT_BOOT },
		{ ".0", KT_PXE },
	};
	size_t len = (size_t)(word_end(cmd) - cmd);

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		size_t el = strlen(exts[i].ext);

		if (len >= el && !strncmp(cmd + len - el, exts[i].ext, el))
			return exts[i].t;
	}
	return KT_KERNEL;
}

/* find_label: the first entry whose label is the command's first word. */
static struct entry *find_label(struct sl *s, const char *cmd)
{
	size_t len = (size_t)(word_end(cmd) - cmd);

	for (size_t i = 0; i < s->n; i++)
		if (!strncmp(s->v[i]->label, cmd, len) && !s->v[i]->label[len])
			return s->v[i];
	return NULL;
}

static int opt_err(struct sl *s, struct boot_option *o, const char *msg)
{
	if (!msg)
		return -ENOMEM;
	return strlist_add(&o->errors, s->a, msg);
}

/* A resource for a file the option needs, with an error when missing. */
static int need_file(struct sl *s, struct boot_option *o, const char *what,
		     const char *written, size_t len, struct resource **ret)
{
	char *path = resolve(s, written, len);

	if (!path)
		return -ENOMEM;
	*ret = option_new_resource(s->ctx->set, s->ctx->dev->id, path);
	if (!*ret)
		return -ENOMEM;
	if (!len)
		return opt_err(s, o, arena_printf(s->a,
			"names an empty %s file name, which syslinux cannot load either",
			what));
	/* pxelinux: the file is on the server, fetched only when booted. */
	if (s->ctx->net && s->ctx->net->url) {
		(*ret)->url = arena_printf(s->a, "%s%s", s->ctx->net->url, path);
		return (*ret)->url ? 0 : -ENOMEM;
	}
	if (fsview_is_file(s->ctx->fs, path))
		return 0;
	return opt_err(s, o, arena_printf(s->a,
		"names the %s %.*s, which is %s, not a file on this partition; syslinux takes relative paths from %s, the folder of %s",
		what, (int)len, written, path, s->cwd, s->config));
}

/* kernel.c's new_linux_kernel: the line the kernel gets, and the initrds
 * of the first "initrd=" in it. */
static int linux_boot(struct sl *s, struct boot_option *o, const char *kernel,
		      const char *args)
{
	const char *p;
	struct resource *res, *res_in;
	int r;

	o->cmdline = arena_printf(s->a, "BOOT_IMAGE=%s %s", kernel, args);
	if (!o->cmdline)
		return -ENOMEM;
	r = need_file(s, o, "kernel", kernel, strlen(kernel), &o->kernel);
	if (r < 0)
		return r;
	p = strstr(o->cmdline, "initrd=");
	if (!p)
		return 0;
	p += 6;
	do {
		const char *name = ++p;

		while (*p && *p != ' ' && *p != ',')
			p++;
		r = need_file(s, o, "initrd", name, (size_t)(p - name), &res);
		if (r < 0)
			return r;
		res_in = option_add_initrd(s->ctx->set, o, res->device,
					   res->path);
		if (!res_in)
			return -ENOMEM;
		res_in->url = res->url;
	} while (*p == ',');
	return 0;
}

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
static const char *config_why(struct sl *s, const char *file, size_t len,
			      const char **path)
{
	const char *p = resolve(s, file, len);
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

static int run_config(struct sl *s, struct boot_option **def);
static int submenus(struct sl *s, struct entry *e, struct strlist *l);

/*
 * A CONFIG label (execute.c: realpath the file from the current folder,
 * chdir to the first word of the arguments if any, start ldlinux.c32 again
 * on the file). Nothing of the first config survives (verified: not its
 * APPEND); the current folder stays unless the label names one (verified:
 * "CONFIG ../cfg/third.cfg /k" takes its kernel from /k). hopboot lists the
 * new config's options in a submenu named after the label. Returns 1 when
 * followed, 0 when the label is to be listed with an error, or -ENOMEM.
 */
static int chain(struct sl *s, struct entry *e, const char *rest)
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
	int r;

	if (config_why(s, file, (size_t)(fe - file), &path) || !path)
		return path ? 0 : -ENOMEM;
	if (de > dir) {
		char *d = resolve(s, dir, (size_t)(de - dir));

		if (!d)
			return -ENOMEM;
		if (is_dir(s, d))
			c.cwd = d;
	}
	c.config = path;
	c.menu = &c.root;
	title = strip_caret(s->a, e->display);
	c.id_prefix = arena_printf(s->a, "%s%s/", s->id_prefix, e->full);
	if (!title || !c.id_prefix || submenus(s, e, &c.prefix) < 0 ||
	    strlist_add(&c.prefix, s->a, title) < 0)
		return -ENOMEM;
	e->chain = true;
	r = run_config(&c, &e->chain_default);
	return r < 0 ? r : 1;
}

/* execute.c's execute(): what a command does once it is a command line. */
static int execute(struct sl *s, struct boot_option *o, const char *cmd,
		   enum ktype type, int hops)
{
	const char *ke = word_end(cmd), *args = ke;
	char *kernel = arena_strndup(s->a, cmd, (size_t)(ke - cmd));

	if (!kernel)
		return -ENOMEM;
	args = skipspace((char *)args);
	/* The blank that sysappend (execute's third argument) puts after
	 * non-empty arguments was not seen on the real loader: without
	 * SYSAPPEND strings the line ends with the last argument. */
	if (kernel[0] == '.' && hops < 4) {
		for (int t = 0; t < KT_COUNT; t++) {
			char *c;

			if (strcmp(kernel + 1, ktype_names[t]) || t == KT_NONE)
				continue;
			size_t wl = (size_t)(word_end(args) - args);

			c = (char *)args;
			/* apply_extension: COM32 names get ".c32". */
			if (t == KT_COM32 &&
			    (wl < 4 || strncmp(args + wl - 4, ".c32", 4))) {
				c = arena_printf(s->a, "%.*s.c32%s", (int)wl,
						 args, args + wl);
				if (!c)
					return -ENOMEM;
			}
			return execute(s, o, c, (enum ktype)t, hops + 1);
		}
	}
	switch (type) {
	case KT_COM32:
		if (is_menu(kernel, strlen(kernel)))
			return opt_err(s, o, arena_printf(s->a,
				"opens syslinux's menu (%s %s); hopboot lists the labels of the config itself, open that config's labels instead",
				kernel, args));
		return opt_err(s, o, arena_printf(s->a,
			"runs the syslinux COM32 module %s%s%s; COM32 modules run only inside syslinux, so kexec cannot start it: boot it with syslinux",
			kernel, *args ? " " : "", args));
	case KT_CONFIG: {
		const char *why = config_why(s, kernel, strlen(kernel), NULL);

		if (!why)
			why = arena_printf(s->a,
				"switches syslinux to the config %s (CONFIG) with the arguments '%s'; hopboot lists a CONFIG label's config as a submenu, open that submenu instead",
				kernel, args);
		return opt_err(s, o, why);
	}
	case KT_LOCALBOOT:
		return opt_err(s, o, arena_strdup(s->a,
			"hands the boot back to the BIOS (LOCALBOOT); kexec can only start a Linux kernel, so pick the next disk in the firmware's boot menu"));
	case KT_PXE: case KT_BSS: case KT_BOOT:
		return opt_err(s, o, arena_printf(s->a,
			"chain-loads the boot sector or PXE program %s; kexec can only start a Linux kernel",
			kernel));
	case KT_FDIMAGE: case KT_COMBOOT:
		return opt_err(s, o, arena_printf(s->a,
			"starts %s, a %s; syslinux 6.04 and kexec can only start a Linux kernel from it",
			kernel, type == KT_FDIMAGE ? "floppy image" :
			"COMBOOT program"));
	default:
		return linux_boot(s, o, kernel, args);
	}
}

/* ldlinux.c's load_kernel(): a label (plus extra arguments) or, when
 * IMPLICIT allows, a kernel and its arguments. */
static int load_command(struct sl *s, struct boot_option *o, const char *cmd)
{
	struct entry *e = find_label(s, cmd);
	const char *args;
	char *full;

	if (e) {
		args = skipspace((char *)word_end(cmd));
		full = *args ? arena_printf(s->a, "%s %s", e->cmd, args) :
			       arena_strdup(s->a, e->cmd);
		if (!full)
			return -ENOMEM;
		return execute(s, o, full, image_type(full), 0);
	}
	if (!s->implicit)
		return opt_err(s, o, arena_printf(s->a,
			"runs '%s', which names no label, and IMPLICIT 0 forbids naming a kernel; syslinux would not boot it",
			cmd));
	/* ldlinux.c's load_kernel: execute(kernel, type, true), which adds
	 * the global SYSAPPEND strings after the arguments. */
	if (s->sysappend) {
		const char *sa = sysappend(s, s->sysappend);

		if (!sa)
			return -ENOMEM;
		/* A blank between: without arguments, the words become
		 * the arguments; the kernel's name stays apart. */
		if (*sa && !(cmd = arena_printf(s->a, "%s%s", cmd, sa)))
			return -ENOMEM;
	}
	return execute(s, o, cmd, image_type(cmd), 0);
}

/* The option id "<dev>:syslinux:<name>", "#2", "#3"... for repeats. */
static const char *make_id(struct sl *s, const char *name)
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

static int add_entry(struct sl *s, struct entry *e)
{
	const char *id, *unknown;
	struct boot_option *o;
	int r;

	if (!strncmp(e->cmd, ".config", 7) && sl_space(e->cmd[7])) {
		r = chain(s, e, e->cmd + 7);
		if (r)
			return r < 0 ? r : 0;
	}
	id = make_id(s, e->full);
	o = id ? option_set_add_option(s->ctx->set) : NULL;
	if (!o)
		return -ENOMEM;
	o->id = id;
	e->opt = o;
	o->device = s->ctx->dev->id;
	o->source = SOURCE_SYSLINUX;
	o->title = strip_caret(s->a, e->display);
	o->hidden = e->hidden || s->hide_all;
	o->cmdline = "";
	if (!o->title)
		return -ENOMEM;
	r = submenus(s, e, &o->submenu);
	if (r < 0)
		return r;
	r = execute(s, o, e->cmd, image_type(e->cmd), 0);
	if (r < 0)
		return r;
	unknown = e->ipappend && o->kernel ?
		  sysappend_unknown(s, e->ipappend) : "";
	if (!unknown)
		return -ENOMEM;
	if (*unknown &&
	    strlist_addf(&s->ctx->dev->errors, s->a,
			 "%s line %u: label %s asks for IPAPPEND/SYSAPPEND 0x%lx; syslinux would add %s from the firmware, which hopboot cannot read here, so they are left out of its command line",
			 e->file, e->line, e->label, e->ipappend, unknown) < 0)
		return -ENOMEM;
	return 0;
}

/* The menu's pick when a UI runs: DEFAULT's label, else MENU DEFAULT in
 * the top menu, else the top menu's first label. */
static struct entry *menu_default(struct sl *s)
{
	struct entry *e = NULL;

	for (size_t i = 0; s->default_cmd && i < s->n && !e; i++)
		if (!strcmp(s->v[i]->full, s->default_cmd))
			e = s->v[i];
	if (!e && s->default_cmd)
		e = find_label(s, s->default_cmd);
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

/*
 * What boots by itself, and when. Without UI and PROMPT, ldlinux runs the
 * DEFAULT command at once. With a UI (menu.c32...) or PROMPT 1 it waits
 * TIMEOUT, then runs ONTIMEOUT, else the menu's default or DEFAULT.
 * *def gets that option (NULL: none), *secs the wait (-1: forever).
 * Returns 0 or -ENOMEM.
 */
static int pick_default(struct sl *s, struct boot_option **def, int *secs)
{
	struct option_set *set = s->ctx->set;
	const char *cmd = NULL;
	struct entry *e = NULL;
	long tenths;
	int timeout;

	/* "DEFAULT vesamenu.c32" starts the menu as UI does. */
	if (!s->ui && s->default_cmd && !find_label(s, s->default_cmd) &&
	    is_menu(s->default_cmd, (size_t)(word_end(s->default_cmd) -
					     s->default_cmd))) {
		s->ui = s->default_cmd;
		s->default_cmd = NULL;
	}
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

		e = find_label(s, cmd);
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
		const char *id = make_id(s, "default");
		struct boot_option *o = id ? option_set_add_option(set) : NULL;
		int r;

		if (!o)
			return -ENOMEM;
		o->id = id;
		o->device = s->ctx->dev->id;
		o->source = SOURCE_SYSLINUX;
		o->title = cmd;
		o->cmdline = "";
		o->hidden = s->hide_all;
		*def = o;
		for (size_t i = 0; i < s->prefix.n; i++)
			if (strlist_add(&o->submenu, s->a, s->prefix.v[i]) < 0)
				return -ENOMEM;
		r = load_command(s, o, cmd);
		if (r < 0)
			return r;
	}
	return 0;
}

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

/* One config read as ldlinux.c32 reads it after a start: its files, its
 * options (and those of its CONFIG labels), and what it boots by itself.
 * Returns 0 or -ENOMEM. */
static int run_config(struct sl *s, struct boot_option **def)
{
	int r, secs;

	r = parse_file(s, s->config);
	if (r < 0)
		return r;
	r = record(s);	/* the last label, at the end of the files */
	if (r < 0)
		return r;
	for (size_t i = 0; i < s->n; i++) {
		r = add_entry(s, s->v[i]);
		if (r < 0)
			return r;
	}
	return pick_default(s, def, &secs);
}

int syslinux_parse(struct parse_ctx *ctx)
{
	struct sl s = {
		.ctx = ctx, .a = ctx->set->arena, .implicit = true,
		.id_prefix = "",
	};
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
		dirname_of(s.a, s.config);
	if (!s.cwd)
		return -ENOMEM;
	s.top = &s;
	s.menu = &s.root;
	r = parse_file(&s, s.config);
	if (r < 0)
		return r;
	r = record(&s);	/* the last label, at the end of the files */
	if (r < 0)
		return r;
	for (size_t i = 0; i < s.n; i++) {
		r = add_entry(&s, s.v[i]);
		if (r < 0)
			return r;
	}
	r = pick_default(&s, &def, &secs);
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
