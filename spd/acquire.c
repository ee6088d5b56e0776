// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: acquire events for protect policies without an SA. */
#include "spd/spd.h"

void ipsecdp_acquire(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		     const struct ipsecdp_flow *fl)
{
}
