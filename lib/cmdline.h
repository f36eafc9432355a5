/* cmdline.h - reading options from the kernel command line. */
#ifndef HOPBOOT_CMDLINE_H
#define HOPBOOT_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the last "key=value" word in line (the kernel's rule: a later word
 * wins) and copies its value, unquoted, into buf. Returns true if found. */
bool cmdline_get(const char *line, const char *key, char *buf, size_t size);
/* True when the bare word key, or key=1/yes/on, is present. */
bool cmdline_flag(const char *line, const char *key);
/* Reads /proc/cmdline into buf (NUL-terminated, newline dropped). Returns
 * 0 or -errno. */
int cmdline_read_proc(char *buf, size_t size);
/* Splits the next word at *p, quotes kept, into [*ws, *we) and moves *p
 * past it, as the kernel splits its command line. False at the end. */
bool cmdline_next_word(const char **p, const char **ws, const char **we);

#endif
