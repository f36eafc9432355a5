/* init.c - hopboot init: PID 1 of hopboot's initramfs.
 *
 * Mounts /proc, /sys, /dev and /run, loads the image's kernel modules,
 * starts the 'hopboot discover' daemon, and starts the kernel it loaded
 * when it exits with status 0. When nothing can be booted, or the user
 * asks, it runs a busybox shell on the console and, when the shell exits,
 * has the daemon list the boot options again.
 *
 * Kernel command line (doc/configuration.md):
 *   hopboot.timeout=N   seconds before the default boots (default 10;
 *                       0 boots at once; -1 never by itself)
 *   hopboot.default=X   the option to boot: an id or an exact title
 *   hopboot.order=T,... devices whose configurations' defaults count first
 *   hopboot.unbind=D,...  drivers to unbind from their devices before the
 *                       kexec (doc/kexec.md)
 *   hopboot.shell       start a shell instead of discovering
 *   hopboot.debug       log what is being done
 *
 * PID 1 never exits (the kernel would panic): every failure is logged and
 * followed by a shell. Signals (lib/init_signals.h): SIGTERM and SIGINT
 * reboot, SIGUSR1 halts, SIGUSR2 powers off, SIGRTMIN+1 starts the loaded
 * kernel, SIGRTMIN+2 starts the rescue shell.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmdline.h"
#include "commands.h"
#include "init.h"
#include "init_signals.h"
#include "loader/loader.h"
#include "loader/unbind.h"
#include "log.h"

#define SELF "/proc/self/exe"
#define SHELL "/bin/sh"
#define STOP_GRACE_MS 2000
#define EXIT_CANCELLED 3

static struct {
	pid_t discover, shell;
	char timeout[16];
	char default_option[256];	/* hopboot.default=, or "" */
	char order[256];		/* hopboot.order=, or "" */
	char unbind[256];		/* hopboot.unbind=, or "" */
	const char *tty;
} st;

static void start_discover(const char *timeout)
{
	char *argv[] = { SELF, "discover", "--timeout", (char *)timeout,
			 "--default", st.default_option, "--order", st.order,
			 NULL };

	st.discover = init_spawn(argv, st.tty);
	if (st.discover < 0)
		log_error("unable to start hopboot discover: %s",
			  strerror(-st.discover));
}

static void start_shell(void)
{
	if (st.shell > 0)
		return;
	char *argv[] = { SHELL, NULL };
	const struct timespec pause = { 2, 0 };

	printf("\nhopboot: rescue shell on %s. 'hopboot scan /dev/DISK' lists "
	       "entries, 'hopboot boot ID' boots one; exit returns to the "
	       "list.\n", st.tty);
	fflush(stdout);
	st.shell = init_spawn(argv, st.tty);
	if (st.shell < 0) {
		log_error("unable to start %s: %s; trying the boot list again",
			  SHELL, strerror(-st.shell));
		/* Without a shell, keep offering the list rather than spin. */
		nanosleep(&pause, NULL);
		start_discover("-1");
	}
}

/* Every process but us gets SIGTERM, then SIGKILL after a grace time.
 * Orphans are re-parented to us, so "no child left" (ECHILD) means every
 * process is gone; kill(-1, 0) cannot tell, since it counts kernel
 * threads too. */
static void stop_children(void)
{
	const struct timespec step = { 0, 20 * 1000000L };
	pid_t pid;

	kill(-1, SIGTERM);
	for (int t = 0; t < STOP_GRACE_MS; t += 20) {
		while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
			;
		if (pid < 0 && errno == ECHILD)
			goto out;
		nanosleep(&step, NULL);
	}
	log_info("processes still running after %d ms; killing them",
		 STOP_GRACE_MS);
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
out:
	st.discover = st.shell = 0;
}

static void finish(void)
{
	stop_children();
	init_unmount_all();
	sync();
}

static void start_loaded_kernel(void)
{
	int r;

	if (!loader_is_loaded()) {
		log_error("asked to start a kernel, but none is loaded");
		return;
	}
	finish();
	if (st.unbind[0]) {
		char msg[256];
		int n = unbind_drivers(UNBIND_SYS_BUS, st.unbind, msg,
				       sizeof(msg));

		/* A device left bound may still work in the new kernel: a
		 * failure here does not stop the boot. */
		if (n < 0)
			log_error("%s", msg);
		else
			log_info("unbound %d device(s) of %s", n, st.unbind);
	}
	log_info("kexec: starting the loaded kernel");
	r = loader_exec();
	log_error("unable to start the loaded kernel: %s", strerror(-r));
	start_shell();
}

static void power(int signo)
{
	int how = signo == SIGUSR2 ? RB_POWER_OFF :
		  signo == SIGUSR1 ? RB_HALT_SYSTEM : RB_AUTOBOOT;

	finish();
	log_info("%s", how == RB_AUTOBOOT ? "rebooting" : "powering off");
	reboot(how);
	log_error("unable to %s: %s", how == RB_AUTOBOOT ? "reboot" :
		  "power off", strerror(errno));
	start_shell();
}

static void child_exited(pid_t pid, int status)
{
	if (pid == st.discover) {
		st.discover = 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			start_loaded_kernel();
			return;
		}
		if (!WIFEXITED(status) ||
		    WEXITSTATUS(status) != EXIT_CANCELLED)
			log_error("nothing was booted; the messages above say "
				  "why");
		start_shell();
	} else if (pid == st.shell) {
		st.shell = 0;
		/* The daemon still runs: have it show the list again. */
		if (st.discover > 0)
			kill(st.discover, SIGUSR1);
		else
			start_discover("-1");
	}
}

static void reap(void)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		child_exited(pid, status);
}

static void setup_stdio(void)
{
	/* The kernel opens /dev/console for us only if the image has it. */
	if (fcntl(0, F_GETFD) < 0) {
		int fd = open("/dev/console", O_RDWR | O_NOCTTY);

		if (fd >= 0 && fd != 0)
			dup2(fd, 0);
		dup2(0, 1);
		dup2(0, 2);
	}
}

static void setup_log(void)
{
	FILE *f;

	log_kmsg_fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	f = fopen("/proc/sys/kernel/printk", "re");
	if (f) {
		if (fscanf(f, "%d", &log_console_level) != 1)
			log_console_level = 0;
		fclose(f);
	}
}

static void read_options(bool *shell)
{
	char line[4096];

	strcpy(st.timeout, "10");
	if (cmdline_read_proc(line, sizeof(line)) < 0)
		return;
	cmdline_get(line, "hopboot.timeout", st.timeout, sizeof(st.timeout));
	cmdline_get(line, "hopboot.default", st.default_option,
		    sizeof(st.default_option));
	cmdline_get(line, "hopboot.order", st.order, sizeof(st.order));
	cmdline_get(line, "hopboot.unbind", st.unbind, sizeof(st.unbind));
	if (cmdline_flag(line, "hopboot.debug"))
		log_debug_enabled = 1;
	*shell = cmdline_flag(line, "hopboot.shell");
}

int init_main(int argc, char **argv)
{
	struct signalfd_siginfo si;
	bool shell = false;
	sigset_t all;
	int sfd;

	if (getpid() != 1) {
		fprintf(stderr, "hopboot init: must run as PID 1 (the "
			"kernel's /init); 'hopboot scan' and 'hopboot "
			"discover' work anywhere\n");
		return 2;
	}
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, NULL);
	sfd = signalfd(-1, &all, SFD_CLOEXEC);
	reboot(RB_DISABLE_CAD);	/* Ctrl-Alt-Del arrives as SIGINT */
	setup_stdio();
	init_mount_api();
	setup_log();
	setenv("PATH", "/bin:/sbin:/usr/bin:/usr/sbin", 1);
	setenv("HOME", "/root", 1);
	setenv("TERM", "linux", 0);
	read_options(&shell);
	log_info("hopboot %s starting", HOPBOOT_VERSION);
	init_log_consoles();
	st.tty = init_shell_tty();
	init_load_modules();

	if (shell)
		start_shell();
	else
		start_discover(st.timeout);

	for (;;) {
		if (sfd < 0 || read(sfd, &si, sizeof(si)) != sizeof(si)) {
			/* No signalfd: poll for children instead of dying. */
			const struct timespec pause = { 1, 0 };

			nanosleep(&pause, NULL);
			reap();
			continue;
		}
		if (si.ssi_signo == SIGCHLD)
			reap();
		else if ((int)si.ssi_signo == INIT_SIGNAL_KEXEC)
			start_loaded_kernel();
		else if ((int)si.ssi_signo == INIT_SIGNAL_SHELL)
			start_shell();
		else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT ||
			 si.ssi_signo == SIGUSR1 || si.ssi_signo == SIGUSR2)
			power((int)si.ssi_signo);
	}
}
