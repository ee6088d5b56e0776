// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: minimal JSON emitter writing to stdout. Objects and arrays
 * nest; separators are inserted automatically. Output is on one line,
 * the caller prints the final newline.
 */
#include "ipsecctl.h"

#define JSON_MAX_DEPTH 16

static int depth;
static bool first[JSON_MAX_DEPTH];

static void json_escape(const char *s)
{
	const unsigned char *p;

	putchar('"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", stdout);
			break;
		case '\\':
			fputs("\\\\", stdout);
			break;
		case '\n':
			fputs("\\n", stdout);
			break;
		case '\r':
			fputs("\\r", stdout);
			break;
		case '\t':
			fputs("\\t", stdout);
			break;
		case '\b':
			fputs("\\b", stdout);
			break;
		case '\f':
			fputs("\\f", stdout);
			break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				printf("\\u%04x", *p);
			else
				putchar(*p);
		}
	}
	putchar('"');
}

/* Separator and key of the next value in the current container. */
static void json_key(const char *key)
{
	if (depth > 0) {
		if (!first[depth - 1])
			fputs(", ", stdout);
		first[depth - 1] = false;
	}
	if (key) {
		json_escape(key);
		fputs(": ", stdout);
	}
}

static void json_open(const char *key, char c)
{
	json_key(key);
	putchar(c);
	if (depth < JSON_MAX_DEPTH)
		first[depth] = true;
	depth++;
}

static void json_close(char c)
{
	putchar(c);
	if (depth > 0)
		depth--;
}

void json_obj_start(const char *key)
{
	json_open(key, '{');
}

void json_obj_end(void)
{
	json_close('}');
}

void json_arr_start(const char *key)
{
	json_open(key, '[');
}

void json_arr_end(void)
{
	json_close(']');
}

void json_str(const char *key, const char *val)
{
	json_key(key);
	json_escape(val);
}

void json_u64(const char *key, u64 val)
{
	json_key(key);
	printf("%llu", (unsigned long long)val);
}

void json_bool(const char *key, bool val)
{
	json_key(key);
	fputs(val ? "true" : "false", stdout);
}

/* Binary data as a "0x..." hex string. */
void json_hex(const char *key, const u8 *data, size_t len)
{
	json_key(key);
	printf("\"0x");
	print_hex(data, len);
	putchar('"');
}

void json_reset(void)
{
	depth = 0;
}
