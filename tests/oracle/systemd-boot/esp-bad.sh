#!/bin/bash
# esp-bad.sh - systemd-boot's default when the glob names only an entry with no tries left.
#
# Usage: tests/oracle/systemd-boot/esp-bad.sh [--record | --stage DIR]
#
# Boots the real systemd-boot (see ../lib.sh) on the ESP of
# lib-esp-mix.sh with loader.conf "default linux-6.10*": the one entry it
# names, linux-6.10+0-3.conf, has no tries left and sorts last. Prints the
# command line the target got: whether systemd-boot 252 still picks it or
# falls back to the first entry. --record writes esp-bad.expected.
# --stage DIR only fills DIR with the ESP's files (for bls-oracle.t).
set -eu

. "$(dirname "$0")/../lib.sh"
. "$ORACLE_DIR/../e2e/lib-uki.sh"
. "$ORACLE_DIR/systemd-boot/lib-esp-mix.sh"

stage()
{
	e2e_find_kernel
	mix_stage "$1" 'linux-6.10*'
}

# lib.sh writes "timeout 0" over loader.conf; keep the scenario's.
oracle_stage_sdboot()
{
	mkdir -p "$1/EFI/BOOT"
	cp "$ORACLE_SDBOOT" "$1/EFI/BOOT/BOOTX64.EFI"
}

if [ "${1:-}" = --stage ]; then
	stage "$2"
	exit 0
fi
oracle_run esp-bad stage "$@"
