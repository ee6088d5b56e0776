/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: ESP (RFC 4303) encapsulation and decapsulation. */
#ifndef _IPSECDP_ESP_H
#define _IPSECDP_ESP_H

#include <linux/netfilter.h>
#include "core/ipsecdp.h"

struct ipsecdp_sa;
struct ipsecdp_l3;

/*
 * Protect @skb (an IP packet at POST_ROUTING, not GSO) with @sa. Returns
 * NF_ACCEPT when it was done in place in transport mode (the hook chain
 * goes on), else NF_STOLEN: sent on by us (tunnel mode, or after
 * asynchronous crypto) or dropped and counted.
 */
unsigned int ipsecdp_esp_output(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
				struct sk_buff *skb,
				const struct nf_hook_state *state);

/* Bytes ESP of @sa may add to a packet, excluding any outer IP header. */
unsigned int ipsecdp_esp_overhead(const struct ipsecdp_sa *sa);
/* ... of which in front of the payload: UDP (if any), ESP header, IV */
unsigned int ipsecdp_esp_headroom(const struct ipsecdp_sa *sa);

/* Bytes of UDP header in front of @sa's ESP header: 0 or 8. */
unsigned int ipsecdp_esp_encap_len(const struct ipsecdp_sa *sa);

/*
 * Process an inbound ESP packet addressed to this host, its ESP header
 * at @l3, or at l3->hoff + @encap behind a UDP header of @encap bytes
 * (ESP in UDP, ipsecdp_esp_udp_classify()): consumes @skb (NF_STOLEN)
 * once an SA is found, else NF_DROP; every drop is counted.
 */
unsigned int ipsecdp_esp_input(struct ipsecdp_net *pn, struct sk_buff *skb,
			       u16 family, const struct ipsecdp_l3 *l3,
			       unsigned int encap);

/* What a UDP datagram to this host is (esp/esp_udp.c). */
enum ipsecdp_udp_kind {
	IPSECDP_UDP_OTHER,	/* not to an SA's port, or IKE: goes on */
	IPSECDP_UDP_ESP,	/* ESP in UDP */
	IPSECDP_UDP_DROP,	/* keepalive or malformed: counted, drop */
};

/*
 * A UDP datagram, its header at @l3, to an address and port where an SA
 * receives ESP in UDP (RFC 3948): ESP (the first four bytes, the SPI,
 * are not zero), IKE (the non-ESP marker, four zero bytes, and a
 * message), a NAT-keepalive (one byte 0xFF) or malformed. Any other
 * datagram is IPSECDP_UDP_OTHER.
 */
enum ipsecdp_udp_kind ipsecdp_esp_udp_classify(struct ipsecdp_net *pn,
					       struct sk_buff *skb, u16 family,
					       const struct ipsecdp_l3 *l3);

#endif /* _IPSECDP_ESP_H */
