/* keys.c - decode escape sequences from the terminal into keys. */
#include <stdlib.h>
#include <string.h>

#include "keys.h"

/* ESC [ <number> ~ as the Linux console, xterm and rxvt send them. */
static int tilde_key(int n)
{
	switch (n) {
	case 1: case 7: return KEY_HOME;
	case 4: case 8: return KEY_END;
	case 3: return KEY_DELETE;
	case 5: return KEY_PGUP;
	case 6: return KEY_PGDN;
	}
	return KEY_UNKNOWN;
}

static int final_key(unsigned char c)
{
	switch (c) {
	case 'A': return KEY_UP;
	case 'B': return KEY_DOWN;
	case 'C': return KEY_RIGHT;
	case 'D': return KEY_LEFT;
	case 'H': return KEY_HOME;
	case 'F': return KEY_END;
	}
	return KEY_UNKNOWN;
}

/* A whole sequence in k->seq: ESC [ params final, or ESC O final. */
static int decode(struct keys *k)
{
	unsigned char fin = k->seq[k->n - 1];

	k->seq[k->n] = '\0';
	k->n = 0;
	if (fin == '~')
		return tilde_key(atoi((char *)k->seq + 2));
	/* The Linux console's ESC [ [ A is F1: not ours. */
	if (k->seq[1] == '[' && k->seq[2] == '[')
		return KEY_UNKNOWN;
	return final_key(fin);
}

int keys_feed(struct keys *k, unsigned char byte)
{
	if (!k->n) {
		if (byte == 0x1b) {
			k->seq[k->n++] = byte;
			return KEY_NONE;
		}
		if (byte == '\n')
			return KEY_ENTER;
		if (byte == 0x08)
			return KEY_BACKSPACE;
		return byte;
	}
	if (k->n == 1) {
		if (byte == '[' || byte == 'O') {
			k->seq[k->n++] = byte;
			return KEY_NONE;
		}
		/* ESC ESC: Esc, and a new sequence may be starting. ESC
		 * then another key is Alt+key: Esc, the key dropped. */
		if (byte != 0x1b)
			k->n = 0;
		return KEY_ESC;
	}
	if (k->n >= KEYS_SEQ_MAX - 1) {
		k->n = 0;
		return KEY_UNKNOWN;
	}
	k->seq[k->n++] = byte;
	/* The Linux console's F1-F5: ESC [ [ letter. */
	if (k->n == 3 && k->seq[1] == '[' && byte == '[')
		return KEY_NONE;
	if (k->seq[1] == 'O' || (byte >= 0x40 && byte <= 0x7e))
		return decode(k);
	return KEY_NONE;
}

bool keys_pending(const struct keys *k)
{
	return k->n > 0;
}

int keys_timeout(struct keys *k)
{
	int n = k->n;

	k->n = 0;
	return n == 1 ? KEY_ESC : n ? KEY_UNKNOWN : KEY_NONE;
}
