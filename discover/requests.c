/* requests.c - what clients ask the daemon for. */
#include <string.h>

#include "arena.h"
#include "daemon.h"
#include "json_read.h"
#include "option.h"

static void connected(void *data, struct client *c)
{
	struct daemon *d = data;
	struct msg m;

	if (daemon_msg_begin(&m, "hello")) {
		json_key(&m.j, "protocol");
		json_int(&m.j, PROTOCOL_VERSION);
		json_key(&m.j, "version");
		json_string(&m.j, HOPBOOT_VERSION);
		daemon_msg_send(d, &m, c);
	}
	daemon_send_state(d, c);
}

void daemon_send_log(struct daemon *d, struct client *c)
{
	struct msg m;

	if (!daemon_msg_begin(&m, "log-history"))
		return;
	json_key(&m.j, "messages");
	json_open_array(&m.j);
	for (size_t i = 0; i < LOG_KEEP; i++) {
		const char *line = d->log[(d->log_next + i) % LOG_KEEP];

		if (line)
			json_string(&m.j, line);
	}
	json_close_array(&m.j);
	daemon_msg_send(d, &m, c);
}

static void request(void *data, struct client *c, char *line, size_t len)
{
	struct daemon *d = data;
	struct arena *a = arena_new();
	const struct json_value *v;
	const char *err = NULL, *type;
	char why[512];

	if (!a)
		return;
	v = json_parse(a, line, len, &err);
	type = v ? json_get_string(v, "type") : NULL;
	if (!v) {
		snprintf(why, sizeof(why), "not JSON: %s", err);
		daemon_reply(d, c, NULL, why);
		goto out;
	}
	/* Any request from a client means someone is choosing. */
	daemon_cancel_countdown(d);
	if (!type) {
		daemon_reply(d, c, NULL, "a request needs a \"type\"");
	} else if (!strcmp(type, "state")) {
		daemon_send_state(d, c);
	} else if (!strcmp(type, "log")) {
		daemon_send_log(d, c);
	} else if (!strcmp(type, "cancel-countdown")) {
		daemon_reply(d, c, type, NULL);
	} else if (!strcmp(type, "rescan")) {
		for (size_t i = 0; i < d->n_devs; i++)
			daemon_release_job(d, &d->devs[i]);
		d->n_devs = 0;
		daemon_coldplug(d);
		daemon_reply(d, c, type, NULL);
	} else if (!strcmp(type, "boot")) {
		const char *id = json_get_string(v, "id");

		if (!id)
			daemon_reply(d, c, type, "boot needs an \"id\"");
		else
			daemon_reply(d, c, type, daemon_boot(d, id, json_get_string(v,
					       "cmdline"), why, sizeof(why)));
	} else if (!strcmp(type, "stop")) {
		daemon_reply(d, c, type, NULL);
		d->exit_now = true;
		d->exit_status = EXIT_STOPPED;
	} else {
		snprintf(why, sizeof(why), "unknown request type '%.64s'",
			 type);
		daemon_reply(d, c, type, why);
	}
out:
	arena_free(a);
}

const struct server_ops daemon_server_ops = {
	.connected = connected,
	.request = request,
};
