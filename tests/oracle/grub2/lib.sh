# lib.sh - boot the REAL GRUB 2.06 (i386-pc, SeaBIOS) and record what it passes.
# shellcheck shell=bash
#
# Sourced by tests/oracle/grub2/*.sh (which set `set -eu`) and by
# tests/integration/grub2-oracle.t. Every name it defines starts with
# g2o_ or G2O_; the kernel lookup, target initrds, cpio and QEMU base
# arguments come from tests/e2e/lib.sh, the end of a boot (report, record,
# compare) from oracle_verdict in ../lib.sh, which sources tests/e2e/lib.sh.
#
# Why: hopboot must boot what GRUB boots, and GRUB's script rules (word
# splitting, quoting, submenus, defaults, search) leave room for argument.
# So each scenario builds an MBR disk with one or two ext4 partitions from
# staging folders (fixed UUIDs), runs `grub-install --target=i386-pc` into
# it (the disk attached as a loop device, partitions added with partx, the
# partition holding GRUB's folder mounted), and boots it with SeaBIOS in
# QEMU/TCG. The scenario's grub.cfg sets timeout=0, and every entry passes
# console=ttyS0, so the target initrd's /init (tests/e2e/target-init.c)
# prints "HOPBOOT-TARGET cmdline=..." and "HOPBOOT-TARGET initrds=...".
# Those two lines are NAME.expected; NAME.recorded says how.
#
# A scenario script defines g2o_stage P1 P2 (fill the partition folders;
# P2 may stay empty) and sets G2O_GRUBDIR to where GRUB's folder goes inside
# partition 1 ("boot" for /boot/grub, "" for a separate /boot partition
# holding /grub), G2O_PARTS (1 or 2), then calls g2o_main NAME "$@".
#
#   NAME.sh            boot real GRUB, compare with NAME.expected
#   NAME.sh --record   boot real GRUB, write NAME.expected
#   NAME.sh --disk-only IMG   build the same disk without GRUB's own files
#                      (no loop device, no mount, no QEMU): what
#                      grub2-oracle.t gives `hopboot scan`

G2O_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../lib.sh
. "$G2O_DIR/../lib.sh"

G2O_P1_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000b001
G2O_P2_UUID=4c1d0c5e-0b5e-4e2e-9a3b-6e2e0000b002
G2O_DISK_ID=0x4c1d0b00
G2O_P1_MB=48
G2O_P2_MB=16
G2O_LOOP=
G2O_MNT=

g2o_die()
{
	echo "oracle-grub2: $*" >&2
	exit 1
}

# Prints the first thing a real GRUB boot needs that is missing.
g2o_missing()
{
	local t

	t=$(e2e_missing_tool)
	if [ -n "$t" ]; then
		echo "$t"
		return 0
	fi
	for t in grub-install losetup partx mount; do
		if ! command -v "$t" >/dev/null 2>&1; then
			echo "$t (apt-get install grub-pc-bin grub2-common)"
			return 0
		fi
	done
	if [ ! -d /usr/lib/grub/i386-pc ]; then
		echo "/usr/lib/grub/i386-pc (apt-get install grub-pc-bin)"
		return 0
	fi
	e2e_find_kernel || echo "a kernel image in /boot"
}

# The kernel and the two target initrds into DIR (kernel named vmlinuz-E2E_DISK_KVER,
# whatever the host kernel is: see tests/e2e/lib.sh).
g2o_stage_boot_files()
{
	local dir=$1

	mkdir -p "$dir"
	cp "$E2E_KERNEL" "$dir/vmlinuz-$E2E_DISK_KVER"
	e2e_build_target_initrds "$dir"
}

# A GRUB environment block (1024 bytes) holding the NAME=VALUE arguments.
g2o_grubenv()
{
	local file=$1 kv body
	shift
	body="# GRUB Environment Block"$'\n'
	for kv in "$@"; do
		body+="$kv"$'\n'
	done
	printf '%s' "$body" >"$file"
	head -c $((1024 - ${#body})) /dev/zero | tr '\0' '#' >>"$file"
}

# Builds DISK (MBR) from the folders P1 and P2 without mounting anything.
g2o_make_disk()
{
	local disk=$1 p1=$2 p2=$3 tmp=$1.parts
	local p1_start=2048 p1_size=$((G2O_P1_MB * 2048))
	local p2_start=$((2048 + G2O_P1_MB * 2048)) p2_size=$((G2O_P2_MB * 2048))

	rm -rf "$tmp" "$disk"
	mkdir -p "$tmp"
	truncate -s $(((p2_start + p2_size) * 512 + 1048576)) "$disk"
	{
		echo "label: dos"
		echo "label-id: $G2O_DISK_ID"
		echo "start=$p1_start, size=$p1_size, type=83, bootable"
		if [ "$G2O_PARTS" = 2 ]; then
			echo "start=$p2_start, size=$p2_size, type=83"
		fi
	} | sfdisk --quiet "$disk"
	truncate -s $((p1_size * 512)) "$tmp/p1.img"
	mkfs.ext4 -q -F -L g2oboot -U "$G2O_P1_UUID" \
		-E root_owner=0:0,hash_seed=$G2O_P1_UUID -d "$p1" "$tmp/p1.img"
	dd if="$tmp/p1.img" of="$disk" bs=512 seek=$p1_start conv=notrunc \
		status=none
	if [ "$G2O_PARTS" = 2 ]; then
		truncate -s $((p2_size * 512)) "$tmp/p2.img"
		mkfs.ext4 -q -F -L g2oroot -U "$G2O_P2_UUID" \
			-E root_owner=0:0,hash_seed=$G2O_P2_UUID -d "$p2" \
			"$tmp/p2.img"
		dd if="$tmp/p2.img" of="$disk" bs=512 seek=$p2_start \
			conv=notrunc status=none
	fi
	rm -rf "$tmp"
}

g2o_cleanup()
{
	if [ -n "$G2O_MNT" ]; then
		umount "$G2O_MNT" 2>/dev/null || true
		rmdir "$G2O_MNT" 2>/dev/null || true
		G2O_MNT=
	fi
	if [ -n "$G2O_LOOP" ]; then
		partx -d "$G2O_LOOP" 2>/dev/null || true
		losetup -d "$G2O_LOOP" 2>/dev/null || true
		G2O_LOOP=
	fi
}

# grub-install --target=i386-pc into DISK, GRUB's folder on partition 1.
g2o_grub_install()
{
	local disk=$1 log=$2

	trap g2o_cleanup EXIT
	local i

	G2O_LOOP=$(losetup --find --show "$disk")
	# The kernel may have scanned the partitions itself (loop max_part):
	# then partx has nothing to add. Either way p1 must show up.
	partx -a "$G2O_LOOP" 2>/dev/null || partx -u "$G2O_LOOP" || true
	G2O_MNT=$(mktemp -d)
	for ((i = 0; i < 20; i++)); do
		mount -t ext4 "${G2O_LOOP}p1" "$G2O_MNT" 2>/dev/null && break
		sleep 0.5
	done
	mountpoint -q "$G2O_MNT" || g2o_die "cannot mount ${G2O_LOOP}p1"
	grub-install --target=i386-pc --no-floppy \
		--boot-directory="$G2O_MNT${G2O_GRUBDIR:+/$G2O_GRUBDIR}" \
		--modules="part_msdos ext2" "$G2O_LOOP" >"$log" 2>&1 ||
		{ cat "$log" >&2; g2o_die "grub-install failed"; }
	g2o_cleanup
	trap - EXIT
}

g2o_value()
{
	tr -d '\r' <"$1" | grep -aoE "HOPBOOT-TARGET $2=.*" | tail -n 1 |
		sed "s/^HOPBOOT-TARGET $2=//"
}

g2o_main()
{
	local name=$1 mode=${2:-} work disk log start took

	work=$OUT/tests/oracle/grub2/$name
	rm -rf "$work"
	mkdir -p "$work/p1" "$work/p2"
	e2e_find_kernel || g2o_die "no kernel image in /boot"
	g2o_stage "$work/p1" "$work/p2"
	case $mode in
	--disk-only)
		g2o_make_disk "$3" "$work/p1" "$work/p2"
		rm -rf "$work"
		return 0
		;;
	"" | --record) ;;
	*) oracle_usage ;;
	esac
	oracle_require "oracle-grub2 $name" "$(g2o_missing)"
	disk=$work/disk.img
	log=$work/serial.log
	g2o_make_disk "$disk" "$work/p1" "$work/p2"
	g2o_grub_install "$disk" "$work/grub-install.log"

	start=$SECONDS
	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	e2e_disk_args "$disk" 0
	: >"$log"
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 \
		"${E2E_QEMU_ARGS[@]}" "${E2E_DISK_ARGS[@]}" -monitor none \
		-serial "file:$log" </dev/null >"$log.qemu" 2>&1 ||
		echo "oracle-grub2 $name: QEMU ended with status $?" >&2
	took=$((SECONDS - start))
	rm -f "$disk"
	oracle_verdict label="oracle-grub2 $name" log="$log" \
		expected="$G2O_DIR/$name.expected" mode="$mode" seconds="$took" \
		firmware=SeaBIOS \
		packages="grub-pc-bin grub2-common qemu-system-x86 seabios" ||
		exit $?
}

# A GRUB environment block written by GRUB's own grub-editenv (what
# grub-set-default and grub-reboot do on a real system), on the scenario's
# staging copy: never on a host disk. FILE NAME=VALUE...
g2o_editenv()
{
	local file=$1

	shift
	command -v grub-editenv >/dev/null 2>&1 ||
		g2o_die "grub-editenv is missing (apt-get install grub-common)"
	rm -f "$file"
	grub-editenv "$file" create
	grub-editenv "$file" set "$@"
}
