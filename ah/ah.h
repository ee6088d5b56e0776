/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: AH (RFC 4302), the twin of esp/esp.h. */
#ifndef _IPSECDP_AH_H
#define _IPSECDP_AH_H

#include <linux/ip.h>
#include <linux/netfilter.h>
#include "core/ipsecdp.h"
#include "crypto_glue/crypto.h"
#include "sa/sa.h"

struct ipsecdp_sa;
struct ipsecdp_l3;

/*
 * Bytes of the AH header we send for an ICV of @c: padded to 64 bits for
 * both families (RFC 4302 2.2 asks for a multiple of 32 bits for IPv4,
 * which this is too), as the kernel's AH does unless "align4" is set.
 */
static inline unsigned int ipsecdp_ah_hlen(const struct ipsecdp_sa *sa)
{
	unsigned int len = sizeof(struct ip_auth_hdr) + sa->crypto.icvlen;

	if (sa->flags & IPSECDP_SA_F_ALIGN4)
		return ALIGN(len, 4);
	return ALIGN(len, 8);
}

/* Same contract as ipsecdp_esp_output(). */
unsigned int ipsecdp_ah_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state);

/* Same contract as ipsecdp_esp_input(); @l3 locates the AH header. */
unsigned int ipsecdp_ah_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			      u16 family, const struct ipsecdp_l3 *l3);

#endif /* _IPSECDP_AH_H */
