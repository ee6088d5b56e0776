/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: netfilter hooks, registered in every network namespace. */
#ifndef _IPSECDP_HOOKS_H
#define _IPSECDP_HOOKS_H

#include <linux/netfilter.h>

struct net;
struct sk_buff;
struct ipsecdp_sa;

int ipsecdp_hooks_register(struct net *net);
void ipsecdp_hooks_unregister(struct net *net);

/* Module-wide datapath set-up. */
int ipsecdp_datapath_init(void);
void ipsecdp_datapath_exit(void);

/*
 * Continue the output hook chain after ours, then the okfn, for a packet
 * we transformed out of line (asynchronous crypto, GSO segments).
 */
void ipsecdp_out_resume(struct sk_buff *skb, const struct nf_hook_state *state);

/*
 * Deliver a decapsulated packet as if received on skb->dev, remembering
 * for the inbound policy check which SA removed its protection.
 */
void ipsecdp_rx_deliver(struct sk_buff *skb, struct ipsecdp_sa *sa);

#endif /* _IPSECDP_HOOKS_H */
