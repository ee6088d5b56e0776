// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: AH output (RFC 4302). */
#include <linux/skbuff.h>
#include "ah/ah.h"
#include "core/stats.h"

unsigned int ipsecdp_ah_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
	kfree_skb(skb);
	return NF_STOLEN;
}
