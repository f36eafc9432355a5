/* init_signals.h - the signals hopboot's PID 1 answers (doc/architecture.md).
 *
 * SIGTERM and SIGINT (Ctrl-Alt-Del) reboot, SIGUSR1 halts and SIGUSR2
 * powers off, as busybox's reboot, halt and poweroff send them.
 * INIT_SIGNAL_KEXEC starts the kernel that was loaded with kexec_file_load.
 * INIT_SIGNAL_SHELL asks for the rescue shell on the console ('hopboot
 * discover --console' sends it when nothing can boot or the user pressed
 * Enter; under PID 1 the menus run their own shells); PID 1 sends the
 * daemon SIGUSR1 when that shell ends, to show the list again.
 */
#ifndef HOPBOOT_INIT_SIGNALS_H
#define HOPBOOT_INIT_SIGNALS_H

#include <signal.h>

#define INIT_SIGNAL_KEXEC (SIGRTMIN + 1)
#define INIT_SIGNAL_SHELL (SIGRTMIN + 2)

#endif
