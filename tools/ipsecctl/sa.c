// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl sa: add, update, del, get, list, count and flush security
 * associations, and the SA output shared with the monitor.
 */
#include <ctype.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <arpa/inet.h>

#include "ipsecctl.h"

/* The limits, in the order of their words. */
const struct kw lft_kws[] = {
	{ "time-soft",		IPSECDP_LFT_A_SOFT_SECS },
	{ "time-hard",		IPSECDP_LFT_A_HARD_SECS },
	{ "byte-soft",		IPSECDP_LFT_A_SOFT_BYTES },
	{ "byte-hard",		IPSECDP_LFT_A_HARD_BYTES },
	{ "packet-soft",	IPSECDP_LFT_A_SOFT_PACKETS },
	{ "packet-hard",	IPSECDP_LFT_A_HARD_PACKETS },
	{ NULL,			0 },
};

/* JSON names of the configured limits, indexed by IPSECDP_LFT_A_*. */
static const char * const lft_json[IPSECDP_LFT_A_MAX + 1] = {
	[IPSECDP_LFT_A_SOFT_SECS]	= "time_soft",
	[IPSECDP_LFT_A_HARD_SECS]	= "time_hard",
	[IPSECDP_LFT_A_SOFT_BYTES]	= "byte_soft",
	[IPSECDP_LFT_A_HARD_BYTES]	= "byte_hard",
	[IPSECDP_LFT_A_SOFT_PACKETS]	= "packet_soft",
	[IPSECDP_LFT_A_HARD_PACKETS]	= "packet_hard",
};

/*
 * ip xfrm's SA selector, "sel src PREFIX dst PREFIX [dev DEV] [UPSPEC]".
 * ipsecdp's SAs have none (the policy's selector chooses the traffic), so
 * only a selector that restricts nothing the SA does not is accepted.
 */
struct sa_sel {
	bool has_src, has_dst;
	struct addr src, dst;
	const char *src_w, *dst_w;
	const char *upper_w;	/* first of dev, proto, sport, ... if any */
};

/* ip xfrm's "encap TYPE SPORT DPORT OADDR" */
struct sa_encap {
	u16 type, sport, dport;
	struct addr oa;
	const char *oa_w;
};

struct sa_args {
	bool has_src, has_dst, has_proto, has_spi, has_mode;
	bool has_rwin, has_flags, has_seq, has_oseq;
	bool has_seq_hi, has_oseq_hi, has_reqid, has_sel, has_encap, has_pcpu;
	const char *src_w, *dst_w;
	struct addr src, dst;
	u8 proto, mode;
	u32 spi, rwin, flags, seq_hi, oseq_hi, reqid, pcpu;
	u64 seq, oseq;
	struct sa_sel sel;
	struct sa_encap encap;
	struct alg aead, enc, auth;
	bool lft_set[IPSECDP_LFT_A_MAX + 1];
	u64 lft[IPSECDP_LFT_A_MAX + 1];
};

/*
 * "auth NAME KEY": the truncation ip xfrm gives NAME, the kernel's XFRM
 * table (net/xfrm/xfrm_algo.c, icv_truncbits), which is not always the
 * RFC's: 96 bits for hmac(sha256) where RFC 4868 says 128. A line copied
 * from ip xfrm must give the same ICV. Other names are sent without a
 * length: the kernel refuses or defaults them.
 */
static const struct kw xfrm_auth_trunc[] = {
	{ "digest_null",	0 },
	{ "hmac(md5)",		96 },
	{ "hmac(sha1)",		96 },
	{ "hmac(sha256)",	96 },
	{ "hmac(sha384)",	192 },
	{ "hmac(sha512)",	256 },
	{ "hmac(rmd160)",	96 },
	{ "xcbc(aes)",		96 },
	{ "cmac(aes)",		96 },
	{ "hmac(sm3)",		256 },
	{ NULL,			0 },
};

static int parse_alg(int *argcp, char ***argvp, const char *kw,
		     struct alg *alg, bool want_icv)
{
	int argc = *argcp;
	char **argv = *argvp;

	if (alg->set)
		return perr("duplicate \"%s\" (only one %s algorithm allowed)",
			    kw, !strcmp(kw, "aead") ? "AEAD" :
			    !strcmp(kw, "enc") ? "encryption" : "authentication");
	if (next_arg(&argc, &argv, "algorithm name", kw))
		return -1;
	if (parse_alg_name(*argv, kw, alg->name))
		return -1;
	if (next_arg(&argc, &argv, "key", kw))
		return -1;
	if (parse_key(*argv, kw, alg->key, &alg->keylen))
		return -1;
	if (want_icv) {
		if (next_arg(&argc, &argv, strcmp(kw, "aead") ?
			     "truncation length" : "ICV length", kw))
			return -1;
		if (parse_u32(*argv, kw, &alg->icv_bits))
			return -1;
		alg->has_icv = true;
	} else if (!strcmp(kw, "auth") &&
		   kw_exact(xfrm_auth_trunc, alg->name) >= 0) {
		alg->icv_bits = kw_exact(xfrm_auth_trunc, alg->name);
		alg->has_icv = true;
	}
	alg->set = true;
	*argcp = argc;
	*argvp = argv;
	return 0;
}

static int parse_limits(int *argcp, char ***argvp, const char *kw, void *obj)
{
	struct sa_args *s = obj;
	int argc = *argcp;
	char **argv = *argvp;

	if (next_arg(&argc, &argv, "limit type", kw))
		return -1;
	for (;;) {
		int l = kw_lookup(lft_kws, *argv);
		const char *lkw;

		if (l < 0)
			return perr("invalid limit \"%s\" (expected %s)", *argv,
				    "time-soft, time-hard, byte-soft, byte-hard, packet-soft or packet-hard");
		lkw = kw_name(lft_kws, l);
		if (s->lft_set[l])
			return duparg(lkw);
		argv++;
		argc--;
		if (argc <= 0)
			return perr("missing value for \"%s\"", lkw);
		if (parse_u64(*argv, lkw, &s->lft[l]))
			return -1;
		s->lft_set[l] = true;
		/* More limits follow "limit" until another keyword. */
		if (argc <= 1 || kw_exact(lft_kws, argv[1]) < 0)
			break;
		argv++;
		argc--;
	}
	*argcp = argc;
	*argvp = argv;
	return 0;
}

const struct kw sa_flag_names[] = {
	{ "esn",	IPSECDP_SA_F_ESN },
	{ "align4",	IPSECDP_SA_F_ALIGN4 },
	{ NULL,		0 },
};

/* "flag" takes names (a prefix will do) or a number, as ip xfrm's */
static int parse_flags(int *argcp, char ***argvp, const char *kw, void *obj)
{
	struct sa_args *s = obj;
	int argc = *argcp;
	char **argv = *argvp;
	int f;

	if (next_arg(&argc, &argv, "flag name", kw))
		return -1;
	for (;;) {
		f = kw_lookup(sa_flag_names, *argv);
		if (f >= 0) {
			s->flags |= f;
		} else if (isdigit((unsigned char)**argv)) {
			u32 v;

			if (parse_u32(*argv, kw, &v))
				return -1;
			s->flags |= v;
		} else {
			return perr("unknown flag \"%s\" (expected esn or align4)",
				    *argv);
		}
		/* more names follow "flag" until another keyword */
		if (argc <= 1 || kw_exact(sa_flag_names, argv[1]) < 0)
			break;
		argv++;
		argc--;
	}
	s->has_flags = true;
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/*
 * "replay-seq-hi H" and "replay-seq L" make the 64-bit sequence number
 * H * 2^32 + L, as ip xfrm's ESN replay state; without "-hi", "replay-seq"
 * alone may hold all 64 bits.
 */
static int join_seq(u64 *seq, bool *has, u32 hi, bool has_hi,
		    const char *kw)
{
	if (!has_hi)
		return 0;
	if (*seq > UINT32_MAX)
		return perr("\"%s\" 0x%llx has more than 32 bits (with \"%s-hi\")",
			    kw, (unsigned long long)*seq, kw);
	*seq |= (u64)hi << 32;
	*has = true;
	return 0;
}

/*
 * The words of ip xfrm's selector after "sel", as ip xfrm reads them: they
 * end at the first word that is not one of them.
 */
static int parse_sel(int *argcp, char ***argvp, struct sa_sel *sel)
{
	static const char * const upper[] = {
		"dev", "proto", "sport", "dport", "type", "code", "key", NULL
	};
	int argc = *argcp, i;
	char **argv = *argvp;
	bool any = false;

	memset(sel, 0, sizeof(*sel));
	while (argc > 1) {
		const char *w = argv[1];
		struct addr *a = NULL;

		if (!strcmp(w, "src") && !sel->has_src) {
			a = &sel->src;
			sel->has_src = true;
		} else if (!strcmp(w, "dst") && !sel->has_dst) {
			a = &sel->dst;
			sel->has_dst = true;
		} else {
			for (i = 0; upper[i] && strcmp(w, upper[i]); i++)
				;
			if (!upper[i])
				break;
		}
		argv++;
		argc--;
		if (next_arg(&argc, &argv, "value", w))
			return -1;
		if (a) {
			if (parse_prefix(*argv, w, a))
				return -1;
			if (a == &sel->src)
				sel->src_w = *argv;
			else
				sel->dst_w = *argv;
		} else if (!sel->upper_w) {
			sel->upper_w = w;
		}
		any = true;
	}
	if (!any)
		return perr("missing selector (src PREFIX dst PREFIX) for \"sel\"");
	*argcp = argc;
	*argvp = argv;
	return 0;
}

#define NO_SA_SEL \
	"ipsecdp SAs have no selector (the policy's chooses the traffic)"

/* Prefix @p holds address @a (same family). */
static bool prefix_holds(const struct addr *p, const struct addr *a)
{
	unsigned int bits = p->plen, i;

	if (p->family != a->family)
		return false;
	for (i = 0; i < bits / 8; i++)
		if (p->b[i] != a->b[i])
			return false;
	return !(bits % 8) ||
	       !((p->b[i] ^ a->b[i]) & (0xff00 >> (bits % 8)));
}

/*
 * What a selector would leave out: nothing when it is "any" (the prefixes
 * /0), or, in transport mode, when its prefixes hold the SA's own
 * addresses (the packets such an SA protects have those) and it names no
 * device or upper-layer protocol. Anything else would need ipsecdp to
 * check each packet against the SA's selector, which it does not do.
 */
static int check_sel(const struct sa_args *s)
{
	const struct sa_sel *sel = &s->sel;
	const struct addr *fam = sel->has_src ? &sel->src : &sel->dst;
	bool any, holds;

	if (s->has_src && fam->family != s->src.family)
		return perr("address family mismatch: sel \"%s\" and src \"%s\"",
			    sel->has_src ? sel->src_w : sel->dst_w, s->src_w);
	if (sel->has_src && sel->has_dst &&
	    check_same_family(&sel->src, "sel src", sel->src_w, &sel->dst,
			      "sel dst", sel->dst_w))
		return -1;
	any = (!sel->has_src || !sel->src.plen) &&
	      (!sel->has_dst || !sel->dst.plen);
	holds = s->mode == IPSECDP_MODE_TRANSPORT &&
		(!sel->has_src || prefix_holds(&sel->src, &s->src)) &&
		(!sel->has_dst || prefix_holds(&sel->dst, &s->dst));
	if (sel->upper_w)
		return perr("\"sel ... %s\" is not supported: " NO_SA_SEL,
			    sel->upper_w);
	if (!any && !holds)
		return perr("\"sel\" narrower than %s is not supported: " NO_SA_SEL,
			    s->mode == IPSECDP_MODE_TRANSPORT ?
			    "the SA's addresses" : "\"any\" (/0) on a tunnel SA");
	return 0;
}

/* A UDP port of "encap": 1-65535 (0 is no port to send to) */
static int parse_encap_port(const char *arg, const char *kw, u16 *port)
{
	u64 v;

	if (parse_uint_range(arg, kw, 1, UINT16_MAX, &v))
		return -1;
	*port = v;
	return 0;
}

/*
 * ip xfrm's "encap espinudp SPORT DPORT OADDR": the SA's ESP packets in
 * UDP between these ports (RFC 3948). OADDR, the peer's address before
 * the NAT, is kept and reported; XFRM's peers give 0.0.0.0.
 */
static int parse_encap(int *argcp, char ***argvp, const char *kw, void *obj)
{
	struct sa_args *s = obj;
	struct sa_encap *e = &s->encap;
	int argc = *argcp;
	char **argv = *argvp;

	if (s->has_encap)
		return duparg(kw);
	if (next_arg(&argc, &argv, "type", kw) ||
	    parse_encap_type(*argv, kw, &e->type) ||
	    next_arg(&argc, &argv, "source port", kw) ||
	    parse_encap_port(*argv, "encap sport", &e->sport) ||
	    next_arg(&argc, &argv, "destination port", kw) ||
	    parse_encap_port(*argv, "encap dport", &e->dport) ||
	    next_arg(&argc, &argv, "original address", kw) ||
	    parse_addr(*argv, "encap oaddr", &e->oa))
		return -1;
	e->oa_w = *argv;
	s->has_encap = true;
	*argcp = argc;
	*argvp = argv;
	return 0;
}

/* ESP only, and the original address of the SA's family */
static int check_encap(const struct sa_args *s)
{
	if (s->has_proto && s->proto == IPPROTO_AH)
		return perr("\"encap\" with proto ah: UDP encapsulation is for ESP only");
	if (s->has_dst)
		return check_same_family(&s->encap.oa, "encap oaddr",
					 s->encap.oa_w, &s->dst, "dst",
					 s->dst_w);
	return 0;
}

static int sa_sel(int *argc, char ***argv, const char *kw, void *obj)
{
	struct sa_args *s = obj;

	if (s->has_sel)
		return duparg(kw);
	if (parse_sel(argc, argv, &s->sel))
		return -1;
	s->has_sel = true;
	return 0;
}

static int sa_aead(int *argc, char ***argv, const char *kw, void *obj)
{
	return parse_alg(argc, argv, kw, &((struct sa_args *)obj)->aead, true);
}

static int sa_enc(int *argc, char ***argv, const char *kw, void *obj)
{
	return parse_alg(argc, argv, kw, &((struct sa_args *)obj)->enc, false);
}

static int sa_auth(int *argc, char ***argv, const char *kw, void *obj)
{
	return parse_alg(argc, argv, kw, &((struct sa_args *)obj)->auth, false);
}

static int sa_auth_trunc(int *argc, char ***argv, const char *kw, void *obj)
{
	return parse_alg(argc, argv, kw, &((struct sa_args *)obj)->auth, true);
}

/* The commands a keyword is valid for: add/update, or also del/get. */
#define SK_ADD		1U
#define SK_ID		2U
#define SK_ANY		(SK_ADD | SK_ID)

#define SA_VAL(n, k, w, fn, f)	ARG(struct sa_args, n, k, w, NULL, fn, f)
#define SA_ADDR(n, f)	ARG_W(struct sa_args, n, SK_ANY, "address", NULL, \
			      arg_addr, f)
#define SA_MULTI(n, fn) { .name = n, .kinds = SK_ADD, .multi = fn }

static int arg_rwin(const char *arg, const char *kw, void *out)
{
	if (parse_u32(arg, kw, out))
		return -1;
	if (*(u32 *)out > IPSECDP_REPLAY_MAX)
		return perr("value \"%s\" for \"%s\" is out of range (0-%d)",
			    arg, kw, IPSECDP_REPLAY_MAX);
	return 0;
}

/* Order matters for unique prefixes: the first match wins. */
static const struct arg_kw sa_kws[] = {
	SA_ADDR("src", src),
	SA_ADDR("dst", dst),
	SA_VAL("proto", SK_ANY, "protocol", arg_xfrm_proto, proto),
	SA_VAL("spi", SK_ANY, "value", arg_u32, spi),
	SA_VAL("mode", SK_ADD, "value", arg_mode, mode),
	SA_VAL("replay-window", SK_ADD, "value", arg_rwin, rwin),
	SA_VAL("replay-seq", SK_ADD, "value", arg_u64, seq),
	SA_VAL("replay-oseq", SK_ADD, "value", arg_u64, oseq),
	SA_VAL("replay-seq-hi", SK_ADD, "value", arg_u32, seq_hi),
	SA_VAL("replay-oseq-hi", SK_ADD, "value", arg_u32, oseq_hi),
	SA_MULTI("flag", parse_flags),
	SA_MULTI("aead", sa_aead),
	SA_MULTI("enc", sa_enc),
	SA_MULTI("auth", sa_auth),
	SA_MULTI("auth-trunc", sa_auth_trunc),
	SA_MULTI("limit", parse_limits),
	/* ipsecdp's templates choose SAs without reqid */
	SA_VAL("reqid", SK_ADD, "value", arg_u32, reqid),
	SA_MULTI("sel", sa_sel),
	SA_MULTI("encap", parse_encap),
	/* per-CPU SA (RFC 9611): outbound packets sent on this CPU */
	SA_VAL("pcpu-num", SK_ADD, "value", arg_u32, pcpu),
	{ .name = NULL },
};

/* @kind: SK_ADD or SK_ID; @cmd names the command in messages. */
static int sa_parse(int argc, char **argv, struct sa_args *s,
		    unsigned int kind, const char *cmd)
{
	const struct arg_cmd c = { .name = cmd, .kind = kind, .tab = sa_kws };

	memset(s, 0, sizeof(*s));
	s->mode = IPSECDP_MODE_TRANSPORT;
	if (arg_parse(&c, argc, argv, s))
		return -1;
	if (s->has_src && s->has_dst &&
	    check_same_family(&s->src, "src", s->src_w, &s->dst, "dst",
			      s->dst_w))
		return -1;
	if (s->has_sel && check_sel(s))
		return -1;
	if (s->has_encap && check_encap(s))
		return -1;
	/* ip xfrm's 32-bit halves of a 64-bit (ESN) sequence number */
	if (join_seq(&s->seq, &s->has_seq, s->seq_hi, s->has_seq_hi,
		     "replay-seq") ||
	    join_seq(&s->oseq, &s->has_oseq, s->oseq_hi, s->has_oseq_hi,
		     "replay-oseq"))
		return -1;
	return 0;
}

static int sa_require(const struct sa_args *s, bool need_src)
{
	if (need_src && !s->has_src)
		return perr("missing \"src\"");
	if (!s->has_dst)
		return perr("missing \"dst\"");
	if (!s->has_proto)
		return perr("missing \"proto\"");
	if (!s->has_spi)
		return perr("missing \"spi\"");
	return 0;
}

static void put_alg(struct nl_msg *msg, int type, const struct alg *a)
{
	struct nlattr *nest;

	if (!a->set)
		return;
	nest = nest_start(msg, type);
	put_str(msg, IPSECDP_ALG_A_NAME, a->name);
	put_bin(msg, IPSECDP_ALG_A_KEY, a->key, a->keylen);
	if (a->has_icv)
		put_u32(msg, IPSECDP_ALG_A_ICV_BITS, a->icv_bits);
	nest_end(msg, nest);
}

static void put_encap(struct nl_msg *msg, const struct sa_encap *e)
{
	struct nlattr *nest = nest_start(msg, IPSECDP_SA_A_ENCAP);

	put_u16(msg, IPSECDP_ENCAP_A_TYPE, e->type);
	put_u16(msg, IPSECDP_ENCAP_A_SPORT, e->sport);
	put_u16(msg, IPSECDP_ENCAP_A_DPORT, e->dport);
	put_addr(msg, IPSECDP_ENCAP_A_OA, &e->oa);
	nest_end(msg, nest);
}

/* SA identity: family, [src], dst, proto, spi. */
static void put_sa_id(struct nl_msg *msg, const void *args)
{
	const struct sa_args *s = args;

	put_u16(msg, IPSECDP_SA_A_FAMILY, s->dst.family);
	if (s->has_src)
		put_addr(msg, IPSECDP_SA_A_SRC, &s->src);
	put_addr(msg, IPSECDP_SA_A_DST, &s->dst);
	put_u8(msg, IPSECDP_SA_A_PROTO, s->proto);
	put_u32(msg, IPSECDP_SA_A_SPI, s->spi);
}

/*
 * sa add, and sa update (@cmd IPSECDP_CMD_SA_UPDATE): the same words, the
 * whole SA; an update replaces the SA of the same dst, proto and spi.
 */
static int sa_add(int argc, char **argv, u8 cmd, const char *name)
{
	struct nlattr *nest, *lft;
	struct sa_args s;
	struct nl_msg *msg;
	bool any_lft = false;
	int i;

	if (sa_parse(argc, argv, &s, SK_ADD, name) ||
	    sa_require(&s, true))
		return EXIT_USAGE;

	msg = req_new(cmd, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	nest = nest_start(msg, IPSECDP_A_SA);
	put_sa_id(msg, &s);
	put_u8(msg, IPSECDP_SA_A_MODE, s.mode);
	if (s.has_rwin)
		put_u32(msg, IPSECDP_SA_A_REPLAY_WINDOW, s.rwin);
	if (s.has_flags)
		put_u32(msg, IPSECDP_SA_A_FLAGS, s.flags);
	put_alg(msg, IPSECDP_SA_A_AEAD, &s.aead);
	put_alg(msg, IPSECDP_SA_A_ENC, &s.enc);
	put_alg(msg, IPSECDP_SA_A_AUTH, &s.auth);
	if (s.has_encap)
		put_encap(msg, &s.encap);
	if (s.has_pcpu)
		put_u32(msg, IPSECDP_SA_A_PCPU_NUM, s.pcpu);
	if (s.has_seq)
		put_u64(msg, IPSECDP_SA_A_REPLAY_SEQ, s.seq);
	if (s.has_oseq)
		put_u64(msg, IPSECDP_SA_A_REPLAY_OSEQ, s.oseq);
	for (i = 0; i <= IPSECDP_LFT_A_MAX; i++)
		any_lft |= s.lft_set[i];
	if (any_lft) {
		lft = nest_start(msg, IPSECDP_SA_A_LIFETIME);
		for (i = 0; i <= IPSECDP_LFT_A_MAX; i++)
			if (s.lft_set[i])
				put_u64(msg, i, s.lft[i]);
		nest_end(msg, lft);
	}
	nest_end(msg, nest);
	return req_talk(msg, NULL, NULL);
}

static int sa_del(int argc, char **argv)
{
	struct nl_msg *msg;
	struct sa_args s;

	if (sa_parse(argc, argv, &s, SK_ID, "sa del") ||
	    sa_require(&s, false))
		return EXIT_USAGE;
	msg = req_nest(IPSECDP_CMD_SA_DEL, NLM_F_ACK, IPSECDP_A_SA, put_sa_id,
		       &s);
	return msg ? req_talk(msg, NULL, NULL) : EXIT_NL;
}

static void show_sa(struct nlattr *sa)
{
	print_sa(sa, SA_STYLE_BLOCK);
}

static int sa_get(int argc, char **argv)
{
	struct nl_msg *msg;
	struct sa_args s;

	if (sa_parse(argc, argv, &s, SK_ID, "sa get") ||
	    sa_require(&s, false))
		return EXIT_USAGE;
	msg = req_nest(IPSECDP_CMD_SA_GET, NLM_F_ACK, IPSECDP_A_SA, put_sa_id,
		       &s);
	return msg ? show_replies(msg, IPSECDP_A_SA, show_sa, false) : EXIT_NL;
}

struct ws_ctx {
	unsigned int written, skipped;
};

static int sa_wireshark_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	struct ws_ctx *ctx = arg;

	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_SA])
		return NL_SKIP;
	if (print_sa_wireshark(tb[IPSECDP_A_SA]))
		ctx->written++;
	else
		ctx->skipped++;
	return NL_OK;
}

static const struct kw sa_list_kws[] = {
	{ "wireshark",	1 },
	{ NULL,		0 },
};

/*
 * sa list --wireshark: the ESP SAs as Wireshark's "esp_sa" table (the
 * file of that name in a Wireshark profile), keys included.
 */
static int sa_list_wireshark(void)
{
	struct ws_ctx ctx = { 0 };
	struct nl_msg *msg;
	int ret;

	if (opts.json) {
		perr("\"--wireshark\" prints Wireshark's format, not JSON: drop -j");
		return EXIT_USAGE;
	}
	msg = req_new(IPSECDP_CMD_SA_GET, NLM_F_DUMP);
	if (!msg)
		return EXIT_NL;
	put_flag(msg, IPSECDP_A_KEYS);
	if (!opts.dry_run)
		printf("# Wireshark ESP SAs (esp_sa), from ipsecctl sa list --wireshark\n");
	ret = req_talk(msg, sa_wireshark_cb, &ctx);
	if (ret == EXIT_OK && ctx.skipped)
		fprintf(stderr, "ipsecctl: %u SA(s) written, %u skipped\n",
			ctx.written, ctx.skipped);
	return ret;
}

static int sa_list(int argc, char **argv)
{
	struct nl_msg *msg;
	bool wireshark = false;

	for (; argc > 0; argc--, argv++) {
		const char *w = *argv;

		/* "--wireshark", or the word alone like every other keyword */
		if (!strncmp(w, "--", 2) && w[2])
			w += 2;
		if (kw_lookup(sa_list_kws, w) < 0)
			return unknown_kw(*argv), EXIT_USAGE;
		if (wireshark)
			return duparg("wireshark"), EXIT_USAGE;
		wireshark = true;
	}
	if (wireshark)
		return sa_list_wireshark();
	msg = req_new(IPSECDP_CMD_SA_GET, NLM_F_DUMP);
	if (!msg)
		return EXIT_NL;
	if (opts.show_keys)
		put_flag(msg, IPSECDP_A_KEYS);
	return show_replies(msg, IPSECDP_A_SA, show_sa, true);
}

static int sa_flush(int argc, char **argv)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	const char *kw;
	u8 proto = 0;

	for (; argc > 0; argc--, argv++) {
		if (!matches(*argv, "proto"))
			return unknown_kw(*argv), EXIT_USAGE;
		kw = "proto";
		if (proto)
			return duparg(kw), EXIT_USAGE;
		if (argc < 2)
			return missing_arg(kw), EXIT_USAGE;
		argc--;
		argv++;
		if (parse_xfrm_proto(*argv, kw, &proto))
			return EXIT_USAGE;
	}
	msg = req_new(IPSECDP_CMD_SA_FLUSH, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	if (proto) {
		nest = nest_start(msg, IPSECDP_A_SA);
		put_u8(msg, IPSECDP_SA_A_PROTO, proto);
		nest_end(msg, nest);
	}
	return req_talk(msg, NULL, NULL);
}

static int sa_count(int argc, char **argv)
{
	if (argc > 0)
		return unknown_kw(*argv), EXIT_USAGE;
	return print_count(COUNT_SAS);
}

static void sa_usage(FILE *f)
{
	fprintf(f,
		"Usage: ipsecctl sa { add | update } src ADDR dst ADDR proto esp|ah spi SPI\n"
		"               [mode transport|tunnel] [replay-window N] [flag esn|align4]\n"
		"               [replay-seq N] [replay-oseq N] [replay-seq-hi N]\n"
		"               [replay-oseq-hi N] [reqid N] [sel SELECTOR]\n"
		"               [ALGO...] [limit LIMIT...] [encap ENCAP] [pcpu-num CPU]\n"
		"       ipsecctl sa del dst ADDR proto esp|ah spi SPI\n"
		"       ipsecctl sa get dst ADDR proto esp|ah spi SPI\n"
		"       ipsecctl [-s] [-k] sa list [--wireshark]\n"
		"       ipsecctl sa count\n"
		"       ipsecctl sa flush [proto esp|ah]\n"
		"ALGO := aead NAME KEY ICV-BITS | enc NAME KEY |\n"
		"        auth NAME KEY | auth-trunc NAME KEY TRUNC-BITS\n"
		"KEY := 0xHEX | STRING\n"
		"LIMIT := time-soft|time-hard SECONDS | byte-soft|byte-hard N |\n"
		"         packet-soft|packet-hard N\n"
		"ENCAP := espinudp SPORT DPORT OADDR   (ESP only; OADDR of the SA's\n"
		"         family, 0.0.0.0 or :: if none)\n");
}

/* ---- output ----------------------------------------------------------- */

/* at least the largest of IPSECDP_LFT_A_MAX and IPSECDP_SA_STAT_MAX */
#define U64_NEST_MAX (IPSECDP_LFT_A_MAX + IPSECDP_SA_STAT_MAX)

static void alg_decode(struct nlattr *nest, struct alg_info *a)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];

	if (!nest)
		return;
	a->present = true;
	if (nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest, NULL) < 0) {
		a->malformed = true;
		return;
	}
	a->has_icv = attr_u32(tb[IPSECDP_ALG_A_ICV_BITS], &a->icv);
	a->key = tb[IPSECDP_ALG_A_KEY];
	if (tb[IPSECDP_ALG_A_NAME]) {
		a->has_name = true;
		a->raw = nla_data(tb[IPSECDP_ALG_A_NAME]);
		a->rawlen = nla_len(tb[IPSECDP_ALG_A_NAME]);
		nla_strlcpy(a->name, tb[IPSECDP_ALG_A_NAME], sizeof(a->name));
	}
}

static void encap_decode(struct nlattr *nest, u16 family,
			 struct encap_info *e)
{
	struct nlattr *tb[IPSECDP_ENCAP_A_MAX + 1];

	if (!nest)
		return;
	e->present = true;
	if (nla_parse_nested(tb, IPSECDP_ENCAP_A_MAX, nest, NULL) < 0) {
		e->malformed = true;
		return;
	}
	e->has_type = attr_u16(tb[IPSECDP_ENCAP_A_TYPE], &e->type);
	e->has_sport = attr_u16(tb[IPSECDP_ENCAP_A_SPORT], &e->sport);
	e->has_dport = attr_u16(tb[IPSECDP_ENCAP_A_DPORT], &e->dport);
	e->has_oa = tb[IPSECDP_ENCAP_A_OA];
	if (e->has_oa)
		e->oa_s = fmt_addr(tb[IPSECDP_ENCAP_A_OA], e->oa,
				   sizeof(e->oa));
	else
		e->oa_s = family == AF_INET6 ? "::" : "0.0.0.0";
}

/* A nest of u64s, attributes 1..@max, into @v and @set; false if malformed */
static bool u64_nest_decode(struct nlattr *nest, int max, bool *set, u64 *v)
{
	struct nlattr *tb[U64_NEST_MAX + 1];
	int i;

	if (!nest || nla_parse_nested(tb, max, nest, NULL) < 0)
		return false;
	for (i = 0; i <= max; i++)
		set[i] = attr_u64(tb[i], &v[i]);
	return true;
}

/* An SA as the kernel sent it, for text, JSON and save; -1 if malformed */
int sa_decode(struct nlattr *sa, struct sa_info *s)
{
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];

	memset(s, 0, sizeof(*s));
	if (nla_parse_nested(tb, IPSECDP_SA_A_MAX, sa, NULL) < 0)
		return -1;
	s->has_src = tb[IPSECDP_SA_A_SRC];
	s->has_dst = tb[IPSECDP_SA_A_DST];
	s->src_s = fmt_addr(tb[IPSECDP_SA_A_SRC], s->src, sizeof(s->src));
	s->dst_s = fmt_addr(tb[IPSECDP_SA_A_DST], s->dst, sizeof(s->dst));
	s->has_family = attr_u16(tb[IPSECDP_SA_A_FAMILY], &s->family);
	s->has_proto = attr_u8(tb[IPSECDP_SA_A_PROTO], &s->proto);
	s->has_spi = attr_u32(tb[IPSECDP_SA_A_SPI], &s->spi);
	s->has_mode = attr_u8(tb[IPSECDP_SA_A_MODE], &s->mode);
	s->has_rwin = attr_u32(tb[IPSECDP_SA_A_REPLAY_WINDOW], &s->rwin);
	s->has_flags = attr_u32(tb[IPSECDP_SA_A_FLAGS], &s->flags);
	s->has_seq = attr_u64(tb[IPSECDP_SA_A_REPLAY_SEQ], &s->seq);
	s->has_oseq = attr_u64(tb[IPSECDP_SA_A_REPLAY_OSEQ], &s->oseq);
	alg_decode(tb[IPSECDP_SA_A_AEAD], &s->aead);
	alg_decode(tb[IPSECDP_SA_A_ENC], &s->enc);
	alg_decode(tb[IPSECDP_SA_A_AUTH], &s->auth);
	encap_decode(tb[IPSECDP_SA_A_ENCAP], s->family, &s->encap);
	s->has_pcpu = attr_u32(tb[IPSECDP_SA_A_PCPU_NUM], &s->pcpu);
	s->lft_ok = u64_nest_decode(tb[IPSECDP_SA_A_LIFETIME], IPSECDP_LFT_A_MAX,
				    s->lft_set, s->lft);
	s->cur_ok = u64_nest_decode(tb[IPSECDP_SA_A_CURLFT], IPSECDP_LFT_A_MAX,
				    s->cur_set, s->cur);
	s->stats_ok = u64_nest_decode(tb[IPSECDP_SA_A_STATS],
				      IPSECDP_SA_STAT_MAX, s->stat_set, s->stat);
	return 0;
}

/* "\tauth-trunc NAME 0xKEY 128", JSON "auth": {name, trunc_bits, key} */
static void print_alg(const char *kw, const struct alg_info *a)
{
	const struct nlattr *key = opts.show_keys ? a->key : NULL;

	if (!a->present)
		return;
	if (a->malformed) {
		print_fp("\t%s (malformed)\n", kw);
		return;
	}
	open_json_object(kw);
	print_fp("\t%s ", !strcmp(kw, "auth") && a->has_icv ? "auth-trunc" : kw);
	if (a->has_name) {
		print_fp("%.*s", a->rawlen, a->raw);
		print_string(PRINT_JSON, "name", NULL, a->name);
	} else {
		print_fp("?");
	}
	if (key)
		print_hexstr(PRINT_FP, NULL, " 0x", nla_data(key), nla_len(key));
	else
		print_fp(" (key hidden)");
	if (a->has_icv)
		print_uint(PRINT_ANY, strcmp(kw, "aead") ? "trunc_bits" : "icv_bits",
			   " %llu", a->icv);
	if (key)
		print_hexstr(PRINT_JSON, "key", NULL, nla_data(key), nla_len(key));
	print_fp("\n");
	close_json_object();
}

/*
 * "\tencap type espinudp sport 4500 dport 4500 addr 0.0.0.0", ip xfrm's
 * line; JSON "encap": {type, sport, dport, addr}, addr only if sent.
 */
static void print_encap(const struct encap_info *e)
{
	if (!e->present)
		return;
	if (e->malformed) {
		print_fp("\tencap (malformed)\n");
		return;
	}
	open_json_object("encap");
	print_fp("\tencap");
	if (e->has_type)
		print_name(PRINT_ANY, "type", " type %s",
			   encap_type_name(e->type), e->type);
	else
		print_fp(" type ?");
	print_uint(print_if(e->has_sport), "sport", " sport %llu", e->sport);
	print_uint(print_if(e->has_dport), "dport", " dport %llu", e->dport);
	print_string(print_if(e->has_oa), "addr", " addr %s", e->oa_s);
	print_fp("\n");
	close_json_object();
}

/* The configured limits: text in the order of the words, JSON of lft_json. */
/* 0 and "infinity" both mean "no limit". */
static bool lft_limit(const struct sa_info *s, int i)
{
	return s->lft_set[i] && s->lft[i] && s->lft[i] != UINT64_MAX;
}

static void print_lifetime(const struct sa_info *s)
{
	bool any = false;
	int i;

	if (!s->lft_ok)
		return;
	for (i = 0; lft_kws[i].name; i++) {
		if (!lft_limit(s, lft_kws[i].val))
			continue;
		print_fp("%s %s %llu", any ? "" : "\tlifetime", lft_kws[i].name,
			 (unsigned long long)s->lft[lft_kws[i].val]);
		any = true;
	}
	if (any)
		print_fp("\n");
	open_json_object("lifetime");
	for (i = 0; i <= IPSECDP_LFT_A_MAX; i++)
		if (lft_json[i] && lft_limit(s, i))
			print_uint(PRINT_JSON, lft_json[i], NULL, s->lft[i]);
	close_json_object();
}

/* Text only with -s, as ip -s xfrm state. */
static void print_curlft(const struct sa_info *s)
{
	const bool *set = s->cur_set;
	const u64 *v = s->cur;
	time_t t = v[IPSECDP_LFT_A_ADD_TIME];
	char tbuf[64];
	struct tm tm;

	if (!s->cur_ok || (!opts.json && !opts.stats))
		return;
	open_json_object("current");
	/* (values not sent are 0) */
	print_uint(print_if(set[IPSECDP_LFT_A_BYTES]), "bytes",
		   "\tcurrent %llu bytes", v[IPSECDP_LFT_A_BYTES]);
	print_uint(print_if(set[IPSECDP_LFT_A_PACKETS]), "packets",
		   " %llu packets", v[IPSECDP_LFT_A_PACKETS]);
	if (set[IPSECDP_LFT_A_ADD_TIME])
		print_uint(PRINT_JSON, "add_time", NULL,
			   v[IPSECDP_LFT_A_ADD_TIME]);
	if (!opts.json && set[IPSECDP_LFT_A_ADD_TIME] && t &&
	    localtime_r(&t, &tm) &&
	    strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", &tm))
		print_fp(" added %s", tbuf);
	print_fp("\n");
	close_json_object();
}

static const struct {
	int stat;
	const char *json, *fmt;
} sa_stat_out[] = {
	{ IPSECDP_SA_STAT_IN_PACKETS,	"in_packets",	"\tstats: in %llu pkts" },
	{ IPSECDP_SA_STAT_IN_BYTES,	"in_bytes",	" %llu bytes" },
	{ IPSECDP_SA_STAT_OUT_PACKETS,	"out_packets",	", out %llu pkts" },
	{ IPSECDP_SA_STAT_OUT_BYTES,	"out_bytes",	" %llu bytes" },
	{ IPSECDP_SA_STAT_REPLAY,	"replay",	", replay %llu" },
	{ IPSECDP_SA_STAT_INTEGRITY,	"integrity_failed", ", integrity-failed %llu\n" },
};

static void print_sa_stats(const struct sa_info *s)
{
	unsigned int i;

	if (!s->stats_ok || (!opts.json && !opts.stats))
		return;
	open_json_object("stats");
	for (i = 0; i < ARRAY_SIZE(sa_stat_out); i++)
		print_uint(PRINT_ANY, sa_stat_out[i].json, sa_stat_out[i].fmt,
			   s->stat[sa_stat_out[i].stat]);
	close_json_object();
}

static void print_sa_flags(const struct sa_info *s)
{
	print_flags(s->has_flags ? s->flags : 0, sa_flag_names);
}

static void print_sa_seq(const struct sa_info *s)
{
	if (s->has_seq || s->has_oseq)
		print_fp("\t");
	if (s->has_seq)
		print_uint(PRINT_ANY, "seq_in", "seq-in 0x%llx", s->seq);
	if (s->has_oseq)
		print_uint(PRINT_ANY, "seq_out",
			   s->has_seq ? " seq-out 0x%llx" : "seq-out 0x%llx",
			   s->oseq);
	if (s->has_seq || s->has_oseq)
		print_fp("\n");
}

/* "src A dst B proto P spi S mode M": the line of the monitor */
static void print_sa_id(const struct sa_info *s, enum sa_style style)
{
	print_string(print_if(s->has_src), "src", "src %s", s->src_s);
	print_string(print_if(s->has_dst), "dst", " dst %s", s->dst_s);
	if (s->has_family)
		print_name(PRINT_JSON, "family", NULL, family_name(s->family),
			   s->family);
	print_fp(style == SA_STYLE_BLOCK ? "\n\tproto " : " proto ");
	if (s->has_proto)
		print_ip_proto(PRINT_ANY, "proto", "%s", s->proto);
	else
		print_fp("?");
	if (s->has_spi)
		print_uint(PRINT_ANY, "spi", " spi 0x%08llx", s->spi);
	if (s->has_mode)
		print_name(PRINT_ANY, "mode", " mode %s", mode_name(s->mode),
			   s->mode);
}

void print_sa(struct nlattr *sa, enum sa_style style)
{
	struct sa_info s;

	if (sa_decode(sa, &s) < 0) {
		print_fp("(malformed SA)\n");
		return;
	}
	print_sa_id(&s, style);
	/* the monitor's line ends here; JSON always has everything */
	if (style == SA_STYLE_LINE && !opts.json)
		return;
	if (s.has_rwin)
		print_uint(PRINT_ANY, "replay_window", " replay-window %llu",
			   s.rwin);
	print_sa_flags(&s);
	if (s.has_pcpu)
		print_uint(PRINT_ANY, "pcpu_num", " pcpu-num %llu", s.pcpu);
	print_fp("\n");
	print_alg("aead", &s.aead);
	print_alg("enc", &s.enc);
	print_alg("auth", &s.auth);
	print_encap(&s.encap);
	print_lifetime(&s);
	print_curlft(&s);
	print_sa_stats(&s);
	print_sa_seq(&s);
}

/* "ipsecctl sa COMMAND ...", dispatched by cmd_run() */
const struct obj_cmds sa_cmds = {
	.name = "sa", .usage = sa_usage, .add = sa_add,
	.nl_add = IPSECDP_CMD_SA_ADD, .nl_update = IPSECDP_CMD_SA_UPDATE,
	.run = {
		[CMD_DEL] = sa_del, [CMD_GET] = sa_get, [CMD_LIST] = sa_list,
		[CMD_COUNT] = sa_count, [CMD_FLUSH] = sa_flush,
	},
};
