// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: extract addresses, protocol and ports (ICMP type and code in
 * their place, as XFRM selectors do) from a packet for the SPD.
 */
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "core/compat.h"
#include "core/flow.h"

static void ipsecdp_flow_ports(const struct sk_buff *skb, unsigned int off,
			       struct ipsecdp_flow *fl)
{
	u8 buf[4];
	const u8 *p;

	/* the protocols of include/uapi/linux/ipsecdp.h, as selectors */
	if (ipsecdp_proto_has_ports(fl->proto)) {
		p = skb_header_pointer(skb, off, 4, buf);
		if (p) {
			fl->sport = get_unaligned_be16(p);
			fl->dport = get_unaligned_be16(p + 2);
		}
	} else if (ipsecdp_proto_has_type_code(fl->proto)) {
		p = skb_header_pointer(skb, off, 2, buf);
		if (p) {
			fl->sport = p[0];
			fl->dport = p[1];
		}
	}
}

int ipsecdp_flow_ipv4(const struct sk_buff *skb, struct ipsecdp_flow *fl)
{
	const struct iphdr *iph = ip_hdr(skb);

	memset(fl, 0, sizeof(*fl));
	if (iph->ihl < 5)
		return -EINVAL;
	fl->family = AF_INET;
	fl->saddr.a4 = iph->saddr;
	fl->daddr.a4 = iph->daddr;
	fl->proto = iph->protocol;
	/* only the first fragment carries the upper-layer header */
	if (!(iph->frag_off & htons(IP_OFFSET)))
		ipsecdp_flow_ports(skb, skb_network_offset(skb) + iph->ihl * 4,
				   fl);
	return 0;
}

/*
 * ipv6_skip_exthdr(), except that "No Next Header" (RFC 8200 4.7) ends the
 * chain as an upper-layer protocol of its own instead of failing, as
 * XFRM's decode_session6() sees it: such a packet is well formed, and the
 * SPD must judge it like any other.
 */
static int ipsecdp_skip_exthdr6(const struct sk_buff *skb, int start,
				u8 *nexthdrp, __be16 *frag_offp)
{
	u8 nexthdr = *nexthdrp;

	*frag_offp = 0;
	while (nexthdr != NEXTHDR_NONE && ipv6_ext_hdr(nexthdr)) {
		const struct ipv6_opt_hdr *hp;
		struct ipv6_opt_hdr _hdr;
		int hdrlen;

		hp = skb_header_pointer(skb, start, sizeof(_hdr), &_hdr);
		if (!hp)
			return -1;
		if (nexthdr == NEXTHDR_FRAGMENT) {
			const __be16 *fp;
			__be16 _frag_off;

			fp = skb_header_pointer(skb, start +
						offsetof(struct frag_hdr, frag_off),
						sizeof(_frag_off), &_frag_off);
			if (!fp)
				return -1;
			*frag_offp = *fp;
			if (ntohs(*frag_offp) & ~0x7)
				break;
			hdrlen = 8;
		} else if (nexthdr == NEXTHDR_AUTH) {
			hdrlen = ipv6_authlen(hp);
		} else {
			hdrlen = ipv6_optlen(hp);
		}
		nexthdr = hp->nexthdr;
		start += hdrlen;
	}
	*nexthdrp = nexthdr;
	return start;
}

int ipsecdp_flow_ipv6(const struct sk_buff *skb, struct ipsecdp_flow *fl)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	__be16 frag_off = 0;
	u8 nexthdr = ip6h->nexthdr;
	int off;

	memset(fl, 0, sizeof(*fl));
	fl->family = AF_INET6;
	fl->saddr.in6 = ip6h->saddr;
	fl->daddr.in6 = ip6h->daddr;
	off = ipsecdp_skip_exthdr6(skb, skb_network_offset(skb) + sizeof(*ip6h),
				   &nexthdr, &frag_off);
	if (off < 0)
		return -EINVAL;
	fl->proto = nexthdr;
	if (!(frag_off & htons(IP6_OFFSET)))
		ipsecdp_flow_ports(skb, off, fl);
	return 0;
}
