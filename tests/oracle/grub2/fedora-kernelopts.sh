#!/bin/bash
# fedora-kernelopts.sh - Fedora's grub.cfg: kernelopts from grubenv, saved_entry naming a BLS id.
#
# Usage: tests/oracle/grub2/fedora-kernelopts.sh [--record | --disk-only IMAGE]
#
# Separate /boot (p1: /grub holds GRUB, /loader/entries the BLS files)
# and a root partition (p2). grub.cfg (in /grub: Debian's grub-install
# cannot name the folder grub2 as Fedora's does) is Fedora 36's 00_header
# (load_env from ${config_directory}, default="${saved_entry}", the
# kernelopts fallback) and grubenv, written by grub-editenv as grub2-editenv
# writes it, holds kernelopts and saved_entry = a BLS file's id.
#
# Debian's GRUB has no blscfg module (a Fedora patch), so the real loader
# cannot run `blscfg` here. The menuentries are written out as blscfg
# generates them from the BLS files (title, --id FILE-ID, linux with the
# entry's options, where "$kernelopts" is expanded by GRUB). What real
# GRUB pins here
# is the grubenv and kernelopts expansion; the BLS files themselves are on
# the disk too, for hopboot's blscfg.
#
# Recorded: GRUB 2.06 boots the FIRST entry, not the saved one. The id
# starts with a digit (a machine id), and upstream 2.06 reads a default
# that starts with a number as that number ("4c1d..." is entry 4, which
# does not exist, so entry 0); Fedora's GRUB carries a patch for this.
# hopboot reproduces upstream. See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=
G2O_PARTS=2

g2o_stage()
{
	local p1=$1 p2=$2 r=$G2O_P2_UUID mid=4c1d0c5ef00d4e2e9a3b6e2e0000f001
	local new=6.2.9-300.fc38.x86_64 old=6.1.18-200.fc37.x86_64 v

	mkdir -p "$p1/grub" "$p1/loader/entries" "$p2/etc"
	e2e_build_target_initrds "$p1"
	for v in $new $old; do
		cp "$E2E_KERNEL" "$p1/vmlinuz-$v"
	done
	echo fedora >"$p2/etc/hostname"
	g2o_editenv "$p1/grub/grubenv" \
		"kernelopts=root=UUID=$r ro console=ttyS0 rhgb quiet" \
		"saved_entry=$mid-$old" boot_success=1
	for v in $new $old; do
		cat >"$p1/loader/entries/$mid-$v.conf" <<-EOF
		title Fedora Linux ($v) 38 (Thirty Eight)
		version $v
		linux /vmlinuz-$v
		initrd /initrd-a.img /initrd-b.img
		options \$kernelopts which=$v
		grub_users \$grub_users
		grub_arg --unrestricted
		grub_class fedora
		EOF
	done
	{
		cat <<-CFG
		### BEGIN /etc/grub.d/00_header ###
		set pager=1

		if [ -f \${config_directory}/grubenv ]; then
		  load_env -f \${config_directory}/grubenv
		elif [ -s \$prefix/grubenv ]; then
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

		function load_video {
		  insmod all_video
		}

		terminal_output console
		if [ x\$feature_timeout_style = xy ] ; then
		  set timeout_style=menu
		  set timeout=0
		else
		  set timeout=0
		fi
		### END /etc/grub.d/00_header ###

		### BEGIN /etc/grub.d/10_linux ###
		insmod part_msdos
		insmod ext2
		set root='hd0,msdos1'
		search --no-floppy --fs-uuid --set=root --hint='hd0,msdos1' $G2O_P1_UUID
		if [ -z "\${kernelopts}" ]; then
		  set kernelopts="root=UUID=$r ro rhgb quiet "
		fi
		CFG
		# What blscfg generates from each BLS file, newest first.
		for v in $new $old; do
			cat <<-CFG
			menuentry 'Fedora Linux ($v) 38 (Thirty Eight)' --class fedora --unrestricted --id '$mid-$v' {
				load_video
				set gfxpayload=keep
				insmod gzio
				linux (\$root)/vmlinuz-$v \$kernelopts which=$v
				initrd (\$root)/initrd-a.img (\$root)/initrd-b.img
			}
			CFG
		done
		echo "### END /etc/grub.d/10_linux ###"
	} >"$p1/grub/grub.cfg"
}

g2o_main fedora-kernelopts "$@"
