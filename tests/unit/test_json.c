/* test_json.c - the JSON writer: commas, escapes, and UTF-8 from disks. */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

/* Runs fn against a memory stream and returns what it wrote. */
static char *capture(void (*fn)(struct json *j))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json j;

	json_init(&j, f);
	fn(&j);
	fclose(f);
	return buf;
}

static void nested(struct json *j)
{
	json_open_object(j);
	json_key(j, "a");
	json_int(j, 1);
	json_key(j, "b");
	json_open_array(j);
	json_string(j, "x");
	json_null(j);
	json_bool(j, true);
	json_open_object(j);
	json_close_object(j);
	json_close_array(j);
	json_key(j, "c");
	json_string(j, NULL);
	json_close_object(j);
}

static void escapes(struct json *j)
{
	json_string(j, "q\"b\\n\nt\tc\x01\x7f" "end");
}

static void bad_utf8(struct json *j)
{
	/* A lone continuation byte, a truncated sequence, an overlong '/',
	 * a surrogate, then valid "é" and "€". */
	json_string(j, "a\x80" "b\xc3" "c\xc0\xaf" "d\xed\xa0\x80" "e\xc3\xa9\xe2\x82\xac");
}

static void empty_array(struct json *j)
{
	json_open_array(j);
	json_close_array(j);
}

int main(void)
{
	char *s;

	s = capture(nested);
	check_str(s, "{\"a\":1,\"b\":[\"x\",null,true,{}],\"c\":null}");
	free(s);

	s = capture(escapes);
	check_str(s, "\"q\\\"b\\\\n\\nt\\tc\\u0001\\u007fend\"");
	free(s);

	s = capture(bad_utf8);
	check_str(s, "\"a\\ufffdb\\ufffdc\\ufffd\\ufffdd\\ufffd\\ufffd\\ufffde\xc3\xa9\xe2\x82\xac\"");
	free(s);

	s = capture(empty_array);
	check_str(s, "[]");
	free(s);
	return done_testing();
}
