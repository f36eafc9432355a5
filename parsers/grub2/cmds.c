/* cmds.c - the GRUB 2 commands that decide what boots; the others are accepted and ignored.
 *
 * Each follows its GRUB 2.06 source (grub-core/commands/, loader/,
 * normal/): set/unset/export, source/configfile, load_env, search, test,
 * regexp, the Linux loaders, blscfg (Fedora's patch) and the control
 * builtins of script/execute.c. Nothing here writes: save_env succeeds
 * and does nothing, as hopboot never writes to a disk.
 */
#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "grub2/grub2.h"
#include "grub2/interp.h"
#include "grub2/netboot.h"

int grub2_call(struct grub2 *g, struct grub2_func *f, int argc, char **argv);

static bool valid_name(const char *s, size_t n)
{
	if (!n || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    *s == '_'))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') ||
		      (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return false;
	return true;
}

/* set NAME=VALUE: only the first argument counts, as in GRUB. */
static int c_set(struct grub2 *g, int argc, char **argv)
{
	char *eq;

	if (argc < 2)
		return 0;
	eq = strchr(argv[1], '=');
	if (!eq) {
		g->status = 1;
		return 0;
	}
	*eq = '\0';
	return grub2_set(g, argv[1], eq + 1);
}

static int c_unset(struct grub2 *g, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (grub2_unset(g, argv[i]) < 0)
			return -ENOMEM;
	return 0;
}

static int c_export(struct grub2 *g, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (grub2_export(g, argv[i]) < 0)
			return -ENOMEM;
	return 0;
}

/* Reads a GRUB file name into *text. Returns 0, 1 (status set, warned
 * when warn) or -ENOMEM. */
static int read_file(struct grub2 *g, const char *name, bool warn,
		     char **text, size_t *len, const char **where)
{
	struct device *dev;
	const char *path, *why, *image;
	const struct fsview *fs;
	int r = grub2_resolve(g, name, &dev, &image, &path, &why);

	if (r < 0)
		return r;
	if (r == 0) {
		fs = grub2_view(g, dev, image, &why);
		if (!fs) {
			r = 1;
		} else {
			r = fsview_read(fs, path, FSVIEW_CONFIG_MAX, g->a, text,
					len);
			if (r == -ENOMEM)
				return r;
			why = r == -EFBIG ? "is larger than 4 MiB" :
			      r == -ENOENT ? "does not exist" :
			      r < 0 ? strerror(-r) : NULL;
			r = r < 0;
		}
	}
	if (r) {
		g->status = 1;
		if (warn && grub2_warn(g, "%s %s", name, why) < 0)
			return -ENOMEM;
		return 1;
	}
	if (where && !(*where = image ?
		       arena_printf(g->a, "(%s)%s:(loop)%s",
				    grub2_dev_name(g, dev), image, path) :
		       arena_printf(g->a, "(%s)%s", grub2_dev_name(g, dev),
				    path)))
		return -ENOMEM;
	return 0;
}

static int c_source(struct grub2 *g, int argc, char **argv)
{
	const char *where;
	size_t len;
	char *text;
	int r;

	if (argc < 2) {
		g->status = 1;
		return 0;
	}
	if (g->sources >= GRUB2_SOURCE_MAX)
		return grub2_stop(g, "'%s %s' nests more than %d files deep, so the script was stopped",
				  argv[0], argv[1], GRUB2_SOURCE_MAX);
	r = read_file(g, argv[1], true, &text, &len, &where);
	if (r)
		return r < 0 ? r : 0;
	g->status = 0;
	return grub2_run_text(g, where, text, len, 1);
}

static int c_configfile(struct grub2 *g, int argc, char **argv)
{
	if (argc < 2) {
		g->status = 1;
		return 0;
	}
	if (g->sources >= GRUB2_SOURCE_MAX)
		return grub2_stop(g, "'configfile %s' nests more than %d files deep, so the script was stopped",
				  argv[1], GRUB2_SOURCE_MAX);
	return grub2_configfile(g, argv[1]);
}

/* grubenv: "# GRUB Environment Block" then NAME=VALUE lines, '\' escaping
 * a '\' or a newline in values; '#' lines pad it. */
static int c_load_env(struct grub2 *g, int argc, char **argv)
{
	static const char sig[] = "# GRUB Environment Block\n";
	const char *file = NULL;
	char *text, *p, *end;
	size_t len;
	int first = argc, r;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-f") || !strcmp(argv[i], "--file")) {
			if (i + 1 < argc)
				file = argv[++i];
		} else if (!strncmp(argv[i], "--file=", 7)) {
			file = argv[i] + 7;
		} else if (!strcmp(argv[i], "-s") ||
			   !strcmp(argv[i], "--skip-sig")) {
			continue;
		} else {
			first = i;
			break;
		}
	}
	if (!file) {
		const char *prefix = grub2_get(g, "prefix");

		file = arena_printf(g->a, "%s/grubenv", prefix ? prefix : "");
		if (!file)
			return -ENOMEM;
	}
	r = read_file(g, file, false, &text, &len, NULL);
	if (r)
		return r < 0 ? r : 0;
	if (len < sizeof(sig) - 1 || memcmp(text, sig, sizeof(sig) - 1)) {
		g->status = 1;
		return grub2_warn(g, "%s is not a GRUB environment block (its first line must be '# GRUB Environment Block'); it was not read",
				  file);
	}
	end = text + len;
	for (p = text + sizeof(sig) - 1; p < end;) {
		char *name = p, *eq, *val, *d;

		if (*p == '#' || *p == '\n') {
			p = memchr(p, '\n', (size_t)(end - p));
			p = p ? p + 1 : end;
			continue;
		}
		eq = memchr(p, '=', (size_t)(end - p));
		if (!eq)
			break;
		*eq = '\0';
		val = d = eq + 1;
		for (p = val; p < end && *p != '\n'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			*d++ = *p;
		}
		*d = '\0';
		if (p < end)
			p++;
		if (!valid_name(name, strlen(name)))
			continue;
		if (first < argc) {
			bool wanted = false;

			for (int i = first; i < argc; i++)
				wanted |= !strcmp(argv[i], name);
			if (!wanted)
				continue;
		}
		if (grub2_set(g, name, val) < 0)
			return -ENOMEM;
	}
	g->status = 0;
	return 0;
}

enum search_by { BY_FILE, BY_LABEL, BY_UUID };

static bool search_match(struct grub2 *g, struct device *d,
			 enum search_by by, const char *key)
{
	const struct fsview *fs;

	switch (by) {
	case BY_UUID:
		return d->uuid && !strcasecmp(d->uuid, key);
	case BY_LABEL:
		return d->label && !strcmp(d->label, key);
	case BY_FILE:
		fs = parse_view_of(g->ctx, d);
		return fs && fsview_is_file(fs, key);
	}
	return false;
}

/* search [--file|--label|--fs-uuid] [--set[=VAR]] [--no-floppy]
 * [--hint...] KEY, and search.file/fs_uuid/fs_label KEY [VAR]. */
static int c_search(struct grub2 *g, int argc, char **argv)
{
	enum search_by by = BY_FILE;
	const char *var = NULL, *key = NULL;
	int i = 1;

	if (!strcmp(argv[0], "search.fs_uuid"))
		by = BY_UUID;
	else if (!strcmp(argv[0], "search.fs_label"))
		by = BY_LABEL;
	if (strcmp(argv[0], "search")) {
		key = argc > 1 ? argv[1] : NULL;
		var = argc > 2 ? argv[2] : NULL;
		i = argc;
	}
	for (; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-f") || !strcmp(a, "--file"))
			by = BY_FILE;
		else if (!strcmp(a, "-l") || !strcmp(a, "--label"))
			by = BY_LABEL;
		else if (!strcmp(a, "-u") || !strcmp(a, "--fs-uuid"))
			by = BY_UUID;
		else if (!strcmp(a, "-s") || !strcmp(a, "--set"))
			var = "root";
		else if (!strncmp(a, "--set=", 6))
			var = a + 6;
		else if (!strncmp(a, "--hint", 6) || !strcmp(a, "-h"))
			i += !strchr(a, '=') && i + 1 < argc;
		else if (a[0] == '-' && a[1])
			continue;	/* --no-floppy, --efidisk-only... */
		else if (!key)
			key = a;
	}
	g->status = 1;
	if (!key)
		return 0;
	for (size_t k = 0; k < g->ctx->set->n_devices; k++) {
		struct device *d = g->ctx->set->devices[k];

		if (!search_match(g, d, by, key))
			continue;
		g->status = 0;
		return var ? grub2_set(g, var, grub2_dev_name(g, d)) : 0;
	}
	return 0;
}

/* GRUB's name for a filesystem libblkid calls type (grub-core/fs/: each
 * driver's .name); NULL when GRUB has no driver that hopboot knows of. */
static const char *grub_fs_name(const char *type)
{
	static const char *const names[][2] = {
		{ "ext2", "ext2" }, { "ext3", "ext2" }, { "ext4", "ext2" },
		{ "vfat", "fat" }, { "exfat", "exfat" }, { "ntfs", "ntfs" },
		{ "iso9660", "iso9660" }, { "udf", "udf" }, { "xfs", "xfs" },
		{ "btrfs", "btrfs" }, { "squashfs", "squash4" },
		{ "hfsplus", "hfsplus" }, { "f2fs", "f2fs" }, { "jfs", "jfs" },
		{ "reiserfs", "reiserfs" }, { "nilfs2", "nilfs2" },
		{ "zfs_member", "zfs" }, { "erofs", "erofs" },
	};

	for (size_t i = 0; type && i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i][0], type))
			return names[i][1];
	return NULL;
}

/* GRUB's hfs and hfsplus drivers print the volume serial as a UUID;
 * libblkid makes one from an MD5 of the Finder info. */
static bool uuid_differs(const struct device *d)
{
	return d->type && (!strcmp(d->type, "hfs") ||
			   !strcmp(d->type, "hfsplus"));
}

/* What probe says of d, for one of its targets: grub-core/commands/probe.c.
 * A filesystem UUID is what libblkid found: GRUB's drivers print the same
 * text (ext2.c, xfs.c and btrfs.c in lower case hex, fat.c and ntfs.c in
 * upper case like libblkid's vfat, exfat and ntfs probes, iso9660.c the
 * volume's date). NULL when GRUB fails (no UUID, no label, a filesystem
 * it cannot read) or hopboot cannot know: the variable is left alone. */
static const char *probe_value(struct grub2 *g, const struct device *d,
			       const char *target)
{
	const char *name = grub2_dev_name(g, d);
	bool part = name && strchr(name, ',');

	if (!strcmp(target, "--partmap"))
		return !part ? "none" :
		       d->partuuid && strlen(d->partuuid) == 36 ? "gpt" : "msdos";
	if (!strcmp(target, "--part-uuid"))
		return part && d->partuuid ? d->partuuid : "none";
	if (!strcmp(target, "--fs"))
		return grub_fs_name(d->type);
	if (!strcmp(target, "--label"))
		return d->label;
	return uuid_differs(d) ? NULL : d->uuid;
}

/* probe [--set VAR] --fs-uuid|--label|--fs|--part-uuid|--partmap DEVICE:
 * the device's identity, from what the scan found (the devices' blkid
 * values). When several targets are given GRUB answers the first of
 * partmap, part-uuid, fs, fs-uuid, label. */
static int c_probe(struct grub2 *g, int argc, char **argv)
{
	static const char *const order[] = { "--partmap", "--part-uuid", "--fs",
					      "--fs-uuid", "--label" };
	static const char *const shorts[] = { "-p", NULL, "-f", "-u", "-l" };
	const char *var = NULL, *devname = NULL, *val;
	bool want[5] = { false }, driver = false;
	struct device *d = NULL;
	char *name;
	int t;

	g->status = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool known = false;

		for (int k = 0; k < 5; k++)
			if (!strcmp(a, order[k]) || (shorts[k] &&
						     !strcmp(a, shorts[k])))
				known = want[k] = true;
		if (known)
			continue;
		if ((!strcmp(a, "--set") || !strcmp(a, "-s")) && i + 1 < argc)
			var = argv[++i];
		else if (!strncmp(a, "--set=", 6))
			var = a + 6;
		else if (!strcmp(a, "--driver") || !strcmp(a, "-d"))
			driver = true;
		else if (a[0] != '-' && !devname)
			devname = a;
	}
	for (t = 0; t < 5 && !want[t]; t++)
		;
	if (!devname || (t == 5 && !driver))
		return grub2_warn(g, "probe needs a device and what to tell of it (--fs-uuid, --label, --fs, --part-uuid, --partmap); the line was skipped, as GRUB fails it");
	name = arena_strdup(g->a, devname + (devname[0] == '('));
	if (!name)
		return -ENOMEM;
	if (devname[0] == '(' && name[0] && name[strlen(name) - 1] == ')')
		name[strlen(name) - 1] = '\0';
	d = grub2_dev_by_name(g, name);
	val = d && !driver ? probe_value(g, d, order[t]) : NULL;
	g->status = !val;
	if (val && var)
		return grub2_set(g, var, val);
	/* Without --set GRUB only prints the answer. With it, say why the
	 * variable is not set where hopboot, not GRUB, falls short. */
	if (val || !var)
		return 0;
	for (int i = 0; i < g->n_loopdevs; i++)
		if (!strcmp(g->loopdevs[i].name, name))
			return grub2_warn(g, "probe --set %s (%s): hopboot does not know the identity of the filesystem inside the loopback image %s, so $%s was left as it was",
					  var, name, g->loopdevs[i].image, var);
	if (driver)
		return grub2_warn(g, "probe --set %s --driver: hopboot does not know which GRUB disk driver reads (%s), so $%s was left as it was",
				  var, name, var);
	if (!d)
		return grub2_warn(g, "probe --set %s: (%s) is none of the devices hopboot found, so $%s was left as it was",
				  var, name, var);
	if (t == 3 && uuid_differs(d))
		return grub2_warn(g, "probe --set %s --fs-uuid (%s): hopboot does not know the UUID GRUB gives a %s filesystem, so $%s was left as it was",
				  var, name, d->type, var);
	return 0;	/* no UUID or label there: GRUB fails too */
}

static long num(const char *s)
{
	return strtol(s, NULL, 0);
}

/* -pgt/-plt: skip the common prefix, back up over the digits it ends
 * with, and compare the numbers from there ("6.10" -pgt "6.9"). */
static size_t prefix_len(const char *a, const char *b)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && a[i - 1] >= '0' && a[i - 1] <= '9')
		i--;
	return i;
}

struct tctx {
	struct grub2 *g;
	bool and, or, invert;
};

static void update(struct tctx *t, bool val)
{
	t->and = t->and && (t->invert ? !val : val);
	t->invert = false;
}

/* -d -e -f -s on a GRUB file name. */
static bool file_test(struct grub2 *g, const char *op, const char *name)
{
	struct device *dev;
	const char *path, *why, *image;
	const struct fsview *fs;
	struct strlist names = { 0 };
	struct stat st;
	bool isdir, isfile;
	int fd;

	if (grub2_resolve(g, name, &dev, &image, &path, &why) != 0)
		return false;
	/* GRUB 2.06 lists no folder of a network device (grub_net_fs_dir
	 * finds nothing), and test.c's -d, -e and -f look in the folder:
	 * false for every file on the boot server. -s opens the file. */
	if (g->nb && dev == g->ctx->dev && !image && op[1] != 's')
		return false;
	fs = grub2_view(g, dev, image, &why);
	if (!fs)
		return false;
	isfile = fsview_is_file(fs, path);
	fd = isfile ? -1 : fsview_list(fs, path, g->a, &names);
	isdir = fd >= 0 || fd == -E2BIG;
	switch (op[1]) {
	case 'd':
		return isdir;
	case 'e':
		return isdir || isfile;
	case 'f':
		return isfile;
	default:	/* -s */
		if (!isfile)
			return false;
		fd = fsview_open_file(fs, path);
		if (fd < 0)
			return false;
		isfile = fstat(fd, &st) == 0 && st.st_size > 0;
		close(fd);
		return isfile;
	}
}

/* grub-core/commands/test.c's test_parse: consecutive tests are and-ed. */
static bool test_parse(struct tctx *up, char **args, int *n, int argc,
		       int depth)
{
	struct tctx t = { .g = up->g, .and = true };
	static const char *const str_ops[] = { "=", "==", "!=", "<", "<=", ">",
					       ">=", NULL };
	static const char *const num_ops[] = { "-eq", "-ne", "-lt", "-le",
					       "-gt", "-ge", "-pgt", "-plt",
					       "-nt", "-ot", NULL };

	while (*n < argc) {
		char **a = args + *n;

		if (*n + 2 < argc) {
			int k;

			for (k = 0; str_ops[k] && strcmp(a[1], str_ops[k]); k++)
				;
			if (str_ops[k]) {
				int c = strcmp(a[0], a[2]);
				bool v[] = { c == 0, c == 0, c != 0, c < 0,
					     c <= 0, c > 0, c >= 0 };

				update(&t, v[k]);
				*n += 3;
				continue;
			}
			for (k = 0; num_ops[k] && strcmp(a[1], num_ops[k]); k++)
				;
			if (num_ops[k]) {
				size_t pl = k < 6 ? 0 : prefix_len(a[0], a[2]);
				long x = num(a[0] + pl), y = num(a[2] + pl);
				/* -nt/-ot compare file times, which a
				 * read-only view cannot order: false. */
				bool v[] = { x == y, x != y, x < y, x <= y,
					     x > y, x >= y, x > y, x < y,
					     false, false };

				update(&t, v[k]);
				*n += 3;
				continue;
			}
		}
		if (*n + 1 < argc) {
			if (!strcmp(a[0], "-d") || !strcmp(a[0], "-e") ||
			    !strcmp(a[0], "-f") || !strcmp(a[0], "-s")) {
				update(&t, file_test(t.g, a[0], a[1]));
				*n += 2;
				continue;
			}
			if (!strcmp(a[0], "-n") || !strcmp(a[0], "-z")) {
				update(&t, (a[1][0] != 0) == (a[0][1] == 'n'));
				*n += 2;
				continue;
			}
		}
		if (!strcmp(a[0], ")")) {
			(*n)++;
			return t.or || t.and;
		}
		if (!strcmp(a[0], "(")) {
			(*n)++;
			update(&t, depth < GRUB2_NEST_MAX &&
			       test_parse(&t, args, n, argc, depth + 1));
			continue;
		}
		if (!strcmp(a[0], "!")) {
			t.invert = !t.invert;
			(*n)++;
			continue;
		}
		if (!strcmp(a[0], "-a")) {
			(*n)++;
			continue;
		}
		if (!strcmp(a[0], "-o")) {
			t.or = t.or || t.and;
			t.and = true;
			(*n)++;
			continue;
		}
		update(&t, a[0][0] != 0);
		(*n)++;
	}
	return t.or || t.and;
}

static int c_test(struct grub2 *g, int argc, char **argv)
{
	struct tctx t = { .g = g };
	int n = 0, count = argc - 1;

	if (!strcmp(argv[0], "[")) {
		if (count < 1 || strcmp(argv[argc - 1], "]")) {
			g->status = 1;
			return grub2_warn(g, "'[' without a closing ']'");
		}
		count--;
	}
	g->status = test_parse(&t, argv + 1, &n, count, 0) ? 0 : 1;
	return 0;
}

/* regexp [--set [N:]VAR]... REGEX STRING: POSIX extended, as GRUB's. */
static int c_regexp(struct grub2 *g, int argc, char **argv)
{
	const char *sets[16];
	int n_sets = 0, i, r = 0;
	regmatch_t m[10];
	regex_t re;

	for (i = 1; i < argc; i++) {
		const char *v = NULL;

		if (!strncmp(argv[i], "--set=", 6))
			v = argv[i] + 6;
		else if ((!strcmp(argv[i], "--set") ||
			  !strcmp(argv[i], "-s")) && i + 1 < argc)
			v = argv[++i];
		else
			break;
		if (n_sets < 16)
			sets[n_sets++] = v;
	}
	g->status = 1;
	if (argc - i != 2)
		return 0;
	if (regcomp(&re, argv[i], REG_EXTENDED))
		return grub2_warn(g, "regexp: '%s' is not a POSIX extended regular expression",
				  argv[i]);
	if (regexec(&re, argv[i + 1], 10, m, 0) == 0) {
		g->status = 0;
		for (int k = 0; k < n_sets && r == 0; k++) {
			const char *colon = strchr(sets[k], ':');
			long idx = colon ? strtol(sets[k], NULL, 10) : 1;
			const char *name = colon ? colon + 1 : sets[k];
			char *val;

			if (idx < 0 || idx > 9 || idx > (long)re.re_nsub ||
			    m[idx].rm_so < 0)
				continue;
			val = arena_strndup(g->a, argv[i + 1] + m[idx].rm_so,
					    (size_t)(m[idx].rm_eo -
						     m[idx].rm_so));
			r = val ? grub2_set(g, name, val) : -ENOMEM;
		}
	}
	regfree(&re);
	return r;
}

/* Adds to the running entry's errors. Returns 0 or -ENOMEM. */
static int entry_err(struct grub2 *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int entry_err(struct grub2 *g, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	g->status = 1;
	if (g->boot->errors.n >= 8)
		return 0;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return strlist_add(&g->boot->errors, g->a, arena_strdup(g->a, msg));
}

static size_t file_hash(const struct device *dev, const char *image,
			const char *path)
{
	size_t h = (size_t)(uintptr_t)dev * 2654435761u;

	for (; image && *image; image++)
		h = (h ^ (unsigned char)*image) * 16777619u;
	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 16777619u;
	return h;
}

/* The cache slot of (dev, path): its entry, or an empty one to fill
 * (path NULL). NULL on ENOMEM. */
static struct grub2_file *file_slot(struct grub2 *g, const struct device *dev,
				    const char *image, const char *path)
{
	size_t i;

	if (2 * (g->n_files + 1) > g->files_cap) {
		size_t cap = g->files_cap ? g->files_cap * 2 : 64;
		struct grub2_file *t = arena_calloc(g->a, cap, sizeof(*t));

		if (!t)
			return NULL;
		for (size_t k = 0; k < g->files_cap; k++) {
			struct grub2_file *o = &g->files[k];

			if (!o->path)
				continue;
			for (i = file_hash(o->dev, o->image, o->path) % cap;
			     t[i].path;
			     i = (i + 1) % cap)
				;
			t[i] = *o;
		}
		g->files = t;
		g->files_cap = cap;
	}
	for (i = file_hash(dev, image, path) % g->files_cap; g->files[i].path;
	     i = (i + 1) % g->files_cap)
		if (g->files[i].dev == dev && !strcmp(g->files[i].path, path) &&
		    (g->files[i].image == image ||
		     (image && g->files[i].image &&
		      !strcmp(g->files[i].image, image))))
			break;
	return &g->files[i];
}

/* A file an entry loads, checked to be there. Returns 0, 1 or -ENOMEM. */
static int need_file(struct grub2 *g, const char *what, const char *name,
		     struct resource **res)
{
	struct device *dev;
	const char *path, *why, *image;
	const struct fsview *fs;
	struct grub2_file *f;
	int r = grub2_resolve(g, name, &dev, &image, &path, &why);

	if (r < 0)
		return r;
	if (r)
		return entry_err(g, "the %s %s %s", what, name, why) < 0 ?
		       -ENOMEM : 1;
	/* From a boot server only the server's files are downloaded: not
	 * those of an image there, nor of a GRUB image's memdisk. */
	if (g->nb && image)
		return entry_err(g, "the %s %s is inside %s on the boot server; hopboot loads a network entry's files only as files of the server",
				 what, name, image) < 0 ? -ENOMEM : 1;
	fs = grub2_view(g, dev, image, &why);
	if (!fs)
		return entry_err(g, "the %s %s %s", what, name, why) < 0 ?
		       -ENOMEM : 1;
	f = file_slot(g, dev, image, path);
	if (!f)
		return -ENOMEM;
	if (!f->path) {
		f->dev = dev;
		f->image = image;	/* from g->loops: in the set's arena */
		if (!(f->path = arena_strdup(g->a, path)))
			return -ENOMEM;
		g->n_files++;
		/* From a boot server: fetched only when booted. */
		if (g->nb && dev == g->ctx->dev) {
			f->res = option_new_resource(g->ctx->set, dev->id,
						     f->path);
			if (!f->res)
				return -ENOMEM;
			f->res->url = arena_printf(g->a, "%s%s", g->nb->url,
						   f->path);
			if (!f->res->url)
				return -ENOMEM;
		} else if (fsview_is_file(fs, path)) {
			f->res = option_new_resource(g->ctx->set, dev->id,
						     f->path);
			if (!f->res)
				return -ENOMEM;
			f->res->image = image;
		}
	}
	if (!f->res)
		return entry_err(g, "the %s %s is not a file on %s%s%s", what,
				 name, dev->id, image ? " in the image " : "",
				 image ? image : "") < 0 ? -ENOMEM : 1;
	/* Options share the resource: it is data no one changes. */
	*res = f->res;
	return 0;
}

static int c_linux(struct grub2 *g, int argc, char **argv)
{
	struct resource *k;
	int r;

	if (!g->boot)
		return 0;	/* outside an entry: nothing to boot */
	/* Loading a kernel drops what was loaded before. */
	g->boot->kernel = NULL;
	g->boot->n_initrds = 0;
	g->boot->initrds = NULL;
	if (argc < 2)
		return entry_err(g, "'%s' names no kernel", argv[0]);
	r = need_file(g, "kernel", argv[1], &k);
	if (r)
		return r < 0 ? r : 0;
	g->boot->kernel = k;
	g->boot->cmdline = grub2_cmdline(g->a, argc - 1, argv + 1);
	g->status = 0;
	return g->boot->cmdline ? 0 : -ENOMEM;
}

static int c_initrd(struct grub2 *g, int argc, char **argv)
{
	struct resource *v;
	int r;

	if (!g->boot)
		return 0;
	if (!g->boot->kernel)
		return entry_err(g, "'%s' runs before a kernel is loaded (GRUB: you need to load the kernel first)",
				 argv[0]);
	v = arena_calloc(g->a, (size_t)argc, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (int i = 1; i < argc; i++) {
		struct resource *res;

		r = need_file(g, "initrd", argv[i], &res);
		if (r)
			return r < 0 ? r : 0;
		v[i - 1] = *res;
	}
	g->boot->initrds = v;
	g->boot->n_initrds = (size_t)argc - 1;
	g->status = 0;
	return 0;
}

/* GRUB has 'devicetree' only where there are device trees (gentpl.py's
 * "fdt" group: arm, arm64, riscv EFI, arm U-Boot). On x86 the line fails
 * as an unknown command and the entry boots without it; Ubuntu's 10_linux
 * writes it whenever /boot holds a dtb-* file. */
static int c_devicetree(struct grub2 *g, int argc, char **argv)
{
	const char *cpu = grub2_get(g, "grub_cpu");
	int r;

	if (cpu && (!strcmp(cpu, "i386") || !strcmp(cpu, "x86_64"))) {
		g->status = 1;
		return 0;
	}
	if (!g->boot)
		return 0;
	if (argc < 2)
		return entry_err(g, "'devicetree' names no file");
	r = need_file(g, "devicetree", argv[1], &g->boot->devicetree);
	return r < 0 ? r : 0;
}

static int c_other_loader(struct grub2 *g, int argc, char **argv)
{
	if (!g->boot)
		return 0;
	g->boot->flags |= OPTION_NOT_KEXEC;
	g->boot->loader = true;
	if (!strcmp(argv[0], "chainloader"))
		return entry_err(g, "starts another boot loader ('chainloader %s'); kexec starts only Linux kernels, so boot it from the firmware's boot menu",
				 argc > 1 ? argv[1] : "");
	return entry_err(g, "uses GRUB's '%s' loader; hopboot boots only Linux kernels with 'linux' and 'initrd'",
			 argv[0]);
}

/* reboot, halt, fwsetup, and exit (back to the firmware) in an entry: the
 * entry is that, not a kernel. Elsewhere they are ignored, as before. */
static int c_firmware(struct grub2 *g, int argc, char **argv)
{
	static const char *const what[][2] = {
		{ "reboot", "restarts the machine" },
		{ "halt", "turns the machine off" },
		{ "fwsetup", "restarts into the firmware's setup screen" },
		{ "exit", "leaves GRUB: the firmware goes on to its next boot device" },
	};
	size_t i = 0;

	g->status = 0;
	if (!g->boot || (argc > 1 && !strcmp(argv[1], "--is-supported")))
		return 0;
	while (i < 3 && strcmp(what[i][0], argv[0]))
		i++;
	g->boot->flags |= OPTION_NOT_KEXEC;
	return entry_err(g, "%s (GRUB's '%s'); kexec starts only Linux kernels, so hopboot cannot do that",
			 what[i][1], argv[0]);
}

/* Ubuntu's hwmatch FILE CLASS sets $match to 1 when a PCI card of CLASS
 * is listed in FILE (10_linux: gfxblacklist.txt, cards that need a text
 * console). A parser sees no PCI bus: no card is listed, as on most
 * machines, so 10_linux keeps the graphics mode (vt.handoff=7). */
static int c_hwmatch(struct grub2 *g, int argc, char **argv)
{
	g->status = argc < 3;
	return argc < 3 ? 0 : grub2_set(g, "match", "0");
}

/* The loopback device called name, or NULL. */
static struct grub2_loop *find_loop(struct grub2 *g, const char *name)
{
	for (int i = 0; i < g->n_loopdevs; i++)
		if (!strcmp(g->loopdevs[i].name, name))
			return &g->loopdevs[i];
	return NULL;
}

/* loopback [-d|--delete] NAME [FILE] (grub-core/disk/loopback.c): NAME's
 * files are inside the image FILE, which is opened only when a file in it
 * is read (grub2_view); -d forgets NAME. Since 2.06 GRUB refuses a NAME
 * that exists, so configs delete it before they reuse it. */
static int c_loopback(struct grub2 *g, int argc, char **argv)
{
	const char *arg[2] = { NULL, NULL }, *path, *why, *image;
	struct grub2_loop *l;
	struct device *dev;
	const struct fsview *fs;
	bool del = false;
	int n = 0, r;

	g->status = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-d") || !strcmp(argv[i], "--delete"))
			del = true;
		else if (n < 2)
			arg[n++] = argv[i];
	}
	if (del) {
		l = n ? find_loop(g, arg[0]) : NULL;
		if (l) {
			*l = g->loopdevs[--g->n_loopdevs];
			g->status = 0;
		}
		return 0;
	}
	if (n != 2)
		return grub2_warn(g, "loopback needs a device name and an image file");
	l = find_loop(g, arg[0]);
	if (l)
		return grub2_warn(g, "loopback %s %s: GRUB refuses a device name that exists (delete it first: loopback -d %s), so (%s) is still %s",
				  arg[0], arg[1], arg[0], arg[0], l->image);
	r = grub2_resolve(g, arg[1], &dev, &image, &path, &why);
	if (r < 0)
		return r;
	if (r == 0 && image)
		why = "is inside another image; hopboot opens images one level deep";
	else if (r == 0 && !(fs = grub2_view(g, dev, NULL, &why)))
		;
	else if (r == 0 && !fsview_is_file(fs, path))
		why = "is not a file";
	else if (r == 0)
		why = NULL;
	if (why)
		return grub2_warn(g, "loopback %s: the image %s %s", arg[0],
				  arg[1], why);
	if (g->n_loopdevs == GRUB2_IMAGES_MAX)
		return grub2_warn(g, "loopback %s: more than %d loopback devices at once; hopboot ignores the rest",
				  arg[0], GRUB2_IMAGES_MAX);
	l = &g->loopdevs[g->n_loopdevs++];
	l->name = arena_strdup(g->a, arg[0]);
	if (!l->name)
		return -ENOMEM;
	l->dev = dev;
	l->image = path;	/* grub2_resolve's copy, in the set's arena */
	g->status = 0;
	return 0;
}

static int c_blscfg(struct grub2 *g, int argc, char **argv)
{
	return grub2_blscfg(g);
}

static int c_true(struct grub2 *g, int argc, char **argv)
{
	g->status = 0;
	return 0;
}

static int c_false(struct grub2 *g, int argc, char **argv)
{
	g->status = 1;
	return 0;
}

static int count_arg(int argc, char **argv)
{
	return argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1;
}

static int c_break(struct grub2 *g, int argc, char **argv)
{
	int n = count_arg(argc, argv);

	if (n < 1 || !g->loops) {
		g->status = n < 1;
		return 0;
	}
	if (n > g->loops)
		n = g->loops;
	if (argv[0][0] == 'b')
		g->brk = n;
	else
		g->cont = n;
	g->status = 0;
	return 0;
}

static int c_return(struct grub2 *g, int argc, char **argv)
{
	if (!g->calls) {
		g->status = 1;
		return 0;
	}
	g->status = argc > 1 ? (int)strtol(argv[1], NULL, 10) : g->status;
	g->ret = true;
	return 0;
}

static int c_shift(struct grub2 *g, int argc, char **argv)
{
	int n = count_arg(argc, argv);

	if (n < 0 || n > g->argc) {
		g->status = 1;
		return 0;
	}
	g->argc -= n;
	g->argv += n;
	g->status = 0;
	return 0;
}

static int c_setparams(struct grub2 *g, int argc, char **argv)
{
	char **v = arena_calloc(g->a, (size_t)argc, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (int i = 1; i < argc; i++)
		if (!(v[i - 1] = arena_strdup(g->a, argv[i])))
			return -ENOMEM;
	g->argc = argc - 1;
	g->argv = v;
	g->status = 0;
	return 0;
}

/* eval ARGS: the words joined with spaces, run as script. */
static int c_eval(struct grub2 *g, int argc, char **argv)
{
	size_t len = 0;
	char *s, *p;

	for (int i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = p = arena_alloc(g->a, len + 1);
	if (!s)
		return -ENOMEM;
	for (int i = 1; i < argc; i++)
		p += sprintf(p, i > 1 ? " %s" : "%s", argv[i]);
	g->status = 0;
	return grub2_run_text(g, g->file, s, strlen(s), g->line);
}

/* increment/decrement VAR (Fedora's boot counting). */
static int c_increment(struct grub2 *g, int argc, char **argv)
{
	const char *v = argc > 1 ? grub2_get(g, argv[1]) : NULL;
	char buf[24];

	if (!v) {
		g->status = 1;
		return 0;
	}
	snprintf(buf, sizeof(buf), "%ld",
		 strtol(v, NULL, 10) + (argv[0][0] == 'i' ? 1 : -1));
	g->status = 0;
	return grub2_set(g, argv[1], buf);
}

static int c_ignore(struct grub2 *g, int argc, char **argv)
{
	g->status = 0;
	return 0;
}

/* Commands that only touch the screen, modules, hardware or the menu's
 * looks, or that only write: accepted and ignored. */
static const char *const ignored[] = {
	"insmod", "rmmod", "lsmod", "terminal_output", "terminal_input",
	"terminal", "serial", "loadfont", "font", "play", "background_image",
	"background_color", "clear", "sleep", "pager", "lsfonts", "videoinfo",
	"vbeinfo", "videotest", "lspci", "ls", "cat", "help", "date",
	"hashsum", "md5sum", "sha1sum", "sha256sum", "sha512sum", "password",
	"password_pbkdf2", "sendkey", "cmosclean", "cmostest", "cutmem",
	"badram", "acpi", "usb", "nativedisk", "read", "save_env", "echo",
	"gettext", "cpuid", "boot", "tr", "smbios", "lsefi",
	"lsefimmap", "lsefisystab", "lssal", "set_background", "gfxterm",
	"trust", "distrust", "verify_detached", "list_env", "loadenv",
	"drivemap", "parttool", "outb", "inb",
	"normal", "normal_exit", "hiddenmenu", "tpm2_key_protector_init",
	"rescue", "initrd_check", "fakebios", "lsacpi", "mokutil", "efiemu_loadcore",
	"efiemu_unload", "efiemu_prepare", "keymap", "terminfo", "authenticate",
	"cryptomount", "zfskey", "zfsinfo", "zfs-bootfs", "btrfs-info",
	"btrfs-mount-subvol", "btrfs-list-subvols", "extract_entries_source",
	"extract_entries_configfile", "extract_legacy_entries_source",
	"extract_legacy_entries_configfile", "legacy_source",
	"legacy_configfile", "legacy_password", "legacy_check_password",
	"lsmmap", "video", "gptsync", "syslinux_source",
	"syslinux_configfile", "xen_hypervisor", NULL,
};

struct cmd {
	const char *name;
	int (*fn)(struct grub2 *g, int argc, char **argv);
};

static const struct cmd cmds[] = {
	{ "set", c_set }, { "unset", c_unset }, { "export", c_export },
	{ "source", c_source }, { ".", c_source },
	{ "configfile", c_configfile }, { "load_env", c_load_env },
	{ "search", c_search }, { "search.file", c_search },
	{ "search.fs_uuid", c_search }, { "search.fs_label", c_search },
	{ "probe", c_probe },
	{ "test", c_test }, { "[", c_test }, { "regexp", c_regexp },
	{ "true", c_true }, { "false", c_false }, { "keystatus", c_false },
	{ "linux", c_linux }, { "linux16", c_linux }, { "linuxefi", c_linux },
	{ "initrd", c_initrd }, { "initrd16", c_initrd },
	{ "initrdefi", c_initrd }, { "devicetree", c_devicetree },
	{ "chainloader", c_other_loader }, { "multiboot", c_other_loader },
	{ "multiboot2", c_other_loader }, { "module", c_other_loader },
	{ "module2", c_other_loader }, { "kfreebsd", c_other_loader },
	{ "knetbsd", c_other_loader }, { "kopenbsd", c_other_loader },
	{ "ntldr", c_other_loader }, { "appleloader", c_other_loader },
	{ "xnu_kernel", c_other_loader }, { "xnu_kernel64", c_other_loader },
	{ "freedos", c_other_loader }, { "plan9", c_other_loader },
	{ "truecrypt", c_other_loader }, { "pxechainloader", c_other_loader },
	{ "reboot", c_firmware }, { "halt", c_firmware },
	{ "fwsetup", c_firmware }, { "exit", c_firmware },
	{ "hwmatch", c_hwmatch },
	{ "loopback", c_loopback }, { "blscfg", c_blscfg },
	{ "break", c_break }, { "continue", c_break },
	{ "return", c_return }, { "shift", c_shift },
	{ "setparams", c_setparams }, { "eval", c_eval },
	{ "increment", c_increment }, { "decrement", c_increment },
};

/* '! CMD ARGS' runs CMD and inverts its status (GRUB 2.06's
 * grub_script_execute_cmdline: success is false, any failure true). */
static int c_not(struct grub2 *g, int argc, char **argv)
{
	int r;

	if (argc < 2) {
		g->status = 1;
		return grub2_warn(g, "'!' has no command after it; GRUB fails the line (no command is specified)");
	}
	r = grub2_command(g, argc - 1, argv + 1);
	g->status = !g->status;
	return r;
}

/* grub_cmd_insmod: a name with '/' or '(' is a file, else a module. */
static bool is_regexp_mod(const char *s)
{
	const char *base = strrchr(s, '/');

	if (!base && !strchr(s, '('))
		return !strcmp(s, "regexp");
	return base && !strcmp(base + 1, "regexp.mod");
}

int grub2_command(struct grub2 *g, int argc, char **argv)
{
	const char *name = argv[0], *eq;
	struct grub2_func *f;

	if (!strcmp(name, "!"))
		return c_not(g, argc, argv);
	/* regexp.mod turns on the wildcards (wildcard.c), loaded by insmod
	 * or by the first 'regexp' (normal/dyncmd.c's dispatcher loads a
	 * command's module before it runs it). */
	if (!strcmp(name, "regexp") || (!strcmp(name, "insmod") && argc > 1 &&
					is_regexp_mod(argv[1])))
		g->wildcards = true;
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(cmds[i].name, name))
			return cmds[i].fn(g, argc, argv);
	for (f = g->funcs; f; f = f->next)
		if (!strcmp(f->name, name))
			return grub2_call(g, f, argc - 1, argv + 1);
	for (size_t i = 0; ignored[i]; i++)
		if (!strcmp(ignored[i], name))
			return c_ignore(g, argc, argv);
	/* NAME=VALUE on its own is an assignment. */
	eq = strchr(name, '=');
	if (eq && valid_name(name, (size_t)(eq - name))) {
		argv[0][eq - name] = '\0';
		g->status = 0;
		return grub2_set(g, name, eq + 1);
	}
	g->status = 1;
	for (size_t i = 0; i < g->unknown.n; i++)
		if (!strcmp(g->unknown.v[i], name))
			return 0;
	if (g->unknown.n >= 16)
		return 0;
	if (strlist_add(&g->unknown, g->a, arena_strdup(g->a, name)) < 0)
		return -ENOMEM;
	return grub2_warn(g, "GRUB has no command '%s' that hopboot knows; it was skipped, as GRUB skips commands it cannot find",
			  name);
}
