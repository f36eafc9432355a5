/* test_model_progress.c - "progress" messages in the ui's model, and the status line every console draws from them. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "arena.h"
#include "json_read.h"
#include "tap.h"
#include "ui/model.h"
#include "ui/ui.h"

static struct arena *a;

static bool apply(struct model *m, const char *msg)
{
	const char *err;
	struct json_value *v = json_parse(a, msg, strlen(msg), &err);

	if (!v) {
		diag("bad test JSON: %s", err);
		return false;
	}
	return model_apply(m, v);
}

static const char *text(const struct model *m)
{
	static char buf[160];

	if (!model_progress_text(m, buf, sizeof(buf)))
		return "(none)";
	return buf;
}

/* One frame of the menu as a console gets it. */
static const char *frame(struct ui *u)
{
	static char buf[16384];
	int p[2];
	ssize_t n;

	if (pipe(p) < 0)
		return "";
	u->t.out = p[1];
	ui_render(u);
	close(p[1]);
	n = read(p[0], buf, sizeof(buf) - 1);
	close(p[0]);
	buf[n > 0 ? n : 0] = '\0';
	return buf;
}

int main(void)
{
	struct model m;
	struct ui u;

	a = arena_new();
	model_init(&m);
	check_str(text(&m), "(none)");
	ok(apply(&m, "{\"type\":\"progress\",\"what\":\"kernel\","
		 "\"url\":\"tftp://10.0.2.2/vmlinuz\",\"done\":12582912,"
		 "\"total\":27787264,\"end\":false}"), "progress is applied");
	check_str(text(&m), "Downloading the kernel: 45 % (12.0 MiB of "
		  "26.5 MiB)");
	ok(apply(&m, "{\"type\":\"progress\",\"what\":\"initrd\","
		 "\"url\":\"http://s/i\",\"done\":3072,\"total\":null,"
		 "\"end\":false}"), "without a total");
	check_str(text(&m), "Downloading the initrd: 3.0 KiB so far");
	ok(apply(&m, "{\"type\":\"progress\",\"what\":\"initrd\","
		 "\"done\":900,\"total\":500}"), "more than announced");
	check_str(text(&m), "Downloading the initrd: 100 % (900 bytes of "
		  "500 bytes)");
	ok(apply(&m, "{\"type\":\"progress\",\"what\":\"initrd\","
		 "\"url\":\"http://s/i\",\"done\":0,\"total\":null,"
		 "\"end\":true}"), "the end");
	check_str(text(&m), "(none)");
	ok(apply(&m, "{\"type\":\"progress\",\"what\":\"a very long name "
		 "that does not fit in the model\",\"done\":-5,"
		 "\"total\":\"x\"}"), "odd values");
	check_str(text(&m), "Downloading the a very long name that does "
		  "not : 0 bytes so far");
	model_free(&m);

	/* The status line of a menu, above the key help. */
	memset(&u, 0, sizeof(u));
	model_init(&u.m);
	u.t.rows = 24;
	u.t.cols = 80;
	u.continue_left = -1;
	u.view = UI_MENU;
	ok(apply(&u.m, "{\"type\":\"state\",\"state\":{\"devices\":[],"
		 "\"options\":[],\"default\":null,\"timeout\":null},"
		 "\"countdown\":null,\"probing\":0}"), "a state");
	ok(!strstr(frame(&u), "Downloading"), "no download, no line");
	apply(&u.m, "{\"type\":\"progress\",\"what\":\"kernel\","
	      "\"done\":1048576,\"total\":4194304,\"end\":false}");
	ok(strstr(frame(&u), "\033[22;1HDownloading the kernel: 25 % "
		  "(1.0 MiB of 4.0 MiB)"), "drawn on the status line");
	apply(&u.m, "{\"type\":\"progress\",\"what\":\"kernel\\u001b[2J\","
	      "\"done\":1,\"total\":2,\"end\":false}");
	ok(!strstr(frame(&u), "\033[2J"), "a server's escape never reaches "
	   "the console");
	apply(&u.m, "{\"type\":\"progress\",\"what\":\"kernel\","
	      "\"end\":true}");
	ok(!strstr(frame(&u), "Downloading"), "gone at the end");
	model_free(&u.m);
	free(u.t.buf);
	arena_free(a);
	return done_testing();
}
