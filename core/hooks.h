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
/*
 * A transform that may complete asynchronously keeps the hook state in
 * @st: take a reference on @skb's route (false if it has none any more:
 * drop the packet) and on the devices; the socket is not kept, the
 * completion resumes with skb->sk (the skb owns it, as XFRM does).
 * ipsecdp_out_state_put() releases them once the packet is resumed.
 */
bool ipsecdp_out_state_hold(struct nf_hook_state *st, struct sk_buff *skb,
			    const struct nf_hook_state *state);
void ipsecdp_out_state_put(struct nf_hook_state *st);

/* Drop a packet being transformed (releases the bundle's next SA). */
void ipsecdp_output_drop(struct sk_buff *skb);

/*
 * Deliver a packet decapsulated by @sa, remembering for the inbound
 * policy check which SAs removed its protection: @sa, and before it
 * @outer (may be NULL) and the SAs noted with it. Tunnel mode: the inner
 * packet is received anew on skb->dev; transport mode: it goes on to
 * local input with its route (core/hooks.c).
 */
void ipsecdp_rx_deliver_chain(struct sk_buff *skb, struct ipsecdp_sa *sa,
			      struct ipsecdp_sa *outer);

/* The SA that decapsulated @skb, if it is being delivered now. */
struct ipsecdp_sa *ipsecdp_rx_sa(const struct sk_buff *skb);

#endif /* _IPSECDP_HOOKS_H */
