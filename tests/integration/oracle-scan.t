#!/bin/bash
# oracle-scan.t - hopboot scan against the recorded truth of the systemd-boot and GRUB EFI oracle scenarios.
#
# tests/oracle/run-all --scan for the families no other test covers on the
# fast path (grub2-oracle.t and syslinux-oracle.t hold the GRUB BIOS and
# extlinux scenarios): every systemd-boot scenario (its ESP built as ext4,
# since this host cannot mount vfat; the recorded truth came from FAT
# under OVMF), GRUB EFI (skipped on a host that did not boot through EFI:
# $grub_platform is part of its truth). pxelinux has no disk to scan:
# `make oracle` boots it, and everything else, in QEMU.
set -u
cd "$(dirname "$0")/../.."
OUT=${OUT:-out}
export OUT
[ "$(id -u)" -eq 0 ] || { echo "1..0 # SKIP needs root for loop devices"; exit 0; }
exec tests/oracle/run-all --scan 'systemd-boot/*' 'grub2-efi/*'
