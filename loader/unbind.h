/* unbind.h - detach devices from their drivers before a kexec.
 *
 * The new kernel finds the hardware as the old one left it. Devices whose
 * driver did not quiesce them (USB host controllers, some GPUs and NICs)
 * can still be doing DMA or raising interrupts, and the new kernel's driver
 * then fails to take them over. Unbinding runs the driver's remove path,
 * which stops the device, as a cold boot would have. See doc/kexec.md.
 *
 * For 'hopboot kexec --unbind' and for PID 1's hopboot.unbind= option.
 */
#ifndef HOPBOOT_UNBIND_H
#define HOPBOOT_UNBIND_H

#include <stddef.h>

/* Where the drivers of every bus are; a test passes a fake tree. */
#define UNBIND_SYS_BUS "/sys/bus"

/* Unbinds every device bound to driver on every bus that has a driver of
 * that name (<bus_root>/<bus>/drivers/<driver>/unbind). Returns the number
 * of devices unbound, 0 when the driver is not loaded or drives nothing,
 * or -errno with a sentence in msg (then the devices before the failing
 * one stay unbound). */
int unbind_driver(const char *bus_root, const char *driver, char *msg,
		  size_t msglen);

/* unbind_driver() for each name in list, separated by commas or spaces,
 * as hopboot.unbind=xhci_pci,nouveau gives them. Stops at the first
 * failure. Returns the total number unbound or -errno with msg set. */
int unbind_drivers(const char *bus_root, const char *list, char *msg,
		   size_t msglen);

#endif
