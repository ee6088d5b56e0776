// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: output helpers shared by the SA, policy, stats and monitor
 * code: addresses, hex strings, length-checked attribute reads, the
 * iproute2-style print_*() calls that write text or JSON, and the
 * printer of get and list replies.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecctl.h"

/* Address attribute (4 or 16 bytes) as text; "?" if malformed. */
const char *fmt_addr(const struct nlattr *a, char *buf, size_t len)
{
	int family;

	if (!a)
		return "?";
	if (nla_len(a) == 4)
		family = AF_INET;
	else if (nla_len(a) == 16)
		family = AF_INET6;
	else
		return "?";
	if (!inet_ntop(family, nla_data(a), buf, len))
		return "?";
	return buf;
}

void print_hex(const u8 *data, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		printf("%02x", data[i]);
}

bool attr_u8(const struct nlattr *a, u8 *v)
{
	if (!a || nla_len(a) < 1)
		return false;
	*v = *(const u8 *)nla_data(a);
	return true;
}

bool attr_u16(const struct nlattr *a, u16 *v)
{
	if (!a || nla_len(a) < 2)
		return false;
	memcpy(v, nla_data(a), sizeof(*v));
	return true;
}

bool attr_u32(const struct nlattr *a, u32 *v)
{
	if (!a || nla_len(a) < 4)
		return false;
	memcpy(v, nla_data(a), sizeof(*v));
	return true;
}

/* u64 attributes may be unaligned; accept u32 payloads too. */
bool attr_u64(const struct nlattr *a, u64 *v)
{
	u32 v32;

	if (!a)
		return false;
	if (nla_len(a) >= 8) {
		memcpy(v, nla_data(a), sizeof(*v));
		return true;
	}
	if (nla_len(a) >= 4) {
		memcpy(&v32, nla_data(a), sizeof(v32));
		*v = v32;
		return true;
	}
	return false;
}

/*
 * iproute2's print_*(): one call writes the value as JSON (with -j, if
 * @t has PRINT_JSON) or as text through @fmt (if @t has PRINT_FP).
 */
void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *val)
{
	if (opts.json) {
		if (t & PRINT_JSON)
			json_str(key, val);
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, val);
	}
}

void print_uint(enum output_type t, const char *key, const char *fmt, u64 val)
{
	if (opts.json) {
		if (t & PRINT_JSON)
			json_u64(key, val);
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, (unsigned long long)val);
	}
}

void print_bool(enum output_type t, const char *key, const char *fmt, bool val)
{
	if (opts.json) {
		if (t & PRINT_JSON)
			json_bool(key, val);
	} else if ((t & PRINT_FP) && fmt) {
		printf(fmt, val ? "true" : "false");
	}
}

/* Text only: separators and words JSON has no use for. */
void print_fp(const char *fmt, ...)
{
	va_list ap;

	if (opts.json)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/* A name from @name, or the number when it has none. */
void print_name(enum output_type t, const char *key, const char *fmt,
		const char *name, unsigned int val)
{
	char num[16];

	if (!name) {
		snprintf(num, sizeof(num), "%u", val);
		if (opts.json) {
			print_uint(t, key, NULL, val);
			return;
		}
		name = num;
	}
	print_string(t, key, fmt, name);
}

/*
 * " flag NAME ... 0xREST" in text (nothing without flags), the JSON array
 * "flags" of the same words; @names: each flag bit and its word.
 */
void print_flags(u32 flags, const struct kw *names)
{
	u32 rest = flags;
	char hex[16];

	open_json_array("flags");
	if (flags)
		print_fp(" flag");
	for (; names->name; names++) {
		if (flags & names->val)
			print_string(PRINT_ANY, NULL, " %s", names->name);
		rest &= ~names->val;
	}
	if (rest) {
		snprintf(hex, sizeof(hex), "0x%x", rest);
		print_string(PRINT_ANY, NULL, " %s", hex);
	}
	close_json_array();
}

/* ip's protocol: its name (text: 0 as a number), else the number. */
void print_ip_proto(enum output_type t, const char *key, const char *fmt,
		    unsigned int proto)
{
	const char *name = ip_proto_name(proto);

	print_name(t, key, fmt, opts.json || proto ? name : NULL, proto);
}

void open_json_object(const char *key)
{
	if (opts.json)
		json_obj_start(key);
}

void close_json_object(void)
{
	if (opts.json)
		json_obj_end();
}

void open_json_array(const char *key)
{
	if (opts.json)
		json_arr_start(key);
}

void close_json_array(void)
{
	if (opts.json)
		json_arr_end();
}

/* Binary data: text " 0x..." through @fmt's prefix, JSON "0x..." */
void print_hexstr(enum output_type t, const char *key, const char *fmt,
		  const u8 *data, size_t len)
{
	if (opts.json) {
		if (t & PRINT_JSON)
			json_hex(key, data, len);
	} else if ((t & PRINT_FP) && fmt) {
		fputs(fmt, stdout);
		print_hex(data, len);
	}
}

struct show_ctx {
	int attr;		/* IPSECDP_A_SA or IPSECDP_A_POLICY */
	void (*print)(struct nlattr *a);
	bool list;		/* in a JSON array, else an object a line */
};

static int show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	const struct show_ctx *c = arg;

	if (parse_genl(msg, tb, NULL) || !tb[c->attr])
		return NL_SKIP;
	open_json_object(NULL);
	c->print(tb[c->attr]);
	close_json_object();
	if (opts.json && !c->list)
		putchar('\n');
	return NL_OK;
}

/*
 * Send @msg and print each SA or policy (attribute @attr) of the replies
 * with @print: the one of a get, or those of a list (dump), as text or
 * (-j) a JSON array.
 */
int show_replies(struct nl_msg *msg, int attr, void (*print)(struct nlattr *a),
		 bool list)
{
	struct show_ctx c = { .attr = attr, .print = print, .list = list };
	bool array = list && opts.json && !opts.dry_run;
	int ret;

	json_reset();
	if (array)
		json_arr_start(NULL);
	ret = req_talk(msg, show_cb, &c);
	if (array) {
		json_arr_end();
		putchar('\n');
	}
	return ret;
}
