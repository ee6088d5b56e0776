// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: generic netlink commands on security associations. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "core/ipsecdp.h"
#include "core/nl_priv.h"
#include "sa/sa.h"

/* ---- parsing ---- */

static int ipsecdp_nl_parse_proto(const struct nlattr *attr, u8 *proto,
				  struct netlink_ext_ack *extack)
{
	u8 p = nla_get_u8(attr);

	if (p != IPPROTO_ESP && p != IPPROTO_AH) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "unsupported protocol: only esp and ah");
		return -EPROTONOSUPPORT;
	}
	*proto = p;
	return 0;
}

/* The identity of an SA: family, destination, protocol and SPI. */
static int ipsecdp_nl_parse_sa_id(const struct nlattr *nest,
				  struct nlattr **tb,
				  struct ipsecdp_sa_id *id,
				  struct netlink_ext_ack *extack)
{
	u32 spi;
	int err;

	memset(id, 0, sizeof(*id));
	err = ipsecdp_nl_parse_ends(nest, tb, IPSECDP_SA_A_FAMILY, -1,
				    IPSECDP_SA_A_DST, &id->family, NULL,
				    &id->daddr, extack);
	if (err)
		return err;
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_SA_A_PROTO,
			   "missing protocol") ||
	    IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_SA_A_SPI,
			   "missing SPI"))
		return -EINVAL;
	err = ipsecdp_nl_parse_proto(tb[IPSECDP_SA_A_PROTO], &id->proto,
				     extack);
	if (err)
		return err;
	/* any value: published test vectors use reserved SPIs */
	spi = nla_get_u32(tb[IPSECDP_SA_A_SPI]);
	id->spi = htonl(spi);
	return 0;
}

static int ipsecdp_nl_parse_alg(const struct nlattr *nest,
				struct ipsecdp_alg_cfg *alg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest,
			       ipsecdp_alg_nl_policy, extack);
	if (err)
		return err;
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_ALG_A_NAME,
			   "missing algorithm name"))
		return -EINVAL;

	nla_strscpy(alg->name, tb[IPSECDP_ALG_A_NAME], sizeof(alg->name));
	if (!alg->name[0]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_ALG_A_NAME],
				    "empty algorithm name");
		return -EINVAL;
	}
	if (tb[IPSECDP_ALG_A_KEY]) {
		alg->key = nla_data(tb[IPSECDP_ALG_A_KEY]);
		alg->key_len = nla_len(tb[IPSECDP_ALG_A_KEY]);
	}
	if (tb[IPSECDP_ALG_A_ICV_BITS]) {
		alg->icv_bits = nla_get_u32(tb[IPSECDP_ALG_A_ICV_BITS]);
		if (alg->icv_bits % 8) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_ALG_A_ICV_BITS],
					    "ICV length must be a multiple of 8 bits");
			return -EINVAL;
		}
	}
	alg->present = true;
	return 0;
}

static int ipsecdp_nl_parse_algs(struct nlattr **tb,
				 struct ipsecdp_sa_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *aead = tb[IPSECDP_SA_A_AEAD];
	struct nlattr *enc = tb[IPSECDP_SA_A_ENC];
	struct nlattr *auth = tb[IPSECDP_SA_A_AUTH];
	int err;

	if (cfg->proto == IPPROTO_AH) {
		if (aead || enc) {
			NL_SET_ERR_MSG_ATTR(extack, aead ? aead : enc,
					    "AH takes an authentication algorithm only");
			return -EINVAL;
		}
		if (!auth) {
			NL_SET_ERR_MSG_MOD(extack,
					   "AH needs an authentication algorithm");
			NL_SET_ERR_ATTR_MISS(extack, NULL, IPSECDP_SA_A_AUTH);
			return -EINVAL;
		}
	} else if (aead) {
		if (enc || auth) {
			NL_SET_ERR_MSG_ATTR(extack, enc ? enc : auth,
					    "AEAD excludes separate encryption and authentication");
			return -EINVAL;
		}
	} else if (!enc) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ESP needs an AEAD or an encryption algorithm");
		NL_SET_ERR_ATTR_MISS(extack, NULL, IPSECDP_SA_A_ENC);
		return -EINVAL;
	}

	if (aead) {
		err = ipsecdp_nl_parse_alg(aead, &cfg->aead, extack);
		if (err)
			return err;
	}
	if (enc) {
		err = ipsecdp_nl_parse_alg(enc, &cfg->enc, extack);
		if (err)
			return err;
	}
	if (auth) {
		err = ipsecdp_nl_parse_alg(auth, &cfg->auth, extack);
		if (err)
			return err;
	}
	return 0;
}

static u64 ipsecdp_nl_get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

static int ipsecdp_nl_parse_lft(const struct nlattr *nest,
				struct ipsecdp_lifetime *lft,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPSECDP_LFT_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IPSECDP_LFT_A_MAX, nest,
			       ipsecdp_lft_limits_nl_policy, extack);
	if (err)
		return err;
	lft->soft_bytes = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_SOFT_BYTES);
	lft->hard_bytes = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_HARD_BYTES);
	lft->soft_packets = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_SOFT_PACKETS);
	lft->hard_packets = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_HARD_PACKETS);
	lft->soft_secs = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_SOFT_SECS);
	lft->hard_secs = ipsecdp_nl_get_u64(tb, IPSECDP_LFT_A_HARD_SECS);
	return 0;
}

static int ipsecdp_nl_parse_replay(struct nlattr **tb,
				   struct ipsecdp_sa_cfg *cfg,
				   struct netlink_ext_ack *extack)
{
	struct nlattr *attr;

	attr = tb[IPSECDP_SA_A_FLAGS];
	if (attr) {
		/* unknown flags: refused by the policy (a mask) */
		cfg->flags = nla_get_u32(attr);
		if ((cfg->flags & IPSECDP_SA_F_ALIGN4) &&
		    (cfg->proto != IPPROTO_AH || cfg->family != AF_INET)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "flag align4 applies to AH over IPv4 only");
			return -EINVAL;
		}
	}

	/* at most IPSECDP_REPLAY_MAX: the policy checks it */
	if (tb[IPSECDP_SA_A_REPLAY_WINDOW])
		cfg->replay_window = nla_get_u32(tb[IPSECDP_SA_A_REPLAY_WINDOW]);

	cfg->replay_seq = ipsecdp_nl_get_u64(tb, IPSECDP_SA_A_REPLAY_SEQ);
	cfg->replay_oseq = ipsecdp_nl_get_u64(tb, IPSECDP_SA_A_REPLAY_OSEQ);
	if (!(cfg->flags & IPSECDP_SA_F_ESN)) {
		attr = cfg->replay_seq > U32_MAX ? tb[IPSECDP_SA_A_REPLAY_SEQ] :
		       cfg->replay_oseq > U32_MAX ?
		       tb[IPSECDP_SA_A_REPLAY_OSEQ] : NULL;
		if (attr) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "sequence number above 2^32 needs ESN");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * RFC 4303 3.4.3: the receiver may do anti-replay only with integrity,
 * and ESN's high half (never on the wire) is only verified by the ICV.
 * An encryption-only ESP SA would otherwise move its window on forged
 * packets: refuse replay-window and ESN on it rather than ignore them.
 */
static int ipsecdp_nl_check_integrity(struct nlattr **tb,
				      const struct ipsecdp_sa_cfg *cfg,
				      struct netlink_ext_ack *extack)
{
	if (cfg->proto != IPPROTO_ESP || cfg->aead.present ||
	    (cfg->auth.present && strcmp(cfg->auth.name, "digest_null")))
		return 0;
	if (cfg->replay_window) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_SA_A_REPLAY_WINDOW],
				    "anti-replay needs integrity (RFC 4303 3.4.3): an encryption-only SA takes replay-window 0");
		return -EINVAL;
	}
	if (cfg->flags & IPSECDP_SA_F_ESN) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_SA_A_FLAGS],
				    "ESN needs integrity (RFC 4303 2.2.1): not on an encryption-only SA");
		return -EINVAL;
	}
	return 0;
}

/*
 * UDP encapsulation (RFC 3948), ESP only. The policy has checked the
 * type (espinudp) and that the ports are not 0.
 */
static int ipsecdp_nl_parse_encap(const struct nlattr *nest,
				  struct ipsecdp_sa_cfg *cfg,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPSECDP_ENCAP_A_MAX + 1];
	struct ipsecdp_encap *e = &cfg->encap;
	int err;

	if (cfg->proto != IPPROTO_ESP) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "UDP encapsulation is for ESP only");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, IPSECDP_ENCAP_A_MAX, nest,
			       ipsecdp_encap_nl_policy, extack);
	if (err)
		return err;
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_ENCAP_A_TYPE,
			   "missing encapsulation type") ||
	    IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_ENCAP_A_SPORT,
			   "missing encapsulation source port") ||
	    IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_ENCAP_A_DPORT,
			   "missing encapsulation destination port"))
		return -EINVAL;
	e->type = nla_get_u16(tb[IPSECDP_ENCAP_A_TYPE]);
	e->sport = htons(nla_get_u16(tb[IPSECDP_ENCAP_A_SPORT]));
	e->dport = htons(nla_get_u16(tb[IPSECDP_ENCAP_A_DPORT]));
	if (!tb[IPSECDP_ENCAP_A_OA])
		return 0;
	return ipsecdp_nl_parse_addr(tb[IPSECDP_ENCAP_A_OA], cfg->family,
				     &e->oa, extack);
}

static int ipsecdp_nl_parse_sa_cfg(const struct nlattr *nest,
				   struct nlattr **tb,
				   struct ipsecdp_sa_cfg *cfg,
				   struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa_id id;
	int err;

	memset(cfg, 0, sizeof(*cfg));
	err = ipsecdp_nl_parse_sa_id(nest, tb, &id, extack);
	if (err)
		return err;
	cfg->family = id.family;
	cfg->daddr = id.daddr;
	cfg->proto = id.proto;
	cfg->spi = id.spi;

	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_SA_A_SRC,
			   "missing source address"))
		return -EINVAL;
	err = ipsecdp_nl_parse_addr(tb[IPSECDP_SA_A_SRC], cfg->family,
				    &cfg->saddr, extack);
	if (err)
		return err;

	cfg->mode = IPSECDP_MODE_TRANSPORT;
	if (tb[IPSECDP_SA_A_MODE])
		cfg->mode = nla_get_u8(tb[IPSECDP_SA_A_MODE]);

	err = ipsecdp_nl_parse_replay(tb, cfg, extack);
	if (err)
		return err;

	err = ipsecdp_nl_parse_algs(tb, cfg, extack);
	if (err)
		return err;
	err = ipsecdp_nl_check_integrity(tb, cfg, extack);
	if (err)
		return err;

	if (tb[IPSECDP_SA_A_LIFETIME]) {
		err = ipsecdp_nl_parse_lft(tb[IPSECDP_SA_A_LIFETIME],
					   &cfg->lft, extack);
		if (err)
			return err;
	}
	err = ipsecdp_sa_cfg_pcpu(cfg, tb[IPSECDP_SA_A_PCPU_NUM], extack);
	if (err)
		return err;
	if (tb[IPSECDP_SA_A_ENCAP])
		return ipsecdp_nl_parse_encap(tb[IPSECDP_SA_A_ENCAP], cfg,
					      extack);
	return 0;
}

/*
 * The IPSECDP_A_SA nest of a request, parsed with @policy, its
 * operation's (genetlink has validated it with the same already).
 */
static int ipsecdp_nl_sa_attrs(struct genl_info *info, struct nlattr **tb,
			       const struct nla_policy *policy)
{
	struct nlattr *nest = info->attrs[IPSECDP_A_SA];

	if (IPSECDP_NL_REQ(info->extack, NULL, info->attrs, IPSECDP_A_SA,
			   "missing SA attributes"))
		return -EINVAL;
	return nla_parse_nested(tb, IPSECDP_SA_A_MAX, nest, policy,
				info->extack);
}

/* ---- replies ---- */

static int ipsecdp_nl_put_alg(struct sk_buff *skb, int type,
			      const struct ipsecdp_alg_desc *alg, bool keys)
{
	struct nlattr *nest;

	/* the key only to dumps that ask (IPSECDP_A_KEYS: ipsecctl save) */
	nest = nla_nest_start(skb, type);
	if (!nest ||
	    nla_put_string(skb, IPSECDP_ALG_A_NAME, alg->name) ||
	    nla_put_u32(skb, IPSECDP_ALG_A_ICV_BITS, alg->icv_bits) ||
	    (keys && alg->key &&
	     nla_put(skb, IPSECDP_ALG_A_KEY, alg->key_len, alg->key)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_algs(struct sk_buff *skb,
			       const struct ipsecdp_crypto *c, bool keys)
{
	const struct ipsecdp_alg_desc *auth;

	if (ipsecdp_crypto_is_aead(c))
		return ipsecdp_nl_put_alg(skb, IPSECDP_SA_A_AEAD, &c->alg[0], keys);
	if (c->kind == IPSECDP_CK_AUTH_ONLY) {
		/* AH: wherever the glue put it, it is authentication */
		auth = c->alg[1].name[0] ? &c->alg[1] : &c->alg[0];
		return auth->name[0] ?
		       ipsecdp_nl_put_alg(skb, IPSECDP_SA_A_AUTH, auth, keys) : 0;
	}
	if (c->alg[0].name[0] &&
	    ipsecdp_nl_put_alg(skb, IPSECDP_SA_A_ENC, &c->alg[0], keys))
		return -EMSGSIZE;
	if (c->alg[1].name[0] &&
	    ipsecdp_nl_put_alg(skb, IPSECDP_SA_A_AUTH, &c->alg[1], keys))
		return -EMSGSIZE;
	return 0;
}

static bool ipsecdp_lft_any(const struct ipsecdp_lifetime *lft)
{
	return lft->soft_bytes || lft->hard_bytes || lft->soft_packets ||
	       lft->hard_packets || lft->soft_secs || lft->hard_secs;
}

static int ipsecdp_nl_put_lft(struct sk_buff *skb,
			      const struct ipsecdp_lifetime *lft)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IPSECDP_SA_A_LIFETIME);
	if (!nest ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_SOFT_BYTES, lft->soft_bytes,
			      IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_HARD_BYTES, lft->hard_bytes,
			      IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_SOFT_PACKETS,
			      lft->soft_packets, IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_HARD_PACKETS,
			      lft->hard_packets, IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_SOFT_SECS, lft->soft_secs,
			      IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_HARD_SECS, lft->hard_secs,
			      IPSECDP_LFT_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_curlft(struct sk_buff *skb,
				 const struct ipsecdp_sa *sa,
				 const struct ipsecdp_sa_stats *st)
{
	struct nlattr *nest;
	u64 bytes, packets;

	ipsecdp_sa_lft_counts(sa, st, &bytes, &packets);

	nest = nla_nest_start(skb, IPSECDP_SA_A_CURLFT);
	if (!nest ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_BYTES, bytes,
			      IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_PACKETS, packets,
			      IPSECDP_LFT_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_LFT_A_ADD_TIME, sa->add_time,
			      IPSECDP_LFT_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_sa_stats(struct sk_buff *skb,
				   const struct ipsecdp_sa_stats *st)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IPSECDP_SA_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_IN_PACKETS,
			      st->in_packets, IPSECDP_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_IN_BYTES,
			      st->in_bytes, IPSECDP_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_OUT_PACKETS,
			      st->out_packets, IPSECDP_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_OUT_BYTES,
			      st->out_bytes, IPSECDP_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_REPLAY,
			      st->replay, IPSECDP_SA_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_STAT_INTEGRITY,
			      st->integrity, IPSECDP_SA_STAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_encap(struct sk_buff *skb,
				const struct ipsecdp_sa *sa)
{
	const struct ipsecdp_encap *e = &sa->encap;
	struct nlattr *nest;

	if (!ipsecdp_sa_encap(sa))
		return 0;
	nest = nla_nest_start(skb, IPSECDP_SA_A_ENCAP);
	if (!nest ||
	    nla_put_u16(skb, IPSECDP_ENCAP_A_TYPE, e->type) ||
	    nla_put_u16(skb, IPSECDP_ENCAP_A_SPORT, ntohs(e->sport)) ||
	    nla_put_u16(skb, IPSECDP_ENCAP_A_DPORT, ntohs(e->dport)) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_ENCAP_A_OA, sa->family, &e->oa))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* An IPSECDP_A_SA nest describing @sa; the caller cancels on error. */
static int ipsecdp_nl_sa_fill_keys(struct sk_buff *skb, struct ipsecdp_sa *sa,
				   bool keys)
{
	struct ipsecdp_sa_stats st;
	struct nlattr *nest;

	ipsecdp_sa_stats_fold(sa, &st);

	nest = nla_nest_start(skb, IPSECDP_A_SA);
	if (!nest ||
	    nla_put_u16(skb, IPSECDP_SA_A_FAMILY, sa->family) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_SA_A_SRC, sa->family,
				&sa->saddr) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_SA_A_DST, sa->family,
				&sa->daddr) ||
	    nla_put_u8(skb, IPSECDP_SA_A_PROTO, sa->proto) ||
	    nla_put_u32(skb, IPSECDP_SA_A_SPI, ntohl(sa->spi)) ||
	    nla_put_u8(skb, IPSECDP_SA_A_MODE, sa->mode) ||
	    nla_put_u32(skb, IPSECDP_SA_A_REPLAY_WINDOW, sa->replay.window) ||
	    nla_put_u32(skb, IPSECDP_SA_A_FLAGS, sa->flags) ||
	    ipsecdp_nl_put_algs(skb, &sa->crypto, keys) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_A_REPLAY_SEQ,
			      ipsecdp_replay_top(&sa->replay),
			      IPSECDP_SA_A_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_SA_A_REPLAY_OSEQ,
			      atomic64_read(&sa->oseq), IPSECDP_SA_A_PAD) ||
	    (ipsecdp_lft_any(&sa->lft) && ipsecdp_nl_put_lft(skb, &sa->lft)) ||
	    ipsecdp_nl_put_curlft(skb, sa, &st) ||
	    ipsecdp_nl_put_sa_stats(skb, &st) ||
	    ipsecdp_nl_put_encap(skb, sa) ||
	    (sa->pcpu_num != IPSECDP_PCPU_NONE &&
	     nla_put_u32(skb, IPSECDP_SA_A_PCPU_NUM, sa->pcpu_num)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int ipsecdp_nl_sa_fill(struct sk_buff *skb, struct ipsecdp_sa *sa)
{
	return ipsecdp_nl_sa_fill_keys(skb, sa, false);
}

/* ---- commands ---- */

/*
 * SA_ADD, or SA_UPDATE: replace the SA of the same destination,
 * protocol and SPI; see ipsecdp_sa_update() for what the new SA keeps
 * of the old one.
 */
static int ipsecdp_nl_sa_set(struct genl_info *info, bool update)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	struct ipsecdp_sa_cfg *cfg;
	int err;

	err = ipsecdp_nl_sa_attrs(info, tb, ipsecdp_sa_cfg_nl_policy);
	if (err)
		return err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = ipsecdp_nl_parse_sa_cfg(info->attrs[IPSECDP_A_SA], tb, cfg,
				      info->extack);
	if (!err && info->attrs[IPSECDP_A_BATCH]) {
		err = ipsecdp_batch_sa_add(info, cfg);
	} else if (!err) {
		mutex_lock(&pn->cfg_lock);
		if (update)
			err = ipsecdp_sa_update(pn, cfg,
						!!tb[IPSECDP_SA_A_REPLAY_SEQ],
						!!tb[IPSECDP_SA_A_REPLAY_OSEQ],
						info->extack);
		else
			err = ipsecdp_sa_add(pn, cfg, info->extack);
		mutex_unlock(&pn->cfg_lock);
	}
	/* holds pointers to the keys only, but wipe it all the same */
	kfree_sensitive(cfg);
	return err;
}

int ipsecdp_nl_sa_add(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_sa_set(info, false);
}

int ipsecdp_nl_sa_update(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_unbatched(info) ?: ipsecdp_nl_sa_set(info, true);
}

int ipsecdp_nl_sa_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	struct ipsecdp_sa_id id;
	int err;

	err = ipsecdp_nl_sa_attrs(info, tb, ipsecdp_sa_id_nl_policy);
	if (err)
		return err;
	err = ipsecdp_nl_parse_sa_id(info->attrs[IPSECDP_A_SA], tb, &id,
				     info->extack);
	if (err)
		return err;
	if (info->attrs[IPSECDP_A_BATCH])
		return ipsecdp_batch_sa_del(info, &id);

	mutex_lock(&pn->cfg_lock);
	err = ipsecdp_sa_del(pn, &id, info->extack);
	mutex_unlock(&pn->cfg_lock);
	return err;
}

int ipsecdp_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	struct ipsecdp_sa_id id;
	struct ipsecdp_sa *sa;
	struct sk_buff *msg;
	void *hdr;
	int err;

	err = ipsecdp_nl_sa_attrs(info, tb, ipsecdp_sa_id_nl_policy);
	if (err)
		return err;
	err = ipsecdp_nl_parse_sa_id(info->attrs[IPSECDP_A_SA], tb, &id,
				     info->extack);
	if (err)
		return err;

	msg = ipsecdp_nl_reply_new(info, IPSECDP_CMD_SA_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->cfg_lock);
	sa = ipsecdp_sa_lookup(pn, &id);
	if (sa) {
		err = ipsecdp_nl_sa_fill(msg, sa);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "no such SA");
		err = -ENOENT;
	}
	mutex_unlock(&pn->cfg_lock);
	return ipsecdp_nl_reply_send(info, msg, hdr, err);
}

int ipsecdp_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct ipsecdp_nl_dump d = IPSECDP_NL_DUMP(skb, cb, IPSECDP_CMD_SA_GET);
	struct ipsecdp_net *pn = ipsecdp_pernet(sock_net(skb->sk));
	struct ipsecdp_sa *sa;
	void *hdr;
	bool keys;

	/* the request's attributes were validated by genetlink */
	keys = nla_find(nlmsg_attrdata(cb->nlh, GENL_HDRLEN),
			nlmsg_attrlen(cb->nlh, GENL_HDRLEN), IPSECDP_A_KEYS);

	mutex_lock(&pn->cfg_lock);
	list_for_each_entry(sa, &pn->sad.all, list) {
		hdr = ipsecdp_nl_dump_start(&d);
		if (hdr)
			ipsecdp_nl_dump_end(&d, hdr,
					    ipsecdp_nl_sa_fill_keys(skb, sa, keys));
		if (d.err)
			break;
	}
	mutex_unlock(&pn->cfg_lock);
	return ipsecdp_nl_dump_done(&d);
}

int ipsecdp_nl_sa_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	u8 proto = 0;
	int err;

	if (info->attrs[IPSECDP_A_SA]) {
		err = ipsecdp_nl_sa_attrs(info, tb, ipsecdp_sa_proto_nl_policy);
		if (err)
			return err;
		if (tb[IPSECDP_SA_A_PROTO]) {
			err = ipsecdp_nl_parse_proto(tb[IPSECDP_SA_A_PROTO],
						     &proto, info->extack);
			if (err)
				return err;
		}
	}

	if (info->attrs[IPSECDP_A_BATCH])
		return ipsecdp_batch_sa_flush(info, proto);
	mutex_lock(&pn->cfg_lock);
	ipsecdp_sa_flush(pn, proto);
	mutex_unlock(&pn->cfg_lock);
	return 0;
}
