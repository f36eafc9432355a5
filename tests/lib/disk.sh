# tests/lib/disk.sh - build disk images for tests without mounting anything.
# Source it. Needs sfdisk, mkfs.ext4, dd.

# mkext4 IMAGE SIZE_MB DIR [LABEL]: an ext4 filesystem holding DIR's files.
# Debian 12's mkfs defaults are fine for the kernel here; the UUID is fixed
# by the caller through E2FS_UUID when it wants stable ids.
mkext4() {
	local img=$1 size=$2 dir=$3 label=${4:-}
	rm -f "$img"
	truncate -s "${size}M" "$img"
	mkfs.ext4 -q -F ${label:+-L "$label"} ${E2FS_UUID:+-U "$E2FS_UUID"} \
		-E root_owner=0:0 -d "$dir" "$img"
}

# mkgpt DISK PART_IMAGE[:TYPE]...: a GPT disk whose partitions are the given
# images in order (TYPE is an sfdisk type alias such as linux or uefi),
# each starting at a 1 MiB boundary.
mkgpt() {
	local disk=$1; shift
	local total=2 spec="label: gpt"$'\n' p img type mb
	for p in "$@"; do
		img=${p%%:*}
		mb=$(( ($(stat -c %s "$img") + 1048575) / 1048576 ))
		total=$((total + mb))
	done
	rm -f "$disk"
	truncate -s "${total}M" "$disk"
	for p in "$@"; do
		img=${p%%:*}; type=linux
		[ "$p" != "$img" ] && type=${p#*:}
		mb=$(( ($(stat -c %s "$img") + 1048575) / 1048576 ))
		spec+="size=${mb}MiB, type=$type"$'\n'
	done
	printf '%s' "$spec" | sfdisk -q "$disk" >/dev/null
	local i=1 start
	for p in "$@"; do
		img=${p%%:*}
		start=$(sfdisk -J "$disk" | jq ".partitiontable.partitions[$((i - 1))].start")
		dd if="$img" of="$disk" bs=512 seek="$start" conv=notrunc \
			status=none
		i=$((i + 1))
	done
}
