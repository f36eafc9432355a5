/* menu_cmd.c - hopboot menu: the daemon and one menu, from a running system.
 *
 * usage: hopboot menu [--timeout SECONDS] [--devices GLOB] [--exec]
 *
 * For an initramfs hook or a shell, not PID 1: starts 'hopboot discover'
 * as a child (its socket, mounts and log in a private temporary directory;
 * --devices is passed to it) and shows the menu on the current terminal,
 * with a first entry "Continue normal boot" that exits 0 and leaves the
 * system as it was. That entry is the default, and the --timeout countdown
 * (default 10, -1 none) ends in it: the daemon itself never boots a disk's
 * default here, since that is usually the very system whose initramfs runs
 * this menu, and booting it unattended would loop. Choosing an entry loads
 * its kernel with kexec_file_load; then, without --exec, hopboot menu
 * prints "loaded; start it with 'systemctl kexec' or kexec -e" and exits
 * 0; with --exec it syncs the disks and starts the kernel at once
 * (reboot(LINUX_REBOOT_CMD_KEXEC)). Exit status: 0 continue or loaded,
 * 1 failure, 2 bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/reboot.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/reboot.h>

#include "commands.h"
#include "log.h"
#include "ui.h"

struct menu {
	char dir[64];
	char socket[96], mnt[96], log[96];
	pid_t daemon;
};

static void usage(FILE *f)
{
	fputs("usage: hopboot menu [--timeout SECONDS] [--devices GLOB] "
	      "[--exec]\n", f);
}

/* A directory of our own: /run is there in an initramfs, /tmp on
 * systems; TMPDIR first when set. */
static int make_dir(struct menu *mn)
{
	const char *bases[] = { getenv("TMPDIR"), "/run", "/tmp" };

	for (size_t i = 0; i < sizeof(bases) / sizeof(*bases); i++) {
		if (!bases[i] || strlen(bases[i]) > 30)
			continue;
		snprintf(mn->dir, sizeof(mn->dir), "%s/hopboot-menu.XXXXXX",
			 bases[i]);
		if (mkdtemp(mn->dir)) {
			snprintf(mn->socket, sizeof(mn->socket), "%s/socket",
				 mn->dir);
			snprintf(mn->mnt, sizeof(mn->mnt), "%s/mnt", mn->dir);
			snprintf(mn->log, sizeof(mn->log), "%s/discover.log",
				 mn->dir);
			return 0;
		}
	}
	return -errno;
}

static pid_t start_daemon(struct menu *mn, const char *devices)
{
	char *argv[] = {
		"hopboot", "discover", "--socket", mn->socket,
		"--mnt-base", mn->mnt, "--timeout", "-1",
		devices ? "--devices" : NULL, (char *)devices, NULL,
	};
	pid_t pid = fork();
	int fd;

	if (pid != 0)
		return pid;
	/* The terminal is the menu's: the daemon must not read keys, and
	 * its messages go to the log (the menu's 'l' shows them too). */
	fd = open("/dev/null", O_RDONLY);
	if (fd >= 0)
		dup2(fd, STDIN_FILENO);
	fd = open(mn->log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd >= 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
	}
	setsid();
	/* Not left behind, mounts and all, if we are killed. */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	execv("/proc/self/exe", argv);
	/* No /proc: the same code, without a fresh image. */
	optind = 0;
	log_prog = "hopboot discover";
	_exit(discover_main(devices ? 10 : 8, argv + 1));
}

/* Waits up to ms for the daemon; returns its exit status, or -1. */
static int wait_daemon(pid_t pid, int ms)
{
	int status;

	for (int i = 0; i <= ms / 50; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
		if (r < 0)
			return -1;
		usleep(50 * 1000);
	}
	return -1;
}

static void stop_daemon(struct menu *mn)
{
	if (mn->daemon <= 0)
		return;
	kill(mn->daemon, SIGTERM);
	if (wait_daemon(mn->daemon, 5000) < 0) {
		kill(mn->daemon, SIGKILL);
		waitpid(mn->daemon, NULL, 0);
	}
	mn->daemon = 0;
}

static void show_log(const struct menu *mn)
{
	char buf[4096];
	ssize_t n;
	int fd = open(mn->log, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, (size_t)n, stderr);
	close(fd);
}

static void cleanup(const struct menu *mn)
{
	unlink(mn->socket);
	unlink(mn->log);
	rmdir(mn->mnt);
	rmdir(mn->dir);
}

int menu_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "timeout", required_argument, NULL, 't' },
		{ "devices", required_argument, NULL, 'g' },
		{ "exec", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *devices = NULL;
	struct ui_opts o = {
		.continue_entry = true, .continue_after_s = 10, .wait_s = 10,
	};
	char *end;
	struct menu mn = { 0 };
	enum ui_result res;
	bool exec = false;
	int opt, r, status;

	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			o.continue_after_s = (int)strtol(optarg, &end, 10);
			if (end == optarg || *end || o.continue_after_s < -1) {
				log_error("--timeout wants a number of seconds "
					  "or -1 (wait), not '%s'", optarg);
				return 2;
			}
			break;
		case 'g':
			devices = optarg;
			break;
		case 'x':
			exec = true;
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
	r = make_dir(&mn);
	if (r < 0) {
		log_error("unable to create a temporary directory: %s",
			  strerror(-r));
		return 1;
	}
	mn.daemon = start_daemon(&mn, devices);
	if (mn.daemon < 0) {
		log_error("unable to start the daemon: %s", strerror(errno));
		cleanup(&mn);
		return 1;
	}
	o.socket = mn.socket;
	res = ui_run(&o);
	if (res != UI_BOOTED) {
		stop_daemon(&mn);
		if (res == UI_FAILED)
			show_log(&mn);
		cleanup(&mn);
		return res == UI_CONTINUED ? 0 : 1;
	}
	/* The daemon loaded the kernel and is exiting with 0. */
	status = wait_daemon(mn.daemon, 10000);
	if (status < 0)
		stop_daemon(&mn);
	mn.daemon = 0;
	cleanup(&mn);
	if (status != 0) {
		log_error("the daemon did not finish loading (status %d)",
			  status);
		return 1;
	}
	if (!exec) {
		printf("loaded; start it with 'systemctl kexec' or kexec -e\n");
		return 0;
	}
	sync();
	reboot(LINUX_REBOOT_CMD_KEXEC);
	log_error("unable to start the loaded kernel: %s", strerror(errno));
	return 1;
}
