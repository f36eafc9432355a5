#!/bin/bash
# pxe-boot.t - QEMU network boot: only a network card, pxelinux files on TFTP.
#
# QEMU's user network answers DHCP (boot file in the BOOTP file field, the
# server in siaddr) and serves a TFTP tree built below: a per-MAC pxelinux
# file that INCLUDEs another, beside a decoy pxelinux.cfg/default. No disk.
# hopboot (hopboot.timeout=0) must get a lease, find the per-MAC file as
# pxelinux 6.04 would, fetch the kernel and both initrds over TFTP and kexec
# them; target-init prints its command line and initrds, which must be what
# pxelinux passes: BOOT_IMAGE=, APPEND, initrd=, then IPAPPEND 2's BOOTIF=.
# TAP output; see lib.sh for the environment.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-240}
. "$(dirname "$0")/lib.sh"

MAC=52:54:00:12:34:56
WANT_CMDLINE='BOOT_IMAGE=images/vmlinuz console=ttyS0 hopboot-test=pxe'
WANT_CMDLINE+=' initrd=images/initrd-a.img,images/initrd-b.img'
WANT_CMDLINE+=' BOOTIF=01-52-54-00-12-34-56'
WANT_INITRDS="a,b last=b"

work=$OUT/tests/e2e/pxe-boot
tftp=$work/tftp
log=$work/serial.log
initramfs=$OUT/initramfs.cpio.gz
missing=$(e2e_missing_tool)
[ -z "$missing" ] && e2e_find_kernel && [ -r "$initramfs" ] || {
	echo "1..0 # SKIP ${missing:+$missing is not installed}${missing:-no kernel /boot/vmlinuz-${KVER:-?} or no $initramfs}"
	exit 0
}
echo "1..5"
E2E_N=0
E2E_FAILED=0
trap 'e2e_qemu_stop' EXIT

make_tree()
{
	rm -rf "$tftp"
	mkdir -p "$tftp/pxelinux.cfg" "$tftp/images"
	echo 'pxelinux.0 is not needed: hopboot is already running' \
		>"$tftp/pxelinux.0"
	cp "$E2E_KERNEL" "$tftp/images/vmlinuz"
	e2e_build_target_initrds "$tftp/images" || return 1
	cat >"$tftp/pxelinux.cfg/default" <<-'CFG'
	DEFAULT decoy
	LABEL decoy
	  KERNEL images/vmlinuz
	  APPEND console=ttyS0 hopboot-test=decoy
	CFG
	cat >"$tftp/pxelinux.cfg/01-52-54-00-12-34-56" <<-'CFG'
	PROMPT 0
	TIMEOUT 50
	APPEND console=ttyS0 hopboot-test=pxe
	DEFAULT test
	LABEL rescue
	  KERNEL images/vmlinuz
	  APPEND console=ttyS0 single
	INCLUDE pxelinux.cfg/entries.cfg
	CFG
	cat >"$tftp/pxelinux.cfg/entries.cfg" <<-'CFG'
	label test
	  menu label hopboot pxe test
	  kernel images/vmlinuz
	  initrd images/initrd-a.img,images/initrd-b.img
	  ipappend 2
	CFG
}

mkdir -p "$work"
if ! (make_tree) >"$work/mktree.log" 2>&1; then
	sed 's/^/# /' "$work/mktree.log"
	echo "Bail out! cannot build the TFTP tree"
	exit 1
fi
e2e_check 0 "built the TFTP tree (per-MAC file, INCLUDE, decoy default)"

start=$SECONDS
E2E_QEMU_EXTRA="${E2E_QEMU_EXTRA:-} -netdev user,id=n,tftp=$tftp,bootfile=/pxelinux.0"
E2E_QEMU_EXTRA+=" -device e1000,netdev=n,mac=$MAC"
e2e_qemu_start "$log" "$E2E_KERNEL" "$initramfs" \
	"console=ttyS0 hopboot.timeout=0"
if e2e_wait_for "$log" 'HOPBOOT-TARGET initrds=' "${E2E_WAIT:-180}"; then
	e2e_check 0 "kexec'd kernel ran the target's /init"
else
	e2e_check 1 "kexec'd kernel ran the target's /init"
fi
e2e_qemu_wait_exit 30 || true
e2e_qemu_stop

e2e_compare "$(e2e_target_value "$log" cmdline)" "$WANT_CMDLINE" \
	"kexec'd command line is what pxelinux 6.04 passes"
e2e_compare "$(e2e_target_value "$log" initrds)" "$WANT_INITRDS" \
	"both initrds arrived over TFTP, in order"
if tr -d '\r' <"$log" | grep -aq 'hopboot-test=decoy'; then
	e2e_check 1 "the decoy default was not booted"
else
	e2e_check 0 "the decoy default was not booted"
fi
got=$(e2e_kexec_time "$log")
echo "# kexec at ${got:-?} s of kernel time; QEMU ran $((SECONDS - start)) s"
if [ "$E2E_FAILED" -gt 0 ]; then
	e2e_tap_tail "$log" 60
	exit 1
fi
exit 0
