/* daemon.h - the discover daemon's state, shared by its files.
 *
 * discover.c   the poll loop, arguments, setup
 * devices.c    the device table: coldplug, uevents, probe jobs, mounts
 * snapshot.c   the option set clients see, rebuilt when devices change
 * countdown.c  the countdown and booting an option
 * requests.c   what clients ask for
 * messages.c   building and sending protocol messages, the log
 *
 * One thread owns all of this: the worker threads of prober.c touch only
 * their own job until they hand it back through done_pipe.
 */
#ifndef HOPBOOT_DAEMON_H
#define HOPBOOT_DAEMON_H

#include <stdbool.h>
#include <stdio.h>

#include "json.h"
#include "prober.h"
#include "server.h"

#define PROTOCOL_VERSION 1
#define MAX_RUNNING 4
#define MAX_DEVICES 512
#define REBUILD_DELAY_MS 30
#define REBUILD_BUSY_MS 250
#define LOG_KEEP 100
#define EXIT_STOPPED 3

struct dev {
	char name[64];
	struct probe_job *job;	/* NULL once timed out */
	bool started, done, timed_out;
};

struct daemon {
	struct dev devs[MAX_DEVICES];
	size_t n_devs;
	int running;		/* jobs started, not back, not abandoned */
	unsigned seq;
	int done_pipe[2];
	int uevent_fd, signal_fd;
	struct server server;
	struct option_set *snap;	/* what clients see */
	long long rebuild_at;		/* 0: nothing to rebuild */
	bool coldplug_done;
	/* countdown: active while left >= 0 */
	int timeout, left;
	long long tick_at;
	bool countdown_over;		/* started once, fired or cancelled */
	bool watch_stdin;
	bool console;		/* --console: Enter on stdin, a live count */
	int probe_timeout_ms;
	const char *want_default, *devices_glob, *mnt_base, *socket_path;
	const char *order;	/* --order: devices to prefer, first first */
	char *log[LOG_KEEP];
	size_t log_next;
	bool exit_now;
	int exit_status;
};

struct msg {
	FILE *f;
	char *buf;
	size_t len;
	struct json j;
};

extern const struct server_ops daemon_server_ops;

/* messages.c */
long long daemon_now_ms(void);
/* Starts a {"type": type, ...} message; false on ENOMEM. */
bool daemon_msg_begin(struct msg *m, const char *type);
/* Ends it and sends it to c, or to every client when c is NULL. */
void daemon_msg_send(struct daemon *d, struct msg *m, struct client *c);
void daemon_broadcast_raw(void *data, const char *msg, size_t len);
/* A line for people: the console, the kernel log, clients, 'ctl log'. */
void daemon_say(struct daemon *d, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void daemon_send_state(struct daemon *d, struct client *c);
void daemon_reply(struct daemon *d, struct client *c, const char *request,
		  const char *error);
void daemon_send_countdown(struct daemon *d);
void daemon_send_log(struct daemon *d, struct client *c);

/* devices.c */
void daemon_coldplug(struct daemon *d);
void daemon_device_changed(struct daemon *d, const char *name);
void daemon_device_removed(struct daemon *d, const char *name);
void daemon_release_job(struct daemon *d, struct dev *dev);
void daemon_start_jobs(struct daemon *d);
void daemon_job_came_back(struct daemon *d, struct probe_job *job);
void daemon_check_deadlines(struct daemon *d, long long now);
void daemon_schedule_rebuild(struct daemon *d);
/* True while probe jobs run or wait to run. */
bool daemon_probing(const struct daemon *d);
/* Mounts (true) or unmounts (false) every probed filesystem. */
void daemon_mount_all(struct daemon *d, bool mounted);

/* snapshot.c: rebuilds d->snap and tells clients what changed. 0 or
 * -ENOMEM. */
int daemon_rebuild(struct daemon *d);

/* countdown.c */
void daemon_ask_init(int signo);
void daemon_cancel_countdown(struct daemon *d);
void daemon_maybe_start_countdown(struct daemon *d, long long now);
void daemon_countdown_tick(struct daemon *d, long long now);
/* Loads option id; NULL when loaded (the daemon then exits 0), else a
 * sentence in msg saying why not. */
const char *daemon_boot(struct daemon *d, const char *id, const char *cmdline,
			char *msg, size_t msglen);

#endif
