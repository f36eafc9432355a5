#!/bin/bash
# two-initrds.sh - systemd-boot's cmdline for two initrds, two options lines.
#
# Usage: tests/oracle/systemd-boot/two-initrds.sh [--record]
#
# Boots the real systemd-boot (see ../lib.sh) with the e2e test entry:
#
#   title Test
#   linux /vmlinuz
#   initrd /initrd-a.img
#   initrd initrd-b.img
#   options console=ttyS0 hopboot-test=1
#   options second=line
#
# and prints the command line the target kernel got. With --record it
# writes that line to two-initrds.expected; without, it compares and exits
# 0 (same) or 1 (different). The entry, kernel and initrds are the ones
# tests/e2e/lib.sh stages for bls-boot.t, so that test's expectation
# (E2E_BLS_CMDLINE) can be checked against this file.
set -eu

. "$(dirname "$0")/../lib.sh"

stage()
{
	e2e_find_kernel
	e2e_stage_bls "$1" Test
}

oracle_run two-initrds stage "$@"
