/* log.h - messages for people: "hopboot: unable to VERB OBJECT: reason". */
#ifndef HOPBOOT_LOG_H
#define HOPBOOT_LOG_H

/* The program name used in messages ("hopboot scan"). */
extern const char *log_prog;
/* Nonzero writes debug lines too (hopboot.debug, --debug). */
extern int log_debug_enabled;
/* When >= 0, every message is also written to this fd (/dev/kmsg in
 * PID 1, so lines carry the kernel's timestamps on the serial console). */
extern int log_kmsg_fd;
/* The kernel's console log level (first field of /proc/sys/kernel/printk):
 * records below it already reach the consoles through the kernel. */
extern int log_console_level;

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
