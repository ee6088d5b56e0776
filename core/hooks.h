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
 * Output state that travels with a packet between the transforms of an
 * SA bundle, in the tail of skb->cb (IPCB and IP6CB use its head).
 */
#define IPSECDP_OUT_CB_OFFSET	32

struct ipsecdp_out_cb {
	struct ipsecdp_sa	*next;		/* outer SA still to apply (held) */
	bool			tunneled;	/* an outer header was added */
};

#define IPSECDP_OUT_CB(skb) \
	((struct ipsecdp_out_cb *)((skb)->cb + IPSECDP_OUT_CB_OFFSET))

/*
 * A transform of @skb by @sa succeeded: apply the bundle's next SA, or
 * send a tunnelled packet, or return NF_ACCEPT for the hook chain to go
 * on (a caller that is not the hook then calls ipsecdp_out_resume()).
 */
unsigned int ipsecdp_output_finish(struct sk_buff *skb, struct ipsecdp_sa *sa,
				   const struct nf_hook_state *state);
/* The same from an asynchronous completion. */
void ipsecdp_output_finish_async(struct sk_buff *skb, struct ipsecdp_sa *sa,
				 const struct nf_hook_state *state);
/* Drop a packet being transformed (releases the bundle's next SA). */
void ipsecdp_output_drop(struct sk_buff *skb);

/*
 * Deliver a decapsulated packet as if received on skb->dev, remembering
 * for the inbound policy check which SAs removed its protection: @sa,
 * and before it those noted for this packet if it is being delivered
 * itself (synchronous nesting).
 */
void ipsecdp_rx_deliver(struct sk_buff *skb, struct ipsecdp_sa *sa);

/* The same, naming the enclosing SA (@outer, may be NULL) explicitly. */
void ipsecdp_rx_deliver_chain(struct sk_buff *skb, struct ipsecdp_sa *sa,
			      struct ipsecdp_sa *outer);

/* The SA that decapsulated @skb, if it is being delivered now. */
struct ipsecdp_sa *ipsecdp_rx_sa(const struct sk_buff *skb);

#endif /* _IPSECDP_HOOKS_H */
