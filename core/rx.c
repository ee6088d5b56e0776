// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: inbound steps ESP (esp/esp_input.c) and AH (ah/ah_input.c)
 * have in common, so that both count, hold and deliver alike.
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netdevice.h>
#include "core/hooks.h"
#include "core/rx.h"
#include "core/stats.h"
#include "sa/sa.h"

struct ipsecdp_sa *ipsecdp_rx_lookup(struct ipsecdp_net *pn,
				     const struct sk_buff *skb, u16 family,
				     __be32 spi, u8 proto)
{
	struct ipsecdp_sa_id id = {
		.spi	= spi,
		.family	= family,
		.proto	= proto,
	};
	union ipsecdp_addr saddr = { };
	struct ipsecdp_sa *sa;

	if (family == AF_INET) {
		id.daddr.a4 = ip_hdr(skb)->daddr;
		saddr.a4 = ip_hdr(skb)->saddr;
	} else {
		id.daddr.in6 = ipv6_hdr(skb)->daddr;
		saddr.in6 = ipv6_hdr(skb)->saddr;
	}
	sa = ipsecdp_sa_lookup(pn, &id);
	if (!sa) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_NO_STATES);
		return NULL;
	}
	/*
	 * A transport SA protects the packets between its two hosts only:
	 * without this a peer could send under its own SA with another
	 * host's source address and pass that host's inbound policy.
	 */
	if (sa->mode == IPSECDP_MODE_TRANSPORT &&
	    !ipsecdp_addr_eq(family, &sa->saddr, &saddr)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_MISMATCH);
		return NULL;
	}
	return sa;
}

bool ipsecdp_rx_hold(struct ipsecdp_rx_ref *ref, struct sk_buff *skb,
		     struct ipsecdp_sa *sa)
{
	/* the completion may run after the hook: own the route */
	if (!skb_dst_force(skb)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_ERROR);
		return false;
	}
	if (!ipsecdp_sa_hold(sa)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_NO_STATES);
		return false;
	}
	ref->sa = sa;
	ref->outer = ipsecdp_rx_sa(skb);	/* inside an outer SA (bundle)? */
	if (ref->outer && !ipsecdp_sa_hold(ref->outer))
		ref->outer = NULL;
	ref->dev = skb->dev;
	dev_hold(ref->dev);
	return true;
}

void ipsecdp_rx_replay_drop(struct ipsecdp_sa *sa)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_SEQ_ERROR);
	this_cpu_inc(sa->stats->replay);
}

void ipsecdp_rx_integrity_drop(struct ipsecdp_sa *sa)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_PROTO_ERROR);
	this_cpu_inc(sa->stats->integrity);
}

int ipsecdp_rx_accept(struct ipsecdp_sa *sa, u64 seq, unsigned int len)
{
	if (unlikely(ipsecdp_replay_advance(&sa->replay, seq))) {
		ipsecdp_rx_replay_drop(sa);
		return -EBADMSG;
	}
	if (unlikely(!ipsecdp_sa_lft_account(sa, len))) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_EXPIRED);
		return -EKEYEXPIRED;
	}
	return 0;
}

void ipsecdp_rx_count(struct ipsecdp_sa *sa, unsigned int len)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_PACKETS);
	IPSECDP_ADD_STATS(sa->pn, IPSECDP_MIB_IN_BYTES, len);
	this_cpu_inc(sa->stats->in_packets);
	this_cpu_add(sa->stats->in_bytes, len);
}

void ipsecdp_rx_complete(struct ipsecdp_rx_ref *ref, struct sk_buff *skb,
			 int err)
{
	if (err == -ENODATA)
		consume_skb(skb);
	else if (err)
		kfree_skb(skb);
	else
		ipsecdp_rx_deliver_chain(skb, ref->sa, ref->outer);
	dev_put(ref->dev);
	if (ref->outer)
		ipsecdp_sa_put(ref->outer);
	ipsecdp_sa_put(ref->sa);
}
