/* mntns.h - a private mount namespace for commands that mount disks. */
#ifndef HOPBOOT_MNTNS_H
#define HOPBOOT_MNTNS_H

/* Moves the calling process into a mount namespace of its own, with every
 * mount private, so that what it mounts is never seen by the rest of the
 * system and disappears when it exits, even if killed before unmounting.
 * Needs root (CAP_SYS_ADMIN). Returns 0 or -errno. */
int mntns_private(void);

#endif
