/* test_grub2.c - GRUB 2 script interpreter tests: corpus configs and scenarios, GRUB 2.06's rules.
 *
 * Run from the repository root: fixtures are read from tests/parsers/grub2/,
 * one directory per filesystem root (files UUID and LABEL, when present,
 * give that filesystem's identity). Small scripts are written to a
 * temporary directory, one per case. GRUB2_DUMP=1 in the environment
 * prints what each case produced, to help write new expectations.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fake_image.h"
#include "tap.h"
#include "testfs.h"

#include "arena.h"
#include "fsview.h"
#include "grub2/grub2.h"
#include "option.h"
#include "parser.h"

#define FIXTURES "tests/parsers/grub2"
#define MAX_DEVS 4

struct run {
	struct option_set *set;
	struct fsview views[MAX_DEVS];
	int r;
};

static char tmpdir[] = "/tmp/test_grub2.XXXXXX";

static void die(const char *what)
{
	diag("%s: %s", what, strerror(errno));
	exit(1);
}

/* The first line of dir/name, or NULL. */
static const char *ident(struct option_set *set, const char *dir,
			 const char *name)
{
	char path[PATH_MAX], buf[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return arena_strdup(set->arena, buf);
}

static void dump(const struct run *t)
{
	if (!getenv("GRUB2_DUMP"))
		return;
	for (size_t i = 0; i < t->set->n_devices; i++)
		for (size_t k = 0; k < t->set->devices[i]->errors.n; k++)
			diag("dev %s error: %s", t->set->devices[i]->id,
			     t->set->devices[i]->errors.v[k]);
	for (size_t i = 0; i < t->set->n_options; i++) {
		const struct boot_option *o = t->set->options[i];

		diag("%s%s [%s] cmdline='%s' kernel=%s initrds=%zu",
		     o->is_default ? "*" : " ", o->id, o->title, o->cmdline,
		     o->kernel ? o->kernel->path : "-", o->n_initrds);
		for (size_t k = 0; k < o->errors.n; k++)
			diag("    error: %s", o->errors.v[k]);
	}
	diag("timeout %d (%s)", t->set->timeout,
	     t->set->has_timeout ? "set" : "unset");
}

/* The firmware the parses are for: unknown unless a test says. */
static enum parse_firmware firmware;

/* Parses the directories dirs[0..n) as devices /dev/sda1, /dev/sda2...;
 * grub2_parse runs on each in turn. */
static struct run parse_devs(const char *const *dirs, int n)
{
	struct run t = { .set = option_set_new(), .r = 0 };

	if (!t.set)
		die("option_set_new");
	for (int i = 0; i < n; i++) {
		struct device *d = option_set_add_device(t.set);

		if (!d)
			die("option_set_add_device");
		d->id = arena_printf(t.set->arena, "dev%d", i);
		d->path = arena_printf(t.set->arena, "/dev/sda%d", i + 1);
		d->partuuid = arena_printf(t.set->arena, "0000abcd-%02d", i + 1);
		d->uuid = ident(t.set, dirs[i], "UUID");
		d->label = ident(t.set, dirs[i], "LABEL");
		d->type = ident(t.set, dirs[i], "TYPE");
		if (fsview_open(&t.views[i], dirs[i]) < 0) {
			diag("cannot open %s (run from the repository root)",
			     dirs[i]);
			t.r = -1;
			return t;
		}
	}
	for (int i = 0; i < n && t.r >= 0; i++) {
		struct parse_ctx ctx = {
			.fs = &t.views[i], .dev = t.set->devices[i],
			.set = t.set, .views = t.views,
			.image_view = fake_image_dir ? fake_image : NULL,
			.firmware = firmware,
		};
		int r = grub2_parse(&ctx);

		t.r = r < 0 ? r : t.r + r;
	}
	for (int i = 0; i < n; i++)
		fsview_close(&t.views[i]);
	fake_image_close();
	option_set_resolve_default(t.set);
	dump(&t);
	return t;
}

static struct run parse_dir(const char *dir)
{
	return parse_devs(&dir, 1);
}

static struct run fixture(const char *name)
{
	char dir[PATH_MAX];

	snprintf(dir, sizeof(dir), FIXTURES "/%s", name);
	diag("fixture %s", name);
	return parse_dir(dir);
}

/* Writes text to tmpdir/cs/path. */
static void put(const char *cs, const char *path, const char *text)
{
	char rel[PATH_MAX];

	snprintf(rel, sizeof(rel), "%s/%s", cs, path);
	testfs_put(tmpdir, rel, text);
}

static struct run script(const char *cs, const char *cfg)
{
	char dir[PATH_MAX];

	put(cs, "boot/grub/grub.cfg", cfg);
	put(cs, "vmlinuz", "");
	put(cs, "initrd.img", "");
	snprintf(dir, sizeof(dir), "%s/%s", tmpdir, cs);
	diag("case %s", cs);
	return parse_dir(dir);
}

static const struct boot_option *def(const struct run *t)
{
	return t->set->default_id ? option_set_option(t->set,
						       t->set->default_id) :
				    NULL;
}

static const struct boot_option *nth(const struct run *t, size_t i)
{
	return i < t->set->n_options ? t->set->options[i] : NULL;
}

/* Checks the default option's title and command line. */
static void check_default(const struct run *t, const char *title,
			  const char *cmdline)
{
	const struct boot_option *o = def(t);

	if (!ok(o != NULL, "a default was picked"))
		return;
	check_str(o->title, title);
	check_str(o->cmdline, cmdline);
}

static bool has(const struct strlist *l, const char *needle)
{
	for (size_t i = 0; i < l->n; i++)
		if (strstr(l->v[i], needle))
			return true;
	return false;
}

/* GRUB drops the '\' of "\x20" outside quotes (its lexer's "\\." rule):
 * the real CentOS 7 media passes this, as tests/oracle/grub2/scripting
 * confirmed on real GRUB with "esc=CentOS\x207". */
#define CENTOS7_CMDLINE "BOOT_IMAGE=/images/pxeboot/vmlinuz inst.stage2=hd:LABEL=CentOSx207x20x86_64 rd.live.check quiet"

struct expect {
	const char *fixture;
	size_t n_options;
	const char *title, *cmdline;	/* of the default; NULL: none */
	int timeout;
};

/* Every corpus config: options, the default GRUB 2.06 would boot (its
 * 'default' after the script ran: an index, a title, an --id or grubenv's
 * saved_entry) and the command line from the linux line's words. */
static const struct expect corpus[] = {
	{ "debian12", 3, "GNU/Linux",
	  "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/vda ro", 5 },
	{ "uroot-CentOS_7_x86_64_DVD_1810", 4,
	  "Test this media & install CentOS 7", CENTOS7_CMDLINE, 60 },
	{ "uroot-CentOS_8_Stream_x86_64_blscfg_sda1", 3,
	  "CentOS Linux (5.18.0) 8",
	  "BOOT_IMAGE=(hd0,msdos1)/boot/vmlinuz-5.18.0 root=UUID=d0be5cb9-622d-42d5-a531-674aaa120309 ro crashkernel=auto rhgb quiet console=ttyS1,57600n8",
	  5 },
	/* saved_entry is a BLS id starting with a digit: RHEL's GRUB
	 * matches it as an id, not as the index 9. */
	{ "uroot-CentOS_8_Stream_blscfg_saved_rescue", 3,
	  "CentOS Linux (0-rescue-9af7b02ac08149d985841c07c8ff366e) 8",
	  "BOOT_IMAGE=(hd0,msdos1)/boot/vmlinuz-0-rescue-9af7b02ac08149d985841c07c8ff366e root=UUID=d0be5cb9-622d-42d5-a531-674aaa120309 ro crashkernel=auto rhgb quiet console=ttyS1,57600n8",
	  5 },
	{ "uroot-debian_10_4_installed", 3, "Debian GNU/Linux",
	  "BOOT_IMAGE=/boot/vmlinuz-4.19.0-9-amd64 root=UUID=39ec20e2-83f5-44ce-8671-f31ce0856377 ro console=ttyS0 quiet",
	  5 },
	{ "uroot-debian_9_install", 0, "Debian GNU/Linux Live (kernel 4.9.0-3-amd64)",
	  "BOOT_IMAGE=/live/vmlinuz-4.9.0-3-amd64 boot=live components findiso=",
	  -1 },
	{ "uroot-fedora_27_install", 3,
	  "Test this media & start Fedora-Workstation-Live 27",
	  "BOOT_IMAGE=/images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-27-1-6 rd.live.image rd.live.check quiet",
	  60 },
	/* Xen by multiboot: GRUB boots it, kexec cannot; it stays the
	 * default, listed with why. */
	{ "uroot-qubes_3_2_boot", 0, "Qubes, with Xen hypervisor", "", 5 },
	{ "uroot-rhel_7_8_installed", 3,
	  "Red Hat Enterprise Linux Server (3.10.0-1127.el7.x86_64) 7.8 (Maipo)",
	  "BOOT_IMAGE=/vmlinuz-3.10.0-1127.el7.x86_64 root=/dev/mapper/rhel-root ro crashkernel=auto spectre_v2=retpoline rd.lvm.lv=rhel/root rd.lvm.lv=rhel/swap LANG=en_US.UTF-8 console=ttyS0,9600",
	  5 },
	{ "uroot-ubuntu_16_04_boot", 8, "Ubuntu",
	  "BOOT_IMAGE=/vmlinuz-4.10.0-42-generic.efi.signed root=/dev/mapper/ubuntu--vg-root ro quiet splash vt.handoff=7",
	  0 },
	{ "petitboot-grub2-blscfg-fcos38", 1,
	  "Fedora CoreOS 38.20230625.3.0 (ostree:1)",
	  "BOOT_IMAGE=(hd0,msdos1)/ostree/fedora-coreos-00f1847831b603756e2804045135de37a3740b16b7777f8633b779e043222e29/vmlinuz-6.3.8-200.fc38.ppc64le mitigations=auto,nosmt ignition.platform.id=metal ignition.firstboot ostree=/ostree/boot.0/fedora-coreos/00f1847831b603756e2804045135de37a3740b16b7777f8633b779e043222e29/0 root=UUID=198343c8-def9-4ac4-88ee-c6821e7e71ba rw rootflags=prjquota boot=UUID=4310acc5-6457-44fd-89e5-6a976d84ae0e",
	  -1 },
	{ "petitboot-grub2-f18-ppc64", 2, "Fedora",
	  "BOOT_IMAGE=/vmlinuz-3.6.10-4.fc18.ppc64p7 root=/dev/mapper/fedora_ltcfbl8eb-root ro rd.lvm.lv=fedora_ltcfbl8eb/swap rd.dm=0 rd.lvm.lv=fedora_ltcfbl8eb/root rd.md=0 rd.luks=0 vconsole.keymap=us rhgb quiet",
	  5 },
	{ "petitboot-grub2-f20-ppc", 2, NULL, NULL, 5 },
};

static void test_corpus(void)
{
	for (size_t i = 0; i < sizeof(corpus) / sizeof(corpus[0]); i++) {
		const struct expect *e = &corpus[i];
		struct run t = fixture(e->fixture);

		ok(t.r >= 0, "%s parses", e->fixture);
		if (e->n_options)
			check_int(t.set->n_options, ==, e->n_options);
		if (e->title) {
			check_default(&t, e->title, e->cmdline);
		} else {
			ok(!def(&t), "%s: nothing bootable by kexec",
			   e->fixture);
		}
		check_int(t.set->timeout, ==, e->timeout);
		check_int(t.set->devices[0]->errors.n, ==, 0);
		option_set_free(t.set);
	}
}

/* The rest of the corpus, for what each shows in particular. */
static void test_corpus_details(void)
{
	struct run t = fixture("uroot-qubes_3_2_boot");
	const struct boot_option *o = nth(&t, 0);

	ok(o && has(&o->errors, "'multiboot' loader"),
	   "qubes: Xen entries say they need GRUB's multiboot loader");
	option_set_free(t.set);

	t = fixture("debian12");
	o = nth(&t, 2);
	ok(o && o->submenu.n == 1 &&
	   !strcmp(o->submenu.v[0], "Advanced options for GNU/Linux"),
	   "debian12: the recovery entry is inside the Advanced submenu");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/boot/vmlinuz-6.1.0-56-amd64 root=/dev/vda ro single");
	option_set_free(t.set);

	t = fixture("uroot-CentOS_8_Stream_x86_64_blscfg_sda1");
	o = nth(&t, 2);
	ok(o && has(&o->errors, "multiboot2"),
	   "centos8: the tboot entry is listed, not bootable by kexec");
	option_set_free(t.set);

	t = fixture("uroot-ubuntu_16_04_boot");
	o = nth(&t, 7);
	ok(o && !strcmp(o->title, "System setup") && o->errors.n,
	   "ubuntu16: 'System setup' (fwsetup) is listed as not bootable");
	option_set_free(t.set);

	t = fixture("uroot-debian_9_install");
	ok(t.set->n_options > 40, "debian9 installer: every language entry of its submenus");
	option_set_free(t.set);

	t = fixture("petitboot-grub2-rhcos-ootpa");
	ok(def(&t) && def(&t)->kernel, "rhcos: a bootable default");
	option_set_free(t.set);
	t = fixture("petitboot-grub2-rhel8");
	ok(t.r >= 0 && t.set->devices[0]->errors.n == 0, "rhel8 runs clean");
	option_set_free(t.set);
	t = fixture("petitboot-grub2-ubuntu-13_04-x86");
	ok(def(&t) && strstr(def(&t)->cmdline, "BOOT_IMAGE=/boot/vmlinuz-3.8.0-19-generic"),
	   "ubuntu 13.04: the default boots 3.8.0-19");
	option_set_free(t.set);
}

#define ENTRY(title, args) \
	"menuentry '" title "' {\n linux /vmlinuz " args "\n initrd /initrd.img\n}\n"

static void test_defaults(void)
{
	static const struct {
		const char *name, *head, *title;
	} cases[] = {
		{ "index", "set default=2\n", "c" },
		{ "title", "set default='b'\n", "b" },
		{ "id", "set default=sub-id\n", "s1" },
		{ "path", "set default='3>1'\n", "s2" },
		{ "title-path", "set default='sub>s2'\n", "s2" },
		{ "id-path", "set default='sub-id>s2'\n", "s2" },
		{ "unknown", "set default=nothing-like-it\n", "a" },
		{ "too-big", "set default=99\n", "a" },
		{ "digit-prefix", "set default=1abc\n", "b" },
		{ "unset", "", "a" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cfg[2048];
		struct run t;

		snprintf(cfg, sizeof(cfg), "%s" ENTRY("a", "A") ENTRY("b", "B")
			 ENTRY("c", "C")
			 "submenu 'sub' --id sub-id {\n" ENTRY("s1", "S1")
			 ENTRY("s2", "S2") "}\n", cases[i].head);
		t = script(cases[i].name, cfg);
		if (ok(def(&t) != NULL, "default %s: one is picked",
		       cases[i].name))
			check_str(def(&t)->title, cases[i].title);
		option_set_free(t.set);
	}
}

/* A config that runs blscfg is run by Fedora's or RHEL's GRUB, whose
 * get_entry_number (rhboot patch "Fix menu entry selection based on ID and
 * title") tries ids, then titles, then a number that must be the whole
 * value. */
static void test_defaults_fedora(void)
{
	static const struct {
		const char *name, *head, *title;
	} cases[] = {
		{ "rh-index", "set default=2\n", "c" },
		{ "rh-digit-prefix", "set default=1abc\n", "a" },
		{ "rh-number-path", "set default='3>1'\n", "a" },
		{ "rh-title-path", "set default='sub>s2'\n", "s2" },
		{ "rh-id-path", "set default='sub-id>s2'\n", "s2" },
		{ "rh-digit-title", "set default='2 x'\n", "2 x" },
		{ "rh-digit-id", "set default=0ab-1\n", "d" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char cfg[2048];
		struct run t;

		snprintf(cfg, sizeof(cfg), "%sblscfg\n" ENTRY("a", "A")
			 ENTRY("b", "B") ENTRY("c", "C")
			 "submenu 'sub' --id sub-id {\n" ENTRY("s1", "S1")
			 ENTRY("s2", "S2") "}\n" ENTRY("2 x", "X")
			 "menuentry d --id 0ab-1 { linux /vmlinuz; }\n",
			 cases[i].head);
		t = script(cases[i].name, cfg);
		if (ok(def(&t) != NULL, "default %s: one is picked",
		       cases[i].name))
			check_str(def(&t)->title, cases[i].title);
		option_set_free(t.set);
	}
}

static void test_grubenv(void)
{
	struct run t;

	put("env", "boot/grub/grubenv",
	    "# GRUB Environment Block\nsaved_entry=b\nnext_entry=c\n"
	    "kopts=quiet  splash\n####################");
	t = script("env", "load_env\n"
		   "if [ \"${next_entry}\" ]; then set default=\"${next_entry}\"; "
		   "else set default=\"${saved_entry}\"; fi\n"
		   ENTRY("a", "$kopts") ENTRY("b", "$kopts")
		   ENTRY("c", "\"$kopts\""));
	if (ok(def(&t) != NULL, "grubenv: a default"))
		check_str(def(&t)->title, "c");
	check_str(nth(&t, 0)->cmdline, "BOOT_IMAGE=/vmlinuz quiet splash");
	check_str(nth(&t, 2)->cmdline, "BOOT_IMAGE=/vmlinuz \"quiet  splash\"");
	option_set_free(t.set);

	put("env-list", "boot/grub/grubenv",
	    "# GRUB Environment Block\nsaved_entry=b\nother=x\n");
	t = script("env-list", "load_env -f $prefix/grubenv other\n"
		   "set default=\"${saved_entry}\"\n"
		   ENTRY("a", "o=$other") ENTRY("b", "B"));
	check_str(def(&t)->title, "a");
	check_str(def(&t)->cmdline, "BOOT_IMAGE=/vmlinuz o=x");
	option_set_free(t.set);

	put("env-bad", "boot/grub/grubenv", "saved_entry=b\n");
	t = script("env-bad", "load_env\nset default=\"${saved_entry}\"\n"
		   ENTRY("a", "A") ENTRY("b", "B"));
	check_str(def(&t)->title, "a");
	ok(has(&t.set->devices[0]->errors, "not a GRUB environment block"),
	   "a grubenv without its signature is refused with a sentence");
	option_set_free(t.set);
}

static void test_script(void)
{
	struct run t;
	const struct boot_option *o;

	t = script("args", "menuentry 'T x' --class os --id i1 extra 'two w' {\n"
		   " linux /vmlinuz a=$1 b=\"$2\" c=$3 n=$# all=\"$*\"\n}\n");
	check_str(nth(&t, 0)->cmdline,
		  "BOOT_IMAGE=/vmlinuz a=T x b=extra c=two w n=3 \"all=T x extra two w\"");
	check_str(nth(&t, 0)->id, "dev0:grub2:i1");
	option_set_free(t.set);

	t = script("quoting", "set v='a\\b'\n"
		   "menuentry q {\n linux /vmlinuz \"s p\" 'q\"' \"it's\" $v \"\" e\\ f\n}\n");
	check_str(nth(&t, 0)->cmdline,
		  "BOOT_IMAGE=/vmlinuz \"s p\" q\\\" it\\'s a\\\\b  \"e f\"");
	option_set_free(t.set);

	t = script("syntax", "if true; then\nfi fi\nset x=1 > y\n"
		   ENTRY("after", "x=$x"));
	ok(has(&t.set->devices[0]->errors, "syntax error"),
	   "a syntax error is reported with its line");
	ok(t.set->n_options == 1, "entries after a syntax error are read");
	option_set_free(t.set);

	t = script("loop", ENTRY("before", "B")
		   "while true; do true; done\n" ENTRY("after", "A"));
	ok(has(&t.set->devices[0]->errors, "loop ran 100000 times"),
	   "an endless loop is stopped with a sentence");
	check_int(t.set->n_options, ==, 1);
	option_set_free(t.set);

	t = script("recursion", ENTRY("before", "B")
		   "function f { f; }\nf\n");
	ok(has(&t.set->devices[0]->errors, "more than 64 deep"),
	   "endless recursion is stopped with a sentence");
	check_int(t.set->n_options, ==, 1);
	option_set_free(t.set);

	t = script("unknown", "frobnicate 1\nfrobnicate 2\n" ENTRY("a", "A"));
	check_int(t.set->devices[0]->errors.n, ==, 1);
	ok(has(&t.set->devices[0]->errors, "'frobnicate'"),
	   "an unknown command warns once and the script goes on");
	ok(def(&t) != NULL, "...and its entries stay");
	option_set_free(t.set);

	t = script("chain", "menuentry w { chainloader /EFI/x.efi; }\n"
		   "menuentry l { loopback loop /x.iso; linux (loop)/vmlinuz; }\n"
		   "menuentry n { echo nothing; }\n");
	ok(has(&nth(&t, 0)->errors, "chainloader"), "chainloader: not bootable, and why");
	ok(has(&nth(&t, 1)->errors, "(loop)"),
	   "loopback of a missing image: not bootable, and why");
	ok(has(&nth(&t, 2)->errors, "no 'linux'"), "no linux: not bootable, and why");
	ok(def(&t) == nth(&t, 0),
	   "the default is the chainloader entry GRUB would start");
	check_int(t.set->timeout, ==, -1);
	option_set_free(t.set);

	t = script("export", "set a=A\nset b=B\nexport b\n"
		   "submenu s {\n menuentry e {\n  linux /vmlinuz a=$a b=$b\n }\n}\n"
		   "menuentry top { linux /vmlinuz a=$a b=$b; }\n");
	check_str(nth(&t, 0)->cmdline, "BOOT_IMAGE=/vmlinuz a= b=B");
	check_str(nth(&t, 1)->cmdline, "BOOT_IMAGE=/vmlinuz a=A b=B");
	option_set_free(t.set);

	t = script("isolated", "menuentry one { set x=1; linux /vmlinuz x=$x; }\n"
		   "menuentry two { linux /vmlinuz x=$x; }\n");
	check_str(nth(&t, 1)->cmdline, "BOOT_IMAGE=/vmlinuz x=");
	option_set_free(t.set);

	put("src", "boot/grub/extra.cfg", ENTRY("sourced", "S") "set y=2\n");
	t = script("src", "source $prefix/extra.cfg\n" ENTRY("own", "y=$y"));
	check_int(t.set->n_options, ==, 2);
	check_str(nth(&t, 1)->cmdline, "BOOT_IMAGE=/vmlinuz y=2");
	option_set_free(t.set);

	put("cfgfile", "boot/grub/other.cfg", ENTRY("other", "O"));
	t = script("cfgfile", ENTRY("first", "F")
		   "configfile /boot/grub/other.cfg\n" ENTRY("never", "N"));
	check_int(t.set->n_options, ==, 1);
	o = nth(&t, 0);
	check_str(o ? o->title : NULL, "other");
	option_set_free(t.set);

	/* x86 GRUB has no devicetree command: the entry boots without. */
	t = script("dtb", "menuentry x86 {\n linux /vmlinuz\n"
		   " devicetree /dtb-missing\n initrd /initrd.img\n}\n"
		   "menuentry arm64 {\n set grub_cpu=arm64\n linux /vmlinuz\n"
		   " devicetree /dtb-missing\n}\n");
	o = nth(&t, 0);
	ok(o && o->kernel && !o->devicetree && !o->errors.n &&
	   o->n_initrds == 1, "x86: 'devicetree' is no command, the entry boots");
	ok(nth(&t, 1) && has(&nth(&t, 1)->errors, "devicetree /dtb-missing"),
	   "arm64: a missing device tree is an error");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	t = script("not", "if ! false; then a=1; fi\nif ! true; then b=1; fi\n"
		   "! regexp x y\nc=$?\n"
		   ENTRY("n", "a=$a b=$b c=$c"));
	check_str(nth(&t, 0)->cmdline, "BOOT_IMAGE=/vmlinuz a=1 b= c=0");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	t = script("regexp", "regexp --set=1:a --set=2:b '^(.)-(.*)$' x-yz\n"
		   "if regexp 'q+' abc; then c=bad; else c=good; fi\n"
		   ENTRY("r", "$a $b $c"));
	check_str(nth(&t, 0)->cmdline, "BOOT_IMAGE=/vmlinuz x yz good");
	option_set_free(t.set);

	t = script("dev", "set root=(hd0,msdos1)\n"
		   "menuentry d { linux ($root)/vmlinuz; initrd (hd0,gpt1)/initrd.img; }\n"
		   "menuentry x { linux (hd7,9)/vmlinuz; }\n");
	check_str(nth(&t, 0)->cmdline, "BOOT_IMAGE=(hd0,msdos1)/vmlinuz");
	check_int(nth(&t, 0)->n_initrds, ==, 1);
	option_set_free(t.set);
}

/* Two filesystems: the config on one, kernels found on the other. */
static void test_search(void)
{
	char d0[PATH_MAX], d1[PATH_MAX];
	const char *dirs[] = { d0, d1 };
	struct run t;

	put("s0", "UUID", "1111-2222\n");
	put("s1", "UUID", "aaaa-bbbb\n");
	put("s1", "LABEL", "rootfs\n");
	put("s1", "etc/marker", "");
	put("s1", "boot/vmlinuz-9", "");
	put("s0", "boot/grub/grub.cfg",
	    "search --no-floppy --fs-uuid --set=root AAAA-BBBB\n"
	    "search --label rootfs --set=lab\n"
	    "search --file /etc/marker --set=fil\n"
	    "search.fs_uuid 1111-2222 own\n"
	    "menuentry s { linux /boot/vmlinuz-9 lab=$lab fil=$fil own=$own; }\n"
	    "menuentry m { search --fs-uuid --set=root nope; linux /boot/vmlinuz-9; }\n");
	snprintf(d0, sizeof(d0), "%s/s0", tmpdir);
	snprintf(d1, sizeof(d1), "%s/s1", tmpdir);
	diag("case search");
	t = parse_devs(dirs, 2);
	if (!check_int(t.set->n_options, ==, 2))
		goto out;
	check_str(nth(&t, 0)->cmdline,
		  "BOOT_IMAGE=/boot/vmlinuz-9 lab=hd0,msdos2 fil=hd0,msdos2 own=hd0,msdos1");
	check_str(nth(&t, 0)->kernel->device, "dev1");
	ok(nth(&t, 1)->kernel && !strcmp(nth(&t, 1)->kernel->device, "dev1"),
	   "a failed search leaves $root as it was");
out:
	option_set_free(t.set);

	/* An ESP stub that hands over to the other partition's config. */
	put("e0", "EFI/debian/grub.cfg",
	    "search.fs_uuid cccc-dddd root\nset prefix=($root)'/boot/grub'\n"
	    "configfile $prefix/grub.cfg\n");
	put("e1", "UUID", "cccc-dddd\n");
	put("e1", "boot/grub/grub.cfg", ENTRY("real", "R"));
	put("e1", "vmlinuz", "");
	put("e1", "initrd.img", "");
	snprintf(d0, sizeof(d0), "%s/e0", tmpdir);
	snprintf(d1, sizeof(d1), "%s/e1", tmpdir);
	diag("case esp-stub");
	t = parse_devs(dirs, 2);
	check_int(t.set->n_options, ==, 1);
	check_str(nth(&t, 0) ? nth(&t, 0)->device : NULL, "dev1");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);
}

/* The strings of an option's submenu path, joined by '>'. */
static const char *subpath(const struct boot_option *o)
{
	static char buf[256];

	buf[0] = '\0';
	for (size_t i = 0; o && i < o->submenu.n; i++)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s",
			 i ? ">" : "", o->submenu.v[i]);
	return buf;
}

/* loopback: ISO entries, directly and through the ISO's loopback.cfg. */
static void test_loopback(void)
{
	char dir[PATH_MAX];
	const struct boot_option *o;
	struct run t;

	put("iso", "casper/vmlinuz", "");
	put("iso", "casper/initrd", "");
	put("iso", "boot/grub/loopback.cfg",
	    "menuentry \"Try Ubuntu\" {\n"
	    " linux /casper/vmlinuz boot=casper iso-scan/filename=${iso_path} quiet splash ---\n"
	    " initrd /casper/initrd\n}\n"
	    "menuentry \"OEM install\" {\n"
	    " linux (loop)/casper/vmlinuz oem-config/enable=true iso-scan/filename=${iso_path} ---\n"
	    " initrd (loop)/casper/initrd\n}\n");
	snprintf(dir, sizeof(dir), "%s/iso", tmpdir);
	fake_image_dir = dir;
	fake_image_calls = 0;
	put("isoloop", "isos/u.iso", "");
	t = script("isoloop",
		   "menuentry \"Ubuntu ISO\" {\n"
		   " set isofile=/isos/u.iso\n"
		   " loopback loop $isofile\n"
		   " linux (loop)/casper/vmlinuz boot=casper iso-scan/filename=$isofile quiet\n"
		   " initrd (loop)/casper/initrd\n}\n"
		   "menuentry \"Ubuntu ISO menu\" {\n"
		   " set iso_path=/isos/u.iso\n export iso_path\n"
		   " loopback loop $iso_path\n set root=(loop)\n"
		   " configfile /boot/grub/loopback.cfg\n"
		   " linux /never\n}\n"
		   "menuentry \"Missing ISO\" {\n"
		   " loopback loop /isos/none.iso\n"
		   " linux (loop)/casper/vmlinuz\n}\n"
		   "menuentry \"ISO partition\" {\n"
		   " loopback loop /isos/u.iso\n"
		   " linux (loop,msdos1)/casper/vmlinuz\n}\n");
	if (!check_int(t.set->n_options, ==, 5))
		goto out;
	o = nth(&t, 0);
	check_str(o->cmdline, "BOOT_IMAGE=(loop)/casper/vmlinuz boot=casper iso-scan/filename=/isos/u.iso quiet");
	check_str(o->kernel->image, "/isos/u.iso");
	check_str(o->kernel->path, "/casper/vmlinuz");
	check_str(o->kernel->device, "dev0");
	ok(o->n_initrds == 1 && o->initrds[0].image &&
	   !strcmp(o->initrds[0].path, "/casper/initrd"),
	   "the initrd is inside the image too");
	check_int(o->errors.n, ==, 0);
	/* configfile from an entry: its menu, under the entry's title. */
	o = nth(&t, 1);
	check_str(o->title, "Try Ubuntu");
	check_str(subpath(o), "Ubuntu ISO menu");
	check_str(o->cmdline, "BOOT_IMAGE=/casper/vmlinuz boot=casper iso-scan/filename=/isos/u.iso quiet splash ---");
	check_str(o->kernel ? o->kernel->image : NULL, "/isos/u.iso");
	check_str(o->id, "dev0:grub2:1>0");
	check_int(o->errors.n, ==, 0);
	o = nth(&t, 2);
	check_str(o->title, "OEM install");
	check_str(o->initrds ? o->initrds[0].image : NULL, "/isos/u.iso");
	ok(has(&nth(&t, 3)->errors, "(loop)"),
	   "a missing image: the entry says why it cannot boot");
	ok(has(&t.set->devices[0]->errors, "/isos/none.iso is not a file"),
	   "...and the loopback line is reported");
	ok(has(&nth(&t, 4)->errors, "partition of a loopback image"),
	   "a partition inside an image: not bootable, and why");
	ok(fake_image_calls > 0, "the image was opened through the callback");
out:
	option_set_free(t.set);

	/* Without image views (no scanner): listed, not bootable, why. */
	fake_image_dir = NULL;
	put("loopnoview", "isos/u.iso", "");
	t = script("loopnoview", "menuentry i {\n loopback loop /isos/u.iso\n"
		   " linux (loop)/casper/vmlinuz\n}\n");
	ok(nth(&t, 0) && has(&nth(&t, 0)->errors, "opens only when it scans"),
	   "no image views: the entry says why");
	option_set_free(t.set);

	/* configfile from an entry on the same disk, and one that nests. */
	put("cfgentry", "boot/grub/more.cfg",
	    "set default=1\n" ENTRY("m0", "M0") ENTRY("m1", "M1"));
	put("cfgentry", "boot/grub/self.cfg",
	    "menuentry again { configfile /boot/grub/self.cfg; }\n");
	t = script("cfgentry", "set default=1\n" ENTRY("plain", "P")
		   "menuentry more { configfile /boot/grub/more.cfg; }\n"
		   "menuentry loop { configfile /boot/grub/self.cfg; }\n");
	check_int(t.set->n_options, ==, 3);
	check_str(subpath(nth(&t, 1)), "more");
	check_str(def(&t) ? def(&t)->title : NULL, "m1");
	ok(has(&t.set->devices[0]->errors, "more than 16 deep"),
	   "a configfile that opens itself from an entry stops");
	option_set_free(t.set);
}

/* The stick holding the ISO, as the supergrubdisk.org Loopback.cfg
 * convention has it: an entry exports iso_path and opens the ISO's own
 * loopback.cfg. */
#define LOOPBACK_CFG_ENTRY(title, iso) \
	"menuentry \"" title "\" {\n set iso_path=" iso "\n export iso_path\n" \
	" loopback loop $iso_path\n set root=(loop)\n" \
	" configfile /boot/grub/loopback.cfg\n}\n"

/* probe --set VAR --fs-uuid DEVICE: the Arch and SystemRescue ISOs' own
 * loopback.cfg make img_dev= from the UUID of the stick's filesystem. */
static void test_probe(void)
{
	char d0[PATH_MAX], d1[PATH_MAX];
	const char *dirs[] = { d0, d1 };
	const struct boot_option *o;
	struct run t;

	fake_image_dir = FIXTURES "/uroot-archlinux-2026.03.01-iso";
	put("archstick", "UUID", "4E2A-91C3\n");
	put("archstick", "TYPE", "vfat\n");
	put("archstick", "isos/archlinux-2026.03.01-x86_64.iso", "");
	t = script("archstick", LOOPBACK_CFG_ENTRY("Arch Linux ISO",
		   "/isos/archlinux-2026.03.01-x86_64.iso"));
	o = def(&t);
	check_str(o ? o->title : NULL, "Arch Linux install medium (x86_64, BIOS)");
	/* GRUB's fat.c prints a FAT UUID in upper case, as blkid does. */
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/arch/boot/x86_64/vmlinuz-linux archisobasedir=arch img_dev=UUID=4E2A-91C3 img_loop=/isos/archlinux-2026.03.01-x86_64.iso");
	check_str(o && o->kernel ? o->kernel->image : NULL,
		  "/isos/archlinux-2026.03.01-x86_64.iso");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	fake_image_dir = FIXTURES "/systemrescue-12.00-iso";
	put("srstick", "UUID", "7d6bd3a1-55a4-4b8e-a38c-0b4d2f1ab9e2\n");
	put("srstick", "isos/systemrescue-12.00-amd64.iso", "");
	t = script("srstick", LOOPBACK_CFG_ENTRY("SystemRescue",
		   "/isos/systemrescue-12.00-amd64.iso"));
	o = def(&t);
	check_str(o ? o->title : NULL, "Boot SystemRescue using default options");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/sysresccd/boot/x86_64/vmlinuz archisobasedir=sysresccd img_dev=/dev/disk/by-uuid/7d6bd3a1-55a4-4b8e-a38c-0b4d2f1ab9e2 img_loop=/isos/systemrescue-12.00-amd64.iso iomem=relaxed");
	check_int(o ? o->n_initrds : 0, ==, 3);
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);
	fake_image_dir = NULL;

	/* Every target on a second device, and the failures. */
	put("p1", "UUID", "ABCD-0123\n");
	put("p1", "LABEL", "ISOS\n");
	put("p1", "TYPE", "vfat\n");
	put("p0", "boot/grub/grub.cfg",
	    "probe --set=u --fs-uuid (hd0,msdos2)\n"
	    "probe -u hd0,msdos2 --set=u2\n"
	    "probe --label --set l (hd0,msdos2)\n"
	    "probe --fs --set=f (hd0,msdos2)\n"
	    "probe --part-uuid --set=p (hd0,msdos2)\n"
	    "probe --partmap --set=m (hd0,msdos2)\n"
	    "if probe --set=n --fs-uuid (hd0,msdos1); then n=bad; else n=none; fi\n"
	    "probe --set=x --fs-uuid (hd5,1)\n"
	    "menuentry p { linux /vmlinuz u=$u u2=$u2 l=$l f=$f p=$p m=$m n=$n x=$x; }\n");
	put("p0", "vmlinuz", "");
	snprintf(d0, sizeof(d0), "%s/p0", tmpdir);
	snprintf(d1, sizeof(d1), "%s/p1", tmpdir);
	diag("case probe");
	t = parse_devs(dirs, 2);
	check_str(nth(&t, 0) ? nth(&t, 0)->cmdline : NULL,
		  "BOOT_IMAGE=/vmlinuz u=ABCD-0123 u2=ABCD-0123 l=ISOS f=fat p=0000abcd-02 m=msdos n=none x=");
	ok(has(&t.set->devices[0]->errors, "(hd5,1) is none of the devices"),
	   "probe of a device hopboot did not find says so");
	check_int(t.set->devices[0]->errors.n, ==, 1);
	option_set_free(t.set);
}

/* multibootusb's stick: one submenu per ISO runs the ISO's own
 * loopback.cfg with configfile, then 'loopback --delete loop'
 * (docs/howto.md). From a submenu's body, the file's menu is the
 * submenu's, with the loopback device the body made. */
static void test_multibootusb(void)
{
	char empty[PATH_MAX];
	const struct boot_option *o;
	struct run t;

	snprintf(empty, sizeof(empty), "%s/no-loopback-cfg", tmpdir);
	if (mkdir(empty, 0755) < 0 && errno != EEXIST)
		die(empty);
	fake_image_dir = FIXTURES "/uroot-archlinux-2026.03.01-iso";
	fake_image_other = "/boot/isos/no-loopback-cfg.iso";
	fake_image_other_dir = empty;
	t = fixture("multibootusb-stick");
	o = def(&t);
	check_str(o ? o->title : NULL, "Arch Linux install medium (x86_64, BIOS)");
	check_str(subpath(o), "Multiboot ->>Arch Linux 2026.03.01 ->");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/arch/boot/x86_64/vmlinuz-linux archisobasedir=arch img_dev=UUID=4E2A-91C3 img_loop=/boot/isos/archlinux-2026.03.01-x86_64.iso");
	check_str(o && o->kernel ? o->kernel->image : NULL,
		  "/boot/isos/archlinux-2026.03.01-x86_64.iso");
	check_int(o ? o->errors.n : 1, ==, 0);
	check_int(t.set->timeout, ==, 30);
	/* GRUB fails these two too: the mbusb.d pattern matches nothing on
	 * this stick, and the second ISO has no loopback.cfg. */
	ok(has(&t.set->devices[0]->errors, "mbusb.d"),
	   "multibootusb: the missing mbusb.d is reported");
	ok(has(&t.set->devices[0]->errors, "configfile /boot/grub/loopback.cfg: the file does not exist"),
	   "multibootusb: the ISO without loopback.cfg is reported");
	ok(!has(&t.set->devices[0]->errors, "loopback --delete"),
	   "multibootusb: 'loopback --delete loop' is GRUB's, no error");
	option_set_free(t.set);
	fake_image_dir = fake_image_other_dir = fake_image_other = NULL;
}

/* loopback -d/--delete forgets a device; since 2.06 GRUB refuses to make
 * one whose name exists (grub-core/disk/loopback.c). */
static void test_loopback_delete(void)
{
	struct run t;

	fake_image_dir = FIXTURES "/uroot-archlinux-2026.03.01-iso";
	put("loopdel", "isos/a.iso", "");
	put("loopdel", "isos/b.iso", "");
	t = script("loopdel",
		   "menuentry gone {\n loopback loop /isos/a.iso\n"
		   " loopback --delete loop\n"
		   " linux (loop)/arch/boot/x86_64/vmlinuz-linux\n}\n"
		   "menuentry again {\n loopback loop /isos/a.iso\n"
		   " loopback -d loop\n loopback loop /isos/b.iso\n"
		   " linux (loop)/arch/boot/x86_64/vmlinuz-linux\n}\n"
		   "menuentry kept {\n loopback loop /isos/a.iso\n"
		   " loopback loop /isos/b.iso\n"
		   " linux (loop)/arch/boot/x86_64/vmlinuz-linux\n}\n");
	if (!check_int(t.set->n_options, ==, 3))
		goto out;
	ok(has(&nth(&t, 0)->errors, "(loop)"),
	   "after loopback --delete, (loop) is gone");
	check_str(nth(&t, 1)->kernel ? nth(&t, 1)->kernel->image : NULL,
		  "/isos/b.iso");
	check_str(nth(&t, 2)->kernel ? nth(&t, 2)->kernel->image : NULL,
		  "/isos/a.iso");
	ok(has(&t.set->devices[0]->errors, "refuses a device name that exists"),
	   "a second loopback of the same name is refused, and reported");
	check_int(t.set->devices[0]->errors.n, ==, 1);
out:
	option_set_free(t.set);
	fake_image_dir = NULL;
}

/* Fedora's live media (lorax's live templates): EFI GRUB reads
 * /EFI/BOOT/grub.cfg, BIOS GRUB /boot/grub2/grub.cfg, on one filesystem. */
static void test_firmware_config(void)
{
	static const char basic[] =
		"BOOT_IMAGE=/images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-41-1-4 rd.live.image nomodeset quiet rhgb";
	struct run t;

	firmware = FIRMWARE_EFI;
	t = fixture("lorax-live-x86_64");
	check_int(t.set->n_options, ==, 3);
	check_default(&t, "Test this media & start Fedora 41",
		      "BOOT_IMAGE=/images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-41-1-4 rd.live.image rd.live.check quiet");
	check_str(nth(&t, 2) ? nth(&t, 2)->cmdline : NULL, basic);
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	firmware = FIRMWARE_BIOS;
	t = fixture("lorax-live-x86_64");
	check_int(t.set->n_options, ==, 5);
	check_str(nth(&t, 2) ? nth(&t, 2)->cmdline : NULL,
		  "BOOT_IMAGE=/images/pxeboot/vmlinuz root=live:CDLABEL=Fedora-WS-Live-41-1-4 rd.live.image nomodeset vga=791 quiet rhgb");
	ok(nth(&t, 3) && has(&nth(&t, 3)->errors, "chainloader"),
	   "BIOS: 'Boot first drive' is there, not bootable by kexec");
	option_set_free(t.set);

	/* A filesystem with the EFI config only is read on BIOS too. */
	t = fixture("uroot-fedora_27_install");
	check_int(t.set->n_options, ==, 3);
	option_set_free(t.set);
	firmware = FIRMWARE_UNKNOWN;
}

/* A default that starts another loader (grub-reboot into Windows on a
 * dual boot) stays the default, listed as one kexec cannot start; GRUB
 * tries 'fallback' only when an entry comes back, as a missing kernel
 * does. */
static void test_default_not_kexec(void)
{
	const struct boot_option *o;
	struct run t = fixture("debian12-os-prober-windows");

	o = def(&t);
	check_str(o ? o->title : NULL, "Windows Boot Manager (on /dev/vdb1)");
	ok(o && (o->flags & OPTION_NOT_KEXEC) &&
	   has(&o->errors, "chainloader /EFI/Microsoft/Boot/bootmgfw.efi"),
	   "the Windows default says why kexec cannot start it");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	t = script("fallback", "set default=1\nset fallback=2\n"
		   ENTRY("a", "A")
		   "menuentry gone { linux /vmlinuz-missing; }\n"
		   ENTRY("c", "C"));
	check_str(def(&t) ? def(&t)->title : NULL, "c");
	option_set_free(t.set);

	t = script("fallback-chain", "set default=1\nset fallback=2\n"
		   ENTRY("a", "A")
		   "menuentry gone { linux /vmlinuz-missing; }\n"
		   "menuentry w { chainloader +1; }\n");
	check_str(def(&t) ? def(&t)->title : NULL, "w");
	option_set_free(t.set);
}

static void test_bounds(void)
{
	size_t n = GRUB2_ITEMS_MAX + 5, len = n * 40 + 64;
	char *cfg = malloc(len), *p = cfg;
	struct run t;

	if (!cfg)
		die("malloc");
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "menuentry e%zu { linux /vmlinuz; }\n", i);
	t = script("many", cfg);
	check_int(t.set->n_options, ==, GRUB2_ITEMS_MAX);
	ok(has(&t.set->devices[0]->errors, "more than 10000 menu entries"),
	   "a config with too many entries stops with a sentence");
	option_set_free(t.set);

	/* Words that double on every turn: stopped by the size bound. */
	t = script("big", "x=xxxxxxxxxxxxxxxx\n"
		   "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do\n"
		   " x=\"$x$x\"\ndone\n" ENTRY("a", "A"));
	ok(has(&t.set->devices[0]->errors, "KiB"),
	   "a word grown past the bound is refused with a sentence");
	ok(def(&t) != NULL, "...and the entries still count");
	option_set_free(t.set);
	free(cfg);
}

/* Copies every file under src (a folder of the repository) to
 * tmpdir/cs/dst, so a test's stick can reuse a realworld tree's configs. */
static void copy_tree(const char *src, const char *cs, const char *dst)
{
	char path[PATH_MAX], rel[PATH_MAX], out[2 * PATH_MAX];
	struct dirent *e;
	DIR *d = opendir(src);

	if (!d)
		die(src);
	while ((e = readdir(d))) {
		struct stat st;
		char *text;
		size_t len;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", src, e->d_name);
		snprintf(rel, sizeof(rel), "%s/%s", dst, e->d_name);
		if (stat(path, &st) < 0)
			die(path);
		if (S_ISDIR(st.st_mode)) {
			copy_tree(path, cs, rel);
			continue;
		}
		f = fopen(path, "r");
		text = f ? calloc(1, (size_t)st.st_size + 1) : NULL;
		len = text ? fread(text, 1, (size_t)st.st_size, f) : 0;
		if (!text || len != (size_t)st.st_size)
			die(path);
		fclose(f);
		snprintf(out, sizeof(out), "%s/%s", cs, rel);
		testfs_write(tmpdir, out, text, len);
		free(text);
	}
	closedir(d);
}

/* GRUB 2.06 expands '*' and '?' in file names once regexp.mod is loaded
 * (grub-core/commands/wildcard.c, called by execute.c's
 * grub_script_arglist_to_argv): the fixture holds each rule. */
static void test_wildcards(void)
{
	static const char *const titles[] = {
		"before: /isos/*.iso",
		"glob: /isos/[ab].iso", "glob: /isos/a.iso", "glob: /isos/b.iso",
		"glob: /isos/long-name.iso",
		"kept: /isos/*.iso", "kept: /isos/*.iso", "kept: isos/*.iso",
		"kept: /isos/[ab].iso", "kept: /isos/*.none",
		"mixed: /isos/a.iso", "mixed: /isos/b.iso",
		"mixed: /isos/a.iso", "mixed: /isos/b.iso",
		"mixed: /isos/?.iso", "mixed: (hd0,1)/isos/long-name.iso",
		"kernel",
	};
	const size_t n = sizeof(titles) / sizeof(titles[0]);
	const struct boot_option *o;
	struct run t = fixture("wildcards");

	check_int(t.set->n_options, ==, n);
	for (size_t i = 0; i < n && i < t.set->n_options; i++)
		check_str(nth(&t, i)->title, titles[i]);
	o = nth(&t, n - 1);
	check_str(o && o->kernel ? o->kernel->path : NULL,
		  "/boot/x86_64/vmlinuz");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=/boot/x86_64/vmlinuz root=/dev/sda1");
	check_int(t.set->devices[0]->errors.n, ==, 0);
	option_set_free(t.set);

	/* The 'regexp' command loads regexp.mod too (normal/dyncmd.c). */
	put("globre", "isos/one.iso", "");
	t = script("globre", "regexp x x\n"
		   "for f in /isos/*.iso; do menuentry \"$f\" { linux /vmlinuz; }; done\n");
	check_str(nth(&t, 0) ? nth(&t, 0)->title : NULL, "/isos/one.iso");
	option_set_free(t.set);

	/* GLIM's stick (tests/realworld/glim-*): its families show only when
	 * any_exists ${isopath}/ubuntu/ubuntu-*.iso matches, and
	 * SystemRescue's kernel is (loop)/sysresccd/boot/x86_64/vmlinuz. */
	copy_tree("tests/realworld/glim-ubuntu2510/usb/boot/grub", "glim",
		  "boot/grub");
	put("glim", "boot/iso/ubuntu/ubuntu-25.10-desktop-amd64.iso", "");
	put("glim", "boot/iso/systemrescue/systemrescue-12.00-amd64.iso", "");
	fake_image_dir = "tests/realworld/isos/ubuntu-25.10-desktop-amd64";
	fake_image_other = "/boot/iso/systemrescue/systemrescue-12.00-amd64.iso";
	fake_image_other_dir = "tests/realworld/isos/systemrescue-12.00-amd64";
	{
		char dir[PATH_MAX];

		snprintf(dir, sizeof(dir), "%s/glim", tmpdir);
		diag("case glim");
		t = parse_dir(dir);
	}
	o = def(&t);
	check_str(o ? o->title : NULL, "SystemRescue 12.00 amd64 (copytoram)");
	check_str(subpath(o), "SystemRescue >");
	check_str(o && o->kernel ? o->kernel->path : NULL,
		  "/sysresccd/boot/x86_64/vmlinuz");
	check_int(o ? o->n_initrds : 0, ==, 3);
	check_str(o && o->n_initrds == 3 ? o->initrds[2].path : NULL,
		  "/sysresccd/boot/x86_64/sysresccd.img");
	for (size_t i = 0; i < t.set->n_options; i++) {
		o = nth(&t, i);
		if (strstr(o->title, "Ubuntu"))
			break;
		o = NULL;
	}
	check_str(o ? o->title : NULL, "Ubuntu 25.10 amd64 desktop");
	check_str(o ? o->cmdline : NULL,
		  "BOOT_IMAGE=(loop)/casper/vmlinuz boot=casper iso-scan/filename=/boot/iso/ubuntu/ubuntu-25.10-desktop-amd64.iso fsck.mode=skip quiet splash");
	option_set_free(t.set);
	fake_image_dir = fake_image_other_dir = fake_image_other = NULL;
}

static void run_cases(void)
{
	test_corpus();
	test_corpus_details();
	test_defaults();
	test_defaults_fedora();
	test_grubenv();
	test_script();
	test_search();
	test_loopback();
	test_probe();
	test_multibootusb();
	test_loopback_delete();
	test_firmware_config();
	test_default_not_kexec();
	test_bounds();
	test_wildcards();
}

int main(void)
{
	testfs_new(tmpdir);
	run_cases();
	testfs_remove(tmpdir);
	return done_testing();
}
