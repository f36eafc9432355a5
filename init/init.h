/* init.h - the pieces of PID 1, each in its own file. */
#ifndef HOPBOOT_INIT_H
#define HOPBOOT_INIT_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* mounts.c: /proc, /sys, /dev, /run. Returns 0 or -errno (logged). */
int init_mount_api(void);
/* mounts.c: unmounts everything but the API filesystems, newest first,
 * lazily when busy (logged). */
void init_unmount_all(void);

/* modules.c: loads /lib/modules/hopboot.load in order; then waits, bounded,
 * for the block device list to settle. */
void init_load_modules(void);

#define INIT_TTY_NAME 32
/* console.c: /sys/class/tty/console/active into buf ("ttyS0 tty0"); 0, or
 * -1 when it cannot be read (buf is then ""). */
int init_read_active(char *buf, size_t size);
/* console.c: the terminal of the kernel's last "console=" (where the shell
 * runs), e.g. "/dev/ttyS0"; "/dev/console" when unknown. */
const char *init_shell_tty(void);
/* console.c: the consoles to draw a menu on, pure: opt (hopboot.console=,
 * comma-separated) when not empty, else active (the kernel's list, blank-
 * separated). "/dev/" is dropped, "tty0" (the current VT) becomes "tty1",
 * repeats and names that are not plain device names are skipped. Fills
 * at most max names; returns how many. */
int init_console_list(const char *active, const char *opt,
		      char names[][INIT_TTY_NAME], int max);
/* console.c: logs which consoles are active. */
void init_log_consoles(void);

/* spawn.c: starts argv with standard fds on tty (NULL keeps ours), in a
 * new session, with signals unblocked. Returns the pid or -errno. */
pid_t init_spawn(char *const argv[], const char *tty);
/* spawn.c: starts argv in a new session with standard input from
 * /dev/null, standard output on out and standard error on err (-1:
 * /dev/null); ctty, when not NULL, becomes the session's controlling
 * terminal, as getty does. Returns the pid or -errno. */
pid_t init_spawn_quiet(char *const argv[], const char *ctty, int out,
		       int err);

/* respawn.c: a child PID 1 keeps running, restarted with backoff. */
#define INIT_BACKOFF_MIN_MS 500
#define INIT_BACKOFF_MAX_MS 30000
#define INIT_STABLE_MS 60000	/* a run this long resets the backoff */

struct init_child {
	pid_t pid;		/* 0: not running */
	int delay_ms;		/* the wait before the last restart */
	long long started_ms;
	long long due_ms;	/* when to start it again; 0: not planned */
};

void init_child_started(struct init_child *c, pid_t pid, long long now);
/* Plans the next start: 0.5 s after a first death, doubling while it dies
 * within INIT_STABLE_MS of starting, at most INIT_BACKOFF_MAX_MS. */
void init_child_exited(struct init_child *c, long long now);
/* True when c is not running and its planned start has come. */
bool init_child_due(const struct init_child *c, long long now);

#endif
