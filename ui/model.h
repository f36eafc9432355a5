/* model.h - the menu as the ui knows it: options, devices, the countdown
 * and where the user is in the tree of submenus.
 *
 * Fed with the daemon's messages (doc/protocol.md); every string is kept
 * as the daemon sent it (disk bytes: sanitize before showing). The model
 * owns everything it holds; model_free() releases it.
 */
#ifndef HOPBOOT_MODEL_H
#define HOPBOOT_MODEL_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct json_value;

#define MODEL_MAX_DEPTH 8	/* submenus shown nested; deeper ones flatten */
#define MODEL_MAX_ITEMS 512	/* items on one level */

struct strs {
	const char **v;
	size_t n;
};

struct model_option {
	struct arena *a;	/* owns the option and its strings */
	const char *id, *title, *source, *device, *cmdline;
	const char *kernel, *devicetree;	/* "device:path" or a URL */
	struct strs submenu, initrds, errors;
	struct strs configs;	/* files it came from, "device:path" */
	bool hidden;
	bool not_kexec;		/* "kexec": false, by nature not a kernel */
};

struct model_device {
	struct arena *a;
	const char *id, *path, *type, *label;
	struct strs errors;
};

enum model_kind { MODEL_OPTION, MODEL_SUBMENU, MODEL_CONTINUE };

struct model_item {
	enum model_kind kind;
	const char *title;
	const struct model_option *opt;	/* MODEL_OPTION only */
	bool is_default;		/* a submenu: holds the default */
};

struct model {
	struct model_option **opts;
	size_t n_opts, cap_opts;
	struct model_device **devs;
	size_t n_devs, cap_devs;
	char *default_id;
	int countdown;		/* seconds left, or -1 */
	int probing;		/* devices being probed */
	bool have_state;	/* a state message arrived */
	bool continue_entry;	/* offer "Continue normal boot" first */
	bool moved;		/* the user moved: stop following the default */
	/* A boot file downloading ("progress" messages): what it is
	 * ("kernel"; "" when nothing downloads), bytes so far and in all
	 * (0: unknown). */
	struct {
		char what[32];
		unsigned long long done, total;
	} progress;
	/* Where the user is: titles of the open submenus, and the selected
	 * item on each level (sel[depth] is the current one). */
	char *path[MODEL_MAX_DEPTH];
	int sel[MODEL_MAX_DEPTH + 1];
	int depth;
};

#define MODEL_CONTINUE_TITLE "Continue normal boot"

void model_init(struct model *m);
void model_free(struct model *m);

/* Applies one daemon message (state, option-*, device-*, default,
 * countdown). Returns true when what is shown may have changed; false for
 * messages the model does not keep, or when out of memory. */
bool model_apply(struct model *m, const struct json_value *msg);

/* The items of the current level, at most max; returns their number. */
size_t model_items(const struct model *m, struct model_item *items,
		   size_t max);
/* The selected item, or false when the level is empty. */
bool model_selected(const struct model *m, struct model_item *item);

void model_move(struct model *m, int delta);	/* clamps */
void model_select(struct model *m, int index);	/* clamps */
/* Opens the selected submenu; false when the selection is no submenu. */
bool model_enter(struct model *m);
/* Leaves the current submenu; false at the top. */
bool model_leave(struct model *m);

const struct model_device *model_device(const struct model *m,
					const char *id);

/* The status line for a download ("Downloading the kernel: 45 % (12.0 MiB
 * of 26.5 MiB)"), unsanitized; returns false when none is going on. */
bool model_progress_text(const struct model *m, char *buf, size_t len);

#endif
