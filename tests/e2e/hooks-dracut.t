#!/bin/bash
# hooks-dracut.t - QEMU boot of a real dracut image carrying the hopboot module.
#
# Debian's dracut-core, unpacked under $OUT/hooks (never installed: it would
# replace initramfs-tools), builds a generic image with '--add hopboot' for
# the Debian kernel; the image must hold hopboot, its helper and the
# pre-mount hook. Then QEMU boots it with a root disk and the BLS disk of
# mkdisk-bls.sh and 'hopboot' on the command line: the menu must come up
# before the root is mounted, and choosing the BLS entry must start its
# kernel with systemd-boot's command line. HOPBOOT_SLOW_TESTS=1 also boots
# it once more and chooses "Continue normal boot" after the key prompt: the
# root's /sbin/init must then run. See lib-hooks.sh.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-600}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hooks.sh"

missing=$(e2e_missing_tool)
[ -z "$missing" ] || { echo "1..0 # SKIP $missing is not installed"; exit 0; }
e2e_find_kernel || { echo "1..0 # SKIP no kernel image /boot/vmlinuz-${KVER:-?}"; exit 0; }
[ -x "$OUT/hopboot" ] || hooks_die "$OUT/hopboot is not built (make)"
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root to unpack and run dracut"; exit 0; }

work=$OUT/tests/e2e/hooks-dracut
mkdir -p "$work"
trap 'hooks_stop; rm -f "$work"/*.img' EXIT
E2E_N=0
E2E_FAILED=0

hooks_bin
hooks_fetch_dracut
hooks_image dracut "$work/initrd.img" >"$work/build.log" 2>&1
status=$?
version=$(sed 's/_amd64\.deb$//' "$HOOKS_OUT/dracut/.done")
e2e_check $status "dracut ($version) builds an image with --add hopboot"
list=$(zcat "$work/initrd.img" | cpio -t --quiet 2>/dev/null)
for f in usr/bin/hopboot usr/lib/hopboot/hopboot-hook \
	 'lib/dracut/hooks/pre-mount/90-hopboot-menu.sh' \
	 'kernel/fs/isofs/isofs.ko' 'kernel/fs/fat/vfat.ko'; do
	printf '%s\n' "$list" | grep -q -- "$f"
	e2e_check $? "the image holds $f"
done
[ "$E2E_FAILED" -eq 0 ] || sed 's/^/# /' "$work/build.log" | tail -n 30

hooks_make_root "$work/root.img"
"$E2E_DIR/mkdisk-bls.sh" "$work/bls.img" "Hooks Test Entry" >"$work/mkdisk.log" 2>&1 ||
	hooks_die "cannot build the BLS disk (see $work/mkdisk.log)"

hooks_want entry entry && hooks_scenario entry "$work/initrd.img" "$work" dracut
hooks_want continue entry && hooks_scenario continue "$work/initrd.img" "$work" dracut
echo "1..$E2E_N"
[ "$E2E_FAILED" -eq 0 ]
