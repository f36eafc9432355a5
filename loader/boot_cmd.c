/* boot_cmd.c - hopboot boot: load one boot option and start it.
 *
 * usage: hopboot boot [--cmdline LINE] [--load-only] ID|TITLE|default
 *
 * Inside hopboot's initramfs, where the discover daemon runs, this is
 * 'hopboot ctl boot ID'. Elsewhere it scans every disk itself, loads the
 * option named by its id, its exact title, or "default", with
 * kexec_file_load, and asks hopboot's PID 1, if that is what runs, to
 * start it (stop processes, unmount, sync, kexec). Outside
 * hopboot's own initramfs, or with --load-only, the kernel is only loaded:
 * 'systemctl kexec' or 'kexec -e' starts it. --cmdline replaces the
 * option's command line.
 * Exit status: 0 loaded, 1 not found or not loadable, 2 bad usage.
 */
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "daemon_socket.h"
#include "init_signals.h"
#include "log.h"
#include "option.h"
#include "discover/session.h"

static void usage(FILE *f)
{
	fputs("usage: hopboot boot [--cmdline LINE] [--load-only] "
	      "ID|TITLE|default\n"
	      "Load a boot option found on the disks and start it.\n", f);
}

/* True when PID 1 is this same hopboot binary, which starts the kernel on
 * INIT_SIGNAL_KEXEC. */
static bool init_is_hopboot(void)
{
	char a[PATH_MAX], b[PATH_MAX];
	ssize_t na = readlink("/proc/1/exe", a, sizeof(a) - 1);
	ssize_t nb = readlink("/proc/self/exe", b, sizeof(b) - 1);

	return na > 0 && na == nb && !memcmp(a, b, (size_t)na);
}

int boot_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "cmdline", required_argument, NULL, 'c' },
		{ "load-only", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *cmdline = NULL;
	bool load_only = false;
	struct boot_option *opt;
	struct session s;
	int c, r;

	while ((c = getopt_long(argc, argv, "c:lh", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			cmdline = optarg;
			break;
		case 'l':
			load_only = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	/* Inside hopboot's initramfs the daemon already knows every option
	 * and holds the devices' state: ask it rather than scan again. */
	if (!load_only && access(DAEMON_SOCKET, F_OK) == 0) {
		char *ctl_argv[] = { "ctl", "boot", argv[optind], "--cmdline",
				     (char *)cmdline, NULL };

		if (!cmdline)
			ctl_argv[3] = NULL;
		optind = 1;
		return ctl_main(cmdline ? 5 : 3, ctl_argv);
	}
	if (session_discover(&s) < 0)
		return 1;
	opt = session_find(&s, argv[optind]);
	if (!opt) {
		log_error("no boot option is called '%s'; 'hopboot scan "
			  "/dev/DISK' or /run/hopboot/options.json lists them",
			  argv[optind]);
		session_end(&s);
		return 1;
	}
	r = session_load(&s, opt, cmdline);
	if (r == 0 && !load_only && init_is_hopboot())
		log_info("starting \"%s\"", opt->title);
	session_end(&s);
	if (r < 0)
		return 1;
	if (!load_only && init_is_hopboot()) {
		kill(1, INIT_SIGNAL_KEXEC);
		return 0;
	}
	printf("Loaded. 'systemctl kexec' or 'kexec -e' starts it.\n");
	return 0;
}
