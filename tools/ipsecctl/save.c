// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl save: the running configuration as ipsecctl commands (SAs
 * with their keys, then policies in match order per direction), a file
 * that `ipsecctl -f` loads back, atomically, to the same configuration.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "ipsecctl.h"

static const char * const dir_names[] = { "in", "out", "fwd" };
static const char * const level_names[] = { "required", "use" };

static void save_proto(unsigned int proto)
{
	const char *name = ip_proto_name(proto);

	if (name)
		printf(" proto %s", name);
	else
		printf(" proto %u", proto);
}

static void save_alg(const char *kw, struct nlattr *nest, bool icv)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];
	u32 bits = 0;

	if (nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest, NULL) < 0 ||
	    !tb[IPSECDP_ALG_A_NAME])
		return;
	printf(" %s '%.*s' 0x", kw, nla_len(tb[IPSECDP_ALG_A_NAME]),
	       (char *)nla_data(tb[IPSECDP_ALG_A_NAME]));
	if (tb[IPSECDP_ALG_A_KEY])
		print_hex(nla_data(tb[IPSECDP_ALG_A_KEY]),
			  nla_len(tb[IPSECDP_ALG_A_KEY]));
	if (icv && attr_u32(tb[IPSECDP_ALG_A_ICV_BITS], &bits))
		printf(" %u", bits);
}

static void save_limits(struct nlattr *nest)
{
	static const struct kw lims[] = {
		{ "time-soft",		IPSECDP_LFT_A_SOFT_SECS },
		{ "time-hard",		IPSECDP_LFT_A_HARD_SECS },
		{ "byte-soft",		IPSECDP_LFT_A_SOFT_BYTES },
		{ "byte-hard",		IPSECDP_LFT_A_HARD_BYTES },
		{ "packet-soft",	IPSECDP_LFT_A_SOFT_PACKETS },
		{ "packet-hard",	IPSECDP_LFT_A_HARD_PACKETS },
		{ NULL,			0 },
	};
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	int i;

	if (!nest || nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest, NULL) < 0)
		return;
	for (i = 0; lims[i].name; i++) {
		u64 v;

		if (attr_u64(tb[lims[i].val], &v) && v)
			printf(" limit %s %llu", lims[i].name,
			       (unsigned long long)v);
	}
}

/*
 * A sequence number in ip xfrm's words: "KW-hi H KW L" when it needs more
 * than 32 bits (ESN), "KW L" when it is not 0.
 */
static void save_seq(const char *kw, struct nlattr *a)
{
	u64 v;

	if (!attr_u64(a, &v) || !v)
		return;
	if (v >> 32)
		printf(" %s-hi 0x%x", kw, (unsigned int)(v >> 32));
	printf(" %s 0x%x", kw, (unsigned int)v);
}

static int save_sa_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1], *sa[IPSECDP_SA_A_MAX + 1];
	char sbuf[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN];
	u32 spi = 0, rwin = 0, flags = 0;
	u8 proto = 0, mode = 0;

	(void)arg;
	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_SA] ||
	    nla_parse_nested(sa, IPSECDP_SA_A_MAX, tb[IPSECDP_A_SA], NULL) < 0)
		return NL_SKIP;
	attr_u8(sa[IPSECDP_SA_A_PROTO], &proto);
	attr_u32(sa[IPSECDP_SA_A_SPI], &spi);
	attr_u8(sa[IPSECDP_SA_A_MODE], &mode);
	attr_u32(sa[IPSECDP_SA_A_REPLAY_WINDOW], &rwin);
	attr_u32(sa[IPSECDP_SA_A_FLAGS], &flags);
	printf("sa add src %s dst %s",
	       fmt_addr(sa[IPSECDP_SA_A_SRC], sbuf, sizeof(sbuf)),
	       fmt_addr(sa[IPSECDP_SA_A_DST], dbuf, sizeof(dbuf)));
	save_proto(proto);
	printf(" spi 0x%x mode %s replay-window %u", spi,
	       mode_name(mode) ? mode_name(mode) : "transport", rwin);
	if (flags & IPSECDP_SA_F_ESN)
		printf(" flag esn");
	if (flags & IPSECDP_SA_F_ALIGN4)
		printf(" flag align4");
	if (sa[IPSECDP_SA_A_AEAD])
		save_alg("aead", sa[IPSECDP_SA_A_AEAD], true);
	if (sa[IPSECDP_SA_A_ENC])
		save_alg("enc", sa[IPSECDP_SA_A_ENC], false);
	if (sa[IPSECDP_SA_A_AUTH])
		save_alg("auth-trunc", sa[IPSECDP_SA_A_AUTH], true);
	save_limits(sa[IPSECDP_SA_A_LIFETIME]);
	/* where the SA is in its sequence space: a restored SA goes on */
	save_seq("replay-seq", sa[IPSECDP_SA_A_REPLAY_SEQ]);
	save_seq("replay-oseq", sa[IPSECDP_SA_A_REPLAY_OSEQ]);
	putchar('\n');
	return NL_OK;
}

static void save_range(const char *kw, struct nlattr *amin,
		       struct nlattr *amax)
{
	u16 lo = 0, hi = UINT16_MAX;

	attr_u16(amin, &lo);
	attr_u16(amax, &hi);
	if (lo == 0 && hi == UINT16_MAX)
		return;
	if (lo == hi)
		printf(" %s %u", kw, lo);
	else
		printf(" %s %u-%u", kw, lo, hi);
}

static void save_tmpl(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_TMPL_A_MAX + 1];
	char buf[INET6_ADDRSTRLEN];
	u8 proto = 0, mode = 0, level = 0;
	u32 spi;

	if (nla_parse_nested(tb, IPSECDP_TMPL_A_MAX, nest, NULL) < 0)
		return;
	printf(" tmpl");
	if (tb[IPSECDP_TMPL_A_SRC])
		printf(" src %s", fmt_addr(tb[IPSECDP_TMPL_A_SRC], buf,
					   sizeof(buf)));
	if (tb[IPSECDP_TMPL_A_DST])
		printf(" dst %s", fmt_addr(tb[IPSECDP_TMPL_A_DST], buf,
					   sizeof(buf)));
	attr_u8(tb[IPSECDP_TMPL_A_PROTO], &proto);
	save_proto(proto);
	attr_u8(tb[IPSECDP_TMPL_A_MODE], &mode);
	printf(" mode %s", mode_name(mode) ? mode_name(mode) : "transport");
	if (attr_u32(tb[IPSECDP_TMPL_A_SPI], &spi))
		printf(" spi 0x%x", spi);
	attr_u8(tb[IPSECDP_TMPL_A_LEVEL], &level);
	printf(" level %s", level < ARRAY_SIZE(level_names) ?
			    level_names[level] : "required");
}

static int save_pol_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1], *p[IPSECDP_POL_A_MAX + 1];
	char sbuf[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN];
	u8 splen = 0, dplen = 0, proto = 0, dir = 0, action = 0;
	bool icmp;
	u32 prio = 0;
	struct nlattr *a;
	int rem;

	(void)arg;
	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_POLICY] ||
	    nla_parse_nested(p, IPSECDP_POL_A_MAX, tb[IPSECDP_A_POLICY],
			     NULL) < 0)
		return NL_SKIP;
	attr_u8(p[IPSECDP_POL_A_SRC_PLEN], &splen);
	attr_u8(p[IPSECDP_POL_A_DST_PLEN], &dplen);
	attr_u8(p[IPSECDP_POL_A_PROTO], &proto);
	attr_u8(p[IPSECDP_POL_A_DIR], &dir);
	attr_u8(p[IPSECDP_POL_A_ACTION], &action);
	attr_u32(p[IPSECDP_POL_A_PRIORITY], &prio);
	printf("policy add src %s/%u dst %s/%u",
	       fmt_addr(p[IPSECDP_POL_A_SRC], sbuf, sizeof(sbuf)), splen,
	       fmt_addr(p[IPSECDP_POL_A_DST], dbuf, sizeof(dbuf)), dplen);
	if (proto) {
		icmp = ipsecdp_proto_has_type_code(proto);
		save_proto(proto);
		save_range(icmp ? "type" : "sport", p[IPSECDP_POL_A_SPORT_MIN],
			   p[IPSECDP_POL_A_SPORT_MAX]);
		save_range(icmp ? "code" : "dport", p[IPSECDP_POL_A_DPORT_MIN],
			   p[IPSECDP_POL_A_DPORT_MAX]);
	}
	printf(" dir %s priority %u action %s",
	       dir < ARRAY_SIZE(dir_names) ? dir_names[dir] : "out", prio,
	       action == IPSECDP_ACTION_BLOCK ? "block" : "allow");
	nla_for_each_nested(a, tb[IPSECDP_A_POLICY], rem)
		if (nla_type(a) == IPSECDP_POL_A_TMPL)
			save_tmpl(a);
	putchar('\n');
	return NL_OK;
}

int do_save(int argc, char **argv)
{
	struct nl_msg *msg;
	int ret;

	if (argc > 0)
		return unknown_kw(*argv), EXIT_USAGE;
	msg = req_new(IPSECDP_CMD_SA_GET, NLM_F_DUMP);
	if (!msg)
		return EXIT_NL;
	put_flag(msg, IPSECDP_A_KEYS);
	ret = req_talk(msg, save_sa_cb, NULL);
	if (ret)
		return ret;
	msg = req_new(IPSECDP_CMD_POLICY_GET, NLM_F_DUMP);
	if (!msg)
		return EXIT_NL;
	return req_talk(msg, save_pol_cb, NULL);
}
