/* arena.h - region allocator: everything parsed from one device hangs off one arena. */
#ifndef HOPBOOT_ARENA_H
#define HOPBOOT_ARENA_H

#include <stddef.h>

struct arena;

/* Returns a new arena, or NULL when out of memory. */
struct arena *arena_new(void);
/* Frees the arena and every block allocated from it. NULL is allowed. */
void arena_free(struct arena *a);
/* Forgets everything allocated, keeping one block for reuse: a scratch
 * arena emptied over and over does not go back to malloc each time. */
void arena_reset(struct arena *a);

/* The allocators return zeroed memory owned by the arena, or NULL when out
 * of memory; callers in long-lived code must check. */
void *arena_alloc(struct arena *a, size_t size);
void *arena_calloc(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Grows an array of *cap elements of elem_size to hold at least need
 * elements, copying the old contents. Returns 0 or -ENOMEM. */
int arena_grow(struct arena *a, void **array, size_t *cap, size_t need,
	       size_t elem_size);

#endif
