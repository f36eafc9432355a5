/* loader.h - hands a boot option to the kernel with kexec_file_load(2). */
#ifndef HOPBOOT_LOADER_H
#define HOPBOOT_LOADER_H

#include <stddef.h>

struct option_set;
struct boot_option;

/* Loads opt's kernel, its initrds concatenated in order, and its command
 * line (cmdline overrides opt->cmdline when not NULL). Files are read
 * through each device's read-only view. Returns 0, or -errno with a
 * sentence a user can act on in msg. Nothing runs until loader_exec(). */
int loader_load(const struct option_set *set, const struct boot_option *opt,
		const char *cmdline, char *msg, size_t msglen);

/* A memfd holding section name (".linux", ".initrd"...) of the PE file open
 * on fd, whose path is file (for messages). The headers are read again and
 * checked: the file may have changed since the scan. Returns the fd, owned
 * by the caller, or -errno with a sentence in msg. */
int loader_section_fd(int fd, const char *file, const char *name,
		      char *msg, size_t msglen);

/* True when the kernel holds a loaded image (/sys/kernel/kexec_loaded). */
int loader_is_loaded(void);

/* Starts the loaded kernel. Only returns on failure, with -errno. The
 * caller must have stopped processes, unmounted and synced first. */
int loader_exec(void);

#endif
