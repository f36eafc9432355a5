/* test_pxe.c - pxelinux 6.04's config lookup order, and what it then reads. */
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
#include "option.h"
#include "pxe/pxe.h"
#include "strlist.h"

#define FIXTURES "tests/parsers/pxe"

static void check_list(const struct pxe_lookup *lk, const char *const *want,
		       const char *what)
{
	struct arena *a = arena_new();
	struct strlist l = { 0 };
	size_t n = 0;

	ok(pxe_candidates(lk, a, &l) == 0, "%s: candidates", what);
	while (want[n])
		n++;
	check_int(l.n, ==, n);
	for (size_t i = 0; i < l.n && i < n; i++)
		check_str(l.v[i], want[i]);
	arena_free(a);
}

static struct option_set *parse(const char *tree, const struct pxe_lookup *lk)
{
	struct option_set *set = option_set_new();
	struct device *dev = set ? option_set_add_device(set) : NULL;
	struct fsview fs;
	struct net_info net = { .ip = "10.0.2.15", .mac = lk->mac,
				.server = "10.0.2.2", .hwtype = 1 };
	struct parse_ctx ctx;
	char dir[PATH_MAX];

	if (!dev)
		exit(1);
	dev->id = "net:52:54:00:12:34:56";
	dev->type = "network";
	snprintf(dir, sizeof(dir), FIXTURES "/%s", tree);
	if (fsview_open(&fs, dir) < 0) {
		diag("cannot open %s (run from the repository root)", dir);
		exit(1);
	}
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set,
				  .net = &net };
	ok(pxe_parse(&ctx, lk, "tftp://10.0.2.2") >= 0, "%s parses", tree);
	fsview_close(&fs);
	return set;
}

/* The fetching view of discover/net.c, with a folder for a server: the
 * lookup asks for files in pxelinux's order, and only what is read is
 * fetched (not the decoy default, not the kernel). */
static void test_miss_handler(void)
{
	struct test_server srv = { .root = FIXTURES "/permac",
				   .cache = "/tmp/test_pxe.XXXXXX" };
	struct pxe_lookup lk = { .boot_file = "/pxelinux.0",
				 .mac = "52:54:00:12:34:56",
				 .ip = "10.0.2.15" };
	struct net_info net = { .mac = lk.mac, .hwtype = 1 };
	struct option_set *set = option_set_new();
	struct device *dev = set ? option_set_add_device(set) : NULL;
	struct parse_ctx ctx;
	struct fsview fs;
	char cmd[PATH_MAX + 16];

	if (!dev || !mkdtemp(srv.cache) || fsview_open(&fs, srv.cache) < 0) {
		diag("cannot make a cache folder");
		exit(1);
	}
	dev->id = "net:x";
	fs.miss = test_server_fetch;
	fs.miss_ctx = &srv;
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set,
				  .net = &net };
	ok(pxe_parse(&ctx, &lk, "tftp://s") == 2, "two options through "
	   "the miss handler");
	check_int(srv.n, ==, 2);
	check_str(srv.asked[0], "/pxelinux.cfg/01-52-54-00-12-34-56");
	check_str(srv.asked[1], "/pxelinux.cfg/common.cfg");
	fsview_close(&fs);
	option_set_free(set);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", srv.cache);
	ok(system(cmd) == 0, "cache removed");
}

int main(void)
{
	struct pxe_lookup lk = {
		.boot_file = "/pxelinux.0",
		.uuid = "B8945908-D6A6-41A9-611D-74A6AB80B83D",
		.mac = "88:99:AA:BB:CC:DD",
		.ip = "192.168.2.91",
	};
	/* The PXELINUX wiki page's own example. */
	static const char *const wiki[] = {
		"/pxelinux.cfg/b8945908-d6a6-41a9-611d-74a6ab80b83d",
		"/pxelinux.cfg/01-88-99-aa-bb-cc-dd",
		"/pxelinux.cfg/C0A8025B", "/pxelinux.cfg/C0A8025",
		"/pxelinux.cfg/C0A802", "/pxelinux.cfg/C0A80",
		"/pxelinux.cfg/C0A8", "/pxelinux.cfg/C0A",
		"/pxelinux.cfg/C0", "/pxelinux.cfg/C",
		"/pxelinux.cfg/default", NULL,
	};
	static const char *const opt209[] = {
		"/boot/x86/my.cfg",
		"/boot/x86/pxelinux.cfg/01-52-54-00-12-34-56",
		"/boot/x86/pxelinux.cfg/default", NULL,
	};
	static const char *const opt210[] = {
		"/abs.cfg", "/tftpboot/pxelinux.cfg/default", NULL,
	};
	static const char *const nouuid[] = {
		"/pxelinux.cfg/06-52-54-00-12-34-56",
		"/pxelinux.cfg/0A00020F", "/pxelinux.cfg/0A00020",
		"/pxelinux.cfg/0A0002", "/pxelinux.cfg/0A000",
		"/pxelinux.cfg/0A00", "/pxelinux.cfg/0A0",
		"/pxelinux.cfg/0A", "/pxelinux.cfg/0",
		"/pxelinux.cfg/default", NULL,
	};
	struct arena *a = arena_new();
	struct option_set *set;

	check_list(&lk, wiki, "the wiki's example");

	{
		char name[40];

		/* Recorded on pxelinux 6.04 under QEMU 7.2 and its iPXE with
		 * -uuid 12345678-9abc-4def-8123-456789abcdef (Linux's
		 * product_uuid): pxelinux asked for the first three fields
		 * swapped, the SMBIOS table's byte order. */
		ok(pxe_uuid_name("12345678-9abc-4def-8123-456789abcdef", true,
				 name), "a valid UUID");
		check_str(name, "78563412-bc9a-ef4d-8123-456789abcdef");
		ok(pxe_uuid_name("12345678-9ABC-4DEF-8123-456789ABCDEF", false,
				 name), "SMBIOS before 2.6: as stored");
		check_str(name, "12345678-9abc-4def-8123-456789abcdef");
		ok(!pxe_uuid_name("00000000-0000-0000-0000-000000000000", true,
				  name), "all zeros is no UUID");
		ok(!pxe_uuid_name("ffffffff-ffff-ffff-ffff-ffffffffffff", true,
				  name), "nor all ones");
		ok(!pxe_uuid_name("12345678-9abc-0f00-8123-456789abcdef", true,
				  name), "table byte 6 below 0x10");
		ok(!pxe_uuid_name("12345678-9abc-4def-8123-456789abcde", true,
				  name), "too short");
		ok(!pxe_uuid_name("12345678-9abc-4dxf-8123-456789abcdef", true,
				  name), "not hex");
	}

	lk = (struct pxe_lookup){ .boot_file = "boot/x86/pxelinux.0",
				  .conffile = "my.cfg",
				  .mac = "52:54:00:12:34:56" };
	check_list(&lk, opt209, "option 209, boot file in a folder");
	lk = (struct pxe_lookup){ .boot_file = "boot/x86/pxelinux.0",
				  .conffile = "/abs.cfg",
				  .pathprefix = "tftpboot" };
	check_list(&lk, opt210, "option 210 without a slash, absolute 209");
	lk = (struct pxe_lookup){ .boot_file = "pxelinux.0",
				  .mac = "52:54:00:12:34:56", .hwtype = 6,
				  .ip = "10.0.2.15" };
	check_list(&lk, nouuid, "no boot folder, no UUID, hwtype 6");
	check_str(pxe_prefix(&lk, a), "/");
	lk.boot_file = "a\\b/c/pxelinux.0";
	check_str(pxe_prefix(&lk, a), "/a\\b/c/");

	/* A per-MAC file that INCLUDEs another, beside a decoy default. */
	lk = (struct pxe_lookup){ .boot_file = "/pxelinux.0",
				  .mac = "52:54:00:12:34:56",
				  .ip = "10.0.2.15" };
	set = parse("permac", &lk);
	check_int(set->n_options, ==, 2);
	if (set->n_options == 2) {
		struct boot_option *o = set->options[0];

		check_str(o->title, "Rescue from the included file");
		check_str(o->cmdline, "BOOT_IMAGE=images/vmlinuz "
			  "console=ttyS0 hopboot.test=permac "
			  "initrd=images/initrd.img");
		check_str(o->kernel->url, "tftp://10.0.2.2/images/vmlinuz");
		check_int(o->n_initrds, ==, 1);
		if (o->n_initrds)
			check_str(o->initrds[0].url,
				  "tftp://10.0.2.2/images/initrd.img");
		check_int(o->errors.n, ==, 0);
		ok(set->options[1]->is_default || o->is_default,
		   "a default is chosen");
		check_str(set->options[1]->title, "from the per-MAC file");
		ok(set->options[1]->is_default, "DEFAULT of the per-MAC file");
	}
	option_set_free(set);

	/* Option 210: names are taken from the prefix, not the config's
	 * folder. */
	lk = (struct pxe_lookup){ .boot_file = "/boot/pxelinux.0",
				  .mac = "52:54:00:12:34:56" };
	set = parse("prefix", &lk);
	check_int(set->n_options, ==, 1);
	if (set->n_options)
		check_str(set->options[0]->kernel->url,
			  "tftp://10.0.2.2/boot/linux");
	option_set_free(set);

	lk = (struct pxe_lookup){ .boot_file = "/nothing/pxelinux.0",
				  .mac = "52:54:00:12:34:56" };
	set = parse("permac", &lk);
	check_int(set->n_options, ==, 0);
	check_int(set->devices[0]->errors.n, ==, 1);
	if (set->devices[0]->errors.n)
		ok(strstr(set->devices[0]->errors.v[0],
			  "/nothing/pxelinux.cfg/01-52-54-00-12-34-56, "
			  "/nothing/pxelinux.cfg/default") != NULL,
		   "the error lists what was tried: %s",
		   set->devices[0]->errors.v[0]);
	option_set_free(set);
	arena_free(a);
	test_miss_handler();
	return done_testing();
}
