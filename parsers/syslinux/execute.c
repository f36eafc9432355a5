/* execute.c - what a command boots, as ldlinux.c's load_kernel() and execute.c's execute(). */
#include <errno.h>
#include <string.h>

#include "sl.h"

/* menu.c32 and vesamenu.c32 (any folder, ".c32" optional): syslinux's
 * menus, which show the labels hopboot lists itself. */
bool sl_is_menu(const char *name, size_t len)
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
	return sl_opt_err(s, o, arena_printf(s->a,
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

/* execute.c's execute(): what a command does once it is a command line. */
int sl_execute(struct sl *s, struct boot_option *o, const char *cmd,
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

			if (strcmp(kernel + 1, sl_ktype_names[t]) || t == KT_NONE)
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
			return sl_execute(s, o, c, (enum ktype)t, hops + 1);
		}
	}
	switch (type) {
	case KT_COM32:
		if (sl_is_menu(kernel, strlen(kernel)))
			return sl_opt_err(s, o, arena_printf(s->a,
				"opens syslinux's menu (%s %s); hopboot lists the labels of the config itself, open that config's labels instead",
				kernel, args));
		return sl_opt_err(s, o, arena_printf(s->a,
			"runs the syslinux COM32 module %s%s%s; COM32 modules run only inside syslinux, so kexec cannot start it: boot it with syslinux",
			kernel, *args ? " " : "", args));
	case KT_CONFIG: {
		const char *why = sl_config_why(s, kernel, strlen(kernel), NULL);

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
		return linux_boot(s, o, kernel, args);
	}
}

/* ldlinux.c's load_kernel(): a label (plus extra arguments) or, when
 * IMPLICIT allows, a kernel and its arguments. */
int sl_load_command(struct sl *s, struct boot_option *o, const char *cmd)
{
	struct entry *e = sl_find_label(s, cmd);
	const char *args;
	char *full;

	if (e) {
		args = skipspace((char *)word_end(cmd));
		full = *args ? arena_printf(s->a, "%s %s", e->cmd, args) :
			       arena_strdup(s->a, e->cmd);
		if (!full)
			return -ENOMEM;
		return sl_execute(s, o, full, sl_image_type(full), 0);
	}
	if (!s->implicit)
		return sl_opt_err(s, o, arena_printf(s->a,
			"runs '%s', which names no label, and IMPLICIT 0 forbids naming a kernel; syslinux would not boot it",
			cmd));
	/* ldlinux.c's load_kernel: execute(kernel, type, true), which adds
	 * the global SYSAPPEND strings after the arguments. */
	if (s->sysappend) {
		const char *sa = sl_sysappend(s, s->sysappend);

		if (!sa)
			return -ENOMEM;
		/* A blank between: without arguments, the words become
		 * the arguments; the kernel's name stays apart. */
		if (*sa && !(cmd = arena_printf(s->a, "%s%s", cmd, sa)))
			return -ENOMEM;
	}
	return sl_execute(s, o, cmd, sl_image_type(cmd), 0);
}
