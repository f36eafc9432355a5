/* spawn.c - start a child of PID 1 on a terminal of its own. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "init.h"

pid_t init_spawn(char *const argv[], const char *tty)
{
	sigset_t all;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid > 0)
		return pid;

	/* PID 1 blocks every signal and reads them from a signalfd; a child
	 * must not inherit that mask. */
	sigfillset(&all);
	sigprocmask(SIG_UNBLOCK, &all, NULL);
	setsid();
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
