#!/bin/bash
# saved-entry.sh - GRUB_DEFAULT=saved: grub-set-default's title path into the submenu picks the entry.
#
# Usage: tests/oracle/grub2/saved-entry.sh [--record | --disk-only IMAGE]
#
# One ext4 partition with /boot and /boot/grub. grub.cfg is what Debian
# 12's grub-mkconfig writes with GRUB_DEFAULT=saved and GRUB_SAVEDEFAULT=
# true (default="${saved_entry}", every entry calls savedefault). grubenv
# is written by grub-editenv, as `grub-set-default` writes it: saved_entry
# is a '>' path of TITLES (not ids) into the submenu, next_entry is empty.
# See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=boot
G2O_PARTS=1

g2o_stage()
{
	local p1=$1 u=$G2O_P1_UUID

	g2o_stage_boot_files "$p1/boot"
	mkdir -p "$p1/boot/grub"
	g2o_editenv "$p1/boot/grub/grubenv" \
		"saved_entry=Advanced options for Debian GNU/Linux>Debian GNU/Linux, with Linux $E2E_DISK_KVER (recovery mode)"
	cat >"$p1/boot/grub/grub.cfg" <<-CFG
	### BEGIN /etc/grub.d/00_header ###
	if [ -s \$prefix/grubenv ]; then
	  set have_grubenv=true
	  load_env
	fi
	if [ "\${next_entry}" ] ; then
	   set default="\${next_entry}"
	   set next_entry=
	   save_env next_entry
	   set boot_once=true
	else
	   set default="\${saved_entry}"
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
	terminal_input console
	terminal_output console
	set timeout_style=menu
	set timeout=0
	### END /etc/grub.d/00_header ###

	### BEGIN /etc/grub.d/10_linux ###
	menuentry 'Debian GNU/Linux' --class debian \$menuentry_id_option 'gnulinux-simple-$u' {
		savedefault
		insmod ext2
		search --no-floppy --fs-uuid --set=root $u
		linux	/boot/vmlinuz-$E2E_DISK_KVER root=UUID=$u ro console=ttyS0 which=simple
		initrd	/boot/initrd-a.img
	}
	submenu 'Advanced options for Debian GNU/Linux' \$menuentry_id_option 'gnulinux-advanced-$u' {
		menuentry 'Debian GNU/Linux, with Linux $E2E_DISK_KVER' --class debian \$menuentry_id_option 'gnulinux-$E2E_DISK_KVER-advanced-$u' {
			savedefault
			search --no-floppy --fs-uuid --set=root $u
			linux	/boot/vmlinuz-$E2E_DISK_KVER root=UUID=$u ro console=ttyS0 which=advanced
			initrd	/boot/initrd-a.img
		}
		menuentry 'Debian GNU/Linux, with Linux $E2E_DISK_KVER (recovery mode)' --class debian \$menuentry_id_option 'gnulinux-$E2E_DISK_KVER-recovery-$u' {
			savedefault
			search --no-floppy --fs-uuid --set=root $u
			linux	/boot/vmlinuz-$E2E_DISK_KVER root=UUID=$u ro single console=ttyS0 which=recovery
			initrd	/boot/initrd-a.img /boot/initrd-b.img
		}
	}
	### END /etc/grub.d/10_linux ###
	CFG
}

g2o_main saved-entry "$@"
