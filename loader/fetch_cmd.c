/* fetch_cmd.c - hopboot fetch: download a tftp:// or http:// URL to a file.
 *
 * usage: hopboot fetch [--max-size N[K|M|G]] [--timeout SECONDS]
 *                      [--blksize N] [--windowsize N] [--quiet] URL FILE
 *
 * Downloads URL with the clients that load network boot files (TFTP with
 * the blksize, tsize and windowsize options; HTTP/1.1), into FILE, which
 * appears complete or not at all. --max-size refuses larger files (default
 * 1G), --timeout fails after that long without an answer (default 5),
 * --blksize and --windowsize change the TFTP options asked for (1468 and
 * 16; 512 and 1 for a server that must see plain RFC 1350). Prints the
 * size and speed on stderr unless --quiet.
 * Exit status: 0 downloaded, 1 failed, 2 bad usage.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "fetch_io.h"
#include "log.h"

static void usage(FILE *f)
{
	fputs("usage: hopboot fetch [--max-size N[K|M|G]] [--timeout SECONDS]"
	      "\n                     [--blksize N] [--windowsize N] [--quiet] "
	      "URL FILE\n"
	      "Download a tftp:// or http:// URL into FILE.\n", f);
}

/* "64M" -> bytes; 0 on a bad number. */
static unsigned long long size_arg(const char *s)
{
	char *e;
	unsigned long long n = strtoull(s, &e, 10);

	if (e == s || *s == '-')
		return 0;
	switch (*e) {
	case 'K': case 'k': n <<= 10; e++; break;
	case 'M': case 'm': n <<= 20; e++; break;
	case 'G': case 'g': n <<= 30; e++; break;
	}
	return *e ? 0 : n;
}

static unsigned num_arg(const char *s, unsigned lo, unsigned hi)
{
	char *e;
	unsigned long n = strtoul(s, &e, 10);

	return e == s || *e || *s == '-' || n < lo || n > hi ? 0 : (unsigned)n;
}

int fetch_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "max-size", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 't' },
		{ "blksize", required_argument, NULL, 'b' },
		{ "windowsize", required_argument, NULL, 'w' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct fetch_opts o = { 0 };
	char err[1024], size[32];
	double timeout = 5;
	int c, quiet = 0;
	long long t0, ms;

	while ((c = getopt_long(argc, argv, "m:t:b:w:qh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'm':
			o.max_bytes = size_arg(optarg);
			if (!o.max_bytes)
				goto bad;
			break;
		case 't':
			timeout = strtod(optarg, NULL);
			if (!(timeout >= 0.05 && timeout <= 3600))
				goto bad;
			break;
		case 'b':
			o.tftp_blksize = num_arg(optarg, 8, 65464);
			if (!o.tftp_blksize)
				goto bad;
			break;
		case 'w':
			o.tftp_windowsize = num_arg(optarg, 1, 65535);
			if (!o.tftp_windowsize)
				goto bad;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (argc - optind != 2) {
		usage(stderr);
		return 2;
	}
	o.timeout_ms = (unsigned)(timeout * 1000);
	t0 = fetch_now_ms();
	if (fetch_to_file(argv[optind], argv[optind + 1], &o, err,
			  sizeof(err))) {
		log_error("%s", err);
		return 1;
	}
	ms = fetch_now_ms() - t0;
	if (!quiet) {
		FILE *f = fopen(argv[optind + 1], "r");
		long long n = 0;

		if (f && !fseek(f, 0, SEEK_END))
			n = ftell(f);
		if (f)
			fclose(f);
		fetch_size_text((unsigned long long)n, size, sizeof(size));
		log_info("%s: %s in %.2f s (%.1f MiB/s)", argv[optind], size,
			 ms / 1000.0, ms ? n / 1048576.0 / (ms / 1000.0) : 0);
	}
	return 0;
bad:
	log_error("bad value '%s' for --%s; see 'hopboot fetch --help'",
		  optarg, longopts[c == 'm' ? 0 : c == 't' ? 1 :
				   c == 'b' ? 2 : 3].name);
	return 2;
}
