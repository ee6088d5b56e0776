/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: TCP MSS clamping for protected flows. */
#ifndef _IPSECDP_MSS_H
#define _IPSECDP_MSS_H

#include <linux/types.h>

struct sk_buff;
struct ipsecdp_sa;

/*
 * If @skb is a TCP SYN, lower its MSS option so that a full segment still
 * fits @mtu once @sa has protected it. Both ends then send segments that
 * need no fragmentation, whatever the peer's stack (XFRM lowers its own
 * sending MSS but advertises the plain one).
 */
void ipsecdp_mss_clamp(struct sk_buff *skb, u16 family,
		       const struct ipsecdp_sa *sa, unsigned int mtu);

#endif /* _IPSECDP_MSS_H */
