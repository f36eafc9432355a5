#!/bin/bash
# gzip-kernel.t - QEMU boot: a gzip'd kernel and a microcode initrd listed last.
#
# The BLS entry's kernel is /vmlinuz.gz, the Debian bzImage gzip'd whole as
# arm64 distributions ship Image.gz: the loader must inflate it (zlib) into
# a memfd before kexec_file_load. Its third initrd is an early microcode
# archive (kernel/x86/microcode/... first, as intel-ucode.img) that also
# carries /order "u": listed last, it must arrive first, so the target sees
# initrd-b's /order last (it would see "u" if the order were kept). The
# command line stays systemd-boot's.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

BOOT_NAME=gzip-kernel
BOOT_DISK_DESC="GPT: ext4, then an ESP with vmlinuz.gz and ucode.img listed last"
BOOT_LOADER="systemd-boot 252 passes"
WANT_CMDLINE='initrd=\initrd-a.img initrd=\initrd-b.img initrd=\ucode.img'
WANT_CMDLINE+=' console=ttyS0 hopboot-test=gz'
WANT_INITRDS="a,b last=b"

make_disk()
{
	local out=$1 stage

	stage=$(mktemp -d "$out.stage.XXXXXX")
	e2e_stage_data "$stage/data"
	mkdir -p "$stage/esp/loader/entries" \
		"$stage/u/kernel/x86/microcode"
	gzip -9 -n -c "$E2E_KERNEL" >"$stage/esp/vmlinuz.gz"
	e2e_build_target_initrds "$stage/esp"
	# Not real microcode: the kernel checks it and loads none.
	head -c 1024 /dev/zero >"$stage/u/kernel/x86/microcode/GenuineIntel.bin"
	echo u >"$stage/u/order"
	e2e_cpio "$stage/u" "$stage/esp/ucode.img"
	cat >"$stage/esp/loader/entries/gz.conf" <<-'EOF2'
	title Gzip kernel
	linux /vmlinuz.gz
	initrd /initrd-a.img
	initrd /initrd-b.img
	initrd /ucode.img
	options console=ttyS0 hopboot-test=gz
	EOF2
	e2e_make_gpt_disk "$out" "$stage/data" "$stage/esp"
	rm -rf "$stage"
}

e2e_boot_test
