/* term.c - raw mode, window size and buffered output for the menu. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "term.h"

int term_open(struct term *t, const char *tty)
{
	struct termios raw;

	memset(t, 0, sizeof(*t));
	t->in = STDIN_FILENO;
	t->out = STDOUT_FILENO;
	if (tty) {
		int fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);

		if (fd < 0)
			return -errno;
		t->in = t->out = fd;
		t->own_fd = true;
		/* Best effort: a session of our own whose controlling
		 * terminal is this one, so that resizes reach us. */
		setsid();
		ioctl(fd, TIOCSCTTY, 0);
	}
	if (tcgetattr(t->in, &t->saved) < 0) {
		int err = -errno;

		term_close(t);
		return err;
	}
	raw = t->saved;
	/* cfmakeraw() without touching the output processing: we write
	 * "\r\n" ourselves, and the shell after us finds OPOST as it was. */
	raw.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
			 ICRNL | IXON);
	raw.c_lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(t->in, TCSANOW, &raw) < 0) {
		int err = -errno;

		term_close(t);
		return err;
	}
	t->raw = true;
	t->raw_mode = raw;
	term_size(t);
	return 0;
}

void term_close(struct term *t)
{
	if (t->raw)
		tcsetattr(t->in, TCSANOW, &t->saved);
	t->raw = false;
	if (t->own_fd)
		close(t->in);
	t->own_fd = false;
	free(t->buf);
	t->buf = NULL;
	t->len = t->cap = 0;
}

void term_size(struct term *t)
{
	struct winsize ws;

	t->rows = 24;
	t->cols = 80;
	if (ioctl(t->out, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
		t->rows = ws.ws_row;
		t->cols = ws.ws_col;
	}
	/* Below this the layout cannot hold; above it lines get long. */
	if (t->rows < 8)
		t->rows = 8;
	if (t->cols < 20)
		t->cols = 20;
	if (t->cols > 512)
		t->cols = 512;
	if (t->rows > 200)
		t->rows = 200;
}

void term_putn(struct term *t, const char *s, size_t n)
{
	if (t->len + n > t->cap) {
		size_t cap = (t->len + n) * 2 + 4096;
		char *b = realloc(t->buf, cap);

		if (!b)
			return;	/* drawn in part; the next frame redraws */
		t->buf = b;
		t->cap = cap;
	}
	memcpy(t->buf + t->len, s, n);
	t->len += n;
}

void term_puts(struct term *t, const char *s)
{
	term_putn(t, s, strlen(s));
}

void term_printf(struct term *t, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n > 0)
		term_putn(t, line, (size_t)n < sizeof(line) ? (size_t)n :
			  sizeof(line) - 1);
}

void term_flush(struct term *t)
{
	size_t done = 0;

	while (done < t->len) {
		ssize_t n = write(t->out, t->buf + done, t->len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	t->len = 0;
}
