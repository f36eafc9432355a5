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
};

struct grub2_menu {
	struct grub2_item **v;
	size_t n, cap;
};

/* What a menu entry's body loaded. */
struct grub2_boot {
	struct resource *kernel;
	const char *cmdline;
	struct resource *initrds;
	size_t n_initrds;
	struct resource *devicetree;
	struct strlist errors;
};

struct grub2 {
	struct parse_ctx *ctx;
	struct arena *a;		/* the set's arena */
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
	const char *file;		/* file being run, for messages */
	int line;			/* line of the command being run */
	struct strlist unknown;		/* commands already warned about */
	const char *loop_name, *loop_file;	/* the last loopback */
	const char *skip_reason;	/* the config defers to another device */
	/* Reused buffers: scratch arenas by script depth (each top-level
	 * command's tree), word buffers by nesting. grub2_parse frees them. */
	struct arena *scratch[GRUB2_SOURCE_MAX + GRUB2_NEST_MAX + 1];
	struct grub2_buf {
		char *buf;
		size_t cap;
		size_t *off;
		int cap_off;
		char **argv;
		int cap_argv;
	} bufs[16];
	int n_bufs;
	const char **ids;		/* option ids made, open addressing */
	size_t ids_cap, n_ids;
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
 * and *path ("/"-rooted). On failure sets *why to a sentence fragment and
 * returns 1. Returns 0, 1 or -ENOMEM.
 */
int grub2_resolve(struct grub2 *g, const char *name, struct device **dev,
		  const char **path, const char **why);

/* Runs one command line. Returns 0 or -ENOMEM; the status goes to g. */
int grub2_command(struct grub2 *g, int argc, char **argv);

/* Runs a submenu or configfile menu and turns a menu into options: see
 * grub2.c. */
int grub2_menu_add(struct grub2 *g, struct grub2_item *it);
int grub2_configfile(struct grub2 *g, const char *name);
int grub2_blscfg(struct grub2 *g);

#endif
