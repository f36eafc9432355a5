/* term.h - the terminal the menu draws on: raw mode, size, output. */
#ifndef HOPBOOT_TERM_H
#define HOPBOOT_TERM_H

#include <stdbool.h>
#include <stddef.h>
#include <termios.h>

struct term {
	int in, out;		/* the same fd for --tty */
	bool own_fd;		/* opened by term_open(), closed by us */
	bool raw;		/* saved holds the mode to restore */
	struct termios saved;
	struct termios raw_mode;	/* ours, to set again after a shell */
	int rows, cols;
	char *buf;		/* the frame being built */
	size_t len, cap;
};

/* Opens tty (NULL: standard input and output) and sets raw mode. The
 * tty becomes our controlling terminal when it can, for SIGWINCH.
 * Returns 0 or -errno. */
int term_open(struct term *t, const char *tty);
/* Restores the mode and closes what term_open() opened. */
void term_close(struct term *t);
/* Reads the size; a serial line that does not know is 80x24. */
void term_size(struct term *t);

/* Appends to the frame; term_flush() writes it out. */
void term_puts(struct term *t, const char *s);
void term_putn(struct term *t, const char *s, size_t n);
void term_printf(struct term *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void term_flush(struct term *t);

#endif
