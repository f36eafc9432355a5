/* test_bls.c - BLS parser tests: fixture trees, systemd-boot 252's rules.
 *
 * Run from the repository root: fixtures are read from tests/parsers/bls/,
 * one directory per filesystem root. Cases that git cannot hold (an empty
 * directory, symlinks, a sparse 4 MiB file, a thousand entries) are built
 * in a temporary directory and removed at the end.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "parsers/pebuild.h"

#include "arena.h"
#include "bls/version.h"
#include "fsview.h"
#include "option.h"
#include "parser.h"
#include "uki/pe.h"

#define FIXTURES "tests/parsers/bls"
#define DEV "dev0"

struct run {
	struct option_set *set;
	struct device *dev;
	int r;
};

/* Parses dir as device dev_id into set (a new one when NULL). */
static struct run parse_into(struct option_set *set, const char *dir,
			     const char *dev_id)
{
	struct run t = { .set = set ? set : option_set_new(), .r = -1 };
	struct fsview fs = { .root_fd = -1 };
	struct parse_ctx ctx;
	int r;

	if (!t.set) {
		diag("out of memory");
		exit(1);
	}
	t.dev = option_set_add_device(t.set);
	if (!t.dev) {
		diag("out of memory");
		exit(1);
	}
	t.dev->id = dev_id;
	t.dev->path = dir;
	r = fsview_open(&fs, dir);
	if (r < 0) {
		diag("cannot open %s: %s (run from the repository root)", dir,
		     strerror(-r));
		return t;
	}
	ctx = (struct parse_ctx){ .fs = &fs, .dev = t.dev, .set = t.set };
	t.r = bls_parse(&ctx);
	fsview_close(&fs);
	return t;
}

static struct run parse(const char *dir)
{
	return parse_into(NULL, dir, DEV);
}

/* The option with id DEV ":bls:" name, or NULL. */
static struct boot_option *opt(const struct run *t, const char *name)
{
	char id[PATH_MAX];

	snprintf(id, sizeof(id), "%s:bls:%s", t->dev->id, name);
	return option_set_option(t->set, id);
}

/* True when one string of l contains every one of the NULL-ended needles. */
static int has_error(const struct strlist *l, ...)
{
	for (size_t i = 0; i < l->n; i++) {
		va_list ap;
		const char *needle;
		int all = 1;

		va_start(ap, l);
		while ((needle = va_arg(ap, const char *)))
			if (!strstr(l->v[i], needle))
				all = 0;
		va_end(ap);
		if (all)
			return 1;
	}
	return 0;
}

static void show_errors(const char *what, const struct strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		diag("%s error: %s", what, l->v[i]);
}

static size_t n_defaults(const struct run *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->set->n_options; i++)
		n += t->set->options[i]->is_default;
	return n;
}

/* Checks the options' ids, in order: DEV ":bls:" + each name. */
static void check_order(const struct run *t, const char *const *names,
			size_t n)
{
	if (!check_int(t->set->n_options, ==, n))
		return;
	for (size_t i = 0; i < n; i++) {
		char id[256];

		snprintf(id, sizeof(id), "%s:bls:%s", t->dev->id, names[i]);
		check_str(t->set->options[i]->id, id);
	}
}

/*
 * Vectors from the UAPI.10 Version Format Specification (uapi-group
 * specifications @ ed66b52d, CC-BY-4.0, "Examples" section), with '' for
 * the empty string.
 */
static const struct {
	const char *a, *b;
	int sign;
} version_vectors[] = {
	{ "11", "11", 0 },
	{ "systemd-123", "systemd-123", 0 },
	{ "bar-123", "foo-123", -1 },
	{ "123a", "123", 1 },
	{ "123.a", "123", 1 },
	{ "123.a", "123.b", -1 },
	{ "123a", "123.a", 1 },
	{ "11\xce\xb1", "11\xce\xb2", 0 },	/* 11α == 11β */
	{ "B", "a", -1 },
	{ "", "0", -1 },
	{ "0.", "0", 1 },
	{ "0.0", "0", 1 },
	{ "0", "~", 1 },
	{ "", "~", 1 },
	{ "1_", "1", 0 },
	{ "_1", "1", 0 },
	{ "1_", "1.2", -1 },
	{ "1_2_3", "1.3.3", 1 },
	{ "1+", "1", 0 },
	{ "+1", "1", 0 },
	{ "1+", "1.2", -1 },
	{ "1+2+3", "1.3.3", 1 },
};

/* The spec's chain: each compares smaller than every one to its right. */
static const char *const version_chain[] = {
	"122.1", "123~rc1-1", "123", "123-a", "123-a.1", "123-1", "123-1.1",
	"123^post1", "123.a-1", "123.1-1", "123a-1", "124-1",
};

static int sign(int x)
{
	return (x > 0) - (x < 0);
}

static void test_version(void)
{
	size_t n = sizeof(version_chain) / sizeof(version_chain[0]);
	size_t nv = sizeof(version_vectors) / sizeof(version_vectors[0]);

	for (size_t i = 0; i < nv; i++) {
		const char *a = version_vectors[i].a, *b = version_vectors[i].b;
		int want = version_vectors[i].sign;

		ok(sign(bls_version_cmp(a, b)) == want &&
		   sign(bls_version_cmp(b, a)) == -want,
		   "version: '%s' %s '%s'", a,
		   want < 0 ? "<" : want > 0 ? ">" : "==", b);
	}
	for (size_t i = 0; i < n; i++) {
		int good = 1;

		for (size_t k = 0; k < n; k++) {
			int want = i < k ? -1 : i > k ? 1 : 0;

			if (sign(bls_version_cmp(version_chain[i],
						 version_chain[k])) != want) {
				diag("%s vs %s: want %d", version_chain[i],
				     version_chain[k], want);
				good = 0;
			}
		}
		ok(good, "version chain: %s in place", version_chain[i]);
	}
	/* Versions as kernels name them; used by the sorting below. */
	ok(bls_version_cmp("6.10.0", "6.1.0") > 0, "version: 6.10.0 > 6.1.0");
	ok(bls_version_cmp("5.6.6-300.fc32.x86_64", "5.6.6-200.fc32.x86_64") > 0,
	   "version: fedora release numbers compare as numbers");
	ok(bls_version_cmp("007", "7") == 0, "version: leading zeros skipped");
}

static void test_fedora_32(void)
{
	struct run t = parse(FIXTURES "/fedora_32");
	static const char *const order[] = {
		"de8380606ce44a2dabad127eb049acbe-5.6.6-300.fc32.x86_64",
		"de8380606ce44a2dabad127eb049acbe-0-rescue",
	};
	struct boot_option *o;

	diag("fedora_32: two Fedora entries, newest kernel first");
	check_int(t.r, ==, 2);
	check_int(t.dev->errors.n, ==, 0);
	check_order(&t, order, 2);

	o = opt(&t, order[0]);
	if (ok(o, "fedora_32: the 5.6.6 entry is listed")) {
		/* Titles are unique, so systemd-boot adds no version. */
		check_str(o->title, "Fedora 32 (Server Edition)");
		check_str(o->device, DEV);
		check_int(o->source, ==, SOURCE_BLS);
		check_int(o->errors.n, ==, 0);
		ok(o->kernel && !strcmp(o->kernel->path,
			"/de8380606ce44a2dabad127eb049acbe/5_6_6_300_fc32_x86_64/linux") &&
		   !strcmp(o->kernel->device, DEV),
		   "fedora_32: kernel resource");
		if (check_int(o->n_initrds, ==, 1))
			check_str(o->initrds[0].path,
				  "/de8380606ce44a2dabad127eb049acbe/5_6_6_300_fc32_x86_64/initrd");
		check_str(o->cmdline,
			  "initrd=\\de8380606ce44a2dabad127eb049acbe\\5_6_6_300_fc32_x86_64\\initrd "
			  "root=UUID=b0b50629-c323-40de-9b01-05632be6dbd4 ro "
			  "resume=UUID=abf0a2b5-f8db-411b-b534-1a431c63fbc0 console=ttyS0");
		ok(o->is_default, "fedora_32: newest entry is the default");
		ok(!o->devicetree, "fedora_32: no devicetree");
		/* The entry file is its configuration; loader.conf only
		 * picks the default. */
		if (check_int(o->n_configs, ==, 1)) {
			check_str(o->configs[0].device, DEV);
			check_str(o->configs[0].path,
				  "/loader/entries/de8380606ce44a2dabad127eb049acbe-5.6.6-300.fc32.x86_64.conf");
			ok(!o->configs[0].image && !o->configs[0].url,
			   "fedora_32: a plain file on the device");
		}
		check_int(o->flags, ==, 0);
	}
	o = opt(&t, order[1]);
	if (ok(o, "fedora_32: the rescue entry is listed")) {
		check_str(o->title, "Fedora 32 (Server Edition) - Rescue Image");
		check_str(o->cmdline,
			  "initrd=\\de8380606ce44a2dabad127eb049acbe\\0_rescue\\initrd "
			  "BOOT_IMAGE=(hd0,gpt2)/vmlinuz-5.6.6-300.fc32.x86_64 "
			  "root=UUID=b0b50629-c323-40de-9b01-05632be6dbd4 ro "
			  "resume=UUID=abf0a2b5-f8db-411b-b534-1a431c63fbc0 "
			  "console=ttyS0 rd.auto=1");
		ok(!o->is_default, "fedora_32: rescue is not the default");
	}
	check_int(n_defaults(&t), ==, 1);
	ok(!option_set_failed(t.set), "fedora_32: nothing wrong");
	/* "#timeout 3" is a comment. */
	ok(!t.set->has_timeout, "fedora_32: commented timeout ignored");
	option_set_free(t.set);
}

static void test_two_initrds(void)
{
	struct run t = parse(FIXTURES "/two-initrds");
	struct boot_option *o = opt(&t, "test");

	check_int(t.r, ==, 1);
	if (!ok(o, "two-initrds: entry listed"))
		goto out;
	check_str(o->title, "Test");
	ok(o->kernel && !strcmp(o->kernel->path, "/vmlinuz"),
	   "two-initrds: kernel /vmlinuz");
	if (check_int(o->n_initrds, ==, 2)) {
		check_str(o->initrds[0].path, "/initrd-a.img");
		check_str(o->initrds[1].path, "/initrd-b.img");
	}
	/* Recorded from the real systemd-boot 252: a relative initrd path
	 * stays relative (tests/oracle/systemd-boot/two-initrds.expected). */
	check_str(o->cmdline, "initrd=\\initrd-a.img initrd=initrd-b.img "
			      "console=ttyS0 hopboot-test=1 second=line");
	check_int(o->errors.n, ==, 0);
	ok(o->is_default, "two-initrds: the only entry is the default");
out:
	option_set_free(t.set);
}

static void test_syntax(void)
{
	struct run t = parse(FIXTURES "/syntax");
	struct boot_option *o = opt(&t, "syntax");

	check_int(t.r, ==, 1);
	if (!ok(o, "syntax: entry listed"))
		goto out;
	show_errors("syntax", &o->errors);
	check_int(o->errors.n, ==, 0);
	/* Last 'title' wins, quotes go, 'Title' is another key. */
	check_str(o->title, "Quoted Title");
	ok(o->kernel && !strcmp(o->kernel->path, "/boot/vmlinuz"),
	   "syntax: relative kernel path with '//' squeezed");
	if (check_int(o->n_initrds, ==, 1))
		check_str(o->initrds[0].path, "/boot/initrd.img");
	ok(o->devicetree && !strcmp(o->devicetree->path, "/dtb/board.dtb"),
	   "syntax: devicetree resource");
	/* Inner blanks kept, trailing ones trimmed, '#' mid-line kept,
	 * "options=e" ignored. */
	check_str(o->cmdline,
		  "initrd=\\boot\\initrd.img a  b\t c d # not a comment");
out:
	option_set_free(t.set);
}

static void test_cmdline(void)
{
	struct run t = parse(FIXTURES "/cmdline");
	struct boot_option *o;

	check_int(t.r, ==, 5);
	check_int(t.dev->errors.n, ==, 0);
	o = opt(&t, "bare");
	if (ok(o, "cmdline: bare entry listed"))
		check_str(o->cmdline, "");
	o = opt(&t, "opts-only");
	if (ok(o, "cmdline: opts-only listed"))
		check_str(o->cmdline, "quiet");
	o = opt(&t, "initrd-only");
	if (ok(o, "cmdline: initrd-only listed")) {
		check_str(o->cmdline, "initrd=\\boot\\initrd.img");
		if (check_int(o->n_initrds, ==, 1))
			check_str(o->initrds[0].path, "/boot/initrd.img");
		check_int(o->errors.n, ==, 0);
	}
	o = opt(&t, "relative");
	if (ok(o, "cmdline: relative listed")) {
		check_str(o->cmdline, "initrd=initrd-b.img root=/dev/vda1");
		ok(o->kernel && !strcmp(o->kernel->path, "/vmlinuz"),
		   "cmdline: relative kernel path rooted");
		check_int(o->errors.n, ==, 0);
	}
	o = opt(&t, "empty-options");
	if (ok(o, "cmdline: empty-options listed"))
		/* systemd-boot joins with "%s %s" even for "". */
		check_str(o->cmdline, "initrd=\\initrd-b.img ");
	option_set_free(t.set);
}

static void test_broken(void)
{
	struct run t = parse(FIXTURES "/broken");
	struct boot_option *o;

	check_int(t.r, ==, 6);
	show_errors("broken device", &t.dev->errors);
	check_int(t.dev->errors.n, ==, 0);
	ok(!opt(&t, "notes") && !opt(&t, "notes.txt"),
	   "broken: a .txt file is not an entry");
	ok(!opt(&t, "auto-windows"), "broken: auto-* names are not entries");
	ok(!opt(&t, ".hidden"), "broken: hidden files are not entries");
	ok(!opt(&t, "subdir"), "broken: a directory is not an entry");

	o = opt(&t, "good");
	if (ok(o, "broken: good entry listed")) {
		check_int(o->errors.n, ==, 0);
		ok(o->is_default, "broken: the bootable entry is the default");
	}
	check_int(n_defaults(&t), ==, 1);

	o = opt(&t, "nolinux");
	if (ok(o, "broken: entry without 'linux' listed")) {
		ok(has_error(&o->errors,
			     "entry loader/entries/nolinux.conf has no 'linux' "
			     "line; add one naming the kernel", NULL),
		   "broken: no-linux error names the file and the fix");
		ok(!o->kernel, "broken: no kernel resource without 'linux'");
		check_str(o->title, "No kernel");
	}
	o = opt(&t, "missing-initrd");
	if (ok(o, "broken: entry with a missing initrd listed")) {
		show_errors("missing-initrd", &o->errors);
		check_int(o->errors.n, ==, 1);
		ok(has_error(&o->errors, "missing-initrd.conf", "/nope.img", "initrd", NULL),
		   "broken: missing initrd named");
		check_int(o->n_initrds, ==, 2);
	}
	o = opt(&t, "missing-kernel");
	if (ok(o, "broken: entry with a missing kernel listed")) {
		ok(has_error(&o->errors, "missing-kernel.conf", "kernel /gone/vmlinuz", NULL),
		   "broken: missing kernel named");
		ok(option_is_broken(o) && !(o->flags & OPTION_NOT_KEXEC),
		   "broken: a missing kernel is a failure, not a kind");
		ok(o->kernel && !strcmp(o->kernel->path, "/gone/vmlinuz"),
		   "broken: missing kernel still has its resource");
	}
	o = opt(&t, "missing-dtb");
	if (ok(o, "broken: entry with a missing devicetree listed"))
		ok(has_error(&o->errors, "devicetree /dtb/board.dtb", NULL),
		   "broken: missing devicetree named");
	o = opt(&t, "efi");
	if (ok(o, "broken: efi entry listed")) {
		show_errors("efi", &o->errors);
		ok(has_error(&o->errors, "efi.conf", "/EFI/tool/shell.efi",
			     "kexec cannot start EFI programs", NULL),
		   "broken: efi entry says kexec cannot start it");
		ok(!o->kernel, "broken: an EFI program is not a kernel");
		ok((o->flags & OPTION_NOT_KEXEC) && !option_is_broken(o),
		   "broken: ...by nature: listed, no failure");
		ok(o->n_configs == 1 &&
		   !strcmp(o->configs[0].path, "/loader/entries/efi.conf"),
		   "broken: the efi entry names its file");
		/* initrd_prepare skips initrds of non-'linux' entries. */
		check_str(o->cmdline, "-nostartup");
		check_int(o->n_initrds, ==, 0);
	}
	option_set_free(t.set);
}

static void test_sorting(void)
{
	struct run t = parse(FIXTURES "/sorting");
	static const char *const order[] = {
		"c",		/* sort-key debian */
		"d",		/* fedora, machine-id 000 */
		"nokernel",	/* fedora, 111, version 9 */
		"b",		/* fedora, 111, 6.10.0 */
		"a",		/* fedora, 111, 6.1.0 */
		"g",		/* fedora, 111, no version */
		"linux-5.10",	/* no sort key: id, newest first */
		"linux-5.9", "k", "j", "i", "h", "e",
		"f+0-3",	/* no tries left: last despite its sort key */
	};
	struct {
		const char *name, *title;
	} titles[] = {
		{ "a", "Fedora (6.1.0)" },
		{ "b", "Fedora (6.10.0)" },
		{ "g", "Fedora" },
		/* Not listed by systemd-boot: takes no part in uniqueness. */
		{ "nokernel", "Fedora" },
		{ "h", "Twin (1.0) (aaaaaaaa)" },
		{ "i", "Twin (1.0) (bbbbbbbb)" },
		{ "j", "Same (j.conf)" },
		{ "k", "Same (k.conf)" },
		{ "e", "e.conf" },
		{ "c", "Debian" },
	};

	check_int(t.r, ==, 14);
	check_order(&t, order, sizeof(order) / sizeof(order[0]));
	for (size_t i = 0; i < sizeof(titles) / sizeof(titles[0]); i++) {
		struct boot_option *o = opt(&t, titles[i].name);

		if (ok(o, "sorting: %s listed", titles[i].name))
			check_str(o->title, titles[i].title);
	}
	ok(t.set->n_options && t.set->options[0]->is_default,
	   "sorting: first in order is the default without loader.conf");
	check_int(n_defaults(&t), ==, 1);
	option_set_free(t.set);
}

static void test_default_glob(void)
{
	struct run t = parse(FIXTURES "/default-glob");
	static const char *const order[] = {
		"other", "linux-6.1", "linux-5.10", "linux-5.9",
	};
	struct boot_option *o;

	check_int(t.r, ==, 4);
	check_order(&t, order, 4);
	o = opt(&t, "linux-5.10");
	/* "Linux-5.*" is lowered; the first match in menu order wins. */
	ok(o && o->is_default, "default-glob: linux-5.10 is the default");
	check_int(n_defaults(&t), ==, 1);
	ok(t.set->has_timeout, "default-glob: timeout set");
	check_int(t.set->timeout, ==, 7);
	check_int(t.dev->errors.n, ==, 0);

	/* A second device does not override the first one's timeout. */
	t = parse_into(t.set, FIXTURES "/default-broken", "dev1");
	check_int(t.r, ==, 3);
	check_int(t.set->timeout, ==, 7);
	check_int(t.set->n_options, ==, 7);
	option_set_free(t.set);
}

static void test_default_set(void)
{
	struct run t = parse(FIXTURES "/default-set");
	struct boot_option *o = opt(&t, "b-y");

	ok(o && o->is_default, "default-set: [ab]-?.conf picks b-y");
	check_int(n_defaults(&t), ==, 1);
	ok(!t.set->has_timeout, "default-set: no timeout");
	option_set_free(t.set);
}

static void test_default_broken(void)
{
	struct run t = parse(FIXTURES "/default-broken");
	struct boot_option *o = opt(&t, "a");

	/* The glob names only entries hopboot cannot boot. */
	ok(o && o->is_default, "default-broken: first bootable entry wins");
	check_int(n_defaults(&t), ==, 1);
	ok(t.set->has_timeout, "default-broken: timeout set");
	check_int(t.set->timeout, ==, -1);
	option_set_free(t.set);
}

static void test_loader_conf_errors(void)
{
	struct run t = parse(FIXTURES "/loader-conf-errors");
	struct boot_option *o = opt(&t, "a");

	show_errors("loader-conf-errors", &t.dev->errors);
	check_int(t.dev->errors.n, ==, 3);
	ok(has_error(&t.dev->errors, "loader/loader.conf", "default @foo", NULL),
	   "loader-conf-errors: unsupported @ default reported");
	ok(has_error(&t.dev->errors, "timeout 12abc", NULL),
	   "loader-conf-errors: bad timeout reported");
	ok(has_error(&t.dev->errors, "timeout 99999999999", NULL),
	   "loader-conf-errors: too large timeout reported");
	ok(!t.set->has_timeout, "loader-conf-errors: no timeout set");
	/* The rejected line leaves the earlier 'default a.conf'. */
	ok(o && o->is_default, "loader-conf-errors: earlier default kept");
	check_int(n_defaults(&t), ==, 1);
	option_set_free(t.set);
}

static void test_default_saved(void)
{
	struct run t = parse(FIXTURES "/default-saved");
	struct boot_option *o = opt(&t, "b");

	ok(o && o->is_default, "default-saved: @saved falls back to the first");
	check_int(n_defaults(&t), ==, 1);
	ok(t.set->has_timeout, "default-saved: menu-hidden sets a timeout");
	check_int(t.set->timeout, ==, 0);
	check_int(t.dev->errors.n, ==, 0);
	option_set_free(t.set);
}

static void test_arch(void)
{
	struct run t = parse(FIXTURES "/arch");
	struct boot_option *o;

	check_int(t.r, ==, 4);
	o = opt(&t, "here");
	if (ok(o, "arch: x64 entry listed")) {
		check_int(o->errors.n, ==, 0);
		ok(!o->hidden, "arch: x64 entry shown");
		/* 'arm' takes no part in title uniqueness: not shown. */
		check_str(o->title, "Here (here.conf)");
		check_str(o->cmdline, "here");
	}
	o = opt(&t, "arm");
	if (ok(o, "arch: aa64 entry listed")) {
		ok(o->hidden, "arch: aa64 entry hidden");
		ok(has_error(&o->errors, "arm.conf", "aa64 architecture",
			     "this machine is x64", NULL),
		   "arch: aa64 entry says why");
		ok((o->flags & OPTION_NOT_KEXEC) && !option_is_broken(o),
		   "arch: another machine's entry is no failure");
		ok(!o->kernel, "arch: lines after 'architecture' are not read");
		check_str(o->title, "Arm");
	}
	o = opt(&t, "upper");
	/* systemd-boot 252 compares with case (streq8): "X64" is another
	 * architecture there, though the specification says otherwise. */
	if (ok(o, "arch: X64 entry listed"))
		ok(o->hidden && has_error(&o->errors, "X64 architecture", NULL),
		   "arch: X64 is not x64 for systemd-boot 252");
	o = opt(&t, "overlay");
	if (ok(o, "arch: overlay entry listed")) {
		/* systemd-boot 252 ignores devicetree-overlay and boots the
		 * entry; a missing overlay file is no error either. */
		show_errors("overlay", &o->errors);
		check_int(o->errors.n, ==, 0);
		check_str(o->title, "Here (overlay.conf)");
		ok(o->devicetree && !strcmp(o->devicetree->path, "/dtb/board.dtb"),
		   "arch: the devicetree is kept");
		check_str(o->cmdline, "overlay");
	}
	check_int(n_defaults(&t), ==, 1);
	ok(!opt(&t, "arm")->is_default && !opt(&t, "upper")->is_default,
	   "arch: hidden entries are never the default");
	option_set_free(t.set);
}

/* Temporary trees. */

static char tmp_root[] = "/tmp/test_bls.XXXXXX";

static void must(int ok_, const char *what)
{
	if (!ok_) {
		diag("setup failed: %s: %s", what, strerror(errno));
		exit(1);
	}
}

static void put(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	must(fd >= 0, path);
	must(write(fd, text, strlen(text)) == (ssize_t)strlen(text), path);
	close(fd);
}

static char *tmp_path(const char *rel)
{
	static char buf[4][PATH_MAX];
	static int slot;
	char *p = buf[slot++ % 4];

	snprintf(p, PATH_MAX, "%s/%s", tmp_root, rel);
	return p;
}

static void mkdirs(const char *rel)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", tmp_root, rel);
	for (char *p = path + strlen(tmp_root) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		must(mkdir(path, 0755) == 0 || errno == EEXIST, path);
		*p = '/';
	}
	must(mkdir(path, 0755) == 0 || errno == EEXIST, path);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

static void test_empty_dir(void)
{
	struct run t;

	mkdirs("empty/loader/entries");
	t = parse(tmp_path("empty"));
	check_int(t.r, ==, 0);
	check_int(t.set->n_options, ==, 0);
	check_int(t.dev->errors.n, ==, 0);
	option_set_free(t.set);

	mkdirs("none");
	t = parse(tmp_path("none"));
	check_int(t.r, ==, 0);
	ok(t.dev->errors.n == 0, "no loader/entries: not an error");
	option_set_free(t.set);

	mkdirs("notdir/loader");
	put(tmp_path("notdir/loader/entries"), "a file\n");
	t = parse(tmp_path("notdir"));
	check_int(t.r, ==, 0);
	show_errors("notdir", &t.dev->errors);
	ok(has_error(&t.dev->errors, "loader/entries", NULL),
	   "loader/entries as a file: device error");
	option_set_free(t.set);
}

static void test_symlinks(void)
{
	struct run t;
	struct boot_option *o;

	mkdirs("links/loader/entries");
	mkdirs("links/etc");
	put(tmp_path("links/vmlinuz"), "");
	/* The root's own /etc/passwd: what an absolute link must reach. */
	put(tmp_path("links/etc/passwd"), "title inside the root\nlinux /vmlinuz\n");
	must(symlink("/etc/passwd", tmp_path("links/loader/entries/abs.conf")) == 0,
	     "symlink abs");
	must(symlink("../../../../../../../../etc/passwd",
		     tmp_path("links/loader/entries/dotdot.conf")) == 0,
	     "symlink dotdot");
	must(symlink("/no/such/file", tmp_path("links/loader/entries/dangling.conf")) == 0,
	     "symlink dangling");
	t = parse(tmp_path("links"));
	check_int(t.r, ==, 3);
	o = opt(&t, "abs");
	if (ok(o, "symlink: absolute link listed")) {
		/* Both links read the same file: same title, so
		 * systemd-boot's rule adds the id. */
		check_str(o->title, "inside the root (abs.conf)");
		check_int(o->errors.n, ==, 0);
	}
	o = opt(&t, "dotdot");
	if (ok(o, "symlink: '..' link listed"))
		check_str(o->title, "inside the root (dotdot.conf)");
	o = opt(&t, "dangling");
	if (ok(o, "symlink: dangling link listed")) {
		show_errors("dangling", &o->errors);
		ok(has_error(&o->errors, "dangling.conf cannot be read", NULL),
		   "symlink: dangling link is an unreadable entry");
		ok(!o->kernel, "symlink: nothing parsed from a dangling link");
	}
	option_set_free(t.set);

	/* No root of its own: /etc/passwd is simply missing. */
	mkdirs("passwd/loader/entries");
	must(symlink("/etc/passwd", tmp_path("passwd/loader/entries/evil.conf")) == 0,
	     "symlink evil");
	t = parse(tmp_path("passwd"));
	o = opt(&t, "evil");
	if (ok(o, "symlink to /etc/passwd listed")) {
		ok(has_error(&o->errors, "evil.conf cannot be read", NULL),
		   "symlink to /etc/passwd is not read");
		check_str(o->title, "evil.conf");
		check_str(o->cmdline, "");
	}
	option_set_free(t.set);
}

static void test_too_large(void)
{
	struct run t;
	int fd;

	mkdirs("large/loader/entries");
	put(tmp_path("large/vmlinuz"), "");
	put(tmp_path("large/loader/entries/small.conf"), "linux /vmlinuz\n");
	fd = open(tmp_path("large/loader/entries/big.conf"),
		  O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	must(fd >= 0, "big.conf");
	/* Sparse: costs no disk space. */
	must(ftruncate(fd, (off_t)FSVIEW_CONFIG_MAX + 1) == 0, "ftruncate");
	close(fd);
	t = parse(tmp_path("large"));
	check_int(t.r, ==, 1);
	ok(!opt(&t, "big"), "too large: not listed");
	show_errors("large", &t.dev->errors);
	ok(t.dev->errors.n == 1 &&
	   has_error(&t.dev->errors, "loader/entries/big.conf", "too large", NULL),
	   "too large: one device error naming the file");
	option_set_free(t.set);
}

static void test_case(void)
{
	struct run t;

	/* Two names, one systemd-boot id ("x.conf"): ids stay unique. */
	mkdirs("case/loader/entries");
	put(tmp_path("case/vmlinuz"), "");
	put(tmp_path("case/loader/entries/x.conf"), "linux /vmlinuz\n");
	put(tmp_path("case/loader/entries/x.CONF"), "linux /vmlinuz\n");
	t = parse(tmp_path("case"));
	check_int(t.r, ==, 2);
	/* Equal ids keep name order, and "x.CONF" sorts first. */
	ok(opt(&t, "x") && opt(&t, "x.conf") && opt(&t, "x") != opt(&t, "x.conf"),
	   "case: x.CONF and x.conf both listed with distinct ids");
	if (t.set->n_options == 2)
		check_str(t.set->options[0]->id, DEV ":bls:x");
	option_set_free(t.set);
}

/* Writes a Type #2 image named name into dir/EFI/Linux. */
static void put_uki(const char *dir, const char *name, const char *osrel)
{
	struct pb_section s[] = {
		{ ".osrel", osrel, strlen(osrel) },
		{ ".cmdline", "from-uki", 8 },
		{ ".linux", "MZ", 2 },
	};
	char path[PATH_MAX];
	unsigned char *b;
	size_t len;
	int fd;

	snprintf(path, sizeof(path), "%s/EFI/Linux", dir);
	mkdirs(path + strlen(tmp_root) + 1);
	snprintf(path, sizeof(path), "%s/EFI/Linux/%s", dir, name);
	b = pb_build(PE_MACHINE_X64, s, 3, &len);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	must(fd >= 0 && write(fd, b, len) == (ssize_t)len, path);
	close(fd);
	free(b);
}

#define ESP_GUID "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"
#define XBOOTLDR_GUID "bc13c2ff-59e6-4262-a352-b275fd6f7172"

/* Runs the parser over every device of set that has a root, with a view
 * for each, as the scanner does. Returns the sum of what it returned. */
static int parse_set(struct option_set *set)
{
	struct fsview views[8];
	int total = 0;

	for (size_t i = 0; i < set->n_devices; i++) {
		views[i].root_fd = -1;
		if (set->devices[i]->root)
			must(fsview_open(&views[i], set->devices[i]->root) == 0,
			     set->devices[i]->root);
	}
	for (size_t i = 0; i < set->n_devices; i++) {
		struct parse_ctx ctx = {
			.fs = &views[i], .dev = set->devices[i], .set = set,
			.views = views,
		};

		if (views[i].root_fd >= 0)
			total += bls_parse(&ctx);
	}
	for (size_t i = 0; i < set->n_devices; i++)
		if (views[i].root_fd >= 0)
			fsview_close(&views[i]);
	return total;
}

static struct device *add_dev(struct option_set *set, const char *id,
			      const char *parttype, const char *rel)
{
	struct device *d = option_set_add_device(set);

	must(d != NULL, "add device");
	d->id = d->path = id;
	d->parttype = parttype;
	d->root = rel ? arena_strdup(set->arena, tmp_path(rel)) : NULL;
	return d;
}

static void test_xbootldr(void)
{
	struct option_set *set = option_set_new();
	static const char *const order[] = {
		"xb:uki:xb",		/* sort key (ID=debian): first */
		"xb:bls:xb-2", "xb:bls:xb-1", "esp:bls:esp-1",
	};
	struct boot_option *o;
	int r;

	must(set != NULL, "set");
	mkdirs("x-esp/loader/entries");
	mkdirs("x-xb/loader/entries");
	put(tmp_path("x-esp/vmlinuz"), "");
	put(tmp_path("x-xb/vmlinuz"), "");
	put(tmp_path("x-esp/loader/loader.conf"), "timeout 4\ndefault xb-*\n");
	put(tmp_path("x-esp/loader/entries/esp-1.conf"), "title T\nlinux /vmlinuz\n");
	/* The XBOOTLDR's own loader.conf is not read, as in systemd-boot. */
	put(tmp_path("x-xb/loader/loader.conf"), "timeout 9\ndefault esp-*\n");
	put(tmp_path("x-xb/loader/entries/xb-1.conf"), "title T\nlinux /vmlinuz\noptions one\n");
	put(tmp_path("x-xb/loader/entries/xb-2.conf"), "title T\nlinux /vmlinuz\noptions two\n");
	put_uki(tmp_path("x-xb"), "xb.efi", "ID=debian\nPRETTY_NAME=Debian\n");

	add_dev(set, "disk", NULL, NULL);
	add_dev(set, "xb", XBOOTLDR_GUID, "x-xb");	/* before the ESP */
	add_dev(set, "esp", ESP_GUID, "x-esp");
	add_dev(set, "data", "0fc63daf-8483-4772-8e79-3d69d8477de4", NULL);
	r = parse_set(set);
	check_int(r, ==, 4);
	if (check_int(set->n_options, ==, 4))
		for (size_t i = 0; i < 4; i++)
			check_str(set->options[i]->id, order[i]);
	o = option_set_option(set, "xb:bls:xb-2");
	if (ok(o, "xbootldr: xb-2 listed")) {
		ok(o->is_default, "xbootldr: ESP's loader.conf glob picks xb-2");
		check_str(o->device, "xb");
		ok(o->kernel && !strcmp(o->kernel->device, "xb"),
		   "xbootldr: its kernel is on the XBOOTLDR partition");
		/* Titles are unique across both partitions together. */
		check_str(o->title, "T (xb-2.conf)");
	}
	if (o && check_int(o->n_configs, ==, 1)) {
		/* The entry file is on the XBOOTLDR partition. */
		check_str(o->configs[0].device, "xb");
		check_str(o->configs[0].path, "/loader/entries/xb-2.conf");
	}
	o = option_set_option(set, "xb:uki:xb");
	if (ok(o, "xbootldr: its UKI listed"))
		check_str(o->cmdline, "from-uki");
	ok(o && o->n_configs == 1 && !strcmp(o->configs[0].device, "xb") &&
	   !strcmp(o->configs[0].path, "/EFI/Linux/xb.efi"),
	   "xbootldr: the UKI names its image");
	check_int(set->timeout, ==, 4);
	option_set_free(set);

	/* Two disks: an ESP does not take another disk's XBOOTLDR, which is
	 * then read on its own, with its own loader.conf. */
	set = option_set_new();
	must(set != NULL, "set");
	add_dev(set, "disk1", NULL, NULL);
	add_dev(set, "esp", ESP_GUID, "x-esp");
	add_dev(set, "disk2", NULL, NULL);
	add_dev(set, "xb", XBOOTLDR_GUID, "x-xb");
	r = parse_set(set);
	check_int(r, ==, 4);
	o = option_set_option(set, "esp:bls:esp-1");
	ok(o && o->is_default && !strcmp(o->title, "T"),
	   "two disks: the ESP's own entry is its default, title alone");
	o = option_set_option(set, "xb:bls:esp-1");
	ok(!o, "two disks: nothing read twice");
	o = option_set_option(set, "xb:uki:xb");
	ok(o && o->is_default,
	   "two disks: the lone XBOOTLDR's first entry is its default");
	option_set_free(set);
}

/* Boot counting (tests/parsers/SPEC-EXCERPTS.md, "Boot counting" and
 * "Sorting"), as systemd-boot 252 applies it. */
static void test_counting(void)
{
	static const char *const names[] = {
		"c+3.conf",	/* 3 left, none done: indeterminate */
		"c+1-5.conf",	/* indeterminate */
		"c+0-1.conf",	/* bad */
		"c+0-2.conf",	/* bad */
		"c+.conf",	/* no number: no counting */
		"c+1-.conf",	/* no second number: no counting */
		"d.conf",	/* good */
	};
	static const char *const order[] = {
		/* Ids compare first, newest version first; the '+' is no
		 * version character, so "c+3" > "c+1-5" > "c+1-". */
		"d", "c+3", "c+1-5", "c+1-", "c+",
		/* Bad last. The specification would sort two bad entries
		 * that differ only in their counters by the tries done;
		 * systemd-boot 252 compares their ids first, and
		 * "c+0-2" > "c+0-1". */
		"c+0-2", "c+0-1",
	};
	struct run t;
	char rel[64];

	mkdirs("count/loader/entries");
	put(tmp_path("count/vmlinuz"), "");
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(rel, sizeof(rel), "count/loader/entries/%s", names[i]);
		put(tmp_path(rel), "title C\nlinux /vmlinuz\n");
	}
	put(tmp_path("count/loader/loader.conf"), "default c+0-*\n");
	t = parse(tmp_path("count"));
	check_order(&t, order, sizeof(order) / sizeof(order[0]));
	/* The glob names only bad entries: systemd-boot 252 takes the
	 * first match even so (recorded: tests/oracle/systemd-boot/
	 * esp-bad.expected); no tries left does not forbid a boot. */
	ok(opt(&t, "c+0-2") && opt(&t, "c+0-2")->is_default,
	   "counting: a glob naming only bad entries picks the first of them");
	option_set_free(t.set);
}

static void test_cap(void)
{
	struct run t;
	char name[64];

	mkdirs("many/loader/entries");
	for (int i = 0; i < 1030; i++) {
		snprintf(name, sizeof(name), "many/loader/entries/e%04d.conf", i);
		put(tmp_path(name), "title x\n");
	}
	t = parse(tmp_path("many"));
	check_int(t.r, ==, 1024);
	check_int(t.set->n_options, ==, 1024);
	show_errors("many", &t.dev->errors);
	ok(t.dev->errors.n == 1 && has_error(&t.dev->errors, "6 more", NULL),
	   "cap: one device error for the 6 extra entries");
	/* Name order: the last six are the ones dropped. */
	ok(opt(&t, "e1023") && !opt(&t, "e1024"), "cap: e1023 kept, e1024 dropped");
	option_set_free(t.set);
}

int main(void)
{
	test_version();
	test_fedora_32();
	test_two_initrds();
	test_syntax();
	test_cmdline();
	test_broken();
	test_sorting();
	test_default_glob();
	test_default_set();
	test_default_broken();
	test_loader_conf_errors();
	test_default_saved();
	test_arch();

	if (!ok(mkdtemp(tmp_root), "temporary directory %s", tmp_root))
		return done_testing();
	test_empty_dir();
	test_symlinks();
	test_too_large();
	test_case();
	test_cap();
	test_counting();
	test_xbootldr();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
