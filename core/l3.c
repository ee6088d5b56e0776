// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: IPv4 / IPv6 header geometry for ESP and AH. */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "core/l3.h"

int ipsecdp_l3_insert_point(struct sk_buff *skb, u16 family,
			    struct ipsecdp_l3 *l3)
{
	u8 *nexthdr;
	int off;

	if (family == AF_INET) {
		l3->hoff = ip_hdrlen(skb);
		l3->nhoff = offsetof(struct iphdr, protocol);
		return 0;
	}
	/* after hop-by-hop, routing and destination options before routing */
	off = ip6_find_1stfragopt(skb, &nexthdr);
	if (off < 0)
		return off;
	l3->hoff = off;
	l3->nhoff = nexthdr - skb_network_header(skb);
	return 0;
}

static bool ipsecdp_rt_segments_left(const struct sk_buff *skb,
				     unsigned int off)
{
	struct ipv6_rt_hdr _rt;
	const struct ipv6_rt_hdr *rt;

	rt = skb_header_pointer(skb, off, sizeof(_rt), &_rt);
	return !rt || rt->segments_left;
}

static int ipsecdp_l3_find6(struct sk_buff *skb, u8 proto,
			    struct ipsecdp_l3 *l3)
{
	unsigned int nhoff = offsetof(struct ipv6hdr, nexthdr);
	unsigned int off = sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	int depth;

	for (depth = 0; depth < 8; depth++) {
		struct ipv6_opt_hdr _h;
		const struct ipv6_opt_hdr *h;

		if (nexthdr == proto) {
			l3->hoff = off;
			l3->nhoff = nhoff;
			return 0;
		}
		if (nexthdr != NEXTHDR_HOP && nexthdr != NEXTHDR_DEST &&
		    nexthdr != NEXTHDR_ROUTING)
			return -ENOENT;	/* fragments are reassembled earlier */
		h = skb_header_pointer(skb, skb_network_offset(skb) + off,
				       sizeof(_h), &_h);
		if (!h)
			return -EINVAL;
		/* not the final destination yet: what follows is a later hop's */
		if (nexthdr == NEXTHDR_ROUTING &&
		    ipsecdp_rt_segments_left(skb, skb_network_offset(skb) + off))
			return -ENOENT;
		nhoff = off + offsetof(struct ipv6_opt_hdr, nexthdr);
		off += ipv6_optlen(h);
		nexthdr = h->nexthdr;
	}
	return -EINVAL;
}

int ipsecdp_l3_find(struct sk_buff *skb, u16 family, u8 proto,
		    struct ipsecdp_l3 *l3)
{
	if (family == AF_INET) {
		if (ip_hdr(skb)->protocol != proto)
			return -ENOENT;
		l3->hoff = ip_hdrlen(skb);
		l3->nhoff = offsetof(struct iphdr, protocol);
		return 0;
	}
	return ipsecdp_l3_find6(skb, proto, l3);
}

/* Rewrite the IP length field (and IPv4 checksum) after a size change. */
static void ipsecdp_l3_fix_len(struct sk_buff *skb, u16 family)
{
	unsigned int len = skb->len - skb_network_offset(skb);

	if (family == AF_INET) {
		struct iphdr *iph = ip_hdr(skb);

		iph->tot_len = htons(len);
		ip_send_check(iph);
	} else {
		ipv6_hdr(skb)->payload_len = htons(len - sizeof(struct ipv6hdr));
	}
}

void ipsecdp_l3_push(struct sk_buff *skb, u16 family,
		     const struct ipsecdp_l3 *l3, unsigned int hlen, u8 proto)
{
	__skb_push(skb, hlen);
	memmove(skb->data, skb->data + hlen, l3->hoff);
	skb_reset_network_header(skb);
	skb_set_transport_header(skb, l3->hoff);
	skb_network_header(skb)[l3->nhoff] = proto;
	ipsecdp_l3_fix_len(skb, family);
	skb->ignore_df = 1;	/* grown past the MTU: fragment it protected */
}

void ipsecdp_l3_strip(struct sk_buff *skb, u16 family, unsigned int hoff,
		      unsigned int nhoff, unsigned int len, u8 nexthdr)
{
	/* how far IP input has parsed: IPv6 goes on from there */
	unsigned int toff = skb_transport_offset(skb);

	memmove(skb->data + len, skb->data, hoff);
	__skb_pull(skb, len);
	skb_reset_network_header(skb);
	skb_network_header(skb)[nhoff] = nexthdr;
	/*
	 * IPv6 input stops after hop-by-hop options: the destination
	 * options or routing header (no segments left) between them and
	 * ESP/AH have not been processed yet at LOCAL_IN. They are now,
	 * as they would have been before ESP/AH: ip6_input_finish()
	 * resumes at the transport header with IP6CB(skb)->nhoff.
	 */
	if (family == AF_INET6 && toff >= sizeof(struct ipv6hdr) &&
	    toff < hoff && IP6CB(skb)->nhoff < toff) {
		skb_set_transport_header(skb, toff);
	} else {
		skb_set_transport_header(skb, hoff);
		if (family == AF_INET6)
			IP6CB(skb)->nhoff = nhoff;
	}
	ipsecdp_l3_fix_len(skb, family);
	skb->ip_summed = CHECKSUM_NONE;
}

bool ipsecdp_l3_len_ok(const struct sk_buff *skb, u16 family,
		       unsigned int grow)
{
	unsigned int len = skb->len - skb_network_offset(skb) + grow;

	if (family == AF_INET6)
		len -= sizeof(struct ipv6hdr);	/* payload length */
	return len <= IP_MAX_MTU;
}

u16 ipsecdp_l3_family(const struct sk_buff *skb)
{
	return ip_hdr(skb)->version == 6 ? AF_INET6 : AF_INET;
}
