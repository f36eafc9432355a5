#!/bin/bash
# bench/boot-time.sh - seconds from kernel start to hopboot's kexec, QEMU TCG.
#
# usage: bench/boot-time.sh [RUNS]    (default 3; run 'make initramfs' first)
#
# Boots out/initramfs.cpio.gz with hopboot.timeout=0 against the BLS test
# disk (tests/e2e/mkdisk-bls.sh) RUNS times and prints, per run, the printk
# stamps of "Run /init", of the first mount, and of "hopboot: kexec", then
# the median kexec time. Figures depend on the machine: note it with them.
set -eu
cd "$(dirname "$0")/.."
. tests/e2e/lib.sh

RUNS=${1:-3}
WORK=$OUT/bench/boot-time
mkdir -p "$WORK"
e2e_find_kernel || { echo "no kernel /boot/vmlinuz-${KVER:-?}" >&2; exit 1; }
tests/e2e/mkdisk-bls.sh "$WORK/disk.img" >"$WORK/mkdisk.log" 2>&1
trap 'e2e_qemu_stop' EXIT

# stamp LOG REGEX: the printk time of the first line matching REGEX.
stamp()
{
	tr -d '\r' <"$1" | grep -aoE "\[ *[0-9]+\.[0-9]+\] .*$2" | head -n 1 |
		sed -E 's/^\[ *([0-9.]+)\].*/\1/'
}

times=()
printf '%-4s %8s %8s %8s\n' run init mount kexec
for run in $(seq 1 "$RUNS"); do
	log=$WORK/serial-$run.log
	: >"$log"
	e2e_qemu_start "$log" "$E2E_KERNEL" "$OUT/initramfs.cpio.gz" \
		"console=ttyS0 hopboot.timeout=0" "$WORK/disk.img"
	e2e_wait_for "$log" 'HOPBOOT-TARGET initrds=' 180 || true
	e2e_qemu_stop
	k=$(stamp "$log" 'hopboot[^:]*: kexec')
	printf '%-4s %8s %8s %8s\n' "$run" "$(stamp "$log" 'Run /init')" \
		"$(stamp "$log" '(EXT4-fs|FAT-fs|mounted)')" "${k:-?}"
	[ -n "$k" ] && times+=("$k")
done
[ ${#times[@]} -gt 0 ] || { echo "no run reached the kexec" >&2; exit 1; }
median=$(printf '%s\n' "${times[@]}" | sort -n |
	awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
echo "median kernel-start-to-kexec: $median s" \
	"($(nproc) cores, $(uname -m), QEMU TCG, hopboot $(git describe --always 2>/dev/null || echo ?))"
