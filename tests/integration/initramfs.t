#!/bin/bash
# initramfs.t - the initramfs is reproducible and holds what PID 1 needs.
#
# Builds the image twice from the real $OUT/hopboot, $OUT/busybox and
# $OUT/mkcpio (make check builds them first; without them this fails, it
# does not skip), then once more from a small fake module tree to cover
# compressed modules, built-in modules and missing ones.
set -eu
export LC_ALL=C TZ=UTC

cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
ROOT=$PWD
OUT=${OUT:-out}
case $OUT in
/*)	;;
*)	OUT=$ROOT/$OUT ;;
esac
KVER=${KVER:-$(ls /lib/modules 2>/dev/null | sort -V | tail -n 1)} || KVER=
TMP=$(mktemp -d "${TMPDIR:-/tmp}/initramfs-t.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

inputs_are_built()
{
	local f status=0

	for f in hopboot busybox mkcpio; do
		[ -f "$OUT/$f" ] && [ -x "$OUT/$f" ] && continue
		diag "$OUT/$f is missing; run make first"
		status=1
	done
	[ -n "$KVER" ] ||
		{ diag "no kernel in /lib/modules"; status=1; }
	return $status
}

# build DIR [VAR=VALUE...]: an OUT-like folder that borrows the real
# binaries, then the builder run on it. Its summary goes to the TAP log.
build()
{
	local dir=$1 f rc=0

	shift
	mkdir -p "$dir"
	for f in hopboot busybox mkcpio; do
		ln -sf "$OUT/$f" "$dir/$f"
	done
	env OUT="$dir" KVER="$KVER" "$@" "$ROOT/build/mkinitramfs.sh" \
		>"$dir/log" 2>&1 || rc=$?
	diag_lines <"$dir/log"
	return $rc
}

# unpack DIR: the archive's listing, and the few files the checks read.
unpack()
{
	local dir=$1

	mkdir -p "$dir/x" &&
	gzip -dc "$dir/initramfs.cpio.gz" >"$dir/initramfs.cpio" &&
	cpio -itv --numeric-uid-gid <"$dir/initramfs.cpio" >"$dir/listing" \
		2>/dev/null &&
	sed 's/.* Jan  1  1970 //; s/ -> .*//' "$dir/listing" >"$dir/names" &&
	(cd "$dir/x" && cpio -id --quiet bin/hopboot bin/busybox \
		lib/modules/hopboot.load 'lib/modules/*/modules.dep' \
		<"$dir/initramfs.cpio")
}

identical()
{
	cmp "$TMP/a/initramfs.cpio.gz" "$TMP/b/initramfs.cpio.gz"
}

# lists NAME-REGEX...: for each, some member's name matches.
lists()
{
	local re

	for re; do
		grep -Eq "$re" "$TMP/a/names" && continue
		diag "no member matches $re"
		return 1
	done
}

# The image holds out/hopboot stripped of its debug information.
init_is_hopboot()
{
	strip -o "$TMP/hopboot.stripped" "$OUT/hopboot" &&
	grep -Eq '^l.* init -> /bin/hopboot$' "$TMP/a/listing" &&
	cmp "$TMP/hopboot.stripped" "$TMP/a/x/bin/hopboot" &&
	cmp "$OUT/busybox" "$TMP/a/x/bin/busybox" &&
	grep -Eq '^l.* bin/sh -> /bin/busybox$' "$TMP/a/listing"
}

load_paths_exist()
{
	local path bad=0 count=0

	while IFS= read -r path; do
		count=$((count + 1))
		grep -qxF "${path#/}" "$TMP/a/names" && continue
		diag "$path is in hopboot.load but not in the archive"
		bad=1
	done <"$TMP/a/x/lib/modules/hopboot.load"
	diag "hopboot.load lists $count modules"
	[ "$count" -gt 0 ] && [ "$bad" = 0 ]
}

# load_order_ok DIR: in DIR's hopboot.load every module comes after each
# of its dependencies, as the image's own modules.dep gives them.
load_order_ok()
{
	local dir=$1 kdir line rel deps dep i=0 bad=0
	local -A pos=() depsof=()

	kdir=/lib/modules/$(ls "$dir/x/lib/modules" | grep -v '^hopboot')
	while IFS= read -r line; do
		depsof[$kdir/${line%%:*}]=${line#*:}
	done <"$dir/x$kdir/modules.dep"
	while IFS= read -r line; do
		pos[$line]=$((i += 1))
	done <"$dir/x/lib/modules/hopboot.load"
	for rel in "${!pos[@]}"; do
		[ -n "${depsof[$rel]+set}" ] ||
			{ diag "$rel has no modules.dep line"; bad=1; }
		read -ra deps <<<"${depsof[$rel]:-}"
		for dep in "${deps[@]}"; do
			[ "${pos[$kdir/$dep]:-999999}" -lt "${pos[$rel]}" ] &&
				continue
			diag "$rel is loaded before its dependency $dep"
			bad=1
		done
	done
	[ "$i" -gt 0 ] && [ "$bad" = 0 ]
}

mtimes_are_zero()
{
	local bad

	bad=$(grep -Ev '^[^ ]+ +[0-9]+ +0 +0 .* Jan  1  1970 ' \
		"$TMP/a/listing" | head -n 5)
	[ -z "$bad" ] || { diag_lines <<<"$bad"; return 1; }
	[ -s "$TMP/a/listing" ]
}

# The image's modules.dep may only name modules that are in the image,
# or busybox modprobe would fail on them in the rescue shell.
moddep_is_closed()
{
	local kdir=lib/modules/$KVER line word words bad=0

	while IFS= read -r line; do
		read -ra words <<<"${line/:/}"
		for word in "${words[@]}"; do
			grep -qxF "$kdir/$word" "$TMP/a/names" && continue
			diag "modules.dep names $word, not in the image"
			bad=1
		done
	done <"$TMP/a/x/$kdir/modules.dep"
	[ -s "$TMP/a/x/$kdir/modules.dep" ] && [ "$bad" = 0 ]
}

# A module tree like a distribution's with compressed modules: ext4 needs
# jbd2 (xz) which needs crc16 (zstd); mbcache is gzipped; crc32c is
# built in; "ghost" exists nowhere.
make_fake_tree()
{
	local k=$TMP/fake/9.9.9-test

	mkdir -p "$k/kernel/fs/ext4" "$k/kernel/fs/jbd2" "$k/kernel/lib" &&
	echo "fake ext4" >"$k/kernel/fs/ext4/ext4.ko" &&
	echo "fake jbd2" | xz -c >"$k/kernel/fs/jbd2/jbd2.ko.xz" &&
	echo "fake crc16" | zstd -qc >"$k/kernel/lib/crc16.ko.zst" &&
	echo "fake mbcache" | gzip -nc >"$k/kernel/fs/mbcache.ko.gz" &&
	cat >"$k/modules.dep" <<-EOF &&
	kernel/fs/ext4/ext4.ko: kernel/lib/crc16.ko.zst kernel/fs/mbcache.ko.gz kernel/fs/jbd2/jbd2.ko.xz
	kernel/fs/jbd2/jbd2.ko.xz: kernel/lib/crc16.ko.zst
	kernel/lib/crc16.ko.zst:
	kernel/fs/mbcache.ko.gz:
	EOF
	echo "kernel/crypto/crc32c_generic.ko" >"$k/modules.builtin" &&
	printf '%s\n' '# test list' crc32c-generic ext4 ghost >"$TMP/fake.list"
}

fake_build()
{
	make_fake_tree &&
	build "$TMP/f" KVER=9.9.9-test MODDIR="$TMP/fake" \
		MODLIST="$TMP/fake.list" &&
	unpack "$TMP/f"
}

fake_modules_decompressed()
{
	local k=$TMP/f/y/lib/modules/9.9.9-test/kernel

	mkdir "$TMP/f/y" &&
	(cd "$TMP/f/y" && cpio -id --quiet 'lib/modules/*' \
		<"$TMP/f/initramfs.cpio") &&
	[ "$(cat "$k/fs/ext4/ext4.ko")" = "fake ext4" ] &&
	[ "$(cat "$k/fs/jbd2/jbd2.ko")" = "fake jbd2" ] &&
	[ "$(cat "$k/lib/crc16.ko")" = "fake crc16" ] &&
	[ "$(cat "$k/fs/mbcache.ko")" = "fake mbcache" ] &&
	grep -qxF 'kernel/fs/jbd2/jbd2.ko: kernel/lib/crc16.ko' \
		"$TMP/f/y/lib/modules/9.9.9-test/modules.dep"
}

fake_warnings()
{
	grep -q 'warning: module ghost is not in 9.9.9-test' "$TMP/f/log" &&
	! grep -q crc32c "$TMP/f/log"
}

check "hopboot, busybox and mkcpio are built in $OUT" inputs_are_built
if [ "$_tap_failed" != 0 ]; then
	echo "Bail out! Build hopboot, busybox and mkcpio first."
	exit 1
fi
check "first build succeeds" build "$TMP/a"
check "second build succeeds" build "$TMP/b"
check "the two builds are byte-identical" identical
check "the archive unpacks and lists" unpack "$TMP/a"
check "archive lists /init" lists '^init$'
check "archive lists /bin/busybox" lists '^bin/busybox$'
check "archive lists /dev/console" lists '^dev/console$'
check "archive lists /lib/modules/hopboot.load" \
	lists '^lib/modules/hopboot\.load$'
check "archive lists ext4.ko and vfat.ko" \
	lists '/fs/ext4/ext4\.ko$' '/fs/fat/vfat\.ko$'
check "/init -> /bin/hopboot; hopboot and busybox are the real ones" \
	init_is_hopboot
check "every path in hopboot.load is in the archive" load_paths_exist
check "every module in hopboot.load comes after its dependencies" \
	load_order_ok "$TMP/a"
check "every member has mtime 0 and owner 0:0 (cpio -itv)" mtimes_are_zero
check "the image's modules.dep names only modules in the image" \
	moddep_is_closed
check "a fake tree of .ko, .ko.xz, .ko.zst and .ko.gz builds" fake_build
check "compressed modules are stored decompressed, suffixes dropped" \
	fake_modules_decompressed
check "fake tree: missing module warns, built-in one is quiet" \
	fake_warnings
check "fake tree: dependencies load first" load_order_ok "$TMP/f"
done_testing
