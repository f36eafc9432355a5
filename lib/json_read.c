/* json_read.c - recursive-descent JSON parser with hard limits. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "json.h"
#include "json_read.h"

struct parser {
	struct arena *a;
	const char *p, *end;
	const char *err;
	int depth;
};

static struct json_value *value(struct parser *ps);

static void skip_ws(struct parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
				   *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static void *fail(struct parser *ps, const char *why)
{
	if (!ps->err)
		ps->err = why;
	return NULL;
}

static struct json_value *new_value(struct parser *ps, enum json_type t)
{
	struct json_value *v = arena_alloc(ps->a, sizeof(*v));

	if (!v)
		return fail(ps, "out of memory");
	v->type = t;
	return v;
}

static bool literal(struct parser *ps, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n))
		return false;
	ps->p += n;
	return true;
}

static int hex4(const char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		int c = s[i], d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	return v;
}

static char *put_utf8(char *o, uint32_t c)
{
	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xc0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		*o++ = (char)(0xe0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	} else {
		*o++ = (char)(0xf0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3f));
		*o++ = (char)(0x80 | (c >> 6 & 0x3f));
		*o++ = (char)(0x80 | (c & 0x3f));
	}
	return o;
}

/* A string after its opening quote. Escapes never make the text longer,
 * so the output fits in the input's length. */
static const char *string(struct parser *ps)
{
	const char *start = ps->p;
	char *out, *o;

	while (ps->p < ps->end && *ps->p != '"')
		ps->p += *ps->p == '\\' && ps->p + 1 < ps->end ? 2 : 1;
	if (ps->p >= ps->end)
		return fail(ps, "unterminated string");
	out = o = arena_alloc(ps->a, (size_t)(ps->p - start) + 1);
	if (!out)
		return fail(ps, "out of memory");
	for (const char *s = start; s < ps->p; s++) {
		uint32_t c;
		int h;

		if ((unsigned char)*s < 0x20)
			return fail(ps, "control character in a string");
		if (*s != '\\') {
			*o++ = *s;
			continue;
		}
		switch (*++s) {
		case '"': case '\\': case '/':
			*o++ = *s;
			break;
		case 'b': *o++ = '\b'; break;
		case 'f': *o++ = '\f'; break;
		case 'n': *o++ = '\n'; break;
		case 'r': *o++ = '\r'; break;
		case 't': *o++ = '\t'; break;
		case 'u':
			if (ps->p - s < 5 || (h = hex4(s + 1)) < 0)
				return fail(ps, "bad \\u escape");
			c = (uint32_t)h;
			s += 4;
			if (c >= 0xd800 && c <= 0xdbff && ps->p - s >= 7 &&
			    s[1] == '\\' && s[2] == 'u' &&
			    (h = hex4(s + 3)) >= 0xdc00 && h <= 0xdfff) {
				c = 0x10000 + ((c - 0xd800) << 10) +
				    ((uint32_t)h - 0xdc00);
				s += 6;
			} else if (c >= 0xd800 && c <= 0xdfff) {
				c = 0xfffd;	/* a lone surrogate */
			}
			if (c == 0)
				return fail(ps, "NUL in a string");
			o = put_utf8(o, c);
			break;
		default:
			return fail(ps, "bad escape in a string");
		}
	}
	*o = '\0';
	ps->p++;	/* the closing quote */
	return out;
}

static const char *digits(const char *s, const char *end)
{
	while (s < end && *s >= '0' && *s <= '9')
		s++;
	return s;
}

/* RFC 8259: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)? */
static struct json_value *number(struct parser *ps)
{
	const char *s = ps->p, *end = ps->end, *t;
	struct json_value *v;
	char buf[64];

	if (s < end && *s == '-')
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return fail(ps, "unexpected character");
	s = *s == '0' ? s + 1 : digits(s, end);
	if (s < end && *s == '.') {
		t = digits(s + 1, end);
		if (t == s + 1)
			return fail(ps, "malformed number");
		s = t;
	}
	if (s < end && (*s == 'e' || *s == 'E')) {
		s++;
		if (s < end && (*s == '+' || *s == '-'))
			s++;
		t = digits(s, end);
		if (t == s)
			return fail(ps, "malformed number");
		s = t;
	}
	if ((size_t)(s - ps->p) >= sizeof(buf))
		return fail(ps, "number too long");
	memcpy(buf, ps->p, (size_t)(s - ps->p));
	buf[s - ps->p] = '\0';
	v = new_value(ps, JSON_NUMBER);
	if (!v)
		return NULL;
	v->number = strtod(buf, NULL);
	ps->p = s;
	return v;
}

/* Appends to a growing member list; arrays double as arena blocks. */
static int add_member(struct parser *ps, struct json_value *v, size_t *cap,
		      const char *key, struct json_value *item)
{
	void *items = v->items, *keys = v->keys;
	size_t kcap = *cap;

	if (arena_grow(ps->a, &items, cap, v->n + 1, sizeof(*v->items)) < 0)
		return -ENOMEM;
	v->items = items;
	if (v->type == JSON_OBJECT) {
		if (arena_grow(ps->a, &keys, &kcap, v->n + 1,
			       sizeof(*v->keys)) < 0)
			return -ENOMEM;
		v->keys = keys;
		v->keys[v->n] = key;
	}
	v->items[v->n++] = item;
	return 0;
}

static struct json_value *container(struct parser *ps, enum json_type t)
{
	const char close = t == JSON_OBJECT ? '}' : ']';
	struct json_value *v = new_value(ps, t);
	size_t cap = 0;

	if (!v)
		return NULL;
	if (++ps->depth > JSON_READ_MAX_DEPTH)
		return fail(ps, "nested too deeply");
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == close) {
		ps->p++;
		ps->depth--;
		return v;
	}
	for (;;) {
		const char *key = NULL;
		struct json_value *item;

		skip_ws(ps);
		if (t == JSON_OBJECT) {
			if (ps->p >= ps->end || *ps->p != '"')
				return fail(ps, "expected a string key");
			ps->p++;
			key = string(ps);
			if (!key)
				return NULL;
			skip_ws(ps);
			if (ps->p >= ps->end || *ps->p != ':')
				return fail(ps, "expected ':'");
			ps->p++;
		}
		item = value(ps);
		if (!item)
			return NULL;
		if (add_member(ps, v, &cap, key, item) < 0)
			return fail(ps, "out of memory");
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == close) {
			ps->p++;
			ps->depth--;
			return v;
		}
		return fail(ps, t == JSON_OBJECT ? "expected ',' or '}'"
						  : "expected ',' or ']'");
	}
}

static struct json_value *value(struct parser *ps)
{
	struct json_value *v;

	skip_ws(ps);
	if (ps->p >= ps->end)
		return fail(ps, "unexpected end of input");
	switch (*ps->p) {
	case '{':
		ps->p++;
		return container(ps, JSON_OBJECT);
	case '[':
		ps->p++;
		return container(ps, JSON_ARRAY);
	case '"':
		ps->p++;
		v = new_value(ps, JSON_STRING);
		if (v && !(v->string = string(ps)))
			return NULL;
		return v;
	case 't':
	case 'f':
		v = new_value(ps, JSON_BOOL);
		if (!v)
			return NULL;
		v->boolean = *ps->p == 't';
		if (!literal(ps, v->boolean ? "true" : "false"))
			return fail(ps, "unexpected word");
		return v;
	case 'n':
		if (!literal(ps, "null"))
			return fail(ps, "unexpected word");
		return new_value(ps, JSON_NULL);
	default:
		return number(ps);
	}
}

struct json_value *json_parse(struct arena *a, const char *text, size_t len,
			      const char **err)
{
	struct parser ps = { .a = a, .p = text, .end = text + len };
	struct json_value *v = value(&ps);

	if (v) {
		skip_ws(&ps);
		if (ps.p != ps.end)
			v = fail(&ps, "text after the document");
	}
	if (!v && err)
		*err = ps.err ? ps.err : "malformed";
	return v;
}

const struct json_value *json_get(const struct json_value *obj,
				  const char *key)
{
	if (!obj || obj->type != JSON_OBJECT)
		return NULL;
	for (size_t i = 0; i < obj->n; i++)
		if (!strcmp(obj->keys[i], key))
			return obj->items[i];
	return NULL;
}

const char *json_get_string(const struct json_value *obj, const char *key)
{
	const struct json_value *v = json_get(obj, key);

	return v && v->type == JSON_STRING ? v->string : NULL;
}

void json_write_value(struct json *j, const struct json_value *v)
{
	if (!v) {
		json_null(j);
		return;
	}
	switch (v->type) {
	case JSON_NULL:
		json_null(j);
		break;
	case JSON_BOOL:
		json_bool(j, v->boolean);
		break;
	case JSON_NUMBER:
		json_number(j, v->number);
		break;
	case JSON_STRING:
		json_string(j, v->string);
		break;
	case JSON_ARRAY:
		json_open_array(j);
		for (size_t i = 0; i < v->n; i++)
			json_write_value(j, v->items[i]);
		json_close_array(j);
		break;
	case JSON_OBJECT:
		json_open_object(j);
		for (size_t i = 0; i < v->n; i++) {
			json_key(j, v->keys[i]);
			json_write_value(j, v->items[i]);
		}
		json_close_object(j);
		break;
	}
}
