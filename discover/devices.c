/* devices.c - the daemon's block devices and their probe jobs. */
#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "daemon.h"
#include "log.h"
#include "net.h"
#include "option.h"
#include "scanner.h"

static struct dev *find_dev(struct daemon *d, const char *name)
{
	for (size_t i = 0; i < d->n_devs; i++)
		if (!strcmp(d->devs[i].name, name))
			return &d->devs[i];
	return NULL;
}

/* Lets go of a device's job: a finished one is freed (unmounting it), a
 * running one is abandoned and freed when its thread reports back. */
void daemon_release_job(struct daemon *d, struct dev *dev)
{
	struct probe_job *job = dev->job;

	dev->job = NULL;
	if (!job)
		return;
	if (dev->started && !dev->done) {
		job->abandoned = true;
		d->running--;
	} else {
		prober_free(job);
	}
	dev->started = dev->done = dev->timed_out = false;
}

/* A rebuild mounts and reads every device, so while probes are still
 * coming back (a coldplug of many disks) rebuilds are spaced out; the
 * last probe back brings the rebuild near. */
void daemon_schedule_rebuild(struct daemon *d)
{
	long long at = daemon_now_ms() +
		       (d->running ? REBUILD_BUSY_MS : REBUILD_DELAY_MS);

	if (!d->rebuild_at || at < d->rebuild_at)
		d->rebuild_at = at;
}

bool daemon_probing(const struct daemon *d)
{
	if (d->running || daemon_net_pending(d))
		return true;
	for (size_t i = 0; i < d->n_devs; i++)
		if (d->devs[i].job && !d->devs[i].started)
			return true;
	return false;
}

/* --devices: a comma-separated list of globs over kernel names. */
static bool matches(const char *globs, const char *name)
{
	char glob[128];

	while (*globs) {
		size_t n = strcspn(globs, ",");

		if (n < sizeof(glob)) {
			memcpy(glob, globs, n);
			glob[n] = '\0';
			if (!fnmatch(glob, name, 0))
				return true;
		}
		globs += n + (globs[n] == ',');
	}
	return false;
}

static bool wanted(struct daemon *d, const char *name)
{
	if (d->devices_glob && !matches(d->devices_glob, name))
		return false;
	return !scanner_skip_device(name);
}

/* A device appeared or its media changed: (re)probe it. */
void daemon_device_changed(struct daemon *d, const char *name)
{
	struct dev *dev = find_dev(d, name);

	if (!wanted(d, name)) {
		/* Empty now (a loop device detached, a disc ejected). */
		if (dev) {
			daemon_release_job(d, dev);
			*dev = d->devs[--d->n_devs];
			daemon_schedule_rebuild(d);
		}
		return;
	}
	if (!dev) {
		if (d->n_devs == MAX_DEVICES) {
			daemon_say(d, true, "more than %d block devices; ignoring %s",
			    MAX_DEVICES, name);
			return;
		}
		dev = &d->devs[d->n_devs++];
		memset(dev, 0, sizeof(*dev));
		snprintf(dev->name, sizeof(dev->name), "%s", name);
	}
	daemon_release_job(d, dev);
	dev->job = prober_new(name, d->mnt_base, d->seq++);
	if (!dev->job)
		daemon_say(d, true, "out of memory probing %s", name);
	daemon_schedule_rebuild(d);
}

void daemon_device_removed(struct daemon *d, const char *name)
{
	struct dev *dev = find_dev(d, name);

	if (!dev)
		return;
	daemon_release_job(d, dev);
	*dev = d->devs[--d->n_devs];
	daemon_schedule_rebuild(d);
}

/* Starts waiting jobs, MAX_RUNNING at a time, in device order. */
void daemon_start_jobs(struct daemon *d)
{
	for (size_t i = 0; i < d->n_devs && d->running < MAX_RUNNING; i++) {
		struct dev *dev = &d->devs[i];
		int r;

		if (!dev->job || dev->started)
			continue;
		dev->job->deadline_ms = daemon_now_ms() + d->probe_timeout_ms;
		r = prober_start(dev->job, d->done_pipe[1]);
		if (r < 0) {
			daemon_say(d, true, "unable to probe %s: %s", dev->name,
			    strerror(-r));
			prober_free(dev->job);
			dev->job = NULL;
			continue;
		}
		dev->started = true;
		d->running++;
	}
}

void daemon_job_came_back(struct daemon *d, struct probe_job *job)
{
	if (job->abandoned) {
		prober_free(job);
		return;
	}
	for (size_t i = 0; i < d->n_devs; i++) {
		if (d->devs[i].job == job) {
			d->devs[i].done = true;
			d->running--;
			daemon_schedule_rebuild(d);
			return;
		}
	}
	prober_free(job);	/* cannot happen: every live job has a dev */
}

void daemon_check_deadlines(struct daemon *d, long long now)
{
	for (size_t i = 0; i < d->n_devs; i++) {
		struct dev *dev = &d->devs[i];

		if (!dev->job || !dev->started || dev->done ||
		    now < dev->job->deadline_ms)
			continue;
		daemon_say(d, true, "/dev/%s did not answer within %d s; it is listed "
		    "with an error and left alone", dev->name,
		    d->probe_timeout_ms / 1000);
		daemon_release_job(d, dev);
		dev->timed_out = true;
		daemon_schedule_rebuild(d);
	}
}

void daemon_coldplug(struct daemon *d)
{
	struct arena *a = arena_new();
	struct strlist names = { 0 };
	struct dirent *de;
	DIR *dir = opendir("/sys/class/block");

	if (!a || !dir) {
		daemon_say(d, true, "unable to list /sys/class/block: %s",
		    strerror(errno));
		if (dir)
			closedir(dir);
		arena_free(a);
		return;
	}
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			strlist_add(&names, a, arena_strdup(a, de->d_name));
	closedir(dir);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(*names.v), scanner_natural_cmp);
	for (size_t i = 0; i < names.n; i++)
		if (wanted(d, names.v[i]))
			daemon_device_changed(d, names.v[i]);
	arena_free(a);
}
