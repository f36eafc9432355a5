/* session.c - discover every disk, pick an option, load it. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "loader/loader.h"
#include "log.h"
#include "option.h"
#include "session.h"

static void write_state(const struct option_set *set)
{
	const char *tmp = SESSION_STATE_JSON ".new";
	FILE *f = fopen(tmp, "we");

	/* Written whole, then renamed: a reader never sees half a file. */
	if (!f) {
		log_debug("unable to write %s: %s", tmp, strerror(errno));
		return;
	}
	option_set_write_json(set, f);
	if (fclose(f) == 0)
		rename(tmp, SESSION_STATE_JSON);
}

int session_discover(struct session *s)
{
	int r;

	memset(s, 0, sizeof(*s));
	s->set = option_set_new();
	if (!s->set) {
		log_error("out of memory");
		return -ENOMEM;
	}
	mkdir("/run/hopboot", 0755);
	mkdir(SESSION_MNT_BASE, 0700);
	scanner_init(&s->scanner, s->set, SESSION_MNT_BASE);
	r = scanner_scan_all(&s->scanner);
	if (r == 0)
		r = scanner_parse(&s->scanner);
	if (r < 0) {
		log_error("unable to scan the disks: %s", strerror(-r));
		if (r == -ENOMEM)
			return r;
	}
	option_set_resolve_default(s->set);
	write_state(s->set);
	return 0;
}

struct boot_option *session_find(struct session *s, const char *what)
{
	struct option_set *set = s->set;
	struct boot_option *opt;

	if (!strcmp(what, "default"))
		return set->default_id ? option_set_option(set, set->default_id)
				       : NULL;
	opt = option_set_option(set, what);
	if (opt)
		return opt;
	for (size_t i = 0; i < set->n_options; i++)
		if (set->options[i]->title &&
		    !strcmp(set->options[i]->title, what))
			return set->options[i];
	return NULL;
}

int session_load(struct session *s, struct boot_option *opt,
		 const char *cmdline)
{
	char msg[512];
	int r;

	if (opt->errors.n) {
		log_error("unable to boot \"%s\": %s", opt->title,
			  opt->errors.v[0]);
		return -EINVAL;
	}
	log_info("loading \"%s\"", opt->title);
	r = loader_load(s->set, opt, cmdline, msg, sizeof(msg));
	if (r < 0)
		log_error("unable to boot \"%s\": %s", opt->title, msg);
	return r;
}

void session_end(struct session *s)
{
	scanner_finish(&s->scanner);
	option_set_free(s->set);
	s->set = NULL;
}
