/* snapshot.c - the option set clients see, rebuilt from the devices. */
#include <errno.h>
#include <stdlib.h>
#include <fnmatch.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "daemon.h"
#include "events.h"
#include "net.h"
#include "option.h"
#include "scanner.h"

static const char *copy(struct option_set *set, const char *s)
{
	return s ? arena_strdup(set->arena, s) : NULL;
}

/* A copy of from in set, with remount_error (may be NULL) among its
 * errors. */
static int copy_device(struct option_set *set, const struct device *from,
		       const char *remount_error)
{
	struct device *to = option_set_add_device(set);

	if (!to)
		return -ENOMEM;
	/* Each device was probed in a set of its own, so two devices with
	 * one filesystem UUID (a cloned disk, a dm map over its disk) came
	 * back with one id: the later one in the order gets a suffix here,
	 * as a one-shot scan gives it. */
	to->id = from->id ? scanner_unique_id(set, copy(set, from->id)) : NULL;
	if (from->id && !to->id)
		return -ENOMEM;
	to->path = copy(set, from->path);
	to->type = copy(set, from->type);
	to->uuid = copy(set, from->uuid);
	to->label = copy(set, from->label);
	to->partuuid = copy(set, from->partuuid);
	to->partlabel = copy(set, from->partlabel);
	to->parttype = copy(set, from->parttype);
	to->root = copy(set, from->root);
	for (size_t i = 0; i < from->errors.n; i++)
		if (strlist_add(&to->errors, set->arena,
				copy(set, from->errors.v[i])) < 0)
			return -ENOMEM;
	if (remount_error &&
	    strlist_add(&to->errors, set->arena, copy(set, remount_error)) < 0)
		return -ENOMEM;
	return 0;
}

struct ranked {
	struct dev *dev;
	size_t rank;
};

/* One hopboot.order= token against one device: "type:vfat", "uuid:...",
 * "label:...", "partlabel:...", or a glob over the kernel name. */
static bool token_matches(const char *tok, size_t len, const struct dev *dev)
{
	static const struct {
		const char *prefix;
		size_t offset;
	} keys[] = {
		{ "type:", offsetof(struct device, type) },
		{ "uuid:", offsetof(struct device, uuid) },
		{ "label:", offsetof(struct device, label) },
		{ "partlabel:", offsetof(struct device, partlabel) },
	};
	const struct device *info = dev->done && dev->job->set->n_devices ?
				    dev->job->set->devices[0] : NULL;
	char want[128];

	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++) {
		size_t plen = strlen(keys[i].prefix);
		const char *have;

		if (len < plen || strncmp(tok, keys[i].prefix, plen))
			continue;
		if (!info)
			return false;
		have = *(const char *const *)((const char *)info +
					      keys[i].offset);
		return have && strlen(have) == len - plen &&
		       !strncasecmp(have, tok + plen, len - plen);
	}
	if (len >= sizeof(want))
		return false;
	memcpy(want, tok, len);
	want[len] = '\0';
	return !fnmatch(want, dev->name, 0);
}

/* Position of the first hopboot.order= token the device matches; devices
 * that match none come after all that do. */
static size_t rank_of(const char *order, const struct dev *dev)
{
	size_t rank = 0;

	while (order && *order) {
		size_t n = strcspn(order, ",");

		if (n && token_matches(order, n, dev))
			return rank;
		rank++;
		order += n + (order[n] == ',');
	}
	return rank;
}

static int dev_order(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	const char *nx = x->dev->name, *ny = y->dev->name;

	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return scanner_natural_cmp(&nx, &ny);
}

static void choose_default(struct daemon *d, struct option_set *set)
{
	if (d->want_default) {
		for (size_t i = 0; i < set->n_options; i++) {
			struct boot_option *o = set->options[i];

			if (!strcmp(o->id, d->want_default) ||
			    (o->title && !strcmp(o->title, d->want_default))) {
				set->default_id = o->id;
				return;
			}
		}
	}
	option_set_resolve_default(set);
}

/* Filesystems are mounted only while they are read: a mounted loop
 * device cannot be detached, a mounted stick not cleanly pulled, and fsck
 * refuses a mounted disk. */
void daemon_mount_all(struct daemon *d, bool mounted)
{
	for (size_t i = 0; i < d->n_devs; i++) {
		struct dev *dev = &d->devs[i];

		if (!dev->done)
			continue;
		if (mounted)
			scanner_remount(&dev->job->scanner);
		else
			scanner_finish(&dev->job->scanner);
	}
}

int daemon_rebuild(struct daemon *d)
{
	struct option_set *set = option_set_new();
	struct ranked order[MAX_DEVICES];
	size_t n = 0;
	int r = 0;

	if (!set)
		return -ENOMEM;
	daemon_mount_all(d, true);
	for (size_t i = 0; i < d->n_devs; i++)
		order[n++] = (struct ranked){
			.dev = &d->devs[i],
			.rank = rank_of(d->order, &d->devs[i]),
		};
	qsort(order, n, sizeof(*order), dev_order);
	for (size_t i = 0; i < n && !r; i++) {
		struct dev *dev = order[i].dev;

		if (dev->done) {
			struct option_set *probed = dev->job->set;

			for (size_t k = 0; k < probed->n_devices && !r; k++)
				r = copy_device(set, probed->devices[k],
						scanner_remount_error(
							&dev->job->scanner,
							probed->devices[k]));
		} else if (dev->timed_out) {
			struct device *to = option_set_add_device(set);

			if (!to)
				r = -ENOMEM;
			else if (!(to->id = arena_strdup(set->arena, dev->name)) ||
				 !(to->path = arena_printf(set->arena, "/dev/%s",
							   dev->name)) ||
				 strlist_addf(&to->errors, set->arena,
					      "%s did not answer within %d s; "
					      "the disk or its cable may be "
					      "failing", to->path,
					      d->probe_timeout_ms / 1000) < 0)
				r = -ENOMEM;
		}
	}
	if (!r)
		r = scanner_parse_set(set, scanner_firmware());
	/* The network's devices after the disks: their options join the
	 * list without taking the disks' place. */
	if (!r)
		r = daemon_net_add(set);
	/* While probes are still coming back another rebuild follows soon:
	 * keep what is mounted until the burst is over. */
	if (!daemon_probing(d))
		daemon_mount_all(d, false);
	if (r) {
		option_set_free(set);
		return r;
	}
	choose_default(d, set);
	events_diff(d->snap, set, daemon_broadcast_raw, d);
	option_set_free(d->snap);
	d->snap = set;
	return 0;
}
