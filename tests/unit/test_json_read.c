/* test_json_read.c - the protocol's JSON reader refuses what is not JSON. */
#include <string.h>

#include "arena.h"
#include "json_read.h"
#include "tap.h"

static const struct json_value *parse(struct arena *a, const char *s,
				      const char **err)
{
	*err = NULL;
	return json_parse(a, s, strlen(s), err);
}

int main(void)
{
	static const char *const bad[] = {
		"", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "01",
		"1.", "-", "tru", "nul", "\"\\x\"", "\"\\u12\"", "\"a\nb\"",
		"{\"a\" 1}", "[1 2]", "{} {}", "\"\\u0000\"", "1e", "+1",
	};
	struct arena *a = arena_new();
	const struct json_value *v, *o;
	const char *err;
	char deep[200];

	v = parse(a, " {\"type\":\"boot\",\"id\":\"uuid:x:bls:a\",\"n\":-1.5e2,"
		  "\"ok\":true,\"no\":false,\"z\":null,\"list\":[1,[2],{}],"
		  "\"o\":{\"k\":\"v\"}} ", &err);
	if (ok(v != NULL, "a full object parses (%s)", err ? err : "")) {
		check_int(v->type, ==, JSON_OBJECT);
		check_str(json_get_string(v, "type"), "boot");
		check_str(json_get_string(v, "id"), "uuid:x:bls:a");
		ok(json_get(v, "n")->number == -150.0, "number -1.5e2");
		ok(json_get(v, "ok")->boolean, "true");
		ok(!json_get(v, "no")->boolean, "false");
		check_int(json_get(v, "z")->type, ==, JSON_NULL);
		o = json_get(v, "list");
		check_int(o->n, ==, 3);
		check_int(o->items[1]->type, ==, JSON_ARRAY);
		check_str(json_get_string(json_get(v, "o"), "k"), "v");
		ok(json_get(v, "missing") == NULL, "absent key");
		ok(json_get_string(v, "n") == NULL, "a number is not a string");
	}

	v = parse(a, "\"q\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\u20ac\\ud83d\\ude00\\ud800x\"", &err);
	if (ok(v != NULL, "escapes parse"))
		check_str(v->string, "q\"\\/\b\f\n\r\t\xc3\xa9\xe2\x82\xac"
			  "\xf0\x9f\x98\x80\xef\xbf\xbdx");

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		v = parse(a, bad[i], &err);
		ok(v == NULL && err, "refused: '%s' (%s)", bad[i], err ? err : "accepted!");
	}

	memset(deep, '[', sizeof(deep) - 1);
	deep[sizeof(deep) - 1] = '\0';
	v = parse(a, deep, &err);
	ok(v == NULL && err && strstr(err, "deep"), "199 nested arrays refused: %s", err);
	v = json_parse(a, "{\"a\":1}garbage", 7, &err);
	ok(v != NULL, "only len bytes are read");
	arena_free(a);
	return done_testing();
}
