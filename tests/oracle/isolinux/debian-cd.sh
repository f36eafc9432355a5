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
# they are compared (oracle_verdict, ../lib.sh).
#
# --disk-only IMAGE builds the same ISO into IMAGE and writes the kernel's
# path on it to IMAGE.kernel, with no QEMU: what tests/oracle/run-all
# gives hopboot (as a CD-ROM for --boot).
set -eu

# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

NAME=debian-cd
HERE=$(cd "$(dirname "$0")" && pwd)
ISOLINUX=${ISOLINUX:-/usr/lib/ISOLINUX/isolinux.bin}
LDLINUX=${LDLINUX:-/usr/lib/syslinux/modules/bios/ldlinux.c32}
KERNEL_PATH=/install.amd/vmlinuz

# stage TREE: the CD's files.
stage()
{
	local t=$1

	mkdir -p "$t/isolinux" "$t/install.amd"
	cp "$ISOLINUX" "$t/isolinux/isolinux.bin"
	cp "$LDLINUX" "$t/isolinux/ldlinux.c32"
	cp "$E2E_KERNEL" "$t$KERNEL_PATH"
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

# make_iso TREE IMAGE: the El Torito image, with fixed dates so that the
# same inputs give the same bytes.
make_iso()
{
	local t=$1 img=$2

	find "$t" -exec touch -h -d @0 {} +
	rm -f "$img"
	xorriso -as mkisofs -quiet -r -J -V HOPBOOT_CD \
		--modification-date=2026010100000000 \
		-b isolinux/isolinux.bin -c isolinux/boot.cat \
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
for p in "$ISOLINUX" "$LDLINUX"; do
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
	packages="isolinux syslinux-common xorriso qemu-system-x86 seabios" ||
	exit $?
