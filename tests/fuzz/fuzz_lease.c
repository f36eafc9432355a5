/* fuzz_lease.c - libFuzzer target: the lease reader and the ip= reader.
 *
 * The lease file is written by udhcpc's script from what a DHCP server
 * sent, so its values are the server's; ip= comes from the command line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "discover/lease.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct net_lease l;
	char err[256], *arg;

	if (lease_parse((const char *)data, size, &l) == 0) {
		const char *s = lease_server(&l);

		if (s && strlen(s) >= sizeof(l.tftp))
			abort();
		if (strlen(lease_boot_file(&l)) >= LEASE_STR_MAX)
			abort();
	}
	arg = malloc(size + 1);
	if (!arg)
		return 0;
	memcpy(arg, data, size);
	arg[size] = '\0';
	lease_parse_ip_arg(arg, &l, err, sizeof(err));
	free(arg);
	return 0;
}
