/* sl.h - the syslinux parser's state, shared by the files of parsers/syslinux/.
 *
 * Not a public interface: parser.h has syslinux_parse(). Every string and
 * array here belongs to the option set's arena (struct sl's a); functions
 * returning int return 0 (or a count) or -ENOMEM, and put what is wrong
 * with a config into the device's or the option's errors.
 */
#ifndef HOPBOOT_SL_H
#define HOPBOOT_SL_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "parser.h"

#define SL_INCLUDE_DEPTH 16	/* nested INCLUDEs, as petitboot allows */
#define SL_FILES_MAX 128	/* config files read in all, repeats counted */
#define SL_ENTRIES_MAX 4096
#define SL_LINE_MAX 4096	/* readconfig.c MAX_LINE: fgets splits longer */
#define SL_MENU_DEPTH 32
#define SL_CONFIG_DEPTH 8	/* CONFIG labels followed, one in another */
#define SL_SYSAPPEND_BITS 19	/* sysappend.c's SYSAPPEND_MAX */
#define SL_HOPS_MAX 16		/* labels and jump modules followed by one
				 * command: more is a loop */

/* readconfig.c's kernel_types, in its order: the keyword's index is the
 * type, and ".<name>" is how a typed label's command starts. */
enum ktype {
	KT_NONE, KT_LOCALBOOT, KT_KERNEL, KT_LINUX, KT_BOOT, KT_BSS, KT_PXE,
	KT_FDIMAGE, KT_COMBOOT, KT_COM32, KT_CONFIG, KT_COUNT
};

extern const char *const sl_ktype_names[KT_COUNT];

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
	bool chain;		/* a CONFIG label: a submenu (or, back to a
				 * config already followed, nothing) */
	struct boot_option *chain_default;	/* what it boots by itself */
};

/* A config as hopboot lists it: the first one, or one a CONFIG label's
 * submenu shows, with the config whose label led there. */
struct node {
	const struct node *parent;
	int depth;
};

/* An option this parse added, and the config it was listed from. */
struct listed {
	struct boot_option *o;
	const struct node *node;
};

struct sl {
	struct parse_ctx *ctx;
	struct arena *a;
	struct sl *parent, *top;	/* the config whose CONFIG label led
					 * here; the first config */
	const struct node *node;
	const char *id_prefix;	/* "" or the CONFIG labels' names, "a/b/" */
	struct strlist prefix;	/* their titles: the options' submenus */
	bool hide_all;		/* reached through a MENU HIDE label */
	const char *cwd;	/* folder of the main config, "/"-rooted */
	const char *config;
	/* Configs that ran their DEFAULT into this one before anyone could
	 * choose (syslinux.c's pass-through): followed, never listed. */
	const char *passed[SL_CONFIG_DEPTH];
	int n_passed;
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
	struct listed *listed;	/* the first config's: every option added */
	size_t n_listed, cap_listed;
};

/* Where a command leads once ldlinux has looked up its label, its type
 * (".config file") and the modules of jump.c that choose what runs next. */
struct dest {
	const char *cmd;	/* what finally runs: "kernel args" */
	enum ktype type;
	const char *why;	/* set: nothing boots, and why (a sentence) */
	bool implicit;		/* a kernel named without a label: ldlinux
				 * adds the global SYSAPPEND words */
	bool no_sysappend;	/* through config.c32, which clears them */
};

/* What a jump module runs next (jump.c). */
struct jump {
	const char *next;	/* the command, or NULL with why */
	enum ktype type;	/* KT_CONFIG for config.c32 */
	bool load;		/* looked up as a label first, as
				 * syslinux_run_command() does */
	bool no_sysappend;
	const char *why;	/* set: hopboot cannot tell, or syslinux
				 * stops at its prompt: why */
};

/* ldlinux's my_isspace: every control character and the NUL count. */
static inline bool sl_space(char c)
{
	return (unsigned char)c <= ' ';
}

static inline char *skipspace(char *p)
{
	while (*p && sl_space(*p))
		p++;
	return p;
}

static inline const char *word_end(const char *p)
{
	while (*p && !sl_space(*p))
		p++;
	return p;
}

/* readconfig.c's looking_at: kwd matched ignoring case (bit 0x20), then a
 * blank or the end. Returns what follows, or NULL. */
static inline char *looking_at(char *p, const char *kwd)
{
	while (*p && *kwd && ((*p ^ *kwd) & ~0x20) == 0) {
		p++;
		kwd++;
	}
	if (*kwd)
		return NULL;
	return sl_space(*p) ? p : NULL;
}

/* Adds msg (NULL: out of memory) to the device's or the option's errors. */
int sl_dev_err(struct sl *s, const char *msg);
int sl_opt_err(struct sl *s, struct boot_option *o, const char *msg);

/* path.c: path taken from the current folder, "/"-rooted, with "." and
 * ".." applied; the folder of a path. NULL on ENOMEM. */
char *sl_resolve(struct sl *s, const char *path, size_t len);
char *sl_dirname(struct arena *a, const char *path);

/* sysappend.c: the IPAPPEND/SYSAPPEND words of mask, each after a blank
 * ("" for none); the names of those hopboot cannot know ("" for none). */
char *sl_sysappend(struct sl *s, unsigned long mask);
char *sl_sysappend_unknown(struct sl *s, unsigned long mask);

/* readconfig.c: reads path and its INCLUDEs into s's labels; turns the
 * label being read into an entry. */
int sl_parse_file(struct sl *s, const char *path);
int sl_record(struct sl *s);

/* execute.c: what a command does. sl_follow: where cmd leads, from
 * ldlinux.c's load_kernel() (a label first) when load, else from
 * execute.c's execute() with type. sl_boot: d made into option o (its
 * kernel, initrds and command line, or its errors). sl_load_command: both,
 * for a command typed at the prompt or given by DEFAULT or ONTIMEOUT. */
bool sl_is_menu(const char *name, size_t len);
enum ktype sl_image_type(const char *cmd);
struct entry *sl_find_label(struct sl *s, const char *cmd);
/* Whether the module name (len bytes, any folder, ".c32" optional) is one
 * of names[0..n), which have neither: sl_is_menu, sl_jump_module. */
bool sl_module_is(const char *name, size_t len, const char *const *names,
		  size_t n);
int sl_follow(struct sl *s, const char *cmd, bool load, enum ktype type,
	      struct dest *d);
int sl_boot(struct sl *s, struct boot_option *o, const struct dest *d);
int sl_load_command(struct sl *s, struct boot_option *o, const char *cmd);

/* jump.c: whether name (len bytes, any folder, ".c32" optional) is one of
 * the modules that only choose a command; what module (its file name as
 * run) with args runs next: 1 with *j filled in, 0 when module is none of
 * them, or -ENOMEM. */
bool sl_jump_module(const char *name, size_t len);
int sl_jump(struct sl *s, const char *module, const char *args,
	    struct jump *j);

/* config.c: CONFIG. sl_config_target: where "file [folder]" (a CONFIG's
 * command) leads: the file, the current folder after it, and why it
 * cannot be followed (NULL: it can); returns 1 when that is a config being
 * followed already (a link back), else 0, or -ENOMEM. sl_chain: follows
 * e's CONFIG (d), 1 when followed (or a link back, which lists nothing),
 * 0 when e is to be listed with an error. */
int sl_config_target(struct sl *s, const char *cmd, const char **path,
		     const char **cwd, const char **why);
int sl_chain(struct sl *s, struct entry *e, const struct dest *d);

/* entries.c: menu text without '^'; e's submenu titles; option ids; one
 * entry made an option. */
char *sl_strip_caret(struct arena *a, const char *t);
int sl_submenus(struct sl *s, struct entry *e, struct strlist *l);
const char *sl_make_id(struct sl *s, const char *name);
int sl_add_entry(struct sl *s, struct entry *e);

/* dedupe.c: sl_note: o, just added, is listed from s's config.
 * sl_same_boot: a and b load the same kernel and initrds with the same
 * command line. sl_dedupe: the options from first on that repeat one of a
 * config above theirs are taken out of the set; *def follows. */
int sl_note(struct sl *s, struct boot_option *o);
bool sl_same_boot(const struct boot_option *a, const struct boot_option *b);
int sl_dedupe(struct sl *top, size_t first, struct boot_option **def);

/* default.c: what boots by itself (*def, NULL: nothing) and after how
 * many seconds (*secs, -1: waits). */
int sl_pick_default(struct sl *s, struct boot_option **def, int *secs);

/* syslinux.c: sl_read: s->config read as after an ldlinux.c32 start, and
 * the configs it passes on to before anyone can choose. sl_list: its
 * labels made options; what it boots by itself and when, as
 * sl_pick_default(). */
int sl_read(struct sl *s);
int sl_list(struct sl *s, struct boot_option **def, int *secs);

#endif
