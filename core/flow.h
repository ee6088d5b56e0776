/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: the packet header summary the SPD matches on. */
#ifndef _IPSECDP_FLOW_H
#define _IPSECDP_FLOW_H

#include "core/ipsecdp.h"

/* Fill @fl from the packet at skb's network header; -EINVAL if bad. */
int ipsecdp_flow_ipv4(const struct sk_buff *skb, struct ipsecdp_flow *fl);
int ipsecdp_flow_ipv6(const struct sk_buff *skb, struct ipsecdp_flow *fl);

static inline int ipsecdp_flow_of(const struct sk_buff *skb, u16 family,
				  struct ipsecdp_flow *fl)
{
	return family == AF_INET ? ipsecdp_flow_ipv4(skb, fl) :
				   ipsecdp_flow_ipv6(skb, fl);
}

/*
 * An ICMP or ICMPv6 error (@fl, from the packet at skb's network header):
 * the flow of the packet it quotes, into @inner. -ENOENT when @fl is no
 * ICMP error, -EINVAL when the quote is too short.
 */
int ipsecdp_flow_icmp_inner(const struct sk_buff *skb,
			    const struct ipsecdp_flow *fl,
			    struct ipsecdp_flow *inner);

/*
 * IPv6: the addresses a routing header still sends the packet to (its
 * segments left, in order), at most @max into @dsts: how many, 0 when
 * there is no such header; negative when they cannot be read (or the
 * header is of a type not known here).
 */
int ipsecdp_flow_rt_dsts(const struct sk_buff *skb, struct in6_addr *dsts,
			 unsigned int max);

#endif /* _IPSECDP_FLOW_H */
