/* init.h - the pieces of PID 1, each in its own file. */
#ifndef HOPBOOT_INIT_H
#define HOPBOOT_INIT_H

#include <stdbool.h>
#include <sys/types.h>

/* mounts.c: /proc, /sys, /dev, /run. Returns 0 or -errno (logged). */
int init_mount_api(void);
/* mounts.c: unmounts everything but the API filesystems, newest first,
 * lazily when busy (logged). */
void init_unmount_all(void);

/* modules.c: loads /lib/modules/hopboot.load in order; then waits, bounded,
 * for the block device list to settle. */
void init_load_modules(void);

/* console.c: the terminal of the kernel's last "console=" (where the shell
 * runs), e.g. "/dev/ttyS0"; "/dev/console" when unknown. */
const char *init_shell_tty(void);
/* console.c: logs which consoles are active. */
void init_log_consoles(void);

/* spawn.c: starts argv with standard fds on tty (NULL keeps ours), in a
 * new session, with signals unblocked. Returns the pid or -errno. */
pid_t init_spawn(char *const argv[], const char *tty);

#endif
