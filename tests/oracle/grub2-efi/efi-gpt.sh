#!/bin/bash
# efi-gpt.sh - GRUB 2.06 for x86_64-efi under OVMF: the removable-media BOOTX64.EFI, /boot on ext4.
#
# Usage: tests/oracle/grub2-efi/efi-gpt.sh [--record | --disk-only IMAGE]
#
# A GPT disk: p1 an ESP (FAT16) holding only /EFI/BOOT/BOOTX64.EFI, p2 an
# ext4 /boot holding the kernel, the target initrds and /grub (grub.cfg,
# grubenv, the x86_64-efi modules). BOOTX64.EFI is what `grub-install
# --target=x86_64-efi --removable` makes (grub-efi-amd64-bin): grub-mkimage
# with the modules needed to reach /boot and an embedded config that finds
# it by UUID and sets $prefix. grub-install itself cannot be used here: it
# insists on a mounted FAT ESP and this host cannot mount vfat; it runs the
# same grub-mkimage. OVMF (OVMF_CODE_4M.fd, a fresh COPY of OVMF_VARS_4M.fd)
# boots it in QEMU/TCG with no Boot#### variable.
#
# grub.cfg branches on $grub_platform (efi here, pc under SeaBIOS) and
# picks the default from grubenv's saved_entry (an id), so the command line
# shows which platform GRUB believed it ran on. NAME.expected holds the
# target's two lines, as in ../grub2/.
set -eu

ORACLE_HERE=$(cd "$(dirname "$0")" && pwd)
. "$ORACLE_HERE/../lib.sh"
. "$ORACLE_HERE/../grub2/lib.sh"

NAME=efi-gpt
GE_MODDIR=${GE_MODDIR:-/usr/lib/grub/x86_64-efi}
GE_ESP_UUID=4C1D0C5E-0B5E-4E2E-9A3B-6E2E0000E001
GE_BOOT_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000e002

ge_stage()
{
	local esp=$1 boot=$2 u=$GE_BOOT_UUID

	mkdir -p "$esp/EFI/BOOT" "$boot/grub"
	cp "$E2E_KERNEL" "$boot/vmlinuz-$E2E_DISK_KVER"
	e2e_build_target_initrds "$boot"
	g2o_editenv "$boot/grub/grubenv" "saved_entry=gnulinux-$E2E_DISK_KVER-efi"
	cat >"$boot/grub/grub.cfg" <<-CFG
	if [ -s \$prefix/grubenv ]; then
	  load_env
	fi
	set default="\${saved_entry}"
	set timeout=0
	if [ "\$grub_platform" = efi ]; then
	  set plat=efi
	else
	  set plat=\$grub_platform
	fi
	menuentry 'Debian GNU/Linux' --id gnulinux-simple {
		search --no-floppy --fs-uuid --set=root $u
		linux /vmlinuz-$E2E_DISK_KVER root=UUID=$u ro console=ttyS0 which=simple
		initrd /initrd-a.img
	}
	menuentry 'Debian GNU/Linux ($E2E_DISK_KVER, platform \$plat)' --id gnulinux-$E2E_DISK_KVER-efi {
		insmod part_gpt
		insmod ext2
		search --no-floppy --fs-uuid --set=root $u
		linux /vmlinuz-$E2E_DISK_KVER root=UUID=$u ro console=ttyS0 platform=\$plat
		initrd /initrd-a.img /initrd-b.img
	}
	CFG
	if [ -n "${GE_WITH_GRUB:-}" ]; then
		mkdir -p "$boot/grub/x86_64-efi"
		cp "$GE_MODDIR"/*.mod "$GE_MODDIR"/*.lst "$boot/grub/x86_64-efi/"
		printf '%s\n' "search.fs_uuid $u root hd0,gpt2" \
			"set prefix=(\$root)'/grub'" >"$esp.load.cfg"
		grub-mkimage -O x86_64-efi -o "$esp/EFI/BOOT/BOOTX64.EFI" \
			-c "$esp.load.cfg" -p /grub -d "$GE_MODDIR" \
			part_gpt part_msdos fat ext2 search search_fs_uuid \
			normal configfile
		rm -f "$esp.load.cfg"
	fi
}

# OUTPUT: GPT, p1 ESP (FAT16 from ESP), p2 ext4 /boot (from BOOT).
ge_make_disk()
{
	local output=$1 esp=$2 boot=$3 tmp=$1.parts
	local p1=2048 s1=65536 p2=67584 s2=98304
	local esp_type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
	local linux_type=0FC63DAF-8483-4772-8E79-3D69D8477DE4

	rm -rf "$tmp" "$output"
	mkdir -p "$tmp"
	truncate -s $(((p2 + s2) * 512 + 1048576)) "$output"
	sfdisk --quiet "$output" <<-EOF
	label: gpt
	label-id: 4C1D0C5E-0B5E-4E2E-9A3B-6E2E0000E000
	start=$p1, size=$s1, type=$esp_type, uuid=$GE_ESP_UUID, name=ESP
	start=$p2, size=$s2, type=$linux_type, name=boot
	EOF
	truncate -s $((s1 * 512)) "$tmp/esp.img"
	mkfs.vfat -F 16 -n GRUBESP -i 4c1de001 "$tmp/esp.img" >/dev/null
	e2e_mcopy_tree "$tmp/esp.img" "$esp" ""
	truncate -s $((s2 * 512)) "$tmp/boot.img"
	mkfs.ext4 -q -F -L geboot -U "$GE_BOOT_UUID" \
		-E root_owner=0:0,hash_seed=$GE_BOOT_UUID -d "$boot" \
		"$tmp/boot.img"
	dd if="$tmp/esp.img" of="$output" bs=512 seek=$p1 conv=notrunc \
		status=none
	dd if="$tmp/boot.img" of="$output" bs=512 seek=$p2 conv=notrunc \
		status=none
	rm -rf "$tmp"
}

ge_main()
{
	local mode=${1:-} work=$OUT/tests/oracle/grub2-efi/$NAME disk log
	local start took missing

	e2e_find_kernel || oracle_die "no kernel image in /boot"
	rm -rf "$work"
	mkdir -p "$work"
	case $mode in
	--disk-only)
		ge_stage "$work/esp" "$work/boot"
		ge_make_disk "$2" "$work/esp" "$work/boot"
		rm -rf "$work"
		return 0
		;;
	"" | --record) ;;
	*) oracle_usage ;;
	esac
	missing=$(oracle_missing)
	[ -n "$missing" ] || [ -r "$GE_MODDIR/normal.mod" ] ||
		missing="$GE_MODDIR (apt-get install grub-efi-amd64-bin)"
	oracle_require "oracle grub2-efi $NAME" "$missing"
	GE_WITH_GRUB=1 ge_stage "$work/esp" "$work/boot"
	disk=$work/disk.img
	log=$work/serial.log
	ge_make_disk "$disk" "$work/esp" "$work/boot"
	rm -rf "$work/esp" "$work/boot"
	start=$SECONDS
	oracle_boot "$disk" "$log" ||
		echo "oracle grub2-efi $NAME: QEMU ended with status $?" >&2
	took=$((SECONDS - start))
	rm -f "$disk"
	oracle_verdict label="oracle grub2-efi $NAME" log="$log" \
		expected="$ORACLE_HERE/$NAME.expected" mode="$mode" \
		seconds="$took" firmware=OVMF \
		packages="grub-efi-amd64-bin grub2-common ovmf qemu-system-x86" ||
		exit $?
}

ge_main "$@"
