/* sanitize.c - strip control characters and escape sequences from text. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "sanitize.h"

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when it is not. */
static int utf8_len(const unsigned char *s, uint32_t *cp)
{
	int n;
	uint32_t c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
	} else {
		return 0;
	}
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

static bool is_control(uint32_t c)
{
	return c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f);
}

/* Skips the escape sequence that starts at s[0] == ESC (or a C1 introducer
 * cp of length n); returns the bytes it spans. */
static size_t skip_escape(const unsigned char *s, uint32_t cp, int n)
{
	size_t i = (size_t)n;
	bool csi, str;

	if (cp == 0x1b) {
		if (!s[1])
			return 1;
		csi = s[1] == '[';
		str = strchr("]PX^_", s[1]) != NULL;
		if (!csi && !str) {
			/* ESC, intermediates (0x20-0x2f), one final byte. */
			for (i = 1; s[i] >= 0x20 && s[i] <= 0x2f; i++)
				;
			return s[i] >= 0x30 && s[i] <= 0x7e ? i + 1 : i;
		}
		i = 2;
	} else {
		csi = cp == 0x9b;
		str = cp == 0x9d || cp == 0x90 || cp == 0x98 || cp == 0x9e ||
		      cp == 0x9f;
		if (!csi && !str)
			return i;
	}
	if (csi) {
		/* Parameters and intermediates, then one final byte. */
		while (s[i] >= 0x20 && s[i] <= 0x3f)
			i++;
		return s[i] >= 0x40 && s[i] <= 0x7e ? i + 1 : i;
	}
	/* A string ends with BEL, ST (ESC \ or U+009C), or the end. */
	while (s[i]) {
		if (s[i] == 0x07)
			return i + 1;
		if (s[i] == 0x1b)
			return s[i + 1] == '\\' ? i + 2 : i + 1;
		if (s[i] == 0xc2 && s[i + 1] == 0x9c)
			return i + 2;
		i++;
	}
	return i;
}

int sanitize_text(const char *in, char *out, size_t outsize, int max_cols)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	size_t o = 0;
	int cols = 0;

	if (!outsize)
		return 0;
	while (*s && (max_cols < 0 || cols < max_cols)) {
		uint32_t cp;
		int n = utf8_len(s, &cp);

		if (!n) {
			n = 1;
			cp = '?';
		} else if (cp == '\t') {
			cp = ' ';
		} else if (cp == 0x1b || (cp >= 0x80 && cp <= 0x9f)) {
			s += skip_escape(s, cp, n);
			continue;
		} else if (is_control(cp)) {
			s += n;
			continue;
		}
		if (cp == ' ' || cp == '?') {
			if (o + 1 >= outsize)
				break;
			out[o++] = (char)cp;
		} else {
			if (o + (size_t)n >= outsize)
				break;
			memcpy(out + o, s, (size_t)n);
			o += (size_t)n;
		}
		s += n;
		cols++;
	}
	out[o] = '\0';
	return cols;
}

int sanitize_visible(const char *in, size_t len, char *out, size_t outsize,
		     int max_cols)
{
	const unsigned char *s = (const unsigned char *)in;
	size_t i = 0, o = 0;
	int cols = 0;
	unsigned char tmp[5];

	if (!outsize)
		return 0;
	while (i < len && cols < max_cols) {
		uint32_t cp;
		int n;

		/* utf8_len() reads up to 4 bytes: never past len. */
		memset(tmp, 0, sizeof(tmp));
		memcpy(tmp, s + i, len - i < 4 ? len - i : 4);
		n = utf8_len(tmp, &cp);
		if (!n || is_control(cp)) {
			if (o + 1 >= outsize)
				break;
			out[o++] = '?';
			i += n ? (size_t)n : 1;
		} else {
			if (o + (size_t)n >= outsize)
				break;
			memcpy(out + o, s + i, (size_t)n);
			o += (size_t)n;
			i += (size_t)n;
		}
		cols++;
	}
	out[o] = '\0';
	return cols;
}

int sanitize_cols(const char *s)
{
	int cols = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			cols++;
	return cols;
}
