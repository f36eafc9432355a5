#!/bin/bash
# uki-boot.t - QEMU boot: hopboot finds a unified kernel image and kexecs it.
#
# Boots the Debian kernel with out/initramfs.cpio.gz and hopboot.timeout=0
# against a GPT disk whose ESP holds only EFI/Linux/test.efi: the systemd
# stub with the Debian kernel as .linux, target initrd A as .initrd, initrd
# B as .ucode, a .cmdline ending in a newline and an .osrel (lib-uki.sh).
# hopboot must take the kernel and initrds out of the image's sections and
# kexec them at once; the kexec'd kernel runs target-init, which prints its
# /proc/cmdline and which initrds it got. We check the command line against
# what systemd-boot 252 passes for a .cmdline (newline dropped, see
# tests/oracle/systemd-boot/esp-uki.expected), that .ucode came before
# .initrd, and that the disk was not written to. TAP output; see lib.sh.
set -eu

E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"
. "$E2E_DIR/lib-uki.sh"

# How long the target may take to report, from QEMU's start. A TCG boot plus
# a kexec round trip took 30-50 s of wall time on a busy 2-core machine.
WAIT_SECONDS=${E2E_WAIT:-120}
WORK=$OUT/tests/e2e/uki-boot
DISK=$WORK/uki.img
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

# The command line systemd-boot 252 gives the kernel for .cmdline
# "console=ttyS0 hopboot-uki=1\n": one trailing newline goes.
WANT_CMDLINE='console=ttyS0 hopboot-uki=1'

# Builds DISK: ext4 data partition and an ESP with one UKI and nothing else.
make_disk()
{
	local stage=$WORK/stage

	rm -rf "$stage"
	mkdir -p "$stage/esp/EFI/Linux" "$stage/uki"
	e2e_stage_data "$stage/data"
	e2e_build_target_initrds "$stage/uki"
	printf '%s\n' "$WANT_CMDLINE" >"$stage/uki/cmdline"
	printf '%s\n' 'ID=hopboot' 'VERSION_ID=1' \
		'PRETTY_NAME="hopboot UKI test"' >"$stage/uki/osrel"
	uki_build "$stage/esp/EFI/Linux/test.efi" .osrel="$stage/uki/osrel" \
		.cmdline="$stage/uki/cmdline" .linux="$E2E_KERNEL" \
		.initrd="$stage/uki/initrd-a.img" .ucode="$stage/uki/initrd-b.img"
	e2e_make_gpt_disk "$DISK" "$stage/data" "$stage/esp"
	rm -rf "$stage"
}

main()
{
	local missing sum_before sum_after got start end

	missing=$(e2e_missing_tool)
	[ -z "$missing" ] || skip_all "$missing is not installed"
	missing=$(uki_missing)
	[ -z "$missing" ] || skip_all "cannot build a UKI: no $missing"
	e2e_find_kernel || skip_all "no kernel image /boot/vmlinuz-${KVER:-?}"
	[ -r "$INITRAMFS" ] ||
		skip_all "$INITRAMFS is missing (run make initramfs)"

	echo "1..$TESTS"
	mkdir -p "$WORK"
	: >"$LOG"
	trap cleanup EXIT

	if ! (make_disk) >"$WORK/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$WORK/mkdisk.log"
		echo "Bail out! cannot build the test disk"
		exit 1
	fi
	sum_before=$(sha256sum <"$DISK")
	pass "built GPT test disk (ext4 + ESP with one UKI)"

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
		pass "kexec'd command line is the image's .cmdline as systemd-boot passes it"
	else
		fail "kexec'd command line is the image's .cmdline as systemd-boot passes it"
		echo "#   expected: '$WANT_CMDLINE'"
		echo "#   got:      '$got'"
	fi

	got=$(target_value initrds)
	# .ucode (B) first, then .initrd (A): A is unpacked last.
	if [ "$got" = "a,b last=a" ]; then
		pass ".ucode and .initrd arrived, .ucode first"
	else
		fail ".ucode and .initrd arrived, .ucode first"
		echo "#   expected: 'a,b last=a'"
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
