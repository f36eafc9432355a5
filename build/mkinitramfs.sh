#!/bin/bash
# mkinitramfs.sh - build hopboot's reproducible $OUT/initramfs.cpio.gz.
#
# Environment:
#   OUT     build folder holding hopboot, busybox and mkcpio (default: out)
#   KVER    kernel whose modules go in (default: the newest in $MODDIR)
#   MODDIR  root of the module trees (default: /lib/modules)
#   MODLIST module names to include (default: modules.list beside this script)
#   MKCPIO  the archive writer (default: $OUT/mkcpio)
#
# Nothing is copied into a staging tree except what has to be generated
# (decompressed modules, modules.dep, hopboot.load): the image is described
# by a list for mkcpio with explicit modes, so the host's umask, owners and
# timestamps cannot leak into it. Same inputs, same bytes.
set -eu -o pipefail

# Sorting and messages must not depend on the caller's locale.
export LC_ALL=C

OUT=${OUT:-out}
MODDIR=${MODDIR:-/lib/modules}
KVER=${KVER:-}
MODLIST=${MODLIST:-$(dirname "$0")/modules.list}
MKCPIO=${MKCPIO:-$OUT/mkcpio}

WORK=
LIST=
declare -A ENTRY=()	# image path -> entry type, to refuse duplicates
declare -A MODPATH=()	# module name -> path relative to the module tree
declare -A MODDEPS=()	# relative path -> its dependencies (modules.dep)
declare -A BUILTIN=()	# module name -> 1 if built into the kernel
declare -A VISIT=()	# relative path -> "active" or "done"
declare -A SELECTED=()	# module name -> 1 once it is in the image
ORDER=()		# relative paths, every dependency before its users
declare -A ONDEMAND=()	# relative path -> 1: loaded by hopboot at mount time
phase=eager		# "on-demand" after modules.list's @on-demand line

die()
{
	echo "mkinitramfs: $*" >&2
	exit 1
}

warn()
{
	echo "mkinitramfs: warning: $*" >&2
}

# The kernel treats '-' and '_' in module names alike; so do we.
modname()
{
	local base=${1##*/}

	base=${base%%.ko*}
	REPLY=${base//-/_}
}

check_inputs()
{
	local f

	for f in "$OUT/hopboot" "$OUT/busybox" "$MKCPIO"; do
		[ -f "$f" ] && [ -x "$f" ] ||
			die "$f is missing or not executable; run make first."
	done
	[ -r "$MODLIST" ] || die "cannot read the module list $MODLIST."
	if [ -z "$KVER" ]; then
		KVER=$(ls "$MODDIR" 2>/dev/null | sort -V | tail -n 1) || KVER=
		[ -n "$KVER" ] || die "no kernel found in $MODDIR; set KVER."
	fi
	[ -r "$MODDIR/$KVER/modules.dep" ] ||
		die "$MODDIR/$KVER/modules.dep is missing; is KVER=$KVER right?"
}

# --- the entry list ---

# Every entry goes through here so that a path can only be claimed once and
# every parent directory exists (the kernel does not create parents).
add()
{
	local type=$1 path=$2

	[ -z "${ENTRY[$path]:-}" ] || die "$path would be added twice."
	add_parents "$path"
	ENTRY[$path]=$type
	shift 2
	echo "$type $path $*" >>"$LIST"
}

add_parents()
{
	local dir=${1%/*}

	[ -n "$dir" ] && [ -z "${ENTRY[$dir]:-}" ] || return 0
	add dir "$dir" 0755
}

stage_base()
{
	local d

	for d in /dev /proc /sys /run /etc /lib/modules; do
		add dir "$d" 0755
	done
	add dir /tmp 1777
	add dir /root 0700
	# The kernel opens /dev/console for PID 1's stdio before it runs
	# /init, before anyone could mount devtmpfs.
	add nod /dev/console 0600 c 5 1
	add nod /dev/null 0666 c 1 3
}

# hopboot is a regular file at /bin/hopboot and /init points at it, not the
# other way round: hopboot picks its role from argv[0], and the kernel runs
# /init with argv[0] "/init", so PID 1 gets the init role, while the same
# binary sits in PATH under its own name for the rescue shell and scripts.
stage_hopboot()
{
	# out/hopboot keeps its debug information for gdb; the image gets
	# the code only (strip's output depends on its input alone).
	strip -o "$WORK/hopboot" "$OUT/hopboot" ||
		die "cannot strip $OUT/hopboot."
	add file /bin/hopboot "$WORK/hopboot" 0755
	add slink /init /bin/hopboot 0777
	# busybox udhcpc's script: the lease for the daemon (doc/network.md).
	add file /usr/share/hopboot/udhcpc.script \
		"$(dirname "$0")/udhcpc.script" 0755
}

# One symlink per applet, where busybox --install would put it. In
# --list-full a bare name is a root-level applet (linuxrc), unless no name
# has a folder: a busybox built without the installer feature prints bare
# names only, and those go to /bin.
stage_busybox()
{
	local applets applet path bare=/bin/

	add file /bin/busybox "$OUT/busybox" 0755
	applets=$("$OUT/busybox" --list-full | sort -u) ||
		die "$OUT/busybox --list-full failed."
	[ -n "$applets" ] || die "$OUT/busybox --list-full printed nothing."
	case $applets in
	*/*)	bare=/ ;;
	esac
	while read -r applet; do
		case $applet in
		*/*)	path=/$applet ;;
		*)	path=$bare$applet ;;
		esac
		# /init is hopboot's, and a path hopboot already has stays
		# hopboot's; busybox's own init remains at /sbin/init.
		[ "$path" != /init ] && [ -z "${ENTRY[$path]:-}" ] || continue
		add slink "$path" /bin/busybox 0777
	done <<<"$applets"
}

# --- kernel modules ---

read_module_index()
{
	local rel deps line

	while IFS= read -r line; do
		rel=${line%%:*}
		deps=${line#*:}
		modname "$rel"
		MODPATH[$REPLY]=$rel
		MODDEPS[$rel]=$deps
	done <"$MODDIR/$KVER/modules.dep"
	if [ -r "$MODDIR/$KVER/modules.builtin" ]; then
		while IFS= read -r line; do
			modname "$line"
			BUILTIN[$REPLY]=1
		done <"$MODDIR/$KVER/modules.builtin"
	fi
}

# Depth-first, emitting a module after all of its dependencies. modules.dep
# already lists each module's full closure, but walking it recursively means
# the load order does not depend on the order within a line.
visit()
{
	local rel=$1 dep deps

	case ${VISIT[$rel]:-} in
	done)	return 0 ;;
	active)	die "modules.dep has a dependency cycle through $rel." ;;
	esac
	[ -n "${MODDEPS[$rel]+set}" ] ||
		die "$rel is a dependency but has no line in modules.dep."
	VISIT[$rel]=active
	read -ra deps <<<"${MODDEPS[$rel]}"
	for dep in "${deps[@]}"; do
		visit "$dep"
	done
	VISIT[$rel]=done
	ORDER+=("$rel")
	[ "$phase" = eager ] || ONDEMAND[$rel]=1
	modname "$rel"
	SELECTED[$REPLY]=1
}

resolve_modules()
{
	local line name names

	while IFS= read -r line; do
		read -ra names <<<"${line%%#*}"
		if [ "${names[*]:-}" = "@on-demand" ]; then
			phase=on-demand
			continue
		fi
		for name in "${names[@]}"; do
			modname "$name"
			name=$REPLY
			if [ -n "${MODPATH[$name]:-}" ]; then
				visit "${MODPATH[$name]}"
			elif [ -z "${BUILTIN[$name]:-}" ]; then
				warn "module $name is not in $KVER;" \
					"skipping it."
			fi
		done
	done <"$MODLIST"
}

# Writes the uncompressed module for $1 (relative path) to stdout.
module_data()
{
	local src=$MODDIR/$KVER/$1

	case $1 in
	*.ko.xz)	xz -dc "$src" ;;
	*.ko.zst)	zstd -dcq "$src" ;;
	*.ko.gz)	gzip -dc "$src" ;;
	*.ko)		cat "$src" ;;
	*)		die "$1 in modules.dep is not a .ko file." ;;
	esac
}

stage_modules()
{
	local rel plain image

	mkdir -p "$WORK/mod"
	: >"$WORK/hopboot.load"
	for rel in "${ORDER[@]}"; do
		plain=${rel%.ko*}.ko
		image=/lib/modules/$KVER/$plain
		mkdir -p "$WORK/mod/${plain%/*}"
		module_data "$rel" >"$WORK/mod/$plain" ||
			die "cannot decompress $MODDIR/$KVER/$rel."
		add file "$image" "$WORK/mod/$plain" 0644
		[ -n "${ONDEMAND[$rel]:-}" ] ||
			echo "$image" >>"$WORK/hopboot.load"
	done
	add file /lib/modules/hopboot.load "$WORK/hopboot.load" 0644
}

# Index files for busybox modprobe in the rescue shell, cut down from the
# kernel's own so that they are a pure function of the inputs (depmod's
# binary indexes would tie the image to the host's kmod version).
stage_module_index()
{
	local kdir=$MODDIR/$KVER

	printf '%s\n' "${!SELECTED[@]}" | sort >"$WORK/selected"
	# Keep the lines of the selected modules, minus compression suffixes.
	awk '
		function name(p) {
			sub(/.*\//, "", p); sub(/\.ko.*/, "", p)
			gsub(/-/, "_", p); return p
		}
		function plain(p) { sub(/\.ko.*/, ".ko", p); return p }
		FNR == NR { want[$1]; next }
		{
			rel = $1; sub(/:$/, "", rel)
			if (!(name(rel) in want)) next
			line = plain(rel) ":"
			for (i = 2; i <= NF; i++) line = line " " plain($i)
			print line
		}' "$WORK/selected" "$kdir/modules.dep" >"$WORK/modules.dep"
	add file "/lib/modules/$KVER/modules.dep" "$WORK/modules.dep" 0644

	# "alias PATTERN MODULE": lets modprobe take fs-vfat or a modalias.
	if [ -r "$kdir/modules.alias" ]; then
		awk 'FNR == NR { want[$1]; next }
			$1 == "alias" && ($3 in want)' \
			"$WORK/selected" "$kdir/modules.alias" \
			>"$WORK/modules.alias"
		add file "/lib/modules/$KVER/modules.alias" \
			"$WORK/modules.alias" 0644
	fi
	# So that modprobe says "builtin" instead of "not found".
	if [ -r "$kdir/modules.builtin" ]; then
		add file "/lib/modules/$KVER/modules.builtin" \
			"$kdir/modules.builtin" 0644
	fi
}

# --- the archive ---

write_archive()
{
	local tmp=$OUT/initramfs.cpio.gz.tmp

	"$MKCPIO" "$LIST" >"$WORK/initramfs.cpio"
	# -n: no file name or timestamp in the gzip header.
	gzip -n -9 -c "$WORK/initramfs.cpio" >"$tmp"
	mv -f "$tmp" "$OUT/initramfs.cpio.gz"
}

kib()
{
	echo "$(( ($1 + 1023) / 1024 )) KiB"
}

summary()
{
	local gz cpio hop bb mods

	gz=$(kib "$(stat -c %s "$OUT/initramfs.cpio.gz")")
	cpio=$(kib "$(stat -c %s "$WORK/initramfs.cpio")")
	hop=$(kib "$(stat -L -c %s "$WORK/hopboot")")
	bb=$(kib "$(stat -L -c %s "$OUT/busybox")")
	mods=$(kib "$(find "$WORK/mod" -type f -printf '%s\n' |
		awk '{ n += $1 } END { print n + 0 }')")
	echo "initramfs: $OUT/initramfs.cpio.gz $gz (cpio $cpio):" \
		"hopboot $hop, busybox $bb," \
		"${#ORDER[@]} modules for $KVER $mods"
}

main()
{
	check_inputs
	WORK=$(mktemp -d "${TMPDIR:-/tmp}/mkinitramfs.XXXXXX")
	trap 'rm -rf "$WORK" "$OUT/initramfs.cpio.gz.tmp"' EXIT
	LIST=$WORK/list

	stage_base
	stage_hopboot
	stage_busybox
	read_module_index
	resolve_modules
	stage_modules
	stage_module_index
	write_archive
	summary
}

main "$@"
