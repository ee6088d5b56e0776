/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: the input path (core/input.c): the LOCAL_IN and FORWARD hook
 * bodies, and what ESP and AH input share: the SA of a packet, the
 * references a packet holds across asynchronous crypto, acceptance of an
 * authenticated packet (replay window, lifetime, counters) and the end of
 * the transform (deliver or drop).
 */
#ifndef _IPSECDP_INPUT_H
#define _IPSECDP_INPUT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>

struct net;
struct scatterlist;
struct ipsecdp_l3;
struct ipsecdp_net;
struct ipsecdp_sa;

/* The LOCAL_IN and FORWARD hooks of @family (core/hooks.c dispatches). */
unsigned int ipsecdp_in(struct sk_buff *skb, u16 family,
			const struct nf_hook_state *state);
unsigned int ipsecdp_fwd(struct sk_buff *skb, u16 family,
			 const struct nf_hook_state *state);

/*
 * Module-wide set-up: nf_defrag_ipv6 (IPv6 reassembles after LOCAL_IN;
 * ESP must be whole before it), and its per-namespace switch.
 */
int ipsecdp_datapath_init(void);
void ipsecdp_datapath_exit(void);
int ipsecdp_input_defrag_enable(struct net *net);
void ipsecdp_input_defrag_disable(struct net *net);

/* What an inbound packet holds until its transform completes. */
#define IPSECDP_MAX_NESTING	4

/*
 * Which SAs, outermost first, decapsulated a packet that is being
 * delivered (core/input.c; core/gro.c for packets delivered by GRO).
 */
struct ipsecdp_rx_note {
	const struct sk_buff	*skb;
	struct ipsecdp_sa	*sa[IPSECDP_MAX_NESTING];
	unsigned int		n;
	unsigned int		depth;		/* nested deliveries on this CPU */
};

struct ipsecdp_rx_ref {
	struct ipsecdp_sa	*sa;
	struct ipsecdp_sa	*outer;	/* enclosing SA of a bundle, or NULL */
	struct net_device	*dev;
};

/*
 * Receive prologue of ESP and AH (@proto), its header at @l3: the SA
 * for the packet's destination and SPI; RCU, no reference. NULL, counted,
 * when the header is short (InHdrErrors), there is no SA (InNoStates) or
 * a transport SA's source is not the packet's (InStateMismatch).
 */
struct ipsecdp_sa *ipsecdp_rx_begin(struct ipsecdp_net *pn,
				    struct sk_buff *skb, u16 family,
				    const struct ipsecdp_l3 *l3, u8 proto);

/*
 * Pre-check sequence number @seq_no against the replay window, into
 * *@seq with its high half; false for a replayed packet (counted).
 */
bool ipsecdp_rx_seq(struct ipsecdp_sa *sa, __be32 seq_no, u64 *seq);

/*
 * Make @skb writable in place and allocate its per-packet context (as
 * ipsecdp_crypto_ctx_alloc(), @size bytes of caller context, *@nsg
 * scatterlist entries for the packet and one more). NULL: drop
 * (InBufferErrors).
 */
void *ipsecdp_rx_ctx_alloc(struct sk_buff *skb, struct ipsecdp_sa *sa,
			   size_t size, void **req, struct scatterlist **sg,
			   unsigned int *nsg);

/*
 * Take the references @ref keeps: @skb's route (a borrowed one becomes a
 * reference; false if it is gone: InError), @sa (false if it is being
 * freed: InNoStates), the enclosing SA, the device. On false, drop.
 */
bool ipsecdp_rx_hold(struct ipsecdp_rx_ref *ref, struct sk_buff *skb,
		     struct ipsecdp_sa *sa);

/* An ICV that does not verify (InStateProtoError, the SA's counter). */
void ipsecdp_rx_integrity_drop(struct ipsecdp_sa *sa);

/*
 * An authenticated packet of sequence number @seq and @len bytes: move
 * the replay window and count it against the lifetime. 0, or an error
 * already counted.
 */
int ipsecdp_rx_accept(struct ipsecdp_sa *sa, u64 seq, unsigned int len);

/* Count @len bytes received (InPackets/InBytes and the SA's counters). */
void ipsecdp_rx_count(struct ipsecdp_sa *sa, unsigned int len);

/*
 * The transform is done: free the per-packet context @ctx (which holds
 * @rx), then deliver @skb (@err 0), consume it (-ENODATA: nothing to
 * deliver, no error) or drop it; release the references of @rx.
 */
void ipsecdp_rx_end(struct ipsecdp_rx_ref *rx, struct sk_buff *skb, void *ctx,
		    int err);

#endif /* _IPSECDP_INPUT_H */
