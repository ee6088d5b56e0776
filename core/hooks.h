/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: netfilter hooks, registered in every network namespace. */
#ifndef _IPSECDP_HOOKS_H
#define _IPSECDP_HOOKS_H

#include <linux/netfilter.h>

struct net;

int ipsecdp_hooks_register(struct net *net);
void ipsecdp_hooks_unregister(struct net *net);

/*
 * Our hooks; IPSECDP_OPS_OUT4 and IPSECDP_OPS_OUT6 index the output ones
 * (core/output.c finds its place in the hook chain by them).
 */
#define IPSECDP_NF_OPS		6
#define IPSECDP_OPS_OUT4	0
#define IPSECDP_OPS_OUT6	3
extern const struct nf_hook_ops ipsecdp_nf_ops[IPSECDP_NF_OPS];

#endif /* _IPSECDP_HOOKS_H */
