/* spawn.c - start a child of PID 1 on a terminal of its own. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "init.h"

/* PID 1 blocks every signal and reads them from a signalfd; a child must
 * not inherit that mask. */
static void child_setup(void)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	setsid();
}

pid_t init_spawn(char *const argv[], const char *tty)
{
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid > 0)
		return pid;

	child_setup();
	if (tty) {
		int fd = open(tty, O_RDWR | O_NOCTTY);

		if (fd >= 0) {
			ioctl(fd, TIOCSCTTY, 1);
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
	}
	execv(argv[0], argv);
	_exit(127);
}

pid_t init_spawn_quiet(char *const argv[], const char *ctty, int out,
		       int err)
{
	pid_t pid = fork();
	int null;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		return pid;

	child_setup();
	if (ctty) {
		int fd = open(ctty, O_RDWR | O_NOCTTY);

		/* Steal it (1) from a session that ended without letting
		 * go: a shell's, or our own predecessor's. */
		if (fd < 0 || ioctl(fd, TIOCSCTTY, 1) < 0)
			_exit(111);
		close(fd);
	}
	null = open("/dev/null", O_RDWR);
	if (null >= 0) {
		dup2(null, 0);
		dup2(out >= 0 ? out : null, 1);
		dup2(err >= 0 ? err : null, 2);
		if (null > 2)
			close(null);
	}
	execv(argv[0], argv);
	_exit(127);
}
