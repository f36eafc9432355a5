#!/bin/bash
# syslinux-boot.t - QEMU boot: hopboot finds an extlinux.conf on an MBR disk and kexecs it.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against an MBR disk whose ext2 partition holds /boot/extlinux/extlinux.conf
# (built below, nothing mounted). The DEFAULT label sits in an INCLUDEd file
# and names its kernel and initrds with relative and ".." paths. hopboot must
# kexec it at once; the kexec'd kernel runs target-init, which prints its
# /proc/cmdline and which initrds it got. We check that command line against
# the one extlinux 6.04 builds (rules recorded in tests/oracle/extlinux/),
# that both initrds arrived in order, and that the disk was not written to.
# TAP output; see lib.sh for the environment.
set -eu

E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

# How long the target may take to report, from QEMU's start. A TCG boot plus
# a kexec round trip took 30-50 s of wall time on a busy 2-core machine.
WAIT_SECONDS=${E2E_WAIT:-120}
WORK=$OUT/tests/e2e/syslinux-boot
DISK=$WORK/syslinux.img
LOG=$WORK/serial.log
INITRAMFS=$OUT/initramfs.cpio.gz
TESTS=5
N=0
FAILED=0

pass()
{
	N=$((N + 1))
	echo "ok $N - $1"
}

fail()
{
	N=$((N + 1))
	echo "not ok $N - $1"
	FAILED=$((FAILED + 1))
}

skip_all()
{
	echo "1..0 # SKIP $*"
	exit 0
}

# What extlinux 6.04 passes for the label below: BOOT_IMAGE= and the kernel
# as written, the global APPEND, then initrd= and the INITRD line as written.
WANT_CMDLINE='BOOT_IMAGE=../vmlinuz console=ttyS0 hopboot-test=syslinux'
WANT_CMDLINE+=' initrd=../initrd-a.img,/initrd-b.img'

# Builds DISK: MBR, one bootable ext2 partition from sector 2048.
make_disk()
{
	local stage=$WORK/stage part=$WORK/part.img

	rm -rf "$stage"
	mkdir -p "$stage/boot/extlinux/sub"
	cp "$E2E_KERNEL" "$stage/boot/vmlinuz"
	e2e_build_target_initrds "$stage" || return 1
	mv "$stage/initrd-a.img" "$stage/boot/initrd-a.img"
	cat >"$stage/boot/extlinux/extlinux.conf" <<-'CONF'
	PROMPT 0
	TIMEOUT 50
	APPEND console=ttyS0 hopboot-test=syslinux
	DEFAULT test
	LABEL rescue
	  KERNEL ../vmlinuz
	  APPEND console=ttyS0 single
	INCLUDE sub/entries.cfg
	CONF
	cat >"$stage/boot/extlinux/sub/entries.cfg" <<-'CONF'
	label test
	  menu label hopboot syslinux test
	  kernel ../vmlinuz
	  initrd ../initrd-a.img,/initrd-b.img
	CONF
	rm -f "$part" "$DISK"
	truncate -s 40M "$part"
	mkfs.ext2 -q -F -L hopsyslinux -E root_owner=0:0 -d "$stage" "$part" ||
		return 1
	truncate -s 41M "$DISK"
	printf 'label: dos\nstart=2048, type=83, bootable\n' |
		sfdisk --quiet "$DISK" || return 1
	dd if="$part" of="$DISK" bs=512 seek=2048 conv=notrunc status=none
	rm -rf "$stage" "$part"
}

cleanup()
{
	e2e_qemu_stop
	# The disk is rebuilt on every run; the serial log stays for people.
	rm -f "$DISK"
}

# Prints the value after "HOPBOOT-TARGET KEY=" on the last such line. The
# target's line may follow kernel output on the same serial line, hence -o.
target_value()
{
	local key=$1

	tr -d '\r' <"$LOG" | grep -aoE "HOPBOOT-TARGET $key=.*" | tail -n 1 |
		sed "s/^HOPBOOT-TARGET $key=//"
}

# Prints the printk time (seconds since the first kernel started) of
# hopboot's "hopboot: kexec" line, or nothing if it did not log one. Any
# "hopboot SUBCOMMAND:" prefix counts, whichever process does the kexec.
kexec_time()
{
	tr -d '\r' <"$LOG" |
		grep -aoE '\[ *[0-9]+\.[0-9]+\] hopboot[^:]*: kexec' | head -n 1 |
		sed -E 's/^\[ *([0-9.]+)\].*/\1/'
}

main()
{
	local missing sum_before sum_after got start end

	missing=$(e2e_missing_tool)
	[ -z "$missing" ] || skip_all "$missing is not installed"
	e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
	[ -r "$INITRAMFS" ] ||
		skip_all "$INITRAMFS is missing (run make initramfs)"

	echo "1..$TESTS"
	mkdir -p "$WORK"
	: >"$LOG"
	trap cleanup EXIT

	if ! make_disk >"$WORK/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$WORK/mkdisk.log"
		echo "Bail out! cannot build the test disk"
		exit 1
	fi
	sum_before=$(sha256sum <"$DISK")
	pass "built MBR test disk (ext2 with an extlinux.conf)"

	start=$(date +%s)
	e2e_qemu_start "$LOG" "$E2E_KERNEL" "$INITRAMFS" \
		"console=ttyS0 hopboot.timeout=0" "$DISK"
	if e2e_wait_for "$LOG" 'HOPBOOT-TARGET initrds=' "$WAIT_SECONDS"; then
		pass "kexec'd kernel ran the target's /init"
		# The target powers off by itself; let it, so QEMU has
		# flushed any write before we hash the disk.
		e2e_qemu_wait_exit 30 || true
	else
		fail "kexec'd kernel ran the target's /init within ${WAIT_SECONDS}s"
	fi
	e2e_qemu_stop
	end=$(date +%s)

	got=$(target_value cmdline)
	if [ "$got" = "$WANT_CMDLINE" ]; then
		pass "kexec'd command line is what extlinux would pass"
	else
		fail "kexec'd command line is what extlinux would pass"
		echo "#   expected: '$WANT_CMDLINE'"
		echo "#   got:      '$got'"
	fi

	got=$(target_value initrds)
	if [ "$got" = "a,b last=b" ]; then
		pass "both initrds arrived, in INITRD order"
	else
		fail "both initrds arrived, in INITRD order"
		echo "#   expected: 'a,b last=b'"
		echo "#   got:      '$got'"
	fi

	sum_after=$(sha256sum <"$DISK")
	if [ "$sum_after" = "$sum_before" ]; then
		pass "disk unchanged (sha256 ${sum_before%% *})"
	else
		fail "disk unchanged"
		echo "#   before: ${sum_before%% *}"
		echo "#   after:  ${sum_after%% *}"
	fi

	got=$(kexec_time)
	echo "# kexec at ${got:-?} s of kernel time" \
		"(printk stamp of 'hopboot: kexec')"
	echo "# QEMU ran $((end - start)) s wall clock; serial log: $LOG"
	# One serial log excerpt is enough, however many checks failed.
	if [ "$FAILED" -gt 0 ]; then
		e2e_tap_tail "$LOG" 40
		exit 1
	fi
}

main "$@"
