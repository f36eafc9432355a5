# lib.sh - boot the REAL systemd-boot under OVMF and record what it passes.
# shellcheck shell=bash
#
# Sourced (not run) by tests/oracle/systemd-boot/*.sh, which set `set -eu`
# themselves, and by the other families' scripts (grub2/lib.sh,
# grub2-efi/efi-gpt.sh, extlinux/run.sh and pxe-sysappend.sh,
# pxelinux/mac-file.sh, isolinux/lib.sh) for oracle_verdict: every scenario
# ends the same way (report, record with provenance or compare, exit
# status), written once here. Every name it defines starts with oracle_ or
# ORACLE_; the disk pieces (kernel lookup, target /init and initrds, cpio,
# mcopy, QEMU base arguments) come from tests/e2e/lib.sh, which it sources.
#
# Why: hopboot must build the same kernel command line systemd-boot builds
# for a BLS entry, and reading boot.c leaves room for argument. So each
# scenario boots the Debian systemd-boot EFI binary (systemd-boot-efi, 252 on
# Debian 12) from a GPT disk with one FAT ESP, under OVMF in QEMU/TCG, with
# loader.conf "timeout 0" and one entry. The entry's kernel is the Debian
# kernel (an EFI stub) and its initrd holds tests/e2e/target-init.c, which
# prints "HOPBOOT-TARGET cmdline=<what the kernel got>" on the console and
# powers off. That line, verbatim, is the scenario's .expected file.
#
# How each .expected file was recorded (tool versions, date, boot time) is
# written next to it by --record, as NAME.recorded. First recording:
# systemd-boot-efi 252.39-1~deb12u2, ovmf 2022.11-6+deb12u2, QEMU 7.2/TCG on
# Debian 12, 2026-11-26 (host clock). The kernel on every disk is the host's
# under the fixed name E2E_DISK_KVER (tests/e2e/lib.sh), so no truth
# depends on which kernel the machine has.
#
# Environment it reads (besides tests/e2e/lib.sh's OUT, KVER, E2E_QEMU_LIMIT,
# E2E_QEMU_EXTRA):
#   ORACLE_SDBOOT   systemd-boot EFI binary
#                   (default /usr/lib/systemd/boot/efi/systemd-bootx64.efi)
#   ORACLE_OVMF     folder with OVMF_CODE_4M.fd and OVMF_VARS_4M.fd
#                   (default /usr/share/OVMF)

ORACLE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../e2e/lib.sh
. "$ORACLE_DIR/../e2e/lib.sh"

ORACLE_SDBOOT=${ORACLE_SDBOOT:-/usr/lib/systemd/boot/efi/systemd-bootx64.efi}
ORACLE_OVMF=${ORACLE_OVMF:-/usr/share/OVMF}

oracle_die()
{
	echo "oracle: $*" >&2
	exit 1
}

# What every scenario script does with an argument it does not take.
oracle_usage()
{
	echo "usage: $0 [--record | --disk-only IMAGE]" >&2
	exit 100
}

# oracle_require LABEL MISSING: when MISSING (what a *_missing function
# printed) is not empty, says that the scenario cannot run on this machine
# and exits 77, which run-all --record reports as a skip.
oracle_require()
{
	[ -z "$2" ] || { echo "$1: cannot run, missing: $2" >&2; exit 77; }
}

# Prints nothing when everything a scenario needs is there, else the first
# missing thing (the caller's reason to give up).
oracle_missing()
{
	local t f

	t=$(e2e_missing_tool)
	if [ -n "$t" ]; then
		echo "$t"
		return 0
	fi
	for f in "$ORACLE_SDBOOT" "$ORACLE_OVMF/OVMF_CODE_4M.fd" \
		 "$ORACLE_OVMF/OVMF_VARS_4M.fd"; do
		if [ ! -r "$f" ]; then
			echo "$f (apt-get install systemd-boot-efi ovmf)"
			return 0
		fi
	done
	if ! e2e_find_kernel; then
		echo "a kernel image in /boot"
		return 0
	fi
}

# Puts systemd-boot into the ESP staging folder ESP as the removable-media
# loader, which OVMF boots without any Boot#### variable, and tells it to
# boot the default (only) entry at once.
oracle_stage_sdboot()
{
	local esp=$1

	mkdir -p "$esp/EFI/BOOT" "$esp/loader"
	cp "$ORACLE_SDBOOT" "$esp/EFI/BOOT/BOOTX64.EFI"
	echo "timeout 0" >"$esp/loader/loader.conf"
}

# Builds OUTPUT (64 MiB GPT disk, 96 MiB with an XBOOTLDR) holding one
# FAT16 ESP filled from the folder ESP and, when the folder XB is given, an
# XBOOTLDR partition (type bc13c2ff-...) filled from it. Each filesystem
# image is made on its own and written in with dd, so nothing is mounted
# (this host cannot mount vfat). ORACLE_ESP_FS=ext4 makes them ext4
# instead, same files and partition types: a disk the host can mount, for
# `hopboot scan` (no firmware reads that one).
oracle_make_esp_disk()
{
	local output=$1 esp=$2 xb=${3:-}
	local start=2048 size=126976 xstart=129024 xsize=65536
	local esp_type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B
	local xb_type=BC13C2FF-59E6-4262-A352-B275FD6F7172

	rm -f "$output" "$output.esp" "$output.xb"
	if [ -n "$xb" ]; then
		truncate -s 96M "$output"
	else
		truncate -s 64M "$output"
	fi
	{
		echo "label: gpt"
		echo "label-id: 4C1D0C5E-0B5E-4E2E-9A3B-6E2E00000A00"
		echo "start=$start, size=$size, type=$esp_type, name=ESP"
		[ -z "$xb" ] ||
			echo "start=$xstart, size=$xsize, type=$xb_type, name=XBOOTLDR"
	} | sfdisk --quiet "$output"
	oracle_make_fs "$output.esp" "$size" "$esp" ORACLEESP 4c1d0a00
	dd if="$output.esp" of="$output" bs=512 seek=$start conv=notrunc \
		status=none
	rm -f "$output.esp"
	if [ -n "$xb" ]; then
		oracle_make_fs "$output.xb" "$xsize" "$xb" ORACLEXBL 4c1d0a01
		dd if="$output.xb" of="$output" bs=512 seek=$xstart \
			conv=notrunc status=none
		rm -f "$output.xb"
	fi
}

# oracle_make_fs IMAGE SECTORS FOLDER LABEL ID8: FAT16 (or ext4, see
# above) of SECTORS 512-byte sectors holding FOLDER's files.
oracle_make_fs()
{
	local img=$1 sectors=$2 dir=$3 label=$4 id=$5

	truncate -s $((sectors * 512)) "$img"
	if [ "${ORACLE_ESP_FS:-vfat}" = ext4 ]; then
		mkfs.ext4 -q -F -L "$label" \
			-U "4c1d0c5e-0b5e-4e2e-9a3b-6e2e$id" \
			-E root_owner=0:0 -d "$dir" "$img"
	else
		mkfs.vfat -F 16 -n "$label" -i "$id" "$img" >/dev/null
		e2e_mcopy_tree "$img" "$dir" ""
	fi
}

# Boots DISK through OVMF and systemd-boot with the serial console in LOG,
# in the foreground, until the target powers off or E2E_QEMU_LIMIT seconds
# pass. OVMF writes its variables (systemd-boot sets a few), so it gets a
# fresh copy of the template each time. Returns QEMU's (or timeout's) status.
oracle_boot()
{
	local disk=$1 log=$2 vars=$1.vars rc=0
	local code=$ORACLE_OVMF/OVMF_CODE_4M.fd

	cp "$ORACLE_OVMF/OVMF_VARS_4M.fd" "$vars"
	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	e2e_disk_args "$disk" 0
	: >"$log"
	timeout -k 5 "$E2E_QEMU_LIMIT" \
		qemu-system-x86_64 "${E2E_QEMU_ARGS[@]}" \
		-drive "if=pflash,format=raw,readonly=on,file=$code" \
		-drive "if=pflash,format=raw,file=$vars" \
		"${E2E_DISK_ARGS[@]}" -monitor none -serial "file:$log" \
		</dev/null >"$log.qemu" 2>&1 || rc=$?
	rm -f "$vars"
	return $rc
}

# Prints what the target printed after "HOPBOOT-TARGET KEY=" in LOG (the
# last such line), without the serial line's carriage return. The line may
# follow kernel output on the same serial line, hence -o.
oracle_target_value()
{
	local log=$1 key=$2

	tr -d '\r' <"$log" | grep -aoE "HOPBOOT-TARGET $key=.*" | tail -n 1 |
		sed "s/^HOPBOOT-TARGET $key=//"
}

# oracle_write_provenance EXPECTED BY SECONDS FIRMWARE EXTRA PACKAGE...:
# writes NAME.recorded next to EXPECTED, what produced the recording, so a
# changed truth can be traced to a changed package. Each family's
# .recorded keeps its lines: BY ("--record", "run.sh --record") is in the
# header, EXTRA (one line, or "") follows the versions, FIRMWARE ("OVMF")
# names what booted.
oracle_write_provenance()
{
	local expected=$1 by=$2 seconds=$3 firmware=$4 extra=$5 p v

	shift 5
	{
		echo "# How $(basename "$expected") was recorded (by $by)."
		for p in "$@"; do
			v=$(dpkg-query -W -f='${Version}' "$p" 2>/dev/null) ||
				v=unknown
			echo "$p $v"
		done
		[ -z "$extra" ] || echo "$extra"
		oracle_kernel_provenance
		echo "date $(date -u +%Y-%m-%d)"
		echo "boot seconds $seconds (QEMU TCG, $firmware to target poweroff)"
	} >"${expected%.expected}.recorded"
}

# The provenance line of the kernel that booted: its Debian package's
# version. Not the host's version name: that is what a new machine changes,
# and host-kernel.t rejects a file under tests/ that holds it. On the disk
# the kernel has the scenario's own file name (vmlinuz-$E2E_DISK_KVER, or
# vmlinuz-linux, ...), never the host's.
oracle_kernel_provenance()
{
	local pkg v=unknown

	pkg=$(dpkg-query -S "$E2E_KERNEL" 2>/dev/null | cut -d: -f1) &&
		v=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null) || v=unknown
	echo "kernel the host's, Debian package version $v, under the scenario's file name"
}

# oracle_names_host_kernel TEXT: true, with a sentence on standard error,
# when TEXT names the host's kernel version (KVER, or KVER without its
# flavour): such a truth would be false on the next machine. The recorders
# refuse to write one; a scenario must name its kernel E2E_DISK_KVER.
oracle_names_host_kernel()
{
	local text=$1 abi=${KVER%-*}

	case $text in
	*"$KVER"* | *"$abi" | *"$abi"[!0-9]*)
		echo "oracle: refusing to record a truth that names this host's kernel ($KVER): name the disk's kernel \$E2E_DISK_KVER instead" >&2
		return 0
		;;
	esac
	return 1
}

# The systemd-boot binary's SHA-256, for .recorded: Debian's version number
# does not pin the bytes a local build or ORACLE_SDBOOT may differ in.
oracle_sdboot_sha256()
{
	sha256sum <"$ORACLE_SDBOOT" | cut -d' ' -f1
}

# oracle_report LOG TRUTH: prints the truth the target put in LOG, in the
# form NAME.expected holds it: TRUTH "cmdline" is the command line alone
# (systemd-boot's files), "lines" the "cmdline=" and "initrds=" lines.
# Returns 1 when the target never reported: the initrds line comes last,
# so with "lines" a half-written report counts as none.
oracle_report()
{
	local log=$1 truth=$2

	if [ "$truth" = cmdline ]; then
		grep -aq "HOPBOOT-TARGET cmdline=" "$log" || return 1
		oracle_target_value "$log" cmdline
		return 0
	fi
	grep -aq "HOPBOOT-TARGET initrds=" "$log" || return 1
	echo "cmdline=$(oracle_target_value "$log" cmdline)"
	echo "initrds=$(oracle_target_value "$log" initrds)"
}

# oracle_verdict KEY=VALUE...: how every scenario of every family ends once
# QEMU has stopped, so that all of them report, record and compare alike.
# Prints the target's report (oracle_report) on standard output, then with
# mode=--record writes it into the .expected file and its provenance into
# the .recorded file next to it; otherwise holds it to the .expected file.
#   label=     how messages start ("oracle NAME", "oracle-grub2 NAME")
#   log=       the serial log of the boot
#   expected=  the scenario's NAME.expected
#   mode=      --record, or "" to compare
#   seconds=   how long the boot took
#   truth=     lines (default) or cmdline, as oracle_report takes it
#   firmware=  what booted the loader, for .recorded ("SeaBIOS")
#   packages=  the Debian packages whose versions go into .recorded
#   by=        the header's "recorded (by ...)" (default "--record")
#   extra=     one more .recorded line after the versions (default none)
# Returns 0 when the report matches (or was recorded), 1 when it does not
# or there is nothing to compare with, 2 when the target never reported.
# It returns rather than exits: extlinux/run.sh boots several scenarios.
oracle_verdict()
{
	local label="" log="" expected="" mode="" seconds="" truth=lines
	local firmware="" packages="" by=--record extra="" got want arg

	for arg in "$@"; do
		case $arg in
		label=*) label=${arg#*=} ;;
		log=*) log=${arg#*=} ;;
		expected=*) expected=${arg#*=} ;;
		mode=*) mode=${arg#*=} ;;
		seconds=*) seconds=${arg#*=} ;;
		truth=*) truth=${arg#*=} ;;
		firmware=*) firmware=${arg#*=} ;;
		packages=*) packages=${arg#*=} ;;
		by=*) by=${arg#*=} ;;
		extra=*) extra=${arg#*=} ;;
		*) oracle_die "oracle_verdict: unknown argument '$arg'" ;;
		esac
	done
	if ! got=$(oracle_report "$log" "$truth"); then
		echo "$label: the target never reported; last lines of $log:" >&2
		tail -n 20 "$log" | tr -d '\r' | sed 's/^/  /' >&2
		return 2
	fi
	printf '%s\n' "$got"
	if [ "$mode" = --record ]; then
		! oracle_names_host_kernel "$got" || return 1
		printf '%s\n' "$got" >"$expected" || return 1
		# shellcheck disable=SC2086 # the package list is split on purpose
		oracle_write_provenance "$expected" "$by" "$seconds" \
			"$firmware" "$extra" $packages || return 1
		echo "$label: recorded into $expected ($seconds s)" >&2
		return 0
	fi
	if ! want=$(cat "$expected" 2>/dev/null); then
		echo "$label: no $expected; run with --record" >&2
		return 1
	fi
	if [ "$got" != "$want" ]; then
		echo "$label: MISMATCH with $expected" >&2
		echo "  expected: $want" >&2
		echo "  got:      $got" >&2
		return 1
	fi
	echo "$label: matches $expected ($seconds s)" >&2
}

# The body of every scenario script: oracle_run NAME STAGE_FN [--record |
# --disk-only IMAGE]. STAGE_FUNCTION ESP fills the ESP staging folder with
# the kernel, initrds and the entry (and, for an XBOOTLDR partition, the
# folder ESP.xbootldr next to it); this adds systemd-boot, builds the disk,
# boots it and either records the cmdline into NAME.expected or compares
# with it. --disk-only builds the same disk into IMAGE and stops there (no
# firmware, no QEMU): what tests/oracle/run-all gives hopboot.
# Exit 0 when they match (or after recording), 1 when not, 2 when the boot
# gave no answer, 77 when something needed is missing.
oracle_run()
{
	local name=$1 stage_fn=$2 mode=${3:-} work disk log
	local expected=$ORACLE_DIR/systemd-boot/$name.expected start took

	case $mode in
	"" | --record) ;;
	--disk-only)
		work=$OUT/tests/oracle/systemd-boot/$name.disk-only
		rm -rf "$work"
		mkdir -p "$work/esp"
		e2e_find_kernel || oracle_die "no kernel image in /boot"
		"$stage_fn" "$work/esp"
		oracle_stage_sdboot "$work/esp"
		if [ -d "$work/esp.xbootldr" ]; then
			oracle_make_esp_disk "$4" "$work/esp" "$work/esp.xbootldr"
		else
			oracle_make_esp_disk "$4" "$work/esp"
		fi
		rm -rf "$work"
		return 0
		;;
	*) oracle_usage ;;
	esac
	oracle_require "oracle $name" "$(oracle_missing)"

	work=$OUT/tests/oracle/systemd-boot/$name
	disk=$work/disk.img
	log=$work/serial.log
	rm -rf "$work"
	mkdir -p "$work/esp"
	"$stage_fn" "$work/esp"
	oracle_stage_sdboot "$work/esp"
	if [ -d "$work/esp.xbootldr" ]; then
		oracle_make_esp_disk "$disk" "$work/esp" "$work/esp.xbootldr"
	else
		oracle_make_esp_disk "$disk" "$work/esp"
	fi
	rm -rf "$work/esp" "$work/esp.xbootldr"

	start=$SECONDS
	oracle_boot "$disk" "$log" ||
		echo "oracle $name: QEMU ended with status $? (see $log)" >&2
	took=$((SECONDS - start))
	rm -f "$disk"
	echo "oracle $name: boot took $took s," \
	     "initrds=$(oracle_target_value "$log" initrds)" >&2
	oracle_verdict label="oracle $name" log="$log" expected="$expected" \
		mode="$mode" seconds="$took" truth=cmdline firmware=OVMF \
		packages="systemd-boot-efi ovmf qemu-system-x86" \
		extra="systemd-boot binary sha256 $(oracle_sdboot_sha256)" ||
		exit $?
}
