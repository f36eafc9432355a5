/* strlist.c - growable arena-backed string lists. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "strlist.h"

int strlist_add(struct strlist *l, struct arena *a, const char *s)
{
	void *v = l->v;
	int r;

	if (!s)
		return -ENOMEM;
	r = arena_grow(a, &v, &l->cap, l->n + 1, sizeof(*l->v));
	if (r < 0)
		return r;
	l->v = v;
	l->v[l->n++] = s;
	return 0;
}

int strlist_addf(struct strlist *l, struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	p = arena_alloc(a, (size_t)n + 1);
	if (!p)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return strlist_add(l, a, p);
}

static int cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void strlist_sort(struct strlist *l)
{
	if (l->n > 1)
		qsort(l->v, l->n, sizeof(*l->v), cmp);
}
