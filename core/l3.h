/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: what ESP and AH need to know of the IP header they go behind,
 * for both families: where the protocol header is inserted or found, and
 * where the next-header byte that names it lives.
 */
#ifndef _IPSECDP_L3_H
#define _IPSECDP_L3_H

#include <linux/types.h>

struct sk_buff;

struct ipsecdp_l3 {
	unsigned int	hoff;	/* ESP/AH header offset from the network header */
	unsigned int	nhoff;	/* offset of the next-header byte naming it */
};

/* Output: where an ESP/AH header goes in this packet (transport mode). */
int ipsecdp_l3_insert_point(struct sk_buff *skb, u16 family,
			    struct ipsecdp_l3 *l3);

/*
 * Input: locate a header of protocol @proto behind the IP header and its
 * extension headers. -ENOENT when the packet's chain does not lead to it.
 */
int ipsecdp_l3_find(struct sk_buff *skb, u16 family, u8 proto,
		    struct ipsecdp_l3 *l3);

/*
 * Input, at LOCAL_IN (skb->data at the network header): remove the @len
 * bytes of ESP/AH header (and IV) at @hoff; the IP header and extension
 * headers in front move up, the byte at @nhoff now names @nexthdr, the
 * length field and checksum are rewritten. Local input goes on where IP
 * input had got to: for IPv6 the extension headers between hop-by-hop
 * and ESP/AH are processed next, then @nexthdr.
 */
void ipsecdp_l3_strip(struct sk_buff *skb, u16 family, unsigned int hoff,
		      unsigned int nhoff, unsigned int len, u8 nexthdr);

/*
 * Output, the mirror of ipsecdp_l3_strip() (skb->data at the network
 * header, @hlen bytes of headroom): the IP header(s) in front of @l3
 * move forward over room for @hlen bytes of ESP/AH header, whose place
 * is then skb's transport header; the byte at l3->nhoff names @proto,
 * the length field is rewritten, and the packet may be fragmented past
 * the MTU once protected.
 */
void ipsecdp_l3_push(struct sk_buff *skb, u16 family,
		     const struct ipsecdp_l3 *l3, unsigned int hlen, u8 proto);

/*
 * Does the IP length field still hold the packet once it grows by @grow
 * bytes (IPv4 total length, IPv6 payload length: 65535 at most)?
 */
bool ipsecdp_l3_len_ok(const struct sk_buff *skb, u16 family,
		       unsigned int grow);

/* Family of the packet at skb's network header (from its version). */
u16 ipsecdp_l3_family(const struct sk_buff *skb);

#endif /* _IPSECDP_L3_H */
