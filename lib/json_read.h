/* json_read.h - a strict JSON reader for protocol messages.
 *
 * Parses one document into a tree allocated from an arena. Input is
 * untrusted (any client may connect): depth, sizes and counts are capped,
 * and anything that is not RFC 8259 JSON is refused with a reason.
 */
#ifndef HOPBOOT_JSON_READ_H
#define HOPBOOT_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

enum json_type {
	JSON_NULL,
	JSON_BOOL,
	JSON_NUMBER,
	JSON_STRING,
	JSON_ARRAY,
	JSON_OBJECT,
};

struct json_value {
	enum json_type type;
	bool boolean;
	double number;
	const char *string;		/* NUL-terminated; may hold no NUL */
	size_t n;			/* array or object members */
	const char **keys;		/* object keys, n of them */
	struct json_value **items;	/* array items or object values */
};

#define JSON_READ_MAX_DEPTH 32

/* Parses text[0..len) as one JSON document. Returns the root, or NULL with
 * a reason in *err (a static string) for bad input or out of memory. */
struct json_value *json_parse(struct arena *a, const char *text, size_t len,
			      const char **err);

/* The member called key of an object, or NULL. */
const struct json_value *json_get(const struct json_value *obj,
				  const char *key);
/* The string member called key, or NULL when absent or not a string. */
const char *json_get_string(const struct json_value *obj, const char *key);

struct json;
/* Writes a parsed value back out (what 'ctl list --json' prints). */
void json_write_value(struct json *j, const struct json_value *v);

#endif
