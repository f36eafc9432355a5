/* test_option.c - the option set: config files, kinds of option, the exit rule, JSON. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "option.h"
#include "tap.h"

/* The set as one JSON document. Caller frees. */
static char *json_of(const struct option_set *set)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f || option_set_write_json(set, f) < 0) {
		diag("cannot write JSON");
		exit(1);
	}
	fclose(f);
	return buf;
}

static struct boot_option *add(struct option_set *set, const char *id)
{
	struct boot_option *o = option_set_add_option(set);

	if (!o) {
		diag("out of memory");
		exit(1);
	}
	o->id = id;
	o->device = "d";
	o->title = id;
	o->cmdline = "";
	return o;
}

static void test_configs(void)
{
	struct option_set *set = option_set_new();
	struct boot_option *o = add(set, "a");

	check_int(option_add_config(set, o, "d", NULL, "/boot/grub/grub.cfg"),
		  ==, 0);
	/* Parsers add the first file and the defining one; the same file
	 * twice in a row is kept once. */
	check_int(option_add_config(set, o, "d", NULL, "/boot/grub/grub.cfg"),
		  ==, 0);
	check_int(o->n_configs, ==, 1);
	check_int(option_add_config(set, o, "d", "/x.iso", "boot/l.cfg"), ==, 0);
	if (check_int(o->n_configs, ==, 2)) {
		check_str(o->configs[1].path, "/boot/l.cfg");
		check_str(o->configs[1].image, "/x.iso");
		check_str(o->configs[1].device, "d");
	}
	/* Same path outside the image: another file. */
	check_int(option_add_config(set, o, "d", NULL, "/boot/l.cfg"), ==, 0);
	check_int(o->n_configs, ==, 3);
	check_int(option_add_config(set, o, "d", NULL, NULL), ==, -ENOMEM);
	check_int(o->n_configs, ==, 3);
	option_set_free(set);
}

static void test_failed(void)
{
	struct option_set *set = option_set_new();
	struct device *d = option_set_add_device(set);
	struct boot_option *good, *chain, *broken;

	d->id = d->path = "d";
	good = add(set, "good");
	chain = add(set, "chain");
	strlist_add(&chain->errors, set->arena, "starts another boot loader");
	chain->flags |= OPTION_NOT_KEXEC;
	ok(!option_is_broken(good), "a good option is not broken");
	ok(!option_is_broken(chain), "neither is one kexec cannot start by nature");
	ok(!option_set_failed(set), "so the scan does not fail");

	broken = add(set, "broken");
	strlist_add(&broken->errors, set->arena, "the kernel is missing");
	ok(option_is_broken(broken), "a kernel entry with errors is broken");
	ok(option_set_failed(set), "and fails the scan");
	broken->errors.n = 0;
	strlist_add(&d->errors, set->arena, "cannot mount");
	ok(option_set_failed(set), "a device error fails the scan");
	option_set_free(set);
}

static void test_json(void)
{
	struct option_set *set = option_set_new();
	struct boot_option *o = add(set, "w");
	char *j;

	option_add_config(set, o, "d", NULL, "/grub/grub.cfg");
	option_add_config(set, o, "d", "/x.iso", "/l.cfg");
	o->flags |= OPTION_NOT_KEXEC;
	strlist_add(&o->errors, set->arena, "starts another boot loader");
	add(set, "k");
	j = json_of(set);
	ok(strstr(j, "\"source\":\"bls\",\"config\":[{\"device\":\"d\","
		  "\"path\":\"/grub/grub.cfg\"},{\"device\":\"d\","
		  "\"image\":\"/x.iso\",\"path\":\"/l.cfg\"}],") != NULL,
	   "config: the files, the image's only when there is one");
	ok(strstr(j, "\"hidden\":false,\"kexec\":false,\"errors\":"
		  "[\"starts another boot loader\"]") != NULL,
	   "kexec false, and the sentence in errors");
	ok(strstr(j, "\"id\":\"k\",\"device\":\"d\",\"source\":\"bls\","
		  "\"config\":[],") != NULL, "no files known: an empty list");
	ok(strstr(j, "\"kexec\":true,\"errors\":[]") != NULL,
	   "kexec true otherwise");
	if (!ok(!strstr(j, "\"url\""), "a config is never a URL"))
		diag("%s", j);
	free(j);
	option_set_free(set);
}

int main(void)
{
	test_configs();
	test_failed();
	test_json();
	return done_testing();
}
