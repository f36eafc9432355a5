/* version.h - UAPI.10 version string ordering, used to sort BLS entries. */
#ifndef HOPBOOT_BLS_VERSION_H
#define HOPBOOT_BLS_VERSION_H

/* Compares two version strings as UAPI.10 specifies (the order systemd-boot
 * uses to sort boot entries). Returns <0, 0 or >0 as a is older than, equal
 * to or newer than b. Neither may be NULL; "" is a valid version. */
int bls_version_cmp(const char *a, const char *b);

#endif
