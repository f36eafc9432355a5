/* init.c - hopboot init: PID 1 of hopboot's initramfs.
 *
 * Mounts /proc, /sys, /dev and /run, loads the image's kernel modules,
 * starts the 'hopboot discover' daemon and one 'hopboot ui' menu on every
 * console, starts the kernel the daemon loaded when it exits with status
 * 0, and starts the daemon and the menus again, with backoff, when they
 * die. Their messages go to /run/hopboot/log.
 *
 * Kernel command line (doc/configuration.md):
 *   hopboot.timeout=N   seconds before the default boots (default 10;
 *                       0 boots at once; -1 never by itself)
 *   hopboot.default=X   the option to boot: an id or an exact title
 *   hopboot.order=T,... devices whose configurations' defaults count first
 *   hopboot.console=C,...  the consoles to show a menu on (ttyS0,tty1);
 *                       default: every console the kernel writes to
 *   hopboot.unbind=D,...  drivers to unbind from their devices before the
 *                       kexec (doc/kexec.md)
 *   hopboot.shell       start a shell first; the menus come when it exits
 *   hopboot.debug       log what is being done
 *   hopboot.net=off|dhcp  DHCP and pxelinux on every NIC (default dhcp;
 *                       doc/network.md); ip= sets a static address
 *
 * PID 1 never exits (the kernel would panic): every failure is logged and
 * followed by the menus again, or a shell when no menu can run. Signals
 * (lib/init_signals.h): SIGTERM and SIGINT (Ctrl-Alt-Del) reboot, SIGUSR1
 * halts, SIGUSR2 powers off, SIGRTMIN+1 starts the loaded kernel,
 * SIGRTMIN+2 starts the rescue shell on the last console.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
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
#define LOG_FILE "/run/hopboot/log"
#define STOP_GRACE_MS 2000
#define MAX_CONSOLES 8

struct console {
	char name[INIT_TTY_NAME];
	char path[INIT_TTY_NAME + 8];	/* /dev/NAME */
	struct init_child c;
	bool parked;		/* its menu saw a boot begin */
	bool open_failed;	/* logged once */
};

static struct {
	struct init_child discover;
	pid_t shell;
	bool started_once;	/* the first daemon counts down, not later */
	bool fallback_shell;	/* no console for a menu: the shell ran */
	char timeout[16];
	char default_option[256];	/* hopboot.default=, or "" */
	char order[256];		/* hopboot.order=, or "" */
	char unbind[256];		/* hopboot.unbind=, or "" */
	char console_opt[256];		/* hopboot.console=, or "" */
	char net[16];			/* hopboot.net=, default "dhcp" */
	char ip[256];			/* the kernel's ip=, or "" */
	char note[512];		/* why the last boot failed */
	const char *tty;		/* the shell's */
	struct console cons[MAX_CONSOLES];
	int n_cons;
	int log_fd;
} st = { .log_fd = -1 };

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void start_discover(void)
{
	/* After the first daemon, whoever is at a menu decides. */
	char *timeout = st.started_once ? "-1" : st.timeout;
	char *argv[] = { SELF, "discover", "--timeout", timeout,
			 "--default", st.default_option, "--order", st.order,
			 "--net", st.net, "--ip", st.ip,
			 NULL };
	pid_t pid = init_spawn_quiet(argv, NULL, st.log_fd, st.log_fd);

	st.started_once = true;
	if (pid < 0) {
		log_error("unable to start hopboot discover: %s",
			  strerror(-pid));
		init_child_exited(&st.discover, now_ms());
		return;
	}
	init_child_started(&st.discover, pid, now_ms());
}

static void start_ui(struct console *con)
{
	char *argv[] = { SELF, "ui", "--tty", con->path, "--wait", "60",
			 st.note[0] ? "--message" : NULL, st.note, NULL };
	int fd = open(con->path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	pid_t pid;

	/* Checked here, where a failure can be said once, rather than in a
	 * child that would die and be restarted every 30 s in silence. */
	if (fd < 0) {
		if (!con->open_failed)
			log_error("no menu on %s: unable to open it: %s (try "
				  "hopboot.console= with another console)",
				  con->path, strerror(errno));
		con->open_failed = true;
		con->c.started_ms = now_ms();
		init_child_exited(&con->c, now_ms());
		con->c.delay_ms = INIT_BACKOFF_MAX_MS;
		con->c.due_ms = now_ms() + INIT_BACKOFF_MAX_MS;
		return;
	}
	close(fd);
	pid = init_spawn_quiet(argv, con->path, -1, st.log_fd);
	if (pid < 0) {
		log_error("unable to start the menu on %s: %s", con->path,
			  strerror(-pid));
		init_child_exited(&con->c, now_ms());
		return;
	}
	con->open_failed = false;
	con->parked = false;
	init_child_started(&con->c, pid, now_ms());
}

static void start_shell(void)
{
	if (st.shell > 0)
		return;
	char *argv[] = { SHELL, NULL };

	printf("\nhopboot: rescue shell on %s. 'hopboot scan /dev/DISK' lists "
	       "entries, 'hopboot boot ID' boots one; exit returns to the "
	       "menu.\n", st.tty);
	fflush(stdout);
	st.shell = init_spawn(argv, st.tty);
	if (st.shell < 0) {
		log_error("unable to start %s: %s", SHELL,
			  strerror(-st.shell));
		st.shell = 0;
	}
}

/* The daemon and every menu, now (after a boot that failed, or a shell). */
static void start_all(void)
{
	long long now = now_ms();

	if (!st.discover.pid)
		st.discover.due_ms = now;
	for (int i = 0; i < st.n_cons; i++)
		if (!st.cons[i].c.pid)
			st.cons[i].c.due_ms = now;
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
	st.discover.pid = 0;
	st.discover.due_ms = 0;
	st.shell = 0;
	for (int i = 0; i < st.n_cons; i++) {
		st.cons[i].c.pid = 0;
		st.cons[i].c.due_ms = 0;
	}
}

static void finish(void)
{
	stop_children();
	if (st.log_fd >= 0)
		close(st.log_fd);
	st.log_fd = -1;
	init_unmount_all();
	sync();
}

static void reopen_log(void)
{
	if (st.log_fd < 0)
		st.log_fd = open(LOG_FILE, O_WRONLY | O_CREAT | O_APPEND |
				 O_CLOEXEC, 0600);
}

/* Back to the menus, which show why. */
__attribute__((format(printf, 1, 2)))
static void failed(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(st.note, sizeof(st.note), fmt, ap);
	va_end(ap);
	log_error("%s", st.note);
	reopen_log();
	start_all();
}

static void start_loaded_kernel(void)
{
	int r;

	if (!loader_is_loaded()) {
		failed("%s", "asked to start a kernel, but none is loaded");
		return;
	}
	st.note[0] = '\0';	/* an old failure is not this boot's */
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
	failed("unable to start the loaded kernel: %s; choose again or "
	       "press s for a shell", strerror(-r));
}

static void power(int signo)
{
	int how = signo == SIGUSR2 ? RB_POWER_OFF :
		  signo == SIGUSR1 ? RB_HALT_SYSTEM : RB_AUTOBOOT;

	finish();
	log_info("%s", how == RB_AUTOBOOT ? "rebooting" : "powering off");
	reboot(how);
	failed("unable to reboot or power off: %s", strerror(errno));
}

static void ui_exited(struct console *con, int status)
{
	/* 0: the daemon loaded a kernel; the menu comes back only if the
	 * daemon does (a failed kexec). */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		con->c.pid = 0;
		con->parked = true;
		return;
	}
	init_child_exited(&con->c, now_ms());
}

static void child_exited(pid_t pid, int status)
{
	if (pid == st.discover.pid) {
		init_child_exited(&st.discover, now_ms());
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			st.discover.due_ms = 0;
			start_loaded_kernel();
			return;
		}
		log_error("hopboot discover stopped (%s %d); starting it "
			  "again in %d ms", WIFEXITED(status) ? "status" :
			  "signal", WIFEXITED(status) ? WEXITSTATUS(status) :
			  WTERMSIG(status), st.discover.delay_ms);
		for (int i = 0; i < st.n_cons; i++)
			if (st.cons[i].parked)
				st.cons[i].c.due_ms = st.discover.due_ms;
		return;
	}
	if (pid == st.shell) {
		st.shell = 0;
		/* A daemon that asked for it shows its list again. */
		if (st.discover.pid > 0)
			kill(st.discover.pid, SIGUSR1);
		start_all();
		return;
	}
	for (int i = 0; i < st.n_cons; i++)
		if (pid == st.cons[i].c.pid)
			ui_exited(&st.cons[i], status);
}

static void reap(void)
{
	pid_t pid;
	int status;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
		child_exited(pid, status);
}

/* Starts what is due; returns the ms until the next start, or -1. */
static int start_due(void)
{
	long long now = now_ms(), next = -1;
	bool menus = false;

	if (st.shell > 0)
		return -1;	/* the shell has the console */
	if (init_child_due(&st.discover, now))
		start_discover();
	for (int i = 0; i < st.n_cons; i++) {
		struct console *con = &st.cons[i];

		if (init_child_due(&con->c, now))
			start_ui(con);
		menus |= con->c.pid > 0 || con->parked;
	}
	/* Not a single console could be opened: offer the shell on
	 * /dev/console, once (it may fail the same way). */
	if (!menus && !st.fallback_shell) {
		bool all_failed = true;

		for (int i = 0; i < st.n_cons; i++)
			all_failed &= st.cons[i].open_failed;
		if (all_failed) {
			st.fallback_shell = true;
			st.tty = "/dev/console";
			start_shell();
		}
	}
	if (st.discover.due_ms)
		next = st.discover.due_ms;
	for (int i = 0; i < st.n_cons; i++)
		if (st.cons[i].c.due_ms && (next < 0 ||
					    st.cons[i].c.due_ms < next))
			next = st.cons[i].c.due_ms;
	if (next < 0)
		return -1;
	return next <= now ? 0 : (int)(next - now);
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
	mkdir("/run/hopboot", 0755);
	reopen_log();
}

static void setup_consoles(void)
{
	char names[MAX_CONSOLES][INIT_TTY_NAME];
	char active[256];

	init_read_active(active, sizeof(active));
	st.n_cons = init_console_list(active[0] ? active : "console",
				      st.console_opt, names, MAX_CONSOLES);
	for (int i = 0; i < st.n_cons; i++) {
		struct console *con = &st.cons[i];

		snprintf(con->name, sizeof(con->name), "%s", names[i]);
		snprintf(con->path, sizeof(con->path), "/dev/%s", names[i]);
		log_debug("menu on %s", con->path);
	}
}

static void read_options(bool *shell)
{
	char line[4096];

	strcpy(st.timeout, "10");
	strcpy(st.net, "dhcp");
	if (cmdline_read_proc(line, sizeof(line)) < 0)
		return;
	cmdline_get(line, "hopboot.timeout", st.timeout, sizeof(st.timeout));
	cmdline_get(line, "hopboot.default", st.default_option,
		    sizeof(st.default_option));
	cmdline_get(line, "hopboot.order", st.order, sizeof(st.order));
	cmdline_get(line, "hopboot.unbind", st.unbind, sizeof(st.unbind));
	cmdline_get(line, "hopboot.net", st.net, sizeof(st.net));
	cmdline_get(line, "ip", st.ip, sizeof(st.ip));
	cmdline_get(line, "hopboot.console", st.console_opt,
		    sizeof(st.console_opt));
	if (cmdline_flag(line, "hopboot.debug"))
		log_debug_enabled = 1;
	*shell = cmdline_flag(line, "hopboot.shell");
}

static void on_signal(int signo)
{
	if (signo == SIGCHLD)
		reap();
	else if (signo == INIT_SIGNAL_KEXEC)
		start_loaded_kernel();
	else if (signo == INIT_SIGNAL_SHELL)
		start_shell();
	else if (signo == SIGTERM || signo == SIGINT || signo == SIGUSR1 ||
		 signo == SIGUSR2)
		power(signo);
}

int init_main(int argc, char **argv)
{
	struct signalfd_siginfo si;
	bool shell = false;
	sigset_t all;
	int sfd;

	(void)argc;
	(void)argv;
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
	setup_consoles();
	st.tty = init_shell_tty();
	/* The menus first: they draw while the disk drivers load (seconds
	 * under emulation) and connect once the daemon listens. */
	if (!shell)
		for (int i = 0; i < st.n_cons; i++)
			start_ui(&st.cons[i]);
	init_load_modules();

	if (shell)
		start_shell();
	else
		start_all();

	for (;;) {
		struct pollfd p = { .fd = sfd, .events = POLLIN };
		int wait = start_due();

		/* No signalfd: poll for children instead of dying. */
		if (sfd < 0) {
			const struct timespec pause = { 0, 500 * 1000000L };

			nanosleep(&pause, NULL);
			reap();
			continue;
		}
		if (poll(&p, 1, wait) <= 0)
			continue;
		if (read(sfd, &si, sizeof(si)) == sizeof(si))
			on_signal((int)si.ssi_signo);
	}
}
