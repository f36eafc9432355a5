/* sanitize.h - disk strings made safe to write to a terminal.
 *
 * Titles, paths and command lines come from disks: a byte string that
 * reached the terminal as it is could move the cursor, retitle a window or
 * reprogram keys. What is left is printable UTF-8 only.
 */
#ifndef HOPBOOT_SANITIZE_H
#define HOPBOOT_SANITIZE_H

#include <stddef.h>

/* Copies in to out (outsize bytes, always NUL-terminated when outsize > 0)
 * without control characters (C0, DEL, C1) and without whole escape
 * sequences (CSI, OSC/DCS/APC/PM/SOS strings, two-byte ESC sequences);
 * a tab becomes a space and invalid UTF-8 becomes '?'. At most max_cols
 * characters are kept (one column each; a negative max_cols keeps all).
 * Returns the number of characters written. */
int sanitize_text(const char *in, char *out, size_t outsize, int max_cols);

/* Copies in[0..len) to out keeping one column per character: each
 * control character (and each byte of invalid UTF-8) becomes '?', so that
 * a cursor position in the text is the same column on the screen (the
 * line editor). Stops after max_cols characters; returns how many. */
int sanitize_visible(const char *in, size_t len, char *out, size_t outsize,
		     int max_cols);

/* The number of characters (code points) in a string that is valid UTF-8. */
int sanitize_cols(const char *s);

#endif
