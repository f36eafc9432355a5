/* test_grub2_net.c - GRUB netboot: the core-image rule, $prefix, the config lookup, (tftp) names and URLs. */
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "test_server.h"

#include "arena.h"
#include "fsview.h"
#include "grub2/netboot.h"
#include "option.h"
#include "strlist.h"

/* Runs the lookup for boot_file through the miss handler. */
static struct option_set *boot(struct test_server *s, const char *boot_file,
			       int *r)
{
	struct test_net t;

	test_net_open(&t, s);
	*r = grub2_net_parse(&t.ctx, boot_file, "tftp://10.0.2.2", NULL);
	return test_net_close(&t);
}

static void test_rules(void)
{
	struct arena *a = arena_new();
	struct strlist l = { 0 };
	static const char *const want[] = {
		"/boot/grub/grub.cfg-01-52-54-00-12-34-56",
		"/boot/grub/grub.cfg-0A00020F", "/boot/grub/grub.cfg-0A00020",
		"/boot/grub/grub.cfg-0A0002", "/boot/grub/grub.cfg-0A000",
		"/boot/grub/grub.cfg-0A00", "/boot/grub/grub.cfg-0A0",
		"/boot/grub/grub.cfg-0A", "/boot/grub/grub.cfg-0",
		"/boot/grub/grub.cfg",
	};

	ok(grub2_net_is_core("boot/grub/i386-pc/core.0"), "grub-mknetdir's "
	   "BIOS image");
	ok(grub2_net_is_core("/boot/grub/x86_64-efi/core.efi"), "its EFI one");
	ok(grub2_net_is_core("grubx64.efi"), "grubx64.efi");
	ok(grub2_net_is_core("ubuntu/grubnetx64.efi"), "grubnetx64.efi");
	ok(grub2_net_is_core("grub2/core.0"), "under grub2/");
	ok(!grub2_net_is_core("pxelinux.0"), "pxelinux.0 is not GRUB");
	ok(!grub2_net_is_core("boot/x86/pxelinux.0"), "nor in a folder");
	ok(!grub2_net_is_core("syslinux.efi"), "nor syslinux.efi");
	ok(!grub2_net_is_core("grubby/pxelinux.0"), "a folder only named "
	   "like grub");
	ok(!grub2_net_is_core(""), "no boot file");
	check_str(grub2_net_prefix("boot/grub/i386-pc/core.0", a),
		  "/boot/grub");
	check_str(grub2_net_prefix("/grub/x86_64-efi/core.efi", a), "/grub");
	check_str(grub2_net_prefix("grubx64.efi", a), "");
	check_str(grub2_net_prefix("/netboot/grubnetx64.efi", a), "/netboot");
	check_str(grub2_net_prefix("a//i386-pc/core.0", a), "/a");
	ok(grub2_net_candidates("/boot/grub", "52:54:00:12:34:56",
				"10.0.2.15", a, &l) == 0, "candidates");
	check_int(l.n, ==, 10);
	for (size_t i = 0; i < l.n && i < 10; i++)
		check_str(l.v[i], want[i]);
	l = (struct strlist){ 0 };
	ok(grub2_net_candidates("", NULL, "192.168.2.91", a, &l) == 0,
	   "without a MAC");
	check_int(l.n, ==, 9);
	if (l.n == 9) {
		check_str(l.v[0], "/grub.cfg-C0A8025B");
		check_str(l.v[7], "/grub.cfg-C");
		check_str(l.v[8], "/grub.cfg");
	}
	arena_free(a);
}

static void test_parse(void)
{
	struct test_server s;
	struct option_set *set;
	const struct boot_option *o;
	int r;

	test_server_new(&s, "test_grub2_net");
	test_server_put(&s, "/boot/grub/grub.cfg-01-52-54-00-12-34-56",
		"set timeout=3\n"
		"if [ -s $prefix/grubenv ]; then load_env; fi\n"
		"source $prefix/common.cfg\n"
		"menuentry 'Plain' {\n"
		"\tlinux /k/vmlinuz mac=$net_default_mac ip=$net_default_ip "
		"srv=$net_default_server pxe=$pxe_default_server\n"
		"\tinitrd /k/initrd.img (pxe)/k/extra.img\n"
		"}\n"
		"menuentry 'Root' {\n"
		"\tlinux ($root)/k/vmlinuz p=$prefix r=$root c=$cmdpath "
		"g=$grub_platform\n"
		"}\n"
		"menuentry 'Named' {\n"
		"\tlinux (tftp,10.0.2.2)/k/vmlinuz\n"
		"\tinitrd (tftp)/k/initrd.img\n"
		"}\n"
		"menuentry 'Elsewhere' {\n"
		"\tlinux (tftp,10.9.9.9)/k/vmlinuz\n"
		"}\n"
		"menuentry 'Disk' {\n"
		"\tlinux (hd0,1)/vmlinuz\n"
		"}\n");
	test_server_put(&s, "/boot/grub/common.cfg", "set default=Named\n"
		"menuentry 'Common' { linux /k/c quiet; }\n");
	test_server_put(&s, "/boot/grub/grub.cfg",
		"menuentry 'Decoy' { linux /d; }\n");
	set = boot(&s, "boot/grub/i386-pc/core.0", &r);
	check_int(r, ==, 6);
	/* Only what GRUB reads was asked for: the per-MAC file, grubenv
	 * (absent) and the sourced file; not the decoy, not the kernels. */
	check_int(s.n, ==, 3);
	check_str(s.asked[0], "/boot/grub/grub.cfg-01-52-54-00-12-34-56");
	check_str(s.asked[1], "/boot/grub/grubenv");
	check_str(s.asked[2], "/boot/grub/common.cfg");
	if ((o = test_net_titled(set, "Plain"))) {
		check_str(o->kernel->url, "tftp://10.0.2.2/k/vmlinuz");
		check_str(o->cmdline, "BOOT_IMAGE=/k/vmlinuz "
			  "mac=52:54:00:12:34:56 ip=10.0.2.15 srv=10.0.2.2 "
			  "pxe=10.0.2.2");
		check_int(o->n_initrds, ==, 2);
		if (o->n_initrds == 2) {
			check_str(o->initrds[0].url,
				  "tftp://10.0.2.2/k/initrd.img");
			check_str(o->initrds[1].url,
				  "tftp://10.0.2.2/k/extra.img");
		}
		check_int(o->errors.n, ==, 0);
	}
	if ((o = test_net_titled(set, "Root"))) {
		check_str(o->kernel->url, "tftp://10.0.2.2/k/vmlinuz");
		check_str(o->cmdline, "BOOT_IMAGE=(tftp,10.0.2.2)/k/vmlinuz "
			  "p=(tftp,10.0.2.2)/boot/grub r=tftp,10.0.2.2 "
			  "c=(tftp,10.0.2.2)/boot/grub/i386-pc g=pc");
	}
	if ((o = test_net_titled(set, "Named"))) {
		check_str(o->kernel->url, "tftp://10.0.2.2/k/vmlinuz");
		ok(o->n_initrds == 1 && !strcmp(o->initrds[0].url,
		   "tftp://10.0.2.2/k/initrd.img"), "(tftp) initrd");
		ok(o->is_default, "set default=Named picks it");
	}
	if ((o = test_net_titled(set, "Elsewhere"))) {
		ok(o->errors.n == 1 && strstr(o->errors.v[0],
		   "only from its own boot server 10.0.2.2"),
		   "another server: %s", o->errors.n ? o->errors.v[0] : "");
	}
	if ((o = test_net_titled(set, "Disk")))
		ok(o->errors.n == 1 && strstr(o->errors.v[0], "(hd0,1)"),
		   "a local disk: %s", o->errors.n ? o->errors.v[0] : "");
	if ((o = test_net_titled(set, "Common")))
		check_str(o->kernel->url, "tftp://10.0.2.2/k/c");
	ok(set->has_timeout && set->timeout == 3, "timeout");
	check_int(set->devices[0]->errors.n, ==, 0);
	option_set_free(set);
	test_server_free(&s);

	/* Shortened hex address wins over grub.cfg; EFI at the root. */
	test_server_new(&s, "test_grub2_net");
	test_server_put(&s, "/grub.cfg-0A00", "menuentry 'Hex' { linux /h "
		"$grub_platform $prefix; }\n");
	test_server_put(&s, "/grub.cfg", "menuentry 'Decoy' { linux /d; }\n");
	set = boot(&s, "grubx64.efi", &r);
	check_int(r, ==, 1);
	check_int(s.n, ==, 6);
	check_str(s.asked[5], "/grub.cfg-0A00");
	if ((o = test_net_titled(set, "Hex"))) {
		check_str(o->kernel->url, "tftp://10.0.2.2/h");
		check_str(o->cmdline, "BOOT_IMAGE=/h efi (tftp,10.0.2.2)");
	}
	option_set_free(set);
	test_server_free(&s);

	/* GRUB 2.06 lists no folder on TFTP: [ -d ], [ -e ] and [ -f ] of a
	 * server's file are false, and nothing is asked for them; [ -s ]
	 * opens the file. */
	test_server_new(&s, "test_grub2_net");
	test_server_put(&s, "/grub.cfg", "if [ -e /x.cfg ]; then e=1; fi\n"
		"if [ -f (tftp)/x.cfg ]; then f=1; fi\n"
		"if [ -d $prefix ]; then d=1; fi\n"
		"if [ -s /x.cfg ]; then s=1; fi\n"
		"menuentry 'Tests' { linux /t e=$e f=$f d=$d s=$s; }\n");
	test_server_put(&s, "/x.cfg", "set x=1\n");
	set = boot(&s, "grubx64.efi", &r);
	check_int(r, ==, 1);
	if ((o = test_net_titled(set, "Tests")))
		check_str(o->cmdline, "BOOT_IMAGE=/t e= f= d= s=1");
	check_str(s.asked[s.n - 1], "/x.cfg");
	option_set_free(set);
	test_server_free(&s);

	/* Nothing there: an error naming every file tried. */
	test_server_new(&s, "test_grub2_net");
	set = boot(&s, "boot/grub/x86_64-efi/core.efi", &r);
	check_int(r, ==, 0);
	check_int(s.n, ==, 10);
	ok(set->devices[0]->errors.n == 1 &&
	   strstr(set->devices[0]->errors.v[0], "no GRUB configuration on "
		  "tftp://10.0.2.2 for the boot file "
		  "boot/grub/x86_64-efi/core.efi: tried "
		  "/boot/grub/grub.cfg-01-52-54-00-12-34-56, "
		  "/boot/grub/grub.cfg-0A00020F"),
	   "the error lists the files tried");
	option_set_free(set);
	test_server_free(&s);
}

int main(void)
{
	test_rules();
	test_parse();
	return done_testing();
}
