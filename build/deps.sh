#!/bin/sh
# deps.sh - installs the Debian packages that the build and the tests need.
#
# Usage: build/deps.sh
#
# Checks every package with dpkg-query; as root it installs the missing ones
# (running `apt-get update` only then), otherwise it lists them and fails.
# Does nothing, quickly, when everything is there. The Makefile runs it once
# per output tree ($(OUT)/.deps).
set -eu

# What each group is for, so that the list can be pruned with confidence.
PACKAGES="
	make gcc libc6-dev linux-libc-dev musl-tools
	dpkg-dev apt debian-archive-keyring tar bzip2 gzip xz-utils zstd
	file cpio kmod
	e2fsprogs dosfstools mtools fdisk gdisk util-linux
	qemu-system-x86 linux-image-amd64
	ovmf systemd-boot-efi
	grub-pc-bin grub2-common grub-efi-amd64-bin xorriso
	extlinux syslinux-common isolinux
	perl tmux
	initramfs-tools busybox udev
	dnsmasq-base busybox iproute2 python3 curl
	jq pxelinux ipxe-qemu
	clang libclang-rt-14-dev libblkid-dev uuid-dev zlib1g-dev
"
# make gcc libc6-dev linux-libc-dev musl-tools: compilers and kernel headers
# dpkg-dev apt ... zstd: build/sysroot.sh (apt-get source, dpkg-source, tar)
# file cpio kmod: initramfs assembly and its checks (modinfo, depmod)
# e2fsprogs ... util-linux: test disk images (mkfs, mcopy, sfdisk, sgdisk)
# qemu-system-x86 linux-image-amd64: boot tests and `make run`
# ovmf systemd-boot-efi: tests/oracle, which boots the real systemd-boot
# grub-pc-bin grub2-common: tests/oracle/grub2 (grub-install), bench/grub
#   (grub-script-check, from grub-common)
# grub-efi-amd64-bin xorriso: tests/oracle/grub2-efi (GRUB for x86_64-efi)
#   and tests/oracle/grub2/iso-loopback.sh (the ISO GRUB loops over)
# extlinux syslinux-common: tests/oracle/extlinux and syslinux-oracle.t,
#   which install and boot the real extlinux 6.04; isolinux:
#   tests/oracle/isolinux (isolinux.bin on an El Torito CD)
# perl: prove, which runs tests/run
# initramfs-tools busybox udev: tests/e2e/hooks-*.t build real initramfs-tools
#   and dracut images (busybox: initramfs-tools's shell, whose 'read -t' the
#   hook needs; udev: both tools copy it in). dracut itself is fetched with
#   apt-get download into out/hooks, never installed (tests/e2e/lib-hooks.sh)
# tmux: tests/integration/menu.t types keys into the menu and reads the screen
# dnsmasq-base busybox iproute2 python3 curl: tests/integration/fetch.t
#   (dnsmasq's TFTP server, busybox httpd and tests/lib/fetch-server.py in
#   a network namespace) and bench/net (busybox tftp and curl to beat);
#   dnsmasq's DHCP too for tests/integration/netboot.t
# jq: the JSON checks of netboot.t and the oracle tests
# pxelinux ipxe-qemu: tests/oracle/pxelinux boots the real pxelinux 6.04
#   from QEMU's PXE ROM (make oracle)
# clang ... zlib1g-dev: build/sanitize.mk (make check SANITIZE=1, make fuzz):
#   clang with the ASan, UBSan and libFuzzer runtimes, linked with glibc

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps.sh: no dpkg-query, not a Debian system; make sure these" \
	     "(or their equivalents) are installed:" $PACKAGES >&2
	exit 0
fi

# shellcheck disable=SC2086
missing=$(dpkg-query -W -f='${Package} ${Status}\n' $PACKAGES 2>/dev/null |
	awk '$NF == "installed" { ok[$1] = 1 }
	     END {
		n = split(want, w, " ")
		for (i = 1; i <= n; i++)
			if (!(w[i] in ok))
				printf "%s ", w[i]
	     }' want="$(echo $PACKAGES)")
[ -n "$missing" ] || exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps.sh: missing packages: $missing" >&2
	echo "deps.sh: run build/deps.sh as root, or:" \
	     "apt-get install $missing" >&2
	exit 1
fi

echo "deps.sh: installing $missing"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
if ! apt-get -q update >/dev/null ||
   ! apt-get -q -y --no-install-recommends install $missing; then
	echo "deps.sh: could not install: $missing" >&2
	exit 1
fi
