#!/bin/bash
# mkcpio.t - the cpio writer: entry types, newc headers, determinism, errors.
#
# Builds build/mkcpio.c itself with the host compiler, so it tests the
# source as it is now and not whatever out/mkcpio happens to be.
set -eu
export LC_ALL=C TZ=UTC

cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
TMP=$(mktemp -d "${TMPDIR:-/tmp}/mkcpio-t.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
MKCPIO=$TMP/mkcpio

# Field $2 (0 = magic, 1 = ino, ...) of the newc header at byte offset $1.
field()
{
	local len=8 skip=$((6 + ($2 - 1) * 8))

	[ "$2" -gt 0 ] || { len=6; skip=0; }
	echo $((16#$(dd if="$ARCHIVE" bs=1 skip=$(($1 + skip)) count=$len \
		status=none)))
}

build()
{
	cc -O2 -Wall -Wextra -Werror -o "$MKCPIO" build/mkcpio.c 2>&1 |
		diag_lines
	[ -x "$MKCPIO" ]
}

write_fixture()
{
	printf 'hello, initramfs\n' >"$TMP/hello"
	# Shuffled on purpose: the archive must come out sorted anyway.
	cat >"$TMP/list" <<-EOF
	# a comment, then a blank line

	nod /dev/console 0600 c 5 1
	slink /init /bin/hello 0777
	file /bin/hello $TMP/hello 0755
	dir /dev 0755
	nod dev/sda 0660 b 8 0
	dir /bin 0755
	EOF
	"$MKCPIO" "$TMP/list" >"$TMP/a.cpio"
}

listing_shows_every_type()
{
	local out

	out=$(cpio -itv --numeric-uid-gid <"$TMP/a.cpio" 2>/dev/null) ||
		return 1
	diag_lines <<<"$out"
	grep -Eq '^drwxr-xr-x +2 +0 +0 +0 Jan  1  1970 bin$' <<<"$out" &&
	grep -Eq '^-rwxr-xr-x +1 +0 +0 +17 Jan  1  1970 bin/hello$' <<<"$out" &&
	grep -Eq '^lrwxrwxrwx .* init -> /bin/hello$' <<<"$out" &&
	grep -Eq '^crw------- .* 5, +1 Jan  1  1970 dev/console$' <<<"$out" &&
	grep -Eq '^brw-rw---- .* 8, +0 Jan  1  1970 dev/sda$' <<<"$out"
}

sorted_parents_first()
{
	local names

	names=$(cpio -it <"$TMP/a.cpio" 2>/dev/null) || return 1
	[ "$names" = "$(printf '%s\n' bin bin/hello dev dev/console dev/sda \
		init)" ]
}

content_survives()
{
	mkdir "$TMP/x" &&
	(cd "$TMP/x" && cpio -id --quiet bin/hello <"$TMP/a.cpio") &&
	cmp "$TMP/hello" "$TMP/x/bin/hello"
}

runs_are_identical()
{
	"$MKCPIO" <"$TMP/list" >"$TMP/b.cpio" &&
	"$MKCPIO" - <"$TMP/list" >"$TMP/c.cpio" &&
	cmp "$TMP/a.cpio" "$TMP/b.cpio" && cmp "$TMP/a.cpio" "$TMP/c.cpio"
}

# Walk the headers: sequential inodes, mtime/uid/gid 0, a final trailer,
# and a length rounded to 512 bytes.
headers_are_clean()
{
	local off=0 ino=1 namesize filesize name size ids

	ARCHIVE=$TMP/a.cpio
	size=$(stat -c %s "$ARCHIVE")
	while [ "$off" -lt "$size" ] && [ "$ino" -lt 100 ]; do
		[ "$(field "$off" 0)" = $((16#070701)) ] ||
			{ diag "no magic at $off"; return 1; }
		namesize=$(field "$off" 12)
		filesize=$(field "$off" 7)
		name=$(dd if="$ARCHIVE" bs=1 skip=$((off + 110)) \
			count=$((namesize - 1)) status=none)
		ids="$(field "$off" 3):$(field "$off" 4):$(field "$off" 6)"
		[ "$ids" = 0:0:0 ] ||
			{ diag "$name: uid:gid:mtime $ids"; return 1; }
		if [ "$name" = "TRAILER!!!" ]; then
			[ "$(field "$off" 1)" = 0 ] && [ "$ino" = 7 ] &&
				[ $((size % 512)) = 0 ]
			return
		fi
		[ "$(field "$off" 1)" = "$ino" ] ||
			{ diag "$name: inode"; return 1; }
		ino=$((ino + 1))
		off=$(( (off + 110 + namesize + 3) / 4 * 4 ))
		off=$(( (off + filesize + 3) / 4 * 4 ))
	done
	diag "no trailer"
	return 1
}

# expect_error STATUS PATTERN LIST-TEXT: fails with STATUS, names the line.
expect_error()
{
	local status=$1 pattern=$2 rc=0

	printf '%s\n' "$3" >"$TMP/bad"
	"$MKCPIO" "$TMP/bad" >/dev/null 2>"$TMP/err" || rc=$?
	diag_lines <"$TMP/err"
	[ "$rc" = "$status" ] && grep -q -- "$pattern" "$TMP/err"
}

bad_lists_fail()
{
	expect_error 100 "bad, line 2: unknown entry type 'fil'" \
		"$(printf 'dir a 0755\nfil a/b x 0644')" &&
	expect_error 100 "line 1: a 'dir' entry takes 2 arguments, not 1" \
		'dir a' &&
	expect_error 100 "line 1: mode '0800' is not an octal" 'dir a 0800' &&
	expect_error 100 "line 1: device type 'x' is neither" \
		'nod a 0600 x 1 2' &&
	expect_error 100 "line 1: path 'a/../b' has an empty" \
		'dir a/../b 0755'
}

tree_errors_fail()
{
	expect_error 100 "line 1: the parent of 'a/b' is not listed" \
		'dir a/b 0755' &&
	expect_error 100 "line 2: the parent of 'f/x' is not listed" \
		"$(printf 'file f %s 0644\nslink f/x y 0777' "$TMP/hello")" &&
	expect_error 100 "line 3: path 'a' is already listed on line 1" \
		"$(printf 'dir a 0755\n\ndir /a 0700')"
}

missing_source_fails()
{
	expect_error 111 "line 1: cannot open source '$TMP/nope'" \
		"file a $TMP/nope 0644" &&
	expect_error 100 "line 1: source '$TMP' is not a regular file" \
		"file a $TMP 0644"
}

check "mkcpio.c compiles with -Wall -Wextra -Werror" build
check "a list with every entry type becomes an archive" write_fixture
check "cpio -itv shows a dir, file, symlink and both device kinds" \
	listing_shows_every_type
check "entries are sorted, parents first, leading / dropped" \
	sorted_parents_first
check "file content is stored unchanged" content_survives
check "argv, stdin and - give identical archives" runs_are_identical
check "headers: inodes 1..n, mtime, uid, gid 0, trailer, 512-byte end" \
	headers_are_clean
check "malformed lines fail with status 100 naming file and line" \
	bad_lists_fail
check "duplicates and missing parents fail naming the line" \
	tree_errors_fail
check "unreadable sources fail naming the line" missing_source_fails
done_testing
