/* json.h - a streaming JSON writer that always emits valid UTF-8.
 *
 * Strings from disks are arbitrary bytes: invalid UTF-8 is written as
 * U+FFFD and control characters are escaped, so any reader can parse the
 * output. Commas are placed by the writer; callers only open, close and
 * write values (after json_key() inside objects).
 */
#ifndef HOPBOOT_JSON_H
#define HOPBOOT_JSON_H

#include <stdbool.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no value yet at this depth */
	bool after_key;
};

void json_init(struct json *j, FILE *f);
void json_open_object(struct json *j);
void json_close_object(struct json *j);
void json_open_array(struct json *j);
void json_close_array(struct json *j);
void json_key(struct json *j, const char *key);
void json_string(struct json *j, const char *s);	/* NULL writes null */
void json_int(struct json *j, long long v);
void json_number(struct json *j, double v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);
/* Writes s as a JSON string body (no quotes) to f. */
void json_escape(FILE *f, const char *s);

#endif
