/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: ESP (RFC 4303) encapsulation and decapsulation. */
#ifndef _IPSECDP_ESP_H
#define _IPSECDP_ESP_H

#include <linux/netfilter.h>
#include "core/ipsecdp.h"

struct ipsecdp_sa;

/*
 * Protect @skb (an IPv4 packet at POST_ROUTING) with @sa. Returns
 * NF_ACCEPT when it is done in place (the hook chain goes on), NF_STOLEN
 * when the packet went asynchronous or was dropped (and counted).
 */
unsigned int ipsecdp_esp_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
				struct sk_buff *skb,
				const struct nf_hook_state *state);

/*
 * Process an inbound ESP packet addressed to this host: always consumes
 * @skb (NF_STOLEN) once an SA is found, else NF_DROP (counted).
 */
unsigned int ipsecdp_esp_input(struct ipsecdp_net *pn, struct sk_buff *skb);

#endif /* _IPSECDP_ESP_H */
