/* messages.c - protocol messages to clients, and the daemon's log. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "daemon.h"
#include "log.h"
#include "option.h"

long long daemon_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- messages ---- */

bool daemon_msg_begin(struct msg *m, const char *type)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	if (!m->f)
		return false;
	json_init(&m->j, m->f);
	json_open_object(&m->j);
	json_key(&m->j, "type");
	json_string(&m->j, type);
	return true;
}

/* Ends the message and sends it to c, or to everyone when c is NULL. */
void daemon_msg_send(struct daemon *d, struct msg *m, struct client *c)
{
	json_close_object(&m->j);
	fclose(m->f);
	if (m->buf) {
		if (c)
			server_send(&d->server, c, m->buf, m->len);
		else
			server_broadcast(&d->server, m->buf, m->len);
	}
	free(m->buf);
}

void daemon_broadcast_raw(void *data, const char *msg, size_t len)
{
	struct daemon *d = data;

	server_broadcast(&d->server, msg, len);
}

/* A line for people: the console, the kernel log, clients, 'ctl log'. */
void daemon_say(struct daemon *d, bool error, const char *fmt, ...)
{
	char line[512];
	struct msg m;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (error)
		log_error("%s", line);
	else
		log_info("%s", line);
	free(d->log[d->log_next]);
	d->log[d->log_next] = strdup(line);
	d->log_next = (d->log_next + 1) % LOG_KEEP;
	if (daemon_msg_begin(&m, "log")) {
		json_key(&m.j, "level");
		json_string(&m.j, error ? "error" : "info");
		json_key(&m.j, "message");
		json_string(&m.j, line);
		daemon_msg_send(d, &m, NULL);
	}
}

void daemon_send_state(struct daemon *d, struct client *c)
{
	struct msg m;

	if (!daemon_msg_begin(&m, "state"))
		return;
	json_key(&m.j, "state");
	option_set_write_doc(&m.j, d->snap);
	json_key(&m.j, "countdown");
	if (d->left >= 0)
		json_int(&m.j, d->left);
	else
		json_null(&m.j);
	json_key(&m.j, "probing");
	json_int(&m.j, d->running);
	daemon_msg_send(d, &m, c);
}

void daemon_reply(struct daemon *d, struct client *c, const char *request,
		  const char *error)
{
	struct msg m;

	if (!daemon_msg_begin(&m, "reply"))
		return;
	json_key(&m.j, "request");
	json_string(&m.j, request);
	json_key(&m.j, "ok");
	json_bool(&m.j, !error);
	json_key(&m.j, "error");
	json_string(&m.j, error);
	daemon_msg_send(d, &m, c);
}

void daemon_send_countdown(struct daemon *d)
{
	struct msg m;

	if (!daemon_msg_begin(&m, "countdown"))
		return;
	json_key(&m.j, "seconds");
	if (d->left >= 0)
		json_int(&m.j, d->left);
	else
		json_null(&m.j);
	json_key(&m.j, "probing");
	json_int(&m.j, d->running);
	daemon_msg_send(d, &m, NULL);
}
