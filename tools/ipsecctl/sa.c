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

enum {
	K_SRC,
	K_DST,
	K_PROTO,
	K_SPI,
	K_MODE,
	K_REPLAY_WINDOW,
	K_REPLAY_SEQ,
	K_REPLAY_OSEQ,
	K_REPLAY_SEQ_HI,
	K_REPLAY_OSEQ_HI,
	K_FLAG,
	K_AEAD,
	K_ENC,
	K_AUTH,
	K_AUTH_TRUNC,
	K_LIMIT,
	K_REQID,
	K_SEL,
	K_ENCAP,
};

#define KB(k)		(1U << (k))
#define SA_ID_KWS	(KB(K_SRC) | KB(K_DST) | KB(K_PROTO) | KB(K_SPI))
#define SA_ADD_KWS	(~0U)

/* Order matters for unique prefixes: the first match wins. */
static const struct kw sa_kws[] = {
	{ "src",		K_SRC },
	{ "dst",		K_DST },
	{ "proto",		K_PROTO },
	{ "spi",		K_SPI },
	{ "mode",		K_MODE },
	{ "replay-window",	K_REPLAY_WINDOW },
	{ "replay-seq",		K_REPLAY_SEQ },
	{ "replay-oseq",	K_REPLAY_OSEQ },
	{ "replay-seq-hi",	K_REPLAY_SEQ_HI },
	{ "replay-oseq-hi",	K_REPLAY_OSEQ_HI },
	{ "flag",		K_FLAG },
	{ "aead",		K_AEAD },
	{ "enc",		K_ENC },
	{ "auth",		K_AUTH },
	{ "auth-trunc",		K_AUTH_TRUNC },
	{ "limit",		K_LIMIT },
	{ "reqid",		K_REQID },
	{ "sel",		K_SEL },
	{ "encap",		K_ENCAP },
	{ NULL,			0 },
};

static const struct kw lft_kws[] = {
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

struct sa_args {
	bool has_src, has_dst, has_proto, has_spi, has_mode;
	bool has_rwin, has_flags, has_seq, has_oseq;
	bool has_seq_hi, has_oseq_hi, has_reqid, has_sel;
	const char *src_w, *dst_w;
	struct addr src, dst;
	u8 proto, mode;
	u32 spi, rwin, flags, seq_hi, oseq_hi, reqid;
	u64 seq, oseq;
	struct sa_sel sel;
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

static int parse_limits(int *argcp, char ***argvp, struct sa_args *s)
{
	const char *kw = "limit";
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

#define SA_FLAGS_KNOWN (IPSECDP_SA_F_ESN | IPSECDP_SA_F_ALIGN4)

static int parse_flags(int *argcp, char ***argvp, struct sa_args *s)
{
	const char *kw = "flag";
	int argc = *argcp;
	char **argv = *argvp;

	if (next_arg(&argc, &argv, "flag name", kw))
		return -1;
	for (;;) {
		if (matches(*argv, "esn")) {
			s->flags |= IPSECDP_SA_F_ESN;
		} else if (matches(*argv, "align4")) {
			s->flags |= IPSECDP_SA_F_ALIGN4;
		} else if (isdigit((unsigned char)**argv)) {
			u32 v;

			if (parse_u32(*argv, kw, &v))
				return -1;
			s->flags |= v;
		} else {
			return perr("unknown flag \"%s\" (expected esn or align4)",
				    *argv);
		}
		if (argc <= 1 ||
		    (strcmp(argv[1], "esn") && strcmp(argv[1], "align4")))
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

/* ip xfrm's "encap TYPE SPORT DPORT OADDR": read, then refused. */
static int parse_encap(int *argcp, char ***argvp)
{
	const char *kw = "encap";
	int argc = *argcp;
	char **argv = *argvp;
	const char *type;
	u16 port;

	if (next_arg(&argc, &argv, "type", kw))
		return -1;
	type = *argv;
	if (next_arg(&argc, &argv, "source port", kw) ||
	    parse_u16(*argv, "encap sport", &port) ||
	    next_arg(&argc, &argv, "destination port", kw) ||
	    parse_u16(*argv, "encap dport", &port) ||
	    next_arg(&argc, &argv, "original address", kw))
		return -1;
	return perr("\"encap %s\" is not supported: ipsecdp has no UDP encapsulation",
		    type);
}

static int sa_parse(int argc, char **argv, struct sa_args *s,
		    unsigned int allowed, const char *cmd)
{
	memset(s, 0, sizeof(*s));
	s->mode = IPSECDP_MODE_TRANSPORT;

	for (; argc > 0; argc--, argv++) {
		int k = kw_lookup(sa_kws, *argv);
		const char *kw;

		if (k < 0)
			return unknown_kw(*argv);
		kw = kw_name(sa_kws, k);
		if (!(allowed & KB(k)))
			return perr("\"%s\" is not valid for \"%s\"", kw, cmd);

		switch (k) {
		case K_SRC:
			if (s->has_src)
				return duparg(kw);
			if (next_arg(&argc, &argv, "address", kw))
				return -1;
			if (parse_addr(*argv, kw, &s->src))
				return -1;
			s->src_w = *argv;
			s->has_src = true;
			break;
		case K_DST:
			if (s->has_dst)
				return duparg(kw);
			if (next_arg(&argc, &argv, "address", kw))
				return -1;
			if (parse_addr(*argv, kw, &s->dst))
				return -1;
			s->dst_w = *argv;
			s->has_dst = true;
			break;
		case K_PROTO:
			if (s->has_proto)
				return duparg(kw);
			if (next_arg(&argc, &argv, "protocol", kw))
				return -1;
			if (parse_xfrm_proto(*argv, kw, &s->proto))
				return -1;
			s->has_proto = true;
			break;
		case K_SPI:
			if (s->has_spi)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u32(*argv, kw, &s->spi))
				return -1;
			s->has_spi = true;
			break;
		case K_MODE:
			if (s->has_mode)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_mode(*argv, &s->mode))
				return -1;
			s->has_mode = true;
			break;
		case K_REPLAY_WINDOW:
			if (s->has_rwin)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u32(*argv, kw, &s->rwin))
				return -1;
			if (s->rwin > IPSECDP_REPLAY_MAX)
				return perr("value \"%s\" for \"%s\" is out of range (0-%d)",
					    *argv, kw, IPSECDP_REPLAY_MAX);
			s->has_rwin = true;
			break;
		case K_REPLAY_SEQ:
			if (s->has_seq)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u64(*argv, kw, &s->seq))
				return -1;
			s->has_seq = true;
			break;
		case K_REPLAY_OSEQ:
			if (s->has_oseq)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u64(*argv, kw, &s->oseq))
				return -1;
			s->has_oseq = true;
			break;
		case K_REPLAY_SEQ_HI:
		case K_REPLAY_OSEQ_HI:
			if (k == K_REPLAY_SEQ_HI ? s->has_seq_hi : s->has_oseq_hi)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u32(*argv, kw, k == K_REPLAY_SEQ_HI ?
				      &s->seq_hi : &s->oseq_hi))
				return -1;
			if (k == K_REPLAY_SEQ_HI)
				s->has_seq_hi = true;
			else
				s->has_oseq_hi = true;
			break;
		case K_REQID:
			/* ipsecdp's templates choose SAs without reqid */
			if (s->has_reqid)
				return duparg(kw);
			if (next_arg(&argc, &argv, "value", kw))
				return -1;
			if (parse_u32(*argv, kw, &s->reqid))
				return -1;
			s->has_reqid = true;
			break;
		case K_SEL:
			if (s->has_sel)
				return duparg(kw);
			if (parse_sel(&argc, &argv, &s->sel))
				return -1;
			s->has_sel = true;
			break;
		case K_ENCAP:
			return parse_encap(&argc, &argv);
		case K_FLAG:
			if (parse_flags(&argc, &argv, s))
				return -1;
			break;
		case K_AEAD:
			if (parse_alg(&argc, &argv, kw, &s->aead, true))
				return -1;
			break;
		case K_ENC:
			if (parse_alg(&argc, &argv, kw, &s->enc, false))
				return -1;
			break;
		case K_AUTH:
			if (parse_alg(&argc, &argv, kw, &s->auth, false))
				return -1;
			break;
		case K_AUTH_TRUNC:
			if (parse_alg(&argc, &argv, kw, &s->auth, true))
				return -1;
			break;
		case K_LIMIT:
			if (parse_limits(&argc, &argv, s))
				return -1;
			break;
		}
	}
	if (s->has_src && s->has_dst &&
	    check_same_family(&s->src, "src", s->src_w, &s->dst, "dst",
			      s->dst_w))
		return -1;
	if (s->has_sel && check_sel(s))
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

/* SA identity: family, [src], dst, proto, spi. */
static void put_sa_id(struct nl_msg *msg, const struct sa_args *s)
{
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

	if (sa_parse(argc, argv, &s, SA_ADD_KWS, name) ||
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
	struct nlattr *nest;
	struct sa_args s;
	struct nl_msg *msg;

	if (sa_parse(argc, argv, &s, SA_ID_KWS, "sa del") ||
	    sa_require(&s, false))
		return EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_SA_DEL, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	nest = nest_start(msg, IPSECDP_A_SA);
	put_sa_id(msg, &s);
	nest_end(msg, nest);
	return req_talk(msg, NULL, NULL);
}

static int sa_show_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];

	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_SA])
		return NL_SKIP;
	if (opts.json) {
		json_obj_start(NULL);
		json_sa(tb[IPSECDP_A_SA]);
		json_obj_end();
		if (!*(bool *)arg)
			putchar('\n');
	} else {
		print_sa(tb[IPSECDP_A_SA], SA_STYLE_BLOCK);
	}
	return NL_OK;
}

static int sa_get(int argc, char **argv)
{
	struct nlattr *nest;
	struct sa_args s;
	struct nl_msg *msg;
	bool in_array = false;

	if (sa_parse(argc, argv, &s, SA_ID_KWS, "sa get") ||
	    sa_require(&s, false))
		return EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_SA_GET, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	nest = nest_start(msg, IPSECDP_A_SA);
	put_sa_id(msg, &s);
	nest_end(msg, nest);
	json_reset();
	return req_talk(msg, sa_show_cb, &in_array);
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
	bool in_array = true;
	bool json = opts.json && !opts.dry_run;
	bool wireshark = false;
	int ret;

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
	if (json) {
		json_reset();
		json_arr_start(NULL);
	}
	ret = req_talk(msg, sa_show_cb, &in_array);
	if (json) {
		json_arr_end();
		putchar('\n');
	}
	return ret;
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
		"               [ALGO...] [limit LIMIT...]\n"
		"       ipsecctl sa del dst ADDR proto esp|ah spi SPI\n"
		"       ipsecctl sa get dst ADDR proto esp|ah spi SPI\n"
		"       ipsecctl [-s] [-k] sa list [--wireshark]\n"
		"       ipsecctl sa count\n"
		"       ipsecctl sa flush [proto esp|ah]\n"
		"ALGO := aead NAME KEY ICV-BITS | enc NAME KEY |\n"
		"        auth NAME KEY | auth-trunc NAME KEY TRUNC-BITS\n"
		"KEY := 0xHEX | STRING\n"
		"LIMIT := time-soft|time-hard SECONDS | byte-soft|byte-hard N |\n"
		"         packet-soft|packet-hard N\n");
}

enum {
	SA_ADD, SA_UPDATE, SA_DEL, SA_GET, SA_LIST, SA_COUNT, SA_FLUSH,
	SA_HELP
};

static const struct kw sa_cmds[] = {
	{ "add",	SA_ADD },
	{ "update",	SA_UPDATE },
	{ "delete",	SA_DEL },
	{ "get",	SA_GET },
	{ "list",	SA_LIST },
	{ "show",	SA_LIST },
	{ "dump",	SA_LIST },
	{ "count",	SA_COUNT },
	{ "flush",	SA_FLUSH },
	{ "help",	SA_HELP },
	{ NULL,		0 },
};

int do_sa(int argc, char **argv)
{
	int cmd;

	if (argc < 1)
		return sa_list(0, NULL);
	cmd = kw_lookup(sa_cmds, *argv);
	argc--;
	argv++;
	switch (cmd) {
	case SA_ADD:
		return sa_add(argc, argv, IPSECDP_CMD_SA_ADD, "sa add");
	case SA_UPDATE:
		return sa_add(argc, argv, IPSECDP_CMD_SA_UPDATE, "sa update");
	case SA_DEL:
		return sa_del(argc, argv);
	case SA_GET:
		return sa_get(argc, argv);
	case SA_LIST:
		return sa_list(argc, argv);
	case SA_COUNT:
		return sa_count(argc, argv);
	case SA_FLUSH:
		return sa_flush(argc, argv);
	case SA_HELP:
		sa_usage(stdout);
		return EXIT_OK;
	}
	perr("unknown command \"%s\" for \"sa\" (try \"ipsecctl sa help\")",
	     argv[-1]);
	return EXIT_USAGE;
}

/* ---- output ----------------------------------------------------------- */

static void print_alg(const char *kw, struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];
	struct nlattr *key;
	u32 icv;
	bool has_icv;

	if (nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest, NULL) < 0) {
		printf("\t%s (malformed)\n", kw);
		return;
	}
	has_icv = attr_u32(tb[IPSECDP_ALG_A_ICV_BITS], &icv);
	if (!strcmp(kw, "auth") && has_icv)
		kw = "auth-trunc";
	printf("\t%s ", kw);
	if (tb[IPSECDP_ALG_A_NAME])
		printf("%.*s", nla_len(tb[IPSECDP_ALG_A_NAME]),
		       (char *)nla_data(tb[IPSECDP_ALG_A_NAME]));
	else
		printf("?");
	key = tb[IPSECDP_ALG_A_KEY];
	if (key && opts.show_keys) {
		printf(" 0x");
		print_hex(nla_data(key), nla_len(key));
	} else {
		printf(" (key hidden)");
	}
	if (has_icv)
		printf(" %u", icv);
	putchar('\n');
}

static void json_alg(const char *jkey, struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];
	char name[IPSECDP_ALG_NAME_MAX];
	u32 icv;

	if (nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest, NULL) < 0)
		return;
	json_obj_start(jkey);
	if (tb[IPSECDP_ALG_A_NAME]) {
		nla_strlcpy(name, tb[IPSECDP_ALG_A_NAME], sizeof(name));
		json_str("name", name);
	}
	if (attr_u32(tb[IPSECDP_ALG_A_ICV_BITS], &icv))
		json_u64(strcmp(jkey, "aead") ? "trunc_bits" : "icv_bits", icv);
	if (tb[IPSECDP_ALG_A_KEY] && opts.show_keys)
		json_hex("key", nla_data(tb[IPSECDP_ALG_A_KEY]),
			 nla_len(tb[IPSECDP_ALG_A_KEY]));
	json_obj_end();
}

static bool lft_value_set(struct nlattr *a, u64 *v)
{
	/* 0 and "infinity" both mean "no limit". */
	return attr_u64(a, v) && *v && *v != UINT64_MAX;
}

static void print_lifetime(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	bool any = false;
	u64 v;
	int i;

	if (nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest, NULL) < 0)
		return;
	for (i = 0; lft_kws[i].name; i++) {
		if (!lft_value_set(tb[lft_kws[i].val], &v))
			continue;
		printf("%s %s %llu", any ? "" : "\tlifetime", lft_kws[i].name,
		       (unsigned long long)v);
		any = true;
	}
	if (any)
		putchar('\n');
}

static void print_curlft(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	u64 bytes = 0, packets = 0, add;
	char tbuf[64];

	if (nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest, NULL) < 0)
		return;
	attr_u64(tb[IPSECDP_LFT_A_BYTES], &bytes);
	attr_u64(tb[IPSECDP_LFT_A_PACKETS], &packets);
	printf("\tcurrent %llu bytes %llu packets",
	       (unsigned long long)bytes, (unsigned long long)packets);
	if (attr_u64(tb[IPSECDP_LFT_A_ADD_TIME], &add) && add) {
		time_t t = add;
		struct tm tm;

		if (localtime_r(&t, &tm) &&
		    strftime(tbuf, sizeof(tbuf), "%Y-%m-%d %H:%M:%S", &tm))
			printf(" added %s", tbuf);
	}
	putchar('\n');
}

static void json_lifetime(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	u64 v;
	int i;

	if (nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest, NULL) < 0)
		return;
	json_obj_start("lifetime");
	for (i = 0; i <= IPSECDP_LFT_A_MAX; i++)
		if (lft_json[i] && lft_value_set(tb[i], &v))
			json_u64(lft_json[i], v);
	json_obj_end();
}

static void json_curlft(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	u64 v;

	if (nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest, NULL) < 0)
		return;
	json_obj_start("current");
	if (attr_u64(tb[IPSECDP_LFT_A_BYTES], &v))
		json_u64("bytes", v);
	if (attr_u64(tb[IPSECDP_LFT_A_PACKETS], &v))
		json_u64("packets", v);
	if (attr_u64(tb[IPSECDP_LFT_A_ADD_TIME], &v))
		json_u64("add_time", v);
	json_obj_end();
}

static const char * const sa_stat_json[IPSECDP_SA_STAT_MAX + 1] = {
	[IPSECDP_SA_STAT_IN_PACKETS]	= "in_packets",
	[IPSECDP_SA_STAT_IN_BYTES]	= "in_bytes",
	[IPSECDP_SA_STAT_OUT_PACKETS]	= "out_packets",
	[IPSECDP_SA_STAT_OUT_BYTES]	= "out_bytes",
	[IPSECDP_SA_STAT_REPLAY]	= "replay",
	[IPSECDP_SA_STAT_INTEGRITY]	= "integrity_failed",
};

static void print_sa_stats(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_SA_STAT_MAX + 1];
	unsigned long long v[IPSECDP_SA_STAT_MAX + 1] = { 0 };
	u64 x;
	int i;

	if (nla_parse_nested(tb, IPSECDP_SA_STAT_MAX, nest, NULL) < 0)
		return;
	for (i = 0; i <= IPSECDP_SA_STAT_MAX; i++)
		if (attr_u64(tb[i], &x))
			v[i] = x;
	printf("\tstats: in %llu pkts %llu bytes, out %llu pkts %llu bytes",
	       v[IPSECDP_SA_STAT_IN_PACKETS], v[IPSECDP_SA_STAT_IN_BYTES],
	       v[IPSECDP_SA_STAT_OUT_PACKETS], v[IPSECDP_SA_STAT_OUT_BYTES]);
	printf(", replay %llu, integrity-failed %llu\n",
	       v[IPSECDP_SA_STAT_REPLAY], v[IPSECDP_SA_STAT_INTEGRITY]);
}

static void json_sa_stats(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_SA_STAT_MAX + 1];
	u64 v;
	int i;

	if (nla_parse_nested(tb, IPSECDP_SA_STAT_MAX, nest, NULL) < 0)
		return;
	json_obj_start("stats");
	for (i = 0; i <= IPSECDP_SA_STAT_MAX; i++)
		if (sa_stat_json[i])
			json_u64(sa_stat_json[i],
				 attr_u64(tb[i], &v) ? v : 0);
	json_obj_end();
}

void print_sa(struct nlattr *sa, enum sa_style style)
{
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	char sbuf[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN];
	u32 spi, rwin, flags;
	u64 seq, oseq;
	bool has_seq, has_oseq;
	u8 proto, mode;

	if (nla_parse_nested(tb, IPSECDP_SA_A_MAX, sa, NULL) < 0) {
		printf("(malformed SA)\n");
		return;
	}
	printf("src %s dst %s", fmt_addr(tb[IPSECDP_SA_A_SRC], sbuf, sizeof(sbuf)),
	       fmt_addr(tb[IPSECDP_SA_A_DST], dbuf, sizeof(dbuf)));
	if (style == SA_STYLE_BLOCK)
		printf("\n\t");
	else
		putchar(' ');
	printf("proto ");
	if (attr_u8(tb[IPSECDP_SA_A_PROTO], &proto))
		print_proto(proto);
	else
		printf("?");
	if (attr_u32(tb[IPSECDP_SA_A_SPI], &spi))
		printf(" spi 0x%08x", spi);
	if (attr_u8(tb[IPSECDP_SA_A_MODE], &mode)) {
		if (mode_name(mode))
			printf(" mode %s", mode_name(mode));
		else
			printf(" mode %u", mode);
	}
	if (style == SA_STYLE_LINE)
		return;
	if (attr_u32(tb[IPSECDP_SA_A_REPLAY_WINDOW], &rwin))
		printf(" replay-window %u", rwin);
	if (attr_u32(tb[IPSECDP_SA_A_FLAGS], &flags) && flags) {
		printf(" flag");
		if (flags & IPSECDP_SA_F_ESN)
			printf(" esn");
		if (flags & IPSECDP_SA_F_ALIGN4)
			printf(" align4");
		if (flags & ~SA_FLAGS_KNOWN)
			printf(" 0x%x", flags & ~SA_FLAGS_KNOWN);
	}
	putchar('\n');
	if (tb[IPSECDP_SA_A_AEAD])
		print_alg("aead", tb[IPSECDP_SA_A_AEAD]);
	if (tb[IPSECDP_SA_A_ENC])
		print_alg("enc", tb[IPSECDP_SA_A_ENC]);
	if (tb[IPSECDP_SA_A_AUTH])
		print_alg("auth", tb[IPSECDP_SA_A_AUTH]);
	if (tb[IPSECDP_SA_A_LIFETIME])
		print_lifetime(tb[IPSECDP_SA_A_LIFETIME]);
	/* counters only with -s, as ip -s xfrm state */
	if (opts.stats && tb[IPSECDP_SA_A_CURLFT])
		print_curlft(tb[IPSECDP_SA_A_CURLFT]);
	if (opts.stats && tb[IPSECDP_SA_A_STATS])
		print_sa_stats(tb[IPSECDP_SA_A_STATS]);
	has_seq = attr_u64(tb[IPSECDP_SA_A_REPLAY_SEQ], &seq);
	has_oseq = attr_u64(tb[IPSECDP_SA_A_REPLAY_OSEQ], &oseq);
	if (has_seq || has_oseq) {
		putchar('\t');
		if (has_seq)
			printf("seq-in 0x%llx", (unsigned long long)seq);
		if (has_oseq)
			printf("%sseq-out 0x%llx", has_seq ? " " : "",
			       (unsigned long long)oseq);
		putchar('\n');
	}
}

void json_sa(struct nlattr *sa)
{
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	char buf[INET6_ADDRSTRLEN];
	u32 u32;
	u16 family;
	u64 u64;
	u8 u8;

	if (nla_parse_nested(tb, IPSECDP_SA_A_MAX, sa, NULL) < 0)
		return;
	if (tb[IPSECDP_SA_A_SRC])
		json_str("src", fmt_addr(tb[IPSECDP_SA_A_SRC], buf, sizeof(buf)));
	if (tb[IPSECDP_SA_A_DST])
		json_str("dst", fmt_addr(tb[IPSECDP_SA_A_DST], buf, sizeof(buf)));
	if (attr_u16(tb[IPSECDP_SA_A_FAMILY], &family)) {
		if (family_name(family))
			json_str("family", family_name(family));
		else
			json_u64("family", family);
	}
	if (attr_u8(tb[IPSECDP_SA_A_PROTO], &u8))
		json_proto("proto", u8);
	if (attr_u32(tb[IPSECDP_SA_A_SPI], &u32))
		json_u64("spi", u32);
	if (attr_u8(tb[IPSECDP_SA_A_MODE], &u8)) {
		if (mode_name(u8))
			json_str("mode", mode_name(u8));
		else
			json_u64("mode", u8);
	}
	if (attr_u32(tb[IPSECDP_SA_A_REPLAY_WINDOW], &u32))
		json_u64("replay_window", u32);
	json_arr_start("flags");
	if (attr_u32(tb[IPSECDP_SA_A_FLAGS], &u32)) {
		char hex[16];

		if (u32 & IPSECDP_SA_F_ESN)
			json_str(NULL, "esn");
		if (u32 & IPSECDP_SA_F_ALIGN4)
			json_str(NULL, "align4");
		if (u32 & ~SA_FLAGS_KNOWN) {
			snprintf(hex, sizeof(hex), "0x%x",
				 u32 & ~SA_FLAGS_KNOWN);
			json_str(NULL, hex);
		}
	}
	json_arr_end();
	if (tb[IPSECDP_SA_A_AEAD])
		json_alg("aead", tb[IPSECDP_SA_A_AEAD]);
	if (tb[IPSECDP_SA_A_ENC])
		json_alg("enc", tb[IPSECDP_SA_A_ENC]);
	if (tb[IPSECDP_SA_A_AUTH])
		json_alg("auth", tb[IPSECDP_SA_A_AUTH]);
	if (tb[IPSECDP_SA_A_LIFETIME])
		json_lifetime(tb[IPSECDP_SA_A_LIFETIME]);
	if (tb[IPSECDP_SA_A_CURLFT])
		json_curlft(tb[IPSECDP_SA_A_CURLFT]);
	if (tb[IPSECDP_SA_A_STATS])
		json_sa_stats(tb[IPSECDP_SA_A_STATS]);
	if (attr_u64(tb[IPSECDP_SA_A_REPLAY_SEQ], &u64))
		json_u64("seq_in", u64);
	if (attr_u64(tb[IPSECDP_SA_A_REPLAY_OSEQ], &u64))
		json_u64("seq_out", u64);
}
