/* test_kexec_cmdline.c - the command line 'hopboot kexec' hands over:
 * --reuse-cmdline's filtering of the loader's words, and --append. */
#include <errno.h>
#include <string.h>

#include "loader/kexec_cmdline.h"
#include "tap.h"

static void reuse_is(const char *line, const char *want, const char *what)
{
	char buf[256];

	if (!check_int(kexec_cmdline_reuse(line, buf, sizeof(buf)), ==, 0))
		return;
	ok(!strcmp(buf, want), "%s", what);
	if (strcmp(buf, want)) {
		diag("   got: '%s'", buf);
		diag("  want: '%s'", want);
	}
}

int main(void)
{
	char buf[32], small[8];

	/* What GRUB gives Debian's kernel. */
	reuse_is("BOOT_IMAGE=/boot/vmlinuz-6.1.0-13-amd64 "
		 "root=UUID=1234 ro quiet\n",
		 "root=UUID=1234 ro quiet", "GRUB's BOOT_IMAGE= is dropped");
	/* What systemd-boot gives an EFI-stub kernel. */
	reuse_is("initrd=\\initrd-a.img initrd=initrd-b.img console=ttyS0 "
		 "hopboot-test=1",
		 "console=ttyS0 hopboot-test=1",
		 "every initrd= word is dropped");
	reuse_is("root=/dev/vda2 BOOT_IMAGE=(hd0,gpt2)/vmlinuz quiet",
		 "root=/dev/vda2 quiet", "wherever it stands");
	reuse_is("x=\"a BOOT_IMAGE=b\" y", "x=\"a BOOT_IMAGE=b\" y",
		 "a quoted word stays whole");
	reuse_is("myinitrd=1 BOOT_IMAGEX=2 initrd", "myinitrd=1 "
		 "BOOT_IMAGEX=2 initrd", "only the exact keys go");
	reuse_is("quiet -- initrd=x BOOT_IMAGE=y", "quiet -- initrd=x "
		 "BOOT_IMAGE=y", "init's words after -- are kept");
	reuse_is("  a\t\tb  ", "a b", "blanks become single spaces");
	reuse_is("", "", "an empty line stays empty");
	reuse_is("BOOT_IMAGE=/vmlinuz initrd=/a", "", "only loader words");
	check_int(kexec_cmdline_reuse("0123456789", small, sizeof(small)),
		  ==, -E2BIG);

	strcpy(buf, "root=/dev/vda2");
	check_int(kexec_cmdline_append(buf, sizeof(buf), "quiet x=1"), ==, 0);
	check_str(buf, "root=/dev/vda2 quiet x=1");
	buf[0] = '\0';
	check_int(kexec_cmdline_append(buf, sizeof(buf), " single"), ==, 0);
	check_str(buf, "single");
	check_int(kexec_cmdline_append(buf, sizeof(buf), ""), ==, 0);
	check_str(buf, "single");
	check_int(kexec_cmdline_append(buf, sizeof(buf),
				       "much-too-long-to-fit-here=1"), ==,
		  -E2BIG);
	check_str(buf, "single");
	return done_testing();
}
