/* ctl.c - hopboot ctl: the reference client of the discover daemon.
 *
 * usage: hopboot ctl [--socket PATH] COMMAND
 *   list [--json]       the devices and boot options the daemon knows
 *   watch [--count N]   print every message as it comes, one JSON per line
 *   boot ID [--cmdline LINE]
 *                       boot an option (with another command line)
 *   rescan              probe every device again
 *   cancel              stop the countdown
 *   log                 the daemon's recent messages
 *   stop                stop the daemon
 *
 * The socket is /run/hopboot/socket unless --socket says otherwise; the
 * protocol is in doc/protocol.md. Exit status: 0 done, 1 refused or no
 * daemon, 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "client.h"
#include "commands.h"
#include "daemon_socket.h"
#include "json.h"
#include "json_read.h"
#include "log.h"

#define DEFAULT_SOCKET DAEMON_SOCKET


static void usage(FILE *f)
{
	fputs("usage: hopboot ctl [--socket PATH] COMMAND\n"
	      "  list [--json]            devices and boot options\n"
	      "  watch [--count N]        print messages as they come\n"
	      "  boot ID [--cmdline LINE] boot an option\n"
	      "  rescan | cancel | log | stop\n", f);
}

/* Waits for the message of the given type and returns it (in a). */
static const struct json_value *wait_for(struct client *c, struct arena *a,
					 const char *type)
{
	const struct json_value *v;

	while ((v = client_next(c, a, NULL))) {
		const char *t = json_get_string(v, "type");

		if (t && !strcmp(t, type))
			return v;
	}
	return NULL;
}

static void print_resource(const char *what, const struct json_value *r)
{
	if (!r || r->type != JSON_OBJECT)
		return;
	printf("      %-8s %s:%s\n", what, json_get_string(r, "device") ?: "",
	       json_get_string(r, "path") ?: json_get_string(r, "url") ?: "");
}

static void print_strings(const char *what, const struct json_value *l)
{
	for (size_t i = 0; l && l->type == JSON_ARRAY && i < l->n; i++)
		if (l->items[i]->type == JSON_STRING)
			printf("      %-8s %s\n", what, l->items[i]->string);
}

static void print_state(const struct json_value *state)
{
	const struct json_value *devs = json_get(state, "devices");
	const struct json_value *opts = json_get(state, "options");
	const char *def = json_get_string(state, "default");

	for (size_t i = 0; devs && i < devs->n; i++) {
		const struct json_value *d = devs->items[i];

		printf("device %s  %s", json_get_string(d, "path") ?: "?",
		       json_get_string(d, "type") ?: "(unknown)");
		if (json_get_string(d, "label"))
			printf("  LABEL=%s", json_get_string(d, "label"));
		printf("\n");
		print_strings("error", json_get(d, "errors"));
	}
	for (size_t i = 0; opts && i < opts->n; i++) {
		const struct json_value *o = opts->items[i];
		const struct json_value *initrds = json_get(o, "initrds");
		const char *id = json_get_string(o, "id");

		printf("%c [%s] %s\n      id       %s\n",
		       def && id && !strcmp(def, id) ? '*' : ' ',
		       json_get_string(o, "source") ?: "?",
		       json_get_string(o, "title") ?: "", id ?: "");
		print_resource("kernel", json_get(o, "kernel"));
		for (size_t k = 0; initrds && k < initrds->n; k++)
			print_resource("initrd", initrds->items[k]);
		printf("      cmdline  %s\n", json_get_string(o, "cmdline") ?: "");
		print_strings("error", json_get(o, "errors"));
	}
	if (!opts || !opts->n)
		printf("no boot options found\n");
}

static int cmd_list(struct client *c, struct arena *a, bool json)
{
	const struct json_value *v = wait_for(c, a, "state");

	if (!v)
		return 1;
	if (json) {
		/* The state document alone, as 'hopboot scan --json' prints. */
		struct json j;

		json_init(&j, stdout);
		json_write_value(&j, json_get(v, "state"));
		putchar('\n');
		return 0;
	}
	print_state(json_get(v, "state"));
	return 0;
}

static int cmd_request(struct client *c, struct arena *a, const char *type,
		       const char *id, const char *cmdline)
{
	const struct json_value *v;
	const char *err;
	int r = client_send(c, type, id, cmdline);

	if (r < 0) {
		log_error("unable to send the request: %s", strerror(-r));
		return 1;
	}
	v = wait_for(c, a, "reply");
	if (!v) {
		log_error("the daemon closed the connection");
		return 1;
	}
	err = json_get_string(v, "error");
	if (err) {
		log_error("%s", err);
		return 1;
	}
	return 0;
}

static int cmd_log(struct client *c, struct arena *a)
{
	const struct json_value *v, *l;

	if (client_send(c, "log", NULL, NULL) < 0)
		return 1;
	v = wait_for(c, a, "log-history");
	l = v ? json_get(v, "messages") : NULL;
	for (size_t i = 0; l && i < l->n; i++)
		if (l->items[i]->type == JSON_STRING)
			printf("%s\n", l->items[i]->string);
	return v ? 0 : 1;
}

static int cmd_watch(struct client *c, struct arena *a, long count)
{
	const char *raw;

	for (long i = 0; count < 0 || i < count; i++) {
		if (!client_next(c, a, &raw))
			return 0;
		printf("%s\n", raw);
		fflush(stdout);
	}
	return 0;
}

int ctl_main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		{ "count", required_argument, NULL, 'n' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *path = DEFAULT_SOCKET, *cmdline = NULL, *cmd, *id;
	bool json = false;
	long count = -1;
	struct arena *a;
	struct client c;
	int opt, r;

	/* getopt_long permutes: options may come before or after words. */
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (opt) {
		case 's':
			path = optarg;
			break;
		case 'j':
			json = true;
			break;
		case 'n':
			count = atol(optarg);
			break;
		case 'c':
			cmdline = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	cmd = optind < argc ? argv[optind] : NULL;
	id = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (!cmd || optind + 2 < argc || (!strcmp(cmd, "boot") != !!id)) {
		usage(stderr);
		return 2;
	}
	r = client_connect(&c, path);
	if (r < 0) {
		log_error("unable to reach the daemon at %s: %s (is 'hopboot "
			  "discover' running?)", path, strerror(-r));
		return 1;
	}
	a = arena_new();
	if (!a || !wait_for(&c, a, "hello")) {
		log_error("%s did not greet us like a hopboot daemon", path);
		r = 1;
	} else if (!strcmp(cmd, "list")) {
		r = cmd_list(&c, a, json);
	} else if (!strcmp(cmd, "watch")) {
		r = cmd_watch(&c, a, count);
	} else if (!strcmp(cmd, "boot")) {
		r = cmd_request(&c, a, "boot", id, cmdline);
	} else if (!strcmp(cmd, "rescan") || !strcmp(cmd, "stop")) {
		r = cmd_request(&c, a, cmd, NULL, NULL);
	} else if (!strcmp(cmd, "cancel")) {
		r = cmd_request(&c, a, "cancel-countdown", NULL, NULL);
	} else if (!strcmp(cmd, "log")) {
		r = cmd_log(&c, a);
	} else {
		log_error("unknown command '%s'; 'hopboot ctl --help' lists "
			  "them", cmd);
		r = 2;
	}
	arena_free(a);
	client_close(&c);
	return r;
}
