/* countdown.c - the countdown to the default option, and booting.
 *
 * The menus ('hopboot ui', one per console) draw the count from the
 * protocol's countdown messages; what is printed here is a plain log on
 * standard output (/run/hopboot/log under PID 1), except with --console,
 * where a person at this terminal sees the count live and Enter stops it.
 */
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "events.h"
#include "init_signals.h"
#include "loader/fetch.h"
#include "loader/loader.h"
#include "log.h"
#include "option.h"

void daemon_ask_init(int signo)
{
	/* Only hopboot's own PID 1 understands these signals. */
	if (getppid() == 1)
		kill(1, signo);
}

void daemon_cancel_countdown(struct daemon *d)
{
	if (d->left < 0)
		return;
	d->left = -1;
	d->countdown_over = true;
	d->watch_stdin = false;
	daemon_send_countdown(d);
	printf("%sCountdown cancelled.\n", d->console ? "\n" : "");
	fflush(stdout);
}

/* By id, else by exact title: people type titles in the shell. */
static struct boot_option *find_option(struct option_set *set,
				       const char *what)
{
	struct boot_option *o = option_set_option(set, what);

	for (size_t i = 0; !o && i < set->n_options; i++)
		if (set->options[i]->title &&
		    !strcmp(set->options[i]->title, what))
			o = set->options[i];
	return o;
}

/* Returns NULL when loaded (the daemon is then exiting), else why not. */
const char *daemon_boot(struct daemon *d, const char *id, const char *cmdline,
			char *msg, size_t msglen)
{
	struct boot_option *o = find_option(d->snap, id);
	char why[384];
	struct msg m;
	int r;

	if (!o) {
		snprintf(msg, msglen, "no option has the id or title '%s'; "
			 "'hopboot ctl list' shows them", id);
		return msg;
	}
	if (o->errors.n) {
		snprintf(msg, msglen, "\"%s\" cannot boot: %s", o->title,
			 o->errors.v[0]);
		return msg;
	}
	daemon_say(d, false, "loading \"%s\"", o->title);
	daemon_mount_all(d, true);
	/* Downloads tell every menu how far they are. */
	fetch_load_hook = events_progress;
	fetch_load_hook_data = d;
	r = loader_load(d->snap, o, cmdline, why, sizeof(why));
	fetch_load_hook = NULL;
	daemon_mount_all(d, false);
	if (r < 0) {
		snprintf(msg, msglen, "unable to boot \"%.100s\": %.380s",
			 o->title, why);
		daemon_say(d, true, "%s", msg);
		return msg;
	}
	if (daemon_msg_begin(&m, "booting")) {
		json_key(&m.j, "id");
		json_string(&m.j, o->id);
		json_key(&m.j, "title");
		json_string(&m.j, o->title);
		daemon_msg_send(d, &m, NULL);
	}
	d->exit_now = true;
	d->exit_status = 0;
	return NULL;
}

void daemon_countdown_tick(struct daemon *d, long long now)
{
	char why[512];

	if (d->left < 0 || now < d->tick_at)
		return;
	if (d->left > 0) {
		const struct boot_option *o =
			option_set_option(d->snap, d->snap->default_id);

		if (d->console)
			printf("\rBooting \"%s\" in %d s; press Enter for a "
			       "shell. ", o ? o->title : "?", d->left);
		else if (d->left == d->timeout)
			printf("Booting \"%s\" in %d s.\n", o ? o->title : "?",
			       d->left);
		fflush(stdout);
		daemon_send_countdown(d);
		d->left--;
		d->tick_at = now + 1000;
		return;
	}
	d->left = -1;
	d->countdown_over = true;
	d->watch_stdin = false;
	if (d->console)
		printf("\n");
	/* Failing, the menus show why (daemon_say) and wait for a choice. */
	if (daemon_boot(d, d->snap->default_id, NULL, why, sizeof(why)) &&
	    d->console)
		daemon_ask_init(INIT_SIGNAL_SHELL);
}

/* Once the devices present at start are known, list them and count. */
void daemon_maybe_start_countdown(struct daemon *d, long long now)
{
	if (d->coldplug_done || d->rebuild_at || daemon_probing(d))
		return;
	d->coldplug_done = true;
	/* Tells the menus the probes are over, whatever comes next. */
	daemon_send_countdown(d);
	option_set_write_text(d->snap, stdout);
	fflush(stdout);
	if (!d->snap->default_id) {
		daemon_say(d, true, d->snap->n_devices ?
		    "no bootable entry was found on any disk; the list above "
		    "says why for each device" :
		    "no bootable entry was found: no disk was found at all "
		    "(is the disk controller's driver in build/modules.list?)");
		if (d->console)
			daemon_ask_init(INIT_SIGNAL_SHELL);
		return;
	}
	if (d->timeout < 0) {
		printf("Not booting by itself (timeout -1): a menu or "
		       "'hopboot ctl boot ID' chooses.\n");
		fflush(stdout);
		/* Without menus, the shell is how to choose. */
		if (d->console)
			daemon_ask_init(INIT_SIGNAL_SHELL);
		return;
	}
	d->left = d->timeout;
	d->tick_at = now;
	d->watch_stdin = d->console && d->timeout > 0;
}
