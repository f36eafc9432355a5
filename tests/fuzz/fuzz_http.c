/* fuzz_http.c - libFuzzer target: an HTTP response as a server would send
 * it. The head goes through http_parse_head; a Location is resolved against
 * a base URL; what follows the head goes through the chunked decoder in
 * pieces whose size the input's first byte picks, as recv() would cut it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "loader/fetch_url.h"
#include "loader/http_response.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct http_head *h = malloc(sizeof(*h));
	struct http_chunked c = { 0 };
	char target[FETCH_PATH_MAX + FETCH_HOST_MAX + 32];
	size_t step, off, out, used;
	const char *why;
	char *buf;
	long hl;

	if (!size || !h)
		goto out_h;
	step = (size_t)data[0] % 64 + 1;
	data++;
	size--;
	hl = http_parse_head((const char *)data, size, h, &why);
	if (hl <= 0)
		goto out_h;
	if (h->location[0]) {
		struct fetch_url u;
		char err[256];

		if (!fetch_url_resolve("http://10.0.0.1:8080/boot/a/b?c=d",
				       h->location, target, sizeof(target)))
			fetch_url_parse(target, &u, err, sizeof(err));
	}
	/* Each piece in a buffer of its own size: the decoder must stay
	 * inside what it is given. */
	for (off = (size_t)hl; off < size; off += used) {
		size_t n = size - off < step ? size - off : step;
		int r;

		buf = malloc(n);
		if (!buf)
			break;
		memcpy(buf, data + off, n);
		r = http_chunked_decode(&c, buf, n, &out, &used, &why);
		free(buf);
		if (r != 0 || !used)
			break;
	}
out_h:
	free(h);
	return 0;
}
