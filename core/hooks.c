// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: netfilter hooks.
 *
 *  POST_ROUTING  every outgoing packet, local or forwarded, after NAT and
 *                conntrack helpers, before conntrack confirmation: the out
 *                policy decides bypass, discard or protect.
 *  LOCAL_IN      ESP addressed to this host is decapsulated; any other
 *                packet must satisfy the in policy.
 *  FORWARD       packets being forwarded must satisfy the fwd policy.
 *
 * A decapsulated packet is delivered again through PRE_ROUTING, as XFRM
 * does, with a per-CPU note of the SA that removed its protection: the
 * inbound policy check of that same packet, further down the same call
 * chain, finds it there. Nothing in the packet itself can claim to have
 * been protected.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/route.h>
#include "core/compat.h"
#include "core/flow.h"
#include "core/hooks.h"
#include "core/netlink.h"
#include "core/stats.h"
#include "esp/esp.h"
#include "sa/sa.h"
#include "spd/spd.h"

#define IPSECDP_PRI_OUT		(NF_IP_PRI_CONNTRACK_HELPER + 1)
#define IPSECDP_PRI_IN		(NF_IP_PRI_FILTER + 1)

/* Which SA decapsulated the packet now being delivered on this CPU. */
struct ipsecdp_rx_note {
	const struct sk_buff	*skb;
	struct ipsecdp_sa	*sa;
};

static DEFINE_PER_CPU(struct ipsecdp_rx_note, ipsecdp_rx_note);

static struct ipsecdp_sa *ipsecdp_rx_sa(const struct sk_buff *skb)
{
	struct ipsecdp_rx_note *note = this_cpu_ptr(&ipsecdp_rx_note);

	return note->skb == skb ? note->sa : NULL;
}

static int ipsecdp_rx_finish4(struct net *net, struct sock *sk,
			      struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	if (!skb_dst(skb) &&
	    ip_route_input_noref(skb, iph->daddr, iph->saddr, iph->tos,
				 skb->dev)) {
		kfree_skb(skb);
		return NET_RX_DROP;
	}
	return dst_input(skb);
}

void ipsecdp_rx_deliver(struct sk_buff *skb, struct ipsecdp_sa *sa)
{
	struct ipsecdp_rx_note *note, saved;

	local_bh_disable();
	rcu_read_lock();
	note = this_cpu_ptr(&ipsecdp_rx_note);
	saved = *note;
	note->skb = skb;
	note->sa = sa;
	NF_HOOK(NFPROTO_IPV4, NF_INET_PRE_ROUTING, dev_net(skb->dev), NULL,
		skb, skb->dev, NULL, ipsecdp_rx_finish4);
	*this_cpu_ptr(&ipsecdp_rx_note) = saved;
	rcu_read_unlock();
	local_bh_enable();
}

static const struct nf_hook_ops ipsecdp_nf_ops[];

/* Our position in the hook chain of @state, to resume after it. */
static int ipsecdp_hook_index(const struct nf_hook_entries *e,
			      const struct nf_hook_ops *ops)
{
	struct nf_hook_ops **orig_ops;
	unsigned int i;

	if (!e)
		return -ENOENT;
	orig_ops = nf_hook_entries_get_hook_ops(e);
	for (i = 0; i < e->num_hook_entries; i++)
		if (orig_ops[i] == ops)
			return i;
	return -ENOENT;
}

void ipsecdp_out_resume(struct sk_buff *skb, const struct nf_hook_state *state)
{
	struct nf_hook_state st = *state;
	const struct nf_hook_entries *e;
	int i;

	local_bh_disable();
	rcu_read_lock();
	e = rcu_dereference(st.net->nf.hooks_ipv4[st.hook]);
	i = ipsecdp_hook_index(e, &ipsecdp_nf_ops[0]);
	if (i < 0)
		kfree_skb(skb);		/* unregistered meanwhile */
	else if (nf_hook_slow(skb, &st, e, i + 1) == 1)
		st.okfn(st.net, st.sk, skb);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * The SA the policy's first template names for this flow, or NULL: then
 * the packet is dropped (counted), or sent in clear for level "use".
 */
static struct ipsecdp_sa *ipsecdp_out_sa(struct ipsecdp_net *pn,
					 const struct ipsecdp_policy *pol,
					 const struct ipsecdp_flow *fl)
{
	const struct ipsecdp_tmpl *t = &pol->tmpl[0];
	const union ipsecdp_addr *saddr = &fl->saddr, *daddr = &fl->daddr;

	if (t->proto != IPPROTO_ESP || t->mode != IPSECDP_MODE_TRANSPORT)
		return NULL;	/* not yet supported: never send in clear */
	if (t->has_addrs) {
		saddr = &t->saddr;
		daddr = &t->daddr;
	}
	return ipsecdp_sa_lookup_out(pn, fl->family, saddr, daddr, t->proto,
				     t->mode, t->has_spi, t->spi);
}

/*
 * A GSO packet is segmented in software (checksums completed), each
 * segment protected with the same SA and sent on through the rest of the
 * hook chain.
 */
static unsigned int ipsecdp_output_gso(struct ipsecdp_net *pn,
				       struct ipsecdp_sa *sa,
				       struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
		return NF_DROP;
	}
	consume_skb(skb);

	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		if (ipsecdp_esp_output(pn, sa, seg, state) == NF_ACCEPT)
			ipsecdp_out_resume(seg, state);
	}
	return NF_STOLEN;
}

static unsigned int ipsecdp_ipv4_out(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);
	struct ipsecdp_policy *pol;
	struct ipsecdp_flow fl;
	struct ipsecdp_sa *sa;

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	if (ipsecdp_flow_ipv4(skb, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
		return NF_DROP;
	}
	pol = ipsecdp_spd_lookup(pn, IPSECDP_DIR_OUT, &fl);
	if (!pol || ipsecdp_policy_is_bypass(pol))
		return NF_ACCEPT;
	if (pol->action == IPSECDP_ACTION_BLOCK) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_POL_BLOCK);
		return NF_DROP;
	}

	sa = ipsecdp_out_sa(pn, pol, &fl);
	if (!sa) {
		if (pol->tmpl[0].level == IPSECDP_LEVEL_USE)
			return NF_ACCEPT;
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_NO_STATES);
		return NF_DROP;
	}
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, skb->len);

	if (skb_is_gso(skb))
		return ipsecdp_output_gso(pn, sa, skb, state);
	return ipsecdp_esp_output(pn, sa, skb, state);
}

/* Does @sa satisfy template @t for a packet of flow @fl? */
static bool ipsecdp_tmpl_ok(const struct ipsecdp_tmpl *t,
			    const struct ipsecdp_sa *sa)
{
	if (t->proto != sa->proto || t->mode != sa->mode)
		return false;
	if (t->has_spi && t->spi != sa->spi)
		return false;
	if (t->mode == IPSECDP_MODE_TUNNEL && t->has_addrs &&
	    (memcmp(&t->saddr, &sa->saddr, sizeof(t->saddr)) ||
	     memcmp(&t->daddr, &sa->daddr, sizeof(t->daddr))))
		return false;
	return true;
}

/* Inbound policy check of a packet about to be delivered or forwarded. */
static unsigned int ipsecdp_in_check(struct ipsecdp_net *pn,
				     struct sk_buff *skb, u8 dir)
{
	struct ipsecdp_sa *sa = ipsecdp_rx_sa(skb);
	struct ipsecdp_policy *pol;
	struct ipsecdp_flow fl;
	unsigned int i;

	if (ipsecdp_flow_ipv4(skb, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
		return NF_DROP;
	}
	pol = ipsecdp_spd_lookup(pn, dir, &fl);
	if (!pol) {
		if (sa && sa->mode == IPSECDP_MODE_TUNNEL) {
			IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_NO_POLS);
			return NF_DROP;
		}
		return NF_ACCEPT;
	}
	if (pol->action == IPSECDP_ACTION_BLOCK) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_POL_BLOCK);
		return NF_DROP;
	}
	if (ipsecdp_policy_is_bypass(pol))
		return NF_ACCEPT;

	for (i = 0; i < pol->ntmpl; i++) {
		const struct ipsecdp_tmpl *t = &pol->tmpl[i];

		if (sa ? ipsecdp_tmpl_ok(t, sa) : t->level == IPSECDP_LEVEL_USE)
			goto ok;
	}
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_TMPL_MISMATCH);
	return NF_DROP;
ok:
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, skb->len);
	return NF_ACCEPT;
}

static unsigned int ipsecdp_ipv4_in(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	if (ip_hdr(skb)->protocol == IPPROTO_ESP)
		return ipsecdp_esp_input(pn, skb);
	return ipsecdp_in_check(pn, skb, IPSECDP_DIR_IN);
}

static unsigned int ipsecdp_ipv4_fwd(void *priv, struct sk_buff *skb,
				     const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	return ipsecdp_in_check(pn, skb, IPSECDP_DIR_FWD);
}

/* [0] must stay the output hook: ipsecdp_out_resume() looks for it. */
static const struct nf_hook_ops ipsecdp_nf_ops[] = {
	{
		.hook		= ipsecdp_ipv4_out,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_POST_ROUTING,
		.priority	= IPSECDP_PRI_OUT,
	},
	{
		.hook		= ipsecdp_ipv4_in,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_LOCAL_IN,
		.priority	= IPSECDP_PRI_IN,
	},
	{
		.hook		= ipsecdp_ipv4_fwd,
		.pf		= NFPROTO_IPV4,
		.hooknum	= NF_INET_FORWARD,
		.priority	= IPSECDP_PRI_IN,
	},
};

int ipsecdp_hooks_register(struct net *net)
{
	return nf_register_net_hooks(net, ipsecdp_nf_ops,
				     ARRAY_SIZE(ipsecdp_nf_ops));
}

void ipsecdp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ipsecdp_nf_ops, ARRAY_SIZE(ipsecdp_nf_ops));
}

int ipsecdp_datapath_init(void)
{
	return 0;
}

void ipsecdp_datapath_exit(void)
{
}
