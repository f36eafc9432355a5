/* fuzz_grubenv.c - libFuzzer target: the input is /boot/grub/grubenv.
 *
 * grubenv is written by the installed system (grub-set-default,
 * grub-reboot, Fedora's grubby) but a stranger's disk can hold anything
 * there, so load_env is a reader of untrusted bytes of its own. The script
 * around it is fixed and uses what real configs take from grubenv: the
 * saved and next entry, kernelopts expanded in a linux line, a value that
 * names a file, and load_env with a whitelist.
 */
#include <stddef.h>
#include <stdint.h>

#include "fuzz_fs.h"

static const char fuzz_grubenv_script[] =
	"set prefix=/boot/grub\n"
	"load_env\n"
	"load_env -f /boot/grub/grubenv saved_entry boot_once\n"
	"if [ \"${next_entry}\" ] ; then\n"
	"   set default=\"${next_entry}\"\n"
	"   set next_entry=\n"
	"else\n"
	"   set default=\"${saved_entry}\"\n"
	"fi\n"
	"menuentry 'Linux' --id linux {\n"
	"	linux /vmlinuz root=/dev/sda1 $kernelopts ${extra_cmdline}\n"
	"	initrd /initrd.img $tuned_initrd\n"
	"}\n"
	"submenu 'Advanced' --id adv {\n"
	"	menuentry 'Recovery' --id rec {\n"
	"		linux /$kernel single\n"
	"	}\n"
	"}\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_setup();
	fuzz_write("boot/grub/grub.cfg", fuzz_grubenv_script,
		   sizeof(fuzz_grubenv_script) - 1);
	fuzz_write("boot/grub/grubenv", data, size);
	fuzz_write("vmlinuz", "", 0);
	fuzz_parse(grub2_parse, "ext4");
	return 0;
}
