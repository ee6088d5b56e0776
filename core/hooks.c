// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: netfilter hooks, IPv4 and IPv6, registered in every network
 * namespace; each dispatches to its path.
 *
 *  POST_ROUTING  every outgoing packet, local or forwarded, after NAT and
 *                conntrack helpers: the out policy decides bypass, discard
 *                or protect (core/output.c). Outer packets of our own
 *                tunnels pass.
 *  LOCAL_IN      ESP and AH addressed to this host are decapsulated; any
 *                other packet must satisfy the in policy (core/input.c).
 *  FORWARD       packets being forwarded must satisfy the fwd policy
 *                (core/input.c).
 */
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include "core/hooks.h"
#include "core/input.h"
#include "core/output.h"

#define IPSECDP_PRI_OUT		(NF_IP_PRI_CONNTRACK_HELPER + 1)
#define IPSECDP_PRI_IN		(NF_IP_PRI_FILTER + 1)
#define IPSECDP_PRI6_OUT	(NF_IP6_PRI_CONNTRACK_HELPER + 1)
#define IPSECDP_PRI6_IN		(NF_IP6_PRI_FILTER + 1)

static unsigned int ipsecdp_ipv4_out(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return ipsecdp_out(skb, AF_INET, state);
}

static unsigned int ipsecdp_ipv4_in(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return ipsecdp_in(skb, AF_INET, state);
}

static unsigned int ipsecdp_ipv4_fwd(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return ipsecdp_fwd(skb, AF_INET, state);
}

static unsigned int ipsecdp_ipv6_out(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return ipsecdp_out(skb, AF_INET6, state);
}

static unsigned int ipsecdp_ipv6_in(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	return ipsecdp_in(skb, AF_INET6, state);
}

static unsigned int ipsecdp_ipv6_fwd(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	return ipsecdp_fwd(skb, AF_INET6, state);
}

/* IPSECDP_OPS_OUT4 and IPSECDP_OPS_OUT6 index the output hooks. */
const struct nf_hook_ops ipsecdp_nf_ops[IPSECDP_NF_OPS] = {
	{
		.hook		= ipsecdp_ipv4_out,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= IPSECDP_PRI_OUT,
	}, {
		.hook		= ipsecdp_ipv4_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= IPSECDP_PRI_IN,
	}, {
		.hook		= ipsecdp_ipv4_fwd,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= IPSECDP_PRI_IN,
	}, {
		.hook		= ipsecdp_ipv6_out,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= IPSECDP_PRI6_OUT,
	}, {
		.hook		= ipsecdp_ipv6_in,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= IPSECDP_PRI6_IN,
	}, {
		.hook		= ipsecdp_ipv6_fwd,
		.pf		= NFPROTO_IPV6,
		.hooknum	= NF_INET_FORWARD,
		.priority	= IPSECDP_PRI6_IN,
	},
};

int ipsecdp_hooks_register(struct net *net)
{
	int err;

	/* IPv6 reassembles after LOCAL_IN; ESP must be whole before it. */
	err = ipsecdp_input_defrag_enable(net);
	if (err)
		return err;
	err = nf_register_net_hooks(net, ipsecdp_nf_ops,
				    ARRAY_SIZE(ipsecdp_nf_ops));
	if (err)
		ipsecdp_input_defrag_disable(net);
	return err;
}

void ipsecdp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ipsecdp_nf_ops, ARRAY_SIZE(ipsecdp_nf_ops));
	ipsecdp_input_defrag_disable(net);
}
