/* discover.c - hopboot discover: find every boot option, boot the default.
 *
 * usage: hopboot discover [--timeout SECONDS]
 *
 * Scans every disk, prints the boot options on standard output, writes
 * them to /run/hopboot/options.json, then counts down SECONDS (default
 * 10; 0 boots at once; -1 never boots by itself) and loads the default
 * option with kexec_file_load. Input on standard input during the count
 * cancels it. PID 1 starts this and, on exit status 0, executes the loaded
 * kernel. Exit status: 0 kernel loaded, 1 nothing could be loaded,
 * 3 cancelled or told not to boot by itself, 2 bad usage.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "log.h"
#include "option.h"
#include "session.h"

#define EXIT_CANCELLED 3

/* Counts down, one line a second. Returns true when the user pressed a
 * key (the line is swallowed), false when the time ran out. */
static bool countdown(const char *title, int seconds)
{
	struct pollfd pfd = { .fd = STDIN_FILENO, .events = POLLIN };
	char buf[64];

	for (int left = seconds; left > 0; left--) {
		printf("\rBooting \"%s\" in %d s; press Enter for a shell. ",
		       title, left);
		fflush(stdout);
		if (poll(&pfd, 1, 1000) > 0 && (pfd.revents & POLLIN)) {
			if (read(STDIN_FILENO, buf, sizeof(buf)) < 0)
				continue;
			printf("\n");
			return true;
		}
	}
	printf("\n");
	return false;
}

int discover_main(int argc, char **argv)
{
	struct session s;
	struct boot_option *opt;
	int timeout = 10, status;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--timeout") && i + 1 < argc) {
			timeout = atoi(argv[++i]);
		} else if (!strcmp(argv[i], "--help")) {
			puts("usage: hopboot discover [--timeout SECONDS]");
			return 0;
		} else {
			fprintf(stderr, "usage: hopboot discover "
				"[--timeout SECONDS]\n");
			return 2;
		}
	}
	if (session_discover(&s) < 0)
		return 1;
	option_set_write_text(s.set, stdout);
	fflush(stdout);

	opt = session_find(&s, "default");
	if (!opt && !s.set->n_devices) {
		log_error("no bootable entry was found: no disk was found at "
			  "all (is the disk controller's driver in "
			  "build/modules.list?)");
		status = 1;
	} else if (!opt) {
		log_error("no bootable entry was found on any disk; the list "
			  "above says why for each device");
		status = 1;
	} else if (timeout < 0) {
		printf("Not booting by itself (hopboot.timeout=-1): "
		       "'hopboot boot ID' boots an entry.\n");
		status = EXIT_CANCELLED;
	} else if (countdown(opt->title, timeout)) {
		status = EXIT_CANCELLED;
	} else {
		status = session_load(&s, opt, NULL) < 0 ? 1 : 0;
	}
	/* The kernel holds its own copy of what was loaded: the disks can go. */
	session_end(&s);
	return status;
}
