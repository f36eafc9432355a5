/* main.c - the hopboot multi-call binary: one subcommand per role.
 *
 * usage: hopboot COMMAND [ARGS...]
 *        init        run as PID 1 (what /init is)
 *        discover    the daemon: devices, boot options, countdown, socket
 *        scan        list the boot options on directories, disks or images
 *        net         list the boot options a network interface is offered
 *        boot        load a boot option and start it
 *        ctl         talk to the discover daemon: list, watch, boot
 *        ui          the boot menu on one terminal (a daemon client)
 *        menu        the daemon and a menu, from a running system
 *        kexec       boot an entry of any disk from a running system
 *        fetch       download a tftp:// or http:// URL to a file
 *        --help      this text      --version   the version
 *
 * Run as /init (or any name starting with "init"), hopboot is PID 1.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"

static const struct command {
	const char *name;
	int (*main)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "init", init_main, "run as PID 1 (what /init is)" },
	{ "discover", discover_main, "the daemon: devices, boot options, "
				     "countdown, socket" },
	{ "scan", scan_main, "list the boot options on directories, disks "
			     "or disk images" },
	{ "net", net_main, "list the boot options a network interface is "
			   "offered (DHCP, pxelinux)" },
	{ "boot", boot_main, "load a boot option and start it" },
	{ "ctl", ctl_main, "talk to the discover daemon: list, watch, boot" },
	{ "ui", ui_main, "the boot menu on one terminal (a daemon client)" },
	{ "menu", menu_main, "the daemon and a menu, from a running system" },
	{ "kexec", kexec_main, "boot an entry of any disk from a running "
			       "system" },
	{ "fetch", fetch_main, "download a tftp:// or http:// URL to a "
			       "file" },
};

static void usage(FILE *f)
{
	fputs("usage: hopboot COMMAND [ARGS...]\n\n"
	      "hopboot finds the boot entries of GRUB, syslinux and "
	      "systemd-boot on every\ndisk and starts the chosen kernel with "
	      "kexec.\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fputs("\n'hopboot COMMAND --help' describes one command. "
	      "See hopboot(8).\n", f);
}

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const struct command *cmd;
	static char prog[32];

	base = base ? base + 1 : argv[0];
	/* The kernel runs /init with no arguments: that is PID 1. */
	if (!strncmp(base, "init", 4) || getpid() == 1)
		return init_main(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("hopboot %s\n", HOPBOOT_VERSION);
		return 0;
	}
	cmd = find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "hopboot: unknown command '%s'; "
			"'hopboot --help' lists them\n", argv[1]);
		return 2;
	}
	snprintf(prog, sizeof(prog), "hopboot %s", cmd->name);
	log_prog = prog;
	return cmd->main(argc - 1, argv + 1);
}
