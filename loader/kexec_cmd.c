/* kexec_cmd.c - hopboot kexec: boot an entry of any disk from a running system.
 *
 * usage: hopboot kexec [ID | --title TITLE | --default] [--append ARGS]
 *                      [--cmdline LINE | --reuse-cmdline]
 *                      [--load-only | --now] [--unbind DRIVER[,DRIVER...]]
 *                      [--from PATH]... [--debug]
 *        hopboot kexec --status
 *        hopboot kexec --unload
 *
 * Finds the boot entries on every disk of the machine, as 'hopboot scan'
 * does (read-only mounts in a private mount namespace that the running
 * system never sees), loads the chosen one with kexec_file_load(2), with
 * exactly the kernel, initrds and command line its own boot loader would
 * give it, and hands over to a clean shutdown: 'systemctl kexec' where
 * systemd runs; elsewhere the kernel stays loaded and 'kexec -e' starts it.
 * ID is an entry's id, or "default"; without an entry the entries are
 * listed. --from limits the search to a directory or block device.
 *
 *   --load-only        only load; 'systemctl kexec' or 'kexec -e' starts it
 *   --now              sync and start it at once, as 'kexec -e' does:
 *                      processes are not stopped, filesystems not unmounted
 *   --cmdline LINE     replace the entry's command line
 *   --reuse-cmdline    use this kernel's /proc/cmdline instead, without
 *                      its loader's BOOT_IMAGE= and initrd= words
 *   --append ARGS      add words to the command line
 *   --unbind DRIVERS   unbind every device of these drivers just before
 *                      the kexec (doc/kexec.md says when)
 *   --status           say whether a kernel is loaded (exit 0 if one is)
 *   --unload           drop the loaded kernel
 *
 * Exit status: 0 done, 1 failed (a sentence says why), 2 bad usage.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/kexec.h>
#include <linux/reboot.h>

#include "arena.h"
#include "cmdline.h"
#include "commands.h"
#include "log.h"
#include "option.h"
#include "discover/mntns.h"
#include "discover/scanner.h"
#include "loader/kexec_cmdline.h"
#include "loader/loader.h"
#include "loader/unbind.h"

#ifndef KEXEC_FILE_UNLOAD
#define KEXEC_FILE_UNLOAD 0x00000001
#endif

#define KEXEC_LOADED_FILE "/sys/kernel/kexec_loaded"
/* The kernel's own limit is 2048 on x86 (COMMAND_LINE_SIZE); the kernel
 * says E2BIG for longer ones, with a sentence from the loader. */
#define CMDLINE_MAX 4096
#define MAX_FROM 16
#define MAX_UNBIND 16

enum mode { MODE_HANDOVER, MODE_LOAD_ONLY, MODE_NOW };

struct request {
	const char *id, *title;
	bool want_default;
	const char *cmdline, *append;
	bool reuse;
	enum mode mode;
	const char *from[MAX_FROM];
	int n_from;
	const char *unbind[MAX_UNBIND];
	int n_unbind;
};

static void usage(FILE *f)
{
	fputs("usage: hopboot kexec [ID | --title TITLE | --default] "
	      "[--append ARGS]\n"
	      "                     [--cmdline LINE | --reuse-cmdline] "
	      "[--load-only | --now]\n"
	      "                     [--unbind DRIVER[,DRIVER...]] "
	      "[--from PATH]... [--debug]\n"
	      "       hopboot kexec --status | --unload\n"
	      "Boot an entry found on any disk with kexec, from a running "
	      "system. ID is an\nentry's id or 'default'; without an entry, "
	      "the entries are listed.\n"
	      "  --load-only       only load it: 'systemctl kexec' or "
	      "'kexec -e' starts it\n"
	      "  --now             sync and start it at once (no clean "
	      "shutdown, as kexec -e)\n"
	      "  --cmdline LINE    replace the entry's command line\n"
	      "  --reuse-cmdline   use /proc/cmdline (without BOOT_IMAGE= "
	      "and initrd=)\n"
	      "  --append ARGS     add words to the command line\n"
	      "  --unbind DRIVERS  unbind these drivers' devices before the "
	      "kexec\n"
	      "  --from PATH       look only at this directory or block "
	      "device\n"
	      "  --status          say whether a kernel is loaded (exit 0 if "
	      "so)\n"
	      "  --unload          drop the loaded kernel\n"
	      "Without --load-only or --now: 'systemctl kexec' where systemd "
	      "runs, else\nthe kernel stays loaded for 'kexec -e'. "
	      "See hopboot(8) and doc/kexec.md.\n", f);
}

static int show_status(void)
{
	if (access(KEXEC_LOADED_FILE, F_OK) < 0) {
		printf("unsupported: this kernel cannot kexec (no %s; it was "
		       "built without CONFIG_KEXEC_CORE)\n", KEXEC_LOADED_FILE);
		return 1;
	}
	if (loader_is_loaded()) {
		printf("loaded: a kernel is loaded; 'systemctl kexec' or "
		       "'kexec -e' starts it\n");
		return 0;
	}
	printf("not loaded: no kernel is loaded for kexec\n");
	return 1;
}

static bool need_root(void)
{
	if (geteuid() == 0)
		return true;
	log_error("must run as root: reading the disks needs mounts and "
		  "loading a kernel needs CAP_SYS_BOOT");
	return false;
}

static int unload(void)
{
	if (!need_root())
		return 1;
	if (syscall(SYS_kexec_file_load, -1, -1, 0UL, NULL,
		    (unsigned long)KEXEC_FILE_UNLOAD) < 0) {
		if (errno == ENOSYS)
			log_error("this kernel cannot load kernels: it was "
				  "built without kexec_file_load "
				  "(CONFIG_KEXEC_FILE)");
		else if (errno == EPERM)
			log_error("the kernel refused to unload: kexec is "
				  "disabled (/proc/sys/kernel/"
				  "kexec_load_disabled) or locked down");
		else
			log_error("unable to unload the kernel: %s",
				  strerror(errno));
		return 1;
	}
	printf("unloaded: no kernel is loaded for kexec\n");
	return 0;
}

/* The command line to hand over, or NULL for the entry's own. */
static int build_cmdline(const struct request *rq, const char *own,
			 char *buf, size_t size)
{
	char proc[CMDLINE_MAX];
	int r;

	buf[0] = '\0';
	if (rq->reuse) {
		r = cmdline_read_proc(proc, sizeof(proc));
		if (r < 0) {
			log_error("unable to read /proc/cmdline: %s",
				  strerror(-r));
			return r;
		}
		r = kexec_cmdline_reuse(proc, buf, size);
	} else {
		r = kexec_cmdline_append(buf, size, rq->cmdline ? rq->cmdline :
					 own ? own : "");
	}
	if (r == 0 && rq->append)
		r = kexec_cmdline_append(buf, size, rq->append);
	if (r < 0)
		log_error("the command line is longer than %d bytes",
			  CMDLINE_MAX);
	return r;
}

/* A block device's kernel name ("vdb2") from any path to its node. */
static int block_name(const char *path, char *name, size_t size)
{
	char real[PATH_MAX], sys[PATH_MAX + 32];
	const char *base;

	if (!realpath(path, real))
		return -errno;
	base = strrchr(real, '/');
	base = base ? base + 1 : real;
	snprintf(sys, sizeof(sys), "/sys/class/block/%s", base);
	if (access(sys, F_OK) < 0 || strlen(base) >= size)
		return -ENODEV;
	strcpy(name, base);
	return 0;
}

static int scan(struct scanner *sc, const struct request *rq)
{
	int r = 0;

	if (!rq->n_from)
		r = scanner_scan_all(sc);
	for (int i = 0; i < rq->n_from && r >= 0; i++) {
		char name[64];
		struct stat st;

		if (stat(rq->from[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			r = scanner_scan_dir(sc, rq->from[i]);
		} else if (stat(rq->from[i], &st) == 0 && S_ISBLK(st.st_mode) &&
			   block_name(rq->from[i], name, sizeof(name)) == 0) {
			r = scanner_scan_disk(sc, name);
		} else {
			log_error("unable to read %s: not a directory or a "
				  "block device", rq->from[i]);
			return -ENOENT;
		}
	}
	if (r >= 0)
		r = scanner_parse(sc);
	if (r < 0 && r != -ENOENT)
		log_error("unable to scan the disks: %s", strerror(-r));
	return r;
}

static struct boot_option *find(const struct option_set *set,
				const struct request *rq)
{
	const char *id = rq->id;

	if (rq->want_default || (id && !strcmp(id, "default"))) {
		if (!set->default_id) {
			log_error("no default entry was found on the disks; "
				  "'hopboot kexec' lists the entries");
			return NULL;
		}
		id = set->default_id;
	}
	if (id) {
		struct boot_option *opt = option_set_option(set, id);

		if (!opt)
			log_error("no entry has the id '%s'; 'hopboot kexec' "
				  "lists the entries (--title picks one by "
				  "title)", id);
		return opt;
	}
	for (size_t i = 0; i < set->n_options; i++)
		if (set->options[i]->title &&
		    !strcmp(set->options[i]->title, rq->title))
			return set->options[i];
	log_error("no entry has the title '%s'; 'hopboot kexec' lists the "
		  "entries", rq->title);
	return NULL;
}

/* Discovers, picks and loads. Returns 0 loaded, 1 failed, 3 listed. */
static int load(const struct request *rq, char *title, size_t title_size)
{
	char mnt_base[] = "/tmp/hopboot-kexec.XXXXXX";
	char line[CMDLINE_MAX], msg[512];
	struct boot_option *opt;
	struct option_set *set;
	struct scanner sc;
	int r, status = 1;

	r = mntns_private();
	if (r < 0) {
		log_error("unable to make a private mount namespace: %s",
			  strerror(-r));
		return 1;
	}
	if (!mkdtemp(mnt_base)) {
		log_error("unable to create %s: %s", mnt_base, strerror(errno));
		return 1;
	}
	set = option_set_new();
	if (!set) {
		log_error("out of memory");
		goto out_rmdir;
	}
	scanner_init(&sc, set, mnt_base);
	if (scan(&sc, rq) < 0)
		goto out_finish;
	option_set_resolve_default(set);

	if (!rq->id && !rq->title && !rq->want_default) {
		option_set_write_text(set, stdout);
		status = 3;
		goto out_finish;
	}
	opt = find(set, rq);
	if (!opt)
		goto out_finish;
	snprintf(title, title_size, "%s", opt->title ? opt->title : opt->id);
	if (opt->errors.n) {
		log_error("unable to load \"%s\": %s", title, opt->errors.v[0]);
		goto out_finish;
	}
	if (build_cmdline(rq, opt->cmdline, line, sizeof(line)) < 0)
		goto out_finish;
	log_debug("loading \"%s\" with command line '%s'", title, line);
	r = loader_load(set, opt, line, msg, sizeof(msg));
	if (r < 0)
		log_error("unable to load \"%s\": %s", title, msg);
	else
		status = 0;
out_finish:
	/* Nothing stays mounted: the disks are left as they were found. */
	scanner_finish(&sc);
	option_set_free(set);
out_rmdir:
	rmdir(mnt_base);
	return status;
}

static int unbind_all(const struct request *rq)
{
	char msg[512];

	for (int i = 0; i < rq->n_unbind; i++) {
		int n = unbind_drivers(UNBIND_SYS_BUS, rq->unbind[i], msg,
				       sizeof(msg));

		if (n < 0) {
			log_error("unable to unbind %s: %s (the new kernel "
				  "stays loaded)", rq->unbind[i], msg);
			return -1;
		}
		log_info("unbound %d device%s of %s", n, n == 1 ? "" : "s",
			 rq->unbind[i]);
	}
	return 0;
}

static int start(const struct request *rq, const char *title)
{
	if (rq->mode == MODE_LOAD_ONLY) {
		printf("Loaded \"%s\". 'systemctl kexec' or 'kexec -e' starts "
		       "it; 'hopboot kexec --unload' drops it.\n", title);
		return 0;
	}
	if (unbind_all(rq) < 0)
		return 1;
	fflush(stdout);
	if (rq->mode == MODE_NOW) {
		fprintf(stderr, "hopboot kexec: starting \"%s\" now, as "
			"'kexec -e' does: processes are not stopped and "
			"filesystems are not unmounted, only synced\n", title);
		sync();
		reboot(LINUX_REBOOT_CMD_KEXEC);
		log_error("unable to start the loaded kernel: %s",
			  strerror(errno));
		return 1;
	}
	if (access("/run/systemd/system", F_OK) == 0) {
		printf("Loaded \"%s\"; 'systemctl kexec' shuts down and "
		       "starts it.\n", title);
		fflush(stdout);
		execlp("systemctl", "systemctl", "kexec", (char *)NULL);
		log_error("unable to run systemctl kexec: %s (the kernel "
			  "stays loaded: 'systemctl kexec' starts it)",
			  strerror(errno));
		return 1;
	}
	printf("Loaded \"%s\". systemd does not run here: after a clean "
	       "shutdown of your own, 'kexec -e' starts it.\n", title);
	return 0;
}

/* Fills rq from the arguments. Returns 0, or 2 (usage, already said). */
static int parse_args(int argc, char **argv, struct request *rq,
		      bool *status, bool *unload_it)
{
	static const struct option longopts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "default", no_argument, NULL, 'D' },
		{ "append", required_argument, NULL, 'a' },
		{ "cmdline", required_argument, NULL, 'c' },
		{ "reuse-cmdline", no_argument, NULL, 'r' },
		{ "load-only", no_argument, NULL, 'l' },
		{ "now", no_argument, NULL, 'n' },
		{ "unbind", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },
		{ "status", no_argument, NULL, 's' },
		{ "unload", no_argument, NULL, 'U' },
		{ "debug", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *bad = NULL;
	int c, picks;

	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			rq->title = optarg;
			break;
		case 'D':
			rq->want_default = true;
			break;
		case 'a':
			rq->append = optarg;
			break;
		case 'c':
			rq->cmdline = optarg;
			break;
		case 'r':
			rq->reuse = true;
			break;
		case 's':
			*status = true;
			break;
		case 'U':
			*unload_it = true;
			break;
		case 'd':
			log_debug_enabled = 1;
			break;
		case 'l':
		case 'n':
			if (rq->mode != MODE_HANDOVER)
				bad = "--load-only and --now exclude each "
				      "other";
			rq->mode = c == 'l' ? MODE_LOAD_ONLY : MODE_NOW;
			break;
		case 'u':
			if (rq->n_unbind == MAX_UNBIND)
				bad = "too many --unbind options";
			else
				rq->unbind[rq->n_unbind++] = optarg;
			break;
		case 'f':
			if (rq->n_from == MAX_FROM)
				bad = "too many --from options";
			else
				rq->from[rq->n_from++] = optarg;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		rq->id = argv[optind++];
	picks = !!rq->id + !!rq->title + rq->want_default;
	if (optind < argc)
		bad = "one entry at a time";
	else if (picks > 1)
		bad = "name the entry once: ID, --title or --default";
	else if ((*status || *unload_it) && (argc > 2 || picks))
		bad = "--status and --unload take nothing else";
	else if (rq->cmdline && rq->reuse)
		bad = "--cmdline and --reuse-cmdline exclude each other";
	else if (rq->n_unbind && rq->mode == MODE_LOAD_ONLY)
		bad = "--unbind acts at the kexec, which --load-only does not "
		      "do; give it to the command that starts the kernel";
	else if (!picks && (rq->mode != MODE_HANDOVER || rq->n_unbind ||
			    rq->cmdline || rq->reuse || rq->append))
		bad = "which entry? give an ID, --title or --default "
		      "('hopboot kexec' lists them)";
	if (bad) {
		log_error("%s ('hopboot kexec --help' shows the options)", bad);
		return 2;
	}
	return 0;
}

int kexec_main(int argc, char **argv)
{
	struct request rq = { 0 };
	bool status = false, unload_it = false;
	char title[256];
	int r;

	r = parse_args(argc, argv, &rq, &status, &unload_it);
	if (r)
		return r;
	if (status)
		return show_status();
	if (unload_it)
		return unload();
	if (!need_root())
		return 1;
	r = load(&rq, title, sizeof(title));
	if (r == 3)
		return fflush(stdout) == EOF ? 1 : 0;
	if (r)
		return 1;
	return start(&rq, title);
}
