/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: netfilter hooks, registered in every network namespace. */
#ifndef _IPSECDP_HOOKS_H
#define _IPSECDP_HOOKS_H

struct net;

int ipsecdp_hooks_register(struct net *net);
void ipsecdp_hooks_unregister(struct net *net);

/* Module-wide datapath set-up (caches, workqueue). */
int ipsecdp_datapath_init(void);
void ipsecdp_datapath_exit(void);

#endif /* _IPSECDP_HOOKS_H */
