// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRM netlink messages on SAs (NEWSA, UPDSA, DELSA, GETSA and
 * its dump, FLUSHSA, GETAE, GETSADINFO), translated to and from the
 * SAD's own terms.
 *
 * What ipsecdp keeps of an xfrm_usersa_info: addresses, SPI, protocol,
 * mode, replay window and sequence numbers, the flags esn and align4,
 * algorithms with their keys, lifetimes by bytes, packets and seconds
 * since the add, and UDP encapsulation. It keeps the reqid as a label
 * (replies and EXPIRE events carry it back) and ignores the SA's
 * selector (ipsecdp's templates choose SAs by addresses, protocol and
 * mode; like ipsecctl, which takes both words for ip xfrm's sake),
 * the flags noecn, decap-dscp, wildrecv and af-unspec, and refuses the
 * rest (marks, interface ids, security contexts, offload, TFC padding,
 * lifetimes counted from first use).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/ipsec.h>
#include <linux/udp.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "core/netlink.h"
#include "core/xfrm_nl.h"
#include "sa/sa.h"

/* Flags ipsecdp accepts and does not act on (documented above). */
#define IPSECDP_XFRM_SA_IGNORED (XFRM_STATE_NOECN | XFRM_STATE_DECAP_DSCP | \
				 XFRM_STATE_WILDRECV | XFRM_STATE_AF_UNSPEC)

/*
 * XFRM's short names (ip xfrm's "enc aes", "auth sha256") and the ICV
 * length XFRM gives an XFRMA_ALG_AUTH algorithm (no truncation stated).
 */
struct ipsecdp_xfrm_alg {
	const char	*name;
	const char	*compat;
	unsigned int	trunc_bits;
};

static const struct ipsecdp_xfrm_alg ipsecdp_xfrm_algs[] = {
	{ "cbc(aes)",		"aes",		0 },
	{ "ecb(cipher_null)",	"cipher_null",	0 },
	{ "hmac(sha1)",		"sha1",		96 },
	{ "hmac(sha256)",	"sha256",	96 },
	{ "hmac(sha384)",	"sha384",	192 },
	{ "hmac(sha512)",	"sha512",	256 },
	{ "xcbc(aes)",		NULL,		96 },
	{ "cmac(aes)",		NULL,		96 },
	{ "digest_null",	NULL,		0 },
};

static const struct ipsecdp_xfrm_alg *ipsecdp_xfrm_alg_find(const char *n)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipsecdp_xfrm_algs); i++) {
		const struct ipsecdp_xfrm_alg *a = &ipsecdp_xfrm_algs[i];

		if (!strcmp(a->name, n) || (a->compat && !strcmp(a->compat, n)))
			return a;
	}
	return NULL;
}

/*
 * One algorithm attribute: its name (NUL-terminated within its 64
 * bytes), a key of @key_bits that must fit in the attribute, the ICV
 * length in bits (0: XFRM's default for the name).
 */
static int ipsecdp_xfrm_alg(const struct nlattr *attr, const char *name,
			    unsigned int hdr, unsigned int key_bits,
			    unsigned int icv_bits, struct ipsecdp_alg_cfg *alg,
			    struct netlink_ext_ack *extack)
{
	const struct ipsecdp_xfrm_alg *known;
	unsigned int key_len = DIV_ROUND_UP(key_bits, 8);

	if (strnlen(name, IPSECDP_ALG_NAME_MAX) == IPSECDP_ALG_NAME_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "algorithm name not terminated");
		return -EINVAL;
	}
	if (key_bits % 8 || nla_len(attr) < hdr + key_len) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "key length is not whole bytes or exceeds the attribute");
		return -EINVAL;
	}
	known = ipsecdp_xfrm_alg_find(name);
	strscpy(alg->name, known ? known->name : name, sizeof(alg->name));
	alg->key = (const u8 *)nla_data(attr) + hdr;
	alg->key_len = key_len;
	alg->icv_bits = icv_bits ?: (known ? known->trunc_bits : 0);
	alg->present = true;
	return 0;
}

/* ESP: aead, or enc with optional auth; AH: auth only. */
static bool ipsecdp_xfrm_algs_valid(const struct ipsecdp_sa_cfg *cfg)
{
	if (cfg->proto == IPPROTO_AH)
		return cfg->auth.present && !cfg->enc.present &&
		       !cfg->aead.present;
	if (cfg->aead.present)
		return !cfg->enc.present && !cfg->auth.present;
	return cfg->enc.present;
}

static int ipsecdp_xfrm_sa_algs(struct nlattr **attrs,
				struct ipsecdp_sa_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int err = 0;

	a = attrs[XFRMA_ALG_AEAD];
	if (a) {
		const struct xfrm_algo_aead *x = nla_data(a);

		err = ipsecdp_xfrm_alg(a, x->alg_name, sizeof(*x),
				       x->alg_key_len, x->alg_icv_len,
				       &cfg->aead, extack);
	}
	a = attrs[XFRMA_ALG_CRYPT];
	if (!err && a) {
		const struct xfrm_algo *x = nla_data(a);

		err = ipsecdp_xfrm_alg(a, x->alg_name, sizeof(*x),
				       x->alg_key_len, 0, &cfg->enc, extack);
	}
	a = attrs[XFRMA_ALG_AUTH_TRUNC];
	if (!err && a) {
		const struct xfrm_algo_auth *x = nla_data(a);

		err = ipsecdp_xfrm_alg(a, x->alg_name, sizeof(*x),
				       x->alg_key_len, x->alg_trunc_len,
				       &cfg->auth, extack);
	} else if (!err && attrs[XFRMA_ALG_AUTH]) {
		const struct xfrm_algo *x;

		a = attrs[XFRMA_ALG_AUTH];
		x = nla_data(a);
		err = ipsecdp_xfrm_alg(a, x->alg_name, sizeof(*x),
				       x->alg_key_len, 0, &cfg->auth, extack);
	}
	if (err)
		return err;
	if (!ipsecdp_xfrm_algs_valid(cfg)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ESP takes aead, or enc with optional auth; AH takes auth only");
		return -EINVAL;
	}
	/* as the generic netlink API: RFC 4303 3.4.3 and 2.2.1 */
	if (cfg->enc.present && (cfg->replay_window ||
				 (cfg->flags & IPSECDP_SA_F_ESN)) &&
	    (!cfg->auth.present || !strcmp(cfg->auth.name, "digest_null"))) {
		NL_SET_ERR_MSG_MOD(extack,
				   "anti-replay and ESN need integrity: not on an encryption-only SA");
		return -EINVAL;
	}
	return 0;
}

static u64 ipsecdp_xfrm_limit(u64 v)
{
	return v == XFRM_INF ? 0 : v;
}

static int ipsecdp_xfrm_sa_lft(const struct xfrm_lifetime_cfg *x,
			       struct ipsecdp_lifetime *lft,
			       struct netlink_ext_ack *extack)
{
	if (ipsecdp_xfrm_limit(x->soft_use_expires_seconds) ||
	    ipsecdp_xfrm_limit(x->hard_use_expires_seconds)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "lifetimes from first use are not supported (only from the add)");
		return -EOPNOTSUPP;
	}
	lft->soft_bytes = ipsecdp_xfrm_limit(x->soft_byte_limit);
	lft->hard_bytes = ipsecdp_xfrm_limit(x->hard_byte_limit);
	lft->soft_packets = ipsecdp_xfrm_limit(x->soft_packet_limit);
	lft->hard_packets = ipsecdp_xfrm_limit(x->hard_packet_limit);
	lft->soft_secs = ipsecdp_xfrm_limit(x->soft_add_expires_seconds);
	lft->hard_secs = ipsecdp_xfrm_limit(x->hard_add_expires_seconds);
	return 0;
}

/*
 * Replay window and sequence numbers: XFRMA_REPLAY_ESN_VAL (any window,
 * required with ESN), else the header's window and XFRMA_REPLAY_VAL.
 * *@set_seq / *@set_oseq: the request gave them (UPDSA keeps the old).
 */
static int ipsecdp_xfrm_sa_replay(const struct xfrm_usersa_info *p,
				  struct nlattr **attrs,
				  struct ipsecdp_sa_cfg *cfg, bool *set_seq,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *a = attrs[XFRMA_REPLAY_ESN_VAL];

	cfg->replay_window = p->replay_window;
	if (a) {
		const struct xfrm_replay_state_esn *r = nla_data(a);

		/* XFRM's rule: the whole bitmap, or none (ip xfrm sends none) */
		if (nla_len(a) != sizeof(*r) &&
		    nla_len(a) < sizeof(*r) + r->bmp_len * sizeof(__u32)) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "replay state shorter than its bitmap");
			return -EINVAL;
		}
		cfg->replay_window = r->replay_window;
		cfg->replay_seq = (u64)r->seq_hi << 32 | r->seq;
		cfg->replay_oseq = (u64)r->oseq_hi << 32 | r->oseq;
		*set_seq = true;
	} else if (cfg->flags & IPSECDP_SA_F_ESN) {
		NL_SET_ERR_MSG_MOD(extack, "ESN needs XFRMA_REPLAY_ESN_VAL");
		return -EINVAL;
	} else if (attrs[XFRMA_REPLAY_VAL]) {
		const struct xfrm_replay_state *r =
			nla_data(attrs[XFRMA_REPLAY_VAL]);

		cfg->replay_seq = r->seq;
		cfg->replay_oseq = r->oseq;
		*set_seq = true;
	}
	if (cfg->replay_window > IPSECDP_REPLAY_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "replay window above 4096 packets");
		return -EINVAL;
	}
	if (!(cfg->flags & IPSECDP_SA_F_ESN) &&
	    (cfg->replay_seq > U32_MAX || cfg->replay_oseq > U32_MAX)) {
		NL_SET_ERR_MSG_MOD(extack, "sequence number above 2^32 needs ESN");
		return -EINVAL;
	}
	return 0;
}

static int ipsecdp_xfrm_sa_encap(struct nlattr **attrs,
				 struct ipsecdp_sa_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *a = attrs[XFRMA_ENCAP];
	const struct xfrm_encap_tmpl *e;

	if (!a)
		return 0;
	e = nla_data(a);
	if (cfg->proto != IPPROTO_ESP || e->encap_type != UDP_ENCAP_ESPINUDP ||
	    !e->encap_sport || !e->encap_dport) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "only espinudp encapsulation of ESP, with both ports");
		return -EINVAL;
	}
	cfg->encap.type = IPSECDP_ENCAP_TYPE_ESPINUDP;
	cfg->encap.sport = e->encap_sport;
	cfg->encap.dport = e->encap_dport;
	ipsecdp_xfrm_addr_in(&cfg->encap.oa, &e->encap_oa, cfg->family);
	return 0;
}

static int ipsecdp_xfrm_sa_ident(const struct xfrm_usersa_info *p,
				 struct ipsecdp_sa_cfg *cfg,
				 struct netlink_ext_ack *extack)
{
	if (p->family != AF_INET && p->family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "only inet and inet6 SAs");
		return -EAFNOSUPPORT;
	}
	if (p->id.proto != IPPROTO_ESP && p->id.proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_MOD(extack, "only esp and ah SAs");
		return -EPROTONOSUPPORT;
	}
	if (p->mode != XFRM_MODE_TRANSPORT && p->mode != XFRM_MODE_TUNNEL) {
		NL_SET_ERR_MSG_MOD(extack, "only transport and tunnel mode");
		return -EINVAL;
	}
	if (p->flags & ~(IPSECDP_XFRM_SA_IGNORED | XFRM_STATE_ESN |
			 XFRM_STATE_ALIGN4)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "unsupported SA flag (ipsecdp: esn, align4; noecn, decap-dscp, wildrecv, af-unspec ignored)");
		return -EINVAL;
	}
	cfg->family = p->family;
	cfg->reqid = p->reqid;
	cfg->proto = p->id.proto;
	cfg->mode = p->mode == XFRM_MODE_TUNNEL ? IPSECDP_MODE_TUNNEL :
						  IPSECDP_MODE_TRANSPORT;
	cfg->spi = p->id.spi;
	ipsecdp_xfrm_addr_in(&cfg->saddr, &p->saddr, p->family);
	ipsecdp_xfrm_addr_in(&cfg->daddr, &p->id.daddr, p->family);
	if (p->flags & XFRM_STATE_ESN)
		cfg->flags |= IPSECDP_SA_F_ESN;
	if (p->flags & XFRM_STATE_ALIGN4) {
		if (cfg->proto != IPPROTO_AH || cfg->family != AF_INET) {
			NL_SET_ERR_MSG_MOD(extack,
					   "flag align4 applies to AH over IPv4 only");
			return -EINVAL;
		}
		cfg->flags |= IPSECDP_SA_F_ALIGN4;
	}
	return 0;
}

static int ipsecdp_xfrm_sa_cfg(const struct xfrm_usersa_info *p,
			       struct nlattr **attrs,
			       struct ipsecdp_sa_cfg *cfg, bool *set_seq,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *a;
	int err;

	/* first, as XFRM: what the direction rules out, in its words */
	memset(cfg, 0, sizeof(*cfg));
	err = ipsecdp_xfrm_sa_dir(p, attrs, cfg, extack);
	if (err)
		return err;
	a = attrs[XFRMA_SA_EXTRA_FLAGS];
	if (a && nla_get_u32(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "SA extra flags are not supported");
		return -EOPNOTSUPP;
	}
	a = attrs[XFRMA_IF_ID] ?: attrs[XFRMA_TFCPAD];
	if (a && nla_get_u32(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "interface ids and TFC padding are not supported");
		return -EOPNOTSUPP;
	}
	a = attrs[XFRMA_MARK];
	if (a && ((const struct xfrm_mark *)nla_data(a))->m) {
		NL_SET_ERR_MSG_ATTR(extack, a, "marks are not supported");
		return -EOPNOTSUPP;
	}

	err = ipsecdp_xfrm_sa_ident(p, cfg, extack);
	if (err)
		return err;
	if (attrs[XFRMA_ALG_COMP]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[XFRMA_ALG_COMP],
				    "IPComp is not supported");
		return -EOPNOTSUPP;
	}
	/* the replay state before the algorithms, which check it */
	err = ipsecdp_xfrm_sa_replay(p, attrs, cfg, set_seq, extack) ?:
	      ipsecdp_xfrm_sa_algs(attrs, cfg, extack) ?:
	      ipsecdp_xfrm_sa_lft(&p->lft, &cfg->lft, extack);
	if (err)
		return err;
	return ipsecdp_xfrm_sa_encap(attrs, cfg, extack);
}

/*
 * NEWSA adds; UPDSA replaces, or adds when the SPI was reserved by
 * ALLOCSPI (XFRM's larval SA). Either uses up the reservation.
 */
static int ipsecdp_xfrm_sa_install(struct ipsecdp_net *pn,
				   struct ipsecdp_sa_cfg *cfg, bool update,
				   bool set_seq, struct netlink_ext_ack *extack)
{
	struct ipsecdp_xfrm_net *xn = ipsecdp_xfrm_net(pn->net);
	struct ipsecdp_sa_id id = {
		.daddr	= cfg->daddr,
		.spi	= cfg->spi,
		.family	= cfg->family,
		.proto	= cfg->proto,
	};
	int err;

	mutex_lock(&pn->cfg_lock);
	if (update && !ipsecdp_xfrm_larval_find(xn, &id))
		err = ipsecdp_sa_update(pn, cfg, set_seq, set_seq, extack);
	else
		err = ipsecdp_sa_add(pn, cfg, extack);
	mutex_unlock(&pn->cfg_lock);
	if (!err)
		ipsecdp_xfrm_larval_drop(xn, &id);
	return err;
}

static int ipsecdp_xfrm_sa_set(struct ipsecdp_net *pn, struct sk_buff *skb,
			       const struct nlmsghdr *nlh,
			       struct nlattr **attrs,
			       struct netlink_ext_ack *extack)
{
	const struct xfrm_usersa_info *p = nlmsg_data(nlh);
	struct ipsecdp_sa_cfg *cfg;
	bool set_seq = false;
	int err;

	cfg = kmalloc(sizeof(*cfg), GFP_KERNEL);
	if (!cfg)
		return -ENOMEM;
	err = ipsecdp_xfrm_sa_cfg(p, attrs, cfg, &set_seq, extack);
	if (!err)
		err = ipsecdp_xfrm_sa_install(pn, cfg,
					      nlh->nlmsg_type == XFRM_MSG_UPDSA,
					      set_seq, extack);
	/* holds pointers to the keys only, but wipe it all the same */
	kfree_sensitive(cfg);
	return err;
}

/* ---- replies: XFRM_MSG_NEWSA messages ---- */

static u64 ipsecdp_xfrm_inf(u64 v)
{
	return v ?: XFRM_INF;
}

static void ipsecdp_xfrm_put_lft(struct xfrm_lifetime_cfg *x,
				 const struct ipsecdp_lifetime *lft)
{
	x->soft_byte_limit = ipsecdp_xfrm_inf(lft->soft_bytes);
	x->hard_byte_limit = ipsecdp_xfrm_inf(lft->hard_bytes);
	x->soft_packet_limit = ipsecdp_xfrm_inf(lft->soft_packets);
	x->hard_packet_limit = ipsecdp_xfrm_inf(lft->hard_packets);
	x->soft_add_expires_seconds = lft->soft_secs;
	x->hard_add_expires_seconds = lft->hard_secs;
}

/* @type: XFRMA_ALG_AEAD, _CRYPT or _AUTH_TRUNC; keys are always given. */
static int ipsecdp_xfrm_put_alg(struct sk_buff *skb, int type,
				const struct ipsecdp_alg_desc *d)
{
	size_t hdr = type == XFRMA_ALG_CRYPT ? sizeof(struct xfrm_algo) :
		     sizeof(struct xfrm_algo_auth);
	struct xfrm_algo_auth *x;
	struct nlattr *a;

	/* xfrm_algo_aead and xfrm_algo_auth have the same layout */
	BUILD_BUG_ON(sizeof(struct xfrm_algo_aead) != sizeof(*x));
	a = nla_reserve(skb, type, hdr + d->key_len);
	if (!a)
		return -EMSGSIZE;
	x = nla_data(a);
	memset(x, 0, hdr);
	strscpy(x->alg_name, d->name, sizeof(x->alg_name));
	x->alg_key_len = d->key_len * 8;
	if (type == XFRMA_ALG_CRYPT)
		memcpy(((struct xfrm_algo *)x)->alg_key, d->key, d->key_len);
	else
		memcpy(x->alg_key, d->key, d->key_len);
	if (type != XFRMA_ALG_CRYPT)
		x->alg_trunc_len = d->icv_bits;
	return 0;
}

static int ipsecdp_xfrm_put_algs(struct sk_buff *skb,
				 const struct ipsecdp_crypto *c)
{
	const struct ipsecdp_alg_desc *auth;

	if (ipsecdp_crypto_is_aead(c))
		return ipsecdp_xfrm_put_alg(skb, XFRMA_ALG_AEAD, &c->alg[0]);
	if (c->kind == IPSECDP_CK_AUTH_ONLY) {
		auth = c->alg[1].name[0] ? &c->alg[1] : &c->alg[0];
		return ipsecdp_xfrm_put_alg(skb, XFRMA_ALG_AUTH_TRUNC, auth);
	}
	if (ipsecdp_xfrm_put_alg(skb, XFRMA_ALG_CRYPT, &c->alg[0]))
		return -EMSGSIZE;
	if (c->alg[1].name[0])
		return ipsecdp_xfrm_put_alg(skb, XFRMA_ALG_AUTH_TRUNC,
					    &c->alg[1]);
	return 0;
}

/* XFRM's bitmap length for a window of @window packets, in 32-bit words */
static unsigned int ipsecdp_xfrm_bmp_len(u32 window)
{
	return DIV_ROUND_UP(window, 32);
}

/*
 * The replay state with its window, as XFRM reports it: ESN SAs in
 * struct xfrm_replay_state_esn (a bitmap of the whole window, bit
 * (seq - 1) % window), the others in struct xfrm_replay_state (32 bits,
 * bit i for top - i).
 */
static int ipsecdp_xfrm_put_replay(struct sk_buff *skb, struct ipsecdp_sa *sa)
{
	unsigned int words = ipsecdp_xfrm_bmp_len(sa->replay.window);
	u64 oseq = atomic64_read(&sa->oseq);
	struct xfrm_replay_state_esn *esn;
	struct xfrm_replay_state r = {};
	struct nlattr *a;
	u64 seq;

	if (!(sa->flags & IPSECDP_SA_F_ESN)) {
		seq = ipsecdp_replay_get(&sa->replay, &r.bitmap, 1, false);
		r.oseq = lower_32_bits(oseq);
		r.seq = lower_32_bits(seq);
		return nla_put(skb, XFRMA_REPLAY_VAL, sizeof(r), &r);
	}
	a = nla_reserve(skb, XFRMA_REPLAY_ESN_VAL,
			struct_size(esn, bmp, words));
	if (!a)
		return -EMSGSIZE;
	esn = nla_data(a);
	seq = ipsecdp_replay_get(&sa->replay, esn->bmp, words, true);
	esn->bmp_len = words;
	esn->oseq = lower_32_bits(oseq);
	esn->seq = lower_32_bits(seq);
	esn->oseq_hi = upper_32_bits(oseq);
	esn->seq_hi = upper_32_bits(seq);
	esn->replay_window = sa->replay.window;
	return 0;
}

static int ipsecdp_xfrm_put_encap(struct sk_buff *skb,
				  const struct ipsecdp_sa *sa)
{
	struct xfrm_encap_tmpl e = {
		.encap_type	= UDP_ENCAP_ESPINUDP,
		.encap_sport	= sa->encap.sport,
		.encap_dport	= sa->encap.dport,
	};

	if (!ipsecdp_sa_encap(sa))
		return 0;
	ipsecdp_xfrm_addr_out(&e.encap_oa, &sa->encap.oa, sa->family);
	return nla_put(skb, XFRMA_ENCAP, sizeof(e), &e);
}

/* XFRM's current lifetime of @sa; @st gets its folded statistics */
static void ipsecdp_xfrm_curlft(const struct ipsecdp_sa *sa,
				struct xfrm_lifetime_cur *cur,
				struct ipsecdp_sa_stats *st)
{
	u64 bytes, packets;

	ipsecdp_sa_stats_fold(sa, st);
	ipsecdp_sa_lft_counts(sa, st, &bytes, &packets);
	cur->bytes = bytes;
	cur->packets = packets;
	cur->add_time = sa->add_time;
}

void ipsecdp_xfrm_sa_info(struct xfrm_usersa_info *p, const struct ipsecdp_sa *sa)
{
	struct ipsecdp_sa_stats st;

	memset(p, 0, sizeof(*p));
	p->sel.family = sa->family;
	ipsecdp_xfrm_addr_out(&p->id.daddr, &sa->daddr, sa->family);
	p->id.spi = sa->spi;
	p->id.proto = sa->proto;
	ipsecdp_xfrm_addr_out(&p->saddr, &sa->saddr, sa->family);
	p->family = sa->family;
	p->reqid = sa->reqid;
	p->mode = sa->mode == IPSECDP_MODE_TUNNEL ? XFRM_MODE_TUNNEL :
						    XFRM_MODE_TRANSPORT;
	p->replay_window = min_t(u32, sa->replay.window, U8_MAX);
	if (sa->flags & IPSECDP_SA_F_ESN)
		p->flags |= XFRM_STATE_ESN;
	if (sa->flags & IPSECDP_SA_F_ALIGN4)
		p->flags |= XFRM_STATE_ALIGN4;
	ipsecdp_xfrm_put_lft(&p->lft, &sa->lft);

	ipsecdp_xfrm_curlft(sa, &p->curlft, &st);
	p->stats.replay_window = sa->replay.window;
	p->stats.replay = min_t(u64, st.replay, U32_MAX);
	p->stats.integrity_failed = min_t(u64, st.integrity, U32_MAX);
}

static int ipsecdp_xfrm_put_pcpu(struct sk_buff *skb,
				 const struct ipsecdp_sa *sa)
{
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	if (sa->xfrm_dir && nla_put_u8(skb, XFRMA_SA_DIR, sa->xfrm_dir))
		return -EMSGSIZE;
	if (sa->pcpu_num != IPSECDP_PCPU_NONE)
		return nla_put_u32(skb, XFRMA_SA_PCPU, sa->pcpu_num);
#endif
	return 0;
}

int ipsecdp_xfrm_sa_put_attrs(struct sk_buff *skb, struct ipsecdp_sa *sa)
{
	if (ipsecdp_xfrm_put_algs(skb, &sa->crypto) ||
	    ipsecdp_xfrm_put_replay(skb, sa) ||
	    ipsecdp_xfrm_put_encap(skb, sa) ||
	    ipsecdp_xfrm_put_pcpu(skb, sa))
		return -EMSGSIZE;
	return 0;
}

static int ipsecdp_xfrm_sa_fill(struct sk_buff *skb, struct ipsecdp_sa *sa,
				u32 portid, u32 seq, u16 flags)
{
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, XFRM_MSG_NEWSA,
			sizeof(struct xfrm_usersa_info), flags);
	if (!nlh)
		return -EMSGSIZE;
	ipsecdp_xfrm_sa_info(nlmsg_data(nlh), sa);
	return ipsecdp_xfrm_msg_end(skb, nlh, ipsecdp_xfrm_sa_put_attrs(skb, sa));
}

/* ---- DELSA, GETSA, FLUSHSA ---- */

static int ipsecdp_xfrm_sa_id(const struct xfrm_usersa_id *p,
			      struct ipsecdp_sa_id *id,
			      struct netlink_ext_ack *extack)
{
	if (p->family != AF_INET && p->family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "only inet and inet6 SAs");
		return -EAFNOSUPPORT;
	}
	memset(id, 0, sizeof(*id));
	id->family = p->family;
	id->proto = p->proto;
	id->spi = p->spi;
	ipsecdp_xfrm_addr_in(&id->daddr, &p->daddr, p->family);
	return 0;
}

static int ipsecdp_xfrm_delsa(struct ipsecdp_net *pn, struct sk_buff *skb,
			      const struct nlmsghdr *nlh, struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa_id id;
	int err;

	err = ipsecdp_xfrm_sa_id(nlmsg_data(nlh), &id, extack);
	if (err)
		return err;
	/* an SPI reserved by ALLOCSPI and given back */
	if (ipsecdp_xfrm_larval_drop(ipsecdp_xfrm_net(pn->net), &id))
		return 0;
	mutex_lock(&pn->cfg_lock);
	err = ipsecdp_sa_del(pn, &id, extack);
	mutex_unlock(&pn->cfg_lock);
	return err == -ENOENT ? -ESRCH : err;
}

/*
 * Answer a request that names one SA (@uid) with one message about it,
 * built by @fill under the namespace's lock.
 */
static int ipsecdp_xfrm_sa_reply(struct ipsecdp_net *pn, struct sk_buff *skb,
				 const struct nlmsghdr *nlh,
				 const struct xfrm_usersa_id *uid,
				 int (*fill)(struct sk_buff *msg,
					     struct ipsecdp_sa *sa,
					     const struct nlmsghdr *nlh,
					     u32 portid),
				 struct netlink_ext_ack *extack)
{
	u32 portid = NETLINK_CB(skb).portid;
	struct ipsecdp_sa_id id;
	struct ipsecdp_sa *sa;
	struct sk_buff *msg;
	int err;

	err = ipsecdp_xfrm_sa_id(uid, &id, extack);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->cfg_lock);
	sa = ipsecdp_sa_lookup(pn, &id);
	err = sa ? fill(msg, sa, nlh, portid) : -ESRCH;
	mutex_unlock(&pn->cfg_lock);
	if (err) {
		if (err == -ESRCH)
			NL_SET_ERR_MSG_MOD(extack, "no such SA");
		kfree_skb(msg);
		return err;
	}
	return ipsecdp_xfrm_unicast(pn->net, msg, portid);
}

static int ipsecdp_xfrm_getsa_fill(struct sk_buff *msg, struct ipsecdp_sa *sa,
				   const struct nlmsghdr *nlh, u32 portid)
{
	return ipsecdp_xfrm_sa_fill(msg, sa, portid, nlh->nlmsg_seq, 0);
}

static int ipsecdp_xfrm_getsa(struct ipsecdp_net *pn, struct sk_buff *skb,
			      const struct nlmsghdr *nlh, struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	return ipsecdp_xfrm_sa_reply(pn, skb, nlh, nlmsg_data(nlh),
				     ipsecdp_xfrm_getsa_fill, extack);
}

static int ipsecdp_xfrm_sa_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(sock_net(skb->sk));
	long idx = 0, start = cb->args[0];
	struct ipsecdp_sa *sa;

	mutex_lock(&pn->cfg_lock);
	list_for_each_entry(sa, &pn->sad.all, list) {
		if (idx < start) {
			idx++;
			continue;
		}
		if (ipsecdp_xfrm_sa_fill(skb, sa, NETLINK_CB(cb->skb).portid,
					 cb->nlh->nlmsg_seq, NLM_F_MULTI))
			break;
		idx++;
	}
	mutex_unlock(&pn->cfg_lock);
	cb->args[0] = idx;
	return skb->len;
}

static int ipsecdp_xfrm_flushsa(struct ipsecdp_net *pn, struct sk_buff *skb,
				const struct nlmsghdr *nlh,
				struct nlattr **attrs,
				struct netlink_ext_ack *extack)
{
	const struct xfrm_usersa_flush *p = nlmsg_data(nlh);
	u8 proto = p->proto;

	if (proto == IPSEC_PROTO_ANY)
		proto = 0;
	if (proto && proto != IPPROTO_ESP && proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_MOD(extack, "only esp and ah SAs");
		return -EPROTONOSUPPORT;
	}
	mutex_lock(&pn->cfg_lock);
	ipsecdp_sa_flush(pn, proto);
	mutex_unlock(&pn->cfg_lock);
	return 0;
}

/* ---- GETAE: replay state and lifetime usage ---- */

static int ipsecdp_xfrm_ae_fill(struct sk_buff *skb, struct ipsecdp_sa *sa,
				u32 flags, u32 portid, u32 seq)
{
	struct xfrm_lifetime_cur cur = {};
	struct ipsecdp_sa_stats st;
	struct xfrm_aevent_id *id;
	struct nlmsghdr *nlh;
	int err;

	nlh = nlmsg_put(skb, portid, seq, XFRM_MSG_NEWAE, sizeof(*id), 0);
	if (!nlh)
		return -EMSGSIZE;
	id = nlmsg_data(nlh);
	memset(id, 0, sizeof(*id));
	ipsecdp_xfrm_addr_out(&id->sa_id.daddr, &sa->daddr, sa->family);
	id->sa_id.spi = sa->spi;
	id->sa_id.family = sa->family;
	id->sa_id.proto = sa->proto;
	ipsecdp_xfrm_addr_out(&id->saddr, &sa->saddr, sa->family);
	id->reqid = sa->reqid;
	id->flags = flags;

	ipsecdp_xfrm_curlft(sa, &cur, &st);
	/*
	 * ipsecdp raises no replay or timer events (AEVENTS): both
	 * thresholds are 0, as XFRM reports them when none is set.
	 */
	err = ipsecdp_xfrm_put_replay(skb, sa) ||
	      nla_put_64bit(skb, XFRMA_LTIME_VAL, sizeof(cur), &cur, XFRMA_PAD) ||
	      ((flags & XFRM_AE_RTHR) &&
	       nla_put_u32(skb, XFRMA_REPLAY_THRESH, 0)) ||
	      ((flags & XFRM_AE_ETHR) &&
	       nla_put_u32(skb, XFRMA_ETIMER_THRESH, 0));
	return ipsecdp_xfrm_msg_end(skb, nlh, err);
}

static int ipsecdp_xfrm_getae_fill(struct sk_buff *msg, struct ipsecdp_sa *sa,
				   const struct nlmsghdr *nlh, u32 portid)
{
	const struct xfrm_aevent_id *p = nlmsg_data(nlh);

	return ipsecdp_xfrm_ae_fill(msg, sa, p->flags, portid, nlh->nlmsg_seq);
}

/* What XFRM answers; IKE daemons read it before they move an SA. */
static int ipsecdp_xfrm_getae(struct ipsecdp_net *pn, struct sk_buff *skb,
			      const struct nlmsghdr *nlh, struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	const struct xfrm_aevent_id *p = nlmsg_data(nlh);

	return ipsecdp_xfrm_sa_reply(pn, skb, nlh, &p->sa_id,
				     ipsecdp_xfrm_getae_fill, extack);
}

/* ---- NEWAE: the replay state set by the daemon (HA fail-over) ---- */

/* What ipsecdp does not keep: usage counts set from outside, AEVENTS. */
static int ipsecdp_xfrm_ae_unsupported(struct nlattr **attrs,
				       struct netlink_ext_ack *extack)
{
	static const int thresh[] = { XFRMA_REPLAY_THRESH, XFRMA_ETIMER_THRESH };
	unsigned int i;

	if (attrs[XFRMA_LTIME_VAL]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[XFRMA_LTIME_VAL],
				    "setting an SA's lifetime usage is not supported");
		return -EOPNOTSUPP;
	}
	for (i = 0; i < ARRAY_SIZE(thresh); i++) {
		if (attrs[thresh[i]] && nla_get_u32(attrs[thresh[i]])) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[thresh[i]],
					    "replay events (AEVENTS) are not supported");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/* The outbound sequence number: forward only (GCM would reuse nonces). */
static int ipsecdp_xfrm_ae_oseq(struct ipsecdp_sa *sa, u64 oseq,
				struct netlink_ext_ack *extack)
{
	s64 old = atomic64_read(&sa->oseq);

	do {
		if ((u64)old > oseq) {
			NL_SET_ERR_MSG_MOD(extack,
					   "the outbound sequence number only moves forward");
			return -EINVAL;
		}
	} while (!atomic64_try_cmpxchg(&sa->oseq, &old, oseq));
	return 0;
}

static int ipsecdp_xfrm_ae_replay(struct ipsecdp_sa *sa, struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	const struct xfrm_replay_state_esn *re = NULL;
	bool esn = sa->flags & IPSECDP_SA_F_ESN;
	const struct xfrm_replay_state *rp;
	struct nlattr *a;
	u64 seq, oseq;
	int err;

	a = attrs[XFRMA_REPLAY_ESN_VAL];
	if (a) {
		re = nla_data(a);
		if (re->replay_window != sa->replay.window) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "replay window differs from the SA's");
			return -EINVAL;
		}
		/* the whole bitmap, or none: nothing in the window seen */
		if (re->bmp_len &&
		    (re->bmp_len != ipsecdp_xfrm_bmp_len(sa->replay.window) ||
		     nla_len(a) < struct_size(re, bmp, re->bmp_len))) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "replay bitmap does not cover the SA's window");
			return -EINVAL;
		}
		seq = (u64)re->seq_hi << 32 | re->seq;
		oseq = (u64)re->oseq_hi << 32 | re->oseq;
	} else {
		a = attrs[XFRMA_REPLAY_VAL];
		if (!a)
			return 0;
		if (esn) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "an ESN SA takes XFRMA_REPLAY_ESN_VAL");
			return -EINVAL;
		}
		rp = nla_data(a);
		seq = rp->seq;
		oseq = rp->oseq;
	}
	if (!esn && (seq > U32_MAX || oseq > U32_MAX)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "sequence number above 2^32 needs ESN");
		return -EINVAL;
	}
	err = ipsecdp_xfrm_ae_oseq(sa, oseq, extack);
	if (err)
		return err;
	if (re)
		ipsecdp_replay_set(&sa->replay, seq,
				   re->bmp_len ? re->bmp : NULL, re->bmp_len,
				   true);
	else
		ipsecdp_replay_set(&sa->replay, seq, &rp->bitmap, 1, false);
	return 0;
}

/* XFRMNLGRP_AEVENTS hears of the change, as from XFRM (XFRM_AE_CU) */
static void ipsecdp_xfrm_ae_notify(struct ipsecdp_net *pn,
				   struct ipsecdp_sa *sa)
{
	struct sk_buff *skb;

	if (!ipsecdp_xfrm_has_listeners(pn->net, XFRMNLGRP_AEVENTS))
		return;
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (ipsecdp_xfrm_ae_fill(skb, sa, XFRM_AE_CU, 0, 0)) {
		kfree_skb(skb);
		return;
	}
	ipsecdp_xfrm_event_send(pn->net, skb, XFRMNLGRP_AEVENTS);
}

static int ipsecdp_xfrm_newae(struct ipsecdp_net *pn, struct sk_buff *skb,
			      const struct nlmsghdr *nlh, struct nlattr **attrs,
			      struct netlink_ext_ack *extack)
{
	const struct xfrm_aevent_id *p = nlmsg_data(nlh);
	struct ipsecdp_sa_id id;
	struct ipsecdp_sa *sa;
	int err;

	/* XFRM's rules: a replacement, of something */
	if (!(nlh->nlmsg_flags & NLM_F_REPLACE)) {
		NL_SET_ERR_MSG_MOD(extack, "NLM_F_REPLACE flag is required");
		return -EINVAL;
	}
	if (!attrs[XFRMA_REPLAY_VAL] && !attrs[XFRMA_REPLAY_ESN_VAL] &&
	    !attrs[XFRMA_LTIME_VAL] && !attrs[XFRMA_REPLAY_THRESH] &&
	    !attrs[XFRMA_ETIMER_THRESH]) {
		NL_SET_ERR_MSG_MOD(extack, "missing required attribute for AE");
		return -EINVAL;
	}
	err = ipsecdp_xfrm_ae_unsupported(attrs, extack) ?:
	      ipsecdp_xfrm_sa_id(&p->sa_id, &id, extack);
	if (err)
		return err;
	mutex_lock(&pn->cfg_lock);
	sa = ipsecdp_sa_lookup(pn, &id);
	if (!sa) {
		NL_SET_ERR_MSG_MOD(extack, "no such SA");
		err = -ESRCH;
	} else {
		err = ipsecdp_xfrm_ae_replay(sa, attrs, extack);
		if (!err)
			ipsecdp_xfrm_ae_notify(pn, sa);
	}
	mutex_unlock(&pn->cfg_lock);
	return err;
}

/* ip xfrm state count: the number of SAs (no hash table sizes). */
static int ipsecdp_xfrm_getsadinfo(struct ipsecdp_net *pn,
				   struct sk_buff *skb,
				   const struct nlmsghdr *nlh,
				   struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	struct xfrmu_sadhinfo h = {};
	struct nlmsghdr *rnlh;
	struct sk_buff *msg;
	u32 count;

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rnlh = nlmsg_put(msg, NETLINK_CB(skb).portid, nlh->nlmsg_seq,
			 XFRM_MSG_NEWSADINFO, sizeof(u32), 0);
	if (!rnlh) {
		kfree_skb(msg);
		return -EMSGSIZE;
	}
	*(u32 *)nlmsg_data(rnlh) = 0;
	mutex_lock(&pn->cfg_lock);
	count = pn->sad.count;
	mutex_unlock(&pn->cfg_lock);
	if (nla_put_u32(msg, XFRMA_SAD_CNT, count) ||
	    nla_put(msg, XFRMA_SAD_HINFO, sizeof(h), &h)) {
		kfree_skb(msg);
		return -EMSGSIZE;
	}
	nlmsg_end(msg, rnlh);
	return ipsecdp_xfrm_unicast(pn->net, msg, NETLINK_CB(skb).portid);
}

#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
#define IPSECDP_XFRM_SA_PCPU	(BIT_ULL(XFRMA_SA_PCPU) | BIT_ULL(XFRMA_SA_DIR))
#else
#define IPSECDP_XFRM_SA_PCPU	0
#endif

#define IPSECDP_XFRM_SA_ATTRS (IPSECDP_XFRM_SA_PCPU |			\
			       BIT_ULL(XFRMA_ALG_AEAD) |		\
			       BIT_ULL(XFRMA_ALG_COMP) |		\
			       BIT_ULL(XFRMA_ALG_CRYPT) |		\
			       BIT_ULL(XFRMA_ALG_AUTH) |		\
			       BIT_ULL(XFRMA_ALG_AUTH_TRUNC) |		\
			       BIT_ULL(XFRMA_ENCAP) |			\
			       BIT_ULL(XFRMA_REPLAY_VAL) |		\
			       BIT_ULL(XFRMA_REPLAY_ESN_VAL) |		\
			       BIT_ULL(XFRMA_SA_EXTRA_FLAGS) |		\
			       BIT_ULL(XFRMA_MARK) |			\
			       BIT_ULL(XFRMA_IF_ID) |			\
			       BIT_ULL(XFRMA_TFCPAD))

const struct ipsecdp_xfrm_op ipsecdp_xfrm_newsa_op = {
	.doit	= ipsecdp_xfrm_sa_set,
	.hdrlen	= sizeof(struct xfrm_usersa_info),
	.attrs	= IPSECDP_XFRM_SA_ATTRS,
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_updsa_op = {
	.doit	= ipsecdp_xfrm_sa_set,
	.hdrlen	= sizeof(struct xfrm_usersa_info),
	.attrs	= IPSECDP_XFRM_SA_ATTRS,
};

/* XFRMA_MARK and XFRMA_SRCADDR narrow a lookup: ipsecdp has no marks */
const struct ipsecdp_xfrm_op ipsecdp_xfrm_delsa_op = {
	.doit	= ipsecdp_xfrm_delsa,
	.hdrlen	= sizeof(struct xfrm_usersa_id),
	.attrs	= BIT_ULL(XFRMA_SRCADDR),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_getsa_op = {
	.doit	= ipsecdp_xfrm_getsa,
	.dumpit	= ipsecdp_xfrm_sa_dump,
	.hdrlen	= sizeof(struct xfrm_usersa_id),
	.attrs	= BIT_ULL(XFRMA_SRCADDR),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_flushsa_op = {
	.doit	= ipsecdp_xfrm_flushsa,
	.hdrlen	= sizeof(struct xfrm_usersa_flush),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_getae_op = {
	.doit	= ipsecdp_xfrm_getae,
	.hdrlen	= sizeof(struct xfrm_aevent_id),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_newae_op = {
	.doit	= ipsecdp_xfrm_newae,
	.hdrlen	= sizeof(struct xfrm_aevent_id),
	.attrs	= BIT_ULL(XFRMA_REPLAY_VAL) | BIT_ULL(XFRMA_REPLAY_ESN_VAL) |
		  BIT_ULL(XFRMA_LTIME_VAL) | BIT_ULL(XFRMA_REPLAY_THRESH) |
		  BIT_ULL(XFRMA_ETIMER_THRESH),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_getsadinfo_op = {
	.doit	= ipsecdp_xfrm_getsadinfo,
	.hdrlen	= sizeof(u32),
};
