/* test_server.h - a boot server as a folder, for the network parsers' tests.
 *
 * discover/net.c gives a network parser an empty cache folder whose fsview
 * fetches a file from the server the first time it is opened (the miss
 * handler). Here the "server" is a folder: test_server_fetch copies what
 * the parser asks for from root into cache and remembers every ask, so a
 * test can check both what was read and in which order.
 */
#ifndef HOPBOOT_TEST_SERVER_H
#define HOPBOOT_TEST_SERVER_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#define TEST_SERVER_ASKS 32

struct test_server {
	char root[PATH_MAX], cache[PATH_MAX];
	char asked[TEST_SERVER_ASKS][128];
	int n;
};

/* An fsview miss handler (fs.miss, with fs.miss_ctx the server). */
static int test_server_fetch(void *arg, const char *path)
{
	struct test_server *s = arg;
	char from[PATH_MAX], to[PATH_MAX], buf[4096];
	FILE *in, *out;
	size_t n;

	if (s->n < TEST_SERVER_ASKS)
		snprintf(s->asked[s->n++], sizeof(s->asked[0]), "%s", path);
	snprintf(from, sizeof(from), "%s%s", s->root, path);
	snprintf(to, sizeof(to), "%s%s", s->cache, path);
	in = fopen(from, "rb");
	if (!in)
		return -ENOENT;
	for (char *p = strchr(to + strlen(s->cache) + 1, '/'); p;
	     p = strchr(p + 1, '/')) {
		*p = '\0';
		mkdir(to, 0755);
		*p = '/';
	}
	out = fopen(to, "wb");
	while (out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	if (out)
		fclose(out);
	return out ? 0 : -EIO;
}

#endif
