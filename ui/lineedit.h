/* lineedit.h - a one-line editor for the command line before booting.
 *
 * Keys come from keys.h. The text is bytes (UTF-8 from the terminal or a
 * disk); the cursor moves over whole UTF-8 characters.
 */
#ifndef HOPBOOT_LINEEDIT_H
#define HOPBOOT_LINEEDIT_H

#include <stddef.h>

#define LINEEDIT_MAX 4096	/* COMMAND_LINE_SIZE on most architectures */

enum lineedit_result {
	LINEEDIT_EDITING,
	LINEEDIT_DONE,		/* Enter: the text is the answer */
	LINEEDIT_CANCEL,	/* Esc */
};

struct lineedit {
	char text[LINEEDIT_MAX];
	size_t len;		/* bytes in text, which is NUL-terminated */
	size_t pos;		/* cursor, a byte offset in text */
};

/* Starts editing s (truncated to LINEEDIT_MAX - 1 bytes), cursor at the end. */
void lineedit_init(struct lineedit *le, const char *s);
/* Applies one key: arrows, Home/End, Ctrl-A/E, Backspace, Delete, Ctrl-K
 * (kill to the end), Ctrl-U (kill to the start), printable bytes. */
enum lineedit_result lineedit_key(struct lineedit *le, int key);
/* The window of width columns that shows the cursor: sets *first (byte
 * offset of the first character shown) and returns the cursor's column. */
int lineedit_view(const struct lineedit *le, int width, size_t *first);

#endif
