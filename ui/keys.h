/* keys.h - terminal input decoded into keys (escape sequences of VT100,
 * xterm, the Linux console and serial terminals). */
#ifndef HOPBOOT_KEYS_H
#define HOPBOOT_KEYS_H

#include <stdbool.h>

/* Bytes 0x00-0xff stand for themselves (UTF-8 arrives byte by byte). */
enum {
	KEY_NONE = -1,
	KEY_ENTER = '\r',
	KEY_ESC = 0x1b,
	KEY_BACKSPACE = 0x7f,
	KEY_UP = 0x100,
	KEY_DOWN,
	KEY_LEFT,
	KEY_RIGHT,
	KEY_HOME,
	KEY_END,
	KEY_DELETE,
	KEY_PGUP,
	KEY_PGDN,
	KEY_UNKNOWN,		/* a sequence we do not know, swallowed */
};

#define KEYS_SEQ_MAX 16

struct keys {
	unsigned char seq[KEYS_SEQ_MAX];
	int n;			/* bytes of an unfinished sequence */
};

/* Feeds one byte; returns a key, or KEY_NONE while a sequence is open. */
int keys_feed(struct keys *k, unsigned char byte);
/* True while an escape sequence is unfinished: the caller waits a little
 * for more bytes, then calls keys_timeout(). */
bool keys_pending(const struct keys *k);
/* No more bytes came: a lone ESC is the Esc key (else KEY_NONE). */
int keys_timeout(struct keys *k);

#endif
