#!/bin/bash
# esp-uki.sh - systemd-boot's command line for a UKI that sorts first.
#
# Usage: tests/oracle/systemd-boot/esp-uki.sh [--record | --stage DIR]
#
# Boots the real systemd-boot (see ../lib.sh) on the ESP of
# lib-esp-mix.sh with no 'default' in loader.conf: the first entry boots.
# The UKI's .osrel ID gives it a sort key, and entries with one sort before
# those without, so systemd-boot 252 boots the UKI, Type #1 and #2 sorted
# as one list. Prints the command line the target got (the UKI's .cmdline
# as systemd-boot passes it); --record writes esp-uki.expected.
# --stage DIR only fills DIR with the ESP's files (for bls-oracle.t).
set -eu

. "$(dirname "$0")/../lib.sh"
. "$ORACLE_DIR/../e2e/lib-uki.sh"
. "$ORACLE_DIR/systemd-boot/lib-esp-mix.sh"

stage()
{
	e2e_find_kernel
	mix_stage "$1" ''
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
oracle_run esp-uki stage "$@"
