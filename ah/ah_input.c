// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: AH input (RFC 4302). */
#include <linux/skbuff.h>
#include "ah/ah.h"
#include "core/stats.h"

unsigned int ipsecdp_ah_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			      u16 family, const struct ipsecdp_l3 *l3)
{
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_NO_STATES);
	return NF_DROP;
}
