# lib.sh - shared helpers for the QEMU end-to-end tests and the `make run` demo.
# shellcheck shell=bash
#
# Sourced (not run) by tests/e2e/*.t, mkdisk-bls.sh and run-demo.sh, which set
# `set -eu` themselves. Every name it defines starts with e2e_ or E2E_.
#
# Environment it reads:
#   OUT             build output folder (default: <repo>/out); relative paths
#                   are taken from the current folder, as make passes them
#   KVER            kernel to boot (default: newest one with /boot/vmlinuz-KVER)
#   E2E_DISK_IF     how disks are attached: virtio (default), ide, ahci, nvme
#   E2E_QEMU_LIMIT  hard limit in seconds for one QEMU run (default 300)
#   E2E_QEMU_EXTRA  extra QEMU arguments, split on spaces
#   E2E_WAIT        seconds a test waits for the target (bls-boot.t: 120)

E2E_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
E2E_ROOT=$(cd "$E2E_DIR/../.." && pwd)

OUT=${OUT:-$E2E_ROOT/out}
case $OUT in
/*) ;;
*) OUT=$PWD/$OUT ;;
esac

E2E_QEMU_PID=
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-300}
E2E_DISK_IF=${E2E_DISK_IF:-virtio}

# The ESP needs no attributes from the host; mtools otherwise complains about
# a missing ~/.mtoolsrc and about the image not being a whole "drive".
export MTOOLS_SKIP_CHECK=1

e2e_die()
{
	echo "e2e: $*" >&2
	exit 1
}

# The version every test disk gives its kernel (vmlinuz-$E2E_DISK_KVER,
# "Linux $E2E_DISK_KVER" in titles). Any kernel boots under any file name,
# so the disks carry the host's kernel under this fixed name: what a disk
# holds, and so every recorded truth, must not change when Debian ships a
# new kernel (tests/integration/host-kernel.t fails on a file under tests/
# that names the host's). "hopboot" marks it as ours; no distribution ships
# a kernel of that flavour.
E2E_DISK_KVER=6.1.0-1-hopboot

# Sets KVER and E2E_KERNEL. Only a kernel with an image in /boot counts: the
# modules alone cannot be booted, and the initramfs is built for KVER.
e2e_find_kernel()
{
	local v

	if [ -z "${KVER:-}" ]; then
		# shellcheck disable=SC2012 # version names have no blanks
		for v in $(ls /lib/modules 2>/dev/null | sort -V -r); do
			if [ -r "/boot/vmlinuz-$v" ]; then
				KVER=$v
				break
			fi
		done
	fi
	[ -n "${KVER:-}" ] || return 1
	E2E_KERNEL=/boot/vmlinuz-$KVER
	[ -r "$E2E_KERNEL" ]
}

# Prints nothing and returns 0 when the host has every tool the e2e tests
# need; otherwise prints the first missing one (the caller's skip reason).
e2e_missing_tool()
{
	local t

	for t in qemu-system-x86_64 timeout musl-gcc cpio sfdisk mkfs.ext4 \
		 mkfs.vfat mcopy mmd sha256sum; do
		if ! command -v "$t" >/dev/null 2>&1; then
			echo "$t"
			return 0
		fi
	done
	return 0
}

# Compiles tests/e2e/NAME.c to $OUT/tests/NAME once per source change and
# sets E2E_TOOL to it. Static and musl, so that it runs in any initramfs
# without a loader or libc of its own; the kernel headers are the sysroot's
# (musl-gcc has none), which make builds before any test runs.
e2e_build_tool()
{
	local src=$E2E_DIR/$1.c bin=$OUT/tests/$1

	mkdir -p "$OUT/tests"
	if [ ! -x "$bin" ] || [ "$src" -nt "$bin" ]; then
		musl-gcc -static -Os -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror \
			-isystem "$OUT/sysroot/kheaders" -o "$bin.tmp" "$src"
		mv "$bin.tmp" "$bin"
	fi
	E2E_TOOL=$bin
}

# The target's /init (target-init.c) in E2E_TARGET_INIT.
e2e_build_target_init()
{
	e2e_build_tool target-init
	E2E_TARGET_INIT=$E2E_TOOL
}

# Writes the staging folder STAGE as a newc cpio to OUTPUT, root-owned, sorted
# and with mtime 0 so the same inputs always give the same bytes. GNU cpio
# pads the archive to 512 bytes, which keeps the next archive of a
# concatenation 4-byte aligned as the kernel's unpacker requires.
e2e_cpio()
{
	local stage=$1 output=$2

	find "$stage" -exec touch -h -d @0 {} +
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio -o -H newc -R 0:0 --reproducible --quiet) >"$output"
}

# Builds the two target initrds into DIR: initrd-a.img (the /init, /marker-a,
# /order = "a") and initrd-b.img (/marker-b, /order = "b"). Both carry /order
# so the target can tell which archive the kernel unpacked last.
e2e_build_target_initrds()
{
	local dir=$1 stage

	e2e_build_target_init
	mkdir -p "$dir"
	stage=$(mktemp -d "$dir/stage.XXXXXX")

	mkdir -p "$stage/a/dev" "$stage/a/proc" "$stage/b"
	cp "$E2E_TARGET_INIT" "$stage/a/init"
	# The kernel opens /dev/console for PID 1 only if the node exists;
	# target-init falls back to devtmpfs when we cannot make one.
	mknod -m 600 "$stage/a/dev/console" c 5 1 2>/dev/null || true
	echo a >"$stage/a/marker-a"
	echo a >"$stage/a/order"
	echo b >"$stage/b/marker-b"
	echo b >"$stage/b/order"

	e2e_cpio "$stage/a" "$dir/initrd-a.img"
	e2e_cpio "$stage/b" "$dir/initrd-b.img"
	rm -rf "$stage"
}

# Writes the BLS files of the test disk into the ESP staging folder ESP:
# the kernel, the two target initrds and one entry titled TITLE. One initrd
# path has no leading slash and the options come on two lines, because both
# change the command line systemd-boot builds.
e2e_stage_bls()
{
	local esp=$1 title=$2

	mkdir -p "$esp/loader/entries"
	cp "$E2E_KERNEL" "$esp/vmlinuz"
	e2e_build_target_initrds "$esp"
	cat >"$esp/loader/entries/test.conf" <<-EOF
	title $title
	linux /vmlinuz
	initrd /initrd-a.img
	initrd initrd-b.img
	options console=ttyS0 hopboot-test=1
	options second=line
	EOF
}

# The command line systemd-boot 252 would pass for the entry above: one
# initrd= per initrd with '/' turned into '\', then the options lines.
E2E_BLS_CMDLINE='initrd=\initrd-a.img initrd=initrd-b.img'
E2E_BLS_CMDLINE+=' console=ttyS0 hopboot-test=1 second=line'

# Writes a few files that have nothing to do with booting into DATA, so the
# data partition is a real filesystem hopboot has to look through and skip.
e2e_stage_data()
{
	local data=$1

	mkdir -p "$data/home/user" "$data/etc"
	echo "hopboot e2e data partition: nothing to boot here" >"$data/README"
	echo "127.0.0.1 localhost" >"$data/etc/hosts"
	seq 1 1000 >"$data/home/user/numbers.txt"
}

# Assembles OUTPUT (64 MiB GPT disk) from two staging folders without mounting
# anything: partition 1 is ext4 made from DATA, partition 2 an EFI System
# Partition (FAT16) filled from ESP with mtools. Each filesystem is built as
# its own image and written in at its partition's offset. Disk, partition
# and filesystem UUIDs are fixed so that configs (and people) can name them.
e2e_make_gpt_disk()
{
	local output=$1 data=$2 esp=$3
	local p1_start=2048 p1_size=32768 p2_start=34816 p2_size=94208
	local uuid=4C1D0C5E-0B5E-4E2E-9A3B-6E2E0000000
	local linux_type=0FC63DAF-8483-4772-8E79-3D69D8477DE4
	local esp_type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
	local tmp=$output.parts

	rm -rf "$tmp"
	mkdir -p "$tmp"
	rm -f "$output"
	truncate -s 64M "$output"
	sfdisk --quiet "$output" <<-EOF
	label: gpt
	label-id: ${uuid}0
	start=$p1_start, size=$p1_size, type=$linux_type, uuid=${uuid}1, name=data
	start=$p2_start, size=$p2_size, type=$esp_type, uuid=${uuid}2, name=ESP
	EOF

	truncate -s $((p1_size * 512)) "$tmp/data.img"
	mkfs.ext4 -q -F -L hopdata \
		-U 4c1d0c5e-0b5e-4e2e-9a3b-6e2e000000e4 \
		-E root_owner=0:0,hash_seed=4c1d0c5e-0b5e-4e2e-9a3b-6e2e000000e5 \
		-d "$data" "$tmp/data.img"

	truncate -s $((p2_size * 512)) "$tmp/esp.img"
	mkfs.vfat -F 16 -n HOPESP -i 4c1d0c5e "$tmp/esp.img" >/dev/null
	e2e_mcopy_tree "$tmp/esp.img" "$esp" ""

	dd if="$tmp/data.img" of="$output" bs=512 seek=$p1_start \
		conv=notrunc status=none
	dd if="$tmp/esp.img" of="$output" bs=512 seek=$p2_start \
		conv=notrunc status=none
	rm -rf "$tmp"
}

# Copies the folder SRC into the FAT image IMG under DEST ("" = root), one
# mmd per folder and one mcopy per file, in sorted order so the directory
# entries come out the same on every run.
e2e_mcopy_tree()
{
	local img=$1 src=$2 dest=$3 f name

	for f in $(cd "$src" && LC_ALL=C ls); do
		name=$dest/$f
		if [ -d "$src/$f" ]; then
			mmd -i "$img" "::$name"
			e2e_mcopy_tree "$img" "$src/$f" "$name"
		else
			mcopy -m -i "$img" "$src/$f" "::$name"
		fi
	done
}

# Fills the bash array E2E_DISK_ARGS with the QEMU arguments that attach IMG
# as disk number N through the controller named by E2E_DISK_IF.
e2e_disk_args()
{
	local img=$1 n=$2

	case $E2E_DISK_IF in
	virtio | ide)
		E2E_DISK_ARGS+=(-drive "file=$img,format=raw,if=$E2E_DISK_IF")
		;;
	ahci)
		# The default i440FX machine has no AHCI controller of its own.
		if [ "$n" = 0 ]; then
			# shellcheck disable=SC2054 # commas belong to -device
			E2E_DISK_ARGS+=(-device ahci,id=ahci)
		fi
		E2E_DISK_ARGS+=(-drive "id=disk$n,file=$img,format=raw,if=none"
			-device "ide-hd,drive=disk$n,bus=ahci.$n")
		;;
	nvme)
		E2E_DISK_ARGS+=(-drive "id=disk$n,file=$img,format=raw,if=none"
			-device "nvme,serial=hopboot$n,drive=disk$n")
		;;
	*)
		e2e_die "unknown E2E_DISK_IF '$E2E_DISK_IF' (virtio, ide, ahci, nvme)"
		;;
	esac
}

# Common QEMU arguments: TCG always (KVM hangs on our build machines), no
# network card so nothing waits for DHCP, -no-reboot so a panic or a reboot
# ends the run instead of looping.
e2e_qemu_base_args()
{
	E2E_QEMU_ARGS=(-accel tcg -m 1024 -nographic -no-reboot -nic none)
	# shellcheck disable=SC2206 # word splitting is the point
	E2E_QEMU_ARGS+=(${E2E_QEMU_EXTRA:-})
}

# Starts QEMU in the background: e2e_qemu_start LOG KERNEL INITRD APPEND
# [DISK...]. The serial console goes to LOG; QEMU's own messages go to
# LOG.qemu. `timeout` kills it after E2E_QEMU_LIMIT seconds even if this
# shell dies without running its traps.
e2e_qemu_start()
{
	local log=$1 kernel=$2 initrd=$3 append=$4 n=0 img
	shift 4

	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	for img in "$@"; do
		e2e_disk_args "$img" $n
		n=$((n + 1))
	done
	: >"$log"
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
		-monitor none -serial "file:$log" \
		-kernel "$kernel" -initrd "$initrd" -append "$append" \
		"${E2E_DISK_ARGS[@]}" </dev/null >"$log.qemu" 2>&1 &
	E2E_QEMU_PID=$!
}

e2e_qemu_running()
{
	[ -n "$E2E_QEMU_PID" ] && kill -0 "$E2E_QEMU_PID" 2>/dev/null
}

# Waits until LOG has a line matching the extended regex RE, for at most
# SECONDS. Returns 0 when found, 1 on timeout or when QEMU exited first.
# Bounded by the clock, since each poll costs time of its own, and by a
# count in case the clock misbehaves.
e2e_wait_for()
{
	local log=$1 re=$2 seconds=$3 i end=$((SECONDS + $3))

	for ((i = 0; i < seconds * 4 && SECONDS < end; i++)); do
		if grep -aEq -- "$re" "$log" 2>/dev/null; then
			return 0
		fi
		if ! e2e_qemu_running; then
			# The marker may have been written just before the exit.
			grep -aEq -- "$re" "$log" 2>/dev/null
			return
		fi
		sleep 0.25
	done
	return 1
}

# Waits up to N seconds for QEMU to exit by itself (the target powers off).
e2e_qemu_wait_exit()
{
	local seconds=$1 i end=$((SECONDS + $1))

	for ((i = 0; i < seconds * 4 && SECONDS < end; i++)); do
		e2e_qemu_running || break
		sleep 0.25
	done
	! e2e_qemu_running
}

# Stops QEMU if it still runs and reaps it. Safe to call twice; meant for an
# EXIT trap. Only ever signals the one process this shell started.
e2e_qemu_stop()
{
	local i

	[ -n "$E2E_QEMU_PID" ] || return 0
	if e2e_qemu_running; then
		kill "$E2E_QEMU_PID" 2>/dev/null || true
		for ((i = 0; i < 40; i++)); do
			e2e_qemu_running || break
			sleep 0.25
		done
		kill -KILL "$E2E_QEMU_PID" 2>/dev/null || true
	fi
	wait "$E2E_QEMU_PID" 2>/dev/null || true
	E2E_QEMU_PID=
}

# Prints the last N lines of LOG as TAP diagnostics, without the serial
# line's carriage returns.
e2e_tap_tail()
{
	local log=$1 n=$2

	echo "# last $n lines of $log:"
	tail -n "$n" "$log" 2>/dev/null | tr -d '\r' | sed 's/^/#   /'
}

# The value after "HOPBOOT-TARGET KEY=" on LOG's last such line. The
# target's line may follow kernel output on the same serial line, hence -o.
e2e_target_value()
{
	local log=$1 key=$2

	tr -d '\r' <"$log" | grep -aoE "HOPBOOT-TARGET $key=.*" | tail -n 1 |
		sed "s/^HOPBOOT-TARGET $key=//"
}

# The printk time of hopboot's "hopboot...: kexec" line in LOG, if any.
e2e_kexec_time()
{
	tr -d '\r' <"$1" |
		grep -aoE '\[ *[0-9]+\.[0-9]+\] hopboot[^:]*: kexec' | head -n 1 |
		sed -E 's/^\[ *([0-9.]+)\].*/\1/'
}

# e2e_check STATUS DESCRIPTION: one TAP line, counted in E2E_N/E2E_FAILED.
e2e_check()
{
	E2E_N=$((E2E_N + 1))
	if [ "$1" = 0 ]; then
		echo "ok $E2E_N - $2"
	else
		echo "not ok $E2E_N - $2"
		E2E_FAILED=$((E2E_FAILED + 1))
	fi
}

# e2e_compare GOT WANT DESCRIPTION: equality, both shown when they differ.
e2e_compare()
{
	if [ "$1" = "$2" ]; then
		e2e_check 0 "$3"
	else
		e2e_check 1 "$3"
		echo "#   expected: '$2'"
		echo "#   got:      '$1'"
	fi
}

# e2e_boot_test: the whole of a "hopboot boots this disk" test, shared by
# tests/e2e/*-boot.t. Boots the Debian kernel with out/initramfs.cpio.gz
# and hopboot.timeout=0 against a disk the caller builds; hopboot must kexec
# the default at once into target-init, whose command line and initrds must
# be the real loader's, and the disk must not change. Set before calling:
#   BOOT_NAME       the test's folder under $OUT/tests/e2e
#   BOOT_DISK_DESC  what the disk holds, for the TAP line
#   BOOT_LOADER     whose command line it is ("systemd-boot 252 passes")
#   WANT_CMDLINE    the exact command line
#   WANT_INITRDS    what target-init reports ("a,b last=b")
#   BOOT_APPEND     optional: more words for hopboot's kernel command line
#   BOOT_LOG_WANT   optional: a regex hopboot's serial output must match
# and define make_disk DISK. Exits with the TAP result.
e2e_boot_test()
{
	local work=$OUT/tests/e2e/$BOOT_NAME disk log initramfs missing
	local sum_before got start

	disk=$work/disk.img
	log=$work/serial.log
	initramfs=$OUT/initramfs.cpio.gz
	missing=$(e2e_missing_tool)
	[ -z "$missing" ] && e2e_find_kernel && [ -r "$initramfs" ] || {
		echo "1..0 # SKIP ${missing:+$missing is not installed}${missing:-no kernel /boot/vmlinuz-${KVER:-?} or no $initramfs}"
		exit 0
	}
	if [ -n "${BOOT_LOG_WANT:-}" ]; then
		echo "1..6"
	else
		echo "1..5"
	fi
	mkdir -p "$work"
	trap 'e2e_qemu_stop; rm -f "'"$disk"'"' EXIT
	E2E_N=0
	E2E_FAILED=0

	if ! (make_disk "$disk") >"$work/mkdisk.log" 2>&1; then
		sed 's/^/# /' "$work/mkdisk.log"
		echo "Bail out! cannot build the test disk"
		exit 1
	fi
	sum_before=$(sha256sum <"$disk")
	e2e_check 0 "built the test disk ($BOOT_DISK_DESC)"

	start=$SECONDS
	e2e_qemu_start "$log" "$E2E_KERNEL" "$initramfs" \
		"console=ttyS0 hopboot.timeout=0${BOOT_APPEND:+ $BOOT_APPEND}" "$disk"
	# Callers run under set -e: test the status, do not let it abort.
	if e2e_wait_for "$log" 'HOPBOOT-TARGET initrds=' "${E2E_WAIT:-120}"; then
		e2e_check 0 "kexec'd kernel ran the target's /init"
	else
		e2e_check 1 "kexec'd kernel ran the target's /init"
	fi
	# The target powers off by itself; let it, so that QEMU has flushed
	# any write before the disk is hashed.
	e2e_qemu_wait_exit 30 || true
	e2e_qemu_stop

	e2e_compare "$(e2e_target_value "$log" cmdline)" "$WANT_CMDLINE" \
		"kexec'd command line is what $BOOT_LOADER"
	e2e_compare "$(e2e_target_value "$log" initrds)" "$WANT_INITRDS" \
		"the initrds arrived, in the loader's order"
	e2e_compare "$(sha256sum <"$disk")" "$sum_before" "the disk is unchanged"
	if [ -n "${BOOT_LOG_WANT:-}" ]; then
		tr -d '\r' <"$log" | grep -aEq -- "$BOOT_LOG_WANT"
		e2e_check $? "the serial log says /$BOOT_LOG_WANT/"
	fi
	got=$(e2e_kexec_time "$log")
	echo "# kexec at ${got:-?} s of kernel time; QEMU ran $((SECONDS - start)) s"
	if [ "$E2E_FAILED" -gt 0 ]; then
		e2e_tap_tail "$log" 40
		exit 1
	fi
	exit 0
}
