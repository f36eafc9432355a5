#!/bin/bash
# archiso.sh - the real isolinux 6.04 boots an Arch-ISO-shaped CD: whichsys.c32, CONFIG, vesamenu, TIMEOUT.
#
# Usage: tests/oracle/isolinux/archiso.sh [--record | --disk-only IMAGE]
#
# An El Torito ISO laid out as mkarchiso lays out archiso's releng profile:
# isolinux.bin, ldlinux.c32 and the .c32 modules in /boot/syslinux, with
# archiso's own configs (tests/parsers/syslinux/archiso/boot/syslinux/, see
# its ATTRIBUTION): syslinux.cfg is "DEFAULT select", select runs
# "whichsys.c32 -pxe- pxe -sys- sys -iso- sys", sys is "CONFIG
# archiso_sys.cfg", whose vesamenu menu boots arch after TIMEOUT 150. Two
# changes only, for the oracle: arch's APPEND gets console=ttyS0 (the target
# reports on the serial line), and its kernel and initrd are the host's
# kernel and target initrd a. QEMU boots the ISO with -cdrom; the target's
# two lines go to archiso.expected with --record, else they are compared
# (oracle_verdict, ../lib.sh). What hopboot must see: whichsys.c32's -iso-
# branch followed, archiso_sys.cfg's menu, arch after 15 s.
#
# --disk-only IMAGE builds the same ISO into IMAGE and writes the kernel's
# path on it to IMAGE.kernel, with no QEMU: what tests/oracle/run-all gives
# hopboot (as a CD-ROM for --boot).
set -eu

# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

NAME=archiso
HERE=$(cd "$(dirname "$0")" && pwd)
CONFIGS=$(cd "$HERE/../../parsers/syslinux/archiso/boot/syslinux" && pwd)
ISOLINUX=${ISOLINUX:-/usr/lib/ISOLINUX/isolinux.bin}
MODULES=${MODULES:-/usr/lib/syslinux/modules/bios}
KERNEL_PATH=/arch/boot/x86_64/vmlinuz-linux

# stage TREE: the CD's files.
stage()
{
	local t=$1 m

	mkdir -p "$t/boot/syslinux" "$t/arch/boot/x86_64"
	cp "$ISOLINUX" "$t/boot/syslinux/isolinux.bin"
	for m in ldlinux whichsys vesamenu libcom32 libutil; do
		cp "$MODULES/$m.c32" "$t/boot/syslinux/"
	done
	cp "$CONFIGS"/*.cfg "$t/boot/syslinux/"
	sed -i '/^LABEL arch$/,/^$/s/^APPEND .*/& console=ttyS0/' \
		"$t/boot/syslinux/archiso_sys-linux.cfg"
	cp "$E2E_KERNEL" "$t$KERNEL_PATH"
	e2e_build_target_initrds "$t/arch/boot/x86_64"
	mv "$t/arch/boot/x86_64/initrd-a.img" \
		"$t/arch/boot/x86_64/initramfs-linux.img"
	rm "$t/arch/boot/x86_64/initrd-b.img"
}

# make_iso TREE IMAGE: the El Torito image, as mkarchiso's xorriso options
# for bios.syslinux (boot/syslinux/isolinux.bin, boot.cat), with fixed
# dates so that the same inputs give the same bytes.
make_iso()
{
	local t=$1 img=$2

	find "$t" -exec touch -h -d @0 {} +
	rm -f "$img"
	xorriso -as mkisofs -quiet -r -J -V ARCH_202603 \
		--modification-date=2026010100000000 \
		-b boot/syslinux/isolinux.bin -c boot/syslinux/boot.cat \
		-no-emul-boot -boot-load-size 4 -boot-info-table \
		-o "$img" "$t" 2>/dev/null
}

mode=${1:-}
case $mode in
"" | --record | --disk-only) ;;
*)
	echo "usage: $0 [--record | --disk-only IMAGE]" >&2
	exit 100
	;;
esac
for p in "$ISOLINUX" "$MODULES/ldlinux.c32" "$MODULES/whichsys.c32" \
	 "$MODULES/vesamenu.c32"; do
	[ -r "$p" ] || { echo "oracle $NAME: cannot run, missing: $p (apt-get install isolinux syslinux-common)" >&2; exit 77; }
done
command -v xorriso >/dev/null 2>&1 ||
	{ echo "oracle $NAME: cannot run, missing: xorriso" >&2; exit 77; }
e2e_find_kernel || { echo "oracle $NAME: no kernel in /boot" >&2; exit 77; }

work=$OUT/tests/oracle/isolinux/$NAME
rm -rf "$work"
mkdir -p "$work"
if [ "$mode" = --disk-only ]; then
	stage "$work/tree"
	make_iso "$work/tree" "$2"
	echo "$KERNEL_PATH" >"$2.kernel"
	rm -rf "$work"
	exit 0
fi
stage "$work/tree"
make_iso "$work/tree" "$work/cd.iso"
rm -rf "$work/tree"
log=$work/serial.log
e2e_qemu_base_args
: >"$log"
start=$SECONDS
rc=0
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
	-cdrom "$work/cd.iso" -boot d \
	-monitor none -serial "file:$log" </dev/null >"$log.qemu" 2>&1 || rc=$?
took=$((SECONDS - start))
[ "$rc" = 0 ] || echo "oracle $NAME: QEMU ended with status $rc" >&2
rm -f "$work/cd.iso"
oracle_verdict label="oracle $NAME" log="$log" \
	expected="$HERE/$NAME.expected" mode="$mode" seconds="$took" \
	firmware=SeaBIOS by="$NAME.sh --record" \
	extra="the serial line showed archiso_sys.cfg's vesamenu menu (7 entries) counting down from 15 s, then loaded arch" \
	packages="isolinux syslinux-common xorriso qemu-system-x86 seabios" ||
	exit $?
