/* ui.c - hopboot ui: the boot menu on one terminal, a client of the daemon.
 *
 * usage: hopboot ui [--socket PATH] [--tty DEV] [--wait SECONDS]
 *                   [--message TEXT]
 *
 * Draws the boot options the discover daemon knows (socket
 * /run/hopboot/socket unless --socket says otherwise) on DEV, or on
 * standard input and output, with termios and ANSI escapes: a serial
 * line (80x24 unless the terminal says) or the Linux console. Waits up to
 * SECONDS (default 10) for the daemon's socket to appear. --message shows
 * TEXT on the status line first (PID 1 says why a boot failed with it).
 *
 * Keys: arrows or j/k move, Enter boots or opens a submenu, Esc or left
 * leaves it, e edits the command line before booting, d shows details, l
 * the daemon's log, r rescans, 1-9 choose directly, s runs a shell
 * (/bin/sh) on this terminal and comes back when it exits, p asks
 * hopboot's PID 1 to reboot (then r) or power off (then o). Any key stops
 * the countdown on every console. Exit status: 0 when the daemon loaded
 * an option (the screen says "Booting TITLE..."), 1 when there is no
 * daemon or it went away, 2 for bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "arena.h"
#include "commands.h"
#include "daemon_socket.h"
#include "json_read.h"
#include "log.h"
#include "ui.h"

/* How long a lone ESC waits for the rest of a sequence: a 9600 baud line
 * delivers a byte per millisecond, a person is much slower. */
#define ESC_WAIT_MS 60

static void usage(FILE *f)
{
	fputs("usage: hopboot ui [--socket PATH] [--tty DEV] "
	      "[--wait SECONDS]\n"
	      "                  [--message TEXT]\n", f);
}

static void set_status(struct ui *u, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_status(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->status, sizeof(u->status), fmt, ap);
	va_end(ap);
}

static void request(struct ui *u, const char *type, const char *id,
		    const char *cmdline)
{
	int r = client_send(&u->c, type, id, cmdline);

	if (r < 0)
		set_status(u, "unable to send the request to the daemon: %s",
			   strerror(-r));
}

static const struct model_option *find_option(struct ui *u, const char *id)
{
	for (size_t i = 0; id && i < u->m.n_opts; i++)
		if (!strcmp(u->m.opts[i]->id, id))
			return u->m.opts[i];
	return NULL;
}

static void boot(struct ui *u, const struct model_option *o,
		 const char *cmdline)
{
	set_status(u, "Loading \"%s\"...", o->title);
	request(u, "boot", o->id, cmdline);
}

static void line(struct ui *u, const char *what, const char *value)
{
	char buf[4200];

	if (!value)
		return;
	snprintf(buf, sizeof(buf), "%-12s%s", what, value);
	ui_text_add(u, buf);
}

static void lines(struct ui *u, const char *what, const struct strs *l)
{
	for (size_t i = 0; i < l->n; i++)
		line(u, what, l->v[i]);
}

static void show_details(struct ui *u, const struct model_option *o)
{
	const struct model_device *d = model_device(&u->m, o->device);

	ui_text_clear(u);
	free(u->text_title);
	u->text_title = strdup(o->title);
	line(u, "id", o->id);
	line(u, "source", o->source);
	line(u, "device", o->device);
	if (d) {
		line(u, "  path", d->path);
		line(u, "  type", d->type);
		line(u, "  label", d->label);
		lines(u, "  error", &d->errors);
	}
	lines(u, "submenu", &o->submenu);
	line(u, "kernel", o->kernel ?: "(none)");
	lines(u, "initrd", &o->initrds);
	line(u, "devicetree", o->devicetree);
	line(u, "cmdline", o->cmdline);
	lines(u, "config", &o->configs);
	/* What it is, for an entry that is no kernel; else why not. */
	lines(u, o->not_kexec ? "note" : "error", &o->errors);
	if (o->not_kexec)
		ui_text_add(u, "This entry is not a kernel that kexec can "
			    "start; its own boot loader can.");
	else if (!o->errors.n)
		ui_text_add(u, "This entry can boot.");
	u->view = UI_TEXT;
}

/* Enter, a digit, or right: open a submenu or boot. */
static int activate(struct ui *u)
{
	struct model_item it;

	if (!model_selected(&u->m, &it))
		return 0;
	if (it.kind == MODEL_CONTINUE) {
		u->continue_chosen = true;
		return 1;
	}
	if (it.kind == MODEL_SUBMENU)
		model_enter(&u->m);
	else
		boot(u, it.opt, NULL);
	return 0;
}

static int menu_key(struct ui *u, int key)
{
	struct model_item it;
	bool have = model_selected(&u->m, &it);

	switch (key) {
	case KEY_UP: case 'k':
		model_move(&u->m, -1);
		break;
	case KEY_DOWN: case 'j':
		model_move(&u->m, 1);
		break;
	case KEY_PGUP:
		model_move(&u->m, -(u->t.rows - 5));
		break;
	case KEY_PGDN:
		model_move(&u->m, u->t.rows - 5);
		break;
	case KEY_HOME:
		model_select(&u->m, 0);
		break;
	case KEY_END:
		model_select(&u->m, MODEL_MAX_ITEMS);
		break;
	case KEY_ENTER: case ' ':
		return activate(u);
	case KEY_RIGHT:
		if (have && it.kind == MODEL_SUBMENU)
			model_enter(&u->m);
		break;
	case KEY_ESC: case KEY_LEFT: case KEY_BACKSPACE:
		model_leave(&u->m);
		break;
	case 'e':
		if (!have || it.kind != MODEL_OPTION)
			break;
		free(u->edit_id);
		free(u->edit_title);
		u->edit_id = strdup(it.opt->id);
		u->edit_title = strdup(it.opt->title);
		lineedit_init(&u->le, it.opt->cmdline);
		u->view = u->edit_id && u->edit_title ? UI_EDIT : UI_MENU;
		break;
	case 'd':
		if (have && it.kind == MODEL_OPTION)
			show_details(u, it.opt);
		break;
	case 'l':
		set_status(u, "Asking the daemon for its log...");
		request(u, "log", NULL, NULL);
		break;
	case 'r':
		set_status(u, "Looking at every device again...");
		request(u, "rescan", NULL, NULL);
		break;
	case 's': {
		int r = ui_shell(u);

		if (r < 0)
			set_status(u, "unable to start a shell: %s",
				   strerror(-r));
		else
			set_status(u, "Back from the shell.");
		break;
	}
	case 'p':
		if (!ui_can_power()) {
			set_status(u, "Power is for hopboot's own PID 1; use "
				   "this system's reboot or poweroff.");
			break;
		}
		u->power_asked = true;
		set_status(u, "Power: r reboots, o powers off, any other key "
			   "goes back.");
		break;
	default:
		if (key >= '1' && key <= '9') {
			struct model_item items[MODEL_MAX_ITEMS];

			if ((size_t)(key - '1') >=
			    model_items(&u->m, items, MODEL_MAX_ITEMS))
				break;
			model_select(&u->m, key - '1');
			return activate(u);
		}
	}
	return 0;
}

static void edit_key(struct ui *u, int key)
{
	const struct model_option *o;

	switch (lineedit_key(&u->le, key)) {
	case LINEEDIT_EDITING:
		return;
	case LINEEDIT_CANCEL:
		break;
	case LINEEDIT_DONE:
		o = find_option(u, u->edit_id);
		if (o)
			boot(u, o, u->le.text);
		else
			set_status(u, "That entry is gone (its disk went "
				   "away?).");
		break;
	}
	u->view = UI_MENU;
}

static void text_key(struct ui *u, int key)
{
	switch (key) {
	case KEY_UP: case 'k':
		u->scroll--;
		break;
	case KEY_DOWN: case 'j':
		u->scroll++;
		break;
	case KEY_PGUP:
		u->scroll -= u->t.rows - 4;
		break;
	case KEY_PGDN: case ' ':
		u->scroll += u->t.rows - 4;
		break;
	case KEY_ESC: case KEY_LEFT: case 'q': case KEY_ENTER: case 'd':
	case 'l':
		u->view = UI_MENU;
		break;
	}
}

/* Returns 1 when the ui is done. */
static void power_key(struct ui *u, int key)
{
	int r;

	u->power_asked = false;
	if (key != 'r' && key != 'o') {
		u->status[0] = '\0';
		return;
	}
	set_status(u, key == 'r' ? "Rebooting..." : "Powering off...");
	ui_render(u);
	r = ui_power(key == 'o');
	if (r < 0)
		set_status(u, "unable to ask PID 1: %s", strerror(-r));
}

static int on_key(struct ui *u, int key)
{
	if (key == KEY_NONE || key == KEY_UNKNOWN)
		return 0;
	/* Someone is choosing: the countdown must not boot under them. */
	if (!u->cancel_sent) {
		request(u, "cancel-countdown", NULL, NULL);
		u->cancel_sent = true;
		u->m.countdown = -1;
		u->continue_left = -1;
	}
	if (u->power_asked) {
		power_key(u, key);
		return 0;
	}
	switch (u->view) {
	case UI_MENU:
		return menu_key(u, key);
	case UI_EDIT:
		edit_key(u, key);
		break;
	case UI_TEXT:
		text_key(u, key);
		break;
	case UI_BOOTING:
		break;
	}
	return 0;
}

/* Returns 1 when the ui is done (the daemon is booting). */
static int on_message(struct ui *u, const struct json_value *v)
{
	const char *type = json_get_string(v, "type");
	const struct json_value *l;

	if (!type)
		return 0;
	if (model_apply(&u->m, v))
		return 0;
	if (!strcmp(type, "booting")) {
		snprintf(u->booting, sizeof(u->booting), "%s",
			 json_get_string(v, "title") ?: "");
		u->view = UI_BOOTING;
		return 1;
	}
	if (!strcmp(type, "reply")) {
		const char *err = json_get_string(v, "error");

		/* A yes leaves the note of what was asked on the screen. */
		if (err)
			set_status(u, "%s", err);
	} else if (!strcmp(type, "log-history")) {
		ui_text_clear(u);
		free(u->text_title);
		u->text_title = strdup("The daemon's log (newest last)");
		l = json_get(v, "messages");
		for (size_t i = 0; l && l->type == JSON_ARRAY && i < l->n; i++)
			if (l->items[i]->type == JSON_STRING)
				ui_text_add(u, l->items[i]->string);
		/* Newest at the bottom, and shown. */
		u->scroll = (int)u->n_lines;
		u->status[0] = '\0';
		u->view = UI_TEXT;
	} else if (!strcmp(type, "log")) {
		const char *lvl = json_get_string(v, "level");
		const char *msg = json_get_string(v, "message");

		if (lvl && !strcmp(lvl, "error") && msg)
			set_status(u, "%s", msg);
	} else if (!strcmp(type, "error")) {
		set_status(u, "%s", json_get_string(v, "error") ?: "");
	}
	return 0;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static int connect_daemon(struct ui *u, const char *path, int wait_s)
{
	long long end = now_ms() + wait_s * 1000LL;
	bool shown = false;
	int r;

	while ((r = client_connect(&u->c, path)) < 0 && now_ms() < end) {
		/* The menu's own frame at once, even before the daemon:
		 * PID 1 starts us while the disk drivers still load. */
		if (!shown) {
			char keep[sizeof(u->status)];

			memcpy(keep, u->status, sizeof(keep));
			set_status(u, "Waiting for the discover daemon at "
				   "%s...", path);
			ui_render(u);
			memcpy(u->status, keep, sizeof(keep));
			shown = true;
		}
		usleep(100 * 1000);
	}
	return r;
}

/* Bytes from the terminal; returns 1 when done, -1 when it is gone. */
static int read_keys(struct ui *u)
{
	unsigned char buf[256];
	ssize_t n = read(u->t.in, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 0;
	if (n <= 0)
		return -1;
	for (ssize_t i = 0; i < n; i++)
		if (on_key(u, keys_feed(&u->keys, buf[i])))
			return 1;
	return 0;
}

/* Messages from the daemon; returns 1 when done, -1 when it is gone. */
static int read_daemon(struct ui *u, struct arena *a)
{
	int r = client_fill(&u->c);
	size_t len;
	char *l;

	if (r == -EINTR || r == -EAGAIN)
		return 0;
	while ((l = client_take_line(&u->c, &len))) {
		const char *err;
		const struct json_value *v;

		arena_reset(a);
		v = json_parse(a, l, len, &err);
		if (v && on_message(u, v))
			return 1;
	}
	return r < 0 ? -1 : 0;
}

/* How long poll() may sleep: until an Esc is known to stand alone, or until
 * the next step of the "Continue normal boot" countdown; -1: for events. */
static int poll_wait_ms(const struct ui *u)
{
	long long left;
	int wait = keys_pending(&u->keys) ? ESC_WAIT_MS : -1;

	if (u->continue_left < 0)
		return wait;
	left = u->continue_tick - now_ms();
	if (left < 0)
		left = 0;
	return wait >= 0 && wait < left ? wait : (int)left;
}

/* Counts the "Continue normal boot" countdown down; true when it ran out. */
static bool continue_due(struct ui *u)
{
	if (u->continue_left < 0)
		return false;
	while (u->continue_left > 0 && now_ms() >= u->continue_tick) {
		u->continue_left--;
		u->continue_tick += 1000;
	}
	return u->continue_left == 0;
}

static enum ui_result loop(struct ui *u, int sfd)
{
	struct arena *a = arena_new();
	enum ui_result res = UI_FAILED;

	if (!a)
		return UI_FAILED;
	for (;;) {
		struct pollfd p[3] = {
			{ .fd = u->t.in, .events = POLLIN },
			{ .fd = u->c.fd, .events = POLLIN },
			{ .fd = sfd, .events = POLLIN },
		};
		int r;

		if (continue_due(u)) {
			res = UI_CONTINUED;
			break;
		}
		ui_render(u);
		r = poll(p, 3, poll_wait_ms(u));
		if (r < 0 && errno != EINTR)
			break;
		if (r == 0 && keys_pending(&u->keys) &&
		    on_key(u, keys_timeout(&u->keys))) {
			res = UI_CONTINUED;
			break;
		}
		if (p[2].revents) {
			struct signalfd_siginfo si;

			if (read(sfd, &si, sizeof(si)) == sizeof(si) &&
			    si.ssi_signo != SIGWINCH)
				break;
			term_size(&u->t);
		}
		if (p[1].revents) {
			r = read_daemon(u, a);
			if (r > 0) {
				res = UI_BOOTED;
				break;
			}
			if (r < 0) {
				set_status(u, "the daemon closed the "
					   "connection");
				break;
			}
		}
		if (p[0].revents) {
			r = read_keys(u);
			if (r) {
				res = r > 0 ? UI_CONTINUED : UI_FAILED;
				break;
			}
		}
	}
	arena_free(a);
	return res;
}

static void ui_free(struct ui *u)
{
	ui_text_clear(u);
	free(u->text_title);
	free(u->edit_id);
	free(u->edit_title);
	model_free(&u->m);
	client_close(&u->c);
	term_close(&u->t);
}

enum ui_result ui_run(const struct ui_opts *o)
{
	static struct ui u;
	enum ui_result res;
	sigset_t sigs, old;
	int r, sfd;

	memset(&u, 0, sizeof(u));
	u.c.fd = -1;
	model_init(&u.m);
	u.m.continue_entry = o->continue_entry;
	u.continue_left = o->continue_entry ? o->continue_after_s : -1;
	u.continue_tick = now_ms() + 1000;
	if (o->message)
		set_status(&u, "%s", o->message);
	r = term_open(&u.t, o->tty);
	if (r < 0) {
		log_error("unable to use %s as a terminal: %s",
			  o->tty ?: "standard input", strerror(-r));
		return UI_FAILED;
	}
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGWINCH);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	sigprocmask(SIG_BLOCK, &sigs, &old);
	sfd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	r = connect_daemon(&u, o->socket, o->wait_s);
	if (r < 0) {
		res = UI_FAILED;
		set_status(&u, "unable to reach the daemon at %s: %s",
			   o->socket, strerror(-r));
	} else {
		res = loop(&u, sfd);
		if (res == UI_BOOTED)
			ui_render(&u);
	}
	if (res == UI_FAILED) {
		term_puts(&u.t, "\033[H\033[J\033[?25h");
		term_flush(&u.t);
		log_error("%s", u.status[0] ? u.status : "stopped");
	} else if (res == UI_CONTINUED) {
		term_puts(&u.t, "\033[H\033[J\033[?25h");
		term_flush(&u.t);
	}
	ui_free(&u);
	if (sfd >= 0)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return res;
}

int ui_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "tty", required_argument, NULL, 't' },
		{ "wait", required_argument, NULL, 'w' },
		{ "message", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct ui_opts o = { .socket = DAEMON_SOCKET, .wait_s = 10 };
	int opt;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			o.socket = optarg;
			break;
		case 't':
			o.tty = optarg;
			break;
		case 'w':
			o.wait_s = atoi(optarg);
			break;
		case 'm':
			o.message = *optarg ? optarg : NULL;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	return ui_run(&o) == UI_FAILED ? 1 : 0;
}
