/* server.c - non-blocking Unix socket server for JSON-line clients. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "server.h"

int server_open(struct server *s, const char *path,
		const struct server_ops *ops, void *data)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd, err;

	memset(s, 0, sizeof(*s));
	for (int i = 0; i < SERVER_MAX_CLIENTS; i++)
		s->clients[i].fd = -1;
	s->listen_fd = -1;
	s->ops = ops;
	s->data = data;
	s->path = path;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);
	/* Root only: a client can boot any kernel. */
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0 ||
	    chmod(path, 0600) < 0 || listen(fd, 16) < 0) {
		err = -errno;
		close(fd);
		return err;
	}
	s->listen_fd = fd;
	return 0;
}

static void drop(struct client *c)
{
	char sink[4096];

	/* Unread input makes close() reset the connection, and the peer
	 * would lose the reply that says why we closed it. */
	for (int i = 0; i < 64 && read(c->fd, sink, sizeof(sink)) > 0; i++)
		;
	shutdown(c->fd, SHUT_RDWR);
	close(c->fd);
	free(c->in);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

void server_close(struct server *s)
{
	for (int i = 0; i < SERVER_MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0)
			drop(&s->clients[i]);
	if (s->listen_fd >= 0) {
		close(s->listen_fd);
		unlink(s->path);
	}
	s->listen_fd = -1;
}

size_t server_pollfds(struct server *s, struct pollfd *pfds)
{
	size_t n = 0;

	pfds[n++] = (struct pollfd){ .fd = s->listen_fd, .events = POLLIN };
	for (int i = 0; i < SERVER_MAX_CLIENTS; i++) {
		struct client *c = &s->clients[i];

		if (c->fd < 0)
			continue;
		pfds[n++] = (struct pollfd){
			.fd = c->fd,
			.events = (c->closing ? 0 : POLLIN) |
				  (c->out_len ? POLLOUT : 0),
		};
	}
	return n;
}

static void accept_one(struct server *s)
{
	int fd = accept4(s->listen_fd, NULL, NULL,
			 SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return;
	for (int i = 0; i < SERVER_MAX_CLIENTS; i++) {
		struct client *c = &s->clients[i];

		if (c->fd >= 0)
			continue;
		c->fd = fd;
		c->in = malloc(SERVER_MAX_LINE);
		if (!c->in) {
			drop(c);
			return;
		}
		s->ops->connected(s->data, c);
		return;
	}
	/* Full: say so rather than leave the client hanging. */
	static const char full[] = "{\"type\":\"error\",\"error\":\"too many "
				   "clients are connected\"}\n";
	if (write(fd, full, sizeof(full) - 1) < 0)
		log_debug("client refused: too many");
	close(fd);
}

static void flush_one(struct client *c)
{
	while (c->out_len) {
		ssize_t n = send(c->fd, c->out, c->out_len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			drop(c);
			return;
		}
		memmove(c->out, c->out + n, c->out_len - (size_t)n);
		c->out_len -= (size_t)n;
	}
	if (c->closing)
		drop(c);
}

static void read_lines(struct server *s, struct client *c)
{
	for (;;) {
		ssize_t n = read(c->fd, c->in + c->in_len,
				 SERVER_MAX_LINE - c->in_len);
		char *nl;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		if (n <= 0) {
			drop(c);
			return;
		}
		c->in_len += (size_t)n;
		while (c->fd >= 0 && !c->closing &&
		       (nl = memchr(c->in, '\n', c->in_len))) {
			size_t len = (size_t)(nl - c->in);

			*nl = '\0';
			s->ops->request(s->data, c, c->in, len);
			if (c->fd < 0)
				return;
			c->in_len -= len + 1;
			memmove(c->in, nl + 1, c->in_len);
		}
		if (c->fd < 0 || c->closing)
			return;
		if (c->in_len == SERVER_MAX_LINE) {
			static const char big[] = "{\"type\":\"error\",\"error\":"
				"\"message longer than 65536 bytes; closing\"}";

			c->closing = true;	/* before: send may flush */
			server_send(s, c, big, sizeof(big) - 1);
			return;
		}
	}
}

void server_dispatch(struct server *s, const struct pollfd *pfds, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		struct client *c = NULL;

		for (int k = 0; k < SERVER_MAX_CLIENTS; k++)
			if (s->clients[k].fd == pfds[i].fd)
				c = &s->clients[k];
		if (!c || !pfds[i].revents)
			continue;
		if (pfds[i].revents & POLLIN)
			read_lines(s, c);
		else if (pfds[i].revents & (POLLERR | POLLHUP | POLLNVAL))
			drop(c);
		if (c->fd >= 0 && (pfds[i].revents & POLLOUT))
			flush_one(c);
	}
	if (pfds[0].revents & POLLIN)
		accept_one(s);
}

void server_send(struct server *s, struct client *c, const char *msg,
		 size_t len)
{
	size_t need = c->out_len + len + 1;

	if (c->fd < 0)
		return;
	if (need > SERVER_MAX_OUT) {
		log_info("a client stopped reading; disconnecting it");
		drop(c);
		return;
	}
	if (need > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap : 4096;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(c->out, cap);
		if (!p) {
			drop(c);
			return;
		}
		c->out = p;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, msg, len);
	c->out[c->out_len + len] = '\n';
	c->out_len = need;
	flush_one(c);
}

void server_broadcast(struct server *s, const char *msg, size_t len)
{
	for (int i = 0; i < SERVER_MAX_CLIENTS; i++)
		if (s->clients[i].fd >= 0 && !s->clients[i].closing)
			server_send(s, &s->clients[i], msg, len);
}

void server_flush(struct server *s, int timeout_ms)
{
	const struct timespec step = { 0, 10 * 1000000L };

	for (int t = 0; t < timeout_ms; t += 10) {
		bool pending = false;

		for (int i = 0; i < SERVER_MAX_CLIENTS; i++) {
			if (s->clients[i].fd >= 0 && s->clients[i].out_len) {
				flush_one(&s->clients[i]);
				pending |= s->clients[i].fd >= 0 &&
					   s->clients[i].out_len;
			}
		}
		if (!pending)
			return;
		nanosleep(&step, NULL);
	}
}
