/* net_efi.c - an EFI boot file that is GRUB or shim, read once, and what its GRUB carries kept. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "grub2/image.h"
#include "loader/fetch.h"
#include "log.h"
#include "net.h"
#include "net_efi.h"
#include "option.h"

static bool efi_name(const char *f)
{
	size_t n = strlen(f);

	return n > 4 && !strcasecmp(f + n - 4, ".efi");
}

/* Writes len bytes to the file root/name ("/"-rooted), replacing it.
 * Returns 0 or -errno. */
static int put(const char *root, const char *name, const void *data,
	       size_t len)
{
	char path[PATH_MAX];
	const char *p = data;
	int fd, n = snprintf(path, sizeof(path), "%s%s", root, name);

	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC,
		  0644);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t w = write(fd, p, len);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			int err = w < 0 ? -errno : -EIO;

			close(fd);
			unlink(path);
			return err;
		}
		p += w;
		len -= (size_t)w;
	}
	return close(fd) < 0 ? -errno : 0;
}

static int put_str(const char *side, const char *name, const char *s)
{
	return put(side, name, s, strlen(s));
}

__attribute__((format(printf, 3, 4)))
static void put_msg(const char *side, const char *name, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (put_str(side, name, buf) < 0)
		log_debug("net: unable to keep %s in %s", name, side);
}

/* Downloads url into memory. Returns the mapping (len bytes, munmap it)
 * or NULL with a sentence in err. */
static void *download(const char *url, size_t *len, char *err, size_t errlen)
{
	struct fetch_opts o = { .max_bytes = NET_EFI_MAX, .timeout_ms = 3000 };
	struct stat st;
	void *map;
	int fd = fetch_url(url, &o, err, errlen);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0 || st.st_size <= 0) {
		snprintf(err, errlen, "%s is empty", url);
		close(fd);
		return NULL;
	}
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "unable to map %s: %s", url,
			 strerror(errno));
		return NULL;
	}
	*len = (size_t)st.st_size;
	log_debug("net: fetched %s (%zu bytes)", url, *len);
	return map;
}

struct extract {
	const char *dir;	/* side/memdisk */
	int skipped;
};

/* grub2_memdisk_fn: one memdisk file into side/memdisk. Files a config
 * could not be read from whole (over 4 MiB) are left out. */
static int extract(void *arg, const char *path, const void *data,
		   size_t size)
{
	struct extract *x = arg;

	if (size > FSVIEW_CONFIG_MAX || net_make_parents(x->dir, path) < 0 ||
	    put(x->dir, path, data, size) < 0)
		x->skipped++;
	return 0;
}

/* Keeps what GRUB would use of the image at gpath (its path on the
 * server), loaded by the shim boot file shim (NULL when none). */
static void keep(const char *side, const struct grub2_image *img,
		 const char *gpath, const char *shim)
{
	char dir[PATH_MAX];
	struct extract x = { .dir = dir };
	struct arena *a;
	const char *why = "";
	int r;

	if (img->prefix_len > NET_EFI_PREFIX_MAX ||
	    img->config_len > FSVIEW_CONFIG_MAX) {
		put_msg(side, "/error", "the GRUB image %s carries a prefix or embedded config too large to be real (%zu and %zu bytes); hopboot does not read it",
			gpath, img->prefix_len, img->config_len);
		return;
	}
	if (put_str(side, "/image", gpath) < 0 ||
	    (shim && put_str(side, "/shim", shim) < 0) ||
	    (img->prefix && put(side, "/prefix", img->prefix,
				img->prefix_len) < 0) ||
	    (img->config && put(side, "/config", img->config,
				img->config_len) < 0)) {
		log_info("net: unable to keep what %s carries in %s", gpath,
			 side);
		return;
	}
	if (!img->memdisk)
		return;
	snprintf(dir, sizeof(dir), "%s/memdisk", side);
	a = arena_new();
	if (!a || mkdir(dir, 0755) < 0) {
		arena_free(a);
		return;
	}
	r = grub2_memdisk_walk(img->memdisk, img->memdisk_len, a, extract, &x,
			       &why);
	arena_free(a);
	if (r == -ENOEXEC)
		put_msg(side, "/warning", "the memdisk of the GRUB image %s %s; (memdisk) names no file hopboot can read",
			gpath, why);
	else if (r < 0 || x.skipped)
		put_msg(side, "/warning", "%d files of the memdisk of the GRUB image %s were left out (larger than 4 MiB, or not writable under %s)",
			x.skipped + (r < 0), gpath, dir);
}

/* The boot file and, for shim, the GRUB it loads: downloaded and read. */
static void fetch_side(const char *side, const char *url_base,
		       const char *boot_file)
{
	char err[512], url[PATH_MAX + 300];
	const char *bf = boot_file, *slash, *loader, *why = "";
	struct grub2_image img;
	size_t len = 0, glen = 0;
	void *buf, *gbuf;
	char gpath[PATH_MAX];

	while (*bf == '/')
		bf++;
	snprintf(url, sizeof(url), "%s/%s", url_base, bf);
	buf = download(url, &len, err, sizeof(err));
	if (!buf) {
		put_msg(side, "/error", "unable to read the EFI boot file %s, which the firmware would start: %s",
			boot_file, err);
		return;
	}
	if (grub2_image_read(buf, len, &img, &why) < 0) {
		/* Not an EFI program: the name rules decide. */
		if (img.kind == GRUB2_EFI_GRUB)
			put_msg(side, "/error", "the boot file %s %s", boot_file,
				why);
		goto out_unmap;
	}
	if (img.kind == GRUB2_EFI_GRUB)
		snprintf(gpath, sizeof(gpath), "/%s", bf);
	if (img.kind != GRUB2_EFI_SHIM) {
		if (img.kind == GRUB2_EFI_GRUB)
			keep(side, &img, gpath, NULL);
		goto out_unmap;
	}
	/* shim's netboot.c: its DEFAULT_LOADER from the boot file's own
	 * folder on the same server. */
	loader = grub2_shim_loader(img.machine);
	slash = strrchr(bf, '/');
	if (!loader) {
		put_msg(side, "/error", "the boot file %s is shim for a machine type (0x%04x) hopboot does not know the second stage of",
			boot_file, img.machine);
		goto out_unmap;
	}
	snprintf(gpath, sizeof(gpath), "/%.*s%s%s",
		 slash ? (int)(slash - bf) : 0, bf, slash ? "/" : "", loader);
	snprintf(url, sizeof(url), "%s%s", url_base, gpath);
	gbuf = download(url, &glen, err, sizeof(err));
	if (!gbuf) {
		put_msg(side, "/error", "the boot file %s is shim, which loads %s from its own folder, and that failed as it would for shim: %s",
			boot_file, gpath, err);
		goto out_unmap;
	}
	if (grub2_image_read(gbuf, glen, &img, &why) < 0 ||
	    img.kind != GRUB2_EFI_GRUB)
		put_msg(side, "/error", "the boot file %s is shim, which loads %s from its own folder; that file %s",
			boot_file, gpath, img.kind == GRUB2_EFI_GRUB ||
			why[0] ? why : "is not GRUB, the only second stage hopboot reads");
	else
		keep(side, &img, gpath, boot_file);
	munmap(gbuf, glen);
out_unmap:
	munmap(buf, len);
}

/* A small file of side into the set's arena, or NULL. */
static const char *get(const struct fsview *sv, const char *name, size_t max,
		       struct arena *a, bool *oom)
{
	char *text;
	size_t len;
	int r = fsview_read(sv, name, max, a, &text, &len);

	if (r == -ENOMEM)
		*oom = true;
	return r < 0 ? NULL : text;
}

int net_efi_read(struct option_set *set, struct device *dev,
		 const char *side, const char *url_base,
		 const char *boot_file, bool fetch, struct net_efi *e)
{
	struct arena *a = set->arena;
	struct fsview sv;
	const char *msg;
	char dir[PATH_MAX];
	bool oom = false;
	int r = 0;

	memset(e, 0, sizeof(*e));
	e->memdisk.root_fd = -1;
	if (fetch) {
		net_remove_tree(side);
		if (boot_file && efi_name(boot_file)) {
			if (mkdir(side, 0755) < 0 && errno != EEXIST)
				return strlist_addf(&dev->errors, a, "unable to create %s: %s",
						    side, strerror(errno)) < 0 ? -ENOMEM : 0;
			fetch_side(side, url_base, boot_file);
		}
	}
	if (!boot_file || !efi_name(boot_file) || fsview_open(&sv, side) < 0)
		return 0;
	msg = get(&sv, "/error", 1024, a, &oom);
	if (msg) {
		r = strlist_add(&dev->errors, a, msg) < 0 ? -ENOMEM : 1;
		goto out_close;
	}
	e->img.path = get(&sv, "/image", PATH_MAX, a, &oom);
	if (!e->img.path)
		goto out_close;		/* another EFI program */
	e->img.shim = get(&sv, "/shim", PATH_MAX, a, &oom);
	e->img.prefix = get(&sv, "/prefix", NET_EFI_PREFIX_MAX, a, &oom);
	e->img.config = get(&sv, "/config", FSVIEW_CONFIG_MAX, a, &oom);
	msg = get(&sv, "/warning", 1024, a, &oom);
	if (msg && strlist_add(&dev->errors, a, msg) < 0)
		oom = true;
	snprintf(dir, sizeof(dir), "%s/memdisk", side);
	if (fsview_open(&e->memdisk, dir) == 0)
		e->img.memdisk = &e->memdisk;
	r = oom ? -ENOMEM : 1;
out_close:
	fsview_close(&sv);
	return oom ? -ENOMEM : r;
}

void net_efi_close(struct net_efi *e)
{
	if (e->memdisk.root_fd >= 0)
		fsview_close(&e->memdisk);
	e->memdisk.root_fd = -1;
}
