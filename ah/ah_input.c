// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: AH input (RFC 4302 3.4), IPv4 and IPv6, transport and tunnel
 * mode.
 *
 * Order of checks, cheapest first: header length (InHdrError), SA lookup,
 * AH length for the SA's ICV (InStateProtoError, as XFRM), replay window
 * (pre-check), ICV, replay window (update). Every drop is counted. The
 * header(s) in front of AH are saved and their mutable fields zeroed for
 * the hash, then restored; AH is removed and the packet received again
 * (tunnel mode: the inner one).
 */
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include "ah/ah.h"
#include "ah/ah_pkt.h"
#include "core/compat.h"
#include "core/input.h"
#include "core/l3.h"
#include "core/stats.h"
#include "core/tunnel.h"
#include "sa/sa.h"

/*
 * The AH length must fit the SA's ICV: padded to 64 bits, or for IPv4
 * to 32 bits (RFC 4302 2.2; what the kernel's AH sends with "align4").
 */
static bool ipsecdp_ah_len_ok(const struct ipsecdp_crypto *c, u16 family,
			      unsigned int ahlen)
{
	if (ahlen == ALIGN(sizeof(struct ip_auth_hdr) + c->icvlen, 8))
		return true;
	return family == AF_INET &&
	       ahlen == ALIGN(sizeof(struct ip_auth_hdr) + c->icvlen, 4);
}

/* Remove AH: the IP header(s) in front move up and name @nexthdr. */
static int ipsecdp_ah_decap(struct ipsecdp_ah_pkt *pkt)
{
	struct sk_buff *skb = pkt->skb;

	ipsecdp_l3_strip(skb, pkt->family, pkt->hoff, pkt->nhoff, pkt->ahlen,
			 pkt->nexthdr);
	if (pkt->rx.sa->mode == IPSECDP_MODE_TUNNEL)
		return ipsecdp_tunnel_decap(skb, pkt->hoff, pkt->nexthdr);
	return 0;
}

/* After hashing. Returns 0 when @skb may be delivered. */
static int ipsecdp_ah_input_finish(struct ipsecdp_ah_pkt *pkt, int err)
{
	struct ipsecdp_sa *sa = pkt->rx.sa;
	struct ipsecdp_net *pn = sa->pn;
	struct sk_buff *skb = pkt->skb;

	memcpy(skb->data, pkt->hdr, pkt->hoff);
	if (unlikely(err)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_ERROR);
		return err;
	}
	if (crypto_memneq(pkt->digest, pkt->icv, sa->crypto.icvlen)) {
		ipsecdp_rx_integrity_drop(sa);
		return -EBADMSG;
	}
	err = ipsecdp_rx_accept(sa, pkt->seq, skb->len);
	if (unlikely(err))
		return err;
	ipsecdp_rx_count(sa, skb->len);

	if (ipsecdp_ah_decap(pkt)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_MODE_ERROR);
		return -EPROTO;
	}
	return 0;
}

static void ipsecdp_ah_input_complete(struct ipsecdp_ah_pkt *pkt, int err)
{
	struct ipsecdp_rx_ref ref = pkt->rx;
	struct sk_buff *skb = pkt->skb;

	err = ipsecdp_ah_input_finish(pkt, err);
	ipsecdp_crypto_ctx_free(pkt);
	ipsecdp_rx_complete(&ref, skb, err);
}

static void ipsecdp_ah_input_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_ah_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	ipsecdp_ah_input_complete(pkt, err);
}

unsigned int ipsecdp_ah_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			      u16 family, const struct ipsecdp_l3 *l3)
{
	unsigned int hoff = l3->hoff, ahlen;
	const struct ipsecdp_crypto *c;
	struct ipsecdp_ah_pkt *pkt;
	struct ahash_request *req;
	struct sk_buff *trailer;
	struct scatterlist *sg;
	struct ip_auth_hdr *ah;
	struct ipsecdp_sa *sa;
	int nfrags, err;
	u64 seq;

	if (!pskb_may_pull(skb, hoff + sizeof(*ah)))
		goto hdr_error;
	ah = (struct ip_auth_hdr *)(skb->data + hoff);
	sa = ipsecdp_rx_lookup(pn, skb, family, ah->spi, IPPROTO_AH);
	if (!sa)
		return NF_DROP;		/* counted */
	c = &sa->crypto;

	/*
	 * Once the SA is known, a format error is InStateProtoError, as
	 * every error of XFRM's ah_input() (AH length, IP options) is.
	 */
	ahlen = (ah->hdrlen + 2) << 2;
	if (!ipsecdp_ah_len_ok(c, family, ahlen) ||
	    !pskb_may_pull(skb, hoff + ahlen))
		goto proto_error;

	ah = (struct ip_auth_hdr *)(skb->data + hoff);
	if (ipsecdp_replay_check(&sa->replay, ntohl(ah->seq_no), &seq)) {
		ipsecdp_rx_replay_drop(sa);
		return NF_DROP;
	}

	/* the header(s) and AH are changed in place while hashing */
	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags < 0)
		goto buf_error;
	pkt = ipsecdp_ahash_ctx_alloc(c, sizeof(*pkt) + hoff, nfrags + 1,
				      &req, &sg);
	if (!pkt)
		goto buf_error;

	ah = (struct ip_auth_hdr *)(skb->data + hoff);
	pkt->skb = skb;
	pkt->sa = sa;		/* ipsecdp_ah_digest() hashes with its key */
	pkt->seq = seq;
	pkt->hoff = hoff;
	pkt->nhoff = l3->nhoff;
	pkt->ahlen = ahlen;
	pkt->family = family;
	pkt->nexthdr = ah->nexthdr;
	memcpy(pkt->icv, ah->auth_data, c->icvlen);
	memset(ah->auth_data, 0, c->icvlen);
	memcpy(pkt->hdr, skb->data, hoff);
	if (ipsecdp_ah_clear_mutable(skb->data, family, hoff, false)) {
		ipsecdp_crypto_ctx_free(pkt);
		goto proto_error;
	}

	if (!ipsecdp_rx_hold(&pkt->rx, skb, sa)) {
		ipsecdp_crypto_ctx_free(pkt);
		return NF_DROP;
	}

	err = ipsecdp_ah_digest(pkt, req, sg, nfrags + 1,
				ipsecdp_ah_input_done);
	if (err == -EINPROGRESS || err == -EBUSY)
		return NF_STOLEN;
	ipsecdp_ah_input_complete(pkt, err);
	return NF_STOLEN;

hdr_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
	return NF_DROP;
proto_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_PROTO_ERROR);
	return NF_DROP;
buf_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_BUFFER_ERROR);
	return NF_DROP;
}
