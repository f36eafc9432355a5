/* memdisk.c - the files of a GRUB memdisk image, a tar archive or a FAT filesystem. */
#include <errno.h>
#include <string.h>

#include "arena.h"
#include "grub2/image.h"

#define TAR_BLOCK 512
/* Directories visited and bytes gathered in one walk: a crafted FAT whose
 * folders contain each other must not make the walk exponential. */
#define FAT_DIRS_MAX 1024
#define FAT_GATHER_MAX (64u << 20)

struct walk {
	grub2_memdisk_fn fn;
	void *arg;
	int files;
	char path[GRUB2_MEMDISK_NAME_MAX + 2];
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

static int fail(const char **why, const char *msg)
{
	*why = msg;
	return -ENOEXEC;
}

/*
 * Appends name's components to w->path (of length at) as fs/archelp.c's
 * canonicalize() reads them: empty and "." dropped, ".." removes the one
 * before. Returns the new length, or -1 for a name that is too long, has a
 * control character, or leaves nothing.
 */
static int append(struct walk *w, size_t at, const char *name, size_t n)
{
	size_t len = at;

	for (size_t i = 0; i < n;) {
		size_t k = 0;

		while (i + k < n && name[i + k] != '/')
			k++;
		if (k == 2 && name[i] == '.' && name[i + 1] == '.') {
			while (len > 0 && w->path[len - 1] != '/')
				len--;
			if (len > 0)
				len--;
		} else if (k && !(k == 1 && name[i] == '.')) {
			if (len + 1 + k > GRUB2_MEMDISK_NAME_MAX)
				return -1;
			w->path[len++] = '/';
			for (size_t j = 0; j < k; j++) {
				unsigned char c = (unsigned char)name[i + j];

				if (c < 0x20 || c == 0x7f)
					return -1;
				w->path[len++] = (char)c;
			}
		}
		i += k + 1;
	}
	w->path[len] = '\0';
	return len > at || (at == 0 && len > 0) ? (int)len : -1;
}

static int give(struct walk *w, const void *data, size_t size)
{
	int r;

	if (w->files >= GRUB2_MEMDISK_FILES_MAX)
		return 0;
	r = w->fn(w->arg, w->path, data, size);
	if (r < 0)
		return r;
	w->files++;
	return 0;
}

/* fs/tar.c's read_number: octal digits, stopping at the first other. */
static uint64_t octal(const unsigned char *s, size_t n)
{
	uint64_t v = 0;

	while (n-- && *s >= '0' && *s <= '7')
		v = v << 3 | (uint64_t)(*s++ & 7);
	return v;
}

static uint64_t blocks(uint64_t size)
{
	return (size + TAR_BLOCK - 1) / TAR_BLOCK * TAR_BLOCK;
}

/* fs/tar.c grub_cpio_find_file, over every header in turn. */
static int walk_tar(const unsigned char *b, size_t len, struct walk *w)
{
	const char *longname = NULL;
	size_t longlen = 0;
	uint64_t off = 0;

	while (len - off >= TAR_BLOCK) {
		const unsigned char *h = b + off;
		uint64_t size = octal(h + 124, 12), data = off + TAR_BLOCK;
		char type = (char)h[156];
		int n;

		if (!h[0] && !h[345])
			break;		/* the end */
		if (memcmp(h + 257, "ustar", 5))
			break;		/* "invalid tar archive": no more */
		if (size > len - data)
			break;		/* cut off: GRUB's read fails */
		if (type == 'L' || type == 'K') {
			if (type == 'L') {
				longname = (const char *)b + data;
				longlen = strnlen(longname, (size_t)size);
			}
			off = data + blocks(size);
			continue;
		}
		if (longname) {
			n = append(w, 0, longname, longlen);
		} else {
			char name[256 + 1];
			size_t p = strnlen((const char *)h + 345, 155), k = 0;

			if (p) {
				memcpy(name, h + 345, p);
				name[p] = '/';
				k = p + 1;
			}
			memcpy(name + k, h, strnlen((const char *)h, 100));
			k += strnlen((const char *)h, 100);
			n = append(w, 0, name, k);
		}
		longname = NULL;
		/* '0' is a file (and '\0', '7' the same to old and other
		 * tars); links, folders and devices give no bytes. */
		if (n > 0 && (type == '0' || type == '\0' || type == '7')) {
			int r = give(w, b + data, (size_t)size);

			if (r < 0)
				return r;
		}
		if (blocks(size) > len - data)
			break;
		off = data + blocks(size);
	}
	return w->files;
}

struct fat {
	const unsigned char *b;
	size_t len;
	struct arena *a;
	uint64_t fat_off, root_off, root_bytes, data_off, cluster_bytes;
	uint32_t clusters;	/* fs/fat.c's num_clusters: the last + 1 */
	uint32_t root_cluster;
	uint32_t eof;
	int bits;		/* 12, 16 or 32 */
	unsigned dirs;
	uint64_t gathered;
};

/* The FAT's entry for cluster c, or 0 when it lies outside the image. */
static uint32_t fat_next(const struct fat *f, uint32_t c)
{
	uint64_t at;

	if (f->bits == 12) {
		at = f->fat_off + c + c / 2;
		if (at + 2 > f->len)
			return 0;
		return c & 1 ? le16(f->b + at) >> 4 : le16(f->b + at) & 0xfff;
	}
	at = f->fat_off + (uint64_t)c * (f->bits / 8);
	if (at + f->bits / 8 > f->len)
		return 0;
	return f->bits == 16 ? le16(f->b + at) :
	       le32(f->b + at) & 0x0fffffff;
}

/* Follows the cluster chain from c for at most max bytes, copying them
 * to out when it is not NULL. Returns the bytes the chain holds (fewer
 * than max when it ends first), or -1 when it is bad: a free, reserved
 * or out-of-range cluster, a loop, bytes beyond the image. */
static int64_t chain(const struct fat *f, uint32_t c, uint64_t max,
		     unsigned char *out)
{
	uint64_t n = 0;

	for (uint32_t steps = 0; n < max; steps++) {
		uint64_t at = f->data_off + (uint64_t)(c - 2) * f->cluster_bytes;
		uint64_t k = max - n < f->cluster_bytes ? max - n :
			     f->cluster_bytes;

		if (c < 2 || c >= f->clusters || steps >= f->clusters ||
		    at > f->len || k > f->len - at)
			return -1;
		if (out)
			memcpy(out + n, f->b + at, (size_t)k);
		n += k;
		if (n < max) {
			c = fat_next(f, c);
			if (c >= f->eof)
				break;
		}
	}
	return (int64_t)n;
}

/* The bytes of a cluster chain from c, at most max, in one buffer from
 * the arena; NULL when the chain is bad or the walk's budget is spent,
 * or with *oom set when memory ran out. */
static unsigned char *gather(struct fat *f, uint32_t c, uint64_t max,
			     size_t *got, bool *oom)
{
	int64_t n = chain(f, c, max < f->len ? max : f->len, NULL);
	unsigned char *buf;

	*got = 0;
	/* Past the walk's budget, the rest is skipped as unreadable. */
	if (n < 0 || f->gathered + (uint64_t)n > FAT_GATHER_MAX)
		return NULL;
	buf = arena_alloc(f->a, n ? (size_t)n : 1);
	if (!buf) {
		*oom = true;
		return NULL;
	}
	chain(f, c, (uint64_t)n, buf);
	f->gathered += (uint64_t)n;
	*got = (size_t)n;
	return buf;
}

/* UTF-16LE code units (stopping at a 0) to UTF-8 in out; false when the
 * result does not fit or holds '/' or a control character. */
static bool utf16_name(const uint16_t *u, size_t n, char *out, size_t size)
{
	size_t k = 0;

	for (size_t i = 0; i < n && u[i]; i++) {
		uint32_t c = u[i];

		if (c >= 0xd800 && c < 0xdc00 && i + 1 < n &&
		    u[i + 1] >= 0xdc00 && u[i + 1] < 0xe000)
			c = 0x10000 + ((c - 0xd800) << 10) + (u[++i] - 0xdc00);
		if (c < 0x20 || c == 0x7f || c == '/' || k + 4 >= size)
			return false;
		if (c < 0x80) {
			out[k++] = (char)c;
		} else if (c < 0x800) {
			out[k++] = (char)(0xc0 | c >> 6);
			out[k++] = (char)(0x80 | (c & 0x3f));
		} else if (c < 0x10000) {
			out[k++] = (char)(0xe0 | c >> 12);
			out[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[k++] = (char)(0x80 | (c & 0x3f));
		} else {
			out[k++] = (char)(0xf0 | c >> 18);
			out[k++] = (char)(0x80 | ((c >> 12) & 0x3f));
			out[k++] = (char)(0x80 | ((c >> 6) & 0x3f));
			out[k++] = (char)(0x80 | (c & 0x3f));
		}
	}
	out[k] = '\0';
	return k > 0;
}

/* fs/fat.c's 8.3 name: lower case, trailing blanks dropped, a '.' before
 * a non-empty extension. */
static void short_name(const unsigned char *e, char *out)
{
	int i, k = 0;

	for (i = 0; i < 8 && e[i]; i++)
		out[k++] = (char)(e[i] >= 'A' && e[i] <= 'Z' ? e[i] + 32 : e[i]);
	while (k > 0 && out[k - 1] == ' ')
		k--;
	out[k++] = '.';
	for (i = 8; i < 11 && e[i]; i++)
		out[k++] = (char)(e[i] >= 'A' && e[i] <= 'Z' ? e[i] + 32 : e[i]);
	while (out[k - 1] == ' ')
		k--;
	if (out[k - 1] == '.')
		k--;
	out[k] = '\0';
}

enum {
	ATTR_VOLUME = 0x08,
	ATTR_DIR = 0x10,
	ATTR_LONG = 0x0f,
	ATTR_VALID = 0x3f,
};

static int walk_dir(struct fat *f, struct walk *w, const unsigned char *d,
		    size_t n, size_t at, int depth);

static int visit(struct fat *f, struct walk *w, const unsigned char *e,
		 const char *name, size_t at, int depth)
{
	uint32_t c = le16(e + 26) | (f->bits == 32 ? (uint32_t)le16(e + 20) << 16 : 0);
	unsigned char *data;
	size_t got;
	bool oom = false;
	int len = append(w, at, name, strlen(name));

	if (len <= (int)at)
		return 0;
	if (e[11] & ATTR_DIR) {
		if (depth >= GRUB2_MEMDISK_DEPTH_MAX || ++f->dirs > FAT_DIRS_MAX)
			return 0;
		data = gather(f, c, f->len, &got, &oom);
		/* A folder's chain ends before the image does. */
		if (!data && !oom)
			return 0;
		return oom ? -ENOMEM :
		       walk_dir(f, w, data, got, (size_t)len, depth + 1);
	}
	data = gather(f, c, le32(e + 28), &got, &oom);
	if (oom)
		return -ENOMEM;
	if (!data || got != le32(e + 28))
		return 0;	/* GRUB cannot read it either */
	return give(w, data, got);
}

/* fs/fat.c grub_fat_iterate_dir_next over n bytes of entries. */
static int walk_dir(struct fat *f, struct walk *w, const unsigned char *d,
		    size_t n, size_t at, int depth)
{
	uint16_t uni[20 * 13 + 1];
	int checksum = -1, slot = -1, slots = -1;

	for (size_t off = 0; off + 32 <= n; off += 32) {
		const unsigned char *e = d + off;
		unsigned char name83[11];
		char name[GRUB2_MEMDISK_NAME_MAX];
		bool lfn = false;
		int r;

		if (!e[0])
			break;
		if (e[11] == ATTR_LONG) {
			int id = e[0];

			if (id & 0x40) {
				id &= 0x3f;
				slots = slot = id;
				checksum = e[13];
			}
			if (id != slot || slot == 0 || slot > 20 ||
			    checksum != e[13]) {
				checksum = -1;
				continue;
			}
			slot--;
			for (int i = 0; i < 5; i++)
				uni[slot * 13 + i] = le16(e + 1 + 2 * i);
			for (int i = 0; i < 6; i++)
				uni[slot * 13 + 5 + i] = le16(e + 14 + 2 * i);
			for (int i = 0; i < 2; i++)
				uni[slot * 13 + 11 + i] = le16(e + 28 + 2 * i);
			continue;
		}
		if (e[0] == 0xe5 || (e[11] & ~ATTR_VALID))
			continue;
		memcpy(name83, e, 11);
		if (name83[0] == 0x05)
			name83[0] = 0xe5;
		if (checksum != -1 && slot == 0) {
			unsigned char sum = 0;

			for (int i = 0; i < 11; i++)
				sum = (unsigned char)(((sum >> 1) | (sum << 7)) +
						      name83[i]);
			lfn = sum == checksum &&
			      utf16_name(uni, (size_t)slots * 13, name,
					 sizeof(name));
		}
		checksum = -1;
		if (e[11] & ATTR_VOLUME)
			continue;	/* the label */
		if (!lfn)
			short_name(name83, name);
		if (!strcmp(name, ".") || !strcmp(name, ".."))
			continue;
		r = visit(f, w, e, name, at, depth);
		if (r < 0)
			return r;
	}
	return w->files;
}

/* fs/fat.c grub_fat_mount's checks; false when it is no FAT. */
static bool fat_mount(struct fat *f)
{
	const unsigned char *b = f->b;
	uint32_t bps, spc, reserved, nfats, root_entries;
	uint64_t total, spf, clusters;

	if (f->len < 512)
		return false;	/* no boot sector */
	bps = le16(b + 11);
	spc = b[13];
	reserved = le16(b + 14);
	nfats = b[16];
	root_entries = le16(b + 17);
	total = le16(b + 19) ? le16(b + 19) : le32(b + 32);
	spf = le16(b + 22) ? le16(b + 22) : le32(b + 36);
	if (bps < 512 || bps >= 65536 || (bps & (bps - 1)) || !spc ||
	    (spc & (spc - 1)) || !reserved || !nfats || !spf || !total)
		return false;
	f->cluster_bytes = (uint64_t)bps * spc;
	f->fat_off = (uint64_t)reserved * bps;
	f->root_off = f->fat_off + nfats * spf * bps;
	f->root_bytes = ((uint64_t)root_entries * 32 + bps - 1) / bps * bps;
	f->data_off = f->root_off + f->root_bytes;
	if (total * bps <= f->data_off)
		return false;
	clusters = (total * bps - f->data_off) / f->cluster_bytes + 2;
	if (clusters <= 2 || clusters > 0x0ffffff7)
		return false;
	f->clusters = (uint32_t)clusters;
	if (!le16(b + 22)) {
		uint16_t flags = le16(b + 40);

		if (root_entries || le16(b + 42))
			return false;
		f->bits = 32;
		f->eof = 0x0ffffff8;
		f->root_cluster = le32(b + 44);
		if (flags & 0x80) {
			if ((flags & 0xf) > nfats)
				return false;
			f->fat_off += (flags & 0xf) * spf * bps;
		}
	} else {
		f->bits = clusters <= 4085 + 2 ? 12 : 16;
		f->eof = f->bits == 12 ? 0x0ff8 : 0xfff8;
	}
	/* The first FAT entry holds the media byte: 0xF?? with the high
	 * bits set (fs/fat.c's magic check). */
	if (f->fat_off + 4 > f->len)
		return false;
	{
		uint32_t first = le32(b + f->fat_off);
		uint32_t mask = f->bits == 32 ? 0x0fffffff :
				f->bits == 16 ? 0xffff : 0xfff;
		uint32_t magic = f->bits == 32 ? 0x0fffff00 :
				 f->bits == 16 ? 0xff00 : 0x0f00;

		if (((first & mask) | 0xff) != (magic | 0xff))
			return false;
	}
	return true;
}

int grub2_memdisk_walk(const void *buf, size_t len, struct arena *a,
		       grub2_memdisk_fn fn, void *arg, const char **why)
{
	const unsigned char *b = buf;
	struct walk w = { .fn = fn, .arg = arg };
	struct fat f = { .b = b, .len = len, .a = a };
	const unsigned char *root;
	size_t got;
	bool oom = false;

	if (len >= TAR_BLOCK && !memcmp(b + 257, "ustar", 5))
		return walk_tar(b, len, &w);
	if (!fat_mount(&f))
		return fail(why, "holds neither a tar archive nor a FAT filesystem, the two kinds hopboot reads");
	if (f.bits == 32) {
		root = gather(&f, f.root_cluster, len, &got, &oom);
	} else {
		root = NULL;
		got = (size_t)f.root_bytes;
		if (f.root_off <= len && f.root_bytes <= len - f.root_off)
			root = b + f.root_off;
	}
	if (oom)
		return -ENOMEM;
	if (!root)
		return fail(why, "is damaged: its FAT root folder lies beyond its end");
	return walk_dir(&f, &w, root, got, 0, 0);
}
