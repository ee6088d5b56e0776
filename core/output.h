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

struct ipsecdp_net;
struct ipsecdp_l3;

/*
 * What ESP and AH output share, in the order they use it:
 *
 * Prologue: the sequence number (into *@seq), the lifetime, checksum
 * completion, tunnel mode's outer header, and where the protocol header
 * goes (*@l3). False: @skb was dropped and counted.
 */
bool ipsecdp_out_prologue(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			  struct sk_buff *skb, u64 *seq,
			  struct ipsecdp_l3 *l3);

/*
 * @need bytes of headroom, leaving @tail bytes of tailroom if the data
 * has to slide to make it (else the head is reallocated): 0 or -ENOMEM.
 */
int ipsecdp_out_headroom(struct sk_buff *skb, unsigned int need,
			 unsigned int tail);

/*
 * Room for @hlen header bytes in front, and a length field that still
 * holds the packet once it grows by @grow bytes (@hlen of them in front).
 * False: drop (OutError).
 */
bool ipsecdp_out_room(struct sk_buff *skb, u16 family, unsigned int hlen,
		      unsigned int grow);

/*
 * Before the request is submitted: keep the hook state in @st (see
 * below) and a reference on @sa for an asynchronous completion. False:
 * drop (OutError).
 */
bool ipsecdp_out_hold(struct nf_hook_state *st, struct sk_buff *skb,
		      struct ipsecdp_sa *sa, const struct nf_hook_state *state);

/*
 * The request was submitted and returned @err: unless it goes on
 * asynchronously (ipsecdp_out_done() then ends it), count the packet or
 * drop it, release @st, the per-packet context @ctx and @sa, and finish
 * the transform. Returns the hook verdict.
 */
unsigned int ipsecdp_out_submitted(struct sk_buff *skb, struct ipsecdp_sa *sa,
				   struct nf_hook_state *st, void *ctx, int err,
				   const struct nf_hook_state *state);

/* The same from an asynchronous completion (@err not -EINPROGRESS). */
void ipsecdp_out_done(struct sk_buff *skb, struct ipsecdp_sa *sa,
		      struct nf_hook_state *st, void *ctx, int err);

/*
 * Drop @skb in the middle of a transform (OutError), freeing @ctx (may be
 * NULL). Returns NF_STOLEN.
 */
unsigned int ipsecdp_out_error(struct ipsecdp_net *pn, struct sk_buff *skb,
			       void *ctx);

#endif /* _IPSECDP_OUTPUT_H */
