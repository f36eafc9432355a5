/* events.c - compare two snapshots by id and by their JSON form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "events.h"
#include "json.h"
#include "option.h"

/* An object's JSON text, to compare snapshots without field-by-field code
 * that would fall behind the model. Caller frees. NULL on ENOMEM. */
static char *device_text(const struct device *d)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	if (!f)
		return NULL;
	json_init(&j, f);
	option_device_write_json(&j, d);
	fclose(f);
	return buf;
}

static char *option_text(const struct option_set *set,
			 const struct boot_option *o)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	if (!f)
		return NULL;
	json_init(&j, f);
	option_write_json(&j, set, o);
	fclose(f);
	return buf;
}

static void send_obj(const char *type, const char *key, const char *text,
		     void (*emit)(void *, const char *, size_t), void *data)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);

	if (!f)
		return;
	fprintf(f, "{\"type\":\"%s\",\"%s\":%s}", type, key, text);
	fclose(f);
	if (msg)
		emit(data, msg, len);
	free(msg);
}

static void send_id(const char *type, const char *id,
		    void (*emit)(void *, const char *, size_t), void *data)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&msg, &len);

	if (!f)
		return;
	fprintf(f, "{\"type\":\"%s\",\"id\":", type);
	if (id) {
		fputc('"', f);
		json_escape(f, id);
		fputc('"', f);
	} else {
		fputs("null", f);
	}
	fputc('}', f);
	fclose(f);
	if (msg)
		emit(data, msg, len);
	free(msg);
}

static void diff_devices(const struct option_set *old,
			 const struct option_set *new,
			 void (*emit)(void *, const char *, size_t), void *data)
{
	for (size_t i = 0; old && i < old->n_devices; i++)
		if (!option_set_device(new, old->devices[i]->id))
			send_id("device-removed", old->devices[i]->id, emit,
				data);
	for (size_t i = 0; i < new->n_devices; i++) {
		const struct device *d = new->devices[i];
		const struct device *was = old ? option_set_device(old, d->id)
					       : NULL;
		char *now = device_text(d), *before;

		if (!now)
			continue;
		before = was ? device_text(was) : NULL;
		if (!was)
			send_obj("device-added", "device", now, emit, data);
		else if (before && strcmp(before, now))
			send_obj("device-changed", "device", now, emit, data);
		free(before);
		free(now);
	}
}

static void diff_options(const struct option_set *old,
			 const struct option_set *new,
			 void (*emit)(void *, const char *, size_t), void *data)
{
	for (size_t i = 0; old && i < old->n_options; i++)
		if (!option_set_option(new, old->options[i]->id))
			send_id("option-removed", old->options[i]->id, emit,
				data);
	for (size_t i = 0; i < new->n_options; i++) {
		const struct boot_option *o = new->options[i];
		const struct boot_option *was =
			old ? option_set_option(old, o->id) : NULL;
		char *now = option_text(new, o), *before;

		if (!now)
			continue;
		before = was ? option_text(old, was) : NULL;
		if (!was)
			send_obj("option-added", "option", now, emit, data);
		else if (before && strcmp(before, now))
			send_obj("option-changed", "option", now, emit, data);
		free(before);
		free(now);
	}
}

void events_diff(const struct option_set *old, const struct option_set *new,
		 void (*emit)(void *data, const char *msg, size_t len),
		 void *data)
{
	const char *was = old ? old->default_id : NULL;

	diff_devices(old, new, emit, data);
	diff_options(old, new, emit, data);
	if ((was == NULL) != (new->default_id == NULL) ||
	    (was && strcmp(was, new->default_id)))
		send_id("default", new->default_id, emit, data);
}

void events_progress(void *data, const char *what, const char *url,
		     unsigned long long done, unsigned long long total,
		     bool end)
{
	struct daemon *d = data;
	struct msg m;

	if (!daemon_msg_begin(&m, "progress"))
		return;
	json_key(&m.j, "what");
	json_string(&m.j, what);
	json_key(&m.j, "url");
	json_string(&m.j, url);
	json_key(&m.j, "done");
	json_int(&m.j, (long long)done);
	json_key(&m.j, "total");
	if (total)
		json_int(&m.j, (long long)total);
	else
		json_null(&m.j);
	json_key(&m.j, "end");
	json_bool(&m.j, end);
	daemon_msg_send(d, &m, NULL);
	server_flush(&d->server, 20);
}
