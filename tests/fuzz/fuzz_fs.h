/* fuzz_fs.h - runs a parser over fuzz input written into a private folder.
 *
 * Parsers read files only through an fsview, so each libFuzzer target
 * writes the input bytes into files of one temporary folder (made once per
 * process, removed at exit) and parses that folder as one device, with a
 * fresh option_set per input. The result is also written out as the scan
 * JSON, so that strings the parser produced go through the writer too.
 */
#ifndef HOPBOOT_FUZZ_FS_H
#define HOPBOOT_FUZZ_FS_H

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsview.h"
#include "option.h"
#include "parser.h"

static char fuzz_dir[PATH_MAX];
static FILE *fuzz_null;

static int fuzz_rm(const char *p, const struct stat *st, int flag,
		   struct FTW *ftw)
{
	return remove(p);
}

static void fuzz_cleanup(void)
{
	if (fuzz_dir[0])
		nftw(fuzz_dir, fuzz_rm, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fuzz target cannot report setup errors: it stops the run. */
_Noreturn static void fuzz_die(const char *what)
{
	fprintf(stderr, "fuzz: %s: %s\n", what, strerror(errno));
	abort();
}

static void fuzz_setup(void)
{
	const char *tmp = getenv("TMPDIR");

	if (fuzz_dir[0])
		return;
	snprintf(fuzz_dir, sizeof(fuzz_dir), "%s/hopboot-fuzz.XXXXXX",
		 tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(fuzz_dir))
		fuzz_die("mkdtemp");
	atexit(fuzz_cleanup);
	fuzz_null = fopen("/dev/null", "w");
	if (!fuzz_null)
		fuzz_die("/dev/null");
}

/* Writes data to rel (its folders made as needed), replacing it. */
static void fuzz_write(const char *rel, const void *data, size_t len)
{
	char path[PATH_MAX];
	int fd;

	if (snprintf(path, sizeof(path), "%s/%s", fuzz_dir, rel) >=
	    (int)sizeof(path)) {
		errno = ENAMETOOLONG;
		fuzz_die(rel);
	}
	for (char *s = strchr(path + strlen(fuzz_dir) + 1, '/'); s;
	     s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(path, 0755) < 0 && errno != EEXIST)
			fuzz_die(path);
		*s = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fuzz_die(path);
	while (len) {
		ssize_t n = write(fd, data, len);

		if (n <= 0)
			fuzz_die(path);
		data = (const char *)data + n;
		len -= (size_t)n;
	}
	close(fd);
}

/* Parses the folder with parse as one device, then drops everything. */
static void fuzz_parse(int (*parse)(struct parse_ctx *), const char *type)
{
	struct fsview fs = { .root_fd = -1 };
	struct option_set *set = option_set_new();
	struct parse_ctx ctx;
	struct device *dev;

	if (!set || !(dev = option_set_add_device(set)))
		fuzz_die("option_set_new");
	dev->id = "fuzz0";
	dev->path = fuzz_dir;
	dev->type = type;
	if (fsview_open(&fs, fuzz_dir) < 0)
		fuzz_die("fsview_open");
	ctx = (struct parse_ctx){ .fs = &fs, .dev = dev, .set = set };
	parse(&ctx);
	fsview_close(&fs);
	option_set_resolve_default(set);
	option_set_write_json(set, fuzz_null);
	option_set_free(set);
}

#endif
