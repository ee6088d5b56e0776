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
 * An SA with UDP encapsulation (RFC 3948) puts a UDP header in front of
 * the ESP header: its checksum is zero over IPv4 (RFC 3948 2.1) and
 * computed over IPv6 once the payload is encrypted (RFC 8200 8.1).
 */
#include <crypto/aead.h>
#include <linux/skbuff.h>
#include <net/esp.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/udp.h>
#include <linux/random.h>
#include "core/compat.h"
#include "core/output.h"
#include "core/l3.h"
#include "core/stats.h"
#include "esp/esp.h"
#include "esp/esp_pkt.h"
#include "sa/sa.h"

/* The UDP header of ESP in UDP, at skb's transport header. */
static void ipsecdp_esp_udp_push(const struct ipsecdp_sa *sa,
				 struct sk_buff *skb)
{
	struct udphdr *uh = udp_hdr(skb);

	uh->source = sa->encap.sport;
	uh->dest = sa->encap.dport;
	uh->len = htons(skb->len - skb_transport_offset(skb));
	uh->check = 0;
}

/* IPv6: the UDP checksum of an encrypted ESP-in-UDP packet. */
static void ipsecdp_esp_udp6_csum(const struct ipsecdp_sa *sa,
				  struct sk_buff *skb)
{
	unsigned int off = skb_transport_offset(skb);
	unsigned int len = skb->len - off;
	struct udphdr *uh = udp_hdr(skb);

	if (sa->family != AF_INET6 || !ipsecdp_sa_encap(sa))
		return;
	uh->check = csum_ipv6_magic(&ipv6_hdr(skb)->saddr,
				    &ipv6_hdr(skb)->daddr, len, IPPROTO_UDP,
				    skb_checksum(skb, off, len, 0));
	if (!uh->check)
		uh->check = CSUM_MANGLED_0;
}

static void ipsecdp_esp_output_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_esp_pkt *pkt = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	if (!err)
		ipsecdp_esp_udp6_csum(pkt->sa, pkt->skb);
	ipsecdp_out_done(pkt->skb, pkt->sa, &pkt->state, pkt, err);
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

/* Encrypt @skb, its ESP header at @l3 and @clen bytes to encrypt. */
static unsigned int ipsecdp_esp_encrypt(struct ipsecdp_net *pn,
					struct ipsecdp_sa *sa,
					struct sk_buff *skb,
					const struct ipsecdp_l3 *l3, u64 seq,
					unsigned int clen, unsigned int nsg,
					const struct nf_hook_state *state)
{
	const struct ipsecdp_crypto *c = &sa->crypto;
	struct ipsecdp_esp_pkt *pkt;
	struct ip_esp_hdr *esph;
	struct scatterlist *sg;
	unsigned int aadlen;
	void *req;
	int err;

	pkt = ipsecdp_crypto_ctx_alloc(c, sizeof(*pkt), nsg, &req, &sg);
	if (!pkt)
		return ipsecdp_out_error(pn, skb, NULL);
	pkt->skb = skb;
	pkt->sa = sa;

	esph = (struct ip_esp_hdr *)(skb->data + l3->hoff);
	esph->spi = sa->spi;
	esph->seq_no = htonl(lower_32_bits(seq));
	ipsecdp_esp_iv(c, seq, pkt->iv);
	memcpy(esph + 1, pkt->iv, c->ivlen);
	aadlen = ipsecdp_esp_aad(pkt->aad, sa->spi, seq, c->esn);

	sg_set_buf(&sg[0], pkt->aad, aadlen);
	err = skb_to_sgvec(skb, &sg[1], l3->hoff + sizeof(*esph),
			   c->ivlen + clen + c->icvlen);
	if (unlikely(err < 0))
		return ipsecdp_out_error(pn, skb, pkt);

	aead_request_set_callback(req, 0, ipsecdp_esp_output_done, pkt);
	aead_request_set_crypt(req, sg, sg, clen, pkt->iv);
	aead_request_set_ad(req, aadlen + c->ivlen);

	if (unlikely(!ipsecdp_out_hold(&pkt->state, skb, sa, state)))
		return ipsecdp_out_error(pn, skb, pkt);
	/*
	 * With BH off the SIMD AEAD wrappers queue behind requests already
	 * waiting in cryptd instead of overtaking them: packets leave in
	 * sequence-number order, which a peer's replay window relies on.
	 */
	local_bh_disable();
	err = ipsecdp_aead_encrypt(c, req);
	local_bh_enable();
	if (!err)
		ipsecdp_esp_udp6_csum(sa, skb);
	return ipsecdp_out_submitted(skb, sa, &pkt->state, pkt, err, state);
}

unsigned int ipsecdp_esp_headroom(const struct ipsecdp_sa *sa)
{
	return ipsecdp_esp_encap_len(sa) + sizeof(struct ip_esp_hdr) +
	       sa->crypto.ivlen;
}

unsigned int ipsecdp_esp_overhead(const struct ipsecdp_sa *sa)
{
	const struct ipsecdp_crypto *c = &sa->crypto;

	return ipsecdp_esp_headroom(sa) + c->blksize - 1 + 2 + c->icvlen;
}

unsigned int ipsecdp_esp_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
				struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	unsigned int encap = ipsecdp_esp_encap_len(sa);
	const struct ipsecdp_crypto *c = &sa->crypto;
	unsigned int plen, clen, hlen;
	struct ipsecdp_l3 l3;
	int nfrags;
	u8 proto;
	u64 seq;

	if (!ipsecdp_out_prologue(pn, sa, skb, &seq, &l3))
		return NF_STOLEN;
	hlen = encap + sizeof(struct ip_esp_hdr) + c->ivlen;
	plen = skb->len - l3.hoff;
	clen = ALIGN(plen + 2, c->blksize);
	if (!ipsecdp_out_room(skb, sa->family, hlen,
			      hlen + clen - plen + c->icvlen))
		return ipsecdp_out_error(pn, skb, NULL);
	proto = skb_network_header(skb)[l3.nhoff];
	nfrags = ipsecdp_esp_trailer(skb, clen - plen - 2, proto, c->icvlen);
	if (nfrags < 0)
		return ipsecdp_out_error(pn, skb, NULL);

	/*
	 * Move the IP header(s) forward over the room for UDP header (if
	 * any), ESP header and IV.
	 */
	ipsecdp_l3_push(skb, sa->family, &l3, hlen,
			encap ? IPPROTO_UDP : IPPROTO_ESP);
	if (encap) {
		ipsecdp_esp_udp_push(sa, skb);
		l3.hoff += encap;
	}
	return ipsecdp_esp_encrypt(pn, sa, skb, &l3, seq, clen, nfrags + 1,
				   state);
}
