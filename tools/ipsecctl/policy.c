// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl policy: add, update, del, get, list, count, flush and match
 * security policies, and the policy output shared with the monitor.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecctl.h"

static const struct kw dirs[] = {
	{ "in",		IPSECDP_DIR_IN },
	{ "out",	IPSECDP_DIR_OUT },
	{ "fwd",	IPSECDP_DIR_FWD },
	{ NULL,		0 },
};

static const struct kw actions[] = {
	{ "allow",	IPSECDP_ACTION_ALLOW },
	{ "block",	IPSECDP_ACTION_BLOCK },
	{ NULL,		0 },
};

static const struct kw levels[] = {
	{ "required",	IPSECDP_LEVEL_REQUIRED },
	{ "use",	IPSECDP_LEVEL_USE },
	{ NULL,		0 },
};

struct tmpl_args {
	bool has_src, has_dst, has_proto, has_spi, has_mode, has_level;
	const char *src_w, *dst_w;
	struct addr src, dst;
	u8 proto, mode, level;
	u32 spi;
};

struct pol_args {
	bool has_src, has_dst, has_proto, has_sport, has_dport;
	bool has_type, has_code, has_dir, has_prio, has_action, has_flags;
	const char *src_w, *dst_w;
	struct addr src, dst;
	u8 proto, type, code, dir, action;
	struct port_range sport, dport;
	u32 prio, flags;
	int ntmpl;
	struct tmpl_args tmpl[IPSECDP_MAX_TMPL];
	void *cur;		/* the template being read, after "tmpl" */
};

/* The protocols with ports: include/uapi/linux/ipsecdp.h, as the kernel. */
#define PORT_PROTOS "tcp, udp, udplite, sctp or dccp"

static int parse_enum(const struct kw *tab, const char *arg, const char *kw,
		      const char *expect, u8 *out)
{
	int v = kw_lookup(tab, arg);

	if (v < 0)
		return perr("invalid value \"%s\" for \"%s\" (expected %s)",
			    arg, kw, expect);
	*out = v;
	return 0;
}

static int arg_dir(const char *arg, const char *kw, void *out)
{
	return parse_enum(dirs, arg, kw, "in, out or fwd", out);
}

static int arg_action(const char *arg, const char *kw, void *out)
{
	return parse_enum(actions, arg, kw, "allow or block", out);
}

static int arg_level(const char *arg, const char *kw, void *out)
{
	return parse_enum(levels, arg, kw, "required or use", out);
}

/* policy flags: parsed, printed and saved by these words */
const struct kw pol_flag_names[] = {
	{ "cpu-acquire",	IPSECDP_POL_F_CPU_ACQUIRE },
	{ NULL,			0 },
};

/* "flag cpu-acquire": ip xfrm policy's XFRM_POLICY_CPU_ACQUIRE */
static int arg_pol_flag(const char *arg, const char *kw, void *out)
{
	int v = kw_lookup(pol_flag_names, arg);

	if (v < 0)
		return perr("invalid value \"%s\" for \"%s\" (expected cpu-acquire)",
			    arg, kw);
	*(u32 *)out |= v;
	return 0;
}

/* "tmpl": the template keywords that follow are its own. */
static int pol_tmpl(int *argc, char ***argv, const char *kw, void *obj)
{
	struct pol_args *p = obj;
	struct tmpl_args *t;

	(void)argc;
	(void)argv;
	(void)kw;
	if (p->ntmpl >= IPSECDP_MAX_TMPL)
		return perr("too many templates (max %d)", IPSECDP_MAX_TMPL);
	t = &p->tmpl[p->ntmpl++];
	t->mode = IPSECDP_MODE_TRANSPORT;
	t->level = IPSECDP_LEVEL_REQUIRED;
	p->cur = t;
	return 0;
}

static const struct arg_kw tmpl_kws[] = {
	ARG_W(struct tmpl_args, "src", 0, "address", "tmpl src", arg_addr, src),
	ARG_W(struct tmpl_args, "dst", 0, "address", "tmpl dst", arg_addr, dst),
	ARG(struct tmpl_args, "proto", 0, "protocol", "tmpl proto",
	    arg_xfrm_proto, proto),
	ARG(struct tmpl_args, "mode", 0, "value", NULL, arg_mode, mode),
	ARG(struct tmpl_args, "spi", 0, "value", "tmpl spi", arg_u32, spi),
	ARG(struct tmpl_args, "level", 0, "value", NULL, arg_level, level),
	{ .name = NULL },
};

/* The commands a keyword is valid for: add/update, del/get. */
#define PK_ADD		1U
#define PK_DEL		2U
#define PK_ANY		(PK_ADD | PK_DEL)

#define POL(n, k, w, fn, f)	ARG(struct pol_args, n, k, w, NULL, fn, f)

/* Order matters for unique prefixes: the first match wins. */
static const struct arg_kw pol_kws[] = {
	ARG_W(struct pol_args, "src", PK_ANY, "prefix", NULL, arg_prefix, src),
	ARG_W(struct pol_args, "dst", PK_ANY, "prefix", NULL, arg_prefix, dst),
	POL("proto", PK_ANY, "protocol", arg_ip_proto, proto),
	POL("sport", PK_ANY, "port", arg_range, sport),
	POL("dport", PK_ANY, "port", arg_range, dport),
	POL("type", PK_ANY, "value", arg_u8, type),
	POL("code", PK_ANY, "value", arg_u8, code),
	POL("dir", PK_ANY, "value", arg_dir, dir),
	POL("priority", PK_ADD, "value", arg_u32, prio),
	POL("action", PK_ADD, "value", arg_action, action),
	POL("flag", PK_ADD, "flag name", arg_pol_flag, flags),
	{ .name = "tmpl", .kinds = PK_ADD, .multi = pol_tmpl },
	{ .name = NULL },
};

/* A missing side of the selector means "any" of the other's family. */
static void pol_any_side(struct addr *a, const struct addr *other)
{
	memset(a, 0, sizeof(*a));
	a->family = other->family;
	a->len = other->len;
}

/* What the words cannot say alone: families, ports, templates. */
static int pol_check(struct pol_args *p)
{
	int i;

	if (!p->has_src && !p->has_dst)
		return perr("missing \"src\"");
	if (p->has_src && p->has_dst &&
	    check_same_family(&p->src, "src", p->src_w, &p->dst, "dst",
			      p->dst_w))
		return -1;
	if (!p->has_src)
		pol_any_side(&p->src, &p->dst);
	if (!p->has_dst)
		pol_any_side(&p->dst, &p->src);
	if (!p->has_dir)
		return perr("missing \"dir\"");
	if ((p->has_sport || p->has_dport) && !ipsecdp_proto_has_ports(p->proto))
		return perr("\"%s\" is only valid with proto " PORT_PROTOS,
			    p->has_sport ? "sport" : "dport");
	if ((p->has_type || p->has_code) && !ipsecdp_proto_has_type_code(p->proto))
		return perr("\"%s\" is only valid with proto icmp or ipv6-icmp",
			    p->has_type ? "type" : "code");
	for (i = 0; i < p->ntmpl; i++) {
		struct tmpl_args *t = &p->tmpl[i];

		if (!t->has_proto)
			return perr("missing \"proto\" in tmpl %d", i + 1);
		if (t->has_src && t->has_dst &&
		    check_same_family(&t->src, "tmpl src", t->src_w,
				      &t->dst, "tmpl dst", t->dst_w))
			return -1;
	}
	return 0;
}

/*
 * @add: a whole policy (add, update), else only its selector and
 * direction (del, get); @cmd names the command in messages.
 */
static int pol_parse(int argc, char **argv, struct pol_args *p, bool add,
		     const char *cmd)
{
	const struct arg_cmd c = {
		.name = cmd, .kind = add ? PK_ADD : PK_DEL,
		.tab = pol_kws, .sub = tmpl_kws, .sub_name = "tmpl",
		.sub_obj = &p->cur,
	};

	memset(p, 0, sizeof(*p));
	p->action = IPSECDP_ACTION_ALLOW;
	if (arg_parse(&c, argc, argv, p))
		return -1;
	return pol_check(p);
}

static void put_range(struct nl_msg *msg, int tmin, int tmax, u16 lo,
		      u16 hi)
{
	put_u16(msg, tmin, lo);
	put_u16(msg, tmax, hi);
}

static void put_selector(struct nl_msg *msg, const void *args)
{
	const struct pol_args *p = args;

	put_u16(msg, IPSECDP_POL_A_FAMILY, p->src.family);
	put_addr(msg, IPSECDP_POL_A_SRC, &p->src);
	put_u8(msg, IPSECDP_POL_A_SRC_PLEN, p->src.plen);
	put_addr(msg, IPSECDP_POL_A_DST, &p->dst);
	put_u8(msg, IPSECDP_POL_A_DST_PLEN, p->dst.plen);
	if (p->has_proto)
		put_u8(msg, IPSECDP_POL_A_PROTO, p->proto);
	if (p->has_sport)
		put_range(msg, IPSECDP_POL_A_SPORT_MIN, IPSECDP_POL_A_SPORT_MAX,
			  p->sport.lo, p->sport.hi);
	if (p->has_dport)
		put_range(msg, IPSECDP_POL_A_DPORT_MIN, IPSECDP_POL_A_DPORT_MAX,
			  p->dport.lo, p->dport.hi);
	/* ICMP type/code use the port fields, like XFRM selectors. */
	if (p->has_type)
		put_range(msg, IPSECDP_POL_A_SPORT_MIN, IPSECDP_POL_A_SPORT_MAX,
			  p->type, p->type);
	if (p->has_code)
		put_range(msg, IPSECDP_POL_A_DPORT_MIN, IPSECDP_POL_A_DPORT_MAX,
			  p->code, p->code);
	put_u8(msg, IPSECDP_POL_A_DIR, p->dir);
}

static void put_tmpl(struct nl_msg *msg, const struct tmpl_args *t,
		     int sel_family)
{
	struct nlattr *nest = nest_start(msg, IPSECDP_POL_A_TMPL);
	int family = sel_family;

	if (t->has_src)
		family = t->src.family;
	else if (t->has_dst)
		family = t->dst.family;
	put_u16(msg, IPSECDP_TMPL_A_FAMILY, family);
	if (t->has_src)
		put_addr(msg, IPSECDP_TMPL_A_SRC, &t->src);
	if (t->has_dst)
		put_addr(msg, IPSECDP_TMPL_A_DST, &t->dst);
	put_u8(msg, IPSECDP_TMPL_A_PROTO, t->proto);
	put_u8(msg, IPSECDP_TMPL_A_MODE, t->mode);
	if (t->has_spi)
		put_u32(msg, IPSECDP_TMPL_A_SPI, t->spi);
	put_u8(msg, IPSECDP_TMPL_A_LEVEL, t->level);
	nest_end(msg, nest);
}

/* policy add, and policy update (@cmd IPSECDP_CMD_POLICY_UPDATE) */
static int pol_add(int argc, char **argv, u8 cmd, const char *name)
{
	struct pol_args p;
	struct nlattr *nest;
	struct nl_msg *msg;
	int i, fam;

	if (pol_parse(argc, argv, &p, true, name))
		return EXIT_USAGE;
	msg = req_new(cmd, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	nest = nest_start(msg, IPSECDP_A_POLICY);
	put_selector(msg, &p);
	if (p.has_prio)
		put_u32(msg, IPSECDP_POL_A_PRIORITY, p.prio);
	put_u8(msg, IPSECDP_POL_A_ACTION, p.action);
	if (p.has_flags)
		put_u32(msg, IPSECDP_POL_A_FLAGS, p.flags);
	/* a template protects the packet the ones before it make */
	for (i = 0, fam = p.src.family; i < p.ntmpl; i++) {
		put_tmpl(msg, &p.tmpl[i], fam);
		if (p.tmpl[i].mode == IPSECDP_MODE_TUNNEL && p.tmpl[i].has_src)
			fam = p.tmpl[i].src.family;
	}
	nest_end(msg, nest);
	return req_talk(msg, NULL, NULL);
}

static int pol_del(int argc, char **argv)
{
	struct nl_msg *msg;
	struct pol_args p;

	if (pol_parse(argc, argv, &p, false, "policy del"))
		return EXIT_USAGE;
	msg = req_nest(IPSECDP_CMD_POLICY_DEL, NLM_F_ACK, IPSECDP_A_POLICY,
		       put_selector, &p);
	return msg ? req_talk(msg, NULL, NULL) : EXIT_NL;
}

static void show_policy(struct nlattr *pol)
{
	print_policy(pol, POL_STYLE_BLOCK);
}

/* One policy, by selector and direction, as policy del names it. */
static int pol_get(int argc, char **argv)
{
	struct nl_msg *msg;
	struct pol_args p;

	if (pol_parse(argc, argv, &p, false, "policy get"))
		return EXIT_USAGE;
	msg = req_nest(IPSECDP_CMD_POLICY_GET, NLM_F_ACK, IPSECDP_A_POLICY,
		       put_selector, &p);
	return msg ? show_replies(msg, IPSECDP_A_POLICY, show_policy, false) :
		     EXIT_NL;
}

static int pol_count(int argc, char **argv)
{
	if (argc > 0)
		return unknown_kw(*argv), EXIT_USAGE;
	return print_count(COUNT_POLICIES);
}

static int pol_list(int argc, char **argv)
{
	struct nl_msg *msg;

	if (argc > 0)
		return unknown_kw(*argv), EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_POLICY_GET, NLM_F_DUMP);
	if (!msg)
		return EXIT_NL;
	return show_replies(msg, IPSECDP_A_POLICY, show_policy, true);
}

static int pol_flush(int argc, char **argv)
{
	struct nl_msg *msg;

	if (argc > 0)
		return unknown_kw(*argv), EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_POLICY_FLUSH, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	return req_talk(msg, NULL, NULL);
}

/* ---- match ------------------------------------------------------------ */

struct match_args {
	bool has_src, has_dst, has_dir, has_proto, has_sport, has_dport;
	bool has_type, has_code;
	const char *src_w, *dst_w;
	struct addr src, dst;
	u8 proto, dir;
	u16 sport, dport;	/* ICMP: type, code */
};

/* ICMP type or code, in the port field */
static int arg_u8_port(const char *arg, const char *kw, void *out)
{
	u8 v;

	if (parse_u8(arg, kw, &v))
		return -1;
	*(u16 *)out = v;
	return 0;
}

#define MATCH(n, w, fn, f)	ARG(struct match_args, n, 1, w, NULL, fn, f)

/* pol_kws' words, in its order (the same abbreviations), as values */
static const struct arg_kw match_kws[] = {
	ARG_W(struct match_args, "src", 1, "address", NULL, arg_addr, src),
	ARG_W(struct match_args, "dst", 1, "address", NULL, arg_addr, dst),
	MATCH("proto", "protocol", arg_ip_proto, proto),
	MATCH("sport", "port", arg_u16, sport),
	MATCH("dport", "port", arg_u16, dport),
	{ .name = "type", .kinds = 1, .what = "value", .parse = arg_u8_port,
	  .off = offsetof(struct match_args, sport),
	  .has = offsetof(struct match_args, has_type) },
	{ .name = "code", .kinds = 1, .what = "value", .parse = arg_u8_port,
	  .off = offsetof(struct match_args, dport),
	  .has = offsetof(struct match_args, has_code) },
	MATCH("dir", "value", arg_dir, dir),
	{ .name = "priority" },
	{ .name = "action" },
	{ .name = "tmpl" },
	{ .name = NULL },
};

static int match_parse(int argc, char **argv, struct match_args *m)
{
	const struct arg_cmd c = {
		.name = "policy match", .kind = 1, .tab = match_kws,
	};

	memset(m, 0, sizeof(*m));
	if (arg_parse(&c, argc, argv, m))
		return -1;
	if (!m->has_src)
		return perr("missing \"src\"");
	if (!m->has_dst)
		return perr("missing \"dst\"");
	if (check_same_family(&m->src, "src", m->src_w, &m->dst, "dst",
			      m->dst_w))
		return -1;
	if (!m->has_dir)
		return perr("missing \"dir\"");
	if ((m->has_sport || m->has_dport) && !ipsecdp_proto_has_ports(m->proto))
		return perr("\"%s\" is only valid with proto " PORT_PROTOS,
			    m->has_sport ? "sport" : "dport");
	if ((m->has_type || m->has_code) &&
	    !ipsecdp_proto_has_type_code(m->proto))
		return perr("\"%s\" is only valid with proto icmp or ipv6-icmp",
			    m->has_type ? "type" : "code");
	return 0;
}

static const struct kw verdicts[] = {
	{ "none",	IPSECDP_MATCH_NONE },
	{ "bypass",	IPSECDP_MATCH_BYPASS },
	{ "block",	IPSECDP_MATCH_BLOCK },
	{ "protect",	IPSECDP_MATCH_PROTECT },
	{ "no-sa",	IPSECDP_MATCH_NO_SA },
	{ "no-sa-use",	IPSECDP_MATCH_NO_SA_USE },
	{ NULL,		0 },
};

/* One sentence: what happens to the packet. */
static void match_explain(char *buf, size_t len, u8 verdict, u32 index,
			  u8 dir)
{
	const char *nostates = dir == IPSECDP_DIR_OUT ? "OutNoStates" :
				"InTmplMismatch";

	switch (verdict) {
	case IPSECDP_MATCH_NONE:
		snprintf(buf, len,
			 "no policy matches: packets pass in clear (no default policy)");
		break;
	case IPSECDP_MATCH_BYPASS:
		snprintf(buf, len,
			 "policy %u (bypass) matches: packets pass in clear",
			 index);
		break;
	case IPSECDP_MATCH_BLOCK:
		snprintf(buf, len,
			 "policy %u (block) matches: packets are dropped",
			 index);
		break;
	case IPSECDP_MATCH_PROTECT:
		snprintf(buf, len, "policy %u protects with the SA below",
			 index);
		break;
	case IPSECDP_MATCH_NO_SA:
		if (dir == IPSECDP_DIR_OUT)
			snprintf(buf, len,
				 "policy %u protects but no SA: packets would be dropped (%s)",
				 index, nostates);
		else
			snprintf(buf, len,
				 "policy %u protects but no SA: only protected packets pass, others are dropped (%s)",
				 index, nostates);
		break;
	case IPSECDP_MATCH_NO_SA_USE:
		snprintf(buf, len,
			 "policy %u protects (level use) but no SA: packets pass in clear",
			 index);
		break;
	default:
		snprintf(buf, len, "unknown verdict %u", verdict);
	}
}

static int match_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1], *ptb[IPSECDP_POL_A_MAX + 1];
	const struct match_args *m = arg;
	u8 verdict = IPSECDP_MATCH_NONE;
	char expl[160];
	u32 index = 0;

	if (parse_genl(msg, tb, NULL))
		return NL_SKIP;
	attr_u8(tb[IPSECDP_A_MATCH], &verdict);
	if (tb[IPSECDP_A_POLICY] &&
	    nla_parse_nested(ptb, IPSECDP_POL_A_MAX, tb[IPSECDP_A_POLICY],
			     NULL) == 0)
		attr_u32(ptb[IPSECDP_POL_A_INDEX], &index);
	match_explain(expl, sizeof(expl), verdict, index, m->dir);

	json_reset();
	open_json_object(NULL);
	print_string(PRINT_JSON, "verdict", NULL, kw_name(verdicts, verdict) ?
		     kw_name(verdicts, verdict) : "unknown");
	if (tb[IPSECDP_A_POLICY])
		print_uint(PRINT_JSON, "index", NULL, index);
	print_string(PRINT_ANY, "explanation", "%s\n", expl);
	if (tb[IPSECDP_A_POLICY]) {
		print_fp("policy: ");
		open_json_object("policy");
		print_policy(tb[IPSECDP_A_POLICY], POL_STYLE_BLOCK);
		close_json_object();
	}
	if (tb[IPSECDP_A_SA]) {
		print_fp("sa: ");
		open_json_object("sa");
		print_sa(tb[IPSECDP_A_SA], SA_STYLE_BLOCK);
		close_json_object();
	}
	close_json_object();
	if (opts.json)
		putchar('\n');
	return NL_OK;
}

static int pol_match(int argc, char **argv)
{
	struct match_args m;
	struct nlattr *nest;
	struct nl_msg *msg;

	if (match_parse(argc, argv, &m))
		return EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_POLICY_MATCH, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	nest = nest_start(msg, IPSECDP_A_POLICY);
	put_u16(msg, IPSECDP_POL_A_FAMILY, m.src.family);
	put_addr(msg, IPSECDP_POL_A_SRC, &m.src);
	put_addr(msg, IPSECDP_POL_A_DST, &m.dst);
	put_u8(msg, IPSECDP_POL_A_PROTO, m.proto);
	put_u16(msg, IPSECDP_POL_A_SPORT_MIN, m.sport);
	put_u16(msg, IPSECDP_POL_A_DPORT_MIN, m.dport);
	put_u8(msg, IPSECDP_POL_A_DIR, m.dir);
	nest_end(msg, nest);
	return req_talk(msg, match_cb, &m);
}

static void pol_usage(FILE *f)
{
	fprintf(f,
		"Usage: ipsecctl policy { add | update } SELECTOR dir in|out|fwd\n"
		"               [priority N] [action allow|block] [flag cpu-acquire]\n"
		"               [tmpl TMPL [tmpl TMPL]]\n"
		"       ipsecctl policy del SELECTOR dir in|out|fwd\n"
		"       ipsecctl policy get SELECTOR dir in|out|fwd\n"
		"       ipsecctl [-s] policy list\n"
		"       ipsecctl policy count\n"
		"       ipsecctl policy flush\n"
		"       ipsecctl policy match src ADDR dst ADDR [proto PROTO]\n"
		"               [sport PORT] [dport PORT] [type N] [code N] dir in|out|fwd\n"
		"SELECTOR := src PREFIX dst PREFIX [proto PROTO]\n"
		"            [sport PORT[-PORT]] [dport PORT[-PORT]] [type N] [code N]\n"
		"PROTO := tcp | udp | icmp | ipv6-icmp | NAME | NUMBER | any\n"
		"TMPL := [src ADDR] [dst ADDR] proto esp|ah [mode transport|tunnel]\n"
		"        [spi SPI] [level required|use]\n");
}

/* ---- output ----------------------------------------------------------- */

static bool range_get(struct nlattr *amin, struct nlattr *amax, u16 *lo,
		      u16 *hi)
{
	*lo = 0;
	*hi = UINT16_MAX;
	attr_u16(amin, lo);
	attr_u16(amax, hi);
	/* Absent or the full range: wildcard, not printed. */
	return !(*lo == 0 && *hi == UINT16_MAX);
}

/* "ADDR/PLEN", "?" for a malformed address, 0 for a missing length */
static void fmt_prefix(struct nlattr *addr, struct nlattr *plen, char *buf,
		       size_t len)
{
	char abuf[INET6_ADDRSTRLEN];
	u8 p = 0;

	attr_u8(plen, &p);
	snprintf(buf, len, "%s/%u", fmt_addr(addr, abuf, sizeof(abuf)), p);
}

static void pol_stats_decode(struct nlattr *nest, struct pol_info *p)
{
	struct nlattr *st[IPSECDP_POL_STAT_MAX + 1];

	if (!nest || nla_parse_nested(st, IPSECDP_POL_STAT_MAX, nest, NULL) < 0)
		return;
	p->stats_ok = true;
	attr_u64(st[IPSECDP_POL_STAT_PACKETS], &p->packets);
	attr_u64(st[IPSECDP_POL_STAT_BYTES], &p->bytes);
}

/* A policy as the kernel sent it, for text, JSON and save; -1 if malformed */
int pol_decode(struct nlattr *pol, struct pol_info *p)
{
	struct nlattr *tb[IPSECDP_POL_A_MAX + 1], *a;
	int rem;

	memset(p, 0, sizeof(*p));
	if (nla_parse_nested(tb, IPSECDP_POL_A_MAX, pol, NULL) < 0)
		return -1;
	p->nest = pol;
	fmt_prefix(tb[IPSECDP_POL_A_SRC], tb[IPSECDP_POL_A_SRC_PLEN], p->src,
		   sizeof(p->src));
	fmt_prefix(tb[IPSECDP_POL_A_DST], tb[IPSECDP_POL_A_DST_PLEN], p->dst,
		   sizeof(p->dst));
	p->has_family = attr_u16(tb[IPSECDP_POL_A_FAMILY], &p->family);
	attr_u8(tb[IPSECDP_POL_A_PROTO], &p->proto);
	p->has_sport = p->proto && range_get(tb[IPSECDP_POL_A_SPORT_MIN],
					     tb[IPSECDP_POL_A_SPORT_MAX],
					     &p->sport_lo, &p->sport_hi);
	p->has_dport = p->proto && range_get(tb[IPSECDP_POL_A_DPORT_MIN],
					     tb[IPSECDP_POL_A_DPORT_MAX],
					     &p->dport_lo, &p->dport_hi);
	p->has_dir = attr_u8(tb[IPSECDP_POL_A_DIR], &p->dir);
	p->has_prio = attr_u32(tb[IPSECDP_POL_A_PRIORITY], &p->prio);
	p->has_action = attr_u8(tb[IPSECDP_POL_A_ACTION], &p->action);
	p->has_index = attr_u32(tb[IPSECDP_POL_A_INDEX], &p->index);
	attr_u32(tb[IPSECDP_POL_A_FLAGS], &p->flags);
	pol_stats_decode(tb[IPSECDP_POL_A_STATS], p);
	nla_for_each_nested(a, pol, rem)
		if (nla_type(a) == IPSECDP_POL_A_TMPL)
			p->has_tmpl = true;
	return 0;
}

int tmpl_decode(struct nlattr *nest, struct tmpl_info *t)
{
	struct nlattr *tb[IPSECDP_TMPL_A_MAX + 1];

	memset(t, 0, sizeof(*t));
	if (nla_parse_nested(tb, IPSECDP_TMPL_A_MAX, nest, NULL) < 0)
		return -1;
	if (tb[IPSECDP_TMPL_A_SRC])
		t->src_s = fmt_addr(tb[IPSECDP_TMPL_A_SRC], t->src, sizeof(t->src));
	if (tb[IPSECDP_TMPL_A_DST])
		t->dst_s = fmt_addr(tb[IPSECDP_TMPL_A_DST], t->dst, sizeof(t->dst));
	t->has_family = attr_u16(tb[IPSECDP_TMPL_A_FAMILY], &t->family);
	t->has_proto = attr_u8(tb[IPSECDP_TMPL_A_PROTO], &t->proto);
	t->has_mode = attr_u8(tb[IPSECDP_TMPL_A_MODE], &t->mode);
	t->has_spi = attr_u32(tb[IPSECDP_TMPL_A_SPI], &t->spi);
	t->has_level = attr_u8(tb[IPSECDP_TMPL_A_LEVEL], &t->level);
	return 0;
}

/* The family, in JSON only, when it has a name. */
static void print_family(bool has, u16 family)
{
	if (has && family_name(family))
		print_string(PRINT_JSON, "family", NULL, family_name(family));
}

static void print_tmpl(struct nlattr *nest)
{
	struct tmpl_info t;

	if (tmpl_decode(nest, &t) < 0) {
		print_fp("tmpl (malformed)");
		return;
	}
	open_json_object(NULL);
	print_fp("tmpl");
	print_family(t.has_family, t.family);
	if (t.src_s)
		print_string(PRINT_ANY, "src", " src %s", t.src_s);
	if (t.dst_s)
		print_string(PRINT_ANY, "dst", " dst %s", t.dst_s);
	if (t.has_proto)
		print_ip_proto(PRINT_ANY, "proto", " proto %s", t.proto);
	if (t.has_mode)
		print_name(PRINT_ANY, "mode", " mode %s", mode_name(t.mode),
			   t.mode);
	if (t.has_spi)
		print_uint(PRINT_ANY, "spi", " spi 0x%llx", t.spi);
	if (t.has_level)
		print_name(PRINT_ANY, "level", " level %s",
			   kw_name(levels, t.level), t.level);
	close_json_object();
}

/* Each template, after @sep in text, into the JSON array "tmpl". */
static void print_tmpls(const struct pol_info *p, const char *sep)
{
	struct nlattr *a;
	int rem;

	open_json_array("tmpl");
	nla_for_each_nested(a, p->nest, rem) {
		if (nla_type(a) != IPSECDP_POL_A_TMPL)
			continue;
		print_fp("%s", sep);
		print_tmpl(a);
	}
	close_json_array();
}

/* " sport 1000-2000", JSON "sport": [1000, 2000]; ICMP: type, code */
static void print_range(const char *kw, u16 lo, u16 hi)
{
	if (lo == hi)
		print_fp(" %s %u", kw, lo);
	else
		print_fp(" %s %u-%u", kw, lo, hi);
	open_json_array(kw);
	print_uint(PRINT_JSON, NULL, NULL, lo);
	print_uint(PRINT_JSON, NULL, NULL, hi);
	close_json_array();
}

static void print_pol_sel(const struct pol_info *p)
{
	bool icmp = ipsecdp_proto_has_type_code(p->proto);

	print_string(PRINT_ANY, "src", "src %s", p->src);
	print_string(PRINT_ANY, "dst", " dst %s", p->dst);
	print_family(p->has_family, p->family);
	/* text leaves out "any" (0), JSON has it */
	print_ip_proto(p->proto ? PRINT_ANY : PRINT_JSON, "proto", " proto %s",
		       p->proto);
	if (p->has_sport)
		print_range(icmp ? "type" : "sport", p->sport_lo, p->sport_hi);
	if (p->has_dport)
		print_range(icmp ? "code" : "dport", p->dport_lo, p->dport_hi);
	if (p->has_dir)
		print_name(PRINT_ANY, "dir", " dir %s", kw_name(dirs, p->dir),
			   p->dir);
	if (p->has_prio)
		print_uint(PRINT_ANY, "priority", " priority %llu", p->prio);
}

/* counters: text only with -s, as ip -s xfrm policy */
static void print_pol_stats(const struct pol_info *p, enum output_type t)
{
	if (!p->stats_ok || (!opts.json && !opts.stats))
		return;
	if (t & PRINT_JSON)
		open_json_object("stats");
	print_uint(t, "packets", "\n\tstats: %llu pkts", p->packets);
	print_uint(t, "bytes", " %llu bytes", p->bytes);
	if (t & PRINT_JSON)
		close_json_object();
}

/* An acquire's text, after the packet's flow: "dir out policy 3 tmpl ..." */
static void print_pol_acquire(const struct pol_info *p)
{
	if (p->has_dir)
		print_name(PRINT_FP, NULL, "dir %s", kw_name(dirs, p->dir),
			   p->dir);
	if (p->has_index)
		print_fp(" policy %u", p->index);
	print_tmpls(p, " ");
}

void print_policy(struct nlattr *pol, enum pol_style style)
{
	const char *sep = style == POL_STYLE_BLOCK ? "\n\t" : " ";
	struct pol_info p;

	if (pol_decode(pol, &p) < 0) {
		print_fp("(malformed policy)\n");
		return;
	}
	if (style == POL_STYLE_ACQUIRE && !opts.json) {
		print_pol_acquire(&p);
		return;
	}
	print_pol_sel(&p);
	print_flags(p.flags, pol_flag_names);
	/* text: index before the action, JSON after it */
	if (p.has_index)
		print_uint(PRINT_FP, NULL, " index %llu", p.index);
	if (p.has_action) {
		print_fp("%s", sep);
		print_name(PRINT_ANY, "action", "action %s",
			   kw_name(actions, p.action), p.action);
		print_bool(PRINT_JSON, "bypass", NULL,
			   p.action == IPSECDP_ACTION_ALLOW && !p.has_tmpl);
		if (p.action == IPSECDP_ACTION_ALLOW && !p.has_tmpl)
			print_fp(" (bypass)");
	}
	if (p.has_index)
		print_uint(PRINT_JSON, "index", NULL, p.index);
	print_pol_stats(&p, PRINT_JSON);
	print_tmpls(&p, sep);
	if (style == POL_STYLE_BLOCK) {
		print_pol_stats(&p, PRINT_FP);
		print_fp("\n");
	}
}

/* "ipsecctl policy COMMAND ...", dispatched by cmd_run() */
const struct obj_cmds pol_cmds = {
	.name = "policy", .usage = pol_usage, .add = pol_add,
	.nl_add = IPSECDP_CMD_POLICY_ADD, .nl_update = IPSECDP_CMD_POLICY_UPDATE,
	.run = {
		[CMD_DEL] = pol_del, [CMD_GET] = pol_get, [CMD_LIST] = pol_list,
		[CMD_COUNT] = pol_count, [CMD_FLUSH] = pol_flush,
		[CMD_MATCH] = pol_match,
	},
};
