#!/bin/bash
# pxe-sysappend.sh - what the real pxelinux 6.04 appends for IPAPPEND/SYSAPPEND.
#
# Usage: tests/oracle/extlinux/pxe-sysappend.sh [--record]
#
# The disk scenarios of lib.sh cannot show the network's words (ip=,
# BOOTIF=), so this boots pxelinux over QEMU's iPXE and user network (TFTP
# from a folder, nothing leaves the machine), with SL_QEMU_EXTRA's SMBIOS
# UUID, one label asking for every bit: IPAPPEND 0x7ffff. The target's two
# lines go to pxe-sysappend.expected with --record, else they are compared.
# tests/parsers/test_syslinux.c holds the parser to the network words.
set -eu

. "$(dirname "$0")/lib.sh"
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"

NAME=pxe-sysappend
PXELINUX=${PXELINUX:-/usr/lib/PXELINUX/pxelinux.0}
LDLINUX=${LDLINUX:-/usr/lib/syslinux/modules/bios/ldlinux.c32}
MAC=52:54:00:12:34:56

mode=${1:-}
for p in "$PXELINUX" "$LDLINUX"; do
	[ -r "$p" ] || { echo "oracle $NAME: cannot run, missing: $p (apt-get install pxelinux syslinux-common)" >&2; exit 77; }
done
e2e_find_kernel || { echo "oracle $NAME: no kernel in /boot" >&2; exit 77; }
work=$OUT/tests/oracle/extlinux/$NAME
log=$work/serial.log
rm -rf "$work"
mkdir -p "$work/tftp/pxelinux.cfg" "$work/tftp/boot"
cp "$PXELINUX" "$work/tftp/pxelinux.0"
cp "$LDLINUX" "$work/tftp/ldlinux.c32"
cp "$E2E_KERNEL" "$work/tftp/boot/vmlinuz"
e2e_build_target_initrds "$work/tftp/boot"
cat >"$work/tftp/pxelinux.cfg/default" <<-'EOF'
	DEFAULT net
	LABEL net
	  KERNEL boot/vmlinuz
	  INITRD boot/initrd-a.img
	  APPEND console=ttyS0
	  IPAPPEND 0x7ffff
EOF
e2e_qemu_base_args
# shellcheck disable=SC2206 # word splitting is the point
E2E_QEMU_ARGS+=($SL_QEMU_EXTRA)
: >"$log"
start=$SECONDS
rc=0
# shellcheck disable=SC2054 # commas belong to -netdev and -device
timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
	-boot n -netdev "user,id=n0,tftp=$work/tftp,bootfile=/pxelinux.0" \
	-device "e1000,netdev=n0,mac=$MAC" \
	-monitor none -serial "file:$log" </dev/null >"$log.qemu" 2>&1 || rc=$?
took=$((SECONDS - start))
[ "$rc" = 0 ] || echo "oracle $NAME: QEMU ended with status $rc" >&2
oracle_verdict label="oracle $NAME" log="$log" \
	expected="$SL_DIR/$NAME.expected" mode="$mode" seconds="$took" \
	firmware="SeaBIOS, iPXE, TFTP" by="$NAME.sh --record" \
	packages="pxelinux syslinux-common ipxe-qemu qemu-system-x86 seabios" ||
	exit $?
