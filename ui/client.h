/* client.h - a connection to the discover daemon (doc/protocol.md).
 *
 * Shared by 'hopboot ctl' (blocking, one request) and 'hopboot ui' (one
 * poll() loop). Functions return 0 or -errno unless they say otherwise.
 */
#ifndef HOPBOOT_CLIENT_H
#define HOPBOOT_CLIENT_H

#include <stddef.h>

struct arena;
struct json_value;

/* A whole state message of many options fits; a longer line ends it. */
#define CLIENT_MAX_LINE (8 << 20)

struct client {
	int fd;
	char *buf;		/* received, not yet taken: buf[start..len) */
	size_t start, len, cap;
};

/* Connects to the Unix socket at path; c owns the fd afterwards. */
int client_connect(struct client *c, const char *path);
void client_close(struct client *c);

/* Sends {"type":type} with "id" and "cmdline" when not NULL. */
int client_send(struct client *c, const char *type, const char *id,
		const char *cmdline);

/* One read() into the buffer: 0 when bytes came, -EPIPE at the end of the
 * stream, -E2BIG for a line over CLIENT_MAX_LINE, else -errno. */
int client_fill(struct client *c);

/* The next whole line, NUL-terminated without its '\n' and valid until the
 * next call on c, or NULL when no whole line has arrived yet. */
char *client_take_line(struct client *c, size_t *len);

/* Blocks for the next message and parses it into a; NULL at the end of
 * the stream or on a line that is not JSON. *raw, when raw is not NULL,
 * is the line as received. */
const struct json_value *client_next(struct client *c, struct arena *a,
				     const char **raw);

#endif
