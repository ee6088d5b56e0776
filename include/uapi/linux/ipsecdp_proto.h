/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ipsecdp: helpers of the generic netlink API that the spec cannot
 * express; included by the generated <linux/ipsecdp.h>.
 */
#ifndef _UAPI_LINUX_IPSECDP_PROTO_H
#define _UAPI_LINUX_IPSECDP_PROTO_H

#include <linux/types.h>

/*
 * Which upper-layer protocols have ports, the one definition that the
 * kernel (selectors it accepts, packets it classifies, acquire events)
 * and ipsecctl share. As XFRM's decode_session: TCP, UDP, UDP-Lite, SCTP
 * and DCCP, whose header starts with the source and destination ports.
 * ICMP and ICMPv6 put type and code in the port fields (selectors' SPORT
 * and DPORT, flows'). Any other protocol takes no port or type selector:
 * its packets have none. Numbers, not IPPROTO_* names, so that this
 * header needs no <linux/in.h> (which clashes with the C library's).
 */
static inline int ipsecdp_proto_has_ports(__u8 proto)
{
	switch (proto) {
	case 6:		/* IPPROTO_TCP */
	case 17:	/* IPPROTO_UDP */
	case 33:	/* IPPROTO_DCCP */
	case 132:	/* IPPROTO_SCTP */
	case 136:	/* IPPROTO_UDPLITE */
		return 1;
	}
	return 0;
}

static inline int ipsecdp_proto_has_type_code(__u8 proto)
{
	return proto == 1 /* IPPROTO_ICMP */ || proto == 58 /* IPPROTO_ICMPV6 */;
}

#endif /* _UAPI_LINUX_IPSECDP_PROTO_H */
