// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: parsing of command line words (keywords, numbers, addresses,
 * prefixes, keys, protocols, port ranges). Every parse error prints a
 * message naming the offending word and returns -1.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <limits.h>

#include "ipsecctl.h"

/* True if @arg is a non-empty prefix of @kw (iproute2's matches()). */
bool matches(const char *arg, const char *kw)
{
	size_t len = strlen(arg);

	return len > 0 && len <= strlen(kw) && strncmp(arg, kw, len) == 0;
}

/* First table entry that @arg is a prefix of, or -1. */
int kw_lookup(const struct kw *tab, const char *arg)
{
	int i;

	/* An exact match always wins over an earlier prefix match. */
	for (i = 0; tab[i].name; i++)
		if (strcmp(arg, tab[i].name) == 0)
			return tab[i].val;
	for (i = 0; tab[i].name; i++)
		if (matches(arg, tab[i].name))
			return tab[i].val;
	return -1;
}

/* Table entry exactly equal to @arg, or -1. */
int kw_exact(const struct kw *tab, const char *arg)
{
	int i;

	for (i = 0; tab[i].name; i++)
		if (strcmp(arg, tab[i].name) == 0)
			return tab[i].val;
	return -1;
}

const char *kw_name(const struct kw *tab, int val)
{
	int i;

	for (i = 0; tab[i].name; i++)
		if (tab[i].val == val)
			return tab[i].name;
	return NULL;
}

/* The batch file and line being parsed (perr_file NULL: none). */
const char *perr_file;
unsigned int perr_line;

int perr(const char *fmt, ...)
{
	va_list ap;

	fputs("ipsecctl: ", stderr);
	if (perr_file)
		fprintf(stderr, "%s:%u: ", perr_file, perr_line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return -1;
}

int missing_arg(const char *kw)
{
	return perr("missing argument for \"%s\"", kw);
}

int duparg(const char *kw)
{
	return perr("duplicate \"%s\"", kw);
}

int unknown_kw(const char *arg)
{
	return perr("unknown keyword \"%s\"", arg);
}

int invalid_arg(const char *arg, const char *kw)
{
	return perr("invalid value \"%s\" for \"%s\"", arg, kw);
}

/*
 * Unsigned number from @min to @max: "0x" followed by hex digits, or
 * decimal digits (a leading zero does not mean octal).
 */
int parse_uint_range(const char *arg, const char *kw, u64 min, u64 max,
		     u64 *out)
{
	const char *p = arg;
	unsigned long long v;
	char *end;
	int base = 10;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		base = 16;
		if (!isxdigit((unsigned char)*p))
			return invalid_arg(arg, kw);
	} else if (!isdigit((unsigned char)*p)) {
		return invalid_arg(arg, kw);
	}
	errno = 0;
	v = strtoull(p, &end, base);
	if (*end)
		return invalid_arg(arg, kw);
	if (errno == ERANGE || v < min || v > max)
		return perr("value \"%s\" for \"%s\" is out of range (%llu-%llu)",
			    arg, kw, (unsigned long long)min,
			    (unsigned long long)max);
	*out = v;
	return 0;
}

int parse_uint(const char *arg, const char *kw, u64 max, u64 *out)
{
	return parse_uint_range(arg, kw, 0, max, out);
}

int parse_u64(const char *arg, const char *kw, u64 *out)
{
	return parse_uint(arg, kw, UINT64_MAX, out);
}

int parse_u32(const char *arg, const char *kw, u32 *out)
{
	u64 v;

	if (parse_uint(arg, kw, UINT32_MAX, &v))
		return -1;
	*out = v;
	return 0;
}

int parse_u16(const char *arg, const char *kw, u16 *out)
{
	u64 v;

	if (parse_uint(arg, kw, UINT16_MAX, &v))
		return -1;
	*out = v;
	return 0;
}

int parse_u8(const char *arg, const char *kw, u8 *out)
{
	u64 v;

	if (parse_uint(arg, kw, UINT8_MAX, &v))
		return -1;
	*out = v;
	return 0;
}

static int addr_pton(const char *s, struct addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->b) == 1) {
		a->family = AF_INET;
		a->len = 4;
	} else if (inet_pton(AF_INET6, s, a->b) == 1) {
		a->family = AF_INET6;
		a->len = 16;
	} else {
		return -1;
	}
	a->plen = a->len * 8;
	return 0;
}

/* Host address, IPv4 or IPv6, no prefix length. */
int parse_addr(const char *arg, const char *kw, struct addr *a)
{
	if (addr_pton(arg, a))
		return perr("invalid address \"%s\" for \"%s\"", arg, kw);
	return 0;
}

/* ADDR[/PLEN]; without /PLEN a host prefix (/32 or /128). */
int parse_prefix(const char *arg, const char *kw, struct addr *a)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(arg, '/');
	const char *p;
	size_t alen;
	unsigned long plen;
	char *end;

	alen = slash ? (size_t)(slash - arg) : strlen(arg);
	if (alen >= sizeof(buf))
		return perr("invalid prefix \"%s\" for \"%s\"", arg, kw);
	memcpy(buf, arg, alen);
	buf[alen] = '\0';
	if (addr_pton(buf, a))
		return perr("invalid address \"%s\" for \"%s\"", arg, kw);
	if (!slash)
		return 0;
	p = slash + 1;
	if (!isdigit((unsigned char)*p))
		goto bad_plen;
	errno = 0;
	plen = strtoul(p, &end, 10);
	if (*end || errno || plen > a->len * 8)
		goto bad_plen;
	a->plen = plen;
	return 0;

bad_plen:
	return perr("invalid prefix length in \"%s\" for \"%s\" (0-%u)",
		    arg, kw, a->len * 8);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Key like ip-xfrm: "0x" followed by an even number of hex digits, or
 * else the raw bytes of the string.
 */
int parse_key(const char *arg, const char *kw, u8 *key, size_t *len)
{
	size_t n, i;

	if (arg[0] == '0' && (arg[1] == 'x' || arg[1] == 'X')) {
		const char *h = arg + 2;

		n = strlen(h);
		for (i = 0; i < n; i++)
			if (hexval((unsigned char)h[i]) < 0)
				return perr("key \"%s\" for \"%s\" is not a hex string",
					    arg, kw);
		if (n % 2)
			return perr("key \"%s\" has odd length", arg);
		if (n / 2 > IPSECDP_KEY_MAX)
			return perr("key \"%s\" for \"%s\" is too long (max %d bytes)",
				    arg, kw, IPSECDP_KEY_MAX);
		for (i = 0; i < n / 2; i++)
			key[i] = hexval((unsigned char)h[2 * i]) << 4 |
				 hexval((unsigned char)h[2 * i + 1]);
		*len = n / 2;
		return 0;
	}
	n = strlen(arg);
	if (n > IPSECDP_KEY_MAX)
		return perr("key \"%s\" for \"%s\" is too long (max %d bytes)",
			    arg, kw, IPSECDP_KEY_MAX);
	memcpy(key, arg, n);
	*len = n;
	return 0;
}

/* Crypto API algorithm name; the kernel decides whether it is supported. */
int parse_alg_name(const char *arg, const char *kw, char *name)
{
	size_t n = strlen(arg);

	if (n == 0)
		return perr("empty algorithm name for \"%s\"", kw);
	if (n >= IPSECDP_ALG_NAME_MAX)
		return perr("algorithm name \"%s\" for \"%s\" is too long (max %d characters)",
			    arg, kw, IPSECDP_ALG_NAME_MAX - 1);
	memcpy(name, arg, n + 1);
	return 0;
}

/* IP protocols with fixed names, so output does not depend on /etc. */
static const struct kw ip_protos[] = {
	{ "any",	0 },
	{ "icmp",	IPPROTO_ICMP },
	{ "igmp",	IPPROTO_IGMP },
	{ "ipip",	IPPROTO_IPIP },
	{ "tcp",	IPPROTO_TCP },
	{ "udp",	IPPROTO_UDP },
	{ "dccp",	IPPROTO_DCCP },
	{ "ipv6",	IPPROTO_IPV6 },
	{ "gre",	IPPROTO_GRE },
	{ "esp",	IPPROTO_ESP },
	{ "ah",		IPPROTO_AH },
	{ "ipv6-icmp",	IPPROTO_ICMPV6 },
	{ "icmpv6",	IPPROTO_ICMPV6 },
	{ "icmp6",	IPPROTO_ICMPV6 },
	{ "sctp",	IPPROTO_SCTP },
	{ "udplite",	IPPROTO_UDPLITE },
	{ "mh",		IPPROTO_MH },
	{ NULL,		0 },
};

const char *ip_proto_name(unsigned int proto)
{
	return kw_name(ip_protos, proto);
}

/* Protocol name (ours, then /etc/protocols), "any" or a number 0-255. */
int parse_ip_proto(const char *arg, const char *kw, u8 *proto)
{
	struct protoent *pe;
	int i;

	if (isdigit((unsigned char)arg[0]))
		return parse_u8(arg, kw, proto);
	for (i = 0; ip_protos[i].name; i++) {
		if (strcasecmp(arg, ip_protos[i].name) == 0) {
			*proto = ip_protos[i].val;
			return 0;
		}
	}
	pe = getprotobyname(arg);
	endprotoent();
	if (pe && pe->p_proto >= 0 && pe->p_proto <= 255) {
		*proto = pe->p_proto;
		return 0;
	}
	return perr("unknown protocol \"%s\" for \"%s\"", arg, kw);
}

static const struct kw xfrm_protos[] = {
	{ "esp",	IPPROTO_ESP },
	{ "ah",		IPPROTO_AH },
	{ NULL,		0 },
};

/* IPsec protocol: esp or ah (or their numbers 50/51). */
int parse_xfrm_proto(const char *arg, const char *kw, u8 *proto)
{
	int v = kw_lookup(xfrm_protos, arg);

	if (v < 0 && isdigit((unsigned char)arg[0])) {
		u8 n;

		if (parse_u8(arg, kw, &n))
			return -1;
		if (n == IPPROTO_ESP || n == IPPROTO_AH)
			v = n;
	}
	if (v < 0)
		return perr("invalid value \"%s\" for \"%s\" (expected esp or ah)",
			    arg, kw);
	*proto = v;
	return 0;
}

static const struct kw modes[] = {
	{ "transport",	IPSECDP_MODE_TRANSPORT },
	{ "tunnel",	IPSECDP_MODE_TUNNEL },
	{ NULL,		0 },
};

int parse_mode(const char *arg, u8 *mode)
{
	int v = kw_lookup(modes, arg);

	if (v < 0)
		return perr("invalid value \"%s\" for \"mode\" (expected transport or tunnel)",
			    arg);
	*mode = v;
	return 0;
}

const char *mode_name(unsigned int mode)
{
	return kw_name(modes, mode);
}

/* UDP encapsulation types; ip xfrm's names, exact words as it reads them */
static const struct kw encap_types[] = {
	{ "espinudp",	IPSECDP_ENCAP_TYPE_ESPINUDP },
	{ NULL,		0 },
};

/*
 * "encap TYPE": espinudp (RFC 3948). ip xfrm's espinudp-nonike (the
 * draft's encapsulation without the non-ESP marker) and espintcp (RFC
 * 8229) are refused by name.
 */
int parse_encap_type(const char *arg, const char *kw, u16 *type)
{
	int v = kw_exact(encap_types, arg);

	if (!strcmp(arg, "espinudp-nonike") || !strcmp(arg, "espintcp"))
		return perr("\"%s %s\" is not supported: only espinudp (RFC 3948)",
			    kw, arg);
	if (v < 0)
		return perr("invalid value \"%s\" for \"%s\" (expected espinudp)",
			    arg, kw);
	*type = v;
	return 0;
}

const char *encap_type_name(unsigned int type)
{
	return kw_name(encap_types, type);
}

const char *family_name(unsigned int family)
{
	switch (family) {
	case AF_INET:
		return "inet";
	case AF_INET6:
		return "inet6";
	}
	return NULL;
}

/* PORT or LO-HI, 0-65535, LO <= HI. */
int parse_port_range(const char *arg, const char *kw, u16 *lo,
		     u16 *hi)
{
	const char *dash = strchr(arg, '-');
	char buf[16];
	u64 a, b;

	if (!dash) {
		if (parse_uint(arg, kw, UINT16_MAX, &a))
			return -1;
		*lo = *hi = a;
		return 0;
	}
	if ((size_t)(dash - arg) >= sizeof(buf))
		goto bad;
	memcpy(buf, arg, dash - arg);
	buf[dash - arg] = '\0';
	if (!buf[0] || !dash[1])
		goto bad;
	if (parse_uint(buf, kw, UINT16_MAX, &a) ||
	    parse_uint(dash + 1, kw, UINT16_MAX, &b))
		return -1;
	if (a > b)
		goto bad;
	*lo = a;
	*hi = b;
	return 0;
bad:
	return perr("invalid port range \"%s\" for \"%s\"", arg, kw);
}

int check_same_family(const struct addr *a, const char *akw, const char *aw,
		      const struct addr *b, const char *bkw, const char *bw)
{
	if (a->family == b->family)
		return 0;
	return perr("address family mismatch: %s \"%s\" is %s but %s \"%s\" is %s",
		    akw, aw, a->family == AF_INET ? "IPv4" : "IPv6",
		    bkw, bw, b->family == AF_INET ? "IPv4" : "IPv6");
}

/* ---- keyword tables ---------------------------------------------------- */

/* Value readers of struct arg_kw: @out is the field the table names. */
int arg_addr(const char *arg, const char *kw, void *out)
{
	return parse_addr(arg, kw, out);
}

int arg_prefix(const char *arg, const char *kw, void *out)
{
	return parse_prefix(arg, kw, out);
}

int arg_u8(const char *arg, const char *kw, void *out)
{
	return parse_u8(arg, kw, out);
}

int arg_u16(const char *arg, const char *kw, void *out)
{
	return parse_u16(arg, kw, out);
}

int arg_u32(const char *arg, const char *kw, void *out)
{
	return parse_u32(arg, kw, out);
}

int arg_u64(const char *arg, const char *kw, void *out)
{
	return parse_u64(arg, kw, out);
}

int arg_xfrm_proto(const char *arg, const char *kw, void *out)
{
	return parse_xfrm_proto(arg, kw, out);
}

int arg_ip_proto(const char *arg, const char *kw, void *out)
{
	return parse_ip_proto(arg, kw, out);
}

int arg_mode(const char *arg, const char *kw, void *out)
{
	(void)kw;
	return parse_mode(arg, out);
}

int arg_range(const char *arg, const char *kw, void *out)
{
	struct port_range *r = out;

	return parse_port_range(arg, kw, &r->lo, &r->hi);
}

/*
 * As kw_lookup(), in a table of structs of @size bytes that start with
 * their name and end with a NULL name: an exact match, else the first
 * entry @arg abbreviates, else NULL.
 */
static const void *name_lookup(const void *tab, size_t size, const char *arg)
{
	const char *p;

	for (p = tab; *(const char * const *)p; p += size)
		if (strcmp(arg, *(const char * const *)p) == 0)
			return p;
	for (p = tab; *(const char * const *)p; p += size)
		if (matches(arg, *(const char * const *)p))
			return p;
	return NULL;
}

const struct arg_kw *arg_lookup(const struct arg_kw *tab, const char *arg)
{
	return name_lookup(tab, sizeof(*tab), arg);
}

/* The commands of "sa" and "policy"; the first match wins. */
static const struct kw cmd_words[] = {
	{ "add",	CMD_ADD },
	{ "update",	CMD_UPDATE },
	{ "delete",	CMD_DEL },
	{ "get",	CMD_GET },
	{ "list",	CMD_LIST },
	{ "show",	CMD_LIST },
	{ "dump",	CMD_LIST },
	{ "count",	CMD_COUNT },
	{ "flush",	CMD_FLUSH },
	{ "match",	CMD_MATCH },
	{ "help",	CMD_HELP },
	{ NULL,		0 },
};

/*
 * The command of object @o that argv[0] names, with the words after it;
 * no words: "list".
 */
int cmd_run(const struct obj_cmds *o, int argc, char **argv)
{
	char what[32];
	int c;

	if (argc < 1)
		return o->run[CMD_LIST](0, NULL);
	c = kw_lookup(cmd_words, *argv);
	if (c == CMD_HELP) {
		o->usage(stdout);
		return EXIT_OK;
	}
	if (c == CMD_ADD || c == CMD_UPDATE) {
		snprintf(what, sizeof(what), "%s %s", o->name,
			 c == CMD_ADD ? "add" : "update");
		return o->add(argc - 1, argv + 1,
			      c == CMD_ADD ? o->nl_add : o->nl_update, what);
	}
	if (c < 0 || !o->run[c]) {
		perr("unknown command \"%s\" for \"%s\" (try \"ipsecctl %s help\")",
		     *argv, o->name, o->name);
		return EXIT_USAGE;
	}
	return o->run[c](argc - 1, argv + 1);
}

/*
 * Keyword @k, at **argv, and its value(s) into @obj; @in names the
 * object in "duplicate" messages ("tmpl"), NULL for the command itself.
 * argc/argv are left at the last word read.
 */
int arg_read(const struct arg_kw *k, int *argc, char ***argv, void *obj,
	     const char *in)
{
	bool *has = (bool *)((char *)obj + k->has);

	if (k->multi)
		return k->multi(argc, argv, k->name, obj);
	if (*has)
		return in ? perr("duplicate \"%s\" in %s", k->name, in) :
			    duparg(k->name);
	if (next_arg(argc, argv, k->what, k->name) ||
	    k->parse(**argv, k->errkw ? k->errkw : k->name,
		     (char *)obj + k->off))
		return -1;
	if (k->word)
		*(const char **)((char *)obj + k->word) = **argv;
	*has = true;
	return 0;
}

/* The next word as a keyword of @c, and its value(s). */
static int arg_next(const struct arg_cmd *c, int *argc, char ***argv,
		    void *obj)
{
	const struct arg_kw *k = NULL;

	/* a nested object's keywords first (after "tmpl") */
	if (c->sub && *c->sub_obj)
		k = arg_lookup(c->sub, **argv);
	if (k)
		return arg_read(k, argc, argv, *c->sub_obj, c->sub_name);
	k = arg_lookup(c->tab, **argv);
	if (!k)
		return unknown_kw(**argv);
	if (!(k->kinds & c->kind))
		return perr("\"%s\" is not valid for \"%s\"", k->name, c->name);
	return arg_read(k, argc, argv, obj, NULL);
}

/* The words of command @c into @obj. */
int arg_parse(const struct arg_cmd *c, int argc, char **argv, void *obj)
{
	for (; argc > 0; argc--, argv++)
		if (arg_next(c, &argc, &argv, obj))
			return -1;
	return 0;
}
