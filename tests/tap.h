/* tap.h - a header-only TAP harness for C tests, after git's t/unit-tests.
 *
 * Each check prints one TAP line ("ok 3 - what" / "not ok 3 - what"); a
 * failed one adds "#" lines with where it failed and both sides. A test
 * program ends with `return done_testing();`, which prints the plan when
 * plan() was not called and returns the exit status: non-zero when a check
 * failed, when the plan was not met, or when no check ran at all (a test
 * that checks nothing proves nothing).
 *
 *	plan(n)			optional: announce n checks up front
 *	ok(cond, fmt, ...)	pass when cond is true
 *	check_int(a, op, b)	compare integers with ==, !=, <, <=, >, >=
 *	check_str(a, b)		compare strings; NULL equals only NULL
 *	diag(fmt, ...)		print a "#" diagnostic line
 *	skip_all(reason)	skip the whole program: "1..0 # SKIP reason"
 *	done_testing()		print the plan if needed; return exit status
 *
 * Each macro returns 1 on pass and 0 on failure, so a test can stop early:
 * `if (!check_int(n, ==, 2)) return;`.
 */
#ifndef HOPBOOT_TAP_H
#define HOPBOOT_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_planned = -1, tap_count, tap_failed;

static inline void plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

__attribute__((format(printf, 1, 0)))
static inline void tap_vdiag(const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	/* Every line of a diagnostic must start with '#' in TAP. */
	printf("# ");
	for (const char *p = buf; *p; p++) {
		putchar(*p);
		if (*p == '\n' && p[1])
			printf("# ");
	}
	putchar('\n');
	fflush(stdout);
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vdiag(fmt, ap);
	va_end(ap);
}

__attribute__((format(printf, 4, 0)))
static inline int tap_vok(int pass, const char *file, int line,
			  const char *fmt, va_list ap)
{
	char desc[512];

	vsnprintf(desc, sizeof(desc), fmt, ap);
	/* A newline or '#' would end the description early. */
	for (char *p = desc; *p; p++)
		if (*p == '\n' || *p == '#')
			*p = ' ';
	tap_count++;
	printf("%sok %d - %s\n", pass ? "" : "not ", tap_count, desc);
	if (!pass) {
		tap_failed++;
		printf("#   failed at %s:%d\n", file, line);
	}
	fflush(stdout);
	return pass;
}

__attribute__((format(printf, 4, 5)))
static inline int tap_ok(int pass, const char *file, int line,
			 const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	pass = tap_vok(pass, file, line, fmt, ap);
	va_end(ap);
	return pass;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

static inline int tap_check_int(long long a, const char *op, long long b,
				const char *sa, const char *sb,
				const char *file, int line)
{
	int pass, known = 1;

	if (!strcmp(op, "=="))
		pass = a == b;
	else if (!strcmp(op, "!="))
		pass = a != b;
	else if (!strcmp(op, "<"))
		pass = a < b;
	else if (!strcmp(op, "<="))
		pass = a <= b;
	else if (!strcmp(op, ">"))
		pass = a > b;
	else if (!strcmp(op, ">="))
		pass = a >= b;
	else
		pass = known = 0;
	if (!tap_ok(pass, file, line, "%s %s %s", sa, op, sb)) {
		if (!known)
			diag("   unknown operator: %s", op);
		diag("   left: %lld\n  right: %lld", a, b);
	}
	return pass;
}

/* Both sides are evaluated once. */
#define check_int(a, op, b) \
	tap_check_int((long long)(a), #op, (long long)(b), #a, #b, \
		      __FILE__, __LINE__)

/* Prints s as a C string literal, or NULL, so that whitespace shows. */
static inline void tap_print_quoted(const char *s)
{
	if (!s) {
		printf("NULL");
		return;
	}
	putchar('"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			printf("\\%c", *p);
		else if (*p == '\n')
			printf("\\n");
		else if (*p == '\t')
			printf("\\t");
		else if (*p == '\r')
			printf("\\r");
		else if (*p < 0x20 || *p == 0x7f)
			printf("\\x%02x", *p);
		else
			putchar(*p);
	}
	putchar('"');
}

static inline int tap_check_str(const char *a, const char *b,
				const char *sa, const char *sb,
				const char *file, int line)
{
	int pass = (!a && !b) || (a && b && !strcmp(a, b));

	if (!tap_ok(pass, file, line, "%s equals %s", sa, sb)) {
		printf("#    left: ");
		tap_print_quoted(a);
		printf("\n#   right: ");
		tap_print_quoted(b);
		printf("\n");
		fflush(stdout);
	}
	return pass;
}

#define check_str(a, b) tap_check_str((a), (b), #a, #b, __FILE__, __LINE__)

static inline void skip_all(const char *reason)
{
	printf("1..0 # SKIP %s\n", reason);
	fflush(stdout);
	exit(0);
}

static inline int done_testing(void)
{
	if (tap_planned < 0 && tap_count > 0)
		printf("1..%d\n", tap_count);
	if (tap_count == 0) {
		/* "1..0" without SKIP: the program claims nothing. */
		if (tap_planned < 0)
			printf("1..0\n");
		diag("no check ran; a test that checks nothing fails");
		return 1;
	}
	if (tap_planned >= 0 && tap_planned != tap_count) {
		diag("planned %d checks but ran %d", tap_planned, tap_count);
		return 1;
	}
	if (tap_failed) {
		diag("failed %d of %d checks", tap_failed, tap_count);
		return 1;
	}
	return 0;
}

#endif
