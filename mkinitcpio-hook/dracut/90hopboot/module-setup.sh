#!/bin/bash
# module-setup.sh - dracut module: hopboot's menu of every disk before the root is mounted.
#
# Included only when asked for, since it changes how the machine boots:
#   echo 'add_dracutmodules+=" hopboot "' >/etc/dracut.conf.d/hopboot.conf
# HOPBOOT_LIBDIR (default /usr/lib/hopboot) is where hopboot-hook is on this
# machine; tests point it into the source tree.

# called by dracut
check() {
	require_binaries hopboot || return 1
	return 255
}

# called by dracut
depends() {
	# Disk controllers and the /lib/modules tree hopboot loads from.
	echo kernel-modules
	return 0
}

# called by dracut
installkernel() {
	# Every disk's filesystems, not only the ones this host mounts, even
	# in a host-only image.
	hostonly='' instmods ext4 vfat nls_cp437 nls_ascii nls_iso8859-1 nls_utf8 \
		isofs xfs btrfs udf squashfs erofs loop \
		sd_mod sr_mod usb_storage uas virtio_blk nvme ahci
}

# called by dracut
install() {
	local libdir=${HOPBOOT_LIBDIR:-/usr/lib/hopboot}

	inst_binary "$(find_binary hopboot)" /usr/bin/hopboot
	inst_script "$libdir/hopboot-hook" /usr/lib/hopboot/hopboot-hook
	# pre-mount: the devices are there, the root is not mounted yet.
	# shellcheck disable=SC2154 # dracut sets moddir
	inst_hook pre-mount 90 "$moddir/hopboot-menu.sh"
}
