/* test_model.c - the ui's menu tree: submenus, the default, events. */
#include <string.h>

#include "arena.h"
#include "json_read.h"
#include "tap.h"
#include "ui/model.h"

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

#define OPT(id, title, sub, err) \
	"{\"id\":\"" id "\",\"device\":\"d\",\"source\":\"grub2\"," \
	"\"title\":\"" title "\",\"submenu\":[" sub "],\"cmdline\":\"ro\"," \
	"\"kernel\":{\"device\":\"d\",\"path\":\"/vmlinuz\"},\"initrds\":[]," \
	"\"default\":false,\"hidden\":false,\"errors\":[" err "]}"

/* The titles of the current level, joined by '|'. */
static const char *level(const struct model *m)
{
	static char buf[512];
	struct model_item it[MODEL_MAX_ITEMS];
	size_t n = model_items(m, it, MODEL_MAX_ITEMS);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(buf, "|");
		strcat(buf, it[i].title);
		if (it[i].kind == MODEL_SUBMENU)
			strcat(buf, ">");
		if (it[i].is_default)
			strcat(buf, "*");
	}
	return buf;
}

static const char *selected(const struct model *m)
{
	struct model_item it;

	return model_selected(m, &it) ? it.title : "(none)";
}

int main(void)
{
	struct model m;

	a = arena_new();
	model_init(&m);
	ok(apply(&m, "{\"type\":\"state\",\"state\":{\"devices\":["
		 "{\"id\":\"d\",\"path\":\"/dev/vda1\",\"errors\":[]}],"
		 "\"options\":["
		 OPT("0", "Ubuntu", "", "") ","
		 OPT("1>0", "Ubuntu, 6.1", "\"Advanced\"", "") ","
		 OPT("1>1", "Ubuntu, 6.1 (recovery)", "\"Advanced\"", "") ","
		 OPT("2", "Memtest", "", "\"no kernel\"") ","
		 OPT("1>2>0", "Deep", "\"Advanced\",\"Older\"", "")
		 "],\"default\":\"1>1\",\"timeout\":5},"
		 "\"countdown\":5,\"probing\":1}"), "a state message applies");
	check_int(m.n_opts, ==, 5);
	check_int(m.countdown, ==, 5);
	check_int(m.probing, ==, 1);
	check_str(model_device(&m, "d")->path, "/dev/vda1");
	/* A submenu is one item where its first entry is; it holds the
	 * default, so it is marked and selected. */
	check_str(level(&m), "Ubuntu|Advanced>*|Memtest");
	check_str(selected(&m), "Advanced");
	ok(model_enter(&m), "enter the submenu");
	check_str(level(&m), "Ubuntu, 6.1|Ubuntu, 6.1 (recovery)*|Older>");
	check_str(selected(&m), "Ubuntu, 6.1");
	model_move(&m, 5);
	check_str(selected(&m), "Older");	/* clamped at the end */
	ok(model_enter(&m), "enter the nested submenu");
	check_str(level(&m), "Deep");
	ok(!model_enter(&m), "an option is no submenu");
	ok(model_leave(&m), "leave");
	check_str(selected(&m), "Older");	/* back where we were */
	ok(model_leave(&m), "leave again");
	ok(!model_leave(&m), "not above the top");
	check_str(selected(&m), "Advanced");

	/* Events. */
	ok(apply(&m, "{\"type\":\"option-added\",\"option\":"
		 OPT("3", "Late", "", "") "}"), "option-added");
	check_str(level(&m), "Ubuntu|Advanced>*|Memtest|Late");
	ok(apply(&m, "{\"type\":\"option-changed\",\"option\":"
		 OPT("3", "Later", "", "") "}"), "option-changed");
	check_str(level(&m), "Ubuntu|Advanced>*|Memtest|Later");
	check_int(m.n_opts, ==, 6);
	ok(apply(&m, "{\"type\":\"default\",\"id\":\"3\"}"), "default");
	check_str(level(&m), "Ubuntu|Advanced>|Memtest|Later*");
	check_str(selected(&m), "Advanced");	/* the user moved */
	ok(apply(&m, "{\"type\":\"countdown\",\"seconds\":null}"), "countdown");
	check_int(m.countdown, ==, -1);
	/* The open submenu disappears with its entries. */
	model_enter(&m);
	apply(&m, "{\"type\":\"option-removed\",\"id\":\"1>0\"}");
	apply(&m, "{\"type\":\"option-removed\",\"id\":\"1>1\"}");
	check_int(m.depth, ==, 1);
	apply(&m, "{\"type\":\"option-removed\",\"id\":\"1>2>0\"}");
	check_int(m.depth, ==, 0);
	check_str(level(&m), "Ubuntu|Memtest|Later*");
	ok(!apply(&m, "{\"type\":\"hello\"}"), "other messages are not kept");
	ok(!apply(&m, "{\"type\":\"option-added\",\"option\":{}}"),
	   "an option without an id is refused");

	/* hopboot menu's own first entry is its default, and the selection
	 * stays there when the daemon names a disk's default. */
	m.continue_entry = true;
	m.moved = false;
	ok(apply(&m, "{\"type\":\"default\",\"id\":\"2\"}"), "default");
	check_str(level(&m), MODEL_CONTINUE_TITLE "*|Ubuntu|Memtest|Later");
	check_str(selected(&m), MODEL_CONTINUE_TITLE);

	/* Where an option came from, and whether it is a kernel at all. */
	ok(apply(&m, "{\"type\":\"option-added\",\"option\":{"
		 "\"id\":\"w\",\"device\":\"d\",\"source\":\"grub2\","
		 "\"title\":\"Windows\",\"submenu\":[],\"cmdline\":\"\","
		 "\"config\":[{\"device\":\"d\",\"path\":\"/grub/grub.cfg\"},"
		 "{\"device\":\"d\",\"image\":\"/x.iso\",\"path\":\"/l.cfg\"}],"
		 "\"kernel\":null,\"initrds\":[],\"hidden\":false,\"kexec\":false,"
		 "\"errors\":[\"starts another boot loader\"]}}"),
	   "an option with config and kexec");
	{
		const struct model_option *o = NULL;

		for (size_t i = 0; i < m.n_opts; i++)
			if (!strcmp(m.opts[i]->id, "w"))
				o = m.opts[i];
		if (ok(o, "it is kept")) {
			ok(o->not_kexec, "kexec false: not a kernel");
			if (check_int(o->configs.n, ==, 2)) {
				check_str(o->configs.v[0], "d:/grub/grub.cfg");
				check_str(o->configs.v[1], "d:/x.iso:(loop)/l.cfg");
			}
		}
		/* A daemon before "kexec" and "config": kernels, no files. */
		for (size_t i = 0; i < m.n_opts; i++)
			if (!strcmp(m.opts[i]->id, "0"))
				o = m.opts[i];
		ok(o && !o->not_kexec && !o->configs.n,
		   "without the keys: a kernel, no config files");
	}
	model_free(&m);
	arena_free(a);
	return done_testing();
}
