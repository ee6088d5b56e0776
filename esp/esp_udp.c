// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: ESP in UDP (RFC 3948), what arrives on an SA's UDP port.
 *
 * A datagram to the address and port where an SA of the namespace
 * receives ESP in UDP (sa/encap.c) is, by its first bytes (RFC 3948
 * 2.2): ESP when the first four, the SPI, are not zero; an IKE message
 * behind the non-ESP marker (four zero bytes), which goes on to the IKE
 * daemon's socket untouched; a NAT-keepalive (one byte 0xFF, RFC 3948
 * 2.3), dropped and counted. Anything else there is malformed: a UDP
 * length that is not the packet's, a bad checksum (zero is "none" over
 * IPv4 only), an empty datagram or a marker with no message. ESP then
 * goes to esp/esp_input.c with its UDP header, which decapsulation
 * removes together with the ESP header.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include "core/l3.h"
#include "core/stats.h"
#include "esp/esp.h"
#include "sa/sa.h"

#define IPSECDP_NAT_KEEPALIVE	0xff

unsigned int ipsecdp_esp_encap_len(const struct ipsecdp_sa *sa)
{
	return ipsecdp_sa_encap(sa) ? sizeof(struct udphdr) : 0;
}

/* Is @skb to an address and UDP port @port where an SA receives? */
static bool ipsecdp_esp_udp_ours(struct ipsecdp_net *pn,
				 const struct sk_buff *skb, u16 family,
				 __be16 port)
{
	union ipsecdp_addr daddr = { };

	if (family == AF_INET)
		daddr.a4 = ip_hdr(skb)->daddr;
	else
		daddr.in6 = ipv6_hdr(skb)->daddr;
	return ipsecdp_encap_port_used(pn, family, &daddr, port);
}

/* The UDP length is the packet's, the checksum verifies. */
static bool ipsecdp_esp_udp_valid(struct sk_buff *skb, u16 family,
				  unsigned int hoff)
{
	const struct udphdr *uh = (struct udphdr *)(skb->data + hoff);

	if (ntohs(uh->len) != skb->len - hoff)
		return false;
	if (!uh->check)
		return family == AF_INET;
	return !nf_checksum(skb, NF_INET_LOCAL_IN, hoff, IPPROTO_UDP, family);
}

/* The payload of a valid datagram on an SA's port, @plen bytes at @off. */
static enum ipsecdp_udp_kind ipsecdp_esp_udp_payload(struct ipsecdp_net *pn,
						     const struct sk_buff *skb,
						     unsigned int off,
						     unsigned int plen)
{
	__be32 buf, *spi;
	u8 first;

	if (plen == 1 && !skb_copy_bits(skb, off, &first, 1) &&
	    first == IPSECDP_NAT_KEEPALIVE) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_ENCAP_KEEPALIVE);
		return IPSECDP_UDP_DROP;
	}
	spi = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!spi)
		goto malformed;
	if (*spi)
		return IPSECDP_UDP_ESP;
	if (plen > sizeof(buf))
		return IPSECDP_UDP_OTHER;	/* IKE */
malformed:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_ENCAP_ERROR);
	return IPSECDP_UDP_DROP;
}

enum ipsecdp_udp_kind ipsecdp_esp_udp_classify(struct ipsecdp_net *pn,
					       struct sk_buff *skb, u16 family,
					       const struct ipsecdp_l3 *l3)
{
	unsigned int hoff = l3->hoff;
	const struct udphdr *uh;

	/* a short header: not one we can tell, the stack drops it */
	if (!pskb_may_pull(skb, hoff + sizeof(*uh)))
		return IPSECDP_UDP_OTHER;
	uh = (struct udphdr *)(skb->data + hoff);
	if (!ipsecdp_esp_udp_ours(pn, skb, family, uh->dest))
		return IPSECDP_UDP_OTHER;
	if (!ipsecdp_esp_udp_valid(skb, family, hoff)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_ENCAP_ERROR);
		return IPSECDP_UDP_DROP;
	}
	return ipsecdp_esp_udp_payload(pn, skb, hoff + sizeof(*uh),
				       skb->len - hoff - sizeof(*uh));
}
