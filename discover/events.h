/* events.h - what changed between two snapshots of the option set. */
#ifndef HOPBOOT_EVENTS_H
#define HOPBOOT_EVENTS_H

#include <stdbool.h>

struct option_set;

/* Calls emit once per protocol message (doc/protocol.md) that turns the
 * state old (NULL: empty) into new: device-added/-changed/-removed,
 * option-added/-changed/-removed, default. msg is one JSON object. */
void events_diff(const struct option_set *old, const struct option_set *new,
		 void (*emit)(void *data, const char *msg, size_t len),
		 void *data);

/* A fetch_load_hook (loader/fetch.h) for the daemon, data its struct
 * daemon: a "progress" message to every client, flushed at once because
 * the daemon's loop waits for the download (at most 20 ms on a menu that
 * does not read). */
void events_progress(void *data, const char *what, const char *url,
		     unsigned long long done, unsigned long long total,
		     bool end);

#endif
