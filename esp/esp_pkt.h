/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: per-packet state of ESP across asynchronous crypto. */
#ifndef _IPSECDP_ESP_PKT_H
#define _IPSECDP_ESP_PKT_H

#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include "core/compat.h"
#include "core/input.h"

struct ipsecdp_sa;

struct ipsecdp_esp_pkt {
	struct sk_buff		*skb;
	struct ipsecdp_sa	*sa;		/* output: held */
	struct nf_hook_state	state;		/* output: hook chain to resume */
	struct ipsecdp_rx_ref	rx;		/* input: SA, outer SA, device */
	u64			seq;
	unsigned int		hdr_off;	/* input: ESP header offset */
	unsigned int		nhoff;		/* input: byte naming ESP */
	unsigned int		elen;		/* input: encrypted length */
	unsigned int		encap;		/* input: UDP header bytes before ESP */
	u8			aad[12];
	u8			iv[16];
};

/* SPI, [sequence high], sequence low: returns the length, 8 or 12. */
static inline unsigned int ipsecdp_esp_aad(u8 *aad, __be32 spi, u64 seq,
					   bool esn)
{
	memcpy(aad, &spi, 4);
	if (!esn) {
		put_unaligned_be32(lower_32_bits(seq), aad + 4);
		return 8;
	}
	put_unaligned_be32(upper_32_bits(seq), aad + 4);
	put_unaligned_be32(lower_32_bits(seq), aad + 8);
	return 12;
}

#endif /* _IPSECDP_ESP_PKT_H */
