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

/* " flag NAME" for each of @names' bits set in @flags, in table order */
static void save_flags(u32 flags, const struct kw *names)
{
	const struct kw *k;

	for (k = names; k->name; k++)
		if (flags & k->val)
			printf(" flag %s", k->name);
}

static void save_alg(const char *kw, const struct alg_info *a, bool icv)
{
	if (!a->present || a->malformed || !a->has_name)
		return;
	printf(" %s '%.*s' 0x", kw, a->rawlen, a->raw);
	if (a->key)
		print_hex(nla_data(a->key), nla_len(a->key));
	if (icv && a->has_icv)
		printf(" %u", a->icv);
}

/* "encap espinudp SPORT DPORT OADDR", the words that read it back */
static void save_encap(const struct encap_info *e)
{
	const char *type = encap_type_name(e->type);

	if (!e->present || e->malformed)
		return;
	if (type)
		printf(" encap %s", type);
	else
		printf(" encap %u", e->type);
	printf(" %u %u %s", e->sport, e->dport, e->oa_s);
}

static void save_limits(const struct sa_info *s)
{
	int i, l;

	if (!s->lft_ok)
		return;
	for (i = 0; lft_kws[i].name; i++) {
		l = lft_kws[i].val;
		if (s->lft_set[l] && s->lft[l])
			printf(" limit %s %llu", lft_kws[i].name,
			       (unsigned long long)s->lft[l]);
	}
}

/*
 * A sequence number in ip xfrm's words: "KW-hi H KW L" when it needs more
 * than 32 bits (ESN), "KW L" when it is not 0.
 */
static void save_seq(const char *kw, bool has, u64 v)
{
	if (!has || !v)
		return;
	if (v >> 32)
		printf(" %s-hi 0x%x", kw, (unsigned int)(v >> 32));
	printf(" %s 0x%x", kw, (unsigned int)v);
}

static int save_sa_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	struct sa_info s;

	(void)arg;
	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_SA] ||
	    sa_decode(tb[IPSECDP_A_SA], &s) < 0)
		return NL_SKIP;
	printf("sa add src %s dst %s", s.src_s, s.dst_s);
	save_proto(s.proto);
	printf(" spi 0x%x mode %s replay-window %u", s.spi,
	       mode_name(s.mode) ? mode_name(s.mode) : "transport", s.rwin);
	save_flags(s.flags, sa_flag_names);
	save_alg("aead", &s.aead, true);
	save_alg("enc", &s.enc, false);
	save_alg("auth-trunc", &s.auth, true);
	save_encap(&s.encap);
	if (s.has_pcpu)
		printf(" pcpu-num %u", s.pcpu);
	save_limits(&s);
	/* where the SA is in its sequence space: a restored SA goes on */
	save_seq("replay-seq", s.has_seq, s.seq);
	save_seq("replay-oseq", s.has_oseq, s.oseq);
	putchar('\n');
	return NL_OK;
}

static void save_range(const char *kw, bool has, u16 lo, u16 hi)
{
	if (!has)
		return;
	if (lo == hi)
		printf(" %s %u", kw, lo);
	else
		printf(" %s %u-%u", kw, lo, hi);
}

static void save_tmpl(struct nlattr *nest)
{
	struct tmpl_info t;

	if (tmpl_decode(nest, &t) < 0)
		return;
	printf(" tmpl");
	if (t.src_s)
		printf(" src %s", t.src_s);
	if (t.dst_s)
		printf(" dst %s", t.dst_s);
	save_proto(t.proto);
	printf(" mode %s", mode_name(t.mode) ? mode_name(t.mode) : "transport");
	if (t.has_spi)
		printf(" spi 0x%x", t.spi);
	printf(" level %s", t.level < ARRAY_SIZE(level_names) ?
			    level_names[t.level] : "required");
}

static int save_pol_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1], *a;
	struct pol_info p;
	bool icmp;
	int rem;

	(void)arg;
	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_POLICY] ||
	    pol_decode(tb[IPSECDP_A_POLICY], &p) < 0)
		return NL_SKIP;
	printf("policy add src %s dst %s", p.src, p.dst);
	if (p.proto) {
		icmp = ipsecdp_proto_has_type_code(p.proto);
		save_proto(p.proto);
		save_range(icmp ? "type" : "sport", p.has_sport, p.sport_lo,
			   p.sport_hi);
		save_range(icmp ? "code" : "dport", p.has_dport, p.dport_lo,
			   p.dport_hi);
	}
	printf(" dir %s priority %u action %s",
	       p.dir < ARRAY_SIZE(dir_names) ? dir_names[p.dir] : "out", p.prio,
	       p.action == IPSECDP_ACTION_BLOCK ? "block" : "allow");
	save_flags(p.flags, pol_flag_names);
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
