/* mount.c - read-only mounts with journal replay disabled. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

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

int mount_readonly(const char *node, const char *type, const char *dir,
		   char *msg, size_t msglen)
{
	const unsigned long flags = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	const struct fs_rule *rule = find_rule(type);
	int err;

	if (!rule) {
		snprintf(msg, msglen, "%s holds a %s filesystem, which hopboot "
			 "cannot read", node, type);
		return -EINVAL;
	}
	load_modules(rule);
	if (!mount(node, dir, rule->fstype, flags, rule->options))
		return 0;
	err = errno;
	/* Kernels before 5.9 spell the btrfs option without "rescue=". */
	if (err == EINVAL && !strcmp(rule->fstype, "btrfs") &&
	    !mount(node, dir, "btrfs", flags, "nologreplay"))
		return 0;
	if (err == EBUSY && bind_readonly(node, dir) == 0)
		return 0;
	if (err == ENODEV)
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
