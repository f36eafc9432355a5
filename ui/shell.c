/* shell.c - a rescue shell on the menu's own terminal, and power requests. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "init_signals.h"
#include "ui.h"

#define SHELL "/bin/sh"

/* The shell runs in the foreground of this terminal, as a getty's would:
 * its own process group, given the terminal, so that job control and
 * Ctrl-C reach it and not us. We wait for it without reading keys: the
 * terminal is the shell's until it exits. */
int ui_shell(struct ui *u)
{
	struct term *t = &u->t;
	pid_t pid;
	int status, r = 0;

	term_puts(t, "\033[H\033[J\033[?25h");
	term_printf(t, "hopboot: rescue shell on %s. 'hopboot ctl list' "
		    "lists the entries, 'hopboot boot ID' boots one; 'exit' "
		    "returns to the menu.\r\n",
		    ttyname(t->in) ?: "this terminal");
	term_flush(t);
	tcsetattr(t->in, TCSANOW, &t->saved);
	pid = fork();
	if (pid < 0) {
		r = -errno;
	} else if (pid == 0) {
		sigset_t all;

		sigfillset(&all);
		sigprocmask(SIG_UNBLOCK, &all, NULL);
		signal(SIGPIPE, SIG_DFL);
		/* From a new, background, group tcsetpgrp() would stop us
		 * with SIGTTOU. */
		setpgid(0, 0);
		signal(SIGTTOU, SIG_IGN);
		tcsetpgrp(t->in, getpid());
		signal(SIGTTOU, SIG_DFL);
		dup2(t->in, STDIN_FILENO);
		dup2(t->out, STDOUT_FILENO);
		dup2(t->out, STDERR_FILENO);
		execl(SHELL, "sh", (char *)NULL);
		fprintf(stderr, "hopboot ui: unable to run %s: %s\n", SHELL,
			strerror(errno));
		_exit(127);
	} else {
		setpgid(pid, pid);	/* whichever of us runs first */
		/* Bounded by the shell's life, which is the person's. */
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	}
	/* Back in the foreground: from the background, tcsetpgrp() would
	 * stop us with SIGTTOU. */
	signal(SIGTTOU, SIG_IGN);
	tcsetpgrp(t->in, getpgrp());
	signal(SIGTTOU, SIG_DFL);
	tcsetattr(t->in, TCSANOW, &t->raw_mode);
	term_size(t);
	return r;
}

/* Only hopboot's own PID 1 reads these signals as power requests; on a
 * running system PID 1 is systemd or another init, which must not get
 * them from a menu. */
bool ui_can_power(void)
{
	char self[PATH_MAX], one[PATH_MAX];
	ssize_t a = readlink("/proc/self/exe", self, sizeof(self) - 1);
	ssize_t b = readlink("/proc/1/exe", one, sizeof(one) - 1);

	if (a <= 0 || b <= 0)
		return false;
	self[a] = one[b] = '\0';
	return !strcmp(self, one);
}

int ui_power(bool off)
{
	/* As busybox's reboot and poweroff ask (lib/init_signals.h). */
	return kill(1, off ? SIGUSR2 : SIGTERM) < 0 ? -errno : 0;
}
