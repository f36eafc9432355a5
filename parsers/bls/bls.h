/* bls.h - pieces of the BLS parser that the UKI reader shares. */
#ifndef HOPBOOT_BLS_H
#define HOPBOOT_BLS_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Returns the next "key value" line of s from *pos, as systemd-boot's
 * line_get_key_value does, with the key ending at the first character of
 * sep (" \t" for entries, "=" for os-release). Writes into s.
 */
bool bls_next_kv(char *s, size_t *pos, const char *sep, char **key,
		 char **value);

#endif
