/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: the output path (core/output.c): the POST_ROUTING hook body,
 * SA bundles, and the end of a transform (finish, resume the hook chain,
 * drop), which ESP and AH call, in line or from a crypto completion.
 */
#ifndef _IPSECDP_OUTPUT_H
#define _IPSECDP_OUTPUT_H

#include <linux/netfilter.h>

struct sk_buff;
struct ipsecdp_sa;

/* The POST_ROUTING hook of @family (core/hooks.c dispatches to it). */
unsigned int ipsecdp_out(struct sk_buff *skb, u16 family,
			 const struct nf_hook_state *state);

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

#endif /* _IPSECDP_OUTPUT_H */
