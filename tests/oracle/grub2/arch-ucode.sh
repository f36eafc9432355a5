#!/bin/bash
# arch-ucode.sh - Arch Linux grub-mkconfig: microcode initrd first, the fallback initramfs in the submenu.
#
# Usage: tests/oracle/grub2/arch-ucode.sh [--record | --disk-only IMAGE]
#
# One ext4 partition with /boot. grub.cfg is Arch's grub-mkconfig output
# (10_linux for linux with intel-ucode installed): every entry loads
# /boot/intel-ucode.img before /boot/initramfs-linux*.img, and the submenu
# holds the fallback entry. GRUB_DEFAULT="gnulinux-advanced-...>gnulinux-
# linux-fallback-..." (an id path) picks the fallback. The microcode image
# is the target's initrd-b (no /init) and initramfs-linux*.img are
# initrd-a, so the target reports "a,b last=a" when the order is GRUB's.
# See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=boot
G2O_PARTS=1

g2o_stage()
{
	local p1=$1 u=$G2O_P1_UUID

	mkdir -p "$p1/boot/grub"
	e2e_build_target_initrds "$p1/boot"
	cp "$E2E_KERNEL" "$p1/boot/vmlinuz-linux"
	mv "$p1/boot/initrd-b.img" "$p1/boot/intel-ucode.img"
	cp "$p1/boot/initrd-a.img" "$p1/boot/initramfs-linux-fallback.img"
	mv "$p1/boot/initrd-a.img" "$p1/boot/initramfs-linux.img"
	cat >"$p1/boot/grub/grub.cfg" <<-CFG
	### BEGIN /etc/grub.d/00_header ###
	insmod part_gpt
	insmod part_msdos
	if [ -s \$prefix/grubenv ]; then
	  load_env
	fi
	if [ "\${next_entry}" ] ; then
	   set default="\${next_entry}"
	   set next_entry=
	   save_env next_entry
	   set boot_once=true
	else
	   set default="gnulinux-advanced-$u>gnulinux-linux-fallback-$u"
	fi

	if [ x"\${feature_menuentry_id}" = xy ]; then
	  menuentry_id_option="--id"
	else
	  menuentry_id_option=""
	fi

	export menuentry_id_option

	if [ "\${prev_saved_entry}" ]; then
	  set saved_entry="\${prev_saved_entry}"
	  save_env saved_entry
	  set prev_saved_entry=
	  save_env prev_saved_entry
	  set boot_once=true
	fi

	function savedefault {
	  if [ -z "\${boot_once}" ]; then
	    saved_entry="\${chosen}"
	    save_env saved_entry
	  fi
	}

	function load_video {
	  if [ x\$feature_all_video_module = xy ]; then
	    insmod all_video
	  else
	    insmod efi_gop
	    insmod efi_uga
	    insmod ieee1275_fb
	    insmod vbe
	    insmod vga
	    insmod video_bochs
	    insmod video_cirrus
	  fi
	}

	terminal_input console
	terminal_output console
	if [ x\$feature_timeout_style = xy ] ; then
	  set timeout_style=menu
	  set timeout=0
	else
	  set timeout=0
	fi
	### END /etc/grub.d/00_header ###

	### BEGIN /etc/grub.d/10_linux ###
	menuentry 'Arch Linux' --class arch --class gnu-linux --class gnu --class os \$menuentry_id_option 'gnulinux-simple-$u' {
		load_video
		set gfxpayload=keep
		insmod gzio
		insmod part_msdos
		insmod ext2
		search --no-floppy --fs-uuid --set=root $u
		echo	'Loading Linux linux ...'
		linux	/boot/vmlinuz-linux root=UUID=$u rw  loglevel=3 quiet console=ttyS0
		echo	'Loading initial ramdisk ...'
		initrd	/boot/intel-ucode.img /boot/initramfs-linux.img
	}
	submenu 'Advanced options for Arch Linux' \$menuentry_id_option 'gnulinux-advanced-$u' {
		menuentry 'Arch Linux, with Linux linux' --class arch --class gnu-linux --class gnu --class os \$menuentry_id_option 'gnulinux-linux-advanced-$u' {
			load_video
			set gfxpayload=keep
			insmod gzio
			insmod part_msdos
			insmod ext2
			search --no-floppy --fs-uuid --set=root $u
			echo	'Loading Linux linux ...'
			linux	/boot/vmlinuz-linux root=UUID=$u rw  loglevel=3 quiet console=ttyS0
			echo	'Loading initial ramdisk ...'
			initrd	/boot/intel-ucode.img /boot/initramfs-linux.img
		}
		menuentry 'Arch Linux, with Linux linux (fallback initramfs)' --class arch --class gnu-linux --class gnu --class os \$menuentry_id_option 'gnulinux-linux-fallback-$u' {
			load_video
			set gfxpayload=keep
			insmod gzio
			insmod part_msdos
			insmod ext2
			search --no-floppy --fs-uuid --set=root $u
			echo	'Loading Linux linux ...'
			linux	/boot/vmlinuz-linux root=UUID=$u rw  loglevel=3 quiet console=ttyS0 fallback
			echo	'Loading initial ramdisk ...'
			initrd	/boot/intel-ucode.img /boot/initramfs-linux-fallback.img
		}
	}

	### END /etc/grub.d/10_linux ###
	CFG
}

g2o_main arch-ucode "$@"
