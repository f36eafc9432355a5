# lib.sh - boot the REAL extlinux 6.04 under SeaBIOS and record what it passes.
# shellcheck shell=bash
#
# Sourced (not run) by tests/oracle/extlinux/run.sh, which records the truth,
# and by tests/integration/syslinux-oracle.t, which holds `hopboot scan` to
# it without QEMU. Both build the very same disks with the functions here.
# Every name it defines starts with sl_ or SL_; the kernel lookup and the
# QEMU base arguments come from tests/e2e/lib.sh, which it sources.
#
# Why: hopboot must pick the same entry, kernel, initrds and command line as
# extlinux for the same extlinux.conf, and readconfig.c leaves room for
# argument (relative paths after INCLUDE, `APPEND -`, INITRD next to an
# initrd= in APPEND, DEFAULT naming a kernel). Each scenario is one MBR disk
# with one ext2 partition (extlinux 6.04 cannot boot Debian 12's ext4
# defaults), extlinux installed into it while loop-mounted, syslinux's
# mbr.bin in the boot sector. SeaBIOS boots it in QEMU/TCG; extlinux boots
# the Debian kernel with the scenario's initrds; the initrd's /init (a
# busybox script, below) writes to /dev/ttyS0 itself, so it is heard even
# when the command line has no console=ttyS0:
#
#   HOPBOOT-TARGET cmdline=<contents of /proc/cmdline>
#   HOPBOOT-TARGET initrds=<a | b | a,b | none> last=<a | b | none>
#
# Those two lines, verbatim, are the scenario's NAME.expected. Wrong paths
# are made to fail: every file a wrong reading of the config would name is
# absent, so a scenario that boots at all proves the path rules it uses.
#
# Environment: tests/e2e/lib.sh's OUT, KVER and E2E_QEMU_LIMIT, and
#   SL_BUSYBOX   static busybox for the target's /init (default $OUT/busybox)
#   SL_MBR       boot sector code (default /usr/lib/syslinux/mbr/mbr.bin)

SL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../../e2e/lib.sh
. "$SL_DIR/../../e2e/lib.sh"

SL_BUSYBOX=${SL_BUSYBOX:-$OUT/busybox}
SL_MBR=${SL_MBR:-/usr/lib/syslinux/mbr/mbr.bin}
# The scenarios, in the order run.sh boots them.
SL_SCENARIOS="include-tree search-append-dash initrd-vs-append default-kernel
	config-chain config-dir sysappend-disk menu-begin menu-default"
# The menu.c32 UI and the libraries it needs (menu-begin, menu-default).
SL_MODULES=${SL_MODULES:-/usr/lib/syslinux/modules/bios}
# QEMU arguments of every oracle boot: a fixed SMBIOS UUID, so that what
# SYSAPPEND adds from DMI is the same on every run.
SL_QEMU_EXTRA="-uuid 51e0c1e0-1234-4abc-8def-0123456789ab"

# Prints nothing when the disks can be built here, else what is missing.
sl_missing_build()
{
	local t

	[ "$(id -u)" -eq 0 ] || { echo "root (for loop mounts)"; return 0; }
	for t in extlinux mkfs.ext2 losetup mount sfdisk cpio; do
		command -v "$t" >/dev/null 2>&1 ||
			{ echo "$t (apt-get install extlinux)"; return 0; }
	done
	[ -r "$SL_MBR" ] ||
		{ echo "$SL_MBR (apt-get install syslinux-common)"; return 0; }
	[ -x "$SL_BUSYBOX" ] || { echo "$SL_BUSYBOX (make)"; return 0; }
	e2e_find_kernel || { echo "a kernel image in /boot"; return 0; }
}

# Builds the target initrds into DIR: initrd-a.img holds /init, busybox,
# /marker-a and /order "a"; initrd-b.img holds /marker-b and /order "b".
sl_build_initrds()
{
	local dir=$1 stage

	mkdir -p "$dir"
	stage=$(mktemp -d "$dir/stage.XXXXXX")
	mkdir -p "$stage/a/bin" "$stage/a/dev" "$stage/a/proc" "$stage/b"
	cp "$SL_BUSYBOX" "$stage/a/bin/busybox"
	mknod -m 600 "$stage/a/dev/ttyS0" c 4 64 2>/dev/null || true
	cat >"$stage/a/init" <<-'EOF'
	#!/bin/busybox sh
	B=/bin/busybox
	$B mount -t proc proc /proc
	[ -c /dev/ttyS0 ] || $B mount -t devtmpfs dev /dev
	c=$($B cat /proc/cmdline)
	i=
	[ -e /marker-a ] && i=a
	[ -e /marker-b ] && i=${i:+$i,}b
	o=$($B cat /order 2>/dev/null)
	{
		printf 'HOPBOOT-TARGET cmdline=%s\n' "$c"
		printf 'HOPBOOT-TARGET initrds=%s last=%s\n' "${i:-none}" "${o:-none}"
	} >/dev/ttyS0
	$B sync
	$B poweroff -f
	EOF
	chmod 755 "$stage/a/init"
	echo a >"$stage/a/marker-a"
	echo a >"$stage/a/order"
	echo b >"$stage/b/marker-b"
	echo b >"$stage/b/order"
	e2e_cpio "$stage/a" "$dir/initrd-a.img"
	e2e_cpio "$stage/b" "$dir/initrd-b.img"
	rm -rf "$stage"
}

# The scenarios. sl_stage_NAME ROOT fills the partition's tree (the kernel
# and initrds are at ROOT/.k/, to be moved into place) and sets:
#   SL_INSTALL   folder extlinux is installed into
#   SL_KERNEL    where the booted kernel is on the partition ("/"-rooted)
#   SL_INITRDS   where the loaded initrds are, space-separated, in order
# Decoys (a config the loader must not read) boot nothing: their kernel
# does not exist.

# An INCLUDE chain with relative and `..` paths. The label lives in an
# included file one folder down; its paths only work relative to the main
# config's folder, which INCLUDE does not change.
sl_stage_include_tree()
{
	local r=$1

	mkdir -p "$r/boot/extlinux/sub"
	mv "$r/.k/vmlinuz" "$r/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/boot/extlinux/sub/initrd-b.img"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	# hopboot oracle: include-tree
	PROMPT 0
	TIMEOUT 30
	APPEND console=ttyS0 from=global
	default inc
	INCLUDE sub/one.cfg
	EOF
	cat >"$r/boot/extlinux/sub/one.cfg" <<-'EOF'
	label other
	  kernel /nonexistent/vmlinuz
	include ../two.cfg
	EOF
	# ../two.cfg from sub/one.cfg: /boot/two.cfg when INCLUDE paths are
	# taken from the main config's folder, the decoy when from sub/.
	cat >"$r/boot/two.cfg" <<-'EOF'
	Label inc
	  Kernel ../../vmlinuz
	  Initrd ../initrd-a.img,sub/initrd-b.img
	EOF
	cat >"$r/boot/extlinux/two.cfg" <<-'EOF'
	LABEL two-wrong-folder
	  KERNEL /nonexistent/vmlinuz
	EOF
	SL_INSTALL=/boot/extlinux
	SL_KERNEL=/vmlinuz
	SL_INITRDS="/boot/initrd-a.img /boot/extlinux/sub/initrd-b.img"
}

# Config search from the install folder /syslinux, with a decoy in
# /boot/extlinux; a label with `APPEND -` after a global APPEND.
sl_stage_search_append_dash()
{
	local r=$1

	mkdir -p "$r/syslinux" "$r/boot/extlinux"
	mv "$r/.k/vmlinuz" "$r/syslinux/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/syslinux/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/initrd-b.img"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	DEFAULT decoy
	LABEL decoy
	  KERNEL /nonexistent/vmlinuz
	EOF
	cat >"$r/syslinux/syslinux.cfg" <<-'EOF'
	APPEND console=ttyS0 global=yes
	DEFAULT dash
	LABEL dash
	  LINUX vmlinuz
	  APPEND -
	  INITRD initrd-a.img,/initrd-b.img
	EOF
	SL_INSTALL=/syslinux
	SL_KERNEL=/syslinux/vmlinuz
	SL_INITRDS="/syslinux/initrd-a.img /initrd-b.img"
}

# INITRD next to an initrd= in APPEND, and DEFAULT naming a label with
# extra arguments.
sl_stage_initrd_vs_append()
{
	local r=$1

	mkdir -p "$r/boot/syslinux"
	mv "$r/.k/vmlinuz" "$r/boot/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/syslinux/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/boot/syslinux/initrd-b.img"
	cat >"$r/boot/syslinux/syslinux.cfg" <<-'EOF'
	DEFAULT both extra=arg
	LABEL both
	  KERNEL /boot/vmlinuz
	  INITRD initrd-b.img
	  APPEND console=ttyS0 initrd=initrd-a.img quiet
	EOF
	SL_INSTALL=/boot/syslinux
	SL_KERNEL=/boot/vmlinuz
	SL_INITRDS="/boot/syslinux/initrd-a.img"
}

# DEFAULT naming a kernel and its arguments rather than a label.
sl_stage_default_kernel()
{
	local r=$1

	mkdir -p "$r/extlinux"
	mv "$r/.k/vmlinuz" "$r/extlinux/linux"
	mv "$r/.k/initrd-a.img" "$r/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/extlinux/initrd-b.img"
	cat >"$r/extlinux/extlinux.conf" <<-'EOF'
	APPEND console=ttyS0 not=used
	DEFAULT linux console=ttyS0 initrd=../initrd-a.img,initrd-b.img
	LABEL notdefault
	  KERNEL /nonexistent/vmlinuz
	EOF
	SL_INSTALL=/extlinux
	SL_KERNEL=/extlinux/linux
	SL_INITRDS="/initrd-a.img /extlinux/initrd-b.img"
}

# CONFIG in a label: ldlinux.c32 starts again on the new file. The label
# has `APPEND -` so that its command has no arguments (arguments would be
# taken as a folder to change to). Kernel and initrd are where relative
# paths lead when the current folder stays the first config's; a global
# APPEND of the first config shows whether anything of it survives.
sl_stage_config_chain()
{
	local r=$1

	mkdir -p "$r/boot/extlinux" "$r/boot/cfg"
	mv "$r/.k/vmlinuz" "$r/boot/extlinux/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/extlinux/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/boot/initrd-b.img"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	APPEND console=ttyS0 from=first
	DEFAULT chain
	LABEL early
	  KERNEL /nonexistent/vmlinuz
	LABEL chain
	  CONFIG ../cfg/second.cfg
	  APPEND -
	EOF
	cat >"$r/boot/cfg/second.cfg" <<-'EOF'
	DEFAULT next
	LABEL next
	  KERNEL vmlinuz
	  INITRD initrd-a.img,../initrd-b.img
	EOF
	SL_INSTALL=/boot/extlinux
	SL_KERNEL=/boot/extlinux/vmlinuz
	SL_INITRDS="/boot/extlinux/initrd-a.img /boot/initrd-b.img"
}

# `CONFIG file folder`: the folder becomes the current one for the new
# config; its DEFAULT names a label of its own with extra words.
sl_stage_config_dir()
{
	local r=$1

	mkdir -p "$r/extlinux" "$r/cfg" "$r/k"
	mv "$r/.k/vmlinuz" "$r/k/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/k/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/initrd-b.img"
	cat >"$r/extlinux/extlinux.conf" <<-'EOF'
	DEFAULT chain
	LABEL chain
	  CONFIG ../cfg/third.cfg /k
	EOF
	cat >"$r/cfg/third.cfg" <<-'EOF'
	APPEND console=ttyS0 from=third
	DEFAULT go more=words
	LABEL go
	  KERNEL vmlinuz
	  INITRD initrd-a.img,../initrd-b.img
	EOF
	SL_INSTALL=/extlinux
	SL_KERNEL=/k/vmlinuz
	SL_INITRDS="/k/initrd-a.img /initrd-b.img"
}

# SYSAPPEND on a disk: the network bits (1 ip=, 2 BOOTIF=) have no value
# there; 0x40000 adds the filesystem UUID. A label's IPAPPEND replaces
# the global SYSAPPEND.
sl_stage_sysappend_disk()
{
	local r=$1

	mkdir -p "$r/boot/extlinux"
	mv "$r/.k/vmlinuz" "$r/boot/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/boot/initrd-b.img"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	SYSAPPEND 2
	DEFAULT fs
	LABEL fs
	  KERNEL ../vmlinuz
	  APPEND console=ttyS0
	  INITRD ../initrd-a.img
	  IPAPPEND 0x40003
	EOF
	SL_INSTALL=/boot/extlinux
	SL_KERNEL=/boot/vmlinuz
	SL_INITRDS="/boot/initrd-a.img"
}

# The firmware's bits on a disk: SYSUUID, CPU and every DMI string (QEMU's
# SeaBIOS tables, with SL_QEMU_EXTRA's UUID). hopboot cannot know them
# when it reads a disk, so this one is recorded (run.sh --record
# sysappend-dmi) but not in SL_SCENARIOS: it documents what extlinux adds.
sl_stage_sysappend_dmi()
{
	local r=$1

	mkdir -p "$r/boot/extlinux"
	mv "$r/.k/vmlinuz" "$r/boot/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/initrd-a.img"
	rm "$r/.k/initrd-b.img"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	DEFAULT dmi
	LABEL dmi
	  KERNEL /boot/vmlinuz
	  APPEND console=ttyS0
	  INITRD /boot/initrd-a.img
	  IPAPPEND 0x7fffc
	EOF
	SL_INSTALL=/boot/extlinux
	SL_KERNEL=/boot/vmlinuz
	SL_INITRDS="/boot/initrd-a.img"
}

# Puts menu.c32 and its libraries into the folder DIR (the install folder:
# extlinux looks for modules there first).
sl_stage_menu_ui()
{
	local dir=$1 m

	for m in menu.c32 libutil.c32 libcom32.c32; do
		cp "$SL_MODULES/$m" "$dir/$m"
	done
}

# UI menu.c32 with no DEFAULT: the default is the MENU DEFAULT label inside
# a MENU BEGIN submenu, whose paths climb out of the config's folder with
# `..`. Every label boots the same kernel, each with its own which=, so
# the recording says which label menu.c32 booted on TIMEOUT.
sl_stage_menu_begin()
{
	local r=$1

	mkdir -p "$r/boot/extlinux"
	mv "$r/.k/vmlinuz" "$r/boot/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/boot/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/boot/extlinux/initrd-b.img"
	sl_stage_menu_ui "$r/boot/extlinux"
	cat >"$r/boot/extlinux/extlinux.conf" <<-'EOF'
	UI menu.c32
	PROMPT 0
	TIMEOUT 1
	MENU TITLE hopboot oracle: menu-begin
	LABEL top
	  MENU LABEL Top entry
	  KERNEL ../vmlinuz
	  APPEND console=ttyS0 which=top
	  INITRD ../initrd-a.img
	MENU BEGIN advanced
	  MENU TITLE Advanced options
	  LABEL sub-first
	    KERNEL ../vmlinuz
	    APPEND console=ttyS0 which=sub-first
	    INITRD ../initrd-a.img
	  LABEL sub-recovery
	    MENU LABEL Recovery mode
	    MENU DEFAULT
	    KERNEL ../vmlinuz
	    APPEND console=ttyS0 which=sub-recovery single
	    INITRD ../initrd-a.img,initrd-b.img
	  MENU SEPARATOR
	  LABEL back
	    MENU LABEL Back
	    MENU EXIT
	MENU END
	LABEL last
	  KERNEL ../vmlinuz
	  APPEND console=ttyS0 which=last
	  INITRD ../initrd-a.img
	EOF
	SL_INSTALL=/boot/extlinux
	SL_KERNEL=/boot/vmlinuz
	SL_INITRDS="/boot/initrd-a.img /boot/extlinux/initrd-b.img"
}

# UI menu.c32 with both DEFAULT (naming one label) and MENU DEFAULT (on
# another): which one the menu starts on, and boots on TIMEOUT.
sl_stage_menu_default()
{
	local r=$1

	mkdir -p "$r/syslinux"
	mv "$r/.k/vmlinuz" "$r/vmlinuz"
	mv "$r/.k/initrd-a.img" "$r/initrd-a.img"
	mv "$r/.k/initrd-b.img" "$r/initrd-b.img"
	sl_stage_menu_ui "$r/syslinux"
	cat >"$r/syslinux/syslinux.cfg" <<-'EOF'
	UI menu.c32
	TIMEOUT 1
	DEFAULT by-default
	LABEL by-default
	  MENU LABEL Named by DEFAULT
	  LINUX ../vmlinuz
	  INITRD ../initrd-a.img
	  APPEND console=ttyS0 which=default-directive
	LABEL by-menu-default
	  MENU LABEL Marked MENU DEFAULT
	  MENU DEFAULT
	  LINUX ../vmlinuz
	  INITRD ../initrd-a.img,../initrd-b.img
	  APPEND console=ttyS0 which=menu-default
	EOF
	SL_INSTALL=/syslinux
	SL_KERNEL=/vmlinuz
	SL_INITRDS="/initrd-a.img /initrd-b.img"
}

# sl_make_disk NAME WORK: stages scenario NAME under WORK and builds
# WORK/disk.img from it: a 64 MiB MBR disk, one bootable ext2 partition
# from sector 2048, extlinux installed into SL_INSTALL, mbr.bin in front.
# Fixed UUIDs so that option ids are the same on every run.
sl_make_disk()
{
	local name=$1 work=$2 root=$2/root part=$2/part.img disk=$2/disk.img
	local mnt=$2/mnt loop rc=0 try

	rm -rf "$root" "$mnt"
	mkdir -p "$root/.k" "$mnt"
	cp "$E2E_KERNEL" "$root/.k/vmlinuz"
	sl_build_initrds "$root/.k"
	"sl_stage_${name//-/_}" "$root"
	rmdir "$root/.k"

	rm -f "$part" "$disk"
	truncate -s 63M "$part"
	mkfs.ext2 -q -F -L sloracle -U 51e0c1e0-0000-4000-8000-000000000001 \
		-E root_owner=0:0 -d "$root" "$part"
	# Other tests attach and detach loop devices at the same time; a
	# device can be taken between losetup and mount, so try five times.
	rc=1
	for try in 1 2 3 4 5; do
		loop=$(losetup -f --show "$part") || { sleep 1; continue; }
		if mount -t ext2 "$loop" "$mnt"; then
			rc=0
			extlinux --install "$mnt$SL_INSTALL" \
				>"$work/extlinux.log" 2>&1 || rc=1
			umount "$mnt" || rc=1
			losetup -d "$loop" || rc=1
			break
		fi
		losetup -d "$loop"
		echo "sl_make_disk: mount failed (try $try)" >&2
		sleep 1
	done
	rmdir "$mnt"
	[ $rc = 0 ] || return 1

	truncate -s 64M "$disk"
	sfdisk --quiet "$disk" <<-EOF || return 1
	label: dos
	label-id: 0x51e0c1e0
	start=2048, type=83, bootable
	EOF
	dd if="$SL_MBR" of="$disk" bs=440 count=1 conv=notrunc status=none
	dd if="$part" of="$disk" bs=512 seek=2048 conv=notrunc status=none
	rm -f "$part"
}

# Boots DISK with SeaBIOS (QEMU's default firmware) until the target powers
# off or E2E_QEMU_LIMIT seconds pass; the serial console goes to LOG.
sl_boot()
{
	local disk=$1 log=$2 rc=0

	e2e_qemu_base_args
	# shellcheck disable=SC2206 # word splitting is the point
	E2E_QEMU_ARGS+=($SL_QEMU_EXTRA)
	: >"$log"
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
		-drive "file=$disk,format=raw,if=ide" -monitor none \
		-serial "file:$log" </dev/null >"$log.qemu" 2>&1 || rc=$?
	return $rc
}
