#!/bin/bash
# mac-file.sh - real pxelinux 6.04 over QEMU's iPXE: the per-MAC config file wins over IP and default.
#
# Usage: tests/oracle/pxelinux/mac-file.sh [--record | --tree-only DIR]
#
# Builds a TFTP tree (pxelinux.0 and ldlinux.c32 from Debian's pxelinux and
# syslinux-common, the Debian kernel, the two target initrds) with three
# configs in pxelinux.cfg/: "default", "0A000" (a prefix of 10.0.2.15, the
# address QEMU's user network hands out) and "01-52-54-00-12-34-56" (the
# e1000's MAC). pxelinux looks for the MAC file before the IP prefixes and
# both before default, so the MAC file's label boots: which=mac, plus what
# IPAPPEND 2 adds (BOOTIF=01-<mac>). QEMU boots the e1000's iPXE ROM under
# SeaBIOS with `-boot n` and a user network serving the tree over TFTP
# (nothing leaves the machine). The target's two lines are
# mac-file.expected; --record writes them, without it they are compared.
# --tree-only DIR only builds the tree (for tests/oracle/run-all).
set -eu

PXO_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../lib.sh
. "$PXO_DIR/../lib.sh"

NAME=mac-file
PXO_PXELINUX=${PXO_PXELINUX:-/usr/lib/PXELINUX/pxelinux.0}
PXO_LDLINUX=${PXO_LDLINUX:-/usr/lib/syslinux/modules/bios/ldlinux.c32}
PXO_MAC=52:54:00:12:34:56

pxo_die()
{
	echo "oracle pxelinux: $*" >&2
	exit 1
}

# The TFTP tree into DIR; the loader's own files only with WITH_LOADER.
pxo_tree()
{
	local dir=$1 with_loader=${2:-}

	rm -rf "$dir"
	mkdir -p "$dir/pxelinux.cfg" "$dir/boot"
	cp "$E2E_KERNEL" "$dir/boot/vmlinuz"
	e2e_build_target_initrds "$dir/boot"
	if [ -n "$with_loader" ]; then
		cp "$PXO_PXELINUX" "$dir/pxelinux.0"
		cp "$PXO_LDLINUX" "$dir/ldlinux.c32"
	fi
	cat >"$dir/pxelinux.cfg/default" <<-'EOF'
	DEFAULT net
	LABEL net
	  KERNEL boot/vmlinuz
	  INITRD boot/initrd-a.img
	  APPEND console=ttyS0 which=default
	EOF
	cat >"$dir/pxelinux.cfg/0A000" <<-'EOF'
	DEFAULT net
	LABEL net
	  KERNEL boot/vmlinuz
	  INITRD boot/initrd-a.img
	  APPEND console=ttyS0 which=ip-prefix
	EOF
	cat >"$dir/pxelinux.cfg/01-${PXO_MAC//:/-}" <<-'EOF'
	PROMPT 0
	DEFAULT net
	LABEL net
	  KERNEL boot/vmlinuz
	  INITRD boot/initrd-a.img,boot/initrd-b.img
	  APPEND console=ttyS0 which=mac
	  IPAPPEND 2
	EOF
}

pxo_main()
{
	local mode=${1:-} work log start took p rc=0

	e2e_find_kernel || pxo_die "no kernel image in /boot"
	case $mode in
	--tree-only)
		pxo_tree "$2"
		return 0
		;;
	"" | --record) ;;
	*)
		echo "usage: $0 [--record | --tree-only DIR]" >&2
		exit 100
		;;
	esac
	for p in "$PXO_PXELINUX" "$PXO_LDLINUX"; do
		if [ ! -r "$p" ]; then
			echo "oracle pxelinux $NAME: cannot run, missing: $p" \
			     "(apt-get install pxelinux syslinux-common)" >&2
			exit 77
		fi
	done
	work=$OUT/tests/oracle/pxelinux/$NAME
	log=$work/serial.log
	rm -rf "$work"
	mkdir -p "$work"
	pxo_tree "$work/tftp" 1
	e2e_qemu_base_args
	: >"$log"
	start=$SECONDS
	# shellcheck disable=SC2054 # commas belong to -netdev and -device
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
		-boot n \
		-netdev "user,id=n0,tftp=$work/tftp,bootfile=/pxelinux.0" \
		-device "e1000,netdev=n0,mac=$PXO_MAC" \
		-monitor none -serial "file:$log" </dev/null >"$log.qemu" 2>&1 ||
		rc=$?
	took=$((SECONDS - start))
	[ "$rc" = 0 ] || echo "oracle pxelinux $NAME: QEMU ended with status $rc" >&2
	oracle_verdict label="oracle pxelinux $NAME" log="$log" \
		expected="$PXO_DIR/$NAME.expected" mode="$mode" seconds="$took" \
		firmware="SeaBIOS, iPXE, TFTP" \
		packages="pxelinux syslinux-common ipxe-qemu qemu-system-x86 seabios" ||
		exit $?
}

pxo_main "$@"
