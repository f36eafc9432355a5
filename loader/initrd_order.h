/* initrd_order.h - CPU microcode archives first in the concatenated initrd. */
#ifndef HOPBOOT_INITRD_ORDER_H
#define HOPBOOT_INITRD_ORDER_H

#include <stdbool.h>
#include <stddef.h>

/* True when head (the first len bytes of an initrd) starts an uncompressed
 * newc cpio archive whose first member is kernel/x86/microcode or one of
 * its parents: the early microcode archive (Arch's intel-ucode.img and
 * amd-ucode.img, a UKI's .ucode). Pure. */
bool initrd_is_microcode(const unsigned char *head, size_t len);

/* Fills order[0..n) with the indexes of fds, the microcode archives first,
 * each group in its given order. Reads the first bytes of each fd with
 * pread (offsets unchanged). */
void initrd_order(const int *fds, size_t n, size_t *order);

#endif
