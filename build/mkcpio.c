// mkcpio - write a reproducible newc cpio archive from an entry list.
/*
 * Usage: mkcpio [LIST] > ARCHIVE
 *
 * Reads LIST (or standard input when LIST is absent or "-"), one entry a
 * line, in the spirit of the kernel's usr/gen_init_cpio:
 *
 *	dir   PATH MODE
 *	file  PATH SOURCE MODE
 *	slink PATH TARGET MODE
 *	nod   PATH MODE c|b MAJOR MINOR
 *
 * MODE is octal permission bits (at most 07777); blank lines and lines
 * starting with '#' are ignored. A leading '/' on PATH is dropped, as
 * gen_init_cpio does, so members are named relative to the root.
 *
 * The output depends only on the list and the contents of the SOURCE
 * files: entries are sorted by path (a parent always sorts before its
 * children), and every entry has mtime 0, uid and gid 0, sequential inode
 * numbers and no device of origin. Every entry's parent directory must
 * itself be listed, because the kernel's unpacker does not create missing
 * parents. Exit status: 0 on success, 100 for a bad list, 111 when a file
 * cannot be read or the archive cannot be written.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_BADLIST	100
#define EXIT_IO		111
#define MAX_FIELDS	6
#define COPY_BUF	65536

struct entry {
	char *path;		/* member name, without a leading '/' */
	char *arg;		/* file: host source path; slink: target */
	unsigned int mode;	/* S_IFMT bits | permission bits */
	unsigned int rmajor;
	unsigned int rminor;
	unsigned int line;	/* where it came from, for messages */
};

struct kind {
	const char *name;
	int nfields;		/* including the type word */
	unsigned int type;	/* S_IFMT bits; 0 for nod (c or b decides) */
};

static const struct kind kinds[] = {
	{ "dir",   3, S_IFDIR },
	{ "file",  4, S_IFREG },
	{ "slink", 4, S_IFLNK },
	{ "nod",   6, 0 },
};

static const char *list_name = "<stdin>";
static struct entry *entries;
static size_t nentries;
static size_t capacity;
static unsigned long long offset;	/* bytes written, for alignment */

static void __attribute__((noreturn, format(printf, 3, 4)))
die(int status, unsigned int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mkcpio: ");
	if (line)
		fprintf(stderr, "%s, line %u: ", list_name, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

static void *xrealloc(void *p, size_t size)
{
	p = realloc(p, size);
	if (!p)
		die(EXIT_IO, 0, "out of memory.");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die(EXIT_IO, 0, "out of memory.");
	return d;
}

/* Drop one leading '/'; refuse names the unpacker would misplace. */
static char *clean_path(const char *s, unsigned int line)
{
	const char *p;

	if (*s == '/')
		s++;
	if (!*s)
		die(EXIT_BADLIST, line, "the root itself cannot be an entry.");
	for (p = s; *p; ) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') ||
		    (n == 2 && p[0] == '.' && p[1] == '.'))
			die(EXIT_BADLIST, line,
			    "path '%s' has an empty, . or .. component.", s);
		p += n;
		if (*p == '/')
			p++;
		if (!*p && p[-1] == '/')
			die(EXIT_BADLIST, line, "path '%s' ends in '/'.", s);
	}
	return xstrdup(s);
}

static unsigned int parse_mode(const char *s, unsigned int line)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 8);
	if (errno || end == s || *end || *s == '-' || v > 07777)
		die(EXIT_BADLIST, line,
		    "mode '%s' is not an octal number up to 07777.", s);
	return v;
}

static unsigned int parse_devnum(const char *s, unsigned int line)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || *s == '-' || v > 0xfffff)
		die(EXIT_BADLIST, line,
		    "device number '%s' is not a decimal number up to 1048575.",
		    s);
	return v;
}

static const struct kind *find_kind(const char *name, unsigned int line)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (!strcmp(kinds[i].name, name))
			return &kinds[i];
	die(EXIT_BADLIST, line,
	    "unknown entry type '%s'; expected dir, file, slink or nod.", name);
}

static struct entry *new_entry(void)
{
	if (nentries == capacity) {
		capacity = capacity ? 2 * capacity : 256;
		entries = xrealloc(entries, capacity * sizeof(*entries));
	}
	memset(&entries[nentries], 0, sizeof(*entries));
	return &entries[nentries++];
}

/* Split on blanks, keeping the first MAX_FIELDS; returns the full count. */
static int split(char *buf, char *field[MAX_FIELDS])
{
	int n = 0;
	char *save, *tok;

	for (tok = strtok_r(buf, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		if (n < MAX_FIELDS)
			field[n] = tok;
		n++;
	}
	return n;
}

/* nod PATH MODE c|b MAJOR MINOR */
static void parse_nod(struct entry *e, char **f)
{
	if (strcmp(f[3], "c") && strcmp(f[3], "b"))
		die(EXIT_BADLIST, e->line,
		    "device type '%s' is neither 'c' nor 'b'.", f[3]);
	e->mode = (f[3][0] == 'c' ? S_IFCHR : S_IFBLK) |
		  parse_mode(f[2], e->line);
	e->rmajor = parse_devnum(f[4], e->line);
	e->rminor = parse_devnum(f[5], e->line);
}

static void parse_line(char *buf, unsigned int line)
{
	char *f[MAX_FIELDS];
	const struct kind *k;
	struct entry *e;
	int n = split(buf, f);

	if (n == 0 || f[0][0] == '#')
		return;
	k = find_kind(f[0], line);
	if (n != k->nfields)
		die(EXIT_BADLIST, line,
		    "a '%s' entry takes %d arguments, not %d.",
		    k->name, k->nfields - 1, n - 1);
	e = new_entry();
	e->line = line;
	e->path = clean_path(f[1], line);
	if (k->type == S_IFDIR) {
		e->mode = S_IFDIR | parse_mode(f[2], line);
	} else if (k->type) {
		/* file and slink: PATH SOURCE-OR-TARGET MODE */
		e->arg = xstrdup(f[2]);
		e->mode = k->type | parse_mode(f[3], line);
	} else {
		parse_nod(e, f);
	}
}

static void read_list(FILE *in)
{
	char *buf = NULL;
	size_t size = 0;
	unsigned int line = 0;

	while (getline(&buf, &size, in) != -1)
		parse_line(buf, ++line);
	if (ferror(in))
		die(EXIT_IO, 0, "cannot read %s: %s.", list_name,
		    strerror(errno));
	free(buf);
}

static int cmp_path(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

/* Ties broken by line, so a duplicate is always reported the same way. */
static int cmp_entry(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	return (x->line > y->line) - (x->line < y->line);
}

static const struct entry *lookup(const char *path)
{
	struct entry key = { .path = (char *)path };

	return bsearch(&key, entries, nentries, sizeof(*entries), cmp_path);
}

/* After sorting: no path twice, and every parent is a listed directory. */
static void check_tree(void)
{
	size_t i;

	for (i = 0; i < nentries; i++) {
		const struct entry *e = &entries[i], *parent;
		char *slash, *dir;

		if (i && !strcmp(e->path, entries[i - 1].path))
			die(EXIT_BADLIST, e->line,
			    "path '%s' is already listed on line %u.",
			    e->path, entries[i - 1].line);
		slash = strrchr(e->path, '/');
		if (!slash)
			continue;
		dir = xstrdup(e->path);
		dir[slash - e->path] = '\0';
		parent = lookup(dir);
		if (!parent || !S_ISDIR(parent->mode))
			die(EXIT_BADLIST, e->line,
			    "the parent of '%s' is not listed as a directory.",
			    e->path);
		free(dir);
	}
}

static void out(const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, stdout) != len)
		die(EXIT_IO, 0, "cannot write the archive: %s.",
		    strerror(errno));
	offset += len;
}

static void pad(unsigned int align)
{
	static const char zeros[512];

	out(zeros, (align - offset % align) % align);
}

static void write_header(const char *name, unsigned int ino,
			 unsigned int mode, unsigned int nlink,
			 unsigned long long size, unsigned int rmajor,
			 unsigned int rminor)
{
	char hdr[111];

	if (size > 0xffffffffULL)
		die(EXIT_IO, 0, "'%s' is too large for a newc archive.", name);
	/* magic ino mode uid gid nlink mtime size dev rdev namesize check */
	snprintf(hdr, sizeof(hdr),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 ino, mode, 0, 0, nlink, 0, (unsigned int)size, 0, 0,
		 rmajor, rminor, (unsigned int)strlen(name) + 1, 0);
	out(hdr, 110);
	out(name, strlen(name) + 1);
	pad(4);
}

/* Copy exactly @size bytes, so a source that changes under us is an error. */
static void copy_data(int fd, const struct entry *e, unsigned long long size)
{
	static char buf[COPY_BUF];

	while (size) {
		ssize_t n = read(fd, buf, size < COPY_BUF ? size : COPY_BUF);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			die(EXIT_IO, e->line,
			    "source '%s' %s while being read.",
			    e->arg, n ? strerror(errno) : "shrank");
		out(buf, n);
		size -= n;
	}
	pad(4);
}

static void write_file(const struct entry *e, unsigned int ino)
{
	struct stat st;
	int fd = open(e->arg, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		die(EXIT_IO, e->line, "cannot open source '%s': %s.",
		    e->arg, strerror(errno));
	if (fstat(fd, &st) < 0)
		die(EXIT_IO, e->line, "cannot stat source '%s': %s.",
		    e->arg, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die(EXIT_BADLIST, e->line, "source '%s' is not a regular file.",
		    e->arg);
	write_header(e->path, ino, e->mode, 1, st.st_size, 0, 0);
	copy_data(fd, e, st.st_size);
	close(fd);
}

static void write_entry(const struct entry *e, unsigned int ino)
{
	switch (e->mode & S_IFMT) {
	case S_IFREG:
		write_file(e, ino);
		break;
	case S_IFLNK:
		write_header(e->path, ino, e->mode, 1, strlen(e->arg), 0, 0);
		out(e->arg, strlen(e->arg));
		pad(4);
		break;
	case S_IFDIR:
		write_header(e->path, ino, e->mode, 2, 0, 0, 0);
		break;
	default:
		write_header(e->path, ino, e->mode, 1, 0, e->rmajor, e->rminor);
		break;
	}
}

static void write_archive(void)
{
	size_t i;

	for (i = 0; i < nentries; i++)
		write_entry(&entries[i], i + 1);
	write_header("TRAILER!!!", 0, 0, 1, 0, 0, 0);
	/* Round up to a block, as gen_init_cpio and GNU cpio do. */
	pad(512);
	if (fflush(stdout) == EOF || ferror(stdout))
		die(EXIT_IO, 0, "cannot write the archive: %s.",
		    strerror(errno));
}

int main(int argc, char **argv)
{
	FILE *in = stdin;

	if (argc > 2)
		die(EXIT_BADLIST, 0, "usage: mkcpio [LIST] > ARCHIVE");
	if (argc == 2 && strcmp(argv[1], "-")) {
		list_name = argv[1];
		in = fopen(list_name, "re");
		if (!in)
			die(EXIT_IO, 0, "cannot open %s: %s.", list_name,
			    strerror(errno));
	}
	read_list(in);
	qsort(entries, nentries, sizeof(*entries), cmp_entry);
	check_tree();
	write_archive();
	return 0;
}
