// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: tunnel mode.
 *
 * Output: the outer header copies DSCP from the inner one and encodes ECN
 * per RFC 6040 (normal mode); IPv4-in-IPv4 copies DF. An inner packet
 * that would not fit the outer path once protected, and may not be
 * fragmented (IPv4 with DF, IPv6 above 1280 bytes), is refused with ICMP
 * "fragmentation needed" / ICMPv6 "packet too big" carrying the MTU left
 * for it, so the sender's PMTU discovery converges and nothing is black-
 * holed; any other packet is fragmented after protection.
 *
 * Input: a CE mark on the outer header is carried to an ECN-capable inner
 * header; an inner IPv4 fragment is trimmed to its own length (TFC
 * padding) before ipsecdp reassembles it.
 */
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/dsfield.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/route.h>
#include <net/netfilter/nf_conntrack.h>
#include "core/output.h"
#include "core/l3.h"
#include "core/tunnel.h"
#include "sa/sa.h"

static DEFINE_PER_CPU(const struct sk_buff *, ipsecdp_tx_skb);

static struct dst_entry *ipsecdp_tunnel_route6(struct net *net,
					       const struct ipsecdp_sa *sa,
					       const struct sk_buff *skb)
{
	struct flowi6 fl6 = {
		.daddr		= sa->daddr.in6,
		.saddr		= sa->saddr.in6,
		.flowi6_proto	= sa->proto,
		.flowi6_mark	= skb->mark,
	};
	struct dst_entry *dst = ip6_route_output(net, NULL, &fl6);

	if (dst->error) {
		int err = dst->error;

		dst_release(dst);
		return ERR_PTR(err);
	}
	return dst;
}

static struct dst_entry *ipsecdp_tunnel_lookup(struct net *net,
					       const struct ipsecdp_sa *sa,
					       const struct sk_buff *skb)
{
	if (sa->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr		= sa->daddr.a4,
			.saddr		= sa->saddr.a4,
			.flowi4_proto	= sa->proto,
			.flowi4_mark	= skb->mark,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		return IS_ERR(rt) ? ERR_CAST(rt) : &rt->dst;
	}
	return ipsecdp_tunnel_route6(net, sa, skb);
}

/*
 * The outer route, with a reference. Unmarked packets (the SA's own
 * addresses are the only key then) take it from the SA's per-CPU cache,
 * which a route change invalidates (dst_check); marked ones look it up.
 */
static struct dst_entry *ipsecdp_tunnel_route(struct net *net,
					      struct ipsecdp_sa *sa,
					      const struct sk_buff *skb)
{
	struct dst_entry *dst;

	if (skb->mark)
		return ipsecdp_tunnel_lookup(net, sa, skb);
	local_bh_disable();	/* the cache is per CPU, used from softirq */
	dst = dst_cache_get(&sa->dst_cache);
	if (dst)
		goto out;
	dst = ipsecdp_tunnel_lookup(net, sa, skb);
	if (IS_ERR(dst))
		goto out;
	if (sa->family == AF_INET)
		dst_cache_set_ip4(&sa->dst_cache, dst, sa->saddr.a4);
	else
		dst_cache_set_ip6(&sa->dst_cache, dst, &sa->saddr.in6);
out:
	local_bh_enable();
	return dst;
}

/*
 * Must the inner packet be refused as too big for the tunnel? A packet of
 * this host never is: its route to the inner destination can be the
 * outer one too (host to host), and one PMTU for both would only shrink;
 * the outer packet is fragmented instead, and TCP avoids that by MSS
 * clamping (core/mss.c). A forwarded packet that was reassembled here
 * (nf_defrag) is judged by the largest fragment its sender sent.
 */
static bool ipsecdp_tunnel_too_big_for(const struct sk_buff *skb, u16 inner,
				       unsigned int overhead, unsigned int mtu)
{
	unsigned int len = skb->len;

	if (skb->sk)
		return false;
	if (inner == AF_INET) {
		if (IPCB(skb)->frag_max_size)
			len = IPCB(skb)->frag_max_size;
		return len + overhead > mtu &&
		       (ip_hdr(skb)->frag_off & htons(IP_DF)) && !skb->ignore_df;
	}
	if (IP6CB(skb)->frag_max_size)
		len = IP6CB(skb)->frag_max_size;
	return len + overhead > mtu && len > IPV6_MIN_MTU;
}

static void ipsecdp_tunnel_too_big(struct sk_buff *skb, u16 inner, u32 mtu)
{
	if (inner == AF_INET) {
		mtu = max_t(u32, mtu, 576);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, htonl(mtu));
	} else {
		mtu = max_t(u32, mtu, IPV6_MIN_MTU);
		icmpv6_send(skb, ICMPV6_PKT_TOOBIG, 0, mtu);
	}
}

static void ipsecdp_tunnel_push4(struct sk_buff *skb, const struct ipsecdp_sa *sa,
				 struct dst_entry *dst, u16 inner, u8 dsfield,
				 __be16 df)
{
	struct iphdr *iph = ip_hdr(skb);

	iph->version = 4;
	iph->ihl = 5;
	iph->tos = INET_ECN_encapsulate(dsfield, dsfield);
	iph->frag_off = df;
	iph->ttl = ip4_dst_hoplimit(dst);
	iph->protocol = inner == AF_INET ? IPPROTO_IPIP : IPPROTO_IPV6;
	iph->saddr = sa->saddr.a4;
	iph->daddr = sa->daddr.a4;
	iph->tot_len = htons(skb->len);
	ip_select_ident(dev_net(dst->dev), skb, NULL);
	ip_send_check(iph);
	skb->protocol = htons(ETH_P_IP);
}

static void ipsecdp_tunnel_push6(struct sk_buff *skb, const struct ipsecdp_sa *sa,
				 struct dst_entry *dst, u16 inner, u8 dsfield)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	ip6_flow_hdr(ip6h, INET_ECN_encapsulate(dsfield, dsfield), 0);
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = inner == AF_INET ? IPPROTO_IPIP : IPPROTO_IPV6;
	ip6h->hop_limit = ip6_dst_hoplimit(dst);
	ip6h->saddr = sa->saddr.in6;
	ip6h->daddr = sa->daddr.in6;
	skb->protocol = htons(ETH_P_IPV6);
}

int ipsecdp_tunnel_encap(struct ipsecdp_sa *sa, struct sk_buff *skb)
{
	u16 inner = ipsecdp_l3_family(skb);
	unsigned int ohlen, overhead, hroom, mtu;
	struct dst_entry *dst;
	__be16 df = 0;
	u8 dsfield;

	ohlen = sa->family == AF_INET ? sizeof(struct iphdr) :
					sizeof(struct ipv6hdr);
	/* the outer length field must hold the inner packet */
	if (skb->len + ohlen - (sa->family == AF_INET6 ? ohlen : 0) >
	    IP_MAX_MTU)
		return -E2BIG;

	dst = ipsecdp_tunnel_route(dev_net(skb_dst(skb)->dev), sa, skb);
	if (IS_ERR(dst))
		return PTR_ERR(dst);
	overhead = ohlen + ipsecdp_sa_overhead(sa);
	mtu = dst_mtu(dst);
	if (ipsecdp_tunnel_too_big_for(skb, inner, overhead, mtu)) {
		ipsecdp_tunnel_too_big(skb, inner, mtu - overhead);
		dst_release(dst);
		return -EMSGSIZE;
	}

	if (inner == AF_INET) {
		dsfield = ipv4_get_dsfield(ip_hdr(skb));
		if (sa->family == AF_INET && !skb->sk)
			df = ip_hdr(skb)->frag_off & htons(IP_DF);
	} else {
		dsfield = ipv6_get_dsfield(ipv6_hdr(skb));
	}

	/* room for the SA's header and trailer too: one reallocation, or none */
	hroom = ipsecdp_sa_headroom(sa);
	if (ipsecdp_out_headroom(skb, ohlen + hroom + LL_RESERVED_SPACE(dst->dev),
				 overhead - ohlen - hroom)) {
		dst_release(dst);
		return -ENOMEM;
	}
	skb_push(skb, ohlen);
	skb_reset_network_header(skb);
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	memset(skb->cb, 0, IPSECDP_OUT_CB_OFFSET);	/* keep the bundle state */
	nf_reset_ct(skb);
	if (!df)
		skb->ignore_df = 1;

	if (sa->family == AF_INET)
		ipsecdp_tunnel_push4(skb, sa, dst, inner, dsfield, df);
	else
		ipsecdp_tunnel_push6(skb, sa, dst, inner, dsfield);
	return 0;
}

bool ipsecdp_tunnel_xmitting(const struct sk_buff *skb)
{
	return this_cpu_read(ipsecdp_tx_skb) == skb;
}

void ipsecdp_tunnel_xmit(struct sk_buff *skb)
{
	struct net *net = dev_net(skb_dst(skb)->dev);
	struct sock *sk = skb->sk;
	const struct sk_buff *saved;

	local_bh_disable();
	saved = this_cpu_read(ipsecdp_tx_skb);
	this_cpu_write(ipsecdp_tx_skb, skb);
	if (skb->protocol == htons(ETH_P_IP)) {
		if (sk && sk->sk_family != AF_INET)
			sk = NULL;
		ip_local_out(net, sk, skb);
	} else {
		if (sk && sk->sk_family != AF_INET6)
			sk = NULL;
		ip6_local_out(net, sk, skb);
	}
	this_cpu_write(ipsecdp_tx_skb, saved);
	local_bh_enable();
}

/*
 * An inner IPv4 fragment ends where its header says: ESP may carry TFC
 * padding behind it (RFC 4303 2.7). IP input would trim it, but ipsecdp
 * reassembles a tunnel's fragments before that (core/input.c), and
 * ip_defrag() takes the fragment's length from the skb: the padding
 * would become part of the datagram, or make it overlap and be dropped.
 * Whole packets are left as they are: taps see them as XFRM shows them,
 * and IP input trims them.
 */
static int ipsecdp_tunnel_trim_frag4(struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	unsigned int len = ntohs(iph->tot_len);

	if (!ip_is_fragment(iph))
		return 0;
	if (iph->ihl < 5 || len < iph->ihl * 4 || len > skb->len)
		return -EINVAL;
	return pskb_trim(skb, len);
}

int ipsecdp_tunnel_decap(struct sk_buff *skb, unsigned int hoff, u8 nexthdr)
{
	u8 outer_ds = ipsecdp_l3_family(skb) == AF_INET ?
		      ipv4_get_dsfield(ip_hdr(skb)) :
		      ipv6_get_dsfield(ipv6_hdr(skb));

	__skb_pull(skb, hoff);
	skb_reset_network_header(skb);

	if (nexthdr == IPPROTO_IPIP) {
		if (!pskb_may_pull(skb, sizeof(struct iphdr)) ||
		    ip_hdr(skb)->version != 4)
			return -EINVAL;
		if (ipsecdp_tunnel_trim_frag4(skb))
			return -EINVAL;
		if (INET_ECN_is_ce(outer_ds))
			IP_ECN_set_ce(ip_hdr(skb));
		skb->protocol = htons(ETH_P_IP);
		return 0;
	}
	if (nexthdr == IPPROTO_IPV6) {
		if (!pskb_may_pull(skb, sizeof(struct ipv6hdr)) ||
		    ip_hdr(skb)->version != 6)
			return -EINVAL;
		if (INET_ECN_is_ce(outer_ds))
			IP6_ECN_set_ce(skb, ipv6_hdr(skb));
		skb->protocol = htons(ETH_P_IPV6);
		return 0;
	}
	return -EPROTO;
}
