/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: per-network-namespace state registration. */
#ifndef _IPSECDP_PERNET_H
#define _IPSECDP_PERNET_H

int ipsecdp_pernet_init(void);
void ipsecdp_pernet_exit(void);

#endif /* _IPSECDP_PERNET_H */
