/* test_config_source.c - where each option came from, and what kexec cannot start.
 *
 * For GRUB 2 and syslinux (whose own test files other work is changing),
 * each option's `configs` (the config read first, then the file defining
 * the entry: source, configfile, blscfg, loopback, INCLUDE, CONFIG), and
 * OPTION_NOT_KEXEC on entries that are by nature no kernel (chainloader,
 * reboot, halt, fwsetup, exit, COM32, LOCALBOOT), which option_set_failed()
 * and so `hopboot scan`'s exit status leave out. Cases are written to a
 * temporary directory, one folder each.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fake_image.h"
#include "tap.h"
#include "testfs.h"

#include "arena.h"
#include "fsview.h"
#include "option.h"
#include "parser.h"

static char tmpdir[] = "/tmp/test_config_source.XXXXXX";

static void die(const char *what)
{
	diag("%s: %s", what, strerror(errno));
	exit(1);
}

/* Writes text to tmpdir/cs/path. */
static void put(const char *cs, const char *path, const char *text)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/%s", cs, path);
	testfs_put(tmpdir, rel, text);
}

/* Runs parse over tmpdir/cs as device "dev0" (/dev/sda1). */
static struct option_set *run(const char *cs, int (*parse)(struct parse_ctx *))
{
	struct option_set *set = option_set_new();
	struct fsview fs = { .root_fd = -1 };
	struct device *d = set ? option_set_add_device(set) : NULL;
	char dir[PATH_MAX];
	struct parse_ctx ctx;

	if (!d)
		die("option_set_new");
	d->id = "dev0";
	d->path = "/dev/sda1";
	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, cs);
	if (fsview_open(&fs, dir) < 0)
		die(dir);
	ctx = (struct parse_ctx){ .fs = &fs, .dev = d, .set = set,
				  .views = &fs, .image_view = fake_image,
				  .firmware = FIRMWARE_BIOS };
	diag("case %s", cs);
	if (parse(&ctx) < 0)
		die("parse");
	fsview_close(&fs);
	fake_image_close();
	option_set_resolve_default(set);
	for (size_t i = 0; i < d->errors.n; i++)
		diag("device error: %s", d->errors.v[i]);
	return set;
}

static const struct boot_option *titled(const struct option_set *set,
					const char *title)
{
	for (size_t i = 0; i < set->n_options; i++)
		if (!strcmp(set->options[i]->title, title))
			return set->options[i];
	diag("no option titled '%s'", title);
	return NULL;
}

/* Checks o's configs: n "path" or "image:path" strings, all on dev0. */
static void check_configs(const struct boot_option *o, int n, ...)
{
	va_list ap;

	if (!ok(o != NULL, "the option is listed") ||
	    !ok(o->n_configs == (size_t)n, "%s: %d config files (%zu)",
		o->title, n, o->n_configs))
		return;
	va_start(ap, n);
	for (int i = 0; i < n; i++) {
		const char *want = va_arg(ap, const char *);
		const struct resource *c = &o->configs[i];
		char got[PATH_MAX];

		snprintf(got, sizeof(got), "%s%s%s", c->image ? c->image : "",
			 c->image ? ":" : "", c->path);
		if (!ok(!strcmp(got, want) && !strcmp(c->device, "dev0"),
			"%s: config %d is dev0 %s", o->title, i, want))
			diag("got %s %s", c->device, got);
	}
	va_end(ap);
}

static bool not_kexec(const struct option_set *set, const char *title)
{
	const struct boot_option *o = titled(set, title);

	return o && (o->flags & OPTION_NOT_KEXEC) && o->errors.n &&
	       !option_is_broken(o);
}

static void test_grub_files(void)
{
	struct option_set *set;

	put("g1", "vmlinuz", "");
	put("g1", "boot/grub/custom.cfg",
	    "menuentry Custom { linux /vmlinuz c=1; }\n");
	put("g1", "boot/grub/sub.cfg",
	    "menuentry Inner { linux /vmlinuz inner=1; }\n");
	put("g1", "boot/grub/grub.cfg",
	    "menuentry Top { linux /vmlinuz top=1; }\n"
	    "source /boot/grub/custom.cfg\n"
	    "menuentry Menu { configfile /boot/grub/sub.cfg; }\n"
	    "submenu More { menuentry Nested { linux /vmlinuz n=1; } }\n");
	set = run("g1", grub2_parse);
	check_configs(titled(set, "Top"), 1, "/boot/grub/grub.cfg");
	check_configs(titled(set, "Custom"), 2, "/boot/grub/grub.cfg",
		      "/boot/grub/custom.cfg");
	check_configs(titled(set, "Inner"), 2, "/boot/grub/grub.cfg",
		      "/boot/grub/sub.cfg");
	check_configs(titled(set, "Nested"), 1, "/boot/grub/grub.cfg");
	ok(!option_set_failed(set), "grub files: nothing fails");
	option_set_free(set);

	/* Fedora's blscfg: the BLS entry file defines the entry. */
	put("g2", "vmlinuz-6.8", "");
	put("g2", "loader/entries/abc-6.8.conf",
	    "title Fedora 40\nversion 6.8\nlinux /vmlinuz-6.8\n"
	    "options root=/dev/vda2\n");
	put("g2", "grub2/grub.cfg", "set root=hd0,msdos1\nblscfg\n");
	set = run("g2", grub2_parse);
	check_configs(titled(set, "Fedora 40"), 2, "/grub2/grub.cfg",
		      "/loader/entries/abc-6.8.conf");
	option_set_free(set);

	/* loopback: the ISO's loopback.cfg is a file inside the image. */
	put("iso", "casper/vmlinuz", "");
	put("iso", "boot/grub/loopback.cfg",
	    "menuentry Live { linux /casper/vmlinuz boot=casper; }\n");
	put("g3", "isos/u.iso", "");
	put("g3", "boot/grub/grub.cfg",
	    "menuentry 'Ubuntu ISO' {\n loopback loop /isos/u.iso\n"
	    " set root=(loop)\n configfile /boot/grub/loopback.cfg\n}\n");
	set = run("g3", grub2_parse);
	check_configs(titled(set, "Live"), 2, "/boot/grub/grub.cfg",
		      "/isos/u.iso:/boot/grub/loopback.cfg");
	option_set_free(set);
}

static void test_grub_kinds(void)
{
	struct option_set *set;
	const struct boot_option *o;

	put("k1", "vmlinuz", "");
	put("k1", "boot/grub/grub.cfg",
	    "fwsetup --is-supported\n"
	    "if [ $? = 0 ]; then\n"
	    " menuentry 'UEFI Firmware Settings' --id uefi-firmware {\n"
	    "  fwsetup\n }\nfi\n"
	    "menuentry Linux { linux /vmlinuz root=/dev/vda; }\n"
	    "menuentry Windows { chainloader /EFI/Microsoft/Boot/bootmgfw.efi; }\n"
	    "menuentry Xen { multiboot2 /xen.gz; }\n"
	    "menuentry Reboot { reboot; }\n"
	    "menuentry Halt { halt; }\n"
	    "menuentry Continue { exit; }\n");
	set = run("k1", grub2_parse);
	check_int(set->devices[0]->errors.n, ==, 0);
	ok(not_kexec(set, "UEFI Firmware Settings"),
	   "fwsetup: listed, not a kernel, no failure");
	ok(not_kexec(set, "Windows"), "chainloader: not a kernel");
	ok(not_kexec(set, "Xen"), "multiboot2: not a kernel");
	ok(not_kexec(set, "Reboot"), "reboot: not a kernel");
	ok(not_kexec(set, "Halt"), "halt: not a kernel");
	ok(not_kexec(set, "Continue"), "exit: not a kernel");
	o = titled(set, "Reboot");
	ok(o && strstr(o->errors.v[0], "restarts the machine"),
	   "reboot: the sentence says what it does");
	o = titled(set, "Linux");
	ok(o && !o->flags && !o->errors.n, "the Linux entry is a kernel");
	ok(set->default_id && o && !strcmp(set->default_id, o->id),
	   "...and the default");
	ok(!option_set_failed(set),
	   "only entries kexec cannot start by nature: the scan does not fail");
	option_set_free(set);

	put("k2", "vmlinuz", "");
	put("k2", "boot/grub/grub.cfg",
	    "menuentry Good { linux /vmlinuz; }\n"
	    "menuentry Gone { linux /vmlinuz-gone; }\n"
	    "menuentry Nothing { echo nothing; }\n"
	    "menuentry Windows { chainloader +1; }\n");
	set = run("k2", grub2_parse);
	o = titled(set, "Gone");
	ok(o && !o->flags && option_is_broken(o),
	   "a missing kernel is broken, not a kind");
	o = titled(set, "Nothing");
	ok(o && !o->flags && option_is_broken(o),
	   "an entry that loads nothing is broken");
	ok(option_set_failed(set), "a missing kernel fails the scan");
	option_set_free(set);
}

/* Ubuntu's 10_linux on BIOS: with /boot/grub/gfxblacklist.txt present it
 * runs hwmatch, which hopboot did not know: a device error, exit 1. */
static void test_ubuntu_hwmatch(void)
{
	struct option_set *set;
	const struct boot_option *o;

	put("u1", "vmlinuz", "");
	put("u1", "boot/grub/gfxblacklist.txt", "# nothing listed\n");
	put("u1", "boot/grub/grub.cfg",
	    "function gfxmode {\n"
	    "\tset gfxpayload=\"${1}\"\n"
	    "\tif [ \"${1}\" = \"keep\" ]; then\n"
	    "\t\tset vt_handoff=vt.handoff=7\n"
	    "\telse\n"
	    "\t\tset vt_handoff=\n"
	    "\tfi\n"
	    "}\n"
	    "if [ \"${recordfail}\" != 1 ]; then\n"
	    "  if [ -e ${prefix}/gfxblacklist.txt ]; then\n"
	    "    if [ ${grub_platform} != pc ]; then\n"
	    "      set linux_gfx_mode=keep\n"
	    "    elif hwmatch ${prefix}/gfxblacklist.txt 3; then\n"
	    "      if [ ${match} = 0 ]; then\n"
	    "        set linux_gfx_mode=keep\n"
	    "      else\n"
	    "        set linux_gfx_mode=text\n"
	    "      fi\n"
	    "    else\n"
	    "      set linux_gfx_mode=text\n"
	    "    fi\n"
	    "  else\n"
	    "    set linux_gfx_mode=keep\n"
	    "  fi\n"
	    "else\n"
	    "  set linux_gfx_mode=text\n"
	    "fi\n"
	    "export linux_gfx_mode\n"
	    "menuentry Ubuntu {\n"
	    "\tgfxmode $linux_gfx_mode\n"
	    "\tlinux /vmlinuz root=/dev/vda2 ro quiet splash $vt_handoff\n"
	    "}\n");
	set = run("u1", grub2_parse);
	check_int(set->devices[0]->errors.n, ==, 0);
	o = titled(set, "Ubuntu");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/vmlinuz root=/dev/vda2 ro quiet splash vt.handoff=7");
	ok(!option_set_failed(set), "Ubuntu's hwmatch line: the scan is clean");
	option_set_free(set);
}

static void test_syslinux(void)
{
	struct option_set *set;
	const struct boot_option *o;

	put("s1", "vmlinuz", "");
	put("s1", "syslinux/labels.cfg",
	    "LABEL linux\n KERNEL /vmlinuz\n APPEND root=/dev/vda2\n");
	put("s1", "other.cfg", "LABEL o\n KERNEL /vmlinuz\n APPEND o=1\n");
	put("s1", "syslinux/syslinux.cfg",
	    "DEFAULT linux\nPROMPT 1\nTIMEOUT 50\n"
	    "INCLUDE /syslinux/labels.cfg\n"
	    "LABEL hd\n LOCALBOOT 0\n"
	    "LABEL hdt\n COM32 hdt.c32\n"
	    "LABEL pxe\n KERNEL pxelinux.0\n"
	    "LABEL other\n CONFIG /other.cfg\n");
	set = run("s1", syslinux_parse);
	check_configs(titled(set, "linux"), 2, "/syslinux/syslinux.cfg",
		      "/syslinux/labels.cfg");
	check_configs(titled(set, "hd"), 1, "/syslinux/syslinux.cfg");
	check_configs(titled(set, "o"), 2, "/syslinux/syslinux.cfg",
		      "/other.cfg");
	ok(not_kexec(set, "hd"), "LOCALBOOT: not a kernel");
	ok(not_kexec(set, "hdt"), "COM32: not a kernel");
	ok(not_kexec(set, "pxe"), "a PXE program: not a kernel");
	o = titled(set, "linux");
	ok(o && !o->flags && !o->errors.n, "the LINUX label is a kernel");
	ok(!option_set_failed(set), "syslinux: no failure");
	option_set_free(set);

	/* A DEFAULT that is a command, no label: an option of its own, read
	 * from the config that holds the DEFAULT line. */
	put("s2", "vmlinuz", "");
	put("s2", "extlinux.conf", "DEFAULT /vmlinuz-gone quiet\n");
	set = run("s2", syslinux_parse);
	o = set->n_options ? set->options[0] : NULL;
	check_configs(o, 1, "/extlinux.conf");
	ok(o && option_is_broken(o), "a missing kernel is broken");
	ok(option_set_failed(set), "...and fails the scan");
	option_set_free(set);
}

int main(void)
{
	char iso[sizeof(tmpdir) + 4];

	testfs_new(tmpdir);
	/* Every image file reads as tmpdir/iso. */
	snprintf(iso, sizeof(iso), "%s/iso", tmpdir);
	fake_image_dir = iso;
	test_grub_files();
	test_grub_kinds();
	test_ubuntu_hwmatch();
	test_syslinux();
	testfs_remove(tmpdir);
	return done_testing();
}
