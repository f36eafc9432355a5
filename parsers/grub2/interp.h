/* interp.h - the GRUB 2 interpreter's state, shared by grub2.c (menus, options) and exec.c (commands). */
#ifndef HOPBOOT_GRUB2_INTERP_H
#define HOPBOOT_GRUB2_INTERP_H

#include <stdbool.h>
#include <stddef.h>

#include "grub2/grub2.h"
#include "option.h"
#include "parser.h"
#include "strlist.h"

struct grub2_var {
	const char *name, *value;
	bool exported, dead;		/* dead: unset in this layer */
	struct grub2_var *next;
};

/* Variables: one layer, looked up through parent (an entry's body runs in
 * a layer over the menu's variables so that entries do not see each
 * other's changes). */
struct grub2_scope {
	struct grub2_var **tab;
	size_t nb;
	struct grub2_scope *parent;
};

struct grub2_func {
	const char *name, *src, *file;
	size_t len;
	int line;
	/* The body's tree, parsed at the first call and kept (GRUB too keeps
	 * a function parsed): grub-mkconfig's menus call the same few
	 * functions from thousands of entries. */
	struct grub2_node *tree;
	bool parsed;
	struct grub2_func *next;
};

/* A menuentry or submenu, with its body to run later. */
struct grub2_item {
	bool submenu;
	const char *title, *id;
	int argc;			/* title and extra arguments: $1... */
	char **argv;
	const char *src, *file;
	size_t len;
	int line;
	struct boot_option *opt;	/* once run */
	bool loader;			/* its body ran another OS loader */
};

struct grub2_menu {
	struct grub2_item **v;
	size_t n, cap;
};

/* A GRUB 'loopback' device: the image file it reads. */
struct grub2_loop {
	const char *name;		/* "loop" */
	struct device *dev;		/* where the image file is */
	const char *image;		/* its path there */
};

/* What a menu entry's body loaded. */
struct grub2_boot {
	struct resource *kernel;
	const char *cmdline;
	struct resource *initrds;
	size_t n_initrds;
	struct resource *devicetree;
	struct strlist errors;
	unsigned flags;			/* the option's OPTION_NOT_KEXEC */
	bool loader;			/* chainloader, multiboot...: GRUB
					 * would start it, kexec cannot */
	/* 'configfile' ran in the body: its menu replaces the entry (GRUB
	 * shows it when the entry is chosen), run in menu_env. */
	struct grub2_menu *menu;
	struct grub2_scope *menu_env;
	struct grub2_loop loops[GRUB2_IMAGES_MAX];	/* and its devices */
	int n_loops;
};

struct grub2 {
	struct parse_ctx *ctx;
	struct arena *a;		/* the set's arena */
	/* Where variables and scopes go: a, or while an entry's body runs
	 * an arena emptied after each entry (nothing of an entry's layer
	 * outlives its option; every string an option keeps is in a). */
	struct arena *va, *entry_arena;
	struct grub2_scope *env;
	struct grub2_func *funcs;
	struct grub2_menu *menu;
	struct grub2_boot *boot;	/* non-NULL while an entry runs */
	int argc;			/* positional parameters */
	char **argv;
	int status;			/* $? */
	int brk, cont;			/* loops left to break/continue */
	bool ret;			/* 'return' ran */
	int loops, calls, sources;	/* current depths */
	long steps;
	size_t var_bytes;
	size_t n_items;
	bool stop;			/* a bound was hit: run nothing more */
	bool menu_taken;		/* configfile showed its own menu */
	int submenus;			/* submenu bodies running */
	const char *cfg;		/* the grub.cfg read first, on ctx->dev */
	const char *file;		/* file being run, for messages */
	int line;			/* line of the command being run */
	struct strlist unknown;		/* commands already warned about */
	struct grub2_loop loopdevs[GRUB2_IMAGES_MAX];	/* 'loopback' devices */
	int n_loopdevs;
	const char *skip_reason;	/* the config defers to another device */
	/* The config ran blscfg, so Fedora's or RHEL's GRUB runs it, which
	 * picks the default by its own rules (grub2.c, entry_number). */
	bool fedora;
	/* regexp.mod is loaded: words expand file-name wildcards
	 * (wildcard.c). */
	bool wildcards;
	/* Non-NULL when the config came from a boot server (netboot.c):
	 * ctx->dev is then (tftp), and its files are URLs. */
	const struct grub2_netboot *nb;
	/* Reused buffers: scratch arenas by script depth (each top-level
	 * command's tree), word buffers by nesting. grub2_parse frees them. */
	struct arena *scratch[GRUB2_SOURCE_MAX + GRUB2_NEST_MAX + 1];
	struct grub2_buf {
		struct arena *a;	/* owns the three buffers */
		char *buf;
		size_t cap;
		size_t *off;
		int cap_off;
		char **argv;
		int cap_argv;
	} bufs[16];
	int n_bufs;
	size_t tree_bytes;		/* function text kept parsed */
	const char **ids;		/* option ids made, open addressing */
	size_t ids_cap, n_ids;
	/* Files entries loaded, checked once: 5,000 entries naming the
	 * same kernel cost one openat2, not 5,000. Open addressing. */
	struct grub2_file {
		const struct device *dev;
		const char *image, *path;
		struct resource *res;	/* NULL: not a file there */
	} *files;
	size_t files_cap, n_files;
};

/* Runs script text (file is its name in messages). Returns 0 or -ENOMEM. */
int grub2_run_text(struct grub2 *g, const char *file, const char *s,
		   size_t len, int line);

/* Variables. get returns NULL when unset. set/unset return 0 or -ENOMEM. */
const char *grub2_get(struct grub2 *g, const char *name);
int grub2_set(struct grub2 *g, const char *name, const char *value);
int grub2_unset(struct grub2 *g, const char *name);
int grub2_export(struct grub2 *g, const char *name);
struct grub2_scope *grub2_scope_new(struct grub2 *g, struct grub2_scope *parent);
/* A new root scope holding the exported variables of from. */
struct grub2_scope *grub2_scope_exported(struct grub2 *g,
					 struct grub2_scope *from);

/* Reports a problem with the config as a device error: "FILE line N: MSG".
 * Returns 0 or -ENOMEM. */
int grub2_warn(struct grub2 *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Stops the whole config with a sentence. Returns 0 or -ENOMEM. */
int grub2_stop(struct grub2 *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The GRUB name of a device ("hd0,gpt2") and the device of a name. */
const char *grub2_dev_name(struct grub2 *g, const struct device *d);
struct device *grub2_dev_by_name(struct grub2 *g, const char *name);

/*
 * Splits a GRUB file name: "(dev)/path", or "/path" on $root. Sets *dev
 * and *path ("/"-rooted), and *image to the image file on *dev when dev is
 * a 'loopback' device (else NULL). On failure sets *why to a sentence
 * fragment and returns 1. Returns 0, 1 or -ENOMEM.
 */
int grub2_resolve(struct grub2 *g, const char *name, struct device **dev,
		  const char **image, const char **path, const char **why);
/* The filesystem of dev, or of image on dev; NULL with *why set (a
 * fragment that follows a file name) when it cannot be read. */
const struct fsview *grub2_view(struct grub2 *g, const struct device *dev,
				const char *image, const char **why);

/* True when a word in GRUB's escaped form (exec.c) holds a '*' or '?'
 * that no backslash escapes. */
bool grub2_glob_wild(const char *s);
/* Expands such a word to the file names it matches, as GRUB's
 * wildcard_expand; the names live in a. Returns 1 with out set, 0 when the
 * word stays as it is, or -ENOMEM. */
int grub2_glob(struct grub2 *g, struct arena *a, const char *s,
	       struct strlist *out);

/* Runs one command line. Returns 0 or -ENOMEM; the status goes to g. */
int grub2_command(struct grub2 *g, int argc, char **argv);

/* Runs a submenu or configfile menu and turns a menu into options: see
 * grub2.c. */
int grub2_menu_add(struct grub2 *g, struct grub2_item *it);
int grub2_configfile(struct grub2 *g, const char *name);
int grub2_blscfg(struct grub2 *g);

#endif
