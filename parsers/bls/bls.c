/* bls.c - BLS Type #1 entries and Type #2 images, read as systemd-boot 252 does.
 *
 * The real loader is the reference: an entry boots under hopboot with the
 * same kernel, initrds and command line that systemd-boot 252 would give it
 * (src/boot/efi/boot.c: line_get_key_value, config_entry_add_type1,
 * config_load_entries, config_entry_add_unified, config_load_xbootldr,
 * config_entry_compare, config_title_generate,
 * config_default_entry_select, initrd_prepare). Type #1 entries
 * (loader/entries) and Type #2 images (EFI/Linux, read by uki/uki.c) of an
 * ESP and of the XBOOTLDR partition beside it make one list, because
 * systemd-boot sorts and titles them together. Where hopboot differs it is
 * to list what systemd-boot silently drops: an entry without a kernel, for
 * another architecture, or whose files are missing, is listed (hidden when
 * systemd-boot would not show it) with an error saying why.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "arena.h"
#include "bls/bls.h"
#include "bls/version.h"
#include "parser.h"
#include "uki/pe.h"
#include "uki/uki.h"

#define ENTRIES_DIR "/loader/entries"
#define UKI_DIR "/EFI/Linux"
#define LOADER_CONF "/loader/loader.conf"
/* Entry files read per directory: a hostile disk may hold any number. */
#define BLS_ENTRIES_MAX 1024

enum kind {
	KIND_NONE,	/* neither 'linux' nor 'efi': systemd-boot skips it */
	KIND_LINUX,
	KIND_EFI,
	KIND_UKI,	/* a Type #2 image in EFI/Linux */
};

struct entry {
	const struct device *dev;	/* the partition holding it */
	const struct fsview *fs;	/* and its view */
	const char *file;	/* name in loader/entries or EFI/Linux */
	char *sd_id;		/* systemd-boot's id: file name in lower case */
	const char *title, *version, *machine_id, *sort_key;
	enum kind kind;
	const char *loader;	/* value of the last 'linux' or 'efi' line */
	struct strlist initrds;	/* values, in file order */
	struct strlist options;	/* values, in file order */
	const char *devicetree;
	struct strlist overlays;	/* 'devicetree-overlay' words */
	const char *arch;	/* 'architecture' of another machine */
	struct uki uki;		/* KIND_UKI: what the image holds */
	int tries_left, tries_done;	/* -1: no boot counting in the name */
	int read_err;		/* -errno when the file could not be read */
	const char *loader_path;	/* loader on the partition, "/"-rooted */
	bool listed;		/* systemd-boot 252 would show it */
	const char *title_show;
	struct boot_option *opt;
};

struct bls {
	struct parse_ctx *ctx;
	struct arena *a;
	struct entry **v;
	size_t n, cap;
	const char *default_glob;	/* lower case; NULL: none */
	int timeout;
	bool has_timeout;
};

static int cmp_int(long a, long b)
{
	return (a > b) - (a < b);
}

static char *lower(struct arena *a, const char *s)
{
	char *d = arena_strdup(a, s);

	/* ASCII only, as systemd-boot's strtolower16 does. */
	for (char *p = d; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 'a' - 'A';
	return d;
}

/*
 * line_get_key_value: lines end at '\n' or '\r'; leading and trailing
 * blanks go; '#' first is a comment; the key ends at the first character of
 * sep, the value starts after the sep characters that follow; a value
 * wrapped in '"' loses them; a line with no separator is skipped.
 */
bool bls_next_kv(char *s, size_t *pos, const char *sep, char **key,
		 char **value)
{
	for (;;) {
		char *line = s + *pos, *v;
		size_t len = strcspn(line, "\n\r");

		if (!*line)
			return false;
		*pos += len;
		if (s[*pos])
			(*pos)++;
		line[len] = '\0';
		while (*line == ' ' || *line == '\t') {
			line++;
			len--;
		}
		while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t'))
			len--;
		line[len] = '\0';
		if (!len || *line == '#')
			continue;

		v = line + strcspn(line, sep);
		if (!*v)
			continue;
		*v++ = '\0';
		v += strspn(v, sep);
		if (v[0] == '"' && line[len - 1] == '"') {
			v++;
			line[len - 1] = '\0';
		}
		*key = line;
		*value = v;
		return true;
	}
}

/*
 * A path with '/' and '\' both turned into sep and runs of separators
 * squeezed, as systemd-boot 252's convert_efi_path does. rooted puts one sep
 * first: with '/' that is the path on the partition. With '\' and no root it
 * is what 252 writes after "initrd=": a relative path stays relative, as the
 * real loader was seen to pass it (tests/oracle/systemd-boot/).
 */
static char *sd_path(struct arena *a, const char *value, char sep, bool rooted)
{
	char *d = arena_alloc(a, strlen(value) + 2), *p = d;

	if (!d)
		return NULL;
	if (rooted)
		*p++ = sep;
	for (; *value; value++) {
		char c = *value == '/' || *value == '\\' ? sep : *value;

		if (c == sep && p > d && p[-1] == sep)
			continue;
		*p++ = c;
	}
	*p = '\0';
	return d;
}

/* The name-suffix boot counter "+LEFT[-DONE]<suffix>", as
 * config_entry_parse_tries reads it; leaves -1 when absent or malformed. */
static void parse_tries(struct entry *e, const char *suffix)
{
	const char *plus = strrchr(e->file, '+'), *p;
	unsigned long long left = 0, done = 0;

	if (!plus)
		return;
	p = plus + 1;
	if (*p < '0' || *p > '9')
		return;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((left = left * 10 + (unsigned)(*p - '0')) > INT_MAX)
			return;
	if (*p == '-') {
		if (*++p < '0' || *p > '9')
			return;
		for (; *p >= '0' && *p <= '9'; p++)
			if ((done = done * 10 + (unsigned)(*p - '0')) > INT_MAX)
				return;
	}
	if (strcmp(p, suffix))
		return;
	e->tries_left = (int)left;
	e->tries_done = (int)done;
}

/* This machine's name in the EFI vocabulary, EFI_MACHINE_TYPE_NAME. */
static const char *bls_arch_name(void)
{
#if defined(__x86_64__)
	return "x64";
#elif defined(__i386__)
	return "ia32";
#elif defined(__aarch64__)
	return "aa64";
#elif defined(__arm__)
	return "arm";
#elif defined(__riscv) && __riscv_xlen == 64
	return "riscv64";
#elif defined(__loongarch64)
	return "loongarch64";
#else
	return "unknown";
#endif
}

/* Fills e from the text of its file. Returns 0 or -ENOMEM. */
static int parse_entry(struct arena *a, struct entry *e, char *text)
{
	size_t pos = 0;
	char *key, *value;

	while (bls_next_kv(text, &pos, " \t", &key, &value)) {
		if (!strcmp(key, "title")) {
			e->title = value;
		} else if (!strcmp(key, "sort-key")) {
			e->sort_key = value;
		} else if (!strcmp(key, "version")) {
			e->version = value;
		} else if (!strcmp(key, "machine-id")) {
			e->machine_id = value;
		} else if (!strcmp(key, "linux")) {
			e->kind = KIND_LINUX;
			e->loader = value;
		} else if (!strcmp(key, "efi")) {
			e->kind = KIND_EFI;
			e->loader = value;
		} else if (!strcmp(key, "architecture")) {
			/* As systemd-boot 252: compared with case, and the
			 * rest of the file is not read. */
			if (strcmp(value, bls_arch_name())) {
				e->arch = value;
				break;
			}
		} else if (!strcmp(key, "devicetree")) {
			e->devicetree = value;
		} else if (!strcmp(key, "devicetree-overlay")) {
			/* systemd-boot 252 ignores this key and boots
			 * without overlays; so does hopboot (kexec has no
			 * way to pass them either). Kept for the record. */
			char *save;

			for (char *w = strtok_r(value, " \t", &save); w;
			     w = strtok_r(NULL, " \t", &save))
				if (strlist_add(&e->overlays, a, w) < 0)
					return -ENOMEM;
		} else if (!strcmp(key, "initrd")) {
			if (strlist_add(&e->initrds, a, value) < 0)
				return -ENOMEM;
		} else if (!strcmp(key, "options")) {
			if (strlist_add(&e->options, a, value) < 0)
				return -ENOMEM;
		}
		/* Everything else is ignored, as systemd-boot does. */
	}
	return 0;
}

static bool ends_with_conf(const char *name)
{
	size_t n = strlen(name);

	return n >= 5 && !strcasecmp(name + n - 5, ".conf");
}

/* Appends e to b's entries. Returns 0 or -ENOMEM. */
static int push(struct bls *b, struct entry *e)
{
	void *v = b->v;

	if (arena_grow(b->a, &v, &b->cap, b->n + 1, sizeof(*b->v)) < 0)
		return -ENOMEM;
	b->v = v;
	b->v[b->n++] = e;
	return 0;
}

/* A new entry for file name of dir on dev. NULL on ENOMEM. */
static struct entry *new_entry(struct bls *b, struct device *dev,
			       const struct fsview *fs, const char *name,
			       const char *suffix)
{
	struct entry *e = arena_alloc(b->a, sizeof(*e));

	if (!e)
		return NULL;
	e->dev = dev;
	e->fs = fs;
	e->file = name;
	e->sd_id = lower(b->a, name);
	if (!e->sd_id)
		return NULL;
	e->tries_left = e->tries_done = -1;
	parse_tries(e, suffix);
	return e;
}

/* Reads every entry file of loader/entries on dev into b. Returns 0 or
 * -ENOMEM. */
static int load_entries(struct bls *b, struct device *dev,
			const struct fsview *fs)
{
	struct strlist names = { 0 };
	size_t skipped = 0, kept = 0;
	int r;

	r = fsview_list(fs, ENTRIES_DIR, b->a, &names);
	if (r == -ENOENT)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r == -E2BIG) {
		if (strlist_addf(&dev->errors, b->a,
				 "loader/entries holds too many files; only some were read, so some boot entries may be missing") == -ENOMEM)
			return -ENOMEM;
	} else if (r < 0) {
		return strlist_addf(&dev->errors, b->a,
				    "cannot read the directory loader/entries: %s; check the file system",
				    strerror(-r)) == -ENOMEM ? -ENOMEM : 0;
	}

	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		struct entry *e;
		char *path, *text;
		size_t len;

		/* config_load_entries: hidden files, "auto-" names (kept for
		 * the loader's own entries) and other suffixes are not entries. */
		if (name[0] == '.' || !strncmp(name, "auto-", 5) ||
		    !ends_with_conf(name))
			continue;
		if (kept == BLS_ENTRIES_MAX) {
			skipped++;
			continue;
		}
		path = arena_printf(b->a, ENTRIES_DIR "/%s", name);
		if (!path)
			return -ENOMEM;
		r = fsview_read(fs, path, FSVIEW_CONFIG_MAX, b->a, &text, &len);
		if (r == -EISDIR)
			continue;
		if (r == -ENOMEM)
			return r;
		if (r == -EFBIG) {
			if (strlist_addf(&dev->errors, b->a,
					 "loader/entries/%s is larger than %u KiB, too large for a boot entry; it was skipped",
					 name, FSVIEW_CONFIG_MAX >> 10) == -ENOMEM)
				return -ENOMEM;
			continue;
		}

		e = new_entry(b, dev, fs, name, ".conf");
		if (!e)
			return -ENOMEM;
		if (r < 0)
			e->read_err = r;
		else if (parse_entry(b->a, e, text) < 0)
			return -ENOMEM;
		if (push(b, e) < 0)
			return -ENOMEM;
		kept++;
	}
	if (skipped && strlist_addf(&dev->errors, b->a,
				    "loader/entries holds %zu more entry files than the %d hopboot reads; the last %zu in name order were skipped",
				    skipped, BLS_ENTRIES_MAX, skipped) == -ENOMEM)
		return -ENOMEM;
	return 0;
}

static bool ends_with_efi(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && !strcasecmp(name + n - 4, ".efi");
}

/* Reads every image of EFI/Linux on dev into b, as
 * config_entry_add_unified does. Returns 0 or -ENOMEM. */
static int load_ukis(struct bls *b, struct device *dev,
		     const struct fsview *fs)
{
	struct strlist names = { 0 };
	size_t kept = 0;
	int r;

	r = fsview_list(fs, UKI_DIR, b->a, &names);
	if (r == -ENOENT || r == -ENOTDIR)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0 && r != -E2BIG)
		return strlist_addf(&dev->errors, b->a,
				    "cannot read the directory EFI/Linux: %s; check the file system",
				    strerror(-r)) == -ENOMEM ? -ENOMEM : 0;

	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i];
		struct entry *e;
		char *path;

		if (name[0] == '.' || !strncmp(name, "auto-", 5) ||
		    !ends_with_efi(name))
			continue;
		path = arena_printf(b->a, UKI_DIR "/%s", name);
		if (!path)
			return -ENOMEM;
		/* A directory named *.efi is not an image. */
		if (!fsview_is_file(fs, path))
			continue;
		if (kept == BLS_ENTRIES_MAX) {
			if (strlist_addf(&dev->errors, b->a,
					 "EFI/Linux holds more than %d images; the rest in name order were skipped",
					 BLS_ENTRIES_MAX) == -ENOMEM)
				return -ENOMEM;
			break;
		}
		e = new_entry(b, dev, fs, name, ".efi");
		if (!e)
			return -ENOMEM;
		e->kind = KIND_UKI;
		e->loader_path = path;
		if (uki_read(fs, path, b->a, &e->uki) < 0)
			return -ENOMEM;
		if (!e->uki.error) {
			struct uki_names nm;

			r = uki_names(&e->uki, b->a, &nm);
			if (r < 0)
				return r;
			e->title = nm.name;
			e->version = nm.version;
			e->sort_key = nm.sort_key;
		}
		if (push(b, e) < 0)
			return -ENOMEM;
		kept++;
	}
	return 0;
}

/* systemd-boot's parse_number8: digits only, the whole string. */
static bool parse_seconds(const char *s, uint64_t *ret)
{
	uint64_t u = 0;

	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (u > (UINT64_MAX - 9) / 10)
			return false;
		u = u * 10 + (unsigned)(*s - '0');
	}
	*ret = u;
	return !*s;
}

/* Reads 'default' and 'timeout' from loader/loader.conf, as
 * config_defaults_load_from_file does. Returns 0 or -ENOMEM. */
static int load_loader_conf(struct bls *b)
{
	struct device *dev = b->ctx->dev;
	char *text, *key, *value;
	size_t len, pos = 0;
	uint64_t u;
	int r;

	r = fsview_read(b->ctx->fs, LOADER_CONF, FSVIEW_CONFIG_MAX, b->a,
			&text, &len);
	if (r == -ENOENT)
		return 0;
	if (r == -ENOMEM)
		return r;
	if (r < 0)
		return strlist_addf(&dev->errors, b->a,
				    "cannot read loader/loader.conf: %s; its default entry and timeout were not used",
				    r == -EFBIG ? "the file is too large" : strerror(-r)) == -ENOMEM ? -ENOMEM : 0;

	while (bls_next_kv(text, &pos, " \t", &key, &value)) {
		if (!strcmp(key, "timeout")) {
			if (!strcmp(value, "menu-force")) {
				/* Show the menu and wait for the user. */
				b->timeout = -1;
			} else if (!strcmp(value, "menu-hidden")) {
				b->timeout = 0;
			} else if (parse_seconds(value, &u) && u <= UINT32_MAX) {
				b->timeout = u > INT_MAX ? INT_MAX : (int)u;
			} else {
				if (strlist_addf(&dev->errors, b->a,
						 "loader/loader.conf: 'timeout %s' is not a number of seconds (at most 4294967295), menu-force or menu-hidden; the line was ignored",
						 value) == -ENOMEM)
					return -ENOMEM;
				continue;
			}
			b->has_timeout = true;
		} else if (!strcmp(key, "default")) {
			if (value[0] == '@' && strcasecmp(value, "@saved")) {
				if (strlist_addf(&dev->errors, b->a,
						 "loader/loader.conf: 'default %s' is not supported; name an entry or a glob",
						 value) == -ENOMEM)
					return -ENOMEM;
				continue;
			}
			/* "@saved" names the entry booted last, an EFI
			 * variable hopboot does not have: systemd-boot then
			 * falls back to the first entry. */
			if (value[0] == '@') {
				b->default_glob = NULL;
				continue;
			}
			b->default_glob = lower(b->a, value);
			if (!b->default_glob)
				return -ENOMEM;
		}
	}
	return 0;
}

/* strcmp that puts NULL first, as systemd-boot's strcmp16 does. */
static int strcmp_null(const char *a, const char *b)
{
	if (a && b)
		return strcmp(a, b);
	return (a != NULL) - (b != NULL);
}

/* strverscmp_improved: empty or missing strings compare with strcmp. */
static int vercmp(const char *a, const char *b)
{
	if (!a || !*a || !b || !*b)
		return strcmp_null(a, b);
	return bls_version_cmp(a, b);
}

/* config_entry_compare: the menu order, newest first. */
static int entry_cmp(const struct entry *a, const struct entry *b)
{
	int r;

	/* Entries out of boot tries go last. */
	r = cmp_int(a->tries_left == 0, b->tries_left == 0);
	if (r)
		return r;
	/* With a sort key on one side only, that side goes first. */
	r = cmp_int(!a->sort_key, !b->sort_key);
	if (r)
		return r;
	if (a->sort_key) {
		r = strcmp(a->sort_key, b->sort_key);
		if (r)
			return r;
		r = strcmp_null(a->machine_id, b->machine_id);
		if (r)
			return r;
		r = -vercmp(a->version, b->version);
		if (r)
			return r;
	}
	r = -vercmp(a->sd_id, b->sd_id);
	if (r)
		return r;
	if (a->tries_left < 0 || b->tries_left < 0)
		return 0;
	r = -cmp_int(a->tries_left, b->tries_left);
	if (r)
		return r;
	return cmp_int(a->tries_done, b->tries_done);
}

/* Stable, like systemd-boot's insertion sort; equal entries keep name
 * order, which is where systemd-boot's directory order would be. */
static void sort_entries(struct bls *b)
{
	for (size_t i = 1; i < b->n; i++) {
		struct entry *e = b->v[i];
		size_t k;

		for (k = i; k > 0 && entry_cmp(b->v[k - 1], e) > 0; k--)
			b->v[k] = b->v[k - 1];
		b->v[k] = e;
	}
}

/* entries_unique: marks listed entries whose titles collide. */
static bool titles_unique(struct bls *b, bool *unique)
{
	bool all = true;

	for (size_t i = 0; i < b->n; i++) {
		if (!b->v[i]->listed)
			continue;
		for (size_t k = i + 1; k < b->n; k++) {
			if (!b->v[k]->listed ||
			    strcmp(b->v[i]->title_show, b->v[k]->title_show))
				continue;
			all = unique[i] = unique[k] = false;
		}
	}
	return all;
}

/*
 * config_title_generate: the title, else the id; then, among the entries
 * systemd-boot lists, titles that collide get " (version)", then
 * " (first 8 characters of machine-id)", then " (id)" until they differ.
 * Returns 0 or -ENOMEM.
 */
static int make_titles(struct bls *b)
{
	bool *unique = arena_calloc(b->a, b->n ? b->n : 1, sizeof(*unique));

	if (!unique)
		return -ENOMEM;
	for (size_t i = 0; i < b->n; i++) {
		b->v[i]->title_show = b->v[i]->title ? b->v[i]->title :
						       b->v[i]->sd_id;
		unique[i] = true;
	}
	for (int pass = 0; pass < 3 && !titles_unique(b, unique); pass++) {
		for (size_t i = 0; i < b->n; i++) {
			struct entry *e = b->v[i];
			const char *suffix;
			int n;

			if (unique[i] || !e->listed)
				continue;
			unique[i] = true;
			suffix = pass == 0 ? e->version :
				 pass == 1 ? e->machine_id : e->sd_id;
			if (!suffix)
				continue;
			n = pass == 1 ? 8 : INT_MAX;
			e->title_show = arena_printf(b->a, "%s (%.*s)",
						     e->title_show, n, suffix);
			if (!e->title_show)
				return -ENOMEM;
		}
	}
	return 0;
}

/*
 * One pattern element of efi_fnmatch against c: '?', a "[...]" set with
 * ranges (no negation), a '\' escape or a literal. Advances *pp past it.
 */
static bool glob_one(const char **pp, char c)
{
	const char *p = *pp;
	bool match = false, can_range = true;

	switch (*p) {
	case '?':
		*pp = p + 1;
		return true;
	case '\\':
		if (!p[1])
			return false;
		*pp = p + 2;
		return p[1] == c;
	case '[':
		for (bool first = true;; first = false) {
			p++;
			if (!*p)
				return false;
			if (*p == '\\') {
				if (!*++p)
					return false;
				match |= *p == c;
				can_range = true;
				continue;
			}
			if (*p == ']' && !first)
				break;
			if (*p == '-' && can_range && !first && p[1] != ']') {
				unsigned char low = (unsigned char)p[-1];

				if (*++p == '\\')
					p++;
				if (!*p)
					return false;
				if (low <= (unsigned char)c &&
				    (unsigned char)c <= (unsigned char)*p)
					match = true;
				/* [a-c-f] is [-abcf]: ranges do not chain. */
				can_range = false;
				continue;
			}
			match |= *p == c;
			can_range = true;
		}
		*pp = p + 1;
		return match;
	default:
		*pp = p + 1;
		return *p == c;
	}
}

/* Glob match as systemd-boot's efi_fnmatch. Backtracks only to the last
 * '*', so it runs in O(strlen(p) * strlen(s)). */
static bool glob_match(const char *p, const char *s)
{
	const char *star_p = NULL, *star_s = NULL, *next;

	for (;;) {
		if (*p == '*') {
			while (*p == '*')
				p++;
			star_p = p;
			star_s = s;
			continue;
		}
		if (!*s)
			return !*p;
		next = p;
		if (*p && glob_one(&next, *s)) {
			p = next;
			s++;
			continue;
		}
		if (!star_p)
			return false;
		p = star_p;
		s = ++star_s;
	}
}

static char *append(char *p, const char *s)
{
	size_t n = strlen(s);

	memcpy(p, s, n);
	return p + n;
}

/*
 * initrd_prepare: one "initrd=" word per initrd with systemd-boot's path
 * (as written, every separator a '\'), then the options lines, all joined
 * with single spaces. Built in one pass: a file may hold many lines.
 */
static char *make_cmdline(struct arena *a, const struct entry *e,
			  char **bs_initrds)
{
	bool with_initrds = e->kind != KIND_EFI && e->initrds.n;
	size_t len = 1;
	char *cmd, *p;

	if (with_initrds)
		for (size_t i = 0; i < e->initrds.n; i++)
			len += strlen(" initrd=") + strlen(bs_initrds[i]);
	for (size_t i = 0; i < e->options.n; i++)
		len += strlen(e->options.v[i]) + 1;
	cmd = p = arena_alloc(a, len);
	if (!cmd)
		return NULL;
	if (with_initrds) {
		for (size_t i = 0; i < e->initrds.n; i++) {
			p = append(p, i ? " initrd=" : "initrd=");
			p = append(p, bs_initrds[i]);
		}
	}
	for (size_t i = 0; i < e->options.n; i++) {
		/* A space after the initrds even for an empty options
		 * value: systemd-boot joins with "%s %s" too. */
		if (i || with_initrds)
			*p++ = ' ';
		p = append(p, e->options.v[i]);
	}
	*p = '\0';
	return cmd;
}

/* Adds "entry loader/entries/<file> <msg>" (or "image EFI/Linux/<file>
 * <msg>") to the option's errors. msg NULL means the caller ran out of
 * memory. Returns 0 or -ENOMEM. */
static int entry_err(struct bls *b, struct entry *e, const char *msg)
{
	if (!msg)
		return -ENOMEM;
	return strlist_addf(&e->opt->errors, b->a, "%s %s/%s %s",
			    e->kind == KIND_UKI ? "image" : "entry",
			    e->kind == KIND_UKI ? "EFI/Linux" : "loader/entries",
			    e->file, msg) == -ENOMEM ? -ENOMEM : 0;
}

/* A resource for a file an entry names, with an error when the partition
 * does not hold it. Returns 0 or -ENOMEM. */
static int need_file(struct bls *b, struct entry *e, const char *path,
		     const char *what, const char *key, struct resource **ret)
{
	*ret = option_new_resource(b->ctx->set, e->dev->id, path);
	if (!*ret)
		return -ENOMEM;
	if (fsview_is_file(e->fs, path))
		return 0;
	return entry_err(b, e, arena_printf(b->a,
		"names the %s %s, which is not a file on this partition; fix the '%s' line or put the file there",
		what, path, key));
}

/* A resource for section sect of the image, appended to the initrds
 * unless ret is given. Returns 0 or -ENOMEM. */
static int uki_res(struct bls *b, struct entry *e, const char *sect,
		   struct resource **ret)
{
	struct resource *r;

	if (ret)
		r = *ret = option_new_resource(b->ctx->set, e->dev->id,
					       e->loader_path);
	else
		r = option_add_initrd(b->ctx->set, e->opt, e->dev->id,
				      e->loader_path);
	if (!r)
		return -ENOMEM;
	r->section = sect;
	return 0;
}

/* The option of a Type #2 image: the kernel, microcode and initrd are its
 * sections, the command line its .cmdline. Returns 0 or -ENOMEM. */
static int add_uki(struct bls *b, struct entry *e)
{
	const struct uki *u = &e->uki;
	struct boot_option *opt = e->opt;
	int r;

	opt->source = SOURCE_UKI;
	if (u->error)
		return entry_err(b, e, arena_strdup(b->a, u->error));
	if (u->machine != pe_native_machine()) {
		opt->hidden = true;
		opt->flags |= OPTION_NOT_KEXEC;
		return entry_err(b, e, arena_printf(b->a,
			"is for another machine type (PE machine 0x%04x); systemd-boot does not show it and kexec cannot start it",
			u->machine));
	}
	if (!e->title) {
		/* Listed by hopboot, not by systemd-boot 252. */
		opt->hidden = true;
		r = entry_err(b, e, arena_strdup(b->a,
			"has no .osrel section naming the system (PRETTY_NAME, NAME or ID), so systemd-boot does not show it; rebuild it with one"));
		if (r < 0)
			return r;
	}
	if (!u->has_linux)
		return entry_err(b, e, arena_strdup(b->a,
			"has no .linux section, so it holds no kernel to start"));
	r = uki_res(b, e, ".linux", &opt->kernel);
	/*
	 * Microcode must be the first archive the kernel sees. systemd-stub
	 * 252 knows no .ucode (it came with 256, which puts it first, as the
	 * UKI specification says); an image that has one was built for a
	 * stub that uses it.
	 */
	if (!r && u->has_ucode)
		r = uki_res(b, e, ".ucode", NULL);
	if (!r && u->has_initrd)
		r = uki_res(b, e, ".initrd", NULL);
	if (!r && u->has_dtb)
		r = uki_res(b, e, ".dtb", &opt->devicetree);
	if (r < 0)
		return r;
	opt->cmdline = u->cmdline ? u->cmdline : "";
	return 0;
}

/* Appends e to the set as a boot option. Returns 0 or -ENOMEM. */
static int add_option(struct bls *b, struct entry *e)
{
	struct option_set *set = b->ctx->set;
	const char *dev_id = e->dev->id;
	const char *src = e->kind == KIND_UKI ? "uki" : "bls";
	size_t cut = e->kind == KIND_UKI ? 4 : 5;
	struct boot_option *opt;
	char *id, **bs;
	struct resource *res;
	int r;

	/* The id drops ".conf" (".efi"): loader.conf and bootctl name
	 * entries with it, but hopboot's ids are "<device>:<source>:<name>". */
	id = arena_printf(b->a, "%s:%s:%.*s", dev_id, src,
			  (int)(strlen(e->file) - cut), e->file);
	/* "a.conf" and "a.CONF" may both exist on a case-sensitive disk. */
	if (id && option_set_option(set, id))
		id = arena_printf(b->a, "%s:%s:%s", dev_id, src, e->file);
	opt = id ? option_set_add_option(set) : NULL;
	if (!opt)
		return -ENOMEM;
	e->opt = opt;
	opt->id = id;
	opt->device = dev_id;
	opt->source = SOURCE_BLS;
	opt->title = e->title_show;
	opt->cmdline = "";
	if (option_add_config(set, opt, dev_id, NULL, arena_printf(b->a, "%s/%s",
			      e->kind == KIND_UKI ? UKI_DIR : ENTRIES_DIR,
			      e->file)) < 0)
		return -ENOMEM;
	if (e->kind == KIND_UKI)
		return add_uki(b, e);
	if (e->read_err)
		return entry_err(b, e, arena_printf(b->a,
			"cannot be read: %s; check the file system",
			strerror(-e->read_err)));
	if (e->arch) {
		opt->hidden = true;
		opt->flags |= OPTION_NOT_KEXEC;
		return entry_err(b, e, arena_printf(b->a,
			"is for the %s architecture and this machine is %s, so systemd-boot does not show it",
			e->arch, bls_arch_name()));
	}

	if (e->kind == KIND_NONE) {
		r = entry_err(b, e, arena_strdup(b->a,
			"has no 'linux' line; add one naming the kernel"));
	} else if (e->kind == KIND_EFI) {
		opt->flags |= OPTION_NOT_KEXEC;
		r = entry_err(b, e, arena_printf(b->a,
			"starts the EFI program %s; kexec cannot start EFI programs, so boot it from the firmware's boot menu",
			e->loader_path));
	} else {
		r = need_file(b, e, e->loader_path, "kernel", "linux",
			      &opt->kernel);
	}
	if (r < 0)
		return r;

	/* systemd-boot loads initrds for 'linux' entries only. */
	bs = arena_calloc(b->a, e->initrds.n + 1, sizeof(*bs));
	if (!bs)
		return -ENOMEM;
	for (size_t i = 0; e->kind != KIND_EFI && i < e->initrds.n; i++) {
		char *path = sd_path(b->a, e->initrds.v[i], '/', true);

		bs[i] = sd_path(b->a, e->initrds.v[i], '\\', false);
		if (!path || !bs[i])
			return -ENOMEM;
		r = need_file(b, e, path, "initrd", "initrd", &res);
		if (r < 0)
			return r;
		if (!option_add_initrd(set, opt, res->device, res->path))
			return -ENOMEM;
	}
	if (e->devicetree) {
		char *path = sd_path(b->a, e->devicetree, '/', true);

		if (!path)
			return -ENOMEM;
		r = need_file(b, e, path, "devicetree", "devicetree",
			      &opt->devicetree);
		if (r < 0)
			return r;
	}
	opt->cmdline = make_cmdline(b->a, e, bs);
	return opt->cmdline ? 0 : -ENOMEM;
}

/*
 * config_default_entry_select without EFI variables: the first entry, in
 * menu order, whose id (file name in lower case, ".conf" included) matches
 * loader.conf's 'default' glob, else the first entry. Unlike systemd-boot,
 * only entries hopboot can boot are candidates: systemd-boot would pick an
 * EFI program or an entry whose initrd is missing and then fail to start it.
 */
static void pick_default(struct bls *b)
{
	struct entry *first = NULL;

	for (size_t i = 0; i < b->n; i++) {
		struct entry *e = b->v[i];

		if (!e->listed || e->opt->errors.n)
			continue;
		if (!first)
			first = e;
		if (b->default_glob && glob_match(b->default_glob, e->sd_id)) {
			first = e;
			break;
		}
	}
	if (first)
		first->opt->is_default = true;
}

static bool type_is(const struct device *d, const char *gpt,
		    const char *mbr)
{
	return d->parttype && (!strcasecmp(d->parttype, gpt) ||
			       !strcasecmp(d->parttype, mbr));
}

static bool is_esp(const struct device *d)
{
	return type_is(d, "c12a7328-f81f-11d2-ba4b-00a0c93ec93b", "0xef");
}

/* The Extended Boot Loader Partition, or an MBR "Linux extended boot"
 * (0xea) partition, which the specification treats the same. */
static bool is_xbootldr(const struct device *d)
{
	return type_is(d, "bc13c2ff-59e6-4262-a352-b275fd6f7172", "0xea");
}

/*
 * Whether systemd-boot can read this filesystem's entries and images.
 * systemd-boot 252 reads loader/entries and EFI/Linux on two filesystems
 * only (src/boot/efi/boot.c): the volume the firmware started it from
 * (real_main: discover_root_dir opens loaded_image->DeviceHandle, and
 * config_load_all_entries reads it) and the XBOOTLDR partition of that
 * disk (config_load_xbootldr: partition_open(XBOOTLDR_GUID, ...)); the
 * Boot Loader Specification names the same two ("Locating Boot Entries").
 * The firmware starts it from the ESP, or on removable media from any FAT
 * volume (a FAT32 stick holding an ISO's files), so a partition of any
 * other type whose filesystem is not FAT is never read by it: a Fedora or
 * RHEL /boot (ext4, xfs) holds entries that only GRUB's blscfg reads.
 * Without a partition type (a directory, a filesystem on a whole disk, a
 * CD, whose El Torito EFI image hopboot cannot open and whose
 * loader/entries archiso copies from it) it may be systemd-boot's: read,
 * and parsers.c drops the entries GRUB's blscfg turns into its own.
 */
static bool sd_volume(const struct device *d)
{
	return !d->parttype || is_esp(d) || is_xbootldr(d) ||
	       (d->type && !strcmp(d->type, "vfat"));
}

bool bls_own_partition(const struct device *d)
{
	return is_esp(d) || is_xbootldr(d);
}

bool bls_present(const struct parse_ctx *ctx, struct arena *scratch)
{
	static const char *const dirs[][2] = {
		{ ENTRIES_DIR, ".conf" }, { UKI_DIR, ".efi" },
	};

	if (!sd_volume(ctx->dev))
		return false;
	for (size_t d = 0; d < 2; d++) {
		struct strlist names = { 0 };
		size_t k = strlen(dirs[d][1]);

		if (fsview_list(ctx->fs, dirs[d][0], scratch, &names) < 0 &&
		    !names.n)
			continue;
		for (size_t i = 0; i < names.n; i++) {
			size_t n = strlen(names.v[i]);

			if (n > k && !strcasecmp(names.v[i] + n - k, dirs[d][1]))
				return true;
		}
	}
	return false;
}

/*
 * The first mounted partition of dev's disk that is(), other than dev.
 * A disk's partitions are consecutive in the set, right after the disk,
 * which itself has no partition type (option.h).
 */
static struct device *disk_peer(struct parse_ctx *ctx,
				bool (*is)(const struct device *))
{
	struct option_set *set = ctx->set;
	size_t i, lo, hi;

	for (i = 0; i < set->n_devices && set->devices[i] != ctx->dev; i++)
		;
	if (i == set->n_devices || !ctx->dev->parttype)
		return NULL;
	for (lo = i; lo > 0 && set->devices[lo - 1]->parttype; lo--)
		;
	for (hi = i + 1; hi < set->n_devices && set->devices[hi]->parttype;
	     hi++)
		;
	for (size_t k = lo; k < hi; k++)
		if (k != i && is(set->devices[k]) &&
		    parse_view_of(ctx, set->devices[k]))
			return set->devices[k];
	return NULL;
}

/*
 * config_load_all_entries: the ESP's images and entries, then those of the
 * XBOOTLDR partition on the same disk, in one list that is sorted, titled
 * and given a default together, with loader.conf read from the ESP only.
 * An XBOOTLDR partition with a mounted ESP beside it is read with that
 * ESP, not on its own; any other partition systemd-boot can read
 * (sd_volume) is read on its own.
 */
int bls_parse(struct parse_ctx *ctx)
{
	struct bls b = { .ctx = ctx, .a = ctx->set->arena };
	struct device *xbootldr = NULL;
	int r;

	if (!sd_volume(ctx->dev) ||
	    (is_xbootldr(ctx->dev) && disk_peer(ctx, is_esp)))
		return 0;
	if (is_esp(ctx->dev))
		xbootldr = disk_peer(ctx, is_xbootldr);

	r = load_ukis(&b, ctx->dev, ctx->fs);
	if (r >= 0)
		r = load_entries(&b, ctx->dev, ctx->fs);
	if (r >= 0 && xbootldr) {
		const struct fsview *fs = parse_view_of(ctx, xbootldr);

		r = load_ukis(&b, xbootldr, fs);
		if (r >= 0)
			r = load_entries(&b, xbootldr, fs);
	}
	if (r < 0)
		return r;
	if (!b.n)
		return 0;
	r = load_loader_conf(&b);
	if (r < 0)
		return r;

	/* config_entry_add_type1 keeps an entry only when its 'linux' or
	 * 'efi' file opens, config_entry_add_unified an image only when it
	 * has a name; that decides title uniqueness below. */
	for (size_t i = 0; i < b.n; i++) {
		struct entry *e = b.v[i];

		if (e->kind == KIND_UKI) {
			e->listed = !e->uki.error && e->title &&
				    e->uki.machine == pe_native_machine();
			continue;
		}
		if (e->kind == KIND_NONE || e->read_err || e->arch)
			continue;
		e->loader_path = sd_path(b.a, e->loader, '/', true);
		if (!e->loader_path)
			return -ENOMEM;
		e->listed = fsview_is_file(e->fs, e->loader_path);
	}
	sort_entries(&b);
	r = make_titles(&b);
	if (r < 0)
		return r;
	for (size_t i = 0; i < b.n; i++) {
		r = add_option(&b, b.v[i]);
		if (r < 0)
			return r;
	}
	pick_default(&b);

	/* The first device that sets a timeout wins: one menu, one timeout. */
	if (b.has_timeout && !ctx->set->has_timeout) {
		ctx->set->timeout = b.timeout;
		ctx->set->has_timeout = true;
	}
	return (int)b.n;
}
