/* server.h - the daemon's Unix socket: JSON lines to and from clients.
 *
 * Every message is one JSON object on one line (doc/protocol.md). The
 * server owns the listening socket and every client's fd and buffers. A
 * client that sends a line over SERVER_MAX_LINE, or stops reading while
 * more than SERVER_MAX_OUT waits for it, is disconnected; no client can
 * block the daemon or the others.
 */
#ifndef HOPBOOT_SERVER_H
#define HOPBOOT_SERVER_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>

#define SERVER_MAX_CLIENTS 32
#define SERVER_MAX_LINE (64 * 1024)
#define SERVER_MAX_OUT (4 << 20)

struct client {
	int fd;			/* -1: slot free */
	char *in;		/* SERVER_MAX_LINE bytes */
	size_t in_len;
	char *out;
	size_t out_len, out_cap;
	bool closing;		/* close once out is flushed */
};

struct server_ops {
	void (*connected)(void *data, struct client *c);
	void (*request)(void *data, struct client *c, char *line, size_t len);
};

struct server {
	int listen_fd;
	const char *path;
	struct client clients[SERVER_MAX_CLIENTS];
	const struct server_ops *ops;
	void *data;
};

/* Listens on path (replacing a stale socket). Returns 0 or -errno. */
int server_open(struct server *s, const char *path,
		const struct server_ops *ops, void *data);
void server_close(struct server *s);

/* Fills pfds with the fds to poll; returns how many (at most
 * 1 + SERVER_MAX_CLIENTS). */
size_t server_pollfds(struct server *s, struct pollfd *pfds);
/* Handles the results of poll() for the fds server_pollfds() gave. */
void server_dispatch(struct server *s, const struct pollfd *pfds, size_t n);

/* Queues a message (a line without its newline) for one client or all. */
void server_send(struct server *s, struct client *c, const char *msg,
		 size_t len);
void server_broadcast(struct server *s, const char *msg, size_t len);
/* Sends what is queued, blocking up to timeout_ms in all (before exit). */
void server_flush(struct server *s, int timeout_ms);

#endif
