/* client.c - connect, send requests and read lines from the daemon. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "client.h"
#include "json.h"
#include "json_read.h"

int client_connect(struct client *c, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	if (strlen(path) >= sizeof(addr.sun_path))
		return -ENAMETOOLONG;
	strcpy(addr.sun_path, path);
	c->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -errno;
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
		int err = -errno;

		close(c->fd);
		c->fd = -1;
		return err;
	}
	return 0;
}

void client_close(struct client *c)
{
	if (c->fd >= 0)
		close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

int client_send(struct client *c, const char *type, const char *id,
		const char *cmdline)
{
	char *buf = NULL;
	size_t len = 0, done = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;
	int r = 0;

	if (!f)
		return -ENOMEM;
	json_init(&j, f);
	json_open_object(&j);
	json_key(&j, "type");
	json_string(&j, type);
	if (id) {
		json_key(&j, "id");
		json_string(&j, id);
	}
	if (cmdline) {
		json_key(&j, "cmdline");
		json_string(&j, cmdline);
	}
	json_close_object(&j);
	fputc('\n', f);
	if (fclose(f) || !buf) {
		free(buf);
		return -ENOMEM;
	}
	while (done < len) {
		ssize_t n = send(c->fd, buf + done, len - done, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r = n < 0 ? -errno : -EIO;
			break;
		}
		done += (size_t)n;
	}
	free(buf);
	return r;
}

int client_fill(struct client *c)
{
	ssize_t n;

	/* Drop what was taken before growing: lines are consumed in order. */
	if (c->start) {
		memmove(c->buf, c->buf + c->start, c->len - c->start);
		c->len -= c->start;
		c->start = 0;
	}
	if (c->cap - c->len < 4096) {
		size_t cap = c->cap ? c->cap * 2 : 65536;
		char *b;

		if (cap > CLIENT_MAX_LINE + 4096)
			return -E2BIG;
		b = realloc(c->buf, cap);
		if (!b)
			return -ENOMEM;
		c->buf = b;
		c->cap = cap;
	}
	/* Keep one byte for the NUL that client_take_line() writes. */
	n = read(c->fd, c->buf + c->len, c->cap - c->len - 1);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -EPIPE;
	c->len += (size_t)n;
	return 0;
}

char *client_take_line(struct client *c, size_t *len)
{
	char *line, *nl;

	/* Before the first read buf is NULL, and NULL + 0 is undefined. */
	if (c->start >= c->len)
		return NULL;
	line = c->buf + c->start;
	nl = memchr(line, '\n', c->len - c->start);
	if (!nl)
		return NULL;
	*nl = '\0';
	*len = (size_t)(nl - line);
	c->start += *len + 1;
	return line;
}

const struct json_value *client_next(struct client *c, struct arena *a,
				     const char **raw)
{
	const char *err;
	size_t len;
	char *line;

	while (!(line = client_take_line(c, &len))) {
		int r = client_fill(c);

		if (r == -EINTR)
			continue;
		if (r < 0)
			return NULL;
	}
	if (raw)
		*raw = line;
	return json_parse(a, line, len, &err);
}
