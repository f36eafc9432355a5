/* modules.c - load the image's kernel modules without modprobe. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "init.h"
#include "kmod.h"
#include "log.h"

/* Written by build/mkinitramfs.sh: one module path a line, every
 * dependency before its users, so each finit_module finds its symbols. */
#define LOAD_LIST "/lib/modules/hopboot.load"

/* Disk drivers finish probing asynchronously (SCSI/ATA scans, USB): wait
 * until the list of block devices stops changing for SETTLE_QUIET_MS, but
 * never longer than SETTLE_MAX_MS. Hotplug (issue #5) will make this
 * unnecessary. */
#define SETTLE_STEP_MS 50
#define SETTLE_QUIET_MS 400
#define SETTLE_MAX_MS 5000

static void load_one(const char *path)
{
	int r = kmod_load_file(path);

	/* ENODEV: no such hardware here, the normal case for most drivers. */
	if (r < 0 && r != -ENODEV)
		log_debug("module %s: %s", path, strerror(-r));
}

static int count_block_devices(void)
{
	DIR *d = opendir("/sys/class/block");
	struct dirent *de;
	int n = 0;

	if (!d)
		return 0;
	while ((de = readdir(d)))
		n++;
	closedir(d);
	return n;
}

static void settle(void)
{
	const struct timespec step = { 0, SETTLE_STEP_MS * 1000000L };
	int last = count_block_devices(), quiet = 0;

	for (int t = 0; t < SETTLE_MAX_MS && quiet < SETTLE_QUIET_MS;
	     t += SETTLE_STEP_MS) {
		int now;

		nanosleep(&step, NULL);
		now = count_block_devices();
		quiet = now == last ? quiet + SETTLE_STEP_MS : 0;
		last = now;
	}
}

void init_load_modules(void)
{
	char line[512];
	FILE *f = fopen(LOAD_LIST, "re");
	int n = 0;

	if (!f) {
		log_info("no %s: using only built-in drivers", LOAD_LIST);
	} else {
		while (fgets(line, sizeof(line), f)) {
			line[strcspn(line, "\n")] = '\0';
			if (line[0] && line[0] != '#') {
				load_one(line);
				n++;
			}
		}
		fclose(f);
		log_debug("loaded %d modules", n);
	}
	settle();
}
