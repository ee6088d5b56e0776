/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: ESP (RFC 4303) encapsulation and decapsulation. */
#ifndef _IPSECDP_ESP_H
#define _IPSECDP_ESP_H

#include <linux/netfilter.h>
#include "core/ipsecdp.h"

struct ipsecdp_sa;

/*
 * Protect @skb (an IP packet at POST_ROUTING, not GSO) with @sa. Returns
 * NF_ACCEPT when it was done in place in transport mode (the hook chain
 * goes on), else NF_STOLEN: sent on by us (tunnel mode, or after
 * asynchronous crypto) or dropped and counted.
 */
unsigned int ipsecdp_esp_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
				struct sk_buff *skb,
				const struct nf_hook_state *state);

/* Bytes ESP of @sa may add to a packet, excluding any outer IP header. */
unsigned int ipsecdp_esp_overhead(const struct ipsecdp_sa *sa);

struct ipsecdp_l3;

/*
 * Process an inbound ESP packet addressed to this host, its ESP header
 * at @l3: consumes @skb (NF_STOLEN) once an SA is found, else NF_DROP;
 * every drop is counted.
 */
unsigned int ipsecdp_esp_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			       u16 family, const struct ipsecdp_l3 *l3);

#endif /* _IPSECDP_ESP_H */
