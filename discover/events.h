/* events.h - what changed between two snapshots of the option set. */
#ifndef HOPBOOT_EVENTS_H
#define HOPBOOT_EVENTS_H

struct option_set;

/* Calls emit once per protocol message (doc/protocol.md) that turns the
 * state old (NULL: empty) into new: device-added/-changed/-removed,
 * option-added/-changed/-removed, default. msg is one JSON object. */
void events_diff(const struct option_set *old, const struct option_set *new,
		 void (*emit)(void *data, const char *msg, size_t len),
		 void *data);

#endif
