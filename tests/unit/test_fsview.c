/* test_fsview.c - paths stay inside the view, whatever the disk holds. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "fsview.h"
#include "strlist.h"
#include "tap.h"

/* base/secret lies outside the view; base/root is the view. */
static char base[] = "/tmp/hopboot-fsview.XXXXXX";
static char root[64];

static const char *at(const char *rel)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	return path;
}

static void put(const char *rel, const char *text)
{
	FILE *f = fopen(at(rel), "w");

	fputs(text, f);
	fclose(f);
}

static void link_(const char *target, const char *rel)
{
	if (symlink(target, at(rel)) < 0)
		diag("symlink %s: %m", at(rel));
}

int main(void)
{
	struct arena *a = arena_new();
	struct strlist names = { 0 };
	char secret[128], cmd[128], *buf = NULL;
	struct fsview fs;
	size_t len = 0;

	if (!mkdtemp(base)) {
		skip_all("cannot create a temporary directory");
		return 0;
	}
	snprintf(root, sizeof(root), "%s/root", base);
	snprintf(secret, sizeof(secret), "%s/secret", base);
	mkdir(root, 0755);
	mkdir(at("dir"), 0755);
	put("../secret", "outside the view\n");
	put("file", "inside\n");
	put("dir/b", "b");
	put("dir/a", "a");
	link_("/file", "abs-link");
	link_("../secret", "escape-rel");
	link_(secret, "escape-abs");
	link_("dir/../../secret", "escape-dotdot");
	mkfifo(at("fifo"), 0644);

	check_int(fsview_open(&fs, root), ==, 0);
	check_int(fsview_read(&fs, "/file", 100, a, &buf, &len), ==, 0);
	check_str(buf, "inside\n");
	check_int(len, ==, 7);
	check_int(fsview_read(&fs, "file", 100, a, &buf, &len), ==, 0);
	check_str(buf, "inside\n");
	check_int(fsview_read(&fs, "/abs-link", 100, a, &buf, &len), ==, 0);
	check_str(buf, "inside\n");

	/* Every way out resolves inside the root, where there is no secret. */
	check_int(fsview_read(&fs, "/escape-rel", 100, a, &buf, &len), ==, -ENOENT);
	check_int(fsview_read(&fs, "/escape-abs", 100, a, &buf, &len), ==, -ENOENT);
	check_int(fsview_read(&fs, "/escape-dotdot", 100, a, &buf, &len), ==, -ENOENT);
	check_int(fsview_read(&fs, "../secret", 100, a, &buf, &len), ==, -ENOENT);
	check_int(fsview_read(&fs, "/../../secret", 100, a, &buf, &len), ==, -ENOENT);
	ok(!fsview_is_file(&fs, "/proc/self/environ"), "no /proc through the view");

	check_int(fsview_read(&fs, "/file", 3, a, &buf, &len), ==, -EFBIG);
	check_int(fsview_read(&fs, "/dir", 100, a, &buf, &len), ==, -EISDIR);
	check_int(fsview_read(&fs, "/fifo", 100, a, &buf, &len), ==, -EINVAL);
	ok(fsview_is_file(&fs, "dir/a"), "dir/a is a file");
	ok(!fsview_is_file(&fs, "dir"), "dir is not a file");

	check_int(fsview_list(&fs, "/dir", a, &names), ==, 0);
	check_int(names.n, ==, 2);
	check_str(names.v[0], "a");
	check_str(names.v[1], "b");
	check_int(fsview_list(&fs, "/nonexistent", a, &names), ==, -ENOENT);

	fsview_close(&fs);
	arena_free(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	if (system(cmd) != 0)
		diag("could not remove %s", base);
	return done_testing();
}
