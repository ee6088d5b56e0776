/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: the packet header summary the SPD matches on. */
#ifndef _IPSECDP_FLOW_H
#define _IPSECDP_FLOW_H

#include "core/ipsecdp.h"

/* Fill @fl from the packet at skb's network header; -EINVAL if bad. */
int ipsecdp_flow_ipv4(const struct sk_buff *skb, struct ipsecdp_flow *fl);
int ipsecdp_flow_ipv6(const struct sk_buff *skb, struct ipsecdp_flow *fl);

#endif /* _IPSECDP_FLOW_H */
