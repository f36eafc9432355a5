/* scanner.c - probe, mount read-only and parse each device. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/cdrom.h>

#include "arena.h"
#include "fsview.h"
#include "loader/image.h"
#include "log.h"
#include "mount.h"
#include "option.h"
#include "parser.h"
#include "probe.h"
#include "scanner.h"

#define SYS_BLOCK "/sys/class/block"

void scanner_init(struct scanner *s, struct option_set *set,
		  const char *mnt_base)
{
	memset(s, 0, sizeof(*s));
	s->set = set;
	s->mnt_base = mnt_base;
	s->firmware = scanner_firmware();
}

enum parse_firmware scanner_firmware(void)
{
	return access("/sys/firmware/efi", F_OK) == 0 ? FIRMWARE_EFI :
							 FIRMWARE_BIOS;
}

const char *scanner_unique_id(struct option_set *set, const char *base)
{
	const char *id = base;

	for (int n = 2; id && option_set_device(set, id); n++)
		id = arena_printf(set->arena, "%s~%d", base, n);
	return id;
}

/* The id that names a device in option resources: the filesystem UUID is
 * what configs refer to and survives renumbering. fallback (the kernel
 * name) is copied: callers may hold it in a buffer of their own. */
static const char *device_id(struct option_set *set, const struct device *d,
			     const char *fallback)
{
	const char *base;

	if (d->uuid)
		base = arena_printf(set->arena, "uuid:%s", d->uuid);
	else if (d->partuuid)
		base = arena_printf(set->arena, "partuuid:%s", d->partuuid);
	else
		base = arena_strdup(set->arena, fallback);
	return base ? scanner_unique_id(set, base) : NULL;
}

int scanner_scan_dir(struct scanner *s, const char *dir)
{
	struct device *dev = option_set_add_device(s->set);

	if (!dev)
		return -ENOMEM;
	dev->path = arena_strdup(s->set->arena, dir);
	dev->id = dev->path;
	dev->root = dev->path;
	return dev->path ? 0 : -ENOMEM;
}

static int add_mount(struct scanner *s, const char *dir, struct device *dev)
{
	void *v = s->mounts;
	int r = arena_grow(s->set->arena, &v, &s->cap_mounts, s->n_mounts + 1,
			   sizeof(*s->mounts));

	if (r < 0)
		return r;
	s->mounts = v;
	s->mounts[s->n_mounts++] = (struct scanner_mount){
		.dir = dir, .dev = dev, .active = true,
	};
	return 0;
}

static int mount_device(struct scanner *s, struct device *dev,
			const char *name)
{
	char msg[256];
	char *dir;
	int r;

	dir = arena_printf(s->set->arena, "%s/%s", s->mnt_base, name);
	if (!dir)
		return -ENOMEM;
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return strlist_addf(&dev->errors, s->set->arena,
				    "cannot create mount point %s: %s", dir,
				    strerror(errno));
	r = mount_readonly(dev->path, dev->type, dir, msg, sizeof(msg));
	if (r < 0) {
		rmdir(dir);
		return strlist_add(&dev->errors, s->set->arena,
				   arena_strdup(s->set->arena, msg));
	}
	dev->root = dir;
	r = add_mount(s, dir, dev);
	if (r < 0)
		return r;
	log_debug("mounted %s (%s) on %s", dev->path, dev->type, dir);
	return 0;
}

/* Probes one node and, when it holds a filesystem we read, mounts it.
 * Everything that goes wrong is a sentence on the device. */
int scanner_scan_node(struct scanner *s, const char *name)
{
	struct arena *a = s->set->arena;
	struct device *dev = option_set_add_device(s->set);
	const char *kind;
	bool has_ptable;
	int r;

	if (!dev)
		return -ENOMEM;
	dev->path = arena_printf(a, "/dev/%s", name);
	if (!dev->path)
		return -ENOMEM;
	r = probe_device(s->set, dev, dev->path, &has_ptable);
	dev->id = device_id(s->set, dev, name);
	if (!dev->id)
		return -ENOMEM;
	if (r == -EUCLEAN)
		return strlist_addf(&dev->errors, a, "%s carries signatures of "
				    "more than one filesystem; hopboot will "
				    "not guess which is real (wipefs(8) shows "
				    "them)", dev->path);
	if (r == -EIO)
		return strlist_addf(&dev->errors, a, "cannot read %s: the "
				    "device returns read errors (a failing "
				    "disk, a loose cable or a damaged medium)",
				    dev->path);
	if (r < 0)
		return strlist_addf(&dev->errors, a, "cannot read %s: %s",
				    dev->path, strerror(-r));
	if (has_ptable)
		return 0;
	if (!dev->type)
		return strlist_addf(&dev->errors, a, "no filesystem that "
				    "hopboot recognises on %s", dev->path);
	kind = mount_volume_kind(dev->type);
	if (kind)
		return strlist_addf(&dev->errors, a, "%s is %s; hopboot does "
				    "not open those yet, so boot entries inside "
				    "it are not listed", dev->path, kind);
	if (!mount_is_readable_type(dev->type))
		return 0;	/* swap and the like: nothing to boot */
	return mount_device(s, dev, name);
}

static bool sys_attr_is(const char *name, const char *attr, const char *want)
{
	char path[128], buf[32];
	FILE *f;
	bool is = false;

	snprintf(path, sizeof(path), SYS_BLOCK "/%s/%s", name, attr);
	f = fopen(path, "re");
	if (!f)
		return false;
	if (fgets(buf, sizeof(buf), f)) {
		buf[strcspn(buf, "\n")] = '\0';
		is = !strcmp(buf, want);
	}
	fclose(f);
	return is;
}

static bool is_partition(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), SYS_BLOCK "/%s/partition", name);
	return access(path, F_OK) == 0;
}

/* An optical drive with no disc in it reads as I/O errors, not as an
 * empty device. */
static bool drive_is_empty(const char *name)
{
	char node[64];
	int fd, status;

	if (strncmp(name, "sr", 2))
		return false;
	snprintf(node, sizeof(node), "/dev/%s", name);
	fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return true;
	status = ioctl(fd, CDROM_DRIVE_STATUS, CDSL_CURRENT);
	close(fd);
	return status >= 0 && status != CDS_DISC_OK;
}

/* Devices that never hold a boot configuration, or are empty now. */
bool scanner_skip_device(const char *name)
{
	return !strncmp(name, "ram", 3) || !strncmp(name, "zram", 4) ||
	       sys_attr_is(name, "size", "0") || drive_is_empty(name);
}

/* "vda2" < "vda10": compare digit runs by value. */
int scanner_natural_cmp(const void *pa, const void *pb)
{
	const char *a = *(const char *const *)pa;
	const char *b = *(const char *const *)pb;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long x = strtoul(a, (char **)&a, 10);
			unsigned long y = strtoul(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

static int list_block(struct arena *a, struct strlist *names)
{
	struct dirent *de;
	DIR *d = opendir(SYS_BLOCK);
	int r = 0;

	if (!d)
		return -errno;
	while ((de = readdir(d)) && !r)
		if (de->d_name[0] != '.')
			r = strlist_add(names, a, arena_strdup(a, de->d_name));
	closedir(d);
	if (names->n > 1)
		qsort(names->v, names->n, sizeof(*names->v), scanner_natural_cmp);
	return r;
}

/* A partition of disk: /sys/class/block/<disk>/<part>/partition exists. */
static bool is_partition_of(const char *disk, const char *part)
{
	char path[160];

	snprintf(path, sizeof(path), SYS_BLOCK "/%s/%s/partition", disk, part);
	return access(path, F_OK) == 0;
}

int scanner_scan_disk(struct scanner *s, const char *name)
{
	struct strlist names = { 0 };
	int r;

	r = scanner_scan_node(s, name);
	if (r < 0)
		return r;
	r = list_block(s->set->arena, &names);
	if (r < 0)
		return r;
	for (size_t i = 0; i < names.n && r >= 0; i++)
		if (is_partition_of(name, names.v[i]) &&
		    !scanner_skip_device(names.v[i]))
			r = scanner_scan_node(s, names.v[i]);
	return r;
}

int scanner_scan_all(struct scanner *s)
{
	struct strlist names = { 0 };
	int r;

	r = list_block(s->set->arena, &names);
	if (r < 0)
		return r;
	for (size_t i = 0; i < names.n && r >= 0; i++) {
		const char *n = names.v[i];

		/* Loop devices are the host's business, not boot media. */
		if (is_partition(n) || scanner_skip_device(n) || !strncmp(n, "loop", 4))
			continue;
		r = scanner_scan_disk(s, n);
	}
	return r;
}

/* One view per device, by index in set->devices, so that a parser can
 * follow a reference to another device (GRUB 'search', XBOOTLDR). */
static struct fsview *open_views(struct option_set *set)
{
	struct fsview *views = arena_calloc(set->arena, set->n_devices + 1,
					    sizeof(*views));

	for (size_t i = 0; views && i < set->n_devices; i++) {
		struct device *dev = set->devices[i];
		int r;

		views[i].root_fd = -1;
		if (!dev->root)
			continue;
		r = fsview_open(&views[i], dev->root);
		if (r < 0) {
			views[i].root_fd = -1;
			if (strlist_addf(&dev->errors, set->arena,
					 "cannot open %s: %s", dev->root,
					 strerror(-r)) < 0)
				return NULL;
		}
	}
	return views;
}

int scanner_parse(struct scanner *s)
{
	return scanner_parse_set(s->set, s->firmware);
}

/* Image files a parse opened (GRUB loopback of an ISO), each attached
 * and mounted once, all released when the parse of the set ends. */
#define IMAGES_PER_DEVICE 8
#define IMAGES_MAX 32

struct images {
	struct image {
		const struct device *dev;
		const char *path;
		struct image_mount m;
		int err;		/* 0: mounted */
		char msg[200];		/* why not */
	} v[IMAGES_MAX];
	int n;
};

/* parse_ctx.image_view (parsers/parser.h). */
static const struct fsview *image_view(const struct parse_ctx *ctx,
				       const struct device *dev,
				       const char *path, char *why,
				       size_t whylen)
{
	struct images *im = ctx->image_data;
	const struct fsview *fs;
	struct image *img;
	int on_dev = 0;

	for (int i = 0; i < im->n; i++) {
		img = &im->v[i];
		if (img->dev != dev)
			continue;
		on_dev++;
		if (strcmp(img->path, path))
			continue;
		if (!img->err)
			return &img->m.view;
		snprintf(why, whylen, "%s", img->msg);
		return NULL;
	}
	if (on_dev >= IMAGES_PER_DEVICE || im->n == IMAGES_MAX) {
		snprintf(why, whylen, "does not open: a scan opens at most %d images per device and %d in all",
			 IMAGES_PER_DEVICE, IMAGES_MAX);
		return NULL;
	}
	fs = parse_view_of(ctx, dev);
	if (!fs) {
		snprintf(why, whylen, "cannot reach: its device is not mounted");
		return NULL;
	}
	img = &im->v[im->n];
	img->path = arena_strdup(ctx->set->arena, path);
	if (!img->path) {
		snprintf(why, whylen, "cannot open: out of memory");
		return NULL;
	}
	im->n++;
	img->dev = dev;
	img->err = image_mount(&img->m, fs, path, img->msg, sizeof(img->msg));
	if (img->err) {
		log_debug("image %s on %s: %s", path, dev->id, img->msg);
		snprintf(why, whylen, "%s", img->msg);
		return NULL;
	}
	log_debug("image %s on %s mounted on %s", path, dev->id, img->m.dir);
	return &img->m.view;
}

int scanner_parse_set(struct option_set *set, enum parse_firmware firmware)
{
	struct fsview *views = open_views(set);
	struct images *im = calloc(1, sizeof(*im));
	size_t n = set->n_devices;
	int r = 0;

	if (!views || !im) {
		free(im);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n && r >= 0; i++) {
		struct parse_ctx ctx = {
			.fs = &views[i],
			.dev = set->devices[i],
			.set = set,
			.views = views,
			.image_view = image_view,
			.image_data = im,
			.firmware = firmware,
		};

		if (views[i].root_fd >= 0)
			r = parsers_run(&ctx);
	}
	for (int i = 0; i < im->n; i++)
		if (!im->v[i].err)
			image_unmount(&im->v[i].m);
	free(im);
	for (size_t i = 0; i < n; i++)
		if (views[i].root_fd >= 0)
			fsview_close(&views[i]);
	return r < 0 ? r : 0;
}

void scanner_finish(struct scanner *s)
{
	for (size_t i = s->n_mounts; i-- > 0;) {
		struct scanner_mount *m = &s->mounts[i];

		if (!m->active)
			continue;
		if (umount2(m->dir, 0) < 0) {
			log_error("unable to unmount %s: %s; detaching it",
				  m->dir, strerror(errno));
			umount2(m->dir, MNT_DETACH);
		} else {
			mount_release(m->dev->path);
		}
		rmdir(m->dir);
		m->active = false;
		m->dev->root = NULL;
	}
}

int scanner_remount(struct scanner *s)
{
	char msg[256];
	int err = 0;

	for (size_t i = 0; i < s->n_mounts; i++) {
		struct scanner_mount *m = &s->mounts[i];
		int r;

		if (m->active)
			continue;
		if (mkdir(m->dir, 0700) < 0 && errno != EEXIST) {
			err = -errno;
			continue;
		}
		r = mount_readonly(m->dev->path, m->dev->type, m->dir, msg,
				   sizeof(msg));
		if (r < 0) {
			log_info("%s", msg);
			snprintf(m->error, sizeof(m->error), "%s", msg);
			rmdir(m->dir);
			err = r;
			continue;
		}
		m->error[0] = '\0';
		m->active = true;
		m->dev->root = m->dir;
	}
	return err;
}

const char *scanner_remount_error(const struct scanner *s,
				  const struct device *dev)
{
	for (size_t i = 0; i < s->n_mounts; i++)
		if (s->mounts[i].dev == dev && s->mounts[i].error[0])
			return s->mounts[i].error;
	return NULL;
}
