# lib.sh - read a tests/realworld configuration and build what it describes.
# shellcheck shell=bash
#
# Sourced by tests/realworld/record (boots the real loader and writes TRUTH)
# and tests/integration/realworld.t (holds `hopboot scan` to TRUTH). Both
# build the same trees from the same folder with the functions here, so the
# scan sees what the real loader saw. Every name it defines starts with rw_
# or RW_; the kernel lookup, cpio and QEMU helpers come from
# tests/e2e/lib.sh, Debian's shim and netboot GRUB (LAYOUT's fetch lines)
# from tests/lib/debian-efi.sh. The layout of a configuration folder is in
# README.md.

RW_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../e2e/lib.sh
. "$RW_DIR/../e2e/lib.sh"
# shellcheck source=../lib/debian-efi.sh
. "$RW_DIR/../lib/debian-efi.sh"

RW_BUSYBOX=${RW_BUSYBOX:-$OUT/busybox}

rw_die()
{
	echo "realworld: $*" >&2
	exit 1
}

# rw_load DIR: reads DIR/LAYOUT into
#   RW_NAME RW_FIRMWARE RW_LOADER RW_LOADER_ARG RW_DISK RW_SCAN RW_KEYS
#   RW_PARTS (tree names, in disk order) and, per tree T,
#   RW_FS[T] RW_OPTS[T] ("label=X uuid=Y type=Z"), RW_IMAGES (lines
#   "TREE PATH SRC OPTS"), RW_KINDS (lines "kernel|initrd|other TREE:PATH")
#   and RW_FETCH (lines "TREE:PATH debian-shim|debian-grubnet").
rw_load()
{
	local dir=$1 kw a b c rest

	RW_CONF=$(cd "$dir" && pwd)
	RW_NAME=$(basename "$RW_CONF")
	RW_FIRMWARE=bios
	RW_LOADER=none
	RW_LOADER_ARG=
	RW_LOADER_ARG2=
	RW_DISK=mbr
	RW_SCAN=dirs
	RW_KEYS=
	RW_LIMIT=
	RW_GRUB_MODULES=
	RW_PARTS=()
	RW_IMAGES=
	RW_KINDS=
	RW_FETCH=
	unset RW_FS RW_OPTS
	declare -gA RW_FS RW_OPTS
	[ -r "$dir/LAYOUT" ] || rw_die "$RW_NAME: no LAYOUT"
	while read -r kw a b c rest; do
		case $kw in
		"" | "#"*) continue ;;
		firmware) RW_FIRMWARE=$a ;;
		loader)
			RW_LOADER=$a
			RW_LOADER_ARG=$b
			RW_LOADER_ARG2=$c
			;;
		disk) RW_DISK=$a ;;
		scan) RW_SCAN=$a ;;
		keys) RW_KEYS="$a $b${c:+ $c}${rest:+ $rest}" ;;
		limit) RW_LIMIT=$a ;;
		grub-modules) RW_GRUB_MODULES+=" $a" ;;
		part)
			RW_PARTS+=("$a")
			RW_FS[$a]=$b
			RW_OPTS[$a]="$c${rest:+ $rest}"
			;;
		image) RW_IMAGES+="$a $b $c${rest:+ $rest}"$'\n' ;;
		kernel | initrd | other) RW_KINDS+="$kw $a"$'\n' ;;
		fetch)
			case $b in
			debian-shim | debian-grubnet) ;;
			*) rw_die "$RW_NAME/LAYOUT: fetch $a: unknown file '$b'" ;;
			esac
			RW_FETCH+="$a $b"$'\n'
			;;
		*) rw_die "$RW_NAME/LAYOUT: unknown keyword '$kw'" ;;
		esac
	done <"$dir/LAYOUT"
	[ ${#RW_PARTS[@]} -gt 0 ] || rw_die "$RW_NAME/LAYOUT: no part line"
}

# rw_opt TREE KEY: the value of KEY=... in the tree's part options.
rw_opt()
{
	local w

	for w in ${RW_OPTS[$1]}; do
		case $w in
		"$2="*)
			# \x20 stands for a blank (a CD label may hold some).
			printf '%b\n' "${w#*=}"
			return 0
			;;
		esac
	done
	return 1
}

# rw_truth KEY: the TRUTH lines "KEY value", values only.
rw_truth()
{
	sed -n "s/^$1 //p" "$RW_CONF/TRUTH" 2>/dev/null
}

# rw_kind TREE PATH: what a zero-byte file stands for: kernel, initrd or
# other (left empty). LAYOUT's kernel/initrd/other lines decide first, then
# the name.
rw_kind()
{
	local tree=$1 path=$2 k p

	while read -r k p; do
		[ -n "$k" ] || continue
		# shellcheck disable=SC2053 # a glob on purpose
		if [[ "$tree:$path" == $p ]]; then
			echo "$k"
			return
		fi
	done <<<"$RW_KINDS"
	case ${path##*/} in
	*memtest* | *.c32 | *.efi | *.EFI | *.bin | *.0 | *.sys | *.img.sig | *.sig | \
	*eltorito* | efiboot.img | *.pf2 | *.png | *.uuid | *.msg)
		echo other ;;
	vmlinuz* | vmlinux* | bzImage* | linux | linux64 | linux32 | \
	*kernel* | rescue64 | rescue32)
		echo kernel ;;
	initrd* | initramfs* | *ucode* | *.img | *.igz | *.gz | *.xz | *.lz | \
	*.lz4 | *.zst | *.cpio*)
		echo initrd ;;
	*) echo other ;;
	esac
}

# rw_fetch DEST: LAYOUT's fetch lines: the third-party programs the
# configuration needs and tests/ does not hold, put at TREE:PATH under DEST
# from Debian's packages, downloaded into $OUT/debian-efi once
# (tests/lib/debian-efi.sh): debian-shim is shim-signed's
# /usr/lib/shim/shimx64.efi.signed, debian-grubnet grub-efi-amd64-signed's
# /usr/lib/grub/x86_64-efi-signed/grubnetx64-installer.efi.signed (what
# debian-installer's netboot tree holds as bootnetx64.efi and grubx64.efi).
# Returns 1 with the reason in RW_FETCH_WHY when they cannot be had.
rw_fetch()
{
	local dest=$1 at what src

	RW_FETCH_WHY=
	[ -n "$RW_FETCH" ] || return 0
	if ! debian_efi_fetch "$OUT"; then
		RW_FETCH_WHY="Debian's shim and netboot GRUB: $DEBIAN_EFI_WHY"
		return 1
	fi
	while read -r at what; do
		[ -n "$at" ] || continue
		case $what in
		debian-shim) src=$DEBIAN_SHIM ;;
		debian-grubnet) src=$DEBIAN_GRUBNET ;;
		esac
		mkdir -p "$(dirname "$dest/${at%%:*}${at#*:}")"
		cp "$src" "$dest/${at%%:*}${at#*:}" || {
			RW_FETCH_WHY="cannot copy $src to $dest/${at%%:*}${at#*:}"
			return 1
		}
	done <<<"$RW_FETCH"
}

# rw_copy DEST: copies every tree of the configuration into DEST/TREE, puts
# LAYOUT's fetched programs in place (rw_fetch; returns 2 with the reason in
# RW_FETCH_WHY when they cannot be had) and builds the images LAYOUT names
# (an ext4 image of a folder, standing for an ISO file kept on a disk: this
# host cannot mount iso9660, GRUB and hopboot read ext4 images the same
# way). With RECORD=1 in the environment the zero-byte kernels and initrds
# are replaced first (rw_substitute).
rw_copy()
{
	local dest=$1 t tree path src opts img label uuid

	rm -rf "$dest"
	mkdir -p "$dest"
	for t in "${RW_PARTS[@]}"; do
		if [ -d "$RW_CONF/$t" ]; then
			cp -a "$RW_CONF/$t" "$dest/$t"
		else
			mkdir -p "$dest/$t"
		fi
		[ "${RECORD:-}" != 1 ] || rw_substitute "$dest/$t" "$t"
	done
	if ! rw_fetch "$dest"; then
		echo "realworld: $RW_NAME: $RW_FETCH_WHY" >&2
		return 2
	fi
	while read -r tree path src opts; do
		[ -n "$tree" ] || continue
		img=$dest/$tree$path
		mkdir -p "$(dirname "$img")" "$dest/.src"
		rm -rf "$dest/.src/$tree$path"
		mkdir -p "$(dirname "$dest/.src/$tree$path")"
		cp -a "$RW_CONF/$src" "$dest/.src/$tree$path"
		[ "${RECORD:-}" != 1 ] ||
			rw_substitute "$dest/.src/$tree$path" "$tree:$path"
		label=$(sed -n 's/.*label=\([^ ]*\).*/\1/p' <<<"$opts")
		uuid=$(sed -n 's/.*uuid=\([^ ]*\).*/\1/p' <<<"$opts")
		rm -f "$img"
		truncate -s "$(rw_fs_size "$dest/.src/$tree$path")M" "$img"
		mkfs.ext4 -q -F ${label:+-L "$label"} ${uuid:+-U "$uuid"} \
			-E root_owner=0:0 -d "$dest/.src/$tree$path" "$img" ||
			return 1
		rm -rf "$dest/.src"
	done <<<"$RW_IMAGES"
}

# The size in MiB of a filesystem to hold the folder DIR, with room.
rw_fs_size()
{
	local kb

	kb=$(du -sk "$1" | cut -f1)
	echo $((kb * 12 / 10 / 1024 + 24))
}

# rw_substitute DIR TREE: every zero-byte file that stands for a kernel
# gets the host's kernel, every one that stands for an initrd gets a target
# initrd of its own (rw_target_initrd) whose marker is TREE:PATH (for a
# file in an image, TREE:IMAGE:PATH), so the target can say which ones the
# loader loaded and in which order.
rw_substitute()
{
	local dir=$1 tree=$2 f path

	e2e_find_kernel || rw_die "no kernel image in /boot"
	while IFS= read -r -d '' f; do
		path=${f#"$dir"}
		case $(rw_kind "$tree" "$path") in
		kernel) cp "$E2E_KERNEL" "$f" ;;
		initrd) rw_target_initrd "$f" "$tree:$path" ;;
		esac
	done < <(find "$dir" -type f -size 0 -print0)
}

# rw_target_initrd FILE MARKER: a newc archive with the target's /init (a
# busybox script: the command line, the initrds that arrived in the order
# they were unpacked, the systemd-boot entry that was chosen, all written to
# /dev/ttyS0 itself so the report is heard whatever console= the
# configuration gives), and /hb-initrd/N holding MARKER. Every initrd
# carries the whole /init, so whichever the loader loads can report; the
# markers' inode numbers (one CPU, given out in creation order) put them in
# unpacking order.
rw_target_initrd()
{
	local file=$1 marker=$2 stage mod

	stage=$(mktemp -d "${TMPDIR:-/tmp}/rw-initrd.XXXXXX")
	mkdir -p "$stage/bin" "$stage/dev" "$stage/proc" "$stage/sys" \
		"$stage/hb-initrd"
	cp "$RW_BUSYBOX" "$stage/bin/busybox"
	mknod -m 600 "$stage/dev/ttyS0" c 4 64 2>/dev/null || true
	mknod -m 600 "$stage/dev/console" c 5 1 2>/dev/null || true
	printf '%s\n' "$marker" >"$stage/hb-initrd/$(printf '%s' "$marker" |
		sha256sum | cut -c1-16)"
	mod=/lib/modules/$KVER/kernel/fs/efivarfs/efivarfs.ko
	[ ! -r "$mod" ] || cp "$mod" "$stage/efivarfs.ko"
	cat >"$stage/init" <<-'EOF'
	#!/bin/busybox sh
	B=/bin/busybox
	$B mount -t proc proc /proc
	$B mount -t sysfs sys /sys
	[ -c /dev/ttyS0 ] || $B mount -t devtmpfs dev /dev
	{
		printf 'HOPBOOT-TARGET cmdline=%s\n' "$($B cat /proc/cmdline)"
		$B ls -i /hb-initrd | $B sort -n | while read -r ino f; do
			printf 'HOPBOOT-TARGET initrd=%s\n' "$($B cat "/hb-initrd/$f")"
		done
		if [ -d /sys/firmware/efi ]; then
			$B insmod /efivarfs.ko 2>/dev/null
			$B mount -t efivarfs efivarfs /sys/firmware/efi/efivars
			v=/sys/firmware/efi/efivars/LoaderEntrySelected-4a67b082-0a4c-41cf-b6c7-440b29bb8c4f
			[ ! -r "$v" ] || printf 'HOPBOOT-TARGET entry=%s\n' \
				"$($B dd if="$v" bs=1 skip=4 2>/dev/null | $B tr -d '\000')"
		fi
		echo 'HOPBOOT-TARGET done'
	} >/dev/ttyS0
	$B sync
	$B poweroff -f
	EOF
	chmod 755 "$stage/init"
	e2e_cpio "$stage" "$file"
	rm -rf "$stage"
}

# rw_make_fs IMAGE TREE FOLDER [ext4]: the filesystem of one part from
# FOLDER, of the type LAYOUT gives it (or ext4 when asked: what a scan on
# this host can mount).
rw_make_fs()
{
	local img=$1 t=$2 src=$3 fs=${4:-${RW_FS[$2]}} label uuid size

	label=$(rw_opt "$t" label || true)
	uuid=$(rw_opt "$t" uuid || true)
	size=$(rw_opt "$t" size || rw_fs_size "$src")
	rm -f "$img"
	truncate -s "${size}M" "$img"
	case $fs in
	ext2 | ext3 | ext4)
		"mkfs.$fs" -q -F ${label:+-L "$label"} ${uuid:+-U "$uuid"} \
			-E root_owner=0:0${uuid:+,hash_seed=$uuid} -d "$src" "$img"
		;;
	vfat)
		# A FAT volume id is 8 hex digits; "ABCD-1234" is how
		# blkid and GRUB write it.
		mkfs.vfat ${label:+-n "$label"} ${uuid:+-i "${uuid/-/}"} \
			"$img" >/dev/null
		e2e_mcopy_tree "$img" "$src" ""
		;;
	*)
		echo "realworld: cannot make a $fs filesystem" >&2
		return 1
		;;
	esac
}

# Partition type GUIDs and MBR ids for LAYOUT's type=.
rw_ptype()
{
	local type=$1 table=$2

	case $table:$type in
	gpt:esp) echo C12A7328-F81F-11D2-BA4B-00A0C93EC93B ;;
	gpt:xbootldr) echo BC13C2FF-59E6-4262-A352-B275FD6F7172 ;;
	gpt:bios) echo 21686148-6449-6E6F-744E-656564454649 ;;
	gpt:*) echo 0FC63DAF-8483-4772-8E79-3D69D8477DE4 ;;
	mbr:esp) echo ef ;;
	mbr:xbootldr) echo ea ;;
	mbr:*) echo 83 ;;
	esac
}

# rw_make_disk SRC DISK [ext4]: a partitioned disk (LAYOUT's disk mbr or
# gpt) from the trees under SRC, one partition per part line, in order.
# With ext4, every filesystem is ext4 (the scan's copy). A gpt disk gets a
# 1 MiB BIOS boot partition first when GRUB's BIOS image goes on it; the
# parts still count from the first tree for GRUB's names in LAYOUT.
rw_make_disk()
{
	local src=$1 disk=$2 as=${3:-} t start=2048 size n=0 table line
	local -a lines=() imgs=() starts=()

	table=$RW_DISK
	for t in "${RW_PARTS[@]}"; do
		n=$((n + 1))
		rw_make_fs "$disk.p$n" "$t" "$src/$t" ${as:+"$as"} || return 1
		size=$(($(stat -c %s "$disk.p$n") / 512))
		line="start=$start, size=$size, type=$(rw_ptype "$(rw_opt "$t" type || echo linux)" "$table")"
		[ "$table" != gpt ] || line+=", name=$t"
		[ "$n" != 1 ] || [ "$table" != mbr ] || line+=", bootable"
		lines+=("$line")
		imgs+=("$disk.p$n")
		starts+=("$start")
		start=$(((start + size + 2047) / 2048 * 2048))
	done
	rm -f "$disk"
	truncate -s $(((start + 2048) * 512)) "$disk"
	{
		if [ "$table" = gpt ]; then
			echo "label: gpt"
			echo "label-id: 4C1D0C5E-0B5E-4E2E-9A3B-6E2E0000D000"
		else
			echo "label: dos"
			echo "label-id: 0x4c1d0d00"
		fi
		printf '%s\n' "${lines[@]}"
	} | sfdisk --quiet "$disk" || return 1
	for n in "${!imgs[@]}"; do
		dd if="${imgs[$n]}" of="$disk" bs=512 seek="${starts[$n]}" \
			conv=notrunc status=none
		rm -f "${imgs[$n]}"
	done
}

# rw_make_iso SRC ISO [BOOTARGS...]: an iso9660 image (Rock Ridge, Joliet)
# of the single tree under SRC, labelled as LAYOUT says, with fixed dates.
rw_make_iso()
{
	local src=$1 iso=$2 t=${RW_PARTS[0]} label

	shift 2
	label=$(rw_opt "$t" label || echo REALWORLD)
	find "$src/$t" -exec touch -h -d @0 {} +
	rm -f "$iso"
	xorriso -as mkisofs -quiet -r -J -joliet-long -V "$label" \
		--modification-date=2026010100000000 "$@" \
		-o "$iso" "$src/$t" 2>/dev/null
}

# Every configuration folder, in name order. A folder with a .pending file
# is one whose truth is still being recorded: it is left out until
# tests/realworld/record writes its TRUTH (and removes .pending).
rw_list()
{
	local d

	for d in "$RW_DIR"/*/; do
		[ -r "$d/LAYOUT" ] && [ ! -e "$d/.pending" ] && basename "$d"
	done
}
