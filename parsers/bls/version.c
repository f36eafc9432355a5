/* version.c - UAPI.10 version comparison, the order of BLS entry versions. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "bls/version.h"

/* Locale-independent on purpose: the order must not depend on LANG. */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_version_char(char c)
{
	return is_digit(c) || is_alpha(c) ||
	       c == '~' || c == '-' || c == '^' || c == '.';
}

/*
 * Every pass of the loop consumes at least one character of a or b, or
 * returns, so it ends within strlen(a) + strlen(b) + 1 passes.
 */
int bls_version_cmp(const char *a, const char *b)
{
	static const char seps[] = "-^.";

	for (;;) {
		const char *ea, *eb;
		size_t la, lb;
		int r;

		while (*a && !is_version_char(*a))
			a++;
		while (*b && !is_version_char(*b))
			b++;

		/* '~' first: a pre-release is older even than the end. */
		if (*a == '~' || *b == '~') {
			if (*a != *b)
				return *a == '~' ? -1 : 1;
			a++;
			b++;
		}
		if (!*a || !*b)
			return (*a != '\0') - (*b != '\0');

		/* In this order: '-' sorts below '^', which sorts below '.'. */
		for (const char *s = seps; *s; s++) {
			if (*a != *s && *b != *s)
				continue;
			if (*a != *b)
				return *a == *s ? -1 : 1;
			a++;
			b++;
		}

		if (is_digit(*a) || is_digit(*b)) {
			while (*a == '0')
				a++;
			while (*b == '0')
				b++;
			for (ea = a; is_digit(*ea); ea++)
				;
			for (eb = b; is_digit(*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			/* Without leading zeros, the longer number is bigger;
			 * same length compares digit by digit. */
			if (la != lb)
				return la < lb ? -1 : 1;
			r = memcmp(a, b, la);
			if (r)
				return r < 0 ? -1 : 1;
		} else {
			for (ea = a; is_alpha(*ea); ea++)
				;
			for (eb = b; is_alpha(*eb); eb++)
				;
			la = (size_t)(ea - a);
			lb = (size_t)(eb - b);
			/* ASCII order puts capitals before lower case. */
			r = memcmp(a, b, la < lb ? la : lb);
			if (r)
				return r < 0 ? -1 : 1;
			if (la != lb)
				return la < lb ? -1 : 1;
		}
		a = ea;
		b = eb;
	}
}
