/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: AH (RFC 4302), the twin of esp/esp.h. */
#ifndef _IPSECDP_AH_H
#define _IPSECDP_AH_H

#include <linux/netfilter.h>
#include "core/ipsecdp.h"

struct ipsecdp_sa;
struct ipsecdp_l3;

/* Bytes AH of @sa adds to a packet, excluding any outer IP header. */
unsigned int ipsecdp_ah_overhead(const struct ipsecdp_sa *sa);

/* Same contract as ipsecdp_esp_output(). */
unsigned int ipsecdp_ah_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state);

/* Same contract as ipsecdp_esp_input(); @l3 locates the AH header. */
unsigned int ipsecdp_ah_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			      u16 family, const struct ipsecdp_l3 *l3);

#endif /* _IPSECDP_AH_H */
