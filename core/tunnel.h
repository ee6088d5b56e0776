/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: tunnel mode (RFC 4303 3.1.2): outer header, route, MTU, ECN. */
#ifndef _IPSECDP_TUNNEL_H
#define _IPSECDP_TUNNEL_H

#include <linux/types.h>

struct sk_buff;
struct ipsecdp_sa;

/*
 * Put an outer header for @sa in front of the inner packet at skb's
 * network header and route it. -EMSGSIZE: the inner packet may not be
 * fragmented and is too big; the sender was told with ICMP.
 */
int ipsecdp_tunnel_encap(struct ipsecdp_sa *sa, struct sk_buff *skb);

/* Send a protected outer packet through LOCAL_OUT and POST_ROUTING. */
void ipsecdp_tunnel_xmit(struct sk_buff *skb);

/* Is @skb the outer packet ipsecdp_tunnel_xmit() is sending now? */
bool ipsecdp_tunnel_xmitting(const struct sk_buff *skb);

/*
 * Remove the outer header (@hoff bytes, ESP/AH already gone) of a packet
 * whose protected payload is @nexthdr; the inner packet is then at skb's
 * network header. -EPROTO if the payload is not an IP packet.
 */
int ipsecdp_tunnel_decap(struct sk_buff *skb, unsigned int hoff, u8 nexthdr);

#endif /* _IPSECDP_TUNNEL_H */
