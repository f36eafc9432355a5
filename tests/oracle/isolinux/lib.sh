# lib.sh - boot the REAL isolinux 6.04 (SeaBIOS, El Torito CD) and record what it passes.
# shellcheck shell=bash
#
# Sourced by tests/oracle/isolinux/*.sh (which set `set -eu`); run-all
# skips it when it lists scenarios. Every name it defines starts with iso_
# or ISO_; the kernel lookup, target initrds and QEMU base arguments come
# from tests/e2e/lib.sh, the end of a boot (report, record, compare) from
# oracle_verdict in ../lib.sh, which sources tests/e2e/lib.sh.
#
# Every scenario is one CD: a tree staged in a folder, made into an El
# Torito image by xorriso (no emulation, boot info table, Rock Ridge and
# Joliet, fixed dates so that the same inputs give the same bytes) and
# booted by QEMU with -cdrom under SeaBIOS. A scenario script sets
#   ISO_BOOTDIR   the CD's folder for isolinux.bin, boot.cat and the .c32
#                 modules ("isolinux", "boot/syslinux")
#   ISO_C32       an array: the modules isolinux needs there (ldlinux ...)
#   ISO_VOLID     the volume label
#   ISO_KERNEL    the path on the CD of the kernel isolinux loads
#   ISO_EXTRA     (optional) one more line for NAME.recorded
# defines iso_stage TREE (the CD's other files: configs, kernel, initrds)
# and calls iso_main NAME "$@":
#
#   NAME.sh            boot real isolinux, compare with NAME.expected
#   NAME.sh --record   boot real isolinux, write NAME.expected
#   NAME.sh --disk-only IMAGE   build the same ISO into IMAGE and write the
#                      kernel's path on it to IMAGE.kernel, with no QEMU:
#                      what tests/oracle/run-all gives hopboot (as a
#                      CD-ROM for --boot)
#
# Environment (besides tests/e2e/lib.sh's): ISO_ISOLINUX, Debian's
# isolinux.bin; ISO_MODULES, the folder of the BIOS .c32 modules.

ISO_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$ISO_DIR/../lib.sh"

ISO_ISOLINUX=${ISO_ISOLINUX:-/usr/lib/ISOLINUX/isolinux.bin}
ISO_MODULES=${ISO_MODULES:-/usr/lib/syslinux/modules/bios}

# Prints the first thing a real isolinux boot (or its CD) needs that is
# missing.
iso_missing()
{
	local f m files=("$ISO_ISOLINUX")

	for m in "${ISO_C32[@]}"; do
		files+=("$ISO_MODULES/$m.c32")
	done
	for f in "${files[@]}"; do
		if [ ! -r "$f" ]; then
			echo "$f (apt-get install isolinux syslinux-common)"
			return 0
		fi
	done
	command -v xorriso >/dev/null 2>&1 || echo xorriso
}

# iso_make TREE IMAGE: isolinux and its modules into TREE's ISO_BOOTDIR,
# then the El Torito image of TREE.
iso_make()
{
	local t=$1 img=$2 m

	mkdir -p "$t/$ISO_BOOTDIR"
	cp "$ISO_ISOLINUX" "$t/$ISO_BOOTDIR/isolinux.bin"
	for m in "${ISO_C32[@]}"; do
		cp "$ISO_MODULES/$m.c32" "$t/$ISO_BOOTDIR/"
	done
	find "$t" -exec touch -h -d @0 {} +
	rm -f "$img"
	xorriso -as mkisofs -quiet -r -J -V "$ISO_VOLID" \
		--modification-date=2026010100000000 \
		-b "$ISO_BOOTDIR/isolinux.bin" -c "$ISO_BOOTDIR/boot.cat" \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		-o "$img" "$t" 2>/dev/null
}

iso_main()
{
	local name=$1 mode=${2:-} work log start took rc=0

	case $mode in
	"" | --record | --disk-only) ;;
	*) oracle_usage ;;
	esac
	oracle_require "oracle $name" "$(iso_missing)"
	e2e_find_kernel ||
		oracle_require "oracle $name" "a kernel image in /boot"

	work=$OUT/tests/oracle/isolinux/$name
	rm -rf "$work"
	mkdir -p "$work"
	iso_stage "$work/tree"
	if [ "$mode" = --disk-only ]; then
		iso_make "$work/tree" "$3"
		echo "$ISO_KERNEL" >"$3.kernel"
		rm -rf "$work"
		return 0
	fi
	iso_make "$work/tree" "$work/cd.iso"
	rm -rf "$work/tree"
	log=$work/serial.log
	e2e_qemu_base_args
	: >"$log"
	start=$SECONDS
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 \
		"${E2E_QEMU_ARGS[@]}" -cdrom "$work/cd.iso" -boot d \
		-monitor none -serial "file:$log" </dev/null >"$log.qemu" 2>&1 ||
		rc=$?
	took=$((SECONDS - start))
	[ "$rc" = 0 ] || echo "oracle $name: QEMU ended with status $rc" >&2
	rm -f "$work/cd.iso"
	oracle_verdict label="oracle $name" log="$log" \
		expected="$ISO_DIR/$name.expected" mode="$mode" seconds="$took" \
		firmware=SeaBIOS by="$name.sh --record" extra="${ISO_EXTRA:-}" \
		packages="isolinux syslinux-common xorriso qemu-system-x86 seabios" ||
		exit $?
}
