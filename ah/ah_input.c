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
	err = ipsecdp_ah_input_finish(pkt, err);
	ipsecdp_rx_end(&pkt->rx, pkt->skb, pkt, err);
}

static void ipsecdp_ah_input_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_ah_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	ipsecdp_ah_input_complete(pkt, err);
}

/*
 * Save the received ICV and the header(s) in front of AH, and zero what
 * the hash does not cover. -EINVAL: the header(s) cannot be parsed.
 */
static int ipsecdp_ah_input_prepare(struct ipsecdp_ah_pkt *pkt,
				    struct sk_buff *skb)
{
	struct ip_auth_hdr *ah = (struct ip_auth_hdr *)(skb->data + pkt->hoff);
	unsigned int icvlen = pkt->sa->crypto.icvlen;

	pkt->nexthdr = ah->nexthdr;
	memcpy(pkt->icv, ah->auth_data, icvlen);
	memset(ah->auth_data, 0, icvlen);
	memcpy(pkt->hdr, skb->data, pkt->hoff);
	return ipsecdp_ah_clear_mutable(skb->data, pkt->family, pkt->hoff,
					false);
}

unsigned int ipsecdp_ah_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			      u16 family, const struct ipsecdp_l3 *l3)
{
	unsigned int hoff = l3->hoff, ahlen, nsg;
	struct ipsecdp_ah_pkt *pkt;
	struct scatterlist *sg;
	struct ip_auth_hdr *ah;
	struct ipsecdp_sa *sa;
	void *req;
	int err;
	u64 seq;

	sa = ipsecdp_rx_begin(pn, skb, family, l3, IPPROTO_AH);
	if (!sa)
		return NF_DROP;		/* counted */

	/*
	 * Once the SA is known, a format error is InStateProtoError, as
	 * every error of XFRM's ah_input() (AH length, IP options) is.
	 */
	ah = (struct ip_auth_hdr *)(skb->data + hoff);
	ahlen = (ah->hdrlen + 2) << 2;
	if (!ipsecdp_ah_len_ok(&sa->crypto, family, ahlen) ||
	    !pskb_may_pull(skb, hoff + ahlen))
		goto proto_error;

	ah = (struct ip_auth_hdr *)(skb->data + hoff);
	if (!ipsecdp_rx_seq(sa, ah->seq_no, &seq))
		return NF_DROP;

	/* the header(s) and AH are changed in place while hashing */
	pkt = ipsecdp_rx_ctx_alloc(skb, sa, sizeof(*pkt) + hoff, &req, &sg,
				   &nsg);
	if (!pkt)
		return NF_DROP;
	pkt->skb = skb;
	pkt->sa = sa;		/* ipsecdp_ah_digest() hashes with its key */
	pkt->seq = seq;
	pkt->hoff = hoff;
	pkt->nhoff = l3->nhoff;
	pkt->ahlen = ahlen;
	pkt->family = family;
	if (ipsecdp_ah_input_prepare(pkt, skb)) {
		ipsecdp_crypto_ctx_free(pkt);
		goto proto_error;
	}
	if (!ipsecdp_rx_hold(&pkt->rx, skb, sa)) {
		ipsecdp_crypto_ctx_free(pkt);
		return NF_DROP;
	}

	err = ipsecdp_ah_digest(pkt, req, sg, nsg, ipsecdp_ah_input_done);
	if (err != -EINPROGRESS && err != -EBUSY)
		ipsecdp_ah_input_complete(pkt, err);
	return NF_STOLEN;

proto_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_PROTO_ERROR);
	return NF_DROP;
}
