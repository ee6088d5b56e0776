// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: what the AH ICV covers (RFC 4302 3.3.3.1), shared by output
 * and input: the IP header with its mutable fields zeroed, IPv4 options
 * and IPv6 extension headers in front of AH likewise, AH with a zero
 * ICV, the payload and, with ESN, the high half of the sequence number
 * (2.5.1). The caller keeps a copy of the header(s) and restores them.
 */
#include <crypto/hash.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/scatterlist.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "ah/ah_pkt.h"
#include "sa/sa.h"

/* RFC 4302 3.3.3.1.1.1 and Appendix A1: options that do not change */
static bool ipsecdp_ah_opt4_immutable(u8 type)
{
	switch (type) {
	case IPOPT_SEC:			/* 130 Security */
	case 133:			/* Extended Security */
	case IPOPT_CIPSO:		/* 134 Commercial Security */
	case IPOPT_RA:			/* 148 Router Alert */
	case 149:			/* Sender Directed Multi-Dest. */
		return true;
	}
	return false;
}

static int ipsecdp_ah_clear4(u8 *nh, bool out)
{
	struct iphdr *iph = (struct iphdr *)nh;
	unsigned int l = iph->ihl * 4 - sizeof(*iph);
	u8 *opt = nh + sizeof(*iph);

	iph->tos = 0;
	iph->frag_off = 0;
	iph->ttl = 0;
	iph->check = 0;

	while (l > 0) {
		unsigned int olen;

		if (opt[0] == IPOPT_END)
			break;
		if (opt[0] == IPOPT_NOOP) {
			opt++;
			l--;
			continue;
		}
		if (l < 2)
			return -EINVAL;
		olen = opt[1];
		if (olen < 2 || olen > l)
			return -EINVAL;
		if (!ipsecdp_ah_opt4_immutable(opt[0])) {
			/* a source route: the ICV sees the final destination */
			if (out && olen >= 7 &&
			    (opt[0] == IPOPT_LSRR || opt[0] == IPOPT_SSRR))
				memcpy(&iph->daddr, opt + olen - 4, 4);
			memset(opt, 0, olen);
		}
		opt += olen;
		l -= olen;
	}
	return 0;
}

/* Hop-by-hop / destination options: zero the data of those that may change. */
static int ipsecdp_ah_clear_opts6(u8 *opts, unsigned int len)
{
	unsigned int off = 2;

	while (off < len) {
		unsigned int olen;

		if (opts[off] == IPV6_TLV_PAD1) {
			off++;
			continue;
		}
		if (off + 2 > len)
			return -EINVAL;
		olen = opts[off + 1];
		if (off + 2 + olen > len)
			return -EINVAL;
		if (opts[off] & 0x20)	/* "may change en route" */
			memset(opts + off + 2, 0, olen);
		off += 2 + olen;
	}
	return 0;
}

/*
 * Routing header with segments left: the ICV is computed over the header
 * as it arrives at the final destination (RFC 4302 Appendix A2, as the
 * kernel's ah6 does for the address-list layout of types 0 and 2).
 */
static int ipsecdp_ah_rthdr6(struct ipv6hdr *ip6h, struct ipv6_rt_hdr *rth)
{
	unsigned int n = rth->hdrlen >> 1, left = rth->segments_left;
	u8 *addrs = (u8 *)rth + 8;
	struct in6_addr final;

	if (!left)
		return 0;
	if (left > n)
		return -EINVAL;
	memcpy(&final, addrs + (n - 1) * 16, 16);
	addrs += (n - left) * 16;
	memmove(addrs + 16, addrs, (left - 1) * 16);
	memcpy(addrs, &ip6h->daddr, 16);
	ip6h->daddr = final;
	rth->segments_left = 0;
	return 0;
}

static int ipsecdp_ah_clear6(u8 *nh, unsigned int hoff)
{
	struct ipv6hdr *ip6h = (struct ipv6hdr *)nh;
	unsigned int off = sizeof(*ip6h);
	u8 nexthdr = ip6h->nexthdr;

	ip6_flow_hdr(ip6h, 0, 0);	/* traffic class, flow label */
	ip6h->hop_limit = 0;

	while (off < hoff) {
		struct ipv6_opt_hdr *h = (struct ipv6_opt_hdr *)(nh + off);
		unsigned int len;
		int err;

		if (off + sizeof(*h) > hoff)
			return -EINVAL;
		len = ipv6_optlen(h);
		if (off + len > hoff)
			return -EINVAL;
		switch (nexthdr) {
		case NEXTHDR_HOP:
		case NEXTHDR_DEST:
			err = ipsecdp_ah_clear_opts6(nh + off, len);
			break;
		case NEXTHDR_ROUTING:
			err = ipsecdp_ah_rthdr6(ip6h, (struct ipv6_rt_hdr *)h);
			break;
		default:
			err = -EINVAL;
		}
		if (err)
			return err;
		nexthdr = h->nexthdr;
		off += len;
	}
	return 0;
}

int ipsecdp_ah_clear_mutable(u8 *nh, u16 family, unsigned int hoff, bool out)
{
	if (family == AF_INET)
		return ipsecdp_ah_clear4(nh, out);
	return ipsecdp_ah_clear6(nh, hoff);
}

int ipsecdp_ah_digest(struct ipsecdp_ah_pkt *pkt, struct ahash_request *req,
		      struct scatterlist *sg, unsigned int nsg,
		      crypto_completion_t done)
{
	const struct ipsecdp_crypto *c = &pkt->sa->crypto;
	struct sk_buff *skb = pkt->skb;
	unsigned int len = skb->len;
	int n;

	n = skb_to_sgvec_nomark(skb, sg, 0, len);
	if (unlikely(n <= 0))
		return n ? n : -EINVAL;
	if (c->esn) {
		if (WARN_ON_ONCE(n >= nsg))
			return -EINVAL;
		pkt->seqhi = htonl(upper_32_bits(pkt->seq));
		sg_set_buf(&sg[n++], &pkt->seqhi, sizeof(pkt->seqhi));
		len += sizeof(pkt->seqhi);
	}
	sg_mark_end(&sg[n - 1]);

	ahash_request_set_callback(req, 0, done, pkt);
	ahash_request_set_crypt(req, sg, pkt->digest, len);
	return ipsecdp_ahash_digest(c, req);
}
