/* dm-table.c - the two dmsetup commands the read-error test needs.
 *
 * Usage: dm-table create NAME 'START LENGTH TARGET ARGS'...
 *        dm-table remove NAME
 *
 * create makes a read-only device-mapper device from one table line per
 * argument (dmsetup's table syntax) and activates it; the kernel's
 * devtmpfs then shows it as /dev/dm-N. It exists because hopboot's image
 * has no dmsetup (nor the libdevmapper it needs) and the QEMU test wants
 * a disk whose chosen blocks return EIO: the `error` target. It talks to
 * /dev/mapper/control through the ioctls of <linux/dm-ioctl.h>.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dm-ioctl.h>

#define TABLE_MAX 16384

/* The ioctl buffer: the header, then for a table load the target specs,
 * each followed by its NUL-terminated arguments, 8-byte aligned. */
static union {
	struct dm_ioctl io;
	char bytes[sizeof(struct dm_ioctl) + TABLE_MAX];
} buf;

static void start(const char *name, uint32_t flags)
{
	memset(&buf, 0, sizeof(buf));
	buf.io.version[0] = DM_VERSION_MAJOR;
	buf.io.data_size = sizeof(buf);
	buf.io.data_start = sizeof(struct dm_ioctl);
	buf.io.flags = flags;
	snprintf(buf.io.name, sizeof(buf.io.name), "%s", name);
}

static int call(int ctl, unsigned long req, const char *what,
		const char *name)
{
	if (ioctl(ctl, req, &buf) == 0)
		return 0;
	fprintf(stderr, "dm-table: %s %s: %s\n", what, name, strerror(errno));
	return 1;
}

/* Appends "START LENGTH TARGET ARGS" as one target spec. */
static int add_target(size_t *used, const char *line)
{
	struct dm_target_spec *spec;
	uint64_t start, length;
	char type[DM_MAX_TYPE_NAME];
	int n = 0;
	size_t args_len, size;

	if (sscanf(line, "%" SCNu64 " %" SCNu64 " %15s %n", &start, &length,
		   type, &n) < 3 || !n) {
		fprintf(stderr, "dm-table: '%s' is not 'START LENGTH TARGET ARGS'\n",
			line);
		return 1;
	}
	args_len = strlen(line + n) + 1;
	size = (sizeof(*spec) + args_len + 7) & ~(size_t)7;
	if (*used + size > TABLE_MAX) {
		fprintf(stderr, "dm-table: the table is over %d bytes\n",
			TABLE_MAX);
		return 1;
	}
	spec = (struct dm_target_spec *)(buf.bytes + buf.io.data_start +
					 *used);
	spec->sector_start = start;
	spec->length = length;
	spec->next = (uint32_t)size;
	memcpy(spec->target_type, type, strlen(type) + 1);
	memcpy(spec + 1, line + n, args_len);
	*used += size;
	buf.io.target_count++;
	return 0;
}

static int create(int ctl, const char *name, int nlines, char **lines)
{
	size_t used = 0;

	start(name, 0);
	if (call(ctl, DM_DEV_CREATE, "create", name))
		return 1;
	start(name, DM_READONLY_FLAG);
	for (int i = 0; i < nlines; i++) {
		if (add_target(&used, lines[i]))
			goto undo;
	}
	if (call(ctl, DM_TABLE_LOAD, "load the table of", name))
		goto undo;
	/* A resume without DM_SUSPEND_FLAG makes the loaded table live. */
	start(name, 0);
	if (call(ctl, DM_DEV_SUSPEND, "resume", name))
		goto undo;
	return 0;
undo:
	start(name, 0);
	call(ctl, DM_DEV_REMOVE, "remove", name);
	return 1;
}

int main(int argc, char **argv)
{
	bool creating = argc >= 4 && !strcmp(argv[1], "create");
	int ctl, r;

	if (!creating && !(argc == 3 && !strcmp(argv[1], "remove"))) {
		fprintf(stderr, "usage: dm-table create NAME 'START LENGTH TARGET ARGS'...\n"
				"       dm-table remove NAME\n");
		return 2;
	}
	ctl = open("/dev/mapper/control", O_RDWR | O_CLOEXEC);
	if (ctl < 0) {
		fprintf(stderr, "dm-table: /dev/mapper/control: %s (is dm-mod loaded?)\n",
			strerror(errno));
		return 1;
	}
	if (creating) {
		r = create(ctl, argv[2], argc - 3, argv + 3);
	} else {
		start(argv[2], 0);
		r = call(ctl, DM_DEV_REMOVE, "remove", argv[2]);
	}
	close(ctl);
	return r;
}
