#!/bin/bash
# install.t - make install DESTDIR=... PREFIX=/usr lays files out as a distribution package would.
#
# Installs into a temporary DESTDIR (twice: a second install must work over
# the first) and checks every file's place and mode, that nothing else was
# installed, and that the binary is the one built. make runs with -o on the
# binary so that the test never rebuilds it. The systemd unit is checked as
# installed, for both PREFIXes: its ExecStart= must be the installed program
# (issue 15: it ran /usr/bin/hopboot, and systemd did not load it).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
OUT=${OUT:-out}

[ -x "$OUT/hopboot" ] || { echo "Bail out! $OUT/hopboot is not built (make)"; exit 1; }
command -v make >/dev/null || skip_all "make is not installed"

# Directories made by install -D follow the umask; a package build's is 022.
umask 022
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest=$tmp/dest

# unit_runs_program ROOT PREFIX: the unit make install wrote under ROOT runs
# the program it installed there. systemd checks ExecStart= when it loads
# the unit, so with a wrong path 'systemctl kexec' fails with the unit
# enabled; systemd-analyze verify --root checks the command inside ROOT.
unit_runs_program()
{
	local root=$1 prefix=$2 unit exe out status

	unit=$root$prefix/lib/systemd/system/hopboot-kexec@.service
	exe=$(sed -n 's/^ExecStart=\([^ ]*\).*/\1/p' "$unit" 2>/dev/null)
	if [ "$exe" = "$prefix/sbin/hopboot" ]; then
		ok 0 "PREFIX=$prefix: the unit's ExecStart= is $prefix/sbin/hopboot"
	else
		ok 1 "PREFIX=$prefix: the unit's ExecStart= is $prefix/sbin/hopboot"
		diag "The installed unit runs '$exe', but make install put the program in $prefix/sbin/hopboot."
	fi
	if [ -n "$exe" ] && [ -f "$root$exe" ] && [ -x "$root$exe" ]; then
		ok 0 "PREFIX=$prefix: the unit's command is an executable file in DESTDIR"
	else
		ok 1 "PREFIX=$prefix: the unit's command is an executable file in DESTDIR"
		diag "The installed unit runs '$exe', which is not an executable file in DESTDIR."
	fi

	if ! command -v systemd-analyze >/dev/null; then
		ok 0 "PREFIX=$prefix: systemd-analyze verify # SKIP systemd-analyze is not installed"
		return
	fi
	# By name: systemd finds the unit under ROOT's unit path (also
	# /usr/local/lib/systemd/system). --man=no: the host lacks the page.
	out=$(systemd-analyze verify --man=no --root="$root" \
		hopboot-kexec@default.service 2>&1)
	status=$?
	is "$status" 0 "PREFIX=$prefix: systemd-analyze verify --root=DESTDIR hopboot-kexec@default.service"
	if [ "$status" -ne 0 ]; then
		diag "systemd would not load the installed unit, so 'systemctl kexec' with it enabled would fail:"
		printf '%s\n' "$out" | diag_lines
	fi
}

minstall()
{
	make --no-print-directory -o "$OUT/hopboot" OUT="$OUT" install "$@" \
		>"$tmp/make.log" 2>&1
}

minstall DESTDIR="$dest" PREFIX=/usr
ok $? "make install DESTDIR=... PREFIX=/usr succeeds"
[ $_tap_failed -eq 0 ] || diag_lines <"$tmp/make.log"
minstall DESTDIR="$dest" PREFIX=/usr
ok $? "a second make install over the first succeeds"

# path mode: every file but the documentation, whose list grows with doc/.
want="usr/lib/dracut/modules.d/90hopboot/hopboot-menu.sh 755
usr/lib/dracut/modules.d/90hopboot/module-setup.sh 755
usr/lib/hopboot/hopboot-hook 755
usr/lib/initcpio/hooks/hopboot 644
usr/lib/initcpio/install/hopboot 644
usr/lib/systemd/system/hopboot-kexec@.service 644
usr/sbin/hopboot 755
usr/share/initramfs-tools/hooks/hopboot 755
usr/share/initramfs-tools/scripts/init-premount/hopboot 755
usr/share/man/man8/hopboot.8 644"
got=$(cd "$dest" && find . -type f ! -path './usr/share/doc/*' -printf '%P %m\n' |
	LC_ALL=C sort)
is "$got" "$want" "every file in its place with its mode, and nothing else"

cmp -s "$OUT/hopboot" "$dest/usr/sbin/hopboot"
ok $? "usr/sbin/hopboot is the binary that was built"
for f in mkinitcpio-hook/install/hopboot:usr/lib/initcpio/install/hopboot \
	 mkinitcpio-hook/hooks/hopboot:usr/lib/initcpio/hooks/hopboot \
	 mkinitcpio-hook/hopboot-hook:usr/lib/hopboot/hopboot-hook \
	 doc/hopboot.8:usr/share/man/man8/hopboot.8; do
	cmp -s "${f%%:*}" "$dest/${f#*:}"
	ok $? "${f#*:} is ${f%%:*}"
done

docs=$(cd "$dest/usr/share/doc/hopboot" 2>/dev/null && ls | LC_ALL=C sort | tr '\n' ' ')
like "$docs" '(^| )README\.md ' "the README is in usr/share/doc/hopboot"
like "$docs" '(^| )install\.md ' "doc/install.md is in usr/share/doc/hopboot"
n=$(find "$dest/usr/share/doc/hopboot" -type f ! -perm 644 | wc -l)
is "$n" 0 "the documentation is mode 644"
n=$(find "$dest" -type d ! -perm 755 | wc -l)
is "$n" 0 "every directory is mode 755"

unit_runs_program "$dest" /usr

# The integrations name the helper where the package puts it.
for f in usr/lib/initcpio/hooks/hopboot \
	 usr/lib/dracut/modules.d/90hopboot/hopboot-menu.sh \
	 usr/share/initramfs-tools/scripts/init-premount/hopboot; do
	grep -q '^[[:space:]]*/usr/lib/hopboot/hopboot-hook ' "$dest/$f"
	ok $? "$f runs /usr/lib/hopboot/hopboot-hook"
done

minstall DESTDIR="$tmp/local"
ok $? "make install with the default PREFIX succeeds"
[ -x "$tmp/local/usr/local/sbin/hopboot" ]
ok $? "the default PREFIX is /usr/local"
unit_runs_program "$tmp/local" /usr/local

done_testing
