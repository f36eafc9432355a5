/* net_daemon.c - the daemon's network interfaces: DHCP and fetches on threads.
 *
 * Each interface worth a request (net_wanted) gets one worker thread that
 * brings it up, gets a lease (udhcpc, or the static ip=), and fetches the
 * pxelinux configuration into the interface's cache; it then writes its
 * job's address to this module's pipe, as probe jobs do. Every rebuild of
 * the option set reads the caches again (net_add_device without fetching),
 * so the network's options join the list when ready, like a hotplugged
 * disk, and never delay the disks': only when no disk has a bootable
 * option does the countdown wait for the interfaces (at most
 * NET_DHCP_LIMIT_MS + NET_FETCH_BUDGET_MS).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "daemon.h"
#include "net.h"
#include "option.h"

#define NET_MAX_IFS 16

struct net_job {
	char iface[16];
	struct net_conf conf;
	struct net_lease lease;	/* static ip=, when is_static */
	bool is_static;
	char err[512];
	int done_fd;
};

struct nif {
	char name[16];
	struct net_job *job;	/* while its thread runs */
	bool done;
	char err[512];		/* why it has no lease */
};

static struct {
	bool on;
	bool has_static;
	const char *ifaces;
	struct net_lease st;
	struct net_conf conf;
	int pipe[2];
	struct nif ifs[NET_MAX_IFS];
	size_t n;
} net = { .pipe = { -1, -1 } };

static void *run(void *arg)
{
	struct net_job *job = arg;
	struct option_set *set;
	int r;

	if (job->is_static)
		r = net_static(&job->lease, &job->conf, job->err,
			       sizeof(job->err));
	else
		r = net_dhcp(job->iface, &job->conf, job->err,
			     sizeof(job->err));
	/* The fetches happen here, off the daemon's thread; the result is
	 * read again from the cache by every rebuild. */
	if (r == 0) {
		set = option_set_new();
		if (set)
			net_add_device(set, job->iface, &job->conf, true);
		option_set_free(set);
	}
	if (write(job->done_fd, &job, sizeof(job)) != sizeof(job))
		abort();	/* the daemon could never free the job */
	return NULL;
}

int daemon_net_setup(struct daemon *d, const struct net_daemon_opts *o)
{
	const char *mode = o->mode, *ip = o->ip;
	char err[512];

	net.conf = (struct net_conf){
		.dir = o->dir ? o->dir : NET_DIR,
		.script = o->script ? o->script : NET_SCRIPT,
	};
	net.ifaces = o->ifaces;
	if (!mode || !strcmp(mode, "off"))
		return 0;
	if (strcmp(mode, "dhcp")) {
		daemon_say(d, true, "hopboot.net=%s is not off or dhcp; the "
			   "network is left alone", mode);
		return 0;
	}
	if (ip && *ip) {
		int m = lease_parse_ip_arg(ip, &net.st, err, sizeof(err));

		if (m < 0) {
			daemon_say(d, true, "%s; using DHCP instead", err);
		} else if (m == LEASE_IP_OFF) {
			return 0;
		} else if (m == LEASE_IP_STATIC) {
			if (!net.st.iface[0])
				daemon_say(d, true, "ip=%s names no device; "
					   "hopboot sets the address on the "
					   "first interface found", ip);
			net.has_static = true;
		}
	}
	if (pipe2(net.pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		daemon_say(d, true, "unable to watch the network: %s",
			   strerror(errno));
		return -errno;
	}
	net.on = true;
	return 0;
}

int daemon_net_fd(void)
{
	return net.on ? net.pipe[0] : -1;
}

/* --net-ifaces: a comma-separated list of globs over interface names. */
static bool globs_match(const char *globs, const char *name)
{
	char glob[64];

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

void daemon_net_added(struct daemon *d, const char *iface)
{
	struct nif *nif = NULL;
	struct net_job *job;
	pthread_attr_t attr;
	pthread_t t;
	int r;

	if (!net.on || strlen(iface) >= sizeof(nif->name) ||
	    !net_wanted(iface, net.ifaces != NULL) ||
	    (net.ifaces && !globs_match(net.ifaces, iface)))
		return;
	for (size_t i = 0; i < net.n; i++)
		if (!strcmp(net.ifs[i].name, iface))
			return;	/* known: one lease per interface per boot */
	if (net.n == NET_MAX_IFS) {
		daemon_say(d, true, "more than %d network interfaces; %s is "
			   "left alone", NET_MAX_IFS, iface);
		return;
	}
	job = calloc(1, sizeof(*job));
	if (!job) {
		daemon_say(d, true, "out of memory starting DHCP on %s", iface);
		return;
	}
	snprintf(job->iface, sizeof(job->iface), "%s", iface);
	job->conf = net.conf;
	job->done_fd = net.pipe[1];
	/* ip= with a device applies to that one; without, to the first. */
	if (net.has_static && (!net.st.iface[0] ||
			       !strcmp(net.st.iface, iface))) {
		job->lease = net.st;
		snprintf(job->lease.iface, sizeof(job->lease.iface), "%s",
			 iface);
		job->is_static = true;
		net.has_static = false;
	}
	nif = &net.ifs[net.n];
	memset(nif, 0, sizeof(*nif));
	snprintf(nif->name, sizeof(nif->name), "%s", iface);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	pthread_attr_setstacksize(&attr, 256 * 1024);
	r = pthread_create(&t, &attr, run, job);
	pthread_attr_destroy(&attr);
	if (r) {
		daemon_say(d, true, "unable to start DHCP on %s: %s", iface,
			   strerror(r));
		free(job);
		return;
	}
	nif->job = job;
	net.n++;
	daemon_say(d, false, "%s: asking for a %s", iface,
		   job->is_static ? "static address (ip=)" : "DHCP lease");
}

void daemon_net_coldplug(struct daemon *d)
{
	struct dirent *de;
	DIR *dir;

	if (!net.on)
		return;
	dir = opendir("/sys/class/net");
	if (!dir) {
		daemon_say(d, true, "unable to list /sys/class/net: %s",
			   strerror(errno));
		return;
	}
	while ((de = readdir(dir)))
		if (de->d_name[0] != '.')
			daemon_net_added(d, de->d_name);
	closedir(dir);
}

void daemon_net_read(struct daemon *d)
{
	struct net_job *job;

	while (read(net.pipe[0], &job, sizeof(job)) == sizeof(job)) {
		for (size_t i = 0; i < net.n; i++) {
			struct nif *nif = &net.ifs[i];

			if (nif->job != job)
				continue;
			nif->job = NULL;
			nif->done = true;
			snprintf(nif->err, sizeof(nif->err), "%s", job->err);
			if (job->err[0])
				daemon_say(d, true, "%s", job->err);
			else
				daemon_say(d, false, "%s: configured; its boot "
					   "options join the list", nif->name);
			daemon_schedule_rebuild(d);
		}
		free(job);
	}
}

bool daemon_net_pending(const struct daemon *d)
{
	bool running = false;

	for (size_t i = 0; i < net.n; i++)
		running |= net.ifs[i].job != NULL;
	/* Disks with something to boot never wait for the network. */
	return running && !(d->snap && d->snap->default_id);
}

int daemon_net_add(struct option_set *set)
{
	for (size_t i = 0; i < net.n; i++) {
		struct nif *nif = &net.ifs[i];
		size_t first = set->n_devices;
		int r;

		if (!nif->done)
			continue;
		r = net_add_device(set, nif->name, &net.conf, false);
		if (r < 0)
			return r;
		if (nif->err[0] && set->n_devices > first &&
		    strlist_add(&set->devices[first]->errors, set->arena,
				arena_strdup(set->arena, nif->err)) < 0)
			return -ENOMEM;
	}
	return 0;
}
