#!/bin/bash
# ubuntu-recovery.sh - Ubuntu grub-mkconfig with recordfail; GRUB_DEFAULT="1>2" picks the recovery entry by number.
#
# Usage: tests/oracle/grub2/ubuntu-recovery.sh [--record | --disk-only IMAGE]
#
# A separate /boot partition (p1, GRUB's folder at /grub) and a root
# partition (p2). grub.cfg is shaped like Ubuntu 22.04's grub-mkconfig
# output: the recordfail function and its timeout rule, gfxmode with
# $linux_gfx_mode, entries that call recordfail, a submenu holding two
# kernels and their recovery entries (`recovery nomodeset dis_ucode_ldr`),
# and GRUB_DEFAULT="1>3" written as a numeric path: the 4th entry of the
# submenu, the older kernel's recovery entry. grubenv (grub-editenv) holds
# recordfail=0 (a clean last boot). See lib.sh.
set -eu

. "$(dirname "$0")/lib.sh"

G2O_GRUBDIR=
G2O_PARTS=2

g2o_stage()
{
	local p1=$1 p2=$2 u=$G2O_P1_UUID r=$G2O_P2_UUID k e

	g2o_stage_boot_files "$p1"
	cp "$p1/vmlinuz-$E2E_DISK_KVER" "$p1/vmlinuz-5.15.0-91-generic"
	mkdir -p "$p1/grub" "$p2/etc"
	echo ubuntu >"$p2/etc/hostname"
	g2o_editenv "$p1/grub/grubenv" recordfail=0
	{
		cat <<-CFG
		### BEGIN /etc/grub.d/00_header ###
		if [ -s \$prefix/grubenv ]; then
		  set have_grubenv=true
		  load_env
		fi
		if [ "\${initrdfail}" = 2 ]; then
		   set initrdfail=
		elif [ "\${initrdfail}" = 1 ]; then
		   set next_entry="\${prev_entry}"
		   set prev_entry=
		   save_env prev_entry
		   if [ "\${next_entry}" ]; then
		      set initrdfail=2
		   fi
		fi
		if [ "\${next_entry}" ] ; then
		   set default="\${next_entry}"
		   set next_entry=
		   save_env next_entry
		   set boot_once=true
		else
		   set default="1>3"
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
		function initrdfail {
		    if [ -n "\${have_grubenv}" ]; then if [ -n "\${partuuid}" ]; then
		      if [ -z "\${initrdfail}" ]; then
		        set initrdfail=1
		        if [ -n "\${boot_once}" ]; then
		          set prev_entry="\${default}"
		          save_env prev_entry
		        fi
		      fi
		      save_env initrdfail
		    fi; fi
		}
		function recordfail {
		  set recordfail=1
		  if [ -n "\${have_grubenv}" ]; then if [ -z "\${boot_once}" ]; then save_env recordfail; fi; fi
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
		if [ "\${recordfail}" = 1 ] ; then
		  set timeout=30
		else
		  if [ x\$feature_timeout_style = xy ] ; then
		    set timeout_style=hidden
		    set timeout=0
		  # Fallback hidden-timeout code in case the timeout_style feature is
		  # unavailable.
		  elif sleep --interruptible 0 ; then
		    set timeout=0
		  fi
		fi
		### END /etc/grub.d/00_header ###

		### BEGIN /etc/grub.d/10_linux ###
		function gfxmode {
			set gfxpayload="\${1}"
			if [ "\${1}" = "keep" ]; then
				set vt_handoff=vt.handoff=7
			else
				set vt_handoff=
			fi
		}
		if [ "\${recordfail}" != 1 ]; then
		  if [ -e \${prefix}/gfxblacklist.txt ]; then
		    if [ \${grub_platform} != pc ]; then
		      set linux_gfx_mode=keep
		    elif hwmatch \${prefix}/gfxblacklist.txt 3; then
		      if [ \${match} = 0 ]; then
		        set linux_gfx_mode=keep
		      else
		        set linux_gfx_mode=text
		      fi
		    else
		      set linux_gfx_mode=text
		    fi
		  else
		    set linux_gfx_mode=keep
		  fi
		else
		  set linux_gfx_mode=text
		fi
		export linux_gfx_mode
		menuentry 'Ubuntu' --class ubuntu --class gnu-linux --class gnu --class os \$menuentry_id_option 'gnulinux-simple-$r' {
			recordfail
			load_video
			gfxmode \$linux_gfx_mode
			insmod gzio
			if [ x\$grub_platform = xxen ]; then insmod xzio; insmod lzopio; fi
			insmod part_msdos
			insmod ext2
			set root='hd0,msdos1'
			search --no-floppy --fs-uuid --set=root --hint-bios=hd0,msdos1 $u
			linux	/vmlinuz-$E2E_DISK_KVER root=UUID=$r ro console=ttyS0 quiet splash \$vt_handoff
			initrd	/initrd-a.img
		}
		submenu 'Advanced options for Ubuntu' \$menuentry_id_option 'gnulinux-advanced-$r' {
		CFG
		for k in "$E2E_DISK_KVER" 5.15.0-91-generic; do
			for e in normal recovery; do
				cat <<-CFG
				menuentry 'Ubuntu, with Linux $k$([ $e = normal ] || echo ' (recovery mode)')' --class ubuntu \$menuentry_id_option 'gnulinux-$k-$([ $e = normal ] && echo advanced || echo recovery)-$r' {
					recordfail
					load_video
					$([ $e = normal ] && echo 'gfxmode $linux_gfx_mode')
					insmod gzio
					insmod part_msdos
					insmod ext2
					set root='hd0,msdos1'
					search --no-floppy --fs-uuid --set=root --hint-bios=hd0,msdos1 $u
					echo	'Loading Linux $k ...'
					linux	/vmlinuz-$k root=UUID=$r ro console=ttyS0 $([ $e = normal ] && echo 'quiet splash $vt_handoff' || echo 'recovery nomodeset dis_ucode_ldr')
					echo	'Loading initial ramdisk ...'
					initrd	/initrd-a.img$([ $e = normal ] || echo ' /initrd-b.img')
				}
				CFG
			done
		done
		cat <<-CFG
		}
		### END /etc/grub.d/10_linux ###

		### BEGIN /etc/grub.d/30_uefi-firmware ###
		if [ "\$grub_platform" = "efi" ]; then
			fwsetup --is-supported
			if [ "\$?" = 0 ]; then
				menuentry 'UEFI Firmware Settings' \$menuentry_id_option 'uefi-firmware' {
					fwsetup
				}
			fi
		fi
		### END /etc/grub.d/30_uefi-firmware ###
		CFG
	} >"$p1/grub/grub.cfg"
}

g2o_main ubuntu-recovery "$@"
