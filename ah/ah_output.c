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
#include "sa/sa.h"

/* Hashed: restore the IP header(s) and write the ICV. */
static void ipsecdp_ah_output_icv(struct ipsecdp_ah_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;
	struct ip_auth_hdr *ah;

	memcpy(skb->data, pkt->hdr, pkt->hoff);
	ah = (struct ip_auth_hdr *)(skb->data + pkt->hoff);
	memcpy(ah->auth_data, pkt->digest, pkt->sa->crypto.icvlen);
}

static void ipsecdp_ah_output_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_ah_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	if (!err)
		ipsecdp_ah_output_icv(pkt);
	ipsecdp_out_done(pkt->skb, pkt->sa, &pkt->state, pkt, err);
}

/*
 * Hash @skb, AH at @l3 with @hlen bytes, naming @proto behind it: the
 * header(s) in front are saved and their mutable fields zeroed.
 */
static unsigned int ipsecdp_ah_sign(struct ipsecdp_net *pn,
				    struct ipsecdp_sa *sa, struct sk_buff *skb,
				    const struct ipsecdp_l3 *l3, u64 seq,
				    unsigned int hlen, u8 proto,
				    unsigned int nsg,
				    const struct nf_hook_state *state)
{
	struct ipsecdp_ah_pkt *pkt;
	struct scatterlist *sg;
	struct ip_auth_hdr *ah;
	void *req;
	int err;

	pkt = ipsecdp_crypto_ctx_alloc(&sa->crypto, sizeof(*pkt) + l3->hoff,
				       nsg, &req, &sg);
	if (!pkt)
		return ipsecdp_out_error(pn, skb, NULL);
	pkt->skb = skb;
	pkt->sa = sa;
	pkt->seq = seq;
	pkt->hoff = l3->hoff;
	pkt->nhoff = l3->nhoff;
	pkt->ahlen = hlen;
	pkt->family = sa->family;

	ah = (struct ip_auth_hdr *)(skb->data + l3->hoff);
	ah->nexthdr = proto;
	ah->hdrlen = (hlen >> 2) - 2;
	ah->reserved = 0;
	ah->spi = sa->spi;
	ah->seq_no = htonl(lower_32_bits(seq));
	memset(ah->auth_data, 0, hlen - sizeof(*ah));	/* ICV and padding */

	memcpy(pkt->hdr, skb->data, l3->hoff);
	if (ipsecdp_ah_clear_mutable(skb->data, sa->family, l3->hoff, true) ||
	    unlikely(!ipsecdp_out_hold(&pkt->state, skb, sa, state)))
		return ipsecdp_out_error(pn, skb, pkt);

	/* as ESP: requests of an SA keep their order through cryptd */
	local_bh_disable();
	err = ipsecdp_ah_digest(pkt, req, sg, nsg, ipsecdp_ah_output_done);
	local_bh_enable();
	if (!err)
		ipsecdp_ah_output_icv(pkt);
	return ipsecdp_out_submitted(skb, sa, &pkt->state, pkt, err, state);
}

unsigned int ipsecdp_ah_overhead(const struct ipsecdp_sa *sa)
{
	return ipsecdp_ah_hlen(sa);
}

unsigned int ipsecdp_ah_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	unsigned int hlen = ipsecdp_ah_hlen(sa);
	struct sk_buff *trailer;
	struct ipsecdp_l3 l3;
	int nfrags;
	u8 proto;
	u64 seq;

	if (!ipsecdp_out_prologue(pn, sa, skb, &seq, &l3))
		return NF_STOLEN;
	if (!ipsecdp_out_room(skb, sa->family, hlen, hlen))
		return ipsecdp_out_error(pn, skb, NULL);
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		return ipsecdp_out_error(pn, skb, NULL);
	proto = skb_network_header(skb)[l3.nhoff];

	/* Move the IP header(s) forward over the room for AH. */
	ipsecdp_l3_push(skb, sa->family, &l3, hlen, IPPROTO_AH);
	return ipsecdp_ah_sign(pn, sa, skb, &l3, seq, hlen, proto, nfrags + 1,
			       state);
}
