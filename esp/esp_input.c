// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: ESP input (RFC 4303 section 3.4), IPv4 and IPv6, transport
 * and tunnel mode.
 *
 * Order of checks, cheapest first and none that trusts unauthenticated
 * data beyond what is needed to find the SA: header length, SA lookup,
 * payload length and alignment, replay window (pre-check), ICV
 * (decryption), replay window (update), trailer. Every drop is counted.
 */
#include <crypto/aead.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/esp.h>
#include <net/ip.h>
#include <net/netfilter/nf_conntrack.h>
#include "core/compat.h"
#include "core/input.h"
#include "core/l3.h"
#include "core/tunnel.h"
#include "core/stats.h"
#include "esp/esp.h"
#include "esp/esp_pkt.h"
#include "sa/sa.h"

/* RFC 4303 2.4: padding bytes are 1, 2, 3, ... */
static bool ipsecdp_esp_pad_ok(const struct sk_buff *skb, unsigned int off,
			       unsigned int padlen)
{
	u8 buf[256];
	const u8 *pad;
	unsigned int i;

	pad = skb_header_pointer(skb, off, padlen, buf);
	if (!pad)
		return false;
	for (i = 0; i < padlen; i++)
		if (pad[i] != i + 1)
			return false;
	return true;
}

/*
 * Remove UDP header (ESP in UDP), ESP header and IV: the IP header(s) in
 * front move up and name @nexthdr. Tunnel mode then strips the outer
 * header too.
 */
static int ipsecdp_esp_decap(struct ipsecdp_esp_pkt *pkt, u8 nexthdr)
{
	struct ipsecdp_sa *sa = pkt->rx.sa;
	unsigned int off = pkt->hdr_off - pkt->encap;
	struct sk_buff *skb = pkt->skb;

	ipsecdp_l3_strip(skb, sa->family, off, pkt->nhoff,
			 pkt->encap + sizeof(struct ip_esp_hdr) +
			 sa->crypto.ivlen, nexthdr);
	if (sa->mode == IPSECDP_MODE_TUNNEL)
		return ipsecdp_tunnel_decap(skb, off, nexthdr);
	/*
	 * RFC 3948 3.1.2: behind a NAT the inner TCP or UDP checksum covers
	 * addresses the packet no longer has. As XFRM does, it is not
	 * checked: the ICV has authenticated the payload.
	 */
	if (pkt->encap)
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	return 0;
}

/* After decryption. Returns 0 when @skb may be delivered. */
static int ipsecdp_esp_input_finish(struct ipsecdp_esp_pkt *pkt, int err)
{
	struct ipsecdp_sa *sa = pkt->rx.sa;
	const struct ipsecdp_crypto *c = &sa->crypto;
	struct ipsecdp_net *pn = sa->pn;
	struct sk_buff *skb = pkt->skb;
	unsigned int tlen, padlen;
	u8 tr[2];

	if (unlikely(err)) {
		if (err == -EBADMSG)
			ipsecdp_rx_integrity_drop(sa);
		else
			IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_ERROR);
		return err;
	}
	/*
	 * A malformed trailer must not move the window (encryption-only SAs).
	 * It is InStateProtoError, where XFRM counts esp_remove_trailer()'s
	 * bad pad length (every error of its esp_input() transform).
	 */
	if (skb_copy_bits(skb, skb->len - c->icvlen - 2, tr, 2))
		goto trailer_error;
	padlen = tr[0];
	if (padlen + 2 > pkt->elen)
		goto trailer_error;
	tlen = c->icvlen + padlen + 2;
	if (!ipsecdp_esp_pad_ok(skb, skb->len - tlen, padlen))
		goto trailer_error;

	err = ipsecdp_rx_accept(sa, pkt->seq, skb->len);
	if (unlikely(err))
		return err;
	if (pskb_trim(skb, skb->len - tlen))
		goto buf_error;
	ipsecdp_rx_count(sa, skb->len);

	/* RFC 4303 2.6: a dummy (TFC) packet is dropped, and is no error */
	if (tr[1] == IPPROTO_NONE)
		return -ENODATA;
	if (ipsecdp_esp_decap(pkt, tr[1])) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_MODE_ERROR);
		return -EPROTO;
	}
	return 0;

trailer_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_PROTO_ERROR);
	return -EINVAL;
buf_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_BUFFER_ERROR);
	return -ENOMEM;
}

static void ipsecdp_esp_input_complete(struct ipsecdp_esp_pkt *pkt, int err)
{
	err = ipsecdp_esp_input_finish(pkt, err);
	ipsecdp_rx_end(&pkt->rx, pkt->skb, pkt, err);
}

static void ipsecdp_esp_input_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_esp_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	ipsecdp_esp_input_complete(pkt, err);
}

/* Decrypt and authenticate the held packet of @pkt in place. */
static void ipsecdp_esp_decrypt(struct ipsecdp_esp_pkt *pkt,
				struct aead_request *req,
				struct scatterlist *sg)
{
	const struct ipsecdp_crypto *c = &pkt->rx.sa->crypto;
	struct sk_buff *skb = pkt->skb;
	struct ip_esp_hdr *esph;
	unsigned int aadlen;
	int err;

	esph = (struct ip_esp_hdr *)(skb->data + pkt->hdr_off);
	memcpy(pkt->iv, esph + 1, c->ivlen);
	aadlen = ipsecdp_esp_aad(pkt->aad, esph->spi, pkt->seq, c->esn);
	sg_set_buf(&sg[0], pkt->aad, aadlen);
	err = skb_to_sgvec(skb, &sg[1], pkt->hdr_off + sizeof(*esph),
			   c->ivlen + pkt->elen + c->icvlen);
	if (unlikely(err < 0)) {
		ipsecdp_esp_input_complete(pkt, err);	/* counts InError */
		return;
	}

	aead_request_set_callback(req, 0, ipsecdp_esp_input_done, pkt);
	aead_request_set_crypt(req, sg, sg, pkt->elen + c->icvlen, pkt->iv);
	aead_request_set_ad(req, aadlen + c->ivlen);

	err = ipsecdp_aead_decrypt(c, req);
	if (err == -EINPROGRESS || err == -EBUSY)
		return;
	ipsecdp_esp_input_complete(pkt, err);
}

unsigned int ipsecdp_esp_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			       u16 family, const struct ipsecdp_l3 *l3,
			       unsigned int encap)
{
	struct ipsecdp_l3 esp = { .hoff = l3->hoff + encap, .nhoff = l3->nhoff };
	unsigned int hoff = esp.hoff, nsg;
	const struct ipsecdp_crypto *c;
	struct ipsecdp_esp_pkt *pkt;
	struct ip_esp_hdr *esph;
	struct scatterlist *sg;
	struct ipsecdp_sa *sa;
	int elen;
	void *req;
	u64 seq;

	sa = ipsecdp_rx_begin(pn, skb, family, &esp, IPPROTO_ESP);
	if (!sa)
		return NF_DROP;		/* counted */
	/* an SA is received in UDP, or not at all, as XFRM's */
	if (unlikely(ipsecdp_esp_encap_len(sa) != encap)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_MISMATCH);
		return NF_DROP;
	}
	c = &sa->crypto;

	if (!pskb_may_pull(skb, hoff + sizeof(*esph) + c->ivlen))
		goto hdr_error;
	elen = skb->len - hoff - sizeof(*esph) - c->ivlen - c->icvlen;
	if (elen < 2 || elen % c->blksize)
		goto hdr_error;

	esph = (struct ip_esp_hdr *)(skb->data + hoff);
	if (!ipsecdp_rx_seq(sa, esph->seq_no, &seq))
		return NF_DROP;

	pkt = ipsecdp_rx_ctx_alloc(skb, sa, sizeof(*pkt), &req, &sg, &nsg);
	if (!pkt)
		return NF_DROP;
	if (!ipsecdp_rx_hold(&pkt->rx, skb, sa)) {
		ipsecdp_crypto_ctx_free(pkt);
		return NF_DROP;
	}
	pkt->skb = skb;
	pkt->seq = seq;
	pkt->hdr_off = hoff;
	pkt->nhoff = l3->nhoff;
	pkt->elen = elen;
	pkt->encap = encap;
	ipsecdp_esp_decrypt(pkt, req, sg);
	return NF_STOLEN;

hdr_error:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
	return NF_DROP;
}
