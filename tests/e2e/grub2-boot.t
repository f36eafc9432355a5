#!/bin/bash
# grub2-boot.t - QEMU boot: hopboot runs a Debian-style grub.cfg and kexecs what real GRUB booted.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against the disk of tests/oracle/grub2/debian-submenu.sh (built with
# --disk-only: an MBR disk, ext4 /boot with grub.cfg, grubenv's next_entry
# pointing into the submenu). hopboot must kexec the default at once; the
# kexec'd kernel runs target-init, which prints its /proc/cmdline and which
# initrds it got. Both must be what real GRUB 2.06 gave on the same disk
# (debian-submenu.expected), and the disk must not change. TAP output; see
# lib.sh for the environment.
set -eu

E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

# How long the target may take to report, from QEMU's start. A TCG boot plus
# a kexec round trip took 30-50 s of wall time on a busy 2-core machine.
WAIT_SECONDS=${E2E_WAIT:-120}
WORK=$OUT/tests/e2e/grub2-boot
DISK=$WORK/grub2.img
EXPECTED=$E2E_DIR/../oracle/grub2/debian-submenu.expected
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
	local missing sum_before sum_after got want start end

	missing=$(e2e_missing_tool)
	[ -z "$missing" ] || skip_all "$missing is not installed"
	e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
	[ -r "$INITRAMFS" ] ||
		skip_all "$INITRAMFS is missing (run make initramfs)"

	echo "1..$TESTS"
	mkdir -p "$WORK"
	: >"$LOG"
	trap cleanup EXIT

	if ! "$E2E_DIR/../oracle/grub2/debian-submenu.sh" --disk-only "$DISK" \
		>"$WORK/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$WORK/mkdisk.log"
		echo "Bail out! cannot build the test disk"
		exit 1
	fi
	sum_before=$(sha256sum <"$DISK")
	pass "built the MBR test disk (ext4 /boot with grub.cfg and grubenv)"

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

	want=$(sed -n 's/^cmdline=//p' "$EXPECTED")
	got=$(target_value cmdline)
	if [ "$got" = "$want" ]; then
		pass "kexec'd command line is what real GRUB passed"
	else
		fail "kexec'd command line is what real GRUB passed"
		echo "#   expected: '$want'"
		echo "#   got:      '$got'"
	fi

	want=$(sed -n 's/^initrds=//p' "$EXPECTED")
	got=$(target_value initrds)
	if [ "$got" = "$want" ]; then
		pass "both initrds arrived, in entry order"
	else
		fail "both initrds arrived, in entry order"
		echo "#   expected: '$want'"
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
