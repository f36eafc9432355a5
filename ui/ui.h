/* ui.h - the state of one menu on one terminal (hopboot ui, hopboot menu). */
#ifndef HOPBOOT_UI_H
#define HOPBOOT_UI_H

#include <stdbool.h>

#include "client.h"
#include "keys.h"
#include "lineedit.h"
#include "model.h"
#include "term.h"

enum ui_view {
	UI_MENU,
	UI_TEXT,	/* details or the log: lines to scroll */
	UI_EDIT,	/* the command line of edit_id */
	UI_BOOTING,
};

struct ui {
	struct model m;
	struct client c;
	struct term t;
	struct keys keys;
	struct lineedit le;
	enum ui_view view;
	char *edit_id, *edit_title;
	char *text_title;	/* UI_TEXT */
	char **lines;
	size_t n_lines;
	int scroll;
	char status[512];	/* the last error or note, unsanitized */
	char booting[512];	/* title of what the daemon loaded */
	bool cancel_sent;	/* cancel-countdown went out */
	bool continue_chosen;	/* "Continue normal boot" */
	bool power_asked;	/* 'p' was pressed: r or o comes next */
	int continue_left;	/* seconds before "Continue normal boot"
				 * chooses itself, -1: no countdown */
	long long continue_tick;	/* CLOCK_MONOTONIC ms of its next step */
};

/* What ui_run() ended with. */
enum ui_result {
	UI_BOOTED,		/* the daemon loaded an option */
	UI_CONTINUED,		/* "Continue normal boot" */
	UI_FAILED,		/* no daemon, or it went away */
};

struct ui_opts {
	const char *socket;
	const char *tty;	/* NULL: standard input and output */
	bool continue_entry;
	int continue_after_s;	/* countdown to continuing, -1 none */
	int wait_s;		/* for the socket to appear */
	const char *message;	/* shown first (why the last boot failed) */
};

enum ui_result ui_run(const struct ui_opts *o);

/* render.c: draws the whole screen for the current view. */
void ui_render(struct ui *u);
/* Replaces the text view with lines wrapped to the terminal's width. */
void ui_text_clear(struct ui *u);
void ui_text_add(struct ui *u, const char *line);

/* shell.c: runs /bin/sh in the foreground of the menu's terminal and
 * waits for it; 0 or -errno when it could not start. */
int ui_shell(struct ui *u);
/* shell.c: true when PID 1 is hopboot's init, which powers off or
 * reboots on request. */
bool ui_can_power(void);
/* shell.c: asks PID 1 to reboot, or to power off. 0 or -errno. */
int ui_power(bool off);

#endif
