/* test_arena.c - the region allocator and string lists. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "strlist.h"
#include "tap.h"

int main(void)
{
	struct arena *a = arena_new();
	struct strlist l = { 0 };
	char *big, *s;
	int *v = NULL;
	size_t cap = 0;

	ok(a != NULL, "arena_new");
	s = arena_strdup(a, "hello");
	check_str(s, "hello");
	s = arena_strndup(a, "hello world", 5);
	check_str(s, "hello");
	s = arena_printf(a, "%s-%d", "x", 42);
	check_str(s, "x-42");

	/* A block larger than the arena's block size is its own block, and
	 * small allocations keep working after it. */
	big = arena_alloc(a, 1 << 20);
	ok(big != NULL, "a 1 MiB allocation");
	memset(big, 0xaa, 1 << 20);
	s = arena_strdup(a, "after");
	check_str(s, "after");
	ok(((uintptr_t)arena_alloc(a, 3) % _Alignof(max_align_t)) == 0,
	   "allocations are aligned");
	ok(arena_calloc(a, SIZE_MAX / 2, 4) == NULL, "overflowing calloc fails");

	for (int i = 0; i < 1000; i++) {
		void *p = v;

		if (arena_grow(a, &p, &cap, (size_t)i + 1, sizeof(*v)) < 0)
			break;
		v = p;
		v[i] = i;
	}
	ok(cap >= 1000, "arena_grow reaches 1000 elements (cap %zu)", cap);
	check_int(v[999], ==, 999);
	check_int(v[0], ==, 0);

	strlist_add(&l, a, "b");
	strlist_add(&l, a, "a");
	strlist_addf(&l, a, "c%d", 1);
	strlist_sort(&l);
	check_int(l.n, ==, 3);
	check_str(l.v[0], "a");
	check_str(l.v[2], "c1");
	check_int(strlist_add(&l, a, NULL), ==, -ENOMEM);

	arena_free(a);
	arena_free(NULL);
	return done_testing();
}
