/* test_sanitize.c - disk strings lose control characters and escapes. */
#include "tap.h"
#include "ui/sanitize.h"

static const char *clean(const char *in, int max)
{
	static char out[256];

	sanitize_text(in, out, sizeof(out), max);
	return out;
}

int main(void)
{
	char small[6], buf[64];

	check_str(clean("Debian GNU/Linux", -1), "Debian GNU/Linux");
	check_str(clean("Evil \033[31mred\033[0m", -1), "Evil red");
	check_str(clean("a\033[1;2;3;4;5;6Hb", -1), "ab");
	check_str(clean("t\033]0;pwned\007itle", -1), "title");
	check_str(clean("t\033]2;pwned\033\\itle", -1), "title");
	check_str(clean("k\033P+q544e\033\\ey", -1), "key");
	check_str(clean("a\033cb\033(Bc", -1), "abc");	/* reset, charset */
	check_str(clean("x\033", -1), "x");		/* cut short */
	check_str(clean("x\033[12", -1), "x");
	check_str(clean("bell\007 bs\b cr\r nl\n del\177!", -1),
		  "bell bs cr nl del!");
	check_str(clean("tab\there", -1), "tab here");
	/* C1 controls in UTF-8: U+009B is a CSI on some terminals. */
	check_str(clean("a\xc2\x9b" "31mb\xc2\x85" "c", -1), "abc");
	check_str(clean("a\xc2\x9d" "0;x\xc2\x9c" "b", -1), "ab");
	check_str(clean("Fran\xc3\xa7" "ais \xe2\x82\xac", -1),
		  "Fran\xc3\xa7" "ais \xe2\x82\xac");
	/* Raw 8-bit bytes that are no UTF-8: a lone 0x9b too. */
	check_str(clean("a\x9b" "b\xff" "c\xc3", -1), "a?b?c?");
	check_str(clean("over\xc0\xaflong", -1), "over??long");
	check_str(clean("abcdef", 3), "abc");
	check_str(clean("\xc3\xa9\xc3\xa9\xc3\xa9", 2), "\xc3\xa9\xc3\xa9");
	check_str(clean(NULL, -1), "");
	check_int(sanitize_text("abcdefgh", small, sizeof(small), -1), ==, 5);
	check_str(small, "abcde");
	check_int(sanitize_text("\xc3\xa9\xc3\xa9\xc3\xa9", small,
				sizeof(small), -1), ==, 2);
	check_str(small, "\xc3\xa9\xc3\xa9");
	check_int(sanitize_cols("\xc3\xa9t\xc3\xa9"), ==, 3);

	/* The line editor's view: one column per character, always. */
	check_int(sanitize_visible("a\033[2Jb", 6, buf, sizeof(buf), 80), ==,
		  6);
	check_str(buf, "a?[2Jb");
	check_int(sanitize_visible("\xc3\xa9\xc2\x9b\xff", 5, buf,
				   sizeof(buf), 80), ==, 3);
	check_str(buf, "\xc3\xa9??");
	check_int(sanitize_visible("abc\xc3", 4, buf, sizeof(buf), 2), ==, 2);
	check_str(buf, "ab");
	sanitize_visible("ab\xc3", 3, buf, sizeof(buf), 80);
	check_str(buf, "ab?");	/* a character cut by len */
	return done_testing();
}
