/* kexec_cmdline.h - the command line 'hopboot kexec' hands the new kernel. */
#ifndef HOPBOOT_KEXEC_CMDLINE_H
#define HOPBOOT_KEXEC_CMDLINE_H

#include <stddef.h>

/* Copies line (the running kernel's /proc/cmdline) into buf without the
 * words its boot loader added for itself: BOOT_IMAGE=... and initrd=...,
 * as kexec-tools' --reuse-cmdline drops them. Words after "--" belong to
 * init and are kept as they are. Quoted words stay whole. Returns 0, or
 * -E2BIG when buf is too small. */
int kexec_cmdline_reuse(const char *line, char *buf, size_t size);

/* Appends words to the command line in buf (size bytes), with one space
 * between when both are non-empty. Returns 0, or -E2BIG (buf unchanged). */
int kexec_cmdline_append(char *buf, size_t size, const char *words);

#endif
