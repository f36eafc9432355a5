/* execute.c - what a command boots, as ldlinux.c's load_kernel() and execute.c's execute(). */
#include <errno.h>
#include <string.h>

#include "sl.h"

bool sl_module_is(const char *name, size_t len, const char *const *names,
		  size_t n)
{
	const char *base = name;

	for (size_t i = 0; i < len; i++)
		if (name[i] == '/')
			base = name + i + 1;
	len -= (size_t)(base - name);
	if (len > 4 && !strncmp(base + len - 4, ".c32", 4))
		len -= 4;
	for (size_t i = 0; i < n; i++)
		if (strlen(names[i]) == len && !strncmp(base, names[i], len))
			return true;
	return false;
}

/* menu.c32 and vesamenu.c32: syslinux's menus, which show the labels
 * hopboot lists itself. */
bool sl_is_menu(const char *name, size_t len)
{
	static const char *const menus[] = { "menu", "vesamenu" };

	return sl_module_is(name, len, menus, 2);
}

/* ldlinux.c's parse_image_type: from the extension of the first word. */
enum ktype sl_image_type(const char *cmd)
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
struct entry *sl_find_label(struct sl *s, const char *cmd)
{
	size_t len = (size_t)(word_end(cmd) - cmd);

	for (size_t i = 0; i < s->n; i++)
		if (!strncmp(s->v[i]->label, cmd, len) && !s->v[i]->label[len])
			return s->v[i];
	return NULL;
}

int sl_opt_err(struct sl *s, struct boot_option *o, const char *msg)
{
	if (!msg)
		return -ENOMEM;
	return strlist_add(&o->errors, s->a, msg);
}

/* A resource for a file the option needs, with an error when missing. */
static int need_file(struct sl *s, struct boot_option *o, const char *what,
		     const char *written, size_t len, struct resource **ret)
{
	char *path = sl_resolve(s, written, len);

	if (!path)
		return -ENOMEM;
	*ret = option_new_resource(s->ctx->set, s->ctx->dev->id, path);
	if (!*ret)
		return -ENOMEM;
	if (!len)
		return sl_opt_err(s, o, arena_printf(s->a,
			"names an empty %s file name, which syslinux cannot load either",
			what));
	/* pxelinux: the file is on the server, fetched only when booted. */
	if (s->ctx->net && s->ctx->net->url) {
		(*ret)->url = arena_printf(s->a, "%s%s", s->ctx->net->url, path);
		return (*ret)->url ? 0 : -ENOMEM;
	}
	if (fsview_is_file(s->ctx->fs, path))
		return 0;
	if (len >= 2 && written[0] == ':' && written[1] == ':')
		return sl_opt_err(s, o, arena_printf(s->a,
			"names the %s %.*s, which is %s on this partition: '::' is the TFTP server's root to pxelinux only, and syslinux 6.04 on a disk reads it as a folder named '::' in %s, so it cannot load it either",
			what, (int)len, written, path, s->cwd));
	return sl_opt_err(s, o, arena_printf(s->a,
		"names the %s %.*s, which is %s, not a file on this partition; syslinux takes relative paths from %s, the folder of %s",
		what, (int)len, written, path, s->cwd, s->config));
}

/* kernel.c's new_linux_kernel: the line the kernel gets, and the initrds
 * of the first "initrd=" in it. A kernel named without a label gets the
 * global SYSAPPEND words after its arguments (execute(..., true)). */
static int linux_boot(struct sl *s, struct boot_option *o, const char *kernel,
		      const char *args, const struct dest *d)
{
	const char *p;
	struct resource *res, *res_in;
	int r;

	if (d->implicit && !d->no_sysappend && s->sysappend) {
		const char *sa = sl_sysappend(s, s->sysappend);

		if (!sa)
			return -ENOMEM;
		/* Without arguments the words are the arguments: the
		 * blank before the first one goes. */
		args = arena_printf(s->a, "%s%s", args, *args ? sa :
				    skipspace((char *)sa));
		if (!args)
			return -ENOMEM;
	}
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

/* execute()'s type prefix: ".com32 name args" is "name.c32 args" run as
 * COM32 (apply_extension), ".linux k args" is "k args" as a kernel...
 * Returns the command without it (*type set), cmd itself when it has
 * none, or NULL on ENOMEM. */
static const char *untype(struct sl *s, const char *cmd, enum ktype *type)
{
	const char *ke = word_end(cmd), *args = skipspace((char *)ke);
	size_t wl = (size_t)(word_end(args) - args);

	if (cmd[0] != '.')
		return cmd;
	for (int t = KT_NONE + 1; t < KT_COUNT; t++) {
		size_t n = strlen(sl_ktype_names[t]);

		if ((size_t)(ke - cmd) != n + 1 ||
		    strncmp(cmd + 1, sl_ktype_names[t], n))
			continue;
		*type = (enum ktype)t;
		if (t == KT_COM32 &&
		    (wl < 4 || strncmp(args + wl - 4, ".c32", 4)))
			return arena_printf(s->a, "%.*s.c32%s", (int)wl, args,
					    args + wl);
		return args;
	}
	return cmd;
}

/* load_kernel()'s look-up: a label and extra words become the label's
 * command and those words; anything else is a kernel, when IMPLICIT
 * allows. Returns 0 (d->why set when nothing runs) or -ENOMEM. */
static int load_step(struct sl *s, const char **cmd, enum ktype *type,
		     struct dest *d)
{
	struct entry *e = sl_find_label(s, *cmd);
	const char *args = skipspace((char *)word_end(*cmd));
	size_t wl = (size_t)(word_end(*cmd) - *cmd);

	d->implicit = !e;
	if (e) {
		*cmd = *args ? arena_printf(s->a, "%s %s", e->cmd, args) :
			       e->cmd;
	} else if (!s->implicit) {
		d->why = arena_printf(s->a,
			"runs '%s', which names no label, and IMPLICIT 0 forbids naming a kernel; syslinux would not boot it",
			*cmd);
		return d->why ? 0 : -ENOMEM;
	} else if (sl_image_type(*cmd) == KT_KERNEL &&
		   sl_jump_module(*cmd, wl) && !memchr(*cmd, '.', wl)) {
		/* get_extension(): "config iso.cfg" finds config.c32 (the
		 * modules are where syslinux is, so hopboot assumes them). */
		*cmd = arena_printf(s->a, "%.*s.c32%s", (int)wl, *cmd,
				    *cmd + wl);
	}
	if (!*cmd)
		return -ENOMEM;
	*type = sl_image_type(*cmd);
	return 0;
}

int sl_follow(struct sl *s, const char *cmd, bool load, enum ktype type,
	      struct dest *d)
{
	memset(d, 0, sizeof(*d));
	for (int hops = 0; hops < SL_HOPS_MAX; hops++) {
		const char *ke, *args;
		struct jump j;
		char *kernel;
		int r;

		if (load && ((r = load_step(s, &cmd, &type, d)) < 0 || d->why))
			return r;
		/* execute() runs itself again on the rest, so a command
		 * may be typed more than once. */
		for (int i = 0; i < 4 && cmd[0] == '.'; i++) {
			const char *c = untype(s, cmd, &type);

			if (!c)
				return -ENOMEM;
			if (c == cmd)
				break;
			cmd = c;
		}
		d->cmd = cmd;
		d->type = type;
		ke = word_end(cmd);
		args = skipspace((char *)ke);
		if (type != KT_COM32 ||
		    !sl_jump_module(cmd, (size_t)(ke - cmd)))
			return 0;
		kernel = arena_strndup(s->a, cmd, (size_t)(ke - cmd));
		r = kernel ? sl_jump(s, kernel, args, &j) : -ENOMEM;
		if (r <= 0)
			return r;
		if (j.why) {
			d->why = j.why;
			return 0;
		}
		cmd = j.next;
		type = j.type;
		load = j.load;
		d->no_sysappend |= j.no_sysappend;
		if (!load) {
			d->cmd = cmd;
			d->type = type;
			d->implicit = true;
			return 0;
		}
	}
	d->type = KT_NONE;
	d->why = arena_printf(s->a,
		"leads through more than %d labels and modules that choose one another (a loop); syslinux would never boot anything",
		SL_HOPS_MAX);
	return d->why ? 0 : -ENOMEM;
}

/* What a COM32 module kexec cannot start is, for its option's error:
 * the ones configs ship most get a sentence of their own. */
static const char *com32_why(struct sl *s, const char *module,
			     const char *args)
{
	static const struct {
		const char *name, *what, *then;
	} known[] = {
		{ "chain.c32", "hands the machine to another disk's or partition's boot loader",
		  "kexec can only start a Linux kernel, so choose that disk in the firmware's boot menu" },
		{ "reboot.c32", "restarts the machine and boots no system",
		  "hopboot's own menu restarts it with p" },
		{ "poweroff.c32", "powers the machine off and boots no system",
		  "hopboot's own menu powers off with p" },
		{ "hdt.c32", "shows syslinux's hardware detection tool, a program that runs only inside syslinux",
		  "kexec can only start a Linux kernel" },
		{ "mboot.c32", "starts a multiboot kernel such as Xen",
		  "kexec_file_load starts only Linux kernels, so boot it with syslinux" },
		{ "linux.c32", "loads a kernel through syslinux's linux.c32, whose own arguments hopboot does not read",
		  "boot a label that names that kernel, or boot it with syslinux" },
		{ "pxechn.c32", "hands the machine to another network boot program",
		  "kexec can only start a Linux kernel" },
	};
	const char *base = strrchr(module, '/');
	const char *sp = *args ? " " : "";

	base = base ? base + 1 : module;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(base, known[i].name))
			return arena_printf(s->a, "%s (%s%s%s); %s",
					    known[i].what, module, sp, args,
					    known[i].then);
	return arena_printf(s->a,
		"runs the syslinux COM32 module %s%s%s; COM32 modules run only inside syslinux, so kexec cannot start it: boot it with syslinux",
		module, sp, args);
}

/* execute.c's execute(), at the end of the path: what d runs, made into
 * option o, or o's errors. */
int sl_boot(struct sl *s, struct boot_option *o, const struct dest *d)
{
	const char *cmd = d->cmd ? d->cmd : "";
	const char *ke = word_end(cmd), *args = skipspace((char *)ke);
	char *kernel = arena_strndup(s->a, cmd, (size_t)(ke - cmd));
	enum ktype type = d->type;

	if (!kernel)
		return -ENOMEM;
	/* By nature: the errors say what it is. A module of jump.c that
	 * cannot choose is one too; a loop or IMPLICIT 0 (KT_NONE) is not. */
	if (type != KT_NONE && type != KT_KERNEL && type != KT_LINUX)
		o->flags |= OPTION_NOT_KEXEC;
	if (d->why)
		return sl_opt_err(s, o, d->why);
	switch (type) {
	case KT_COM32:
		if (sl_is_menu(kernel, strlen(kernel)))
			return sl_opt_err(s, o, arena_printf(s->a,
				"opens syslinux's menu (%s %s); hopboot lists the labels of the config itself, open that config's labels instead",
				kernel, args));
		return sl_opt_err(s, o, com32_why(s, kernel, args));
	case KT_CONFIG: {
		const char *path, *cwd, *why;
		int r = sl_config_target(s, cmd, &path, &cwd, &why);

		if (r < 0)
			return r;
		if (!why)
			why = arena_printf(s->a,
				"switches syslinux to the config %s (CONFIG) with the arguments '%s'; hopboot lists a CONFIG label's config as a submenu, open that submenu instead",
				kernel, args);
		return sl_opt_err(s, o, why);
	}
	case KT_LOCALBOOT:
		return sl_opt_err(s, o, arena_strdup(s->a,
			"hands the boot back to the BIOS (LOCALBOOT); kexec can only start a Linux kernel, so pick the next disk in the firmware's boot menu"));
	case KT_PXE: case KT_BSS: case KT_BOOT:
		return sl_opt_err(s, o, arena_printf(s->a,
			"chain-loads the boot sector or PXE program %s; kexec can only start a Linux kernel",
			kernel));
	case KT_FDIMAGE: case KT_COMBOOT:
		return sl_opt_err(s, o, arena_printf(s->a,
			"starts %s, a %s; syslinux 6.04 and kexec can only start a Linux kernel from it",
			kernel, type == KT_FDIMAGE ? "floppy image" :
			"COMBOOT program"));
	default:
		return linux_boot(s, o, kernel, args, d);
	}
}

int sl_load_command(struct sl *s, struct boot_option *o, const char *cmd)
{
	struct dest d;
	int r = sl_follow(s, cmd, true, KT_NONE, &d);

	return r < 0 ? r : sl_boot(s, o, &d);
}
