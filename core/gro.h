/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: GRO of decapsulated packets (core/gro.c).
 */
#ifndef _IPSECDP_GRO_H
#define _IPSECDP_GRO_H

#include <linux/skbuff.h>
#include "core/input.h"

int ipsecdp_gro_init(void);
void ipsecdp_gro_exit(void);

bool ipsecdp_gro_wanted(const struct sk_buff *skb);
void ipsecdp_gro_queue(struct sk_buff *skb, struct ipsecdp_sa * const *chain,
		       unsigned int n);
const struct ipsecdp_rx_note *ipsecdp_gro_note_of(const struct sk_buff *skb);

#endif /* _IPSECDP_GRO_H */
