#!/bin/bash
# mkinitcpio-hook.t - the mkinitcpio hook: build() against recording stand-ins
# of mkinitcpio's functions, run_hook under the project's busybox sh.
#
# mkinitcpio is not packaged for Debian, so install/hopboot is sourced by a
# harness whose add_binary, add_file, add_module, add_checked_modules,
# add_runscript, ... record what they are asked for; every file must exist,
# every module must be one of the running kernel's (modules.dep or
# modules.builtin of KVER, which build/deps.sh installs with
# linux-image-amd64), every add_checked_modules pattern must match one, and
# add_runscript must find hooks/hopboot with a run_hook function, as real
# mkinitcpio looks for it. Then hooks/hopboot and hopboot-hook go into a
# chroot with out/busybox and a fake hopboot, and run_hook is run as
# mkinitcpio's /init runs it: the menu when asked, nothing with hopboot=0,
# and the boot goes on whatever the fake does (fails, is killed, is missing).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
OUT=${OUT:-out}
HOOKDIR=$PWD/mkinitcpio-hook
# The sanitizer run (build/sanitize.mk) has no busybox of its own.
BUSYBOX=${SL_BUSYBOX:-$OUT/busybox}

KVER=${KVER:-$(ls /lib/modules 2>/dev/null | sort -V | tail -n 1)}
MODDIR=/lib/modules/$KVER
[ -n "$KVER" ] && [ -r "$MODDIR/modules.dep" ] ||
	skip_all "no kernel modules in /lib/modules (build/deps.sh installs linux-image-amd64)"
[ -x "$OUT/hopboot" ] || { echo "Bail out! $OUT/hopboot is not built (make)"; exit 1; }
[ -x "$BUSYBOX" ] || { echo "Bail out! $BUSYBOX is not built (make sysroot)"; exit 1; }
[ "$(id -u)" -eq 0 ] || skip_all "needs root for chroot"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- build() and help() --------------------------------------------------

mkdir -p "$tmp/path"
ln -s "$(realpath "$OUT/hopboot")" "$tmp/path/hopboot"
rec=$tmp/calls
# The stand-ins print one line per call: NAME ARGS... (tab-separated).
cat >"$tmp/harness.sh" <<'EOF'
record() { local IFS=$'\t'; echo "$*" >>"$REC"; }
add_binary() { record add_binary "$@"; }
add_file() { record add_file "$@"; }
add_dir() { record add_dir "$@"; }
add_symlink() { record add_symlink "$@"; }
add_full_dir() { record add_full_dir "$@"; }
add_module() { record add_module "$@"; }
add_all_modules() { record add_all_modules "$@"; }
add_checked_modules() { record add_checked_modules "$@"; }
add_runscript() { record add_runscript "${BASH_SOURCE[1]##*/}"; }
add_udev_rule() { record add_udev_rule "$@"; }
map() { local f=$1; shift; for a; do "$f" "$a"; done; }
msg() { :; }
quiet() { :; }
plain() { :; }
warning() { record warning "$@"; }
error() { record error "$@"; }
set -u
. "$1"
"$2"
EOF
: >"$rec"
REC=$rec HOPBOOT_LIBDIR=$HOOKDIR PATH=$tmp/path:$PATH \
	bash "$tmp/harness.sh" "$HOOKDIR/install/hopboot" build >"$tmp/build.out" 2>&1
ok $? "install/hopboot: build() succeeds"
[ -s "$tmp/build.out" ] && diag_lines <"$tmp/build.out"
bash -n "$HOOKDIR/install/hopboot"
ok $? "install/hopboot is valid bash"
! grep -qE '^(warning|error)' "$rec"
ok $? "build() reports no warning or error"

field() { awk -F'\t' -v c="$1" -v n="$2" '$1 == c { print $n }' "$rec"; }

bins=$(field add_binary 2)
is "$bins" "hopboot" "add_binary is asked for hopboot, once"
for b in $bins; do
	[ -x "$(PATH=$tmp/path:$PATH type -P "$b")" ]
	ok $? "add_binary $b: found on PATH as an executable"
done

files=$(awk -F'\t' '$1 == "add_file" { print $2 "\t" $3 "\t" $4 }' "$rec")
[ -n "$files" ]
ok $? "add_file is asked for the helper"
while IFS=$'\t' read -r src dest mode; do
	[ -f "$src" ]
	ok $? "add_file source $src exists"
	case $dest in /*) s=0 ;; *) s=1 ;; esac
	ok $s "add_file destination $dest is absolute"
	is "$mode" 755 "add_file $dest is executable (mode 755)"
done <<<"$files"
field add_file 3 | grep -qx /usr/lib/hopboot/hopboot-hook
ok $? "the helper goes to /usr/lib/hopboot/hopboot-hook, where hooks/hopboot runs it"

# mkinitcpio: '-' and '_' are the same in a module name; '?' = optional.
norm() { tr '-' '_'; }
known=$tmp/modules
{
	sed -E 's/:.*//; s|.*/||; s/\.ko(\..*)?$//' "$MODDIR/modules.dep"
	sed -E 's|.*/||; s/\.ko$//' "$MODDIR/modules.builtin" 2>/dev/null
} | norm | sort -u >"$known"
mods=$(field add_module 2)
[ -n "$mods" ]
ok $? "add_module is asked for modules"
missing=
for m in $mods; do
	n=$(printf '%s' "${m%\?}" | norm)
	grep -qx -- "$n" "$known" || missing+=" $m"
done
is "${missing# }" "" "every add_module name is a module (or built in) of $KVER"
for fs in ext4 vfat isofs xfs btrfs; do
	printf '%s\n' $mods | grep -qx "$fs?"
	ok $? "the $fs driver is added, as optional (it may be built in)"
done
# hopboot loads these itself before a mount (discover/mount.c, fs_rules):
# each must be in the image, or that filesystem cannot be read.
need=$(sed -n '/fs_rules\[\] = {/,/^};/p' discover/mount.c |
	grep -oE '\{ "[a-z0-9_]+"(, "[a-z0-9_]+")* \}' | grep -oE '"[^"]+"' |
	tr -d '"' | sort -u)
[ -n "$need" ]
ok $? "discover/mount.c names the modules it loads"
absent=
for m in $need; do
	printf '%s\n' $mods | tr -d '?' | norm | grep -qx -- "$(printf '%s' "$m" | norm)" ||
		absent+=" $m"
done
is "${absent# }" "" "every module discover/mount.c loads is added"
pats=$(field add_checked_modules 2)
[ -n "$pats" ]
ok $? "add_checked_modules is asked for the disk controllers"
while read -r p; do
	[ -n "$p" ] || continue
	# mkinitcpio matches the pattern against module paths.
	sed 's/:.*//' "$MODDIR/modules.dep" | grep -Eq -- "$p"
	ok $? "add_checked_modules '$p' matches modules of $KVER"
done <<<"$pats"

is "$(field add_runscript 2)" "hopboot" "add_runscript is called from install/hopboot"
[ -f "$HOOKDIR/hooks/hopboot" ]
ok $? "hooks/hopboot exists beside install/ (what add_runscript looks for)"
grep -Eq '^run_hook[[:space:]]*\(\)' "$HOOKDIR/hooks/hopboot"
ok $? "hooks/hopboot defines run_hook (a hook of /init's main phase)"

: >"$rec"
help=$(REC=$rec bash "$tmp/harness.sh" "$HOOKDIR/install/hopboot" help)
ok $? "install/hopboot: help() succeeds"
like "$help" 'HOOKS=\(.*block.*filesystems.*hopboot' "help shows where it goes in HOOKS"
like "$help" 'hopboot=0' "help names hopboot=0"
like "$help" 'hopboot\.timeout=' "help names hopboot.timeout="
like "$help" 'boot goes on' "help says what happens when hopboot fails"

# --- run_hook under busybox sh -------------------------------------------

root=$tmp/root
TIMEOUT=$(command -v timeout)
CHROOT=$(command -v chroot)
mkdir -p "$root/bin" "$root/usr/bin" "$root/usr/lib/hopboot" "$root/hooks" \
	"$root/dev"
# /init has a devtmpfs by the time hooks run.
mknod -m 666 "$root/dev/null" c 1 3
cp "$BUSYBOX" "$root/bin/busybox"
chroot "$root" /bin/busybox --install -s /bin
ok $? "a chroot with the project's busybox"
cp "$HOOKDIR/hooks/hopboot" "$root/hooks/hopboot"
cp "$HOOKDIR/hopboot-hook" "$root/usr/lib/hopboot/hopboot-hook"
chmod 755 "$root/usr/lib/hopboot/hopboot-hook"
# The fake records its arguments and does what /fake-mode says.
cat >"$root/usr/bin/hopboot.fake" <<'EOF'
#!/bin/sh
echo "$*" >>/fake.log
case $(cat /fake-mode) in
ok) echo "FAKE: continue normal boot"; exit 0 ;;
fail) echo "FAKE: failing"; exit 1 ;;
kill) kill -KILL $$ ;;
esac
EOF
chmod 755 "$root/usr/bin/hopboot.fake"

# hook MODE CMDLINE [INPUT]: /init's way, with INPUT as the console.
hook()
{
	local mode=$1 cmdline=$2 input=${3:-}

	echo "$mode" >"$root/fake-mode"
	echo "$cmdline" >"$root/cmdline"
	rm -f "$root/fake.log"
	if [ "$mode" = missing ]; then
		rm -f "$root/usr/bin/hopboot"
	else
		cp "$root/usr/bin/hopboot.fake" "$root/usr/bin/hopboot"
	fi
	printf '%s' "$input" >"$tmp/input"
	# As /init does: source the hook, call run_hook, go on.
	out=$(env -i PATH=/usr/bin:/bin HOPBOOT_TTY= HOPBOOT_CMDLINE=/cmdline \
		"$TIMEOUT" 30 "$CHROOT" "$root" /bin/sh -c \
		'. /hooks/hopboot; run_hook; echo "AFTER status=$?"' \
		<"$tmp/input" 2>&1)
	calls=$(cat "$root/fake.log" 2>/dev/null)
}

hook ok "root=/dev/sda1 quiet hopboot"
is "$calls" "menu --timeout -1 --exec" \
	"hopboot: the menu runs at once, with no countdown of its own"
like "$out" 'AFTER status=0' "Continue normal boot: run_hook returns, /init goes on"

hook ok "root=/dev/sda1 hopboot=0"
is "$calls" "" "hopboot=0: no menu"
like "$out" 'AFTER status=0' "hopboot=0: /init goes on"

hook ok "root=/dev/sda1 hopboot hopboot=0"
is "$calls" "" "the last hopboot word wins"

hook fail "hopboot"
like "$out" 'the menu failed \(exit status 1\); continuing the normal boot' \
	"a failing menu is reported"
like "$out" 'AFTER status=0' "a failing menu: /init goes on"

hook kill "hopboot"
is "$calls" "menu --timeout -1 --exec" "the killed menu had been started"
like "$out" 'stopped by signal 9' "a killed menu is reported"
like "$out" 'AFTER status=0' "a killed menu: /init goes on"

hook missing "hopboot"
like "$out" 'hopboot program is not in this initramfs.*rebuild' \
	"a missing hopboot is reported with what to do"
like "$out" 'AFTER status=0' "a missing hopboot: /init goes on"

hook ok "root=/dev/sda1 hopboot.timeout=3" "x"
like "$out" 'press any key within 3 s' "without 'hopboot' it asks for a key"
is "$calls" "menu --timeout -1 --exec" "a key opens the menu"

hook ok "root=/dev/sda1 hopboot.timeout=1" ""
is "$calls" "" "no key (end of input): no menu"
like "$out" 'AFTER status=0' "no key: /init goes on"

hook ok "root=/dev/sda1 hopboot.timeout=0" "x"
is "$calls" "" "hopboot.timeout=0: it does not ask"

hook ok "hopboot.timeout=-1"
is "$calls" "menu --timeout -1 --exec" "hopboot.timeout=-1: the menu at once"

hook ok "hopboot.timeout=soon" "x"
like "$out" 'hopboot.timeout=soon is not a number of seconds' "a bad timeout is reported"
is "$calls" "menu --timeout -1 --exec" "a bad timeout still lets a key open the menu"

hook ok 'hopboot.timeout=* /* hopboot' "x"
is "$calls" "menu --timeout -1 --exec" "glob characters on the command line are not expanded"

done_testing
