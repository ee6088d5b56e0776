// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: ESP output (RFC 4303 section 3), IPv4 and IPv6, transport and
 * tunnel mode. Tunnel mode first puts the outer header in front
 * (core/tunnel.c); from there both modes are the same: the ESP header
 * goes behind the IP header (and any IPv6 extension headers that must
 * stay in front), the packet is made writable with room for padding, pad
 * length, next header and ICV behind the payload, and the AEAD encrypts
 * in place.
 * The associated data (SPI, [sequence high], sequence low) is passed from
 * a small buffer of the request context, so ESN needs no header shuffle.
 */
#include <crypto/aead.h>
#include <linux/skbuff.h>
#include <net/esp.h>
#include <net/ip.h>
#include <linux/random.h>
#include "core/compat.h"
#include "core/output.h"
#include "core/l3.h"
#include "core/tunnel.h"
#include "core/stats.h"
#include "esp/esp.h"
#include "esp/esp_pkt.h"
#include "sa/sa.h"

static void ipsecdp_esp_output_finish(struct ipsecdp_pkt *pkt, int err)
{
	struct ipsecdp_sa *sa = pkt->sa;
	struct ipsecdp_net *pn = sa->pn;
	struct sk_buff *skb = pkt->skb;

	if (unlikely(err)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_PROTO_ERROR);
		ipsecdp_output_drop(skb);
		return;
	}
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_PACKETS);
	IPSECDP_ADD_STATS(pn, IPSECDP_MIB_OUT_BYTES, skb->len);
	this_cpu_add(sa->stats->out_packets, 1);
	this_cpu_add(sa->stats->out_bytes, skb->len);
}

static void ipsecdp_esp_output_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();
	struct ipsecdp_sa *sa = pkt->sa;
	struct sk_buff *skb = pkt->skb;
	struct nf_hook_state state = pkt->state;

	if (err == -EINPROGRESS)
		return;

	ipsecdp_esp_output_finish(pkt, err);
	ipsecdp_crypto_ctx_free(pkt);
	if (!err) {
		state.sk = skb->sk;
		ipsecdp_output_finish_async(skb, sa, &state);
	}
	ipsecdp_out_state_put(&state);
	ipsecdp_sa_put(sa);
}

/*
 * Counter modes need a unique IV: the sequence number XOR a per-SA secret.
 * CBC needs an unpredictable one: random bytes.
 */
static void ipsecdp_esp_iv(const struct ipsecdp_crypto *c, u64 seq, u8 *iv)
{
	if (c->kind == IPSECDP_CK_AUTHENC) {
		if (c->ivlen) {
			put_unaligned(get_random_u64(), (u64 *)iv);
			put_unaligned(get_random_u64(), (u64 *)(iv + 8));
		}
		return;
	}
	put_unaligned_be64(seq ^ c->iv_salt, iv);
}

/* Append padding (1, 2, 3, ...), pad length and next header; room for ICV. */
static int ipsecdp_esp_trailer(struct sk_buff *skb, unsigned int padlen,
			       u8 nexthdr, unsigned int icvlen)
{
	struct sk_buff *trailer;
	unsigned int i;
	int nfrags;
	u8 *tail;

	nfrags = skb_cow_data(skb, padlen + 2 + icvlen, &trailer);
	if (nfrags < 0)
		return nfrags;

	tail = pskb_put(skb, trailer, padlen + 2 + icvlen);
	for (i = 0; i < padlen; i++)
		tail[i] = i + 1;
	tail[padlen] = padlen;
	tail[padlen + 1] = nexthdr;
	return nfrags;
}

unsigned int ipsecdp_esp_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
				struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	const struct ipsecdp_crypto *c = &sa->crypto;
	unsigned int plen, clen, hlen, aadlen;
	struct ip_esp_hdr *esph;
	struct aead_request *req;
	struct ipsecdp_pkt *pkt;
	struct ipsecdp_l3 l3;
	struct scatterlist *sg;
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
	hlen = sizeof(*esph) + c->ivlen;
	plen = skb->len - l3.hoff;
	clen = ALIGN(plen + 2, c->blksize);
	if (unlikely(!ipsecdp_l3_len_ok(skb, sa->family,
					hlen + clen - plen + c->icvlen)))
		goto drop_err;	/* the length field would wrap */

	if (skb_cow_head(skb, hlen + LL_RESERVED_SPACE(skb_dst(skb)->dev)))
		goto drop_err;
	proto = skb_network_header(skb)[l3.nhoff];
	nfrags = ipsecdp_esp_trailer(skb, clen - plen - 2, proto, c->icvlen);
	if (nfrags < 0)
		goto drop_err;

	/* Move the IP header(s) forward over the room for ESP header and IV. */
	__skb_push(skb, hlen);
	memmove(skb->data, skb->data + hlen, l3.hoff);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l3.hoff);
	skb_network_header(skb)[l3.nhoff] = IPPROTO_ESP;
	ipsecdp_l3_fix_len(skb, sa->family);
	skb->ignore_df = 1;	/* grown past the MTU: fragment the ESP packet */

	pkt = ipsecdp_crypto_ctx_alloc(c, sizeof(*pkt), nfrags + 1, &req, &sg);
	if (!pkt)
		goto drop_err;
	pkt->skb = skb;
	pkt->sa = sa;

	esph = (struct ip_esp_hdr *)(skb->data + l3.hoff);
	esph->spi = sa->spi;
	esph->seq_no = htonl(lower_32_bits(seq));
	ipsecdp_esp_iv(c, seq, pkt->iv);
	memcpy(esph + 1, pkt->iv, c->ivlen);
	aadlen = ipsecdp_esp_aad(pkt->aad, sa->spi, seq, c->esn);

	sg_set_buf(&sg[0], pkt->aad, aadlen);
	err = skb_to_sgvec(skb, &sg[1], l3.hoff + sizeof(*esph),
			   c->ivlen + clen + c->icvlen);
	if (unlikely(err < 0))
		goto drop_pkt;

	aead_request_set_callback(req, 0, ipsecdp_esp_output_done, pkt);
	aead_request_set_crypt(req, sg, sg, clen, pkt->iv);
	aead_request_set_ad(req, aadlen + c->ivlen);

	if (unlikely(!ipsecdp_out_state_hold(&pkt->state, skb, state)))
		goto drop_pkt;
	if (unlikely(!ipsecdp_sa_hold(sa))) {
		ipsecdp_out_state_put(&pkt->state);
		goto drop_pkt;
	}
	/*
	 * With BH off the SIMD AEAD wrappers queue behind requests already
	 * waiting in cryptd instead of overtaking them: packets leave in
	 * sequence-number order, which a peer's replay window relies on.
	 */
	local_bh_disable();
	err = ipsecdp_aead_encrypt(c, req);
	local_bh_enable();
	if (err == -EINPROGRESS || err == -EBUSY)
		return NF_STOLEN;

	/* synchronous: the hook's RCU section still protects @sa */
	ipsecdp_esp_output_finish(pkt, err);
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
