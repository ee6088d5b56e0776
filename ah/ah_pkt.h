/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: per-packet state of AH across asynchronous hashing. */
#ifndef _IPSECDP_AH_PKT_H
#define _IPSECDP_AH_PKT_H

#include <crypto/hash.h>
#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include "core/compat.h"
#include "core/input.h"
#include "sa/sa.h"

struct ipsecdp_ah_pkt {
	struct sk_buff		*skb;
	struct ipsecdp_sa	*sa;		/* output: held; input: = rx.sa */
	struct nf_hook_state	state;		/* output: hook chain to resume */
	struct ipsecdp_rx_ref	rx;		/* input: held references */
	u64			seq;
	unsigned int		hoff;		/* AH header offset */
	unsigned int		nhoff;		/* byte naming AH */
	unsigned int		ahlen;		/* AH header bytes */
	u16			family;
	u8			nexthdr;	/* input: protocol behind AH */
	__be32			seqhi;		/* ESN: hashed behind the packet */
	u8			icv[HASH_MAX_DIGESTSIZE];	/* input: received */
	u8			digest[HASH_MAX_DIGESTSIZE] __aligned(8);
	u8			hdr[];		/* IP header(s) as sent/received */
};

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

/*
 * Zero the fields of the IP header(s) in front of AH (@hoff bytes at @nh)
 * that may change in transit, and make them read as they will at the
 * final destination (@out: IPv4 source route, IPv6 routing header),
 * RFC 4302 3.3.3.1. -EINVAL if they cannot be parsed.
 */
int ipsecdp_ah_clear_mutable(u8 *nh, u16 family, unsigned int hoff, bool out);

/*
 * Hash the packet (skb->data up to the end, then the ESN high half) into
 * pkt->digest; returns what crypto_ahash_digest() returns, -EINPROGRESS /
 * -EBUSY meaning @done will be called.
 */
int ipsecdp_ah_digest(struct ipsecdp_ah_pkt *pkt, struct ahash_request *req,
		      struct scatterlist *sg, unsigned int nsg,
		      crypto_completion_t done);

#endif /* _IPSECDP_AH_PKT_H */
