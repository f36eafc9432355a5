#!/bin/bash
# kexec.t - hopboot kexec on this host, with a loop image of its own: the
# listing, --status, --unload, a load that the host kernel refuses with a
# sentence, the command line it would hand over, usage errors, and the
# hopboot-kexec@.service unit through systemd-analyze verify. The boot
# itself is tests/e2e/kexec-cmd.t (QEMU).
set -u
cd "$(dirname "$0")/../.."
. tests/lib/tap.sh
. tests/lib/disk.sh
OUT=${OUT:-out}
HB=$(realpath -m "$OUT/hopboot")
UNIT=systemd/hopboot-kexec@.service

[ "$(id -u)" -eq 0 ] || skip_all "needs root for loop devices"
[ -x "$HB" ] || { echo "Bail out! $HB is not built (make)"; exit 1; }

tmp=$(mktemp -d)
loop=
cleanup()
{
	[ -n "$loop" ] && losetup -d "$loop" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

# A partition image (this host's loop driver does not scan partition
# tables): ext4 with one BLS entry (the default) and one with no kernel.
root=$tmp/root
mkdir -p "$root/loader/entries"
echo "not a kernel" >"$root/vmlinuz"
echo a >"$root/initrd.img"
cat >"$root/loader/entries/test.conf" <<'CONF'
title Kexec test
linux /vmlinuz
initrd /initrd.img
options console=ttyS0 from-entry=1
CONF
cat >"$root/loader/entries/zz-broken.conf" <<'CONF'
title Broken entry
linux /missing
CONF
E2FS_UUID=7a0bd3b6-5f6c-4d2a-8f1e-2c3b4d5e6f70 mkext4 "$tmp/p1.img" 8 "$root"
sum_before=$(sha256sum <"$tmp/p1.img")
loop=$(losetup -r -f --show "$tmp/p1.img") ||
	{ echo "Bail out! cannot attach $tmp/p1.img"; exit 1; }
id=uuid:7a0bd3b6-5f6c-4d2a-8f1e-2c3b4d5e6f70:bls:test
dirs_before=$(ls -d /tmp/hopboot-kexec.* 2>/dev/null | wc -l)
mounts_before=$(grep -c . /proc/self/mountinfo)

kx() { timeout 60 "$HB" kexec "$@"; }

# 1. --status, as /sys/kernel/kexec_loaded says.
out=$(kx --status); status=$?
if [ -e /sys/kernel/kexec_loaded ]; then
	like "$out" '^(loaded|not loaded): ' "--status says loaded or not"
	if [ "$(cat /sys/kernel/kexec_loaded)" = 1 ]; then want=0; else want=1; fi
	is "$status" "$want" "--status exits 0 only when a kernel is loaded"
else
	like "$out" '^unsupported: .*CONFIG_KEXEC' \
		"--status: this kernel has no kexec, and it says so"
	is "$status" 1 "--status exits 1 without kexec"
fi

# 2. Without an entry: the list, as 'scan' prints it.
out=$(kx --from "$loop"); status=$?
is "$status" 0 "listing exits 0"
like "$out" 'Kexec test' "the list has the entry's title"
like "$out" "$id" "and its id"
out=$(kx --from "$root"); status=$?
like "$out" 'Kexec test' "a directory can be listed too"

# 3. Loading: this kernel refuses, with a sentence a user can act on.
err=$(kx --from "$loop" --load-only "$id" 2>&1 >/dev/null); status=$?
is "$status" 1 "loading on this host fails with exit 1"
if [ -e /sys/kernel/kexec_loaded ]; then
	like "$err" 'not a kernel this machine can start' \
		"a file that is not a kernel is refused with a sentence"
else
	like "$err" 'unable to load "Kexec test": this kernel cannot load kernels: it was built without kexec_file_load \(CONFIG_KEXEC_FILE\)' \
		"no kexec_file_load: the ENOSYS sentence"
fi
err=$(kx --from "$loop" --load-only default 2>&1 >/dev/null)
like "$err" '"Kexec test"' "'default' is the entry BLS picks"
err=$(kx --from "$loop" --load-only --title "Kexec test" 2>&1 >/dev/null)
like "$err" '"Kexec test"' "--title picks by title"
err=$(kx --from "$loop" --load-only "Broken entry" 2>&1 >/dev/null); status=$?
is "$status" 1 "an id that is no entry's exits 1"
like "$err" "no entry has the id 'Broken entry'.*--title" \
	"and says how to list them and how to pick by title"
err=$(kx --from "$loop" --load-only --title "Broken entry" 2>&1 >/dev/null)
like "$err" 'unable to load "Broken entry": .*missing' \
	"an entry with errors is not loaded, and its error is said"
err=$(kx --unload 2>&1); status=$?
if [ -e /sys/kernel/kexec_loaded ]; then
	diag "--unload not run: this host can kexec and may hold a kernel"
else
	is "$status" 1 "--unload fails without kexec_file_load"
	like "$err" 'CONFIG_KEXEC_FILE' "and says why"
fi

# 4. The command line it would hand over (--debug shows it before the
# kernel refuses): the entry's, --cmdline, --reuse-cmdline, --append.
line() { kx --debug --from "$loop" --load-only "$id" "$@" 2>&1 |
	 sed -n "s/.*with command line '\(.*\)'$/\1/p"; }
own='initrd=\initrd.img console=ttyS0 from-entry=1'
is "$(line)" "$own" "the entry's own command line (systemd-boot's)"
is "$(line --append 'a=1 b')" "$own a=1 b" \
	"--append adds words"
is "$(line --cmdline 'root=/dev/x')" "root=/dev/x" "--cmdline replaces it"
want=$(sed -E 's/(^| )(BOOT_IMAGE|initrd)=[^ ]*//g; s/^ +//' /proc/cmdline)
is "$(line --reuse-cmdline --append extra=1)" "$want extra=1" \
	"--reuse-cmdline: /proc/cmdline without the loader's words, then --append"

# 5. Usage errors exit 2 and scan nothing.
usage_is_2()
{
	local desc=$1

	shift
	kx "$@" >/dev/null 2>&1
	is "$?" 2 "usage error: $desc"
}
usage_is_2 "--load-only with --now" --load-only --now "$id"
usage_is_2 "--cmdline with --reuse-cmdline" --cmdline x --reuse-cmdline "$id"
usage_is_2 "two entries" a b
usage_is_2 "an ID with --default" --default "$id"
usage_is_2 "--status with an entry" --status "$id"
usage_is_2 "--status with --unload" --status --unload
usage_is_2 "an unknown option" --bogus
usage_is_2 "--now without an entry" --now
usage_is_2 "--unbind with --load-only" --unbind xhci_hcd --load-only "$id"
kx --help | grep -q -- '--reuse-cmdline'
ok $? "--help lists the options and exits 0"

# 6. Not root: a sentence, exit 1.
if id nobody >/dev/null 2>&1; then
	err=$(setpriv --reuid=nobody --regid=nogroup --clear-groups \
		"$HB" kexec "$id" 2>&1); status=$?
	is "$status" 1 "not root: exit 1"
	like "$err" 'must run as root' "not root: it says so"
fi

# 7. Nothing left behind, nothing written.
is "$(ls -d /tmp/hopboot-kexec.* 2>/dev/null | wc -l)" "$dirs_before" \
	"no mount point left in /tmp"
is "$(grep -c . /proc/self/mountinfo)" "$mounts_before" \
	"no mount left in this namespace"
losetup -d "$loop"; loop=
is "$(sha256sum <"$tmp/p1.img")" "$sum_before" "the image is unchanged"

# 8. The unit file: systemd-analyze verify inside a root holding hopboot.
if ! command -v systemd-analyze >/dev/null; then
	diag "systemd-analyze verify not run: systemd-analyze is not installed"
else
	r=$tmp/unitroot
	mkdir -p "$r/usr/sbin" "$r/etc/systemd/system"
	cp "$HB" "$r/usr/sbin/hopboot"
	# The unit is a template: make install writes the program's directory.
	sed 's|@SBINDIR@|/usr/sbin|g' "$UNIT" >"$r/etc/systemd/system/hopboot-kexec@.service"
	# --man=no: the manual page is not installed on the build host.
	for inst in default "$(systemd-escape 'fedora-6.5')"; do
		out=$(systemd-analyze verify --man=no --root="$r" \
			"hopboot-kexec@$inst.service" 2>&1)
		is "$?" 0 "systemd-analyze verify hopboot-kexec@$inst.service"
		[ -z "$out" ] || diag "$out"
	done
	grep -q '^ExecStart=@SBINDIR@/hopboot kexec --load-only %I$' "$UNIT"
	ok $? "the unit loads the instance's entry with --load-only"
	grep -Eq '^Before=.*kexec\.target' "$UNIT"
	ok $? "before kexec.target"
	rm "$r/usr/sbin/hopboot"
	systemd-analyze verify --man=no --root="$r" \
		hopboot-kexec@default.service >/dev/null 2>&1
	is "$?" 1 "verify can fail: without /usr/sbin/hopboot it does"
fi

done_testing
