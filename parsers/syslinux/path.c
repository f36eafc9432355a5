/* path.c - where a path written in a syslinux config points. */
#include <string.h>

#include "sl.h"

/*
 * path taken from the current folder, "/"-rooted, "." and ".." applied by
 * name (".." of the root is the root, as on ext2). syslinux walks ".." on
 * the disk, which differs only where a folder is a symbolic link.
 *
 * pxelinux reads "::name" as name on the TFTP server, from its root, not
 * from the path prefix (core/fs/pxe/urlparse.c: an "old-style" TFTP path
 * with no host, which __pxe_searchdir() does not prefix with the current
 * folder). On a disk "::" means nothing to syslinux 6.04 (core/fs/fs.c's
 * searchdir() walks it as a folder named "::"), and hopboot does the same.
 */
char *sl_resolve(struct sl *s, const char *path, size_t len)
{
	bool root;
	size_t cwd_len;
	char *d, *out;
	const char *p, *end;

	if (s->ctx->net && len >= 2 && path[0] == ':' && path[1] == ':') {
		path += 2;
		len -= 2;
		root = true;
	} else {
		root = len && path[0] == '/';
	}
	cwd_len = root ? 0 : strlen(s->cwd);
	d = out = arena_alloc(s->a, cwd_len + len + 3);
	if (!d)
		return NULL;
	/* Components of the folder, then of the path. */
	for (int part = 0; part < 2; part++) {
		p = part ? path : s->cwd;
		end = part ? path + len : s->cwd + cwd_len;
		while (p < end) {
			const char *c = p;
			size_t n;

			while (c < end && *c != '/')
				c++;
			n = (size_t)(c - p);
			if (n == 2 && p[0] == '.' && p[1] == '.') {
				while (out > d && *--out != '/')
					;
			} else if (n && !(n == 1 && p[0] == '.')) {
				*out++ = '/';
				memcpy(out, p, n);
				out += n;
			}
			p = c < end ? c + 1 : c;
		}
	}
	if (out == d)
		*out++ = '/';
	*out = '\0';
	return d;
}

char *sl_dirname(struct arena *a, const char *path)
{
	const char *slash = strrchr(path, '/');

	return arena_strndup(a, path, slash && slash > path ?
				  (size_t)(slash - path) : 1);
}
