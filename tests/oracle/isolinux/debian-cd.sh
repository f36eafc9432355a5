#!/bin/bash
# debian-cd.sh - the real isolinux 6.04 boots a Debian-installer-shaped CD under SeaBIOS.
#
# Usage: tests/oracle/isolinux/debian-cd.sh [--record | --disk-only IMAGE]
#
# An El Torito ISO (xorriso, no emulation, boot info table, Rock Ridge and
# Joliet as debian-cd makes them) with Debian's isolinux.bin and
# ldlinux.c32 in /isolinux, the Debian kernel and the two target initrds in
# /install.amd. isolinux.cfg has the shape of debian-cd's: an empty PATH,
# DEFAULT naming a label that an INCLUDEd txt.cfg defines, a second label,
# APPEND lines with initrd= among other words and the installer's "---".
# A decoy /syslinux.cfg (later in isolinux's search list than
# /isolinux/isolinux.cfg) boots nothing. QEMU boots the ISO with -cdrom;
# the target's two lines go to debian-cd.expected with --record, else
# they are compared (iso_main, lib.sh).
#
# --disk-only IMAGE: the ISO alone, for tests/oracle/run-all (lib.sh).
set -eu

# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

ISO_BOOTDIR=isolinux
ISO_C32=(ldlinux)
ISO_VOLID=HOPBOOT_CD
ISO_KERNEL=/install.amd/vmlinuz

# iso_stage TREE: the CD's files but isolinux's.
iso_stage()
{
	local t=$1

	mkdir -p "$t/isolinux" "$t/install.amd"
	cp "$E2E_KERNEL" "$t$ISO_KERNEL"
	e2e_build_target_initrds "$t/install.amd"
	cat >"$t/isolinux/isolinux.cfg" <<-'EOF'
	# D-I config version 2.0 (hopboot oracle: isolinux/debian-cd)
	# search path for the c32 support libraries (libcom32, libutil etc.)
	path 
	prompt 0
	timeout 1
	default install
	include txt.cfg
	label expert
		menu label ^Expert install
		kernel /install.amd/vmlinuz
		append priority=low vga=788 initrd=/install.amd/initrd-a.img --- console=ttyS0
	EOF
	cat >"$t/isolinux/txt.cfg" <<-'EOF'
	label install
		menu label ^Install
		kernel /install.amd/vmlinuz
		append vga=788 initrd=/install.amd/initrd-a.img,/install.amd/initrd-b.img --- quiet console=ttyS0
	EOF
	cat >"$t/syslinux.cfg" <<-'EOF'
	DEFAULT decoy
	LABEL decoy
	  KERNEL /nonexistent/vmlinuz
	EOF
}

iso_main debian-cd "$@"
