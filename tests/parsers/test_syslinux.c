/* test_syslinux.c - syslinux parser tests: fixture trees, syslinux 6.04's rules.
 *
 * Run from the repository root: fixtures are read from tests/parsers/syslinux/,
 * one directory per filesystem root. Expected command lines follow the rules
 * checked on the real extlinux 6.04 (tests/oracle/extlinux/); the fixtures
 * relative-paths, search-install-dir, initrd-append and default-kernel mirror
 * the oracle's scenarios.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "arena.h"
#include "fsview.h"
#include "option.h"
#include "parser.h"
#include "pxe/pxe.h"
#include "strlist.h"

#define FIXTURES "tests/parsers/syslinux"
#define DEV "dev0"

struct run {
	struct option_set *set;
	struct device *dev;
	int r;
};

static struct run parse_net(const char *name, const char *type,
			    const char *uuid, const struct net_info *net)
{
	struct run t = { .set = option_set_new(), .r = -1 };
	struct fsview fs = { .root_fd = -1 };
	struct parse_ctx ctx;
	char dir[PATH_MAX];
	int r;

	if (!t.set || !(t.dev = option_set_add_device(t.set))) {
		diag("out of memory");
		exit(1);
	}
	snprintf(dir, sizeof(dir), FIXTURES "/%s", name);
	t.dev->id = DEV;
	t.dev->type = type;
	t.dev->uuid = uuid;
	r = fsview_open(&fs, dir);
	if (r < 0) {
		diag("cannot open %s: %s (run from the repository root)", dir,
		     strerror(-r));
		return t;
	}
	ctx = (struct parse_ctx){
		.fs = &fs, .dev = t.dev, .set = t.set, .net = net,
	};
	t.r = syslinux_parse(&ctx);
	fsview_close(&fs);
	return t;
}

static struct run parse_typed(const char *name, const char *type)
{
	return parse_net(name, type, NULL, NULL);
}

static struct run parse(const char *name)
{
	return parse_typed(name, NULL);
}

static struct boot_option *opt(const struct run *t, const char *name)
{
	char id[PATH_MAX];
	struct boot_option *o;

	snprintf(id, sizeof(id), DEV ":syslinux:%s", name);
	o = option_set_option(t->set, id);
	if (!o)
		diag("no option %s", id);
	return o;
}

static int has(const struct strlist *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], needle))
			return 1;
	return 0;
}

static const struct boot_option *the_default(const struct run *t)
{
	const struct boot_option *d = NULL;
	int n = 0;

	for (size_t i = 0; i < t->set->n_options; i++)
		if (t->set->options[i]->is_default) {
			d = t->set->options[i];
			n++;
		}
	if (n != 1)
		diag("%d options are marked default", n);
	return n == 1 ? d : NULL;
}

/* Checks a bootable option: no errors, kernel, initrds, command line. */
static void check_boot(const struct boot_option *o, const char *kernel,
		       const char *initrds, const char *cmdline)
{
	char got[1024] = "";

	if (!ok(o != NULL, "option exists"))
		return;
	if (!check_int(o->errors.n, ==, 0))
		diag("first error: %s", o->errors.v[0]);
	check_str(o->kernel ? o->kernel->path : NULL, kernel);
	for (size_t i = 0; i < o->n_initrds; i++) {
		if (i)
			strcat(got, " ");
		strncat(got, o->initrds[i].path, 200);
	}
	check_str(got, initrds);
	check_str(o->cmdline, cmdline);
}

static void check_error(const struct boot_option *o, const char *needle)
{
	if (!ok(o != NULL, "option exists"))
		return;
	ok(has(&o->errors, needle), "%s: error mentions '%s'", o->id, needle);
}

static void test_petitboot_include(void)
{
	struct run t = parse("petitboot-include");
	static const char *const order[] = {
		"floppy", "backup", "comboot", "com32", "boot", "bss", "linux",
	};

	diag("petitboot's 3-level INCLUDE chain, absolute and relative");
	if (!check_int(t.r, ==, 7))
		return;
	for (size_t i = 0; i < 7; i++) {
		char id[64];

		snprintf(id, sizeof(id), DEV ":syslinux:%s", order[i]);
		check_str(t.set->options[i]->id, id);
	}
	check_boot(opt(&t, "backup"), "/backup/vmlinuz", "/boot/initrd",
		   "BOOT_IMAGE=/backup/vmlinuz root=/dev/sdb initrd=/boot/initrd");
	check_boot(opt(&t, "boot"), "/bzImage-boot", "/initrd-boot",
		   "BOOT_IMAGE=/bzImage-boot root=/dev/sda initrd=/initrd-boot");
	check_boot(opt(&t, "linux"), "/boot/bzImage", "",
		   "BOOT_IMAGE=/boot/bzImage root=/dev/sdc");
	/* 6.04 knows no ".com": it would load it as a Linux kernel. */
	check_boot(opt(&t, "comboot"), "/boot/comboot.com", "",
		   "BOOT_IMAGE=/boot/comboot.com console=ttyS0");
	check_error(opt(&t, "floppy"), "floppy image");
	check_error(opt(&t, "com32"), "COM32 module /boot/com32.c32");
	check_error(opt(&t, "bss"), "/boot/test.bss");
	check_str(the_default(&t) ? the_default(&t)->id : NULL, DEV ":syslinux:boot");
	ok(t.set->has_timeout && t.set->timeout == 0,
	   "no PROMPT, no UI: boots at once (timeout %d)", t.set->timeout);
	check_int(t.dev->errors.n, ==, 0);
	option_set_free(t.set);
}

static void test_fedora(void)
{
	struct run t = parse_typed("uroot-fedora_27", "iso9660");
	const char *args = "root=live:CDLABEL=Fedora-WS-Live-27-1-6 rd.live.image";
	char want[256];
	struct boot_option *o;

	diag("Fedora 27 live ISO: vesamenu, MENU DEFAULT, submenu, LOCALBOOT");
	if (!check_int(t.r, ==, 5))
		return;
	snprintf(want, sizeof(want), "BOOT_IMAGE=vmlinuz initrd=initrd.img %s quiet", args);
	check_boot(opt(&t, "linux"), "/isolinux/vmlinuz", "/isolinux/initrd.img", want);
	o = opt(&t, "check");
	if (o) {
		check_str(o->title, "Test this media & start Fedora-Workstation-Live 27");
		ok(o->is_default, "MENU DEFAULT picks 'check' under DEFAULT vesamenu.c32");
	}
	o = opt(&t, "vesa");
	if (o && check_int(o->submenu.n, ==, 1))
		check_str(o->submenu.v[0], "Troubleshooting");
	check_boot(opt(&t, "memtest"), "/isolinux/memtest", "", "BOOT_IMAGE=memtest ");
	check_error(opt(&t, "local"), "LOCALBOOT");
	ok(!option_set_option(t.set, DEV ":syslinux:returntomain"), "MENU EXIT label is not an option");
	check_int(t.set->timeout, ==, 60);
	option_set_free(t.set);
}

static void test_debian(void)
{
	struct run t = parse_typed("uroot-debian_9", "iso9660");
	struct boot_option *o;

	diag("Debian 9 live ISO: labels with blanks, nested INCLUDE, timeout 0");
	if (!check_int(t.r, >, 70))
		return;
	o = opt(&t, "Debian GNU/Linux Live (kernel 4.9.0-3-amd64)");
	check_boot(o, "/live/vmlinuz-4.9.0-3-amd64",
		   "/live/initrd.img-4.9.0-3-amd64",
		   "BOOT_IMAGE=/live/vmlinuz-4.9.0-3-amd64 initrd=/live/initrd.img-4.9.0-3-amd64 boot=live components");
	ok(o && o->is_default, "first label of the top menu is the default");
	o = opt(&t, "Albanian (sq)");
	if (o && check_int(o->submenu.n, ==, 1))
		check_str(o->submenu.v[0], "Debian Live with Localisation Support");
	/* The APPEND line ends with a blank, and syslinux keeps it. */
	check_boot(opt(&t, "Debian Installer"), "/d-i/vmlinuz", "/d-i/initrd.gz",
		   "BOOT_IMAGE=/d-i/vmlinuz initrd=/d-i/initrd.gz ");
	ok(!option_set_option(t.set, DEV ":syslinux:mainmenu"),
	   "MENU EXIT label is not an option");
	check_int(t.set->timeout, ==, -1);
	option_set_free(t.set);
}

static void test_qubes(void)
{
	struct run t = parse_typed("uroot-qubes_3_2", "iso9660");
	struct boot_option *o;

	diag("Qubes 3.2 ISO: Xen through mboot.c32");
	if (!check_int(t.r, ==, 6))
		return;
	o = opt(&t, "check");
	check_error(o, "mboot.c32 xen.gz");
	ok(o && o->is_default, "MENU DEFAULT is the default even when kexec cannot boot it");
	check_boot(opt(&t, "memtest"), "/isolinux/memtest", "", "BOOT_IMAGE=memtest ");
	option_set_free(t.set);
}

static void test_include_loop(void)
{
	struct run t = parse("include-loop");
	int loops = 0;

	diag("INCLUDE loops and depth");
	/* top, a, b, then d1..d15: d16 would be the 17th file deep. */
	check_int(t.r, ==, 18);
	for (size_t i = 0; i < t.dev->errors.n; i++)
		loops += strstr(t.dev->errors.v[i], "include loop") != NULL;
	check_int(loops, ==, 3);
	ok(has(&t.dev->errors, "levels deep"), "depth cap reported");
	ok(opt(&t, "d15") && !option_set_option(t.set, DEV ":syslinux:d16"),
	   "d15 read, d16 not");
	check_str(the_default(&t) ? the_default(&t)->id : NULL, DEV ":syslinux:top");
	option_set_free(t.set);
}

static void test_relative_paths(void)
{
	struct run t = parse("relative-paths");

	diag("relative and .. paths from the main config's folder (oracle include-tree)");
	check_int(t.r, ==, 3);
	check_boot(opt(&t, "inc"), "/vmlinuz",
		   "/boot/initrd-a.img /boot/extlinux/sub/initrd-b.img",
		   "BOOT_IMAGE=../../vmlinuz console=ttyS0 from=global initrd=../initrd-a.img,sub/initrd-b.img");
	check_boot(opt(&t, "up"), "/vmlinuz", "", "BOOT_IMAGE=../../../../vmlinuz ");
	check_error(opt(&t, "other"), "/boot/extlinux/vmlinuz");
	ok(!option_set_option(t.set, DEV ":syslinux:wrong-folder"),
	   "../two.cfg from sub/one.cfg is /boot/two.cfg");
	check_str(the_default(&t) ? the_default(&t)->id : NULL, DEV ":syslinux:inc");
	ok(!option_set_option(t.set, DEV ":syslinux:decoy"),
	   "install folder /boot/extlinux searched before /boot/syslinux");
	check_int(t.set->timeout, ==, 0);
	option_set_free(t.set);
}

static void test_search_append_dash(void)
{
	struct run t = parse("search-install-dir");

	diag("ldlinux.sys in /syslinux: /boot/extlinux is never searched; APPEND -");
	check_int(t.r, ==, 3);
	check_boot(opt(&t, "dash"), "/syslinux/vmlinuz", "", "BOOT_IMAGE=vmlinuz ");
	/* After a LABEL, APPEND belongs to the label, not to the globals. */
	check_boot(opt(&t, "plain"), "/syslinux/vmlinuz", "",
		   "BOOT_IMAGE=vmlinuz label=plain");
	check_boot(opt(&t, "bare"), "/syslinux/vmlinuz", "", "BOOT_IMAGE=vmlinuz ");
	check_str(the_default(&t) ? the_default(&t)->id : NULL, DEV ":syslinux:dash");
	option_set_free(t.set);
}

static void test_initrd_append(void)
{
	struct run t = parse("initrd-append");
	const struct boot_option *d;

	diag("INITRD next to initrd= in APPEND: only the first initrd= loads");
	check_int(t.r, ==, 4);
	check_boot(opt(&t, "both"), "/boot/vmlinuz", "/boot/syslinux/initrd-a.img",
		   "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 initrd=initrd-a.img quiet initrd=initrd-b.img");
	check_boot(opt(&t, "only-initrd"), "/boot/vmlinuz",
		   "/boot/syslinux/initrd-a.img /boot/syslinux/initrd-b.img",
		   "BOOT_IMAGE=/boot/vmlinuz initrd=initrd-a.img,initrd-b.img");
	check_error(opt(&t, "missing"), "/boot/syslinux/nothere.img");
	d = the_default(&t);
	check_str(d ? d->id : NULL, DEV ":syslinux:default");
	if (d)
		check_boot(d, "/boot/vmlinuz", "/boot/syslinux/initrd-a.img",
			   "BOOT_IMAGE=/boot/vmlinuz console=ttyS0 initrd=initrd-a.img quiet initrd=initrd-b.img extra=arg");
	option_set_free(t.set);
}

static void test_default_kernel(void)
{
	struct run t = parse("default-kernel");
	const struct boot_option *d;

	diag("DEFAULT naming a kernel and its arguments");
	check_int(t.r, ==, 2);
	d = the_default(&t);
	/* A label called "default" exists, so the command's id is #2. */
	check_str(d ? d->id : NULL, DEV ":syslinux:default#2");
	if (d)
		check_boot(d, "/extlinux/linux", "/initrd-a.img /extlinux/initrd-b.img",
			   "BOOT_IMAGE=linux console=ttyS0 initrd=../initrd-a.img,initrd-b.img");
	option_set_free(t.set);
}

static void test_menus(void)
{
	struct run t = parse("menus");
	struct boot_option *o;

	diag("MENU BEGIN/END, HIDE, SEPARATOR, DISABLE, TEXT HELP, MENU DEFAULT");
	check_int(t.r, ==, 6);
	o = opt(&t, "first");
	if (o)
		check_str(o->title, "First entry");
	ok(!option_set_option(t.set, DEV ":syslinux:fake"), "TEXT HELP lines are not read");
	o = opt(&t, "in-outer");
	if (o && check_int(o->submenu.n, ==, 1))
		check_str(o->submenu.v[0], "Outer menu");
	o = opt(&t, "in-inner");
	if (o && check_int(o->submenu.n, ==, 2)) {
		check_str(o->submenu.v[0], "Outer menu");
		check_str(o->submenu.v[1], "Inner");
	}
	o = opt(&t, "secret");
	ok(o && o->hidden, "MENU HIDE");
	ok(!option_set_option(t.set, DEV ":syslinux:greyed"), "MENU DISABLE");
	ok(!option_set_option(t.set, DEV ":syslinux:back"), "MENU EXIT");
	o = opt(&t, "second");
	ok(o && o->is_default, "top-menu MENU DEFAULT wins when DEFAULT names no label");
	check_boot(opt(&t, "second#2"), "/syslinux/vmlinuz", "", "BOOT_IMAGE=vmlinuz dup=2");
	check_int(t.set->timeout, ==, 6);
	option_set_free(t.set);
}

static void test_ontimeout(void)
{
	struct run t = parse("ontimeout");
	const struct boot_option *d;

	diag("PROMPT 1: ONTIMEOUT after TOTALTIMEOUT; IPAPPEND 2 on a disk");
	check_int(t.r, ==, 3);
	d = the_default(&t);
	check_str(d ? d->id : NULL, DEV ":syslinux:default");
	if (d)
		check_str(d->cmdline, "BOOT_IMAGE=vmlinuz b=1 more=1");
	check_int(t.set->timeout, ==, 31);
	/* BOOTIF= has no value on a disk: extlinux adds nothing either. */
	check_int(t.dev->errors.n, ==, 0);
	option_set_free(t.set);
}

static void test_com32(void)
{
	struct run t = parse("com32");

	diag("COM32 modules, LOCALBOOT, CONFIG, menus, chain-loading");
	check_int(t.r, ==, 8);
	check_error(opt(&t, "hd"), "(chain.c32 hd0 1)");
	check_error(opt(&t, "hd-kernel"), "(chain.c32 hd1)");
	check_error(opt(&t, "hd-noext"), "(chain.c32)");
	check_error(opt(&t, "local"), "LOCALBOOT");
	check_error(opt(&t, "other"), "CONFIG");
	check_error(opt(&t, "menu"), "menu");
	check_error(opt(&t, "boot"), "pxelinux.0");
	check_boot(opt(&t, "linux"), "/syslinux/vmlinuz", "", "BOOT_IMAGE=vmlinuz ");
	check_str(the_default(&t) ? the_default(&t)->id : NULL, DEV ":syslinux:hd");
	option_set_free(t.set);
}

static void test_config_chain(void)
{
	struct run t = parse("config-chain");
	const struct boot_option *o;

	diag("CONFIG as DEFAULT with no UI or PROMPT: syslinux starts over on the new config before anyone chooses; nothing of the first kept, same folder (oracle config-chain)");
	check_int(t.r, ==, 1);	/* second.cfg's next; back is a way back */
	o = the_default(&t);
	check_str(o ? o->id : NULL, DEV ":syslinux:next");
	check_boot(o, "/boot/extlinux/vmlinuz",
		   "/boot/extlinux/initrd-a.img /boot/initrd-b.img",
		   "BOOT_IMAGE=vmlinuz initrd=initrd-a.img,../initrd-b.img");
	ok(o && o->submenu.n == 0, "the new config's labels are the top menu");
	ok(!option_set_option(t.set, DEV ":syslinux:chain") &&
	   !option_set_option(t.set, DEV ":syslinux:early"),
	   "the first config's labels are not listed: no menu shows them");
	ok(!option_set_option(t.set, DEV ":syslinux:back"),
	   "CONFIG back to the config passed through: not listed");
	check_int(t.set->timeout, ==, 0);
	option_set_free(t.set);

	t = parse("config-prompt");
	diag("CONFIG labels under PROMPT 1: a submenu each (config-chain's labels)");
	/* early, missing, and next under each of chain and global-args;
	 * loop and the two back labels CONFIG a config being followed. */
	check_int(t.r, ==, 4);
	o = the_default(&t);
	check_str(o ? o->id : NULL, DEV ":syslinux:chain/next");
	check_boot(o, "/boot/extlinux/vmlinuz",
		   "/boot/extlinux/initrd-a.img /boot/initrd-b.img",
		   "BOOT_IMAGE=vmlinuz initrd=initrd-a.img,../initrd-b.img");
	if (o && check_int(o->submenu.n, ==, 1))
		check_str(o->submenu.v[0], "Second menu");
	ok(!option_set_option(t.set, DEV ":syslinux:chain"),
	   "no option for the CONFIG label itself");
	check_boot(opt(&t, "early"), "/boot/extlinux/vmlinuz", "",
		   "BOOT_IMAGE=vmlinuz console=ttyS0 from=first");
	ok(!option_set_option(t.set, DEV ":syslinux:loop") &&
	   !option_set_option(t.set, DEV ":syslinux:chain/back"),
	   "a CONFIG back to a config being followed is a way back, not an entry");
	check_error(opt(&t, "missing"), "/boot/extlinux/nowhere.cfg");
	/* The global APPEND as CONFIG's arguments: no such folder, so
	 * syslinux stays where it is. */
	check_boot(opt(&t, "global-args/next"), "/boot/extlinux/vmlinuz",
		   "/boot/extlinux/initrd-a.img /boot/initrd-b.img",
		   "BOOT_IMAGE=vmlinuz initrd=initrd-a.img,../initrd-b.img");
	check_int(t.set->timeout, ==, 5);
	option_set_free(t.set);

	t = parse("config-dir");
	diag("CONFIG file folder: the folder is current afterwards (oracle config-dir)");
	check_int(t.r, ==, 2);
	o = the_default(&t);
	check_str(o ? o->id : NULL, DEV ":syslinux:default");
	check_boot(o, "/k/vmlinuz", "/k/initrd-a.img /initrd-b.img",
		   "BOOT_IMAGE=vmlinuz console=ttyS0 from=third initrd=initrd-a.img,../initrd-b.img more=words");
	check_boot(opt(&t, "go"), "/k/vmlinuz",
		   "/k/initrd-a.img /initrd-b.img",
		   "BOOT_IMAGE=vmlinuz console=ttyS0 from=third initrd=initrd-a.img,../initrd-b.img");
	option_set_free(t.set);
}

static void test_config_fan(void)
{
	struct run t = parse("config-fan");

	diag("CONFIG fan-out: 200 labels x 50 labels stays within the limits");
	ok(t.r > 0 && t.r <= 4096 + 200, "%d options", t.r);
	ok(has(&t.dev->errors, "more than 128 files"), "the file limit says so");
	/* b.cfg has no DEFAULT: syslinux stops at its prompt. */
	for (size_t i = 0; i < t.set->n_options; i++)
		if (t.set->options[i]->is_default)
			ok(0, "no default expected: %s", t.set->options[i]->id);
	option_set_free(t.set);
}

static void test_sysappend(void)
{
	static const char fsuuid[] = "51e0c1e0-0000-4000-8000-000000000001";
	struct net_info net = {
		.ip = "10.0.2.15", .server = "10.0.2.2", .netmask = "255.255.255.0",
		.mac = "52:54:00:12:34:56", .hwtype = 1,
		.uuid = "51e0c1e0-1234-4abc-8def-0123456789ab",
		.sys_vendor = "QEMU",
		.product_name = " Standard PC (i440FX +  PIIX, 1996) ",
		.board_name = "",
	};
	struct run t = parse_net("sysappend", "ext2", fsuuid, NULL);

	diag("SYSAPPEND on a disk: no ip=/BOOTIF=, FSUUID (oracle sysappend-disk)");
	check_boot(opt(&t, "fs"), "/boot/vmlinuz", "/boot/initrd-a.img",
		   "BOOT_IMAGE=../vmlinuz console=ttyS0 initrd=../initrd-a.img FSUUID=51e0c1e0-0000-4000-8000-000000000001");
	check_boot(opt(&t, "inherit"), "/boot/vmlinuz", "", "BOOT_IMAGE=../vmlinuz ");
	check_boot(opt(&t, "dmi"), "/boot/vmlinuz", "", "BOOT_IMAGE=../vmlinuz ");
	ok(has(&t.dev->errors, "SYSUUID=, CPU=, SYSVENDOR="),
	   "the firmware's values hopboot cannot know are named");
	check_int(t.dev->errors.n, ==, 2);	/* dmi, pxe */
	option_set_free(t.set);

	t = parse_net("sysappend", "xfs", fsuuid, NULL);
	diag("FSUUID only on ext2/3/4 and FAT, as syslinux 6.04");
	check_boot(opt(&t, "fs"), "/boot/vmlinuz", "/boot/initrd-a.img",
		   "BOOT_IMAGE=../vmlinuz console=ttyS0 initrd=../initrd-a.img");
	option_set_free(t.set);

	t = parse_net("sysappend", NULL, NULL, &net);
	diag("pxelinux: ip=, BOOTIF=, SYSUUID in SMBIOS byte order, DMI blanks as _");
	check_boot(opt(&t, "fs"), "/boot/vmlinuz", "/boot/initrd-a.img",
		   "BOOT_IMAGE=../vmlinuz console=ttyS0 initrd=../initrd-a.img ip=10.0.2.15:10.0.2.2:0.0.0.0:255.255.255.0 BOOTIF=01-52-54-00-12-34-56");
	check_boot(opt(&t, "inherit"), "/boot/vmlinuz", "",
		   "BOOT_IMAGE=../vmlinuz BOOTIF=01-52-54-00-12-34-56");
	check_boot(opt(&t, "dmi"), "/boot/vmlinuz", "",
		   "BOOT_IMAGE=../vmlinuz ip=10.0.2.15:10.0.2.2:0.0.0.0:255.255.255.0 BOOTIF=01-52-54-00-12-34-56 SYSUUID=e0c1e051-3412-bc4a-8def-0123456789ab SYSVENDOR=QEMU SYSPRODUCT=Standard_PC_(i440FX_+_PIIX,_1996)");
	ok(has(&t.dev->errors, "CPU=, SYSFAMILY=, MBASSET=, BIOSVENDOR=, BIOSVERSION=, SYSFF="),
	   "bits net_info has no value for are named");
	option_set_free(t.set);

	/* tests/oracle/extlinux/pxe-sysappend.expected, without the words
	 * net_info has no value for (CPU=, BIOSVENDOR=, BIOSVERSION=,
	 * SYSFF=). */
	net.gateway = "10.0.2.2";
	net.product_name = "Standard PC (i440FX + PIIX, 1996)";
	net.product_version = "pc-i440fx-7.2";
	t = parse_net("sysappend", NULL, NULL, &net);
	diag("pxelinux's words, as the real pxelinux 6.04 added them");
	check_boot(opt(&t, "pxe"), "/boot/vmlinuz", "/boot/initrd-a.img",
		   "BOOT_IMAGE=../vmlinuz console=ttyS0 initrd=../initrd-a.img ip=10.0.2.15:10.0.2.2:10.0.2.2:255.255.255.0 BOOTIF=01-52-54-00-12-34-56 SYSUUID=e0c1e051-3412-bc4a-8def-0123456789ab SYSVENDOR=QEMU SYSPRODUCT=Standard_PC_(i440FX_+_PIIX,_1996) SYSVERSION=pc-i440fx-7.2");
	option_set_free(t.set);

	t = parse_net("sysappend-implicit", "ext4", fsuuid, NULL);
	diag("DEFAULT naming a kernel: the global SYSAPPEND after its arguments");
	check_boot(the_default(&t), "/extlinux/vmlinuz", "",
		   "BOOT_IMAGE=vmlinuz root=/dev/sda1 FSUUID=51e0c1e0-0000-4000-8000-000000000001");
	option_set_free(t.set);

	t = parse_net("sysappend-bare", "ext4", fsuuid, NULL);
	diag("... and without arguments: the kernel's name stays apart");
	check_boot(the_default(&t), "/extlinux/vmlinuz", "",
		   "BOOT_IMAGE=vmlinuz FSUUID=51e0c1e0-0000-4000-8000-000000000001");
	option_set_free(t.set);
}

/* A pxelinux boot whose lookup found cfg, with the path prefix cwd. */
static struct net_info pxe_net(const char *cfg, const char *cwd)
{
	return (struct net_info){
		.ip = "10.0.2.15", .server = "10.0.2.2",
		.netmask = "255.255.255.0", .mac = "52:54:00:12:34:56",
		.hwtype = 1, .config = cfg, .cwd = cwd,
		.url = "tftp://10.0.2.2",
	};
}

/* Options and seconds a row of media[] does not check. */
#define UNCHECKED INT_MIN

static void archiso_more(const struct run *t, const struct boot_option *d)
{
	if (d)
		check_int(d->submenu.n, ==, 0);
	ok(!option_set_option(t->set, DEV ":syslinux:select") &&
	   !option_set_option(t->set, DEV ":syslinux:arch_nbd"),
	   "neither syslinux.cfg's labels nor the pxe branch are listed");
}

static void archiso_2017_more(const struct run *t,
			      const struct boot_option *d)
{
	check_boot(opt(t, "arch32"), "/arch/boot/i686/vmlinuz",
		   "/arch/boot/intel_ucode.img /arch/boot/i686/archiso.img",
		   "BOOT_IMAGE=boot/i686/vmlinuz archisobasedir=arch archisolabel=ARCH_201702 initrd=boot/intel_ucode.img,boot/i686/archiso.img");
}

static void sysrescue_more(const struct run *t, const struct boot_option *d)
{
	ok(!option_set_option(t->set, DEV ":syslinux:loadconfig/select") &&
	   !option_set_option(t->set, DEV ":syslinux:sysresccd_nbd"),
	   "no label of isolinux.cfg, sysresccd.cfg or the pxe branch");
}

static void thinstation_more(const struct run *t,
			     const struct boot_option *d)
{
	if (d)
		ok(!d->hidden, "the label the menu shows, not its hidden target");
	d = opt(t, "warn/reboot");
	ok(d && d->hidden, "the CONFIG behind MENU HIDE is hidden");
}

static void jump_modules_more(const struct run *t,
			      const struct boot_option *d)
{
	check_error(opt(t, "vm"), "whether the running machine has hypervisor");
	check_error(opt(t, "vm"), "'linux64' when the CPU has hypervisor and 'linux32' otherwise");
	check_boot(opt(t, "same"), "/syslinux/vmlinuz64", "",
		   "BOOT_IMAGE=vmlinuz64 root=/dev/sda1");
	d = opt(t, "other/k");
	check_boot(d, "/boot/vmlinuz", "", "BOOT_IMAGE=vmlinuz from=other");
	if (d && check_int(d->submenu.n, ==, 1))
		check_str(d->submenu.v[0], "other");
}

/* Media whose first config does not hold the menu: DEFAULT runs a module
 * that only chooses (whichsys.c32, ifcpu64.c32, ifcpu.c32, cmd.c32,
 * config.c32) or a CONFIG label, and the menu anyone sees is the one it
 * leads to. Each row: the fixture as which filesystem, the way there, and
 * the option that menu boots; more checks what is particular to it. */
static const struct medium {
	const char *fixture, *fs, *way;
	int n;			/* syslinux_parse's count, or UNCHECKED */
	const char *id, *kernel, *initrds, *cmdline;
	const char *title;	/* or NULL: not checked */
	int timeout;		/* -1: the menu waits; or UNCHECKED */
	void (*more)(const struct run *t, const struct boot_option *d);
} media[] = {
	{ "archiso", "iso9660",
	  "Arch ISO as iso9660: DEFAULT select runs whichsys.c32, whose branch for isolinux (-iso-) is CONFIG archiso_sys.cfg: that menu, arch after 15 s",
	  7, "arch", "/arch/boot/x86_64/vmlinuz-linux",
	  "/arch/boot/x86_64/initramfs-linux.img",
	  "BOOT_IMAGE=/arch/boot/x86_64/vmlinuz-linux archisobasedir=arch archisosearchuuid=2026-03-25-14-23-28-00 initrd=/arch/boot/x86_64/initramfs-linux.img",
	  "Arch Linux install medium (x86_64, BIOS)", 15, archiso_more },
	{ "archiso", "vfat",
	  "Arch ISO as vfat: DEFAULT select runs whichsys.c32, whose branch for syslinux (-sys-) is CONFIG archiso_sys.cfg: that menu, arch after 15 s",
	  7, "arch", "/arch/boot/x86_64/vmlinuz-linux",
	  "/arch/boot/x86_64/initramfs-linux.img",
	  "BOOT_IMAGE=/arch/boot/x86_64/vmlinuz-linux archisobasedir=arch archisosearchuuid=2026-03-25-14-23-28-00 initrd=/arch/boot/x86_64/initramfs-linux.img",
	  "Arch Linux install medium (x86_64, BIOS)", 15, archiso_more },
	{ "archiso-2017", "iso9660",
	  "Arch dual ISO of 2017: CONFIG, whichsys.c32, then ifcpu64.c32 picks the x86_64 menu",
	  7, "arch64", "/arch/boot/x86_64/vmlinuz",
	  "/arch/boot/intel_ucode.img /arch/boot/x86_64/archiso.img",
	  "BOOT_IMAGE=boot/x86_64/vmlinuz archisobasedir=arch archisolabel=ARCH_201702 initrd=boot/intel_ucode.img,boot/x86_64/archiso.img",
	  NULL, -1, archiso_2017_more },
	{ "sysrescue", "iso9660",
	  "SystemRescue 12.00 ISO: CONFIG with a folder, whichsys.c32, CONFIG: sysresccd after 30 s",
	  12, "sysresccd", "/sysresccd/boot/x86_64/vmlinuz",
	  "/sysresccd/boot/intel_ucode.img /sysresccd/boot/amd_ucode.img /sysresccd/boot/x86_64/sysresccd.img",
	  "BOOT_IMAGE=boot/x86_64/vmlinuz archisobasedir=sysresccd archisolabel=RESCUE1200 iomem=relaxed initrd=boot/intel_ucode.img,boot/amd_ucode.img,boot/x86_64/sysresccd.img",
	  "Boot SystemRescue using default options", 30, sysrescue_more },
	{ "thinstation", "vfat",
	  "Thinstation: ifcpu.c32 pae -- pae -- warn boots the hidden label pae on x86_64",
	  UNCHECKED, "default", "/boot/vmlinuz", "/boot/initrd",
	  "BOOT_IMAGE=/boot/vmlinuz initrd=/boot/initrd $KERNEL_PARAMETERS",
	  "Thinstation Standard Mode", -1, thinstation_more },
	{ "jump-modules", "vfat",
	  "cmd.c32, config.c32 and ifcpu.c32 as their usage lines have them",
	  UNCHECKED, "select", "/syslinux/vmlinuz64", "",
	  "BOOT_IMAGE=vmlinuz64 root=/dev/sda1 quiet",
	  NULL, UNCHECKED, jump_modules_more },
	{ "jump-modules", "iso9660",
	  "... and whichsys.c32's -iso- command, \"config iso.cfg\": config.c32",
	  UNCHECKED, "select/cd", "/syslinux/vmlinuz64", "",
	  "BOOT_IMAGE=vmlinuz64 from=iso", NULL, UNCHECKED, NULL },
};

static void test_media(void)
{
	for (size_t i = 0; i < sizeof(media) / sizeof(media[0]); i++) {
		const struct medium *m = &media[i];
		struct run t = parse_typed(m->fixture, m->fs);
		const struct boot_option *d;
		char id[PATH_MAX];

		diag("%s", m->way);
		if (m->n != UNCHECKED)
			check_int(t.r, ==, m->n);
		d = the_default(&t);
		snprintf(id, sizeof(id), DEV ":syslinux:%s", m->id);
		check_str(d ? d->id : NULL, id);
		check_boot(d, m->kernel, m->initrds, m->cmdline);
		if (d && m->title)
			check_str(d->title, m->title);
		if (m->timeout != UNCHECKED)
			check_int(t.set->timeout, ==, m->timeout);
		if (m->more)
			m->more(&t, d);
		option_set_free(t.set);
	}
}

static void test_archiso_pxe(void)
{
	struct net_info net = pxe_net("/boot/syslinux/syslinux.cfg",
				      "/boot/syslinux/");
	struct run t = parse_net("archiso", NULL, NULL, &net);
	const struct boot_option *d;

	diag("Arch ISO over pxelinux: whichsys.c32's -pxe- branch, archiso_pxe.cfg, which has no TIMEOUT");
	check_int(t.r, ==, 8);
	d = the_default(&t);
	check_str(d ? d->id : NULL, DEV ":syslinux:arch_nbd");
	check_int(t.set->timeout, ==, -1);
	ok(!option_set_option(t.set, DEV ":syslinux:arch"),
	   "the -sys- branch is not listed");
	option_set_free(t.set);
}

static void test_tftp_root(void)
{
	struct net_info net = pxe_net("/boot/syslinux/syslinux.cfg",
				      "/boot/syslinux/");
	struct run t = parse_net("archiso", NULL, NULL, &net);
	const struct boot_option *d = the_default(&t);
	struct arena *a = arena_new();
	struct strlist l = { 0 };
	struct pxe_lookup lk = {
		.boot_file = "/boot/syslinux/lpxelinux.0",
		.conffile = "::/boot/syslinux/syslinux.cfg",
	};

	diag("pxelinux: '::/path' is the TFTP server's root, not the path prefix (archiso_pxe-linux.cfg)");
	check_boot(d, "/arch/boot/x86_64/vmlinuz-linux",
		   "/arch/boot/x86_64/initramfs-linux.img",
		   "BOOT_IMAGE=::/arch/boot/x86_64/vmlinuz-linux archisobasedir=arch archisosearchuuid=2026-03-25-14-23-28-00 archiso_nbd_srv=${pxeserver} cms_verify=y initrd=::/arch/boot/x86_64/initramfs-linux.img ip=10.0.2.15:10.0.2.2:0.0.0.0:255.255.255.0 BOOTIF=01-52-54-00-12-34-56");
	if (d && d->kernel && check_int(d->n_initrds, ==, 1)) {
		check_str(d->kernel->url,
			  "tftp://10.0.2.2/arch/boot/x86_64/vmlinuz-linux");
		check_str(d->initrds[0].url,
			  "tftp://10.0.2.2/arch/boot/x86_64/initramfs-linux.img");
	}
	option_set_free(t.set);

	diag("... and in DHCP options 209 and 210 (parsers/pxe/pxe.c)");
	ok(a && pxe_candidates(&lk, a, &l) == 0, "candidates");
	if (check_int(l.n, >, 0))
		check_str(l.v[0], "/boot/syslinux/syslinux.cfg");
	lk.pathprefix = "::/boot/syslinux/";
	check_str(a ? pxe_prefix(&lk, a) : NULL, "/boot/syslinux/");
	lk.pathprefix = "::boot/";
	check_str(a ? pxe_prefix(&lk, a) : NULL, "/boot/");
	arena_free(a);
}

static void test_debian_netboot(void)
{
	static const char *const installer[] = {
		"install", "expert", "rescue", "auto", "expertspk",
		"rescuespk", "autospk", "installdark", "expertdark",
		"rescuedark", "autodark", "installspk",
	};
	/* pxelinux.cfg/default, a link in the tree, is this file. */
	struct net_info net = pxe_net(
		"/debian-installer/amd64/boot-screens/syslinux.cfg", "/");
	struct run t = parse_net("debian-netboot", NULL, NULL, &net);
	const struct boot_option *d;
	int visible = 0;

	diag("Debian 12 netboot (gtk): the Help labels CONFIG prompt.cfg, which INCLUDEs the whole menu again and CONFIGs back: each entry once");
	for (size_t i = 0; i < t.set->n_options; i++)
		visible += !t.set->options[i]->hidden;
	check_int(visible, ==, 12);
	check_int(t.r, ==, 12);
	for (size_t i = 0; i < 12; i++)
		ok(opt(&t, installer[i]) != NULL, "%s listed", installer[i]);
	d = the_default(&t);
	/* spk.cfg: TIMEOUT 300 and ONTIMEOUT the installspk label's
	 * command, written out: the speech install after 30 s. */
	check_str(d ? d->id : NULL, DEV ":syslinux:installspk");
	check_boot(d, "/debian-installer/amd64/linux",
		   "/debian-installer/amd64/initrd.gz",
		   "BOOT_IMAGE=debian-installer/amd64/linux vga=788 initrd=debian-installer/amd64/initrd.gz speakup.synth=soft --- quiet ");
	check_int(t.set->timeout, ==, 30);
	d = opt(&t, "expertdark");
	if (d && check_int(d->submenu.n, ==, 2)) {
		check_str(d->submenu.v[0], "Accessible dark contrast installer menu");
		check_str(d->submenu.v[1], "Advanced options");
	}
	ok(!option_set_option(t.set, DEV ":syslinux:help/install") &&
	   !option_set_option(t.set, DEV ":syslinux:default"),
	   "no repeat under Help, no option for the ONTIMEOUT command");
	option_set_free(t.set);
}

/* o is listed as something kexec cannot start, and says what it is. */
static void check_not_kexec(const struct boot_option *o, const char *needle)
{
	check_error(o, needle);
	ok(o && (o->flags & OPTION_NOT_KEXEC), "%s: marked as not for kexec",
	   o ? o->id : "option");
}

static void test_com32_listed(void)
{
	struct run t = parse_typed("archiso", "iso9660");

	diag("archiso_tail.cfg's COM32 labels: entries kexec cannot start, each saying what it is; the scan does not fail");
	check_not_kexec(opt(&t, "existing"), "another disk's or partition's boot loader (chain.c32 hd0 0)");
	check_not_kexec(opt(&t, "hdt"), "hardware detection tool");
	check_not_kexec(opt(&t, "reboot"), "restarts the machine and boots no system (reboot.c32)");
	check_not_kexec(opt(&t, "poweroff"), "powers the machine off and boots no system (poweroff.c32)");
	ok(!option_set_failed(t.set), "nothing bootable is lost");
	option_set_free(t.set);

	t = parse_typed("jump-modules", "vfat");
	diag("ifcpu.c32 asking what hopboot cannot know is a COM32 module it cannot run");
	check_not_kexec(opt(&t, "vm"), "ifcpu.c32");
	option_set_free(t.set);
}

static void test_absent(void)
{
	struct run t = parse("../bls/fedora_32");

	diag("a tree without a syslinux config");
	check_int(t.r, ==, 0);
	check_int(t.set->n_options, ==, 0);
	ok(!t.set->has_timeout, "no timeout set");
	option_set_free(t.set);
}

int main(void)
{
	test_petitboot_include();
	test_fedora();
	test_debian();
	test_qubes();
	test_include_loop();
	test_relative_paths();
	test_search_append_dash();
	test_initrd_append();
	test_default_kernel();
	test_menus();
	test_ontimeout();
	test_com32();
	test_config_chain();
	test_config_fan();
	test_sysappend();
	test_media();
	test_archiso_pxe();
	test_tftp_root();
	test_debian_netboot();
	test_com32_listed();
	test_absent();
	return done_testing();
}
