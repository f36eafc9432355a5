/* test_server.h - a boot server as a folder, for the network parsers' tests.
 *
 * discover/net.c gives a network parser an empty cache folder whose fsview
 * fetches a file from the server the first time it is opened (the miss
 * handler). Here the "server" is a folder: test_server_fetch copies what
 * the parser asks for from root into cache and remembers every ask, so a
 * test can check both what was read and in which order. test_net_open
 * makes the rest of what discover/net.c gives a network parser: the
 * network card's device and its lease.
 */
#ifndef HOPBOOT_TEST_SERVER_H
#define HOPBOOT_TEST_SERVER_H

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "testfs.h"

#include "fsview.h"
#include "option.h"
#include "parser.h"

#define TEST_SERVER_ASKS 32
#define TEST_NET_MAC "52:54:00:12:34:56"

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
	out = testfs_mkdirs(to, strlen(s->cache)) ? NULL : fopen(to, "wb");
	while (out && (n = fread(buf, 1, sizeof(buf), in)) > 0)
		fwrite(buf, 1, n, out);
	fclose(in);
	if (out)
		fclose(out);
	return out ? 0 : -EIO;
}

/* A server with nothing on it yet: root and cache are fresh temporary
 * folders named after name ("test_grub2_net"). */
static inline void test_server_new(struct test_server *s, const char *name)
{
	memset(s, 0, sizeof(*s));
	snprintf(s->root, sizeof(s->root), "/tmp/%s.srv.XXXXXX", name);
	snprintf(s->cache, sizeof(s->cache), "/tmp/%s.cache.XXXXXX", name);
	testfs_new(s->root);
	testfs_new(s->cache);
}

/* Puts text on the server as path ("/grub.cfg"). */
static inline void test_server_put(const struct test_server *s,
				   const char *path, const char *text)
{
	testfs_put(s->root, path, text);
}

static inline void test_server_free(const struct test_server *s)
{
	testfs_remove(s->root);
	testfs_remove(s->cache);
}

/* What discover/net.c gives a network parser after a DHCP lease of
 * 10.0.2.15 from the boot server 10.0.2.2 on the card TEST_NET_MAC. */
struct test_net {
	struct option_set *set;	/* new, with the card as its one device */
	struct net_info net;
	struct fsview fs;	/* the server's cache; fetches on a miss */
	struct parse_ctx ctx;	/* for the parser: all of the above */
};

static inline void test_net_open(struct test_net *t, struct test_server *s)
{
	struct device *dev;

	memset(t, 0, sizeof(*t));
	t->set = option_set_new();
	dev = t->set ? option_set_add_device(t->set) : NULL;
	if (!dev || fsview_open(&t->fs, s->cache) < 0) {
		diag("cannot open the cache %s", s->cache);
		exit(1);
	}
	dev->id = "net:" TEST_NET_MAC;
	dev->type = "network";
	dev->path = "tftp://10.0.2.2/";
	t->net = (struct net_info){ .ip = "10.0.2.15", .mac = TEST_NET_MAC,
				    .server = "10.0.2.2", .hwtype = 1 };
	t->fs.miss = test_server_fetch;
	t->fs.miss_ctx = s;
	t->ctx = (struct parse_ctx){ .fs = &t->fs, .dev = dev, .set = t->set,
				     .net = &t->net };
}

/* Closes the cache; the option set is the caller's to free. */
static inline struct option_set *test_net_close(struct test_net *t)
{
	fsview_close(&t->fs);
	return t->set;
}

/* The option titled title; a failed check when there is none. */
static inline const struct boot_option *
test_net_titled(const struct option_set *set, const char *title)
{
	for (size_t i = 0; i < set->n_options; i++)
		if (set->options[i]->title &&
		    !strcmp(set->options[i]->title, title))
			return set->options[i];
	ok(0, "an option titled %s", title);
	return NULL;
}

#endif
