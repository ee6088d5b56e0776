// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: AH output (RFC 4302 3.3), IPv4 and IPv6, transport and tunnel
 * mode. Tunnel mode first puts the outer header in front (core/tunnel.c);
 * from there both modes are the same: AH goes behind the IP header (and
 * any IPv6 extension headers that must stay in front), the header(s) in
 * front are saved and their mutable fields zeroed, the whole packet is
 * hashed with the ICV field zero, then the header(s) are restored and the
 * truncated ICV written.
 */
#include <crypto/hash.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include "ah/ah.h"
#include "ah/ah_pkt.h"
#include "core/compat.h"
#include "core/output.h"
#include "core/l3.h"
#include "core/stats.h"
#include "core/tunnel.h"
#include "sa/sa.h"

static void ipsecdp_ah_output_finish(struct ipsecdp_ah_pkt *pkt, int err)
{
	struct ipsecdp_sa *sa = pkt->sa;
	struct ipsecdp_net *pn = sa->pn;
	struct sk_buff *skb = pkt->skb;
	struct ip_auth_hdr *ah;

	if (unlikely(err)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_PROTO_ERROR);
		ipsecdp_output_drop(skb);
		return;
	}
	memcpy(skb->data, pkt->hdr, pkt->hoff);
	ah = (struct ip_auth_hdr *)(skb->data + pkt->hoff);
	memcpy(ah->auth_data, pkt->digest, sa->crypto.icvlen);

	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_PACKETS);
	IPSECDP_ADD_STATS(pn, IPSECDP_MIB_OUT_BYTES, skb->len);
	this_cpu_add(sa->stats->out_packets, 1);
	this_cpu_add(sa->stats->out_bytes, skb->len);
}

static void ipsecdp_ah_output_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_ah_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();
	struct ipsecdp_sa *sa = pkt->sa;
	struct sk_buff *skb = pkt->skb;
	struct nf_hook_state state = pkt->state;

	if (err == -EINPROGRESS)
		return;

	ipsecdp_ah_output_finish(pkt, err);
	ipsecdp_crypto_ctx_free(pkt);
	if (!err) {
		state.sk = skb->sk;
		ipsecdp_output_finish_async(skb, sa, &state);
	}
	ipsecdp_out_state_put(&state);
	ipsecdp_sa_put(sa);
}

unsigned int ipsecdp_ah_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	const struct ipsecdp_crypto *c = &sa->crypto;
	unsigned int hlen = ipsecdp_ah_hlen(sa);
	struct ipsecdp_ah_pkt *pkt;
	struct ahash_request *req;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	struct ip_auth_hdr *ah;
	struct ipsecdp_l3 l3;
	int nfrags, err;
	u8 proto;
	u64 seq;

	if (unlikely(!ipsecdp_sa_next_seq(sa, &seq))) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_SEQ_ERROR);
		goto drop;
	}
	if (unlikely(!ipsecdp_sa_lft_account(sa, skb->len))) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_EXPIRED);
		goto drop;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto drop_err;

	if (sa->mode == IPSECDP_MODE_TUNNEL) {
		err = ipsecdp_tunnel_encap(sa, skb);
		if (err == -EMSGSIZE)
			goto drop;	/* the sender was told the MTU */
		if (err)
			goto drop_err;
	}

	if (ipsecdp_l3_insert_point(skb, sa->family, &l3))
		goto drop_err;
	if (unlikely(!ipsecdp_l3_len_ok(skb, sa->family, hlen)))
		goto drop_err;	/* the length field would wrap */
	if (skb_cow_head(skb, hlen + LL_RESERVED_SPACE(skb_dst(skb)->dev)))
		goto drop_err;
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto drop_err;
	proto = skb_network_header(skb)[l3.nhoff];

	/* Move the IP header(s) forward over the room for AH. */
	__skb_push(skb, hlen);
	memmove(skb->data, skb->data + hlen, l3.hoff);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l3.hoff);
	skb_network_header(skb)[l3.nhoff] = IPPROTO_AH;
	ipsecdp_l3_fix_len(skb, sa->family);
	skb->ignore_df = 1;	/* grown past the MTU: fragment the AH packet */

	pkt = ipsecdp_ahash_ctx_alloc(c, sizeof(*pkt) + l3.hoff, nfrags + 1,
				      &req, &sg);
	if (!pkt)
		goto drop_err;
	pkt->skb = skb;
	pkt->sa = sa;
	pkt->seq = seq;
	pkt->hoff = l3.hoff;
	pkt->nhoff = l3.nhoff;
	pkt->ahlen = hlen;
	pkt->family = sa->family;

	ah = (struct ip_auth_hdr *)(skb->data + l3.hoff);
	ah->nexthdr = proto;
	ah->hdrlen = (hlen >> 2) - 2;
	ah->reserved = 0;
	ah->spi = sa->spi;
	ah->seq_no = htonl(lower_32_bits(seq));
	memset(ah->auth_data, 0, hlen - sizeof(*ah));	/* ICV and padding */

	memcpy(pkt->hdr, skb->data, l3.hoff);
	if (ipsecdp_ah_clear_mutable(skb->data, sa->family, l3.hoff, true))
		goto drop_pkt;

	if (unlikely(!ipsecdp_out_state_hold(&pkt->state, skb, state)))
		goto drop_pkt;
	if (unlikely(!ipsecdp_sa_hold(sa))) {
		ipsecdp_out_state_put(&pkt->state);
		goto drop_pkt;
	}
	/* as ESP: requests of an SA keep their order through cryptd */
	local_bh_disable();
	err = ipsecdp_ah_digest(pkt, req, sg, nfrags + 1,
				ipsecdp_ah_output_done);
	local_bh_enable();
	if (err == -EINPROGRESS || err == -EBUSY)
		return NF_STOLEN;

	/* synchronous: the hook's RCU section still protects @sa */
	ipsecdp_ah_output_finish(pkt, err);
	ipsecdp_out_state_put(&pkt->state);
	ipsecdp_crypto_ctx_free(pkt);
	ipsecdp_sa_put(sa);
	if (err)
		return NF_STOLEN;
	return ipsecdp_output_finish(skb, sa, state);

drop_pkt:
	ipsecdp_crypto_ctx_free(pkt);
drop_err:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
drop:
	ipsecdp_output_drop(skb);
	return NF_STOLEN;
}
