// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: TCP MSS clamping (the technique of xt_TCPMSS, for our SAs). */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include "core/compat.h"
#include "core/mss.h"
#include "sa/sa.h"

static int ipsecdp_tcp_offset(const struct sk_buff *skb, u16 family)
{
	__be16 frag_off;
	u8 nexthdr;
	int off;

	if (family == AF_INET) {
		const struct iphdr *iph = ip_hdr(skb);

		if (iph->protocol != IPPROTO_TCP ||
		    (iph->frag_off & htons(IP_OFFSET)))
			return -1;
		return skb_network_offset(skb) + iph->ihl * 4;
	}
	nexthdr = ipv6_hdr(skb)->nexthdr;
	off = ipv6_skip_exthdr(skb, skb_network_offset(skb) +
			       sizeof(struct ipv6hdr), &nexthdr, &frag_off);
	if (off < 0 || nexthdr != IPPROTO_TCP || (frag_off & htons(IP6_OFFSET)))
		return -1;
	return off;
}

static void ipsecdp_mss_rewrite(struct sk_buff *skb, struct tcphdr *th,
				u16 mss)
{
	u8 *opt = (u8 *)(th + 1);
	unsigned int len = th->doff * 4 - sizeof(*th);
	unsigned int i = 0;

	while (i < len) {
		if (opt[i] == TCPOPT_EOL)
			return;
		if (opt[i] == TCPOPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= len || opt[i + 1] < 2 || i + opt[i + 1] > len)
			return;
		if (opt[i] == TCPOPT_MSS && opt[i + 1] == TCPOLEN_MSS) {
			__be16 old = get_unaligned((__be16 *)&opt[i + 2]);

			if (ntohs(old) <= mss)
				return;
			put_unaligned(htons(mss), (__be16 *)&opt[i + 2]);
			inet_proto_csum_replace2(&th->check, skb, old,
						 htons(mss), false);
			return;
		}
		i += opt[i + 1];
	}
}

void ipsecdp_mss_clamp(struct sk_buff *skb, u16 family,
		       const struct ipsecdp_sa *sa, unsigned int mtu)
{
	unsigned int overhead = ipsecdp_sa_overhead(sa);
	struct tcphdr _th, *th;
	int off;

	off = ipsecdp_tcp_offset(skb, family);
	if (off < 0)
		return;
	th = skb_header_pointer(skb, off, sizeof(_th), &_th);
	if (!th || !th->syn || th->doff * 4 <= sizeof(*th))
		return;
	if (skb_ensure_writable(skb, off + th->doff * 4))
		return;
	th = (struct tcphdr *)(skb->data + off);

	if (sa->mode == IPSECDP_MODE_TUNNEL)
		overhead += sa->family == AF_INET ? sizeof(struct iphdr) :
						    sizeof(struct ipv6hdr);
	overhead += off - skb_network_offset(skb) + sizeof(struct tcphdr);
	if (mtu <= overhead + 536)
		return;
	ipsecdp_mss_rewrite(skb, th, mtu - overhead);
}
