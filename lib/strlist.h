/* strlist.h - a growable list of strings whose storage belongs to an arena. */
#ifndef HOPBOOT_STRLIST_H
#define HOPBOOT_STRLIST_H

#include <stddef.h>

struct arena;

struct strlist {
	const char **v;
	size_t n, cap;
};

/* Appends s (not copied: it must live in the same arena or longer).
 * Returns 0 or -ENOMEM. */
int strlist_add(struct strlist *l, struct arena *a, const char *s);
/* Appends a formatted, arena-owned string. Returns 0 or -ENOMEM. */
int strlist_addf(struct strlist *l, struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Sorts the list in strcmp order. */
void strlist_sort(struct strlist *l);

#endif
