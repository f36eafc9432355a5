# lib-esp-mix.sh - the ESP of the esp-glob and esp-uki oracle scenarios.
# shellcheck shell=bash
#
# Sourced by esp-glob.sh, esp-uki.sh (after ../lib.sh) and by
# tests/integration/bls-oracle.t (after tests/e2e/lib.sh). Names start with
# mix_. The ESP holds, besides systemd-boot:
#
#   /vmlinuz, /initrd-a.img          the Debian kernel, the target initrd
#   loader/entries/linux-6.1.conf    Type #1, no sort-key: sorted by file
#   loader/entries/linux-6.5.conf    name, newest version first
#   loader/entries/linux-6.10+0-3.conf   tries exhausted: sorts last
#   loader/entries/linux-5.15+2-1.conf   tries left: sorts normally
#   loader/entries/other.conf
#   EFI/Linux/debian-6.1.0.efi       Type #2: .osrel ID=debian gives it a
#                                    sort key, so it sorts first of all
#
# Each entry's command line names the entry (entry=...), so the recorded
# command line says which one the loader chose. The UKI's .cmdline has a
# leading blank, a tab, two spaces and a trailing newline, to record what
# systemd-boot does with them.

# mix_stage ESP DEFAULT: fills the folder ESP; DEFAULT is loader.conf's
# 'default' value, or "" for none. Needs E2E_KERNEL (e2e_find_kernel).
mix_stage()
{
	local esp=$1 default=$2 v tmp

	mkdir -p "$esp/loader/entries" "$esp/EFI/Linux"
	cp "$E2E_KERNEL" "$esp/vmlinuz"
	e2e_build_target_initrds "$esp"
	rm -f "$esp/initrd-b.img"
	for v in 6.1 6.5 6.10+0-3 5.15+2-1; do
		cat >"$esp/loader/entries/linux-$v.conf" <<-EOT
		title Debian
		version ${v%%+*}
		linux /vmlinuz
		initrd /initrd-a.img
		options console=ttyS0 entry=linux-$v
		EOT
	done
	cat >"$esp/loader/entries/other.conf" <<-EOT
	title Other
	linux /vmlinuz
	initrd /initrd-a.img
	options console=ttyS0 entry=other
	EOT

	tmp=$(mktemp -d "$esp/../uki.XXXXXX")
	printf '%s\n' 'NAME="Debian GNU/Linux"' 'ID=debian' 'VERSION_ID="12"' \
		'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' >"$tmp/osrel"
	printf ' console=ttyS0\tentry=uki  two-spaces\n' >"$tmp/cmdline"
	uki_build "$esp/EFI/Linux/debian-6.1.0.efi" .osrel="$tmp/osrel" \
		.cmdline="$tmp/cmdline" .linux="$E2E_KERNEL" \
		.initrd="$esp/initrd-a.img"
	rm -rf "$tmp"

	MIX_LOADER_CONF="timeout 0"
	[ -z "$default" ] || MIX_LOADER_CONF+=$'\n'"default $default"
	printf '%s\n' "$MIX_LOADER_CONF" >"$esp/loader/loader.conf"
}
