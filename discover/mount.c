/* mount.c - read-only mounts with journal replay disabled. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "kmod.h"
#include "log.h"
#include "mount.h"

/* blkid TYPE -> kernel filesystem, the options that keep a read-only mount
 * from writing (a dirty journal is not replayed: a replay writes the disk
 * even under MS_RDONLY), and the modules to load when the kernel does not
 * have the filesystem yet (vfat opens its codepage and charset tables at
 * mount time). */
static const struct fs_rule {
	const char *type, *fstype, *options;
	const char *modules[5];
} fs_rules[] = {
	{ "ext4", "ext4", "noload", { "ext4" } },
	{ "ext3", "ext4", "noload", { "ext4" } },
	{ "ext2", "ext4", NULL, { "ext4" } },
	{ "xfs", "xfs", "norecovery", { "xfs" } },
	{ "btrfs", "btrfs", "rescue=nologreplay", { "btrfs" } },
	{ "vfat", "vfat", NULL,
	  { "vfat", "nls_cp437", "nls_ascii", "nls_iso8859_1", "nls_utf8" } },
	{ "iso9660", "iso9660", NULL, { "isofs" } },
	{ "udf", "udf", NULL, { "udf" } },
	{ "squashfs", "squashfs", NULL, { "squashfs" } },
	{ "erofs", "erofs", NULL, { "erofs" } },
};

static const struct volume_kind {
	const char *type, *kind;
} volume_kinds[] = {
	{ "LVM2_member", "an LVM physical volume" },
	{ "linux_raid_member", "an md RAID member" },
	{ "crypto_LUKS", "a LUKS encrypted volume" },
	{ "BitLocker", "a BitLocker encrypted volume" },
	{ "zfs_member", "a ZFS pool member" },
	{ "bcache", "a bcache backing device" },
};

static const struct fs_rule *find_rule(const char *type)
{
	for (size_t i = 0; type && i < sizeof(fs_rules) / sizeof(*fs_rules); i++)
		if (!strcmp(fs_rules[i].type, type))
			return &fs_rules[i];
	return NULL;
}

bool mount_is_readable_type(const char *type)
{
	return find_rule(type) != NULL;
}

const char *mount_volume_kind(const char *type)
{
	for (size_t i = 0; type && i < sizeof(volume_kinds) / sizeof(*volume_kinds); i++)
		if (!strcmp(volume_kinds[i].type, type))
			return volume_kinds[i].kind;
	return NULL;
}

/* True when /proc/filesystems lists fstype. */
static bool kernel_has(const char *fstype)
{
	char line[128];
	FILE *f = fopen("/proc/filesystems", "re");
	bool has = false;

	if (!f)
		return false;
	while (!has && fgets(line, sizeof(line), f)) {
		const char *name = strrchr(line, '\t');

		name = name ? name + 1 : line;
		has = !strncmp(name, fstype, strlen(fstype)) &&
		      name[strlen(fstype)] == '\n';
	}
	fclose(f);
	return has;
}

/* hopboot's image loads filesystem modules when a disk first needs them
 * (build/modules.list). A module that is missing or built in is not an
 * error here: mount() says what it says. */
static void load_modules(const struct fs_rule *rule)
{
	if (kernel_has(rule->fstype))
		return;
	for (size_t i = 0; i < sizeof(rule->modules) / sizeof(*rule->modules) &&
			   rule->modules[i]; i++) {
		int r = kmod_load(rule->modules[i]);

		if (r < 0 && r != -ENOENT)
			log_debug("unable to load module %s: %s",
				  rule->modules[i], strerror(-r));
	}
}

/* mountinfo escapes blanks and backslashes in paths as \ooo. */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 |
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

/* Where the running system already has node's whole filesystem mounted
 * (a mount whose root is the filesystem's root), or false. */
static bool find_mounted(const char *node, char *where, size_t size)
{
	char line[4096], root[1024], point[1024];
	unsigned maj, min;
	struct stat st;
	bool found = false;
	FILE *f;

	if (stat(node, &st) < 0 || !S_ISBLK(st.st_mode))
		return false;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%*u %*u %u:%u %1023s %1023s", &maj, &min,
			   root, point) != 4 ||
		    maj != major(st.st_rdev) || min != minor(st.st_rdev) ||
		    strcmp(root, "/"))
			continue;
		unescape(point);
		found = (size_t)snprintf(where, size, "%s", point) < size;
	}
	fclose(f);
	return found;
}

/* The filesystem is mounted read-write by the running system (hopboot
 * kexec, hopboot menu in a host initramfs): a second mount with other
 * options is refused as busy. A read-only bind of the existing mount reads
 * the same files without touching the system's mount. */
static int bind_readonly(const char *node, const char *dir)
{
	const unsigned long ro = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	char where[1024];

	if (!find_mounted(node, where, sizeof(where)))
		return -EBUSY;
	if (mount(where, dir, NULL, MS_BIND, NULL) < 0)
		return -errno;
	if (mount(NULL, dir, NULL, MS_REMOUNT | MS_BIND | ro, NULL) < 0) {
		int err = -errno;

		umount2(dir, MNT_DETACH);
		return err;
	}
	log_debug("%s is mounted on %s already; reading it there", node, where);
	return 0;
}

/* The block devices this process made read-only (BLKROSET), so that a
 * `hopboot scan` on a running system can make them writable again after
 * unmounting. Prober threads mount in parallel, hence the lock. A device
 * that does not fit is left as it was rather than made read-only for good. */
#define RO_MAX 64
static dev_t ro_devs[RO_MAX];
static size_t n_ro_devs;
static pthread_mutex_t ro_lock = PTHREAD_MUTEX_INITIALIZER;

/* True when PID 1 is this very program: hopboot in its own initramfs,
 * where nothing but hopboot uses the disks until kexec. There they stay
 * read-only after unmounting (the rescue shell's `blockdev --setrw` undoes
 * it). Anywhere else (hopboot scan on a live system, a host initramfs that
 * goes on to mount its root read-write) they are given back as they were. */
static bool keep_readonly(void)
{
	struct stat one, self;

	return !stat("/proc/1/exe", &one) && !stat("/proc/self/exe", &self) &&
	       one.st_dev == self.st_dev && one.st_ino == self.st_ino;
}

/* True when some mount of the running system (any namespace we can see)
 * is on rdev. Making such a device read-only would fail the writes of a
 * filesystem someone is using; hopboot reads it through a bind instead. */
static bool is_mounted(dev_t rdev)
{
	char line[4096];
	unsigned maj, min;
	bool found = false;
	FILE *f = fopen("/proc/self/mountinfo", "re");

	if (!f)
		return true;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*u %*u %u:%u", &maj, &min) == 2 &&
			maj == major(rdev) && min == minor(rdev);
	fclose(f);
	return found;
}

/* In hopboot's initramfs the daemon's own log is a file in /run; a device
 * that stays read-only until the next kernel is worth a line in the kernel
 * log too, where dmesg in the rescue shell (and the console) shows it. */
static void log_kernel_readonly(const char *node)
{
	int fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);

	log_info("set %s read-only (BLKROSET) before mounting it; it stays "
		 "read-only until the next kernel", node);
	if (fd < 0)
		return;
	dprintf(fd, "<5>hopboot: set %s read-only (BLKROSET) before mounting "
		"it; it stays read-only until the next kernel\n", node);
	close(fd);
}

/* Sets node read-only in the block layer before it is mounted: then no
 * write reaches the disk whatever a filesystem driver decides (a journal
 * replay or orphan cleanup that the mount options missed, a driver bug).
 * Only the node being mounted is changed: a partition, or a whole disk
 * that holds a filesystem itself. A device already read-only, in use by a
 * mount, or not a block device (a directory scan) is left alone. */
static void block_readonly(const char *node)
{
	struct stat st;
	int fd, ro = 0, one = 1;
	bool keep;

	if (stat(node, &st) < 0 || !S_ISBLK(st.st_mode) ||
	    is_mounted(st.st_rdev))
		return;
	keep = keep_readonly();
	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return;
	pthread_mutex_lock(&ro_lock);
	if (ioctl(fd, BLKROGET, &ro) < 0 || ro) {
		pthread_mutex_unlock(&ro_lock);
		close(fd);
		return;
	}
	/* Devices that stay read-only need no record. */
	if (!keep && n_ro_devs == RO_MAX) {
		pthread_mutex_unlock(&ro_lock);
		close(fd);
		log_debug("not setting %s read-only: already tracking %d "
			  "devices", node, RO_MAX);
		return;
	}
	if (ioctl(fd, BLKROSET, &one) < 0) {
		pthread_mutex_unlock(&ro_lock);
		log_debug("unable to set %s read-only: %s", node,
			  strerror(errno));
		close(fd);
		return;
	}
	if (!keep)
		ro_devs[n_ro_devs++] = st.st_rdev;
	pthread_mutex_unlock(&ro_lock);
	close(fd);
	if (keep)
		log_kernel_readonly(node);
	else
		log_debug("set %s read-only (BLKROSET) before mounting it",
			  node);
}

void mount_release(const char *node)
{
	struct stat st;
	bool ours = false;
	int fd, zero = 0;

	if (stat(node, &st) < 0 || !S_ISBLK(st.st_mode) || keep_readonly())
		return;
	pthread_mutex_lock(&ro_lock);
	for (size_t i = 0; !ours && i < n_ro_devs; i++) {
		if (ro_devs[i] != st.st_rdev)
			continue;
		ro_devs[i] = ro_devs[--n_ro_devs];
		ours = true;
	}
	pthread_mutex_unlock(&ro_lock);
	if (!ours)
		return;
	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || ioctl(fd, BLKROSET, &zero) < 0)
		log_error("unable to make %s writable again: %s; run "
			  "`blockdev --setrw %s`", node, strerror(errno), node);
	else
		log_debug("made %s writable again after unmounting it", node);
	if (fd >= 0)
		close(fd);
}

/* The first device stacked on node (/sys/class/block/NAME/holders), such
 * as the dm map over a disk: the kernel lets only it open the disk. */
static bool holder_of(const char *node, char *name, size_t len)
{
	const char *base = strrchr(node, '/');
	char path[PATH_MAX];
	struct dirent *e;
	bool found = false;
	DIR *dir;

	snprintf(path, sizeof(path), "/sys/class/block/%s/holders",
		 base ? base + 1 : node);
	dir = opendir(path);
	if (!dir)
		return false;
	while (!found && (e = readdir(dir)))
		if (e->d_name[0] != '.')
			found = snprintf(name, len, "%s", e->d_name) < (int)len;
	closedir(dir);
	return found;
}

int mount_readonly(const char *node, const char *type, const char *dir,
		   char *msg, size_t msglen)
{
	const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	const struct fs_rule *rule = find_rule(type);
	char holder[NAME_MAX + 1];
	int err;

	if (!rule) {
		snprintf(msg, msglen, "%s holds a %s filesystem, which hopboot "
			 "cannot read", node, type);
		return -EINVAL;
	}
	load_modules(rule);
	block_readonly(node);
	if (!mount(node, dir, rule->fstype, flags, rule->options))
		return 0;
	err = errno;
	/* Kernels before 5.9 spell the btrfs option without "rescue=". */
	if (err == EINVAL && !strcmp(rule->fstype, "btrfs") &&
	    !mount(node, dir, "btrfs", flags, "nologreplay"))
		return 0;
	mount_release(node);
	if (err == EBUSY && bind_readonly(node, dir) == 0)
		return 0;
	if (err == EBUSY && holder_of(node, holder, sizeof(holder)))
		snprintf(msg, msglen, "cannot mount %s: /dev/%s (device-mapper, "
			 "RAID or LUKS) holds it, so its files are read "
			 "through /dev/%s", node, holder, holder);
	else if (err == ENODEV)
		snprintf(msg, msglen, "cannot mount %s: this kernel has no %s "
			 "driver (load the %s module or build it in)", node,
			 rule->fstype, rule->fstype);
	else if (err == EINVAL || err == EUCLEAN || err == EIO)
		snprintf(msg, msglen, "cannot mount %s read-only as %s (%s): "
			 "the filesystem may be damaged; check it with fsck "
			 "from another system", node, rule->fstype,
			 strerror(err));
	else
		snprintf(msg, msglen, "cannot mount %s read-only as %s: %s",
			 node, rule->fstype, strerror(err));
	return -err;
}
