/* test_cmdline.c - kernel command line words, as the kernel splits them. */
#include "cmdline.h"
#include "tap.h"

int main(void)
{
	const char *line = "root=/dev/sda1 hopboot.timeout=5 quiet "
			   "hopboot.title=\"two words\" hopboot.timeout=0 "
			   "hopboot.shell hopboot.debug=0 x=\"a b\"c";
	char v[64];

	ok(cmdline_get(line, "hopboot.timeout", v, sizeof(v)),
	   "hopboot.timeout found");
	check_str(v, "0");	/* the later word wins */
	ok(cmdline_get(line, "hopboot.title", v, sizeof(v)), "quoted value");
	check_str(v, "two words");
	ok(cmdline_get(line, "x", v, sizeof(v)), "quote inside a word");
	check_str(v, "a bc");
	ok(!cmdline_get(line, "hopboot", v, sizeof(v)), "a prefix is not a key");
	ok(!cmdline_get(line, "timeout", v, sizeof(v)), "a suffix is not a key");
	ok(cmdline_flag(line, "hopboot.shell"), "bare flag");
	ok(!cmdline_flag(line, "hopboot.debug"), "flag=0 is off");
	ok(!cmdline_flag(line, "quie"), "part of a word is not a flag");
	ok(cmdline_flag("a hopboot.shell=yes", "hopboot.shell"), "flag=yes");
	ok(cmdline_get("k=", "k", v, sizeof(v)), "empty value");
	check_str(v, "");
	ok(cmdline_get("k=0123456789", "k", v, 5), "truncated value");
	check_str(v, "0123");
	return done_testing();
}
