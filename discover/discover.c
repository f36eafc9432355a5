/* discover.c - hopboot discover: the daemon that knows every boot option.
 *
 * usage: hopboot discover [--timeout SECONDS] [--default ID|TITLE]
 *                         [--order TOKEN,...] [--console]
 *                         [--socket PATH] [--mnt-base DIR]
 *                         [--devices GLOB] [--probe-timeout SECONDS]
 *                         [--net off|dhcp] [--ip IP=] [--net-ifaces GLOB]
 *                         [--net-dir DIR] [--net-script FILE]
 *
 * Finds block devices from /sys (coldplug) and the kernel's uevents
 * (hotplug), probes and mounts each read-only on a worker thread of its own
 * (four at a time; one that does not answer within --probe-timeout, default
 * 10 s, is listed with an error), parses every configuration, and serves
 * the result on a Unix socket (default /run/hopboot/socket, protocol in
 * doc/protocol.md; 'hopboot ctl' is its client). Once the devices present
 * at start are known it counts down SECONDS (default 10; 0 at once; -1
 * never) and boots the default: --default (an option id or title), else
 * the configurations' own default in device order, else the first bootable
 * option. Devices are in natural name order, except that --order puts
 * those matching its tokens first, in token order: type:FSTYPE,
 * uuid:UUID, label:LABEL, partlabel:NAME, or a glob over kernel names.
 * Any client request cancels the count; with --console (a person at
 * this terminal, no menu), so does Enter on standard input, and the count
 * is redrawn every second. Without it, standard input is not read and the
 * list and the count are written once, as a plain log.
 * --devices limits discovery to kernel names matching GLOB, a
 * comma-separated list of globs (tests, and disks that must be left alone).
 * --net dhcp (PID 1 passes hopboot.net=, default dhcp, and ip=) asks for a
 * lease on every Ethernet interface with a device behind it, or sets
 * --ip's static address, and lists what pxelinux would boot from the boot
 * server (doc/network.md); the default, off, leaves the network alone.
 * --net-ifaces limits it to interface names matching GLOB (comma-separated
 * globs; any interface then, even one without a device behind it, such as
 * a veth); --net-dir (default /run/hopboot/net) holds the leases and the
 * files fetched, --net-script is udhcpc's script (tests).
 *
 * Booting loads the kernel with kexec_file_load and exits 0: PID 1 then
 * starts it. Exit status 3: stopped by a client. With --console, PID 1 is
 * asked for a shell (SIGRTMIN+2) when nothing can boot, with --timeout -1,
 * or when the user pressed Enter; without it the menus ('hopboot ui') are
 * where people choose.
 */
#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "daemon.h"
#include "daemon_socket.h"
#include "init_signals.h"
#include "log.h"
#include "net.h"
#include "option.h"
#include "uevent.h"

static void read_uevents(struct daemon *d)
{
	struct uevent ev;
	int r;

	for (int i = 0; i < 256 && (r = uevent_read(d->uevent_fd, &ev)) >= 0;
	     i++) {
		if (r == 0)
			continue;
		if (ev.net && ev.action != UEVENT_ADD)
			continue;
		if (ev.action == UEVENT_REMOVE)
			daemon_device_removed(d, ev.name);
		else if (ev.net)
			daemon_net_added(d, ev.name);
		else if (ev.action == UEVENT_ADD || ev.action == UEVENT_CHANGE)
			daemon_device_changed(d, ev.name);
	}
}

static void read_done(struct daemon *d)
{
	struct probe_job *job;

	while (read(d->done_pipe[0], &job, sizeof(job)) == sizeof(job))
		daemon_job_came_back(d, job);
}

static void read_signals(struct daemon *d)
{
	struct signalfd_siginfo si;

	while (read(d->signal_fd, &si, sizeof(si)) == sizeof(si)) {
		if (si.ssi_signo == SIGUSR1) {
			/* PID 1's shell ended: show the list again. */
			option_set_write_text(d->snap, stdout);
			if (d->console)
				printf("Press Enter for a shell; 'hopboot ctl "
				       "boot ID' there boots an entry.\n");
			fflush(stdout);
			d->watch_stdin = d->console;
		} else {
			d->exit_now = true;
			d->exit_status = EXIT_STOPPED;
		}
	}
}

static void read_stdin(struct daemon *d)
{
	char buf[64];

	if (read(STDIN_FILENO, buf, sizeof(buf)) <= 0) {
		d->watch_stdin = false;
		return;
	}
	daemon_cancel_countdown(d);
	daemon_ask_init(INIT_SIGNAL_SHELL);
}

static int next_timeout(struct daemon *d, long long now)
{
	long long next = now + 60000;

	if (d->rebuild_at && d->rebuild_at < next)
		next = d->rebuild_at;
	if (d->left >= 0 && d->tick_at < next)
		next = d->tick_at;
	for (size_t i = 0; i < d->n_devs; i++)
		if (d->devs[i].job && d->devs[i].started && !d->devs[i].done &&
		    d->devs[i].job->deadline_ms < next)
			next = d->devs[i].job->deadline_ms;
	return next <= now ? 0 : (int)(next - now);
}

static int loop(struct daemon *d)
{
	struct pollfd pfds[5 + 1 + SERVER_MAX_CLIENTS];

	while (!d->exit_now) {
		long long now = daemon_now_ms();
		size_t n = 0, first_server;

		if (d->rebuild_at && now >= d->rebuild_at) {
			d->rebuild_at = 0;
			if (daemon_rebuild(d) < 0)
				daemon_say(d, true, "out of memory listing options");
		}
		daemon_start_jobs(d);
		daemon_check_deadlines(d, now);
		daemon_maybe_start_countdown(d, now);
		daemon_countdown_tick(d, now);
		if (d->exit_now)
			break;

		pfds[n++] = (struct pollfd){ .fd = d->uevent_fd, .events = POLLIN };
		pfds[n++] = (struct pollfd){ .fd = d->done_pipe[0], .events = POLLIN };
		pfds[n++] = (struct pollfd){ .fd = d->signal_fd, .events = POLLIN };
		pfds[n++] = (struct pollfd){
			.fd = d->watch_stdin ? STDIN_FILENO : -1,
			.events = POLLIN,
		};
		pfds[n++] = (struct pollfd){ .fd = daemon_net_fd(), .events = POLLIN };
		first_server = n;
		n += server_pollfds(&d->server, pfds + n);
		if (poll(pfds, n, next_timeout(d, daemon_now_ms())) < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (pfds[0].revents)
			read_uevents(d);
		if (pfds[1].revents)
			read_done(d);
		if (pfds[2].revents)
			read_signals(d);
		if (pfds[3].revents)
			read_stdin(d);
		if (pfds[4].revents)
			daemon_net_read(d);
		server_dispatch(&d->server, pfds + first_server,
				n - first_server);
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: hopboot discover [--timeout SECONDS] [--default ID|TITLE]\n"
	      "                        [--order TOKEN,...] [--console]\n"
	      "                        [--socket PATH] [--mnt-base DIR]\n"
	      "                        [--devices GLOB] [--probe-timeout SECONDS]\n"
	      "                        [--net off|dhcp] [--ip IP=] "
	      "[--net-ifaces GLOB]\n"
	      "                        [--net-dir DIR] [--net-script FILE]\n",
	      f);
}

/* --net and --ip: kept here, handed to net_daemon.c at setup. */
static struct net_daemon_opts net_opts = { .mode = "off" };

static int parse_args(struct daemon *d, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "default", required_argument, NULL, 'D' },
		{ "order", required_argument, NULL, 'o' },
		{ "socket", required_argument, NULL, 's' },
		{ "mnt-base", required_argument, NULL, 'm' },
		{ "devices", required_argument, NULL, 'g' },
		{ "probe-timeout", required_argument, NULL, 'p' },
		{ "console", no_argument, NULL, 'c' },
		{ "net", required_argument, NULL, 'n' },
		{ "ip", required_argument, NULL, 'i' },
		{ "net-dir", required_argument, NULL, 'N' },
		{ "net-script", required_argument, NULL, 'S' },
		{ "net-ifaces", required_argument, NULL, 'I' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			d->timeout = atoi(optarg);
			break;
		case 'D':
			d->want_default = *optarg ? optarg : NULL;
			break;
		case 'o':
			d->order = *optarg ? optarg : NULL;
			break;
		case 's':
			d->socket_path = optarg;
			break;
		case 'm':
			d->mnt_base = optarg;
			break;
		case 'g':
			d->devices_glob = optarg;
			break;
		case 'p':
			d->probe_timeout_ms = atoi(optarg) * 1000;
			if (d->probe_timeout_ms <= 0)
				d->probe_timeout_ms = 1000;
			break;
		case 'c':
			d->console = true;
			break;
		case 'n':
			net_opts.mode = optarg;
			break;
		case 'i':
			net_opts.ip = optarg;
			break;
		case 'N':
			net_opts.dir = optarg;
			break;
		case 'S':
			net_opts.script = optarg;
			break;
		case 'I':
			net_opts.ifaces = *optarg ? optarg : NULL;
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
	return -1;
}

static int setup(struct daemon *d)
{
	sigset_t sigs;
	int r;

	/* Our mounts are ours: invisible to the system, and gone with us
	 * even if we are killed. */
	if (unshare(CLONE_NEWNS) == 0)
		mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	mkdir("/run/hopboot", 0755);
	if (mkdir(d->mnt_base, 0700) < 0 && errno != EEXIST) {
		log_error("unable to create %s: %s", d->mnt_base,
			  strerror(errno));
		return -errno;
	}
	if (pipe2(d->done_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	d->uevent_fd = uevent_open();
	if (d->uevent_fd < 0)
		log_error("unable to listen for new devices: %s; only those "
			  "present now are listed", strerror(-d->uevent_fd));
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGUSR1);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGINT);
	sigprocmask(SIG_BLOCK, &sigs, NULL);
	d->signal_fd = signalfd(-1, &sigs, SFD_CLOEXEC | SFD_NONBLOCK);
	signal(SIGPIPE, SIG_IGN);
	r = server_open(&d->server, d->socket_path, &daemon_server_ops, d);
	if (r < 0) {
		log_error("unable to listen on %s: %s", d->socket_path,
			  strerror(-r));
		return r;
	}
	d->snap = option_set_new();
	if (!d->snap)
		return -ENOMEM;
	daemon_net_setup(d, &net_opts);
	return 0;
}

static void teardown(struct daemon *d)
{
	server_flush(&d->server, 500);
	server_close(&d->server);
	for (size_t i = 0; i < d->n_devs; i++)
		daemon_release_job(d, &d->devs[i]);
	/* Finished jobs are freed above; jobs still on a thread stay with
	 * it: the process is ending. */
	option_set_free(d->snap);
	for (size_t i = 0; i < LOG_KEEP; i++)
		free(d->log[i]);
	rmdir(d->mnt_base);
}

int discover_main(int argc, char **argv)
{
	static struct daemon d;
	int r;

	d.timeout = 10;
	d.left = -1;
	d.probe_timeout_ms = 10000;
	d.mnt_base = "/run/hopboot/mnt";
	d.socket_path = DAEMON_SOCKET;
	d.uevent_fd = d.signal_fd = -1;
	r = parse_args(&d, argc, argv);
	if (r >= 0)
		return r;
	if (setup(&d) < 0)
		return 1;
	daemon_coldplug(&d);
	daemon_net_coldplug(&d);
	r = loop(&d);
	if (r < 0)
		log_error("unable to wait for events: %s", strerror(-r));
	teardown(&d);
	return r < 0 ? 1 : d.exit_status;
}
