/* test_pxe_ipxe.c - the iPXE script subset: menus, chains, settings, bounds. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"

#include "fsview.h"
#include "option.h"
#include "pxe/ipxe.h"

#define FIXTURES "tests/parsers/pxe/ipxe"

static struct option_set *run(const char *script)
{
	struct option_set *set = option_set_new();
	struct device *dev = set ? option_set_add_device(set) : NULL;
	struct net_info net = { .ip = "10.0.2.15", .server = "10.0.2.2",
				.mac = "52:54:00:12:34:56", .hwtype = 1 };
	struct fsview fs;
	struct parse_ctx ctx;

	if (!dev || fsview_open(&fs, FIXTURES) < 0) {
		diag("cannot open " FIXTURES " (run from the repository root)");
		exit(1);
	}
	dev->id = "net:52:54:00:12:34:56";
	dev->type = "network";
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set,
				  .net = &net };
	ok(ipxe_parse(&ctx, script, "tftp://10.0.2.2") >= 0, "%s runs", script);
	fsview_close(&fs);
	return set;
}

static const char *err0(const struct option_set *set)
{
	return set->devices[0]->errors.n ? set->devices[0]->errors.v[0] : "";
}

int main(void)
{
	struct option_set *set;
	struct boot_option *o;

	ok(ipxe_is_script("#!ipxe\n", 7), "#!ipxe starts a script");
	ok(ipxe_is_script("#!ipxe", 6), "even alone");
	ok(!ipxe_is_script("#!ipxeX", 7), "#!ipxeX does not");
	ok(!ipxe_is_script("#!ip", 4), "nor a short buffer");

	set = run("/menu.ipxe");
	check_int(set->n_options, ==, 2);
	if (set->n_options == 2) {
		o = set->options[0];
		check_str(o->id, "net:52:54:00:12:34:56:ipxe:linux");
		check_str(o->title, "Debian (52:54:00:12:34:56)");
		check_str(o->cmdline, "console=ttyS0 "
			  "BOOTIF=01-52-54-00-12-34-56 ip=10.0.2.15");
		check_str(o->kernel->url, "tftp://10.0.2.2/images/vmlinuz");
		check_int(o->n_initrds, ==, 2);
		if (o->n_initrds == 2) {
			check_str(o->initrds[0].url,
				  "tftp://10.0.2.2/images/initrd.img");
			check_str(o->initrds[1].url,
				  "http://10.0.2.9/extra.img");
			check_str(o->initrds[1].path, "/extra.img");
		}
		ok(!o->is_default, "not the default");
		check_int(o->errors.n, ==, 0);

		o = set->options[1];
		check_str(o->title, "Rescue shell");
		ok(o->is_default, "choose --default rescue");
		check_str(o->kernel->url,
			  "tftp://10.0.2.2/boot/vmlinuz-rescue");
		check_str(o->cmdline, "single console=ttyS0");
		check_int(o->n_initrds, ==, 1);
		if (o->n_initrds)
			check_str(o->initrds[0].path, "/boot/rescue.img");
		check_int(o->errors.n, ==, 0);
	}
	check_int(set->devices[0]->errors.n, ==, 0);
	option_set_free(set);

	set = run("/linear.ipxe");
	check_int(set->n_options, ==, 1);
	if (set->n_options) {
		check_str(set->options[0]->title, "linux (iPXE)");
		check_str(set->options[0]->cmdline, "quiet");
		check_str(set->options[0]->kernel->url, "tftp://10.0.2.2/linux");
	}
	option_set_free(set);

	set = run("/broken.ipxe");
	check_int(set->n_options, ==, 0);
	ok(strstr(err0(set), "more than 5000 lines") != NULL,
	   "a goto loop ends: %s", err0(set));
	option_set_free(set);

	set = run("/unknown.ipxe");
	check_int(set->n_options, ==, 0);
	ok(strstr(err0(set), "'frobnicate' is not in the iPXE commands") !=
	   NULL, "an unknown command is named: %s", err0(set));
	option_set_free(set);

	set = run("/binary.ipxe");
	ok(strstr(err0(set), "does not start with #!ipxe") != NULL,
	   "not a script: %s", err0(set));
	option_set_free(set);

	set = run("/missing.ipxe");
	ok(strstr(err0(set), "cannot read the iPXE script /missing.ipxe") !=
	   NULL, "a missing script: %s", err0(set));
	option_set_free(set);
	return done_testing();
}
