#!/bin/bash
# bls-boot.t - QEMU boot: hopboot finds a BLS entry on a GPT disk and kexecs it.
#
# The disk from mkdisk-bls.sh: an ext4 data partition, then an ESP with one
# entry that has two initrds (one path without a leading '/') and two
# options lines. The kexec'd kernel must get exactly the command line
# systemd-boot 252 passes (recorded from the real loader in
# tests/oracle/systemd-boot/two-initrds.expected), both initrds in order.
set -eu
E2E_QEMU_LIMIT=${E2E_QEMU_LIMIT:-180}
. "$(dirname "$0")/lib.sh"

BOOT_NAME=bls-boot
BOOT_DISK_DESC="GPT: ext4, then an ESP with a BLS entry"
BOOT_LOADER="systemd-boot 252 passes"
WANT_CMDLINE=$E2E_BLS_CMDLINE
WANT_INITRDS="a,b last=b"
# QEMU's IDE controller is bound and unused: PID 1 must unbind it.
BOOT_APPEND="hopboot.unbind=ata_piix"
BOOT_LOG_WANT="hopboot: unbound 1 device\(s\) of ata_piix"

make_disk()
{
	"$E2E_DIR/mkdisk-bls.sh" "$1"
}

e2e_boot_test
