#!/bin/bash
# esp-glob.sh - systemd-boot's default for a glob over versions, boot counting and a UKI.
#
# Usage: tests/oracle/systemd-boot/esp-glob.sh [--record | --stage DIR]
#
# Boots the real systemd-boot (see ../lib.sh) on the ESP of
# lib-esp-mix.sh with loader.conf "default linux-6.*". Three entries match;
# systemd-boot 252 sorts linux-6.10+0-3.conf (no tries left) last, so the
# newest left is linux-6.5. The UKI sorts first but does not match. Prints
# the command line the target got; --record writes esp-glob.expected.
# --stage DIR only fills DIR with the ESP's files (for bls-oracle.t).
set -eu

. "$(dirname "$0")/../lib.sh"
. "$ORACLE_DIR/../e2e/lib-uki.sh"
. "$ORACLE_DIR/systemd-boot/lib-esp-mix.sh"

stage()
{
	e2e_find_kernel
	mix_stage "$1" 'linux-6.*'
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
oracle_run esp-glob stage "$@"
