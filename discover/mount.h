/* mount.h - read-only mounts that never replay a journal. */
#ifndef HOPBOOT_MOUNT_H
#define HOPBOOT_MOUNT_H

#include <stdbool.h>
#include <stddef.h>

/* True when type is a filesystem hopboot knows how to read. */
bool mount_is_readable_type(const char *type);

/* When type is a volume hopboot does not open (LVM, RAID, LUKS...), returns
 * a noun phrase naming it ("an LVM physical volume"); otherwise NULL. */
const char *mount_volume_kind(const char *type);

/* Mounts node (a filesystem of the given blkid type) read-only on dir,
 * which must exist. Returns 0 or -errno; on failure msg gets a sentence a
 * user can act on. */
int mount_readonly(const char *node, const char *type, const char *dir,
		   char *msg, size_t msglen);

/* After node's filesystem is unmounted: when mount_readonly made the
 * device read-only (BLKROSET) and hopboot is not PID 1 of its own
 * initramfs, makes it writable again. Otherwise does nothing. */
void mount_release(const char *node);

#endif
