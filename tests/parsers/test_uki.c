/* test_uki.c - Type #2 images in EFI/Linux, read as systemd-boot 252 does.
 *
 * Each case writes crafted PE files (pebuild.h) into a temporary tree and
 * runs the BLS parser over it: systemd-boot lists Type #1 and Type #2
 * entries as one sorted list, so one parser reads both. Run from the
 * repository root: the command-line case reads the truth recorded from the
 * real systemd-boot 252 in tests/oracle/systemd-boot/esp-uki.expected.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tap.h"
#include "parsers/pebuild.h"

#include "arena.h"
#include "fsview.h"
#include "option.h"
#include "parser.h"
#include "uki/pe.h"
#include "uki/uki.h"

#define DEV "esp"
#define ORACLE "tests/oracle/systemd-boot/esp-uki"

static char tmp_root[] = "/tmp/test_uki.XXXXXX";

static void must(int cond, const char *what)
{
	if (!cond) {
		diag("setup failed: %s: %s", what, strerror(errno));
		exit(1);
	}
}

static char *path_of(const char *tree, const char *rel)
{
	static char buf[4][PATH_MAX];
	static int slot;
	char *p = buf[slot++ % 4];

	snprintf(p, PATH_MAX, "%s/%s/%s", tmp_root, tree, rel);
	return p;
}

static void mkdirs(const char *path)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s", path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		must(mkdir(p, 0755) == 0 || errno == EEXIST, p);
		*s = '/';
	}
	must(mkdir(p, 0755) == 0 || errno == EEXIST, p);
}

static void put_bytes(const char *path, const void *b, size_t len)
{
	char dir[PATH_MAX];
	int fd;

	snprintf(dir, sizeof(dir), "%s", path);
	*strrchr(dir, '/') = '\0';
	mkdirs(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	must(fd >= 0, path);
	must(write(fd, b, len) == (ssize_t)len, path);
	close(fd);
}

static void put(const char *path, const char *text)
{
	put_bytes(path, text, strlen(text));
}

/* Writes tree/EFI/Linux/name: a UKI with the NULL-ended (section, text)
 * pairs given, for machine (an unsigned int: va_start's last parameter must
 * be of a type that default argument promotion leaves alone). */
static void uki(const char *tree, const char *name, unsigned int machine, ...)
{
	struct pb_section s[16];
	size_t n = 0, len;
	unsigned char *b;
	va_list ap;
	char rel[256];

	va_start(ap, machine);
	while (n < 16 && (s[n].name = va_arg(ap, const char *))) {
		s[n].data = va_arg(ap, const char *);
		s[n].len = strlen(s[n].data);
		n++;
	}
	va_end(ap);
	b = pb_build(machine, s, n, &len);
	snprintf(rel, sizeof(rel), "EFI/Linux/%s", name);
	put_bytes(path_of(tree, rel), b, len);
	free(b);
}

#define X64 PE_MACHINE_X64
#define OSREL(pretty) ".osrel", "ID=debian\nVERSION_ID=12\nPRETTY_NAME=\"" pretty "\"\n"
#define LINUX ".linux", "MZkernel"

struct run {
	struct option_set *set;
	int r;
};

static struct run parse(const char *tree)
{
	struct run t = { .set = option_set_new(), .r = -1 };
	struct fsview fs;
	struct parse_ctx ctx;
	struct device *dev;
	char dir[PATH_MAX];

	must(t.set != NULL, "option_set_new");
	dev = option_set_add_device(t.set);
	must(dev != NULL, "add device");
	dev->id = DEV;
	snprintf(dir, sizeof(dir), "%s/%s", tmp_root, tree);
	if (fsview_open(&fs, dir) < 0) {
		diag("cannot open %s", dir);
		return t;
	}
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = t.set };
	t.r = bls_parse(&ctx);
	fsview_close(&fs);
	return t;
}

static struct boot_option *find(const struct run *t, const char *id)
{
	return option_set_option(t->set, id);
}

static int has_error(const struct boot_option *o, const char *needle)
{
	for (size_t i = 0; i < o->errors.n; i++)
		if (strstr(o->errors.v[i], needle))
			return 1;
	for (size_t i = 0; i < o->errors.n; i++)
		diag("error: %s", o->errors.v[i]);
	return 0;
}

static void test_good(void)
{
	struct run t;
	struct boot_option *o;

	uki("good", "debian-6.1.efi", X64, OSREL("Debian GNU/Linux 12"),
	    ".cmdline", "root=/dev/vda2 quiet\n", LINUX,
	    ".initrd", "INITRD", NULL);
	t = parse("good");
	check_int(t.r, ==, 1);
	o = find(&t, DEV ":uki:debian-6.1");
	if (!ok(o, "good: listed as esp:uki:debian-6.1"))
		goto out;
	check_int(o->source, ==, SOURCE_UKI);
	check_str(o->title, "Debian GNU/Linux 12");
	check_str(o->cmdline, "root=/dev/vda2 quiet");
	check_int(o->errors.n, ==, 0);
	ok(!o->hidden, "good: not hidden");
	ok(o->is_default, "good: the only image is the default");
	if (ok(o->kernel, "good: kernel resource")) {
		check_str(o->kernel->path, "/EFI/Linux/debian-6.1.efi");
		check_str(o->kernel->section, ".linux");
		check_str(o->kernel->device, DEV);
	}
	if (check_int(o->n_initrds, ==, 1))
		check_str(o->initrds[0].section, ".initrd");
	ok(!o->devicetree, "good: no devicetree");
	/* The image is its own configuration. */
	if (check_int(o->n_configs, ==, 1)) {
		check_str(o->configs[0].device, DEV);
		check_str(o->configs[0].path, "/EFI/Linux/debian-6.1.efi");
		ok(!o->configs[0].image, "good: the image is a file on the ESP");
	}
	ok(!(o->flags & OPTION_NOT_KEXEC) && !option_is_broken(o),
	   "good: a kernel kexec starts");
out:
	option_set_free(t.set);
}

/* The recorded truth: what systemd-boot 252 gave the kernel for the
 * .cmdline that lib-esp-mix.sh builds. */
static void test_oracle_cmdline(void)
{
	char want[4096] = "", *nl;
	struct run t;
	struct boot_option *o;
	FILE *f = fopen(ORACLE ".expected", "re");

	if (!ok(f, "oracle: %s.expected is readable (run from the repository root)", ORACLE))
		return;
	if (!fgets(want, sizeof(want), f))
		want[0] = '\0';
	fclose(f);
	nl = strchr(want, '\n');
	if (nl)
		*nl = '\0';
	uki("oracle", "debian-6.1.0.efi", X64, OSREL("Debian GNU/Linux 12 (bookworm)"),
	    ".cmdline", " console=ttyS0\tentry=uki  two-spaces\n", LINUX,
	    ".initrd", "I", NULL);
	t = parse("oracle");
	o = find(&t, DEV ":uki:debian-6.1.0");
	if (ok(o, "oracle: image listed"))
		check_str(o->cmdline, want);
	option_set_free(t.set);

	/* uki-blanks.sh: blanks at the end. */
	f = fopen("tests/oracle/systemd-boot/uki-blanks.expected", "re");
	if (!ok(f, "oracle: uki-blanks.expected is readable"))
		return;
	if (!fgets(want, sizeof(want), f))
		want[0] = '\0';
	fclose(f);
	want[strcspn(want, "\n")] = '\0';
	uki("blanks", "blanks.efi", X64, ".osrel", "ID=test\nPRETTY_NAME=Blanks\n",
	    ".cmdline", "console=ttyS0 x=1\tb \n\n", LINUX, NULL);
	t = parse("blanks");
	o = find(&t, DEV ":uki:blanks");
	if (ok(o, "oracle: blanks image listed"))
		check_str(o->cmdline, want);
	option_set_free(t.set);

	{
		char s1[] = "a \t\n\r\n", s2[] = "\ta\x7f" "b", s3[] = "",
		     s4[] = " \n";

		uki_mangle_cmdline(s1);
		uki_mangle_cmdline(s2);
		uki_mangle_cmdline(s3);
		uki_mangle_cmdline(s4);
		check_str(s1, "a");
		check_str(s2, " a b");
		check_str(s3, "");
		check_str(s4, "");
	}
}

static void test_sections(void)
{
	struct run t;
	struct boot_option *o;

	/* .ucode before .initrd, .dtb as the devicetree, .sbat ignored. */
	uki("sections", "full.efi", X64, ".sbat", "sbat,1\n", OSREL("Full"),
	    ".initrd", "INITRD", ".ucode", "UCODE", LINUX, ".dtb", "DTB",
	    ".uname", "6.1.0-56-amd64\n", NULL);
	t = parse("sections");
	o = find(&t, DEV ":uki:full");
	if (!ok(o, "sections: listed"))
		goto out;
	if (check_int(o->n_initrds, ==, 2)) {
		check_str(o->initrds[0].section, ".ucode");
		check_str(o->initrds[1].section, ".initrd");
	}
	ok(o->devicetree && !strcmp(o->devicetree->section, ".dtb"),
	   "sections: .dtb is the devicetree");
	/* No .cmdline: the kernel gets an empty one. */
	check_str(o->cmdline, "");
	check_int(o->errors.n, ==, 0);
out:
	option_set_free(t.set);
}

static void test_names(void)
{
	struct run t;
	struct boot_option *o;

	uki("names", "a.efi", X64, ".osrel", "NAME=Arch\nID=arch\nBUILD_ID=rolling\n", LINUX, NULL);
	uki("names", "b.efi", X64, ".osrel", "ID=bare\n", LINUX, NULL);
	uki("names", "c.efi", X64, ".osrel", "IMAGE_ID=img\nNAME=N\n", LINUX, NULL);
	uki("names", "d.efi", X64, ".osrel", "VERSION_ID=1\n", LINUX, NULL);
	uki("names", "e.efi", X64, LINUX, NULL);
	t = parse("names");
	check_int(t.r, ==, 5);
	o = find(&t, DEV ":uki:a");
	if (ok(o, "names: a listed"))
		check_str(o->title, "Arch");
	o = find(&t, DEV ":uki:b");
	if (ok(o, "names: b listed"))
		check_str(o->title, "bare");
	o = find(&t, DEV ":uki:c");
	if (ok(o, "names: c listed"))
		check_str(o->title, "img");	/* IMAGE_ID before NAME */
	o = find(&t, DEV ":uki:d");
	if (ok(o, "names: d listed")) {
		/* No name at all: systemd-boot 252 skips it. */
		ok(o->hidden && has_error(o, "no .osrel section naming"),
		   "names: an image without a name is hidden, with the reason");
		check_str(o->title, "d.efi");
	}
	o = find(&t, DEV ":uki:e");
	if (ok(o, "names: e listed"))
		ok(o->hidden && has_error(o, "no .osrel"),
		   "names: an image without .osrel is hidden, with the reason");
	/* Sort keys: c (img) and a (arch) and b (bare) have one, so they
	 * come first by key; d and e have none and are not shown. */
	if (t.set->n_options == 5) {
		check_str(t.set->options[0]->id, DEV ":uki:a");
		check_str(t.set->options[1]->id, DEV ":uki:b");
		check_str(t.set->options[2]->id, DEV ":uki:c");
	}
	option_set_free(t.set);
}

static void test_damaged(void)
{
	struct run t;
	struct boot_option *o;
	size_t len;
	struct pb_section s[] = { { ".linux", "MZkernel", 8 } };
	unsigned char *b = pb_build(X64, s, 1, &len);

	put(path_of("damaged", "EFI/Linux/text.efi"), "not a PE file\n");
	put(path_of("damaged", "EFI/Linux/empty.efi"), "");
	put_bytes(path_of("damaged", "EFI/Linux/cut.efi"), b, len - 509);
	/* 65535 sections claimed. */
	pb_le16(b + PB_LFANEW + 6, 0xffff);
	put_bytes(path_of("damaged", "EFI/Linux/many.efi"), b, len);
	free(b);
	uki("damaged", "nolinux.efi", X64, OSREL("No kernel"), NULL);
	uki("damaged", "arm.efi", PE_MACHINE_ARM64, OSREL("Arm"), LINUX, NULL);
	uki("damaged", "good.efi", X64, OSREL("Good"), LINUX, NULL);
	mkdirs(path_of("damaged", "EFI/Linux/dir.efi"));
	put(path_of("damaged", "EFI/Linux/notes.txt"), "x");
	put(path_of("damaged", "EFI/Linux/auto-x.efi"), "x");

	t = parse("damaged");
	check_int(t.r, ==, 7);
	ok(!find(&t, DEV ":uki:dir") && !find(&t, DEV ":uki:notes") &&
	   !find(&t, DEV ":uki:auto-x"),
	   "damaged: directories, other suffixes and auto-* are not images");
	o = find(&t, DEV ":uki:text");
	ok(o && has_error(o, "image EFI/Linux/text.efi is not an EFI program"),
	   "damaged: a text file is named and refused");
	o = find(&t, DEV ":uki:empty");
	ok(o && has_error(o, "no MZ header"), "damaged: an empty file is refused");
	o = find(&t, DEV ":uki:cut");
	ok(o && has_error(o, "truncated"), "damaged: a truncated image is refused");
	o = find(&t, DEV ":uki:many");
	ok(o && has_error(o, "more than 96 sections"),
	   "damaged: 65535 sections are refused");
	o = find(&t, DEV ":uki:nolinux");
	ok(o && has_error(o, "no .linux section") && !o->kernel,
	   "damaged: an image without .linux cannot boot");
	o = find(&t, DEV ":uki:arm");
	ok(o && o->hidden && has_error(o, "another machine type"),
	   "damaged: an arm64 image is hidden on x86_64");
	ok(o && (o->flags & OPTION_NOT_KEXEC) && !option_is_broken(o),
	   "damaged: ...by nature, not a failure of the scan");
	o = find(&t, DEV ":uki:nolinux");
	ok(o && !(o->flags & OPTION_NOT_KEXEC) && option_is_broken(o),
	   "damaged: an image without .linux is broken");
	o = find(&t, DEV ":uki:cut");
	ok(o && o->n_configs == 1 &&
	   !strcmp(o->configs[0].path, "/EFI/Linux/cut.efi"),
	   "damaged: a broken image names its file too");
	ok(option_set_failed(t.set), "damaged: the scan fails");
	o = find(&t, DEV ":uki:good");
	ok(o && o->is_default && !o->errors.n,
	   "damaged: the one good image is the default");
	option_set_free(t.set);
}

static void test_mixed(void)
{
	struct run t;
	static const char *const order[] = {
		DEV ":uki:fedora-6.8",		/* sort key fedora, version 40 */
		DEV ":uki:fedora-6.9",		/* fedora, version 39 */
		DEV ":bls:zzz",			/* no sort keys: by id */
		DEV ":uki:plain-2",
		DEV ":bls:plain-1",
		DEV ":uki:new+0-2",		/* no tries left: last */
	};
	size_t n = sizeof(order) / sizeof(order[0]);

	uki("mixed", "fedora-6.8.efi", X64, ".osrel",
	    "ID=fedora\nVERSION_ID=40\nPRETTY_NAME=Fedora\n", LINUX, NULL);
	uki("mixed", "fedora-6.9.efi", X64, ".osrel",
	    "ID=fedora\nVERSION_ID=39\nPRETTY_NAME=Fedora\n", LINUX, NULL);
	uki("mixed", "new+0-2.efi", X64, ".osrel", "PRETTY_NAME=New\n", LINUX, NULL);
	uki("mixed", "plain-2.efi", X64, ".osrel", "PRETTY_NAME=Plain\n", LINUX, NULL);
	put(path_of("mixed", "vmlinuz"), "");
	put(path_of("mixed", "loader/entries/plain-1.conf"),
	    "title Plain\nversion 1\nlinux /vmlinuz\n");
	put(path_of("mixed", "loader/entries/zzz.conf"), "title Z\nlinux /vmlinuz\n");
	put(path_of("mixed", "loader/loader.conf"), "default plain-*\n");
	t = parse("mixed");
	check_int(t.r, ==, 6);
	if (check_int(t.set->n_options, ==, n))
		for (size_t i = 0; i < n; i++)
			check_str(t.set->options[i]->id, order[i]);
	/* Same titles: systemd-boot adds the version. */
	if (t.set->n_options == n) {
		check_str(t.set->options[0]->title, "Fedora (40)");
		check_str(t.set->options[1]->title, "Fedora (39)");
		/* "Plain" twice, one without a version: adding "(1)" to
		 * the other already makes them differ. */
		check_str(t.set->options[3]->title, "Plain");
		check_str(t.set->options[4]->title, "Plain (1)");
		/* The glob names a Type #2 image and a Type #1 entry; the
		 * first in menu order wins. */
		ok(t.set->options[3]->is_default, "mixed: plain-2.efi is the default");
	}
	option_set_free(t.set);
}

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return remove(path);
}

int main(void)
{
	if (!ok(mkdtemp(tmp_root), "temporary directory %s", tmp_root))
		return done_testing();
	test_good();
	test_oracle_cmdline();
	test_sections();
	test_names();
	test_damaged();
	test_mixed();
	nftw(tmp_root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
