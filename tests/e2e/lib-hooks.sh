# lib-hooks.sh - helpers of the QEMU tests of the dracut and initramfs-tools integrations.
# shellcheck shell=bash
#
# Sourced by tests/e2e/hooks-*.t after lib.sh. Names start with hooks_ or
# HOOKS_. The host's packages are left alone: dracut (which would replace
# initramfs-tools if installed) is fetched with 'apt-get download' and
# unpacked with 'dpkg -x' under $OUT/hooks/dracut; initramfs-tools, which
# Debian's kernel package already pulls in, runs with a configuration
# folder of our own (mkinitramfs -d), so /etc and /boot are not touched.
# Neither tool sees an installed hopboot: HOPBOOT_LIBDIR points the
# integrations at the source tree and a private bin folder holds hopboot.
#
# Each test boots QEMU with the Debian kernel, the image under test, a root
# disk (ext4, whole disk, /sbin/init = target-init, which prints
# "HOPBOOT-TARGET cmdline=..." and powers off) and the BLS disk of
# mkdisk-bls.sh, and types keys on the serial console through a FIFO as
# rescue-shell.t does. HOPBOOT_SLOW_TESTS=1 runs every boot; by default each
# file runs one (doc/testing.md).

HOOKS_SRC=$E2E_ROOT/mkinitcpio-hook
HOOKS_OUT=$OUT/hooks
# The words of the host initramfs's command line in every boot.
HOOKS_APPEND="console=ttyS0 root=/dev/vda ro panic=-1"

hooks_die()
{
	echo "Bail out! $*"
	exit 1
}

# A bin folder with hopboot only, put first on the tools' PATH.
hooks_bin()
{
	mkdir -p "$HOOKS_OUT/bin"
	cp "$OUT/hopboot" "$HOOKS_OUT/bin/hopboot.tmp"
	mv "$HOOKS_OUT/bin/hopboot.tmp" "$HOOKS_OUT/bin/hopboot"
	HOOKS_BIN=$HOOKS_OUT/bin
}

# Unpacks Debian's dracut-core under $HOOKS_OUT/dracut once (a stamp names
# the version) and adds our module to its modules.d. Sets HOOKS_DRACUT.
hooks_fetch_dracut()
{
	local dir=$HOOKS_OUT/dracut deb

	if [ ! -f "$dir/.done" ]; then
		rm -rf "$dir"
		mkdir -p "$dir/debs"
		# Fresh systems may have no package lists yet: update once.
		(cd "$dir/debs" && { apt-get -q download dracut-core ||
			{ apt-get -q update && apt-get -q download dracut-core; }
		}) >"$dir/download.log" 2>&1 || {
			sed 's/^/# /' "$dir/download.log"
			hooks_die "cannot download dracut-core with apt-get" \
				"(is the Debian archive reachable?)"
		}
		deb=$(ls "$dir"/debs/dracut-core_*.deb)
		dpkg -x "$deb" "$dir/root" || hooks_die "cannot unpack $deb"
		basename "$deb" >"$dir/.done"
	fi
	rm -rf "$dir/root/usr/lib/dracut/modules.d/90hopboot"
	cp -r "$HOOKS_SRC/dracut/90hopboot" \
		"$dir/root/usr/lib/dracut/modules.d/90hopboot"
	HOOKS_DRACUT=$dir/root
}

# hooks_build_dracut OUTPUT: a generic (not host-only) image with hopboot.
# --drivers names QEMU's disk drivers: without it dracut scans every driver
# of the kernel for block functions, minutes on a busy machine; hopboot's
# own installkernel() adds the filesystems either way.
hooks_build_dracut()
{
	local output=$1 conf=$HOOKS_OUT/dracut-conf

	mkdir -p "$conf" "$HOOKS_OUT/tmp"
	dracutbasedir=$HOOKS_DRACUT/usr/lib/dracut \
	DRACUT_PATH="$HOOKS_BIN /usr/sbin /usr/bin /sbin /bin" \
	HOPBOOT_LIBDIR=$HOOKS_SRC \
		"$HOOKS_DRACUT/usr/bin/dracut" --force --no-hostonly \
		--conf /dev/null --confdir "$conf" --tmpdir "$HOOKS_OUT/tmp" \
		--kver "$KVER" --add hopboot --omit "plymouth" \
		--drivers "virtio_pci virtio_blk virtio_scsi sd_mod ext4" \
		--no-early-microcode --gzip "$output"
}

# hooks_build_itools OUTPUT: mkinitramfs with a configuration folder of
# our own holding the hook and the boot script (as /etc/initramfs-tools
# would after 'make install').
hooks_build_itools()
{
	local output=$1 conf=$HOOKS_OUT/initramfs-tools

	rm -rf "$conf"
	mkdir -p "$conf/conf.d" "$conf/hooks" "$conf/scripts/init-premount"
	# MODULES=list: QEMU's disk driver and the root's filesystem, plus
	# what the hook adds; 'most' copies and packs the kernel's every
	# storage driver, minutes on a busy machine.
	cat >"$conf/initramfs.conf" <<-EOF
	MODULES=list
	BUSYBOX=auto
	COMPRESS=gzip
	RUNSIZE=10%
	FSTYPE=auto
	EOF
	printf '%s\n' virtio_pci virtio_blk ext4 >"$conf/modules"
	mkdir -p "$HOOKS_OUT/tmp"
	cp "$HOOKS_SRC/initramfs-tools/hooks/hopboot" "$conf/hooks/"
	cp "$HOOKS_SRC/initramfs-tools/scripts/init-premount/hopboot" \
		"$conf/scripts/init-premount/"
	HOPBOOT_BIN=$HOOKS_BIN/hopboot HOPBOOT_LIBDIR=$HOOKS_SRC \
	TMPDIR=$HOOKS_OUT/tmp mkinitramfs -d "$conf" -o "$output" "$KVER"
}

# hooks_image TOOL OUTPUT: builds OUTPUT with hooks_build_TOOL, or copies
# the image an earlier run built from the same inputs (hopboot, the
# integrations, the builder, the kernel, the tool's version): building one
# takes minutes on a busy machine. Returns the builder's status.
hooks_image()
{
	local tool=$1 output=$2 key cache

	key=$( { cat "$OUT/hopboot"
		 declare -f "hooks_build_$tool"
		 cat "$HOOKS_SRC/hopboot-hook"
		 find "$HOOKS_SRC/${tool/itools/initramfs-tools}" -type f |
			LC_ALL=C sort | xargs cat
		 echo "$KVER"
		 cat "$HOOKS_OUT/dracut/.done" 2>/dev/null
		 dpkg-query -W initramfs-tools-core 2>/dev/null
	       } | sha256sum | cut -c1-16)
	cache=$HOOKS_OUT/cache/$tool-$key.img
	if [ -s "$cache" ]; then
		echo "hooks: reusing $cache"
		cp "$cache" "$output"
		return 0
	fi
	"hooks_build_$tool" "$output" || return
	mkdir -p "$HOOKS_OUT/cache"
	rm -f "$HOOKS_OUT/cache/$tool-"*.img
	cp "$output" "$cache.tmp" && mv "$cache.tmp" "$cache"
}

# hooks_make_root IMG: the root filesystem the normal boot mounts.
hooks_make_root()
{
	local img=$1 stage

	e2e_build_target_init
	stage=$(mktemp -d "$img.stage.XXXXXX")
	mkdir -p "$stage/sbin" "$stage/dev" "$stage/proc" "$stage/sys" \
		"$stage/run" "$stage/tmp" "$stage/etc"
	cp "$E2E_TARGET_INIT" "$stage/sbin/init"
	# systemd (in dracut's image) switches only into an OS tree.
	printf '%s\n' 'ID=hopboot-test' 'NAME="hopboot test root"' \
		>"$stage/etc/os-release"
	echo root >"$stage/order"
	rm -f "$img"
	truncate -s 16M "$img"
	mkfs.ext4 -q -F -L hoproot -E root_owner=0:0 -d "$stage" "$img"
	rm -rf "$stage"
}

# hooks_boot WORK INITRD APPEND: QEMU in the background with the root disk
# and the BLS disk; its console in WORK/serial.log, keys through fd 3.
hooks_boot()
{
	local work=$1 initrd=$2 append=$3

	HOOKS_LOG=$work/serial.log
	HOOKS_FIFO=$work/console.in
	rm -f "$HOOKS_FIFO"
	mkfifo "$HOOKS_FIFO"
	: >"$HOOKS_LOG"
	e2e_qemu_base_args
	E2E_DISK_ARGS=()
	e2e_disk_args "$work/root.img" 0
	e2e_disk_args "$work/bls.img" 1
	timeout -k 5 "$E2E_QEMU_LIMIT" qemu-system-x86_64 \
		"${E2E_QEMU_ARGS[@]}" -monitor none -serial stdio \
		-kernel "$E2E_KERNEL" -initrd "$initrd" -append "$append" \
		"${E2E_DISK_ARGS[@]}" <"$HOOKS_FIFO" >"$HOOKS_LOG" 2>&1 &
	E2E_QEMU_PID=$!
	exec 3>"$HOOKS_FIFO"
}

hooks_stop()
{
	exec 3>&-
	e2e_qemu_stop
	[ -z "${HOOKS_FIFO:-}" ] || rm -f "$HOOKS_FIFO"
}

# hooks_keys STRING: typed on the console, one byte at a time (a serial
# line delivers them one by one too).
hooks_keys()
{
	local s=$1 i

	for ((i = 0; i < ${#s}; i++)); do
		printf '%s' "${s:i:1}" >&3
		sleep 0.3
	done
}

# Whether to run the boot named $1 (the one the file runs by default is
# $2): every boot with HOPBOOT_SLOW_TESTS=1.
hooks_want()
{
	[ "$1" = "$2" ] || [ "${HOPBOOT_SLOW_TESTS:-0}" = 1 ]
}

# hooks_scenario NAME INITRD: one boot, its TAP lines through e2e_check.
#   continue: the prompt, a key, the menu, '1' ("Continue normal boot"):
#             the root's /sbin/init must print the host command line.
#   entry:    'hopboot' opens the menu at once; '2' (the BLS entry): its
#             kernel must get systemd-boot's command line and both initrds.
hooks_scenario()
{
	local name=$1 initrd=$2 work=$3 tool=$4 append got start=$SECONDS

	case $name in
	continue) append="$HOOKS_APPEND hopboot.timeout=300" ;;
	entry) append="$HOOKS_APPEND hopboot" ;;
	esac
	hooks_boot "$work" "$initrd" "$append"
	if [ "$name" = continue ]; then
		e2e_wait_for "$HOOKS_LOG" 'press any key within 300 s' 240
		e2e_check $? "$tool: the hook asks for a key before the root is mounted"
		hooks_keys x
	fi
	# The menu is drawn once the daemon has read both disks; it reads
	# keys from its first drawing on. A digit chooses the item of that
	# number, so the BLS entry must be item 2.
	e2e_wait_for "$HOOKS_LOG" '1 Continue normal boot' 240 &&
		e2e_wait_for "$HOOKS_LOG" '2 Hooks Test Entry' 120
	e2e_check $? "$tool: the menu shows 'Continue normal boot' and the BLS entry"
	case $name in
	continue)
		# A digit chooses directly: the selection itself moves to
		# the disk's default entry once the daemon has read it.
		hooks_keys 1
		e2e_wait_for "$HOOKS_LOG" 'HOPBOOT-TARGET cmdline=' 240
		e2e_check $? "$tool: Continue normal boot: the root's /sbin/init ran"
		got=$(e2e_target_value "$HOOKS_LOG" cmdline)
		e2e_compare "$got" "$append" \
			"$tool: it is this system's boot (its command line)"
		;;
	entry)
		hooks_keys 2
		e2e_wait_for "$HOOKS_LOG" 'HOPBOOT-TARGET initrds=' 240
		e2e_check $? "$tool: the chosen entry's kernel ran the target's /init"
		e2e_compare "$(e2e_target_value "$HOOKS_LOG" cmdline)" \
			"$E2E_BLS_CMDLINE" \
			"$tool: the entry's kernel got systemd-boot's command line"
		e2e_compare "$(e2e_target_value "$HOOKS_LOG" initrds)" \
			"a,b last=b" "$tool: with both initrds, in order"
		;;
	esac
	e2e_qemu_wait_exit 30 || true
	hooks_stop
	! grep -aq 'Kernel panic' "$HOOKS_LOG"
	e2e_check $? "$tool ($name): no kernel panic"
	echo "# $tool, $name: QEMU ran $((SECONDS - start)) s"
	[ "$E2E_FAILED" -eq 0 ] || e2e_tap_tail "$HOOKS_LOG" 40
	cp "$HOOKS_LOG" "$work/serial-$name.log"
}
