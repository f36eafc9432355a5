#!/bin/bash
# bls-boot.t - QEMU boot: hopboot finds a BLS entry on a GPT disk and kexecs it.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against the disk from mkdisk-bls.sh. hopboot must kexec the one entry at
# once; the kexec'd kernel runs target-init, which prints its /proc/cmdline
# and which initrds it got. We check that command line against the one
# systemd-boot 252 would build, that both initrds arrived in order, and that
# the disk was not written to. TAP output; see lib.sh for the environment.
set -eu

E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

# How long the target may take to report, from QEMU's start. A TCG boot plus
# a kexec round trip took 30-50 s of wall time on a busy 2-core machine.
WAIT_SECONDS=${E2E_WAIT:-120}
WORK=$OUT/tests/e2e/bls-boot
DISK=$WORK/bls.img
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

	if ! "$E2E_DIR/mkdisk-bls.sh" "$DISK" >"$WORK/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$WORK/mkdisk.log"
		echo "Bail out! cannot build the test disk"
		exit 1
	fi
	sum_before=$(sha256sum <"$DISK")
	pass "built GPT test disk (ext4 + ESP with a BLS entry)"

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
	if [ "$got" = "$E2E_BLS_CMDLINE" ]; then
		pass "kexec'd command line is what systemd-boot would pass"
	else
		fail "kexec'd command line is what systemd-boot would pass"
		echo "#   expected: '$E2E_BLS_CMDLINE'"
		echo "#   got:      '$got'"
	fi

	got=$(target_value initrds)
	if [ "$got" = "a,b last=b" ]; then
		pass "both initrds arrived, in entry order"
	else
		fail "both initrds arrived, in entry order"
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
