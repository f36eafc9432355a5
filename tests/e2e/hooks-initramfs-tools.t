#!/bin/bash
# hooks-initramfs-tools.t - QEMU boot of a real initramfs-tools image carrying the hopboot hook.
#
# Debian's mkinitramfs, with a configuration folder of our own (-d; the
# host's /etc/initramfs-tools and /boot are not touched) holding
# hooks/hopboot and scripts/init-premount/hopboot, builds an image for the
# Debian kernel; it must hold hopboot, its helper and the boot script. QEMU
# boots it with a root disk and the BLS disk of mkdisk-bls.sh: the hook
# asks for a key, a key opens the menu, and "Continue normal boot" must go
# on to the root's /sbin/init. HOPBOOT_SLOW_TESTS=1 also boots it with
# 'hopboot' and chooses the BLS entry, whose kernel must get systemd-boot's
# command line. See lib-hooks.sh.
set -u
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-600}
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/lib-hooks.sh"

missing=$(e2e_missing_tool)
[ -z "$missing" ] || { echo "1..0 # SKIP $missing is not installed"; exit 0; }
e2e_find_kernel || { echo "1..0 # SKIP no kernel image /boot/vmlinuz-${KVER:-?}"; exit 0; }
[ -x "$OUT/hopboot" ] || hooks_die "$OUT/hopboot is not built (make)"
command -v mkinitramfs >/dev/null ||
	hooks_die "mkinitramfs is missing: build/deps.sh installs initramfs-tools"

work=$OUT/tests/e2e/hooks-initramfs-tools
mkdir -p "$work"
trap 'hooks_stop; rm -f "$work"/*.img' EXIT
E2E_N=0
E2E_FAILED=0

hooks_bin
hooks_image itools "$work/initrd.img" >"$work/build.log" 2>&1
status=$?
version=$(dpkg-query -W -f '${Version}' initramfs-tools-core 2>/dev/null)
e2e_check $status "mkinitramfs $version builds an image with the hook"
list=$(unmkinitramfs -v "$work/initrd.img" "$work/unpacked" 2>/dev/null; \
	cd "$work/unpacked" 2>/dev/null && find . | sed 's|^\./||')
rm -rf "$work/unpacked"
for f in usr/bin/hopboot usr/lib/hopboot/hopboot-hook \
	 scripts/init-premount/hopboot 'kernel/fs/isofs/isofs.ko' \
	 'kernel/fs/fat/vfat.ko'; do
	printf '%s\n' "$list" | grep -q -- "$f"
	e2e_check $? "the image holds $f"
done
grep -q '^W: hopboot' "$work/build.log"
e2e_check $((!$?)) "the hook gave no warning"
[ "$E2E_FAILED" -eq 0 ] || sed 's/^/# /' "$work/build.log" | tail -n 30

hooks_make_root "$work/root.img"
"$E2E_DIR/mkdisk-bls.sh" "$work/bls.img" "Hooks Test Entry" >"$work/mkdisk.log" 2>&1 ||
	hooks_die "cannot build the BLS disk (see $work/mkdisk.log)"

hooks_want continue continue &&
	hooks_scenario continue "$work/initrd.img" "$work" initramfs-tools
hooks_want entry continue &&
	hooks_scenario entry "$work/initrd.img" "$work" initramfs-tools
echo "1..$E2E_N"
[ "$E2E_FAILED" -eq 0 ]
