#!/bin/bash
# sysroot.sh - builds the musl sysroot (libblkid, libuuid, libz) and busybox.
#
# Usage: OUT=out [SRC=dir] [JOBS=2] build/sysroot.sh
#
# Makes $OUT/sysroot/{kheaders,include,lib} and $OUT/busybox, all for
# musl-gcc and static. Sources come from Debian source packages fetched with
# `apt-get source` through a private apt configuration in $OUT/apt (the
# system's apt state is not touched), or, with SRC=dir, from upstream
# tarballs util-linux-*.tar.*, zlib-*.tar.* and busybox-*.tar.* in dir.
# Each component has its own stamp, so a second run does nothing; the last
# step touches $OUT/sysroot/.done. Build output goes to $OUT/build-logs/.
set -eu -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
OUT=${OUT:-out}
SRC=${SRC:-}
JOBS=${JOBS:-2}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SYSROOT=$OUT/sysroot
LOGS=$OUT/build-logs
SRCDIR=$OUT/src
DL=$SRCDIR/dl
APTDIR=$OUT/apt
BB_CONFIG=$TOP/build/busybox.config
# Kernel headers for musl-gcc, which ships none: Debian's linux-libc-dev.
KHEADERS=$SYSROOT/kheaders
LIB_CFLAGS="-Os -ffunction-sections -fdata-sections -isystem $KHEADERS"

say() { printf 'sysroot: %s\n' "$*"; }
die() { printf 'sysroot.sh: %s\n' "$*" >&2; exit 1; }

# run COMPONENT STEP CMD... - runs CMD with its output in the component's
# log; on failure says what failed, where the log is, and its last lines.
run()
{
	local comp=$1 step=$2 log=$LOGS/$1.log
	shift 2
	printf '\n### %s: %s\n### %s\n' "$comp" "$step" "$*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		printf 'sysroot.sh: %s failed while %s; full log: %s\n' \
			"$comp" "$step" "$log" >&2
		tail -n 25 "$log" | sed 's/^/  | /' >&2
		exit 1
	fi
}

check_tools()
{
	local t missing=
	for t in musl-gcc gcc make tar dpkg-source apt-get install \
		 flock bzip2 xz gzip; do
		command -v "$t" >/dev/null || missing="$missing $t"
	done
	[ -z "$missing" ] ||
		die "missing tools:$missing; run build/deps.sh as root first"
}

# ---- sources -----------------------------------------------------------

# The mirror of the system's own Debian suite, from one-line sources.list
# files or deb822 .sources files; prints "URI KEYRING" (KEYRING may be "-").
system_mirror()
{
	local codename=$1 f files='' etc=${APT_ETC:-/etc/apt}
	for f in "$etc/sources.list" "$etc"/sources.list.d/*.list \
		 "$etc"/sources.list.d/*.sources; do
		[ -f "$f" ] && files="$files $f"
	done
	[ -n "$files" ] || return 0
	# shellcheck disable=SC2086
	awk -v want="$codename" '
	FNR == 1 { flush() }
	function flush() {
		if (types ~ /(^| )deb(-src)?( |$)/ && enabled != "no" &&
		    (" " suites " ") ~ (" " want " ") && uri != "" && !found) {
			print uri, (key ~ /^\// ? key : "-"); found = 1
		}
		types = suites = uri = key = enabled = ""
	}
	FILENAME ~ /\.sources$/ {
		if ($0 ~ /^[ \t]*$/) { flush(); next }
		if (tolower($1) == "types:") { $1 = ""; types = $0 }
		else if (tolower($1) == "suites:") { $1 = ""; suites = $0 }
		else if (tolower($1) == "uris:") uri = $2
		else if (tolower($1) == "signed-by:") key = $2
		else if (tolower($1) == "enabled:") enabled = tolower($2)
		next
	}
	function opt(s) {
		if (s ~ /^\[?signed-by=/) {
			sub(/^\[?signed-by=/, "", s); sub(/\]$/, "", s); key = s
		}
	}
	/^[ \t]*deb(-src)?[ \t]/ {
		i = 2
		if ($i ~ /^\[/) {
			for (; i < NF; i++) {
				opt($i)
				if ($i ~ /\]$/)
					break
			}
			i++
		}
		if ($(i + 1) == want && !found) {
			print $i, (key ~ /^\// ? key : "-"); found = 1
		}
		key = ""
	}
	END { flush() }' $files
}

APT_READY=
APT_OPTS=()
# Private apt configuration: our own sources list, lists and cache under
# $APTDIR; only the system's keyrings and apt.conf (proxies) are shared.
apt_setup()
{
	[ -z "$APT_READY" ] || return 0
	local codename mirror key m signed=
	codename=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
	[ -n "$codename" ] ||
		die "no VERSION_CODENAME in /etc/os-release;" \
		    "pass SRC=dir with upstream tarballs"
	m=$(system_mirror "$codename" | head -n 1)
	mirror=${m%% *}
	key=${m#* }
	if [ -z "$m" ]; then
		mirror=http://deb.debian.org/debian
		key=-
		say "no apt source for $codename found, using $mirror"
	fi
	if [ "$key" = - ] &&
	   [ -f /usr/share/keyrings/debian-archive-keyring.gpg ]; then
		key=/usr/share/keyrings/debian-archive-keyring.gpg
	fi
	[ "$key" = - ] || signed="[signed-by=$key] "
	mkdir -p "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial" \
		 "$APTDIR/sources.list.d"
	echo "deb-src $signed$mirror $codename main" >"$APTDIR/sources.list"
	APT_OPTS=(-q
		-o "Dir::Etc::SourceList=$APTDIR/sources.list"
		-o "Dir::Etc::SourceParts=$APTDIR/sources.list.d"
		-o "Dir::State::Lists=$APTDIR/lists"
		-o "Dir::Cache=$APTDIR/cache"
		-o "Dir::Cache::archives=$APTDIR/cache/archives"
		-o "Dir::State::extended_states=$APTDIR/extended_states"
		-o "APT::Sandbox::User=root"
		-o "Acquire::Languages=none"
		-o "Acquire::PDiffs=false")
	say "apt: updating source index for $codename from $mirror"
	run apt "updating the private source index ($APTDIR)" \
		apt-get "${APT_OPTS[@]}" update
	APT_READY=1
}

# prefetch NAME... - downloads the Debian source packages not yet in $DL,
# with one index update and one apt-get call.
prefetch()
{
	local name missing=
	[ -z "$SRC" ] || return 0
	mkdir -p "$DL"
	for name in "$@"; do
		[ -n "$(newest_dsc "$name")" ] || missing="$missing $name"
	done
	[ -n "$missing" ] || return 0
	apt_setup
	say "apt: downloading source packages:$missing"
	# shellcheck disable=SC2086
	(cd "$DL" && run apt "downloading source packages (apt-get source)" \
		apt-get "${APT_OPTS[@]}" source --download-only $missing)
	for name in $missing; do
		[ -n "$(newest_dsc "$name")" ] ||
			die "apt-get source $name left no .dsc in $DL;" \
			    "see $LOGS/apt.log"
	done
}

newest_dsc()
{
	ls "$DL/$1"_*.dsc 2>/dev/null | sort -V | tail -n 1 || :
}

# fetch NAME - unpacks a fresh source tree of NAME into $SRCDIR/NAME and sets
# SRC_DESC to what it was made from (recorded in the component's stamp).
fetch()
{
	local name=$1 tarball dsc dir=$SRCDIR/$1
	rm -rf "$dir"
	mkdir -p "$SRCDIR"
	if [ -n "$SRC" ]; then
		tarball=$(src_tarball "$name")
		mkdir -p "$dir"
		run "$name" "unpacking $tarball" \
			tar -xf "$tarball" -C "$dir" --strip-components=1
		SRC_DESC=$(basename "$tarball")
		return
	fi
	dsc=$(newest_dsc "$name")
	[ -n "$dsc" ] || die "$name: no source package in $DL"
	run "$name" "unpacking $dsc" dpkg-source -x "$dsc" "$dir"
	SRC_DESC=debian:$(basename "$dsc" .dsc)
}

# The newest upstream tarball of NAME in $SRC.
src_tarball()
{
	local t
	t=$(ls "$SRC/$1"-[0-9]*.tar.* 2>/dev/null | sort -V | tail -n 1 || :)
	[ -n "$t" ] || die "no $1-*.tar.* in SRC=$SRC"
	echo "$t"
}

# up_to_date NAME [EXTRA] - true when NAME's stamp exists and matches the
# source it would be built from now (and EXTRA, e.g. a config checksum).
up_to_date()
{
	local stamp=$SYSROOT/.stamp-$1 from
	[ -f "$stamp" ] || return 1
	from=$(head -n 1 "$stamp")
	if [ -n "$SRC" ]; then
		[ "$from" = "src=$(basename "$(src_tarball "$1")")" ] || return 1
	else
		case $from in src=debian:*) ;; *) return 1 ;; esac
	fi
	[ -z "${2:-}" ] || grep -qxF "$2" "$stamp"
}

stamp()
{
	printf 'src=%s\n%s\n' "$SRC_DESC" "${2:-}" >"$SYSROOT/.stamp-$1"
}

# ---- components ----------------------------------------------------------

build_kheaders()
{
	local multiarch d
	multiarch=$(gcc -print-multiarch 2>/dev/null || :)
	multiarch=${multiarch:-x86_64-linux-gnu}
	mkdir -p "$KHEADERS"
	for d in /usr/include/linux /usr/include/asm-generic /usr/include/mtd \
		 "/usr/include/$multiarch/asm"; do
		[ -d "$d" ] ||
			die "no kernel headers in $d (install linux-libc-dev)"
		[ "$(readlink "$KHEADERS/${d##*/}" || :)" = "$d" ] ||
			ln -sfn "$d" "$KHEADERS/${d##*/}"
	done
}

build_zlib()
{
	local t=$SECONDS d=$SRCDIR/zlib
	up_to_date zlib && return 0
	: >"$LOGS/zlib.log"
	say "zlib: building (log: $LOGS/zlib.log)"
	fetch zlib
	(cd "$d" && run zlib "configuring" env CC=musl-gcc \
		CFLAGS="$LIB_CFLAGS" ./configure --static --prefix=/usr)
	run zlib "compiling" make -C "$d" -j"$JOBS" libz.a
	mkdir -p "$SYSROOT/lib" "$SYSROOT/include"
	install -m 644 "$d/libz.a" "$SYSROOT/lib/"
	install -m 644 "$d/zlib.h" "$d/zconf.h" "$SYSROOT/include/"
	stamp zlib
	say "zlib: done in $((SECONDS - t)) s"
}

build_util_linux()
{
	local t=$SECONDS d=$SRCDIR/util-linux f
	up_to_date util-linux && return 0
	: >"$LOGS/util-linux.log"
	say "util-linux: building libblkid and libuuid, a few minutes" \
	    "(log: $LOGS/util-linux.log)"
	fetch util-linux
	# Debian's patches touch configure.ac and Makefile.am; the shipped
	# configure and Makefile.in still fit us, so keep make from wanting
	# autotools by making the generated files newer.
	for f in aclocal.m4 configure config.h.in; do
		[ ! -e "$d/$f" ] || touch "$d/$f"
	done
	find "$d" -name Makefile.in -exec touch {} +
	(cd "$d" && run util-linux "configuring" ./configure \
		CC=musl-gcc CFLAGS="$LIB_CFLAGS" \
		--prefix=/usr --disable-dependency-tracking \
		--disable-all-programs \
		--enable-libblkid --enable-libuuid \
		--disable-shared --enable-static \
		--disable-nls --disable-asciidoc --disable-poman \
		--disable-bash-completion --disable-pylibmount \
		--disable-makeinstall-chown --disable-makeinstall-setuid \
		--without-systemd --without-udev --without-python \
		--without-tinfo --without-ncurses --without-ncursesw \
		--without-readline --without-cap-ng --without-libz \
		--without-libmagic --without-user --without-btrfs \
		--without-selinux --without-audit --without-smack \
		--without-econf --without-cryptsetup --without-utempter)
	run util-linux "compiling libblkid and libuuid" \
		make -C "$d" -j"$JOBS" libblkid.la libuuid.la
	mkdir -p "$SYSROOT/lib" "$SYSROOT/include/blkid" \
		 "$SYSROOT/include/uuid"
	install -m 644 "$d/.libs/libblkid.a" "$d/.libs/libuuid.a" \
		"$SYSROOT/lib/"
	install -m 644 "$d/libblkid/src/blkid.h" "$SYSROOT/include/blkid/"
	install -m 644 "$d/libuuid/src/uuid.h" "$SYSROOT/include/uuid/"
	check_libs
	stamp util-linux
	say "util-linux: done in $((SECONDS - t)) s"
}

# A static program that uses both libraries must link and run.
check_libs()
{
	local c=$OUT/src/check-libs.c bin=$OUT/src/check-libs out
	cat >"$c" <<'EOF'
#include <stdio.h>
#include <blkid/blkid.h>
#include <uuid/uuid.h>

int main(void)
{
	uuid_t u = { 0 };
	char s[37];
	blkid_probe pr = blkid_new_probe_from_filename("/dev/null");

	uuid_unparse(u, s);
	printf("%s %s\n", s, pr ? "probe" : "noprobe");
	if (pr)
		blkid_free_probe(pr);
	return 0;
}
EOF
	run util-linux "linking a test program against libblkid and libuuid" \
		musl-gcc -static \
		-isystem "$KHEADERS" -isystem "$SYSROOT/include" \
		-o "$bin" "$c" -L"$SYSROOT/lib" -lblkid -luuid
	out=$("$bin") ||
		die "util-linux: the libblkid/libuuid test program $bin failed"
	case $out in
	00000000-0000-0000-0000-000000000000\ *) ;;
	*) die "util-linux: unexpected output from $bin: $out" ;;
	esac
}

# Merges busybox.config into an allnoconfig .config: each symbol it names
# replaces that symbol's line; unknown symbols are an error.
bb_merge()
{
	awk '
	FNR == NR {
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
			k = $0; sub(/=.*/, "", k); want[k] = $0
		}
		next
	}
	{
		k = ""
		if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) { k = $0; sub(/=.*/, "", k) }
		else if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) k = $2
		if (k in want) { print want[k]; seen[k] = 1 } else print
	}
	END {
		for (k in want)
			if (!(k in seen)) {
				print "busybox.config: unknown symbol " k \
					> "/dev/stderr"
				bad = 1
			}
		exit bad
	}' "$1" .config >.config.new && mv .config.new .config
}

# No questions: every symbol already has a value after bb_merge.
bb_oldconfig() { make -C "$1" oldconfig </dev/null; }

# Every CONFIG_ line of the fragment must be in the final .config.
bb_verify()
{
	local l bad=0
	while IFS= read -r l; do
		case $l in CONFIG_*=*) ;; *) continue ;; esac
		grep -qxF "$l" .config && continue
		echo "busybox.config: $l did not survive oldconfig" \
		     "(unmet dependency?):" \
		     "$(grep "^# ${l%%=*} \|^${l%%=*}=" .config)"
		bad=1
	done <"$1"
	return "$bad"
}

bb_sum() { echo "config=$(cksum <"$BB_CONFIG")"; }
busybox_ok() { up_to_date busybox "$(bb_sum)" && [ -x "$OUT/busybox" ]; }

build_busybox()
{
	local t=$SECONDS d=$SRCDIR/busybox sum frag=$OUT/src/busybox.fragment
	sum=$(bb_sum)
	busybox_ok && return 0
	: >"$LOGS/busybox.log"
	say "busybox: building (log: $LOGS/busybox.log)"
	fetch busybox
	{ cat "$BB_CONFIG"
	  echo "CONFIG_EXTRA_CFLAGS=\"-isystem $KHEADERS\""
	} >"$frag"
	run busybox "making allnoconfig" make -C "$d" allnoconfig
	(cd "$d" && run busybox "merging build/busybox.config" bb_merge "$frag")
	run busybox "running oldconfig" bb_oldconfig "$d"
	(cd "$d" && run busybox "checking the merged .config" bb_verify "$frag")
	run busybox "compiling" make -C "$d" -j"$JOBS" CC=musl-gcc busybox
	install -m 755 "$d/busybox" "$OUT/busybox.new"
	mv "$OUT/busybox.new" "$OUT/busybox"
	"$OUT/busybox" sh -c 'exit 0' ||
		die "busybox: $OUT/busybox does not run"
	cp "$d/.config" "$OUT/src/busybox.config.full"
	stamp busybox "$sum"
	say "busybox: done in $((SECONDS - t)) s," \
	    "$(stat -c %s "$OUT/busybox") bytes"
}

# ---- main ------------------------------------------------------------------

check_tools
mkdir -p "$SYSROOT" "$LOGS"
[ -z "$SRC" ] || [ -d "$SRC" ] || die "SRC=$SRC is not a directory"
[ -z "$SRC" ] || SRC=$(cd "$SRC" && pwd)
# One build at a time per output tree.
exec 9>"$OUT/.sysroot.lock"
flock -w 1800 9 || die "another sysroot.sh holds $OUT/.sysroot.lock"

# Kills the background util-linux build and everything under it.
BG=
kill_tree()
{
	local c
	for c in $(cat /proc/"$1"/task/*/children 2>/dev/null); do
		kill_tree "$c"
	done
	kill "$1" 2>/dev/null || :
}
cleanup() { [ -z "$BG" ] || kill_tree "$BG"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

build_kheaders
todo=
up_to_date zlib || todo="$todo zlib"
up_to_date util-linux || todo="$todo util-linux"
busybox_ok || todo="$todo busybox"
# shellcheck disable=SC2086
prefetch $todo
# util-linux's configure runs on one core for a minute; build zlib and
# busybox meanwhile.
build_util_linux &
BG=$!
build_zlib
build_busybox
if ! wait "$BG"; then
	BG=
	exit 1
fi
BG=
touch "$SYSROOT/.done"
say "ready: $SYSROOT and $OUT/busybox"
