/* fuzz_json.c - libFuzzer target: the protocol's JSON reader.
 *
 * Parses the input as one message with a fresh arena, then writes the tree
 * back out (what 'ctl list --json' does with a daemon's answer).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "arena.h"
#include "json.h"
#include "json_read.h"

static FILE *json_sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena *a = arena_new();
	struct json_value *v;
	const char *err;

	if (!a)
		abort();
	if (!json_sink)
		json_sink = fopen("/dev/null", "w");
	if (!json_sink)
		abort();
	v = json_parse(a, (const char *)data, size, &err);
	if (v) {
		struct json j;

		json_get_string(v, "type");
		json_init(&j, json_sink);
		json_write_value(&j, v);
	}
	arena_free(a);
	return 0;
}
