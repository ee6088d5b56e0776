// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: extract addresses, protocol and ports (ICMP type and code in
 * their place, as XFRM selectors do) from a packet for the SPD.
 */
#include <linux/ip.h>
#include <linux/icmp.h>
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

/* The IPv4 header at @nhoff (bytes from skb->data); -EINVAL if bad. */
static int ipsecdp_flow_ipv4_at(const struct sk_buff *skb, unsigned int nhoff,
				struct ipsecdp_flow *fl)
{
	const struct iphdr *iph;
	struct iphdr _iph;

	memset(fl, 0, sizeof(*fl));
	iph = skb_header_pointer(skb, nhoff, sizeof(_iph), &_iph);
	if (!iph || iph->ihl < 5)
		return -EINVAL;
	fl->family = AF_INET;
	fl->saddr.a4 = iph->saddr;
	fl->daddr.a4 = iph->daddr;
	fl->proto = iph->protocol;
	fl->l4off = nhoff + iph->ihl * 4;
	/* only the first fragment carries the upper-layer header */
	if (!(iph->frag_off & htons(IP_OFFSET)))
		ipsecdp_flow_ports(skb, fl->l4off, fl);
	return 0;
}

int ipsecdp_flow_ipv4(const struct sk_buff *skb, struct ipsecdp_flow *fl)
{
	return ipsecdp_flow_ipv4_at(skb, skb_network_offset(skb), fl);
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

static int ipsecdp_flow_ipv6_at(const struct sk_buff *skb, unsigned int nhoff,
				struct ipsecdp_flow *fl)
{
	const struct ipv6hdr *ip6h;
	struct ipv6hdr _ip6h;
	__be16 frag_off = 0;
	u8 nexthdr;
	int off;

	memset(fl, 0, sizeof(*fl));
	ip6h = skb_header_pointer(skb, nhoff, sizeof(_ip6h), &_ip6h);
	if (!ip6h)
		return -EINVAL;
	fl->family = AF_INET6;
	fl->saddr.in6 = ip6h->saddr;
	fl->daddr.in6 = ip6h->daddr;
	nexthdr = ip6h->nexthdr;
	off = ipsecdp_skip_exthdr6(skb, nhoff + sizeof(*ip6h), &nexthdr,
				   &frag_off);
	if (off < 0)
		return -EINVAL;
	fl->proto = nexthdr;
	fl->l4off = off;
	if (!(frag_off & htons(IP6_OFFSET)))
		ipsecdp_flow_ports(skb, off, fl);
	return 0;
}

int ipsecdp_flow_ipv6(const struct sk_buff *skb, struct ipsecdp_flow *fl)
{
	return ipsecdp_flow_ipv6_at(skb, skb_network_offset(skb), fl);
}

static bool ipsecdp_icmp_is_error(u8 proto, u8 type)
{
	if (proto == IPPROTO_ICMPV6)
		return type < 128;		/* RFC 4443 2.1 */
	if (proto != IPPROTO_ICMP)
		return false;
	switch (type) {
	case ICMP_DEST_UNREACH:
	case ICMP_SOURCE_QUENCH:
	case ICMP_REDIRECT:
	case ICMP_TIME_EXCEEDED:
	case ICMP_PARAMETERPROB:
		return true;
	}
	return false;
}

int ipsecdp_flow_icmp_inner(const struct sk_buff *skb,
			    const struct ipsecdp_flow *fl,
			    struct ipsecdp_flow *inner)
{
	unsigned int off = fl->l4off + 8;	/* behind the ICMP header */

	if (fl->proto != (fl->family == AF_INET ? IPPROTO_ICMP :
						  IPPROTO_ICMPV6) ||
	    !fl->l4off || !ipsecdp_icmp_is_error(fl->proto, fl->sport))
		return -ENOENT;
	return fl->family == AF_INET ? ipsecdp_flow_ipv4_at(skb, off, inner) :
				       ipsecdp_flow_ipv6_at(skb, off, inner);
}

int ipsecdp_flow_rt_dsts(const struct sk_buff *skb, struct in6_addr *dsts,
			 unsigned int max)
{
	unsigned int off = skb_network_offset(skb) + sizeof(struct ipv6hdr);
	u8 nexthdr = ipv6_hdr(skb)->nexthdr;
	unsigned int i, n = 0;

	while (nexthdr == NEXTHDR_HOP || nexthdr == NEXTHDR_DEST ||
	       nexthdr == NEXTHDR_ROUTING) {
		const struct ipv6_rt_hdr *rt;
		struct ipv6_rt_hdr _rt;
		struct in6_addr *a, _a;
		unsigned int naddr;

		rt = skb_header_pointer(skb, off, sizeof(_rt), &_rt);
		if (!rt)
			return -EINVAL;
		if (nexthdr == NEXTHDR_ROUTING && rt->segments_left) {
			/* type 0, 2 and 4 (SRH): addresses from offset 8 */
			if (rt->type != IPV6_SRCRT_TYPE_0 &&
			    rt->type != IPV6_SRCRT_TYPE_2 &&
			    rt->type != IPV6_SRCRT_TYPE_4)
				return -EOPNOTSUPP;
			naddr = rt->hdrlen / 2;
			if (rt->segments_left > naddr)
				return -EINVAL;
			/* still to visit: the last segments_left (type 0)
			 * or, SRH, entries 0 .. segments_left - 1
			 */
			for (i = 0; i < rt->segments_left; i++) {
				unsigned int k = rt->type == IPV6_SRCRT_TYPE_4 ?
						 i : naddr - 1 - i;

				if (n == max)
					return -E2BIG;
				a = skb_header_pointer(skb, off + 8 + k * 16,
						       sizeof(_a), &_a);
				if (!a)
					return -EINVAL;
				dsts[n++] = *a;
			}
		}
		off += ipv6_optlen((const struct ipv6_opt_hdr *)rt);
		nexthdr = rt->nexthdr;
	}
	return n;
}
