// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: netfilter hooks, IPv4 and IPv6.
 *
 *  POST_ROUTING  every outgoing packet, local or forwarded, after NAT and
 *                conntrack helpers: the out policy decides bypass, discard
 *                or protect. Outer packets of our own tunnels pass.
 *  LOCAL_IN      ESP addressed to this host is decapsulated; any other
 *                packet must satisfy the in policy.
 *  FORWARD       packets being forwarded must satisfy the fwd policy.
 *
 * A decapsulated packet is received again on its device with
 * netif_receive_skb(), synchronously, so it meets the whole stack (taps,
 * PRE_ROUTING, routing, LOCAL_IN or FORWARD) as XFRM's do, while a
 * per-CPU note records which SA removed its protection: the inbound
 * policy check of that same packet, further down the same call chain,
 * finds it there. Nothing in a packet can claim to have been protected;
 * a packet that leaves the call chain (RPS, NFQUEUE) loses the note and
 * then counts as cleartext.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include "core/compat.h"
#include "core/flow.h"
#include "core/hooks.h"
#include "core/l3.h"
#include "core/mss.h"
#include "core/stats.h"
#include "core/tunnel.h"
#include "ah/ah.h"
#include "esp/esp.h"
#include "sa/sa.h"
#include "spd/spd.h"

#define IPSECDP_PRI_OUT		(NF_IP_PRI_CONNTRACK_HELPER + 1)
#define IPSECDP_PRI_IN		(NF_IP_PRI_FILTER + 1)
#define IPSECDP_PRI6_OUT	(NF_IP6_PRI_CONNTRACK_HELPER + 1)
#define IPSECDP_PRI6_IN		(NF_IP6_PRI_FILTER + 1)
#define IPSECDP_MAX_NESTING	4

/* Which SAs, outermost first, decapsulated the packet now being delivered. */
struct ipsecdp_rx_note {
	const struct sk_buff	*skb;
	struct ipsecdp_sa	*sa[IPSECDP_MAX_NESTING];
	unsigned int		n;
	unsigned int		depth;		/* nested deliveries on this CPU */
};

static DEFINE_PER_CPU(struct ipsecdp_rx_note, ipsecdp_rx_note);

static int (*ipsecdp_defrag6_enable)(struct net *net);
static void (*ipsecdp_defrag6_disable)(struct net *net);
static int (*ipsecdp_frag6_gather)(struct net *net, struct sk_buff *skb,
				   u32 user);

/* The chain of SAs noted for @skb (none unless it is being delivered). */
static const struct ipsecdp_rx_note *ipsecdp_rx_note_of(const struct sk_buff *skb)
{
	const struct ipsecdp_rx_note *note = this_cpu_ptr(&ipsecdp_rx_note);

	return note->skb == skb && note->n ? note : NULL;
}

struct ipsecdp_sa *ipsecdp_rx_sa(const struct sk_buff *skb)
{
	const struct ipsecdp_rx_note *note = ipsecdp_rx_note_of(skb);

	return note ? note->sa[note->n - 1] : NULL;
}

/*
 * A tunnel's inner fragments are reassembled here, in reassembly queues
 * of their SA's own (@sa->defrag_user), before the datagram goes on with
 * the note: a cleartext fragment, or one from another SA, cannot join a
 * protected datagram (the stack's own queues would take them all, and
 * the datagram would carry the note of whichever fragment came last).
 * 0: @skb is whole; -EINPROGRESS: queued (taken); other: drop it.
 */
static int ipsecdp_rx_defrag(struct sk_buff *skb, const struct ipsecdp_sa *sa)
{
	struct net *net = dev_net(skb->dev);
	int err;

	if (skb->protocol == htons(ETH_P_IP)) {
		if (!ip_is_fragment(ip_hdr(skb)))
			return 0;
		return ip_defrag(net, skb, sa->defrag_user);
	}
	err = ipsecdp_frag6_gather(net, skb, sa->defrag_user);
	if (err && err != -EINPROGRESS)
		kfree_skb(skb);		/* ip_defrag() frees, this does not */
	return err;
}

/* An inner packet is received anew on the device, as XFRM's tunnels do. */
static void ipsecdp_rx_prepare_tunnel(struct sk_buff *skb)
{
	skb->protocol = ipsecdp_l3_family(skb) == AF_INET ?
			htons(ETH_P_IP) : htons(ETH_P_IPV6);
	skb_dst_drop(skb);
	memset(skb->cb, 0, sizeof(skb->cb));
	skb_mac_header_rebuild(skb);
	if (skb->dev->type == ARPHRD_ETHER && skb->mac_len == ETH_HLEN)
		eth_hdr(skb)->h_proto = skb->protocol;
}

static int ipsecdp_rx_local_finish(struct net *net, struct sock *sk,
				   struct sk_buff *skb)
{
	return dst_input(skb);
}

/*
 * Transport mode: the packet keeps its route (local delivery), its IP
 * control block and its device, and goes on as XFRM's transport mode
 * does: PRE_ROUTING, then local input (LOCAL_IN: the inbound policy
 * check). It does not pass the device's packet taps a second time, so
 * a capture shows what was on the wire only.
 */
static void ipsecdp_rx_reinject_local(struct sk_buff *skb)
{
	u8 pf = ipsecdp_l3_family(skb) == AF_INET ? NFPROTO_IPV4 :
						    NFPROTO_IPV6;

	NF_HOOK(pf, NF_INET_PRE_ROUTING, dev_net(skb->dev), NULL, skb,
		skb->dev, NULL, ipsecdp_rx_local_finish);
}

void ipsecdp_rx_deliver_chain(struct sk_buff *skb, struct ipsecdp_sa *sa,
			      struct ipsecdp_sa *outer)
{
	struct ipsecdp_rx_note *note, saved;
	const struct ipsecdp_rx_note *prev;
	struct ipsecdp_sa *chain[IPSECDP_MAX_NESTING];
	unsigned int n = 0;

	/* the enclosing SAs: the note of this packet, else just @outer */
	prev = ipsecdp_rx_note_of(skb);
	if (prev && prev->sa[prev->n - 1] == outer) {
		n = prev->n;
		memcpy(chain, prev->sa, n * sizeof(chain[0]));
	} else if (outer) {
		chain[n++] = outer;
	}

	nf_reset_ct(skb);
	skb->encapsulation = 0;
	if (sa->mode == IPSECDP_MODE_TUNNEL)
		ipsecdp_rx_prepare_tunnel(skb);

	local_bh_disable();
	note = this_cpu_ptr(&ipsecdp_rx_note);
	if (unlikely(note->depth >= IPSECDP_MAX_NESTING ||
		     n >= IPSECDP_MAX_NESTING)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_ERROR);
		kfree_skb(skb);
		goto out;
	}
	saved = *note;
	chain[n++] = sa;
	note->skb = skb;
	memcpy(note->sa, chain, n * sizeof(chain[0]));
	note->n = n;
	note->depth++;
	if (sa->mode == IPSECDP_MODE_TRANSPORT)
		ipsecdp_rx_reinject_local(skb);
	else if (!ipsecdp_rx_defrag(skb, sa))
		netif_receive_skb_core(skb);	/* no RPS: stays on this CPU */
	*this_cpu_ptr(&ipsecdp_rx_note) = saved;
out:
	local_bh_enable();
}

static const struct nf_hook_ops ipsecdp_nf_ops[];
#define IPSECDP_OPS_OUT4	0
#define IPSECDP_OPS_OUT6	3

/* Our position in a hook chain, to resume after it. */
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
	const struct nf_hook_ops *ops;
	int i;

	local_bh_disable();
	rcu_read_lock();
	if (st.pf == NFPROTO_IPV4) {
		e = rcu_dereference(st.net->nf.hooks_ipv4[st.hook]);
		ops = &ipsecdp_nf_ops[IPSECDP_OPS_OUT4];
	} else {
		e = rcu_dereference(st.net->nf.hooks_ipv6[st.hook]);
		ops = &ipsecdp_nf_ops[IPSECDP_OPS_OUT6];
	}
	i = ipsecdp_hook_index(e, ops);
	if (i < 0)
		kfree_skb(skb);		/* unregistered meanwhile */
	else if (nf_hook_slow(skb, &st, e, i + 1) == 1)
		st.okfn(st.net, st.sk, skb);
	rcu_read_unlock();
	local_bh_enable();
}

static unsigned int ipsecdp_xfrm_output(struct ipsecdp_net *pn,
					struct ipsecdp_sa *sa,
					struct sk_buff *skb,
					const struct nf_hook_state *state);

unsigned int ipsecdp_output_finish(struct sk_buff *skb, struct ipsecdp_sa *sa,
				   const struct nf_hook_state *state)
{
	struct ipsecdp_out_cb *cb = IPSECDP_OUT_CB(skb);
	struct ipsecdp_sa *next = cb->next;
	unsigned int verdict;

	if (sa->mode == IPSECDP_MODE_TUNNEL)
		cb->tunneled = true;
	if (next) {
		cb->next = NULL;
		verdict = ipsecdp_xfrm_output(next->pn, next, skb, state);
		ipsecdp_sa_put(next);
		return verdict;
	}
	if (cb->tunneled) {
		ipsecdp_tunnel_xmit(skb);
		return NF_STOLEN;
	}
	return NF_ACCEPT;
}

void ipsecdp_output_finish_async(struct sk_buff *skb, struct ipsecdp_sa *sa,
				 const struct nf_hook_state *state)
{
	local_bh_disable();
	rcu_read_lock();
	if (ipsecdp_output_finish(skb, sa, state) == NF_ACCEPT)
		ipsecdp_out_resume(skb, state);
	rcu_read_unlock();
	local_bh_enable();
}

bool ipsecdp_out_state_hold(struct nf_hook_state *st, struct sk_buff *skb,
			    const struct nf_hook_state *state)
{
	/* a borrowed route is only good until the hook returns */
	if (!skb_dst_force(skb))
		return false;
	*st = *state;
	st->sk = NULL;		/* skb->sk at resume: the skb owns it */
	dev_hold(st->in);
	dev_hold(st->out);
	return true;
}

void ipsecdp_out_state_put(struct nf_hook_state *st)
{
	dev_put(st->in);
	dev_put(st->out);
}

void ipsecdp_output_drop(struct sk_buff *skb)
{
	struct ipsecdp_out_cb *cb = IPSECDP_OUT_CB(skb);

	if (cb->next)
		ipsecdp_sa_put(cb->next);
	cb->next = NULL;
	kfree_skb(skb);
}

/* Start the transforms of @skb: @sa, then @next (a bundle) if any. */
static unsigned int ipsecdp_output_start(struct ipsecdp_net *pn,
					 struct ipsecdp_sa *sa,
					 struct ipsecdp_sa *next,
					 struct sk_buff *skb,
					 const struct nf_hook_state *state)
{
	struct ipsecdp_out_cb *cb = IPSECDP_OUT_CB(skb);

	BUILD_BUG_ON(sizeof(struct inet_skb_parm) > IPSECDP_OUT_CB_OFFSET);
	BUILD_BUG_ON(sizeof(struct inet6_skb_parm) > IPSECDP_OUT_CB_OFFSET);
	BUILD_BUG_ON(IPSECDP_OUT_CB_OFFSET + sizeof(*cb) >
		     sizeof_field(struct sk_buff, cb));

	cb->next = NULL;
	cb->tunneled = false;
	if (next) {
		if (!ipsecdp_sa_hold(next)) {
			IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_NO_STATES);
			kfree_skb(skb);
			return NF_STOLEN;
		}
		cb->next = next;
	}
	return ipsecdp_xfrm_output(pn, sa, skb, state);
}

static int ipsecdp_flow(const struct sk_buff *skb, u16 family,
			struct ipsecdp_flow *fl)
{
	return family == AF_INET ? ipsecdp_flow_ipv4(skb, fl) :
				   ipsecdp_flow_ipv6(skb, fl);
}

static unsigned int ipsecdp_xfrm_output(struct ipsecdp_net *pn,
					struct ipsecdp_sa *sa,
					struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	if (sa->proto == IPPROTO_AH)
		return ipsecdp_ah_output(pn, sa, skb, state);
	return ipsecdp_esp_output(pn, sa, skb, state);
}

/*
 * A GSO packet is segmented in software (checksums completed), each
 * segment protected with the same SA and sent on.
 */
static unsigned int ipsecdp_output_gso(struct ipsecdp_net *pn,
				       struct ipsecdp_sa *sa,
				       struct ipsecdp_sa *outer,
				       struct sk_buff *skb,
				       const struct nf_hook_state *state)
{
	struct sk_buff *segs, *seg, *tmp;

	segs = skb_gso_segment(skb, 0);
	if (IS_ERR_OR_NULL(segs)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
		return NF_DROP;
	}
	consume_skb(skb);

	skb_list_walk_safe(segs, seg, tmp) {
		skb_mark_not_on_list(seg);
		if (ipsecdp_output_start(pn, sa, outer, seg, state) == NF_ACCEPT)
			ipsecdp_out_resume(seg, state);
	}
	return NF_STOLEN;
}

static unsigned int ipsecdp_out(struct sk_buff *skb, u16 family,
				const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);
	struct ipsecdp_sa *sas[IPSECDP_MAX_TMPL], *next;
	struct ipsecdp_policy *pol;
	struct ipsecdp_flow fl;
	unsigned int nsa;

	if (!ipsecdp_net_active(pn) || ipsecdp_tunnel_xmitting(skb))
		return NF_ACCEPT;
	if (ipsecdp_flow(skb, family, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
		return NF_DROP;
	}
	pol = ipsecdp_spd_lookup(pn, IPSECDP_DIR_OUT, &fl);
	if (!pol)
		return NF_ACCEPT;

	switch (ipsecdp_policy_resolve(pn, pol, &fl, sas, &nsa)) {
	case IPSECDP_MATCH_PROTECT:
		break;
	case IPSECDP_MATCH_BLOCK:
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_POL_BLOCK);
		return NF_DROP;
	case IPSECDP_MATCH_NO_SA:
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_NO_STATES);
		ipsecdp_acquire(pn, pol, &fl);
		return NF_DROP;
	default:	/* bypass, or only "use" templates and no SA */
		return NF_ACCEPT;
	}
	next = nsa > 1 ? sas[1] : NULL;
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, skb->len);
	if (unlikely(fl.proto == IPPROTO_TCP))
		ipsecdp_mss_clamp(skb, family, sas[0], dst_mtu(skb_dst(skb)));

	if (skb_is_gso(skb))
		return ipsecdp_output_gso(pn, sas[0], next, skb, state);
	return ipsecdp_output_start(pn, sas[0], next, skb, state);
}

/*
 * Does @sa satisfy template @t? @fl: the packet's flow when @sa is a
 * transport SA that no tunnel SA decapsulated after it (it protected the
 * very packet being checked): a template without addresses then wants
 * the SA of the packet's own two hosts.
 */
static bool ipsecdp_tmpl_ok(const struct ipsecdp_tmpl *t,
			    const struct ipsecdp_sa *sa,
			    const struct ipsecdp_flow *fl)
{
	if (t->proto != sa->proto || t->mode != sa->mode)
		return false;
	if (t->has_spi && t->spi != sa->spi)
		return false;
	if (t->has_addrs)
		return t->family == sa->family &&
		       ipsecdp_addr_eq(t->family, &t->saddr, &sa->saddr) &&
		       ipsecdp_addr_eq(t->family, &t->daddr, &sa->daddr);
	if (fl && sa->mode == IPSECDP_MODE_TRANSPORT)
		return fl->family == sa->family &&
		       ipsecdp_addr_eq(fl->family, &fl->saddr, &sa->saddr) &&
		       ipsecdp_addr_eq(fl->family, &fl->daddr, &sa->daddr);
	return true;
}

/*
 * Do the SAs that decapsulated a packet satisfy the policy's templates?
 * Every required template needs an SA of its own in the chain; "use"
 * templates may go unmatched; a tunnel SA no template accounts for is a
 * mismatch (the inner header was not what this policy protects).
 */
static bool ipsecdp_tmpls_ok(const struct ipsecdp_policy *pol,
			     const struct ipsecdp_rx_note *note,
			     const struct ipsecdp_flow *fl)
{
	unsigned int n = note ? note->n : 0;
	bool used[IPSECDP_MAX_NESTING] = { };
	unsigned int i, j, inner = 0;

	/* note->sa[] is outermost first: [inner, n) protected @fl itself */
	for (j = 0; j < n; j++)
		if (note->sa[j]->mode == IPSECDP_MODE_TUNNEL)
			inner = j + 1;

	for (i = 0; i < pol->ntmpl; i++) {
		const struct ipsecdp_tmpl *t = &pol->tmpl[i];

		for (j = 0; j < n; j++)
			if (!used[j] &&
			    ipsecdp_tmpl_ok(t, note->sa[j],
					    j >= inner ? fl : NULL))
				break;
		if (j < n)
			used[j] = true;
		else if (t->level != IPSECDP_LEVEL_USE)
			return false;
	}
	for (j = 0; j < n; j++)
		if (!used[j] && note->sa[j]->mode == IPSECDP_MODE_TUNNEL)
			return false;
	return true;
}

/* The inbound policy verdict for flow @fl of a packet with @note. */
static unsigned int ipsecdp_in_judge(struct ipsecdp_net *pn,
				     const struct ipsecdp_rx_note *note,
				     const struct ipsecdp_flow *fl, u8 dir,
				     unsigned int len)
{
	struct ipsecdp_policy *pol;
	unsigned int i;

	pol = ipsecdp_spd_lookup(pn, dir, fl);
	if (!pol) {
		for (i = 0; note && i < note->n; i++) {
			if (note->sa[i]->mode == IPSECDP_MODE_TUNNEL) {
				IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_NO_POLS);
				return NF_DROP;
			}
		}
		return NF_ACCEPT;
	}
	if (pol->action == IPSECDP_ACTION_BLOCK) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_POL_BLOCK);
		return NF_DROP;
	}
	if (ipsecdp_policy_is_bypass(pol))
		return NF_ACCEPT;
	if (!ipsecdp_tmpls_ok(pol, note, fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_TMPL_MISMATCH);
		return NF_DROP;
	}
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, len);
	return NF_ACCEPT;
}

/*
 * A cleartext ICMP error that quotes a packet our out policy protects
 * (other than ESP/AH itself, which routers on the way may quote) is
 * forged: only the protected peer saw that packet, and it would have
 * answered through the SA. Dropped, unlike XFRM (which takes them).
 */
static bool ipsecdp_icmp_forged(struct ipsecdp_net *pn,
				const struct sk_buff *skb,
				const struct ipsecdp_flow *fl)
{
	struct ipsecdp_policy *pol;
	struct ipsecdp_flow inner;

	if (ipsecdp_flow_icmp_inner(skb, fl, &inner) ||
	    inner.proto == IPPROTO_ESP || inner.proto == IPPROTO_AH)
		return false;
	pol = ipsecdp_spd_lookup(pn, IPSECDP_DIR_OUT, &inner);
	return pol && pol->action == IPSECDP_ACTION_ALLOW && pol->ntmpl;
}

#define IPSECDP_MAX_RT_DSTS	8

/*
 * Inbound policy check of a packet about to be delivered or forwarded.
 * An IPv6 routing header with segments left sends a delivered packet on
 * to other addresses, past this check: each must pass it too.
 */
static unsigned int ipsecdp_in_check(struct ipsecdp_net *pn,
				     struct sk_buff *skb, u16 family, u8 dir)
{
	const struct ipsecdp_rx_note *note = ipsecdp_rx_note_of(skb);
	struct in6_addr dsts[IPSECDP_MAX_RT_DSTS];
	struct ipsecdp_flow fl, fl2;
	unsigned int verdict;
	int i, n;

	if (ipsecdp_flow(skb, family, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
		return NF_DROP;
	}
	verdict = ipsecdp_in_judge(pn, note, &fl, dir, skb->len);
	if (verdict != NF_ACCEPT)
		return verdict;
	if (!note && ipsecdp_icmp_forged(pn, skb, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_TMPL_MISMATCH);
		return NF_DROP;
	}
	if (family != AF_INET6 || dir != IPSECDP_DIR_IN)
		return NF_ACCEPT;
	n = ipsecdp_flow_rt_dsts(skb, dsts, ARRAY_SIZE(dsts));
	if (n < 0) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
		return NF_DROP;
	}
	for (i = 0; i < n; i++) {
		fl2 = fl;
		fl2.daddr.in6 = dsts[i];
		verdict = ipsecdp_in_judge(pn, note, &fl2, dir, skb->len);
		if (verdict != NF_ACCEPT)
			return verdict;
	}
	return NF_ACCEPT;
}

static unsigned int ipsecdp_in_verdict(struct ipsecdp_net *pn,
				       struct sk_buff *skb, u16 family, u8 dir)
{
	unsigned int verdict = ipsecdp_in_check(pn, skb, family, dir);
	struct ipsecdp_sa *sa = ipsecdp_rx_sa(skb);

	/* our replies go back through the same kind of SA */
	if (verdict == NF_ACCEPT && sa)
		ipsecdp_mss_clamp(skb, family, sa, READ_ONCE(skb->dev->mtu));
	return verdict;
}

static unsigned int ipsecdp_in(struct sk_buff *skb, u16 family,
			       const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);
	struct ipsecdp_l3 l3;

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	if (!ipsecdp_l3_find(skb, family, IPPROTO_ESP, &l3))
		return ipsecdp_esp_input(pn, skb, family, &l3);
	if (!ipsecdp_l3_find(skb, family, IPPROTO_AH, &l3))
		return ipsecdp_ah_input(pn, skb, family, &l3);
	return ipsecdp_in_verdict(pn, skb, family, IPSECDP_DIR_IN);
}

static unsigned int ipsecdp_fwd(struct sk_buff *skb, u16 family,
				const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	return ipsecdp_in_verdict(pn, skb, family, IPSECDP_DIR_FWD);
}

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
static const struct nf_hook_ops ipsecdp_nf_ops[] = {
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
	err = ipsecdp_defrag6_enable(net);
	if (err)
		return err;
	err = nf_register_net_hooks(net, ipsecdp_nf_ops,
				    ARRAY_SIZE(ipsecdp_nf_ops));
	if (err)
		ipsecdp_defrag6_disable(net);
	return err;
}

void ipsecdp_hooks_unregister(struct net *net)
{
	nf_unregister_net_hooks(net, ipsecdp_nf_ops, ARRAY_SIZE(ipsecdp_nf_ops));
	ipsecdp_defrag6_disable(net);
}

/*
 * nf_defrag_ipv6 is looked up at run time rather than linked, so that a
 * plain insmod works: request_module() loads it.
 */
int ipsecdp_datapath_init(void)
{
	request_module("nf_defrag_ipv6");
	ipsecdp_defrag6_enable = symbol_get(nf_defrag_ipv6_enable);
	ipsecdp_defrag6_disable = symbol_get(nf_defrag_ipv6_disable);
	ipsecdp_frag6_gather = symbol_get(nf_ct_frag6_gather);
	if (!ipsecdp_defrag6_enable || !ipsecdp_defrag6_disable ||
	    !ipsecdp_frag6_gather) {
		pr_err("nf_defrag_ipv6 is not available\n");
		ipsecdp_datapath_exit();
		return -ENOENT;
	}
	return 0;
}

void ipsecdp_datapath_exit(void)
{
	if (ipsecdp_defrag6_enable)
		symbol_put(nf_defrag_ipv6_enable);
	if (ipsecdp_defrag6_disable)
		symbol_put(nf_defrag_ipv6_disable);
	if (ipsecdp_frag6_gather)
		symbol_put(nf_ct_frag6_gather);
	ipsecdp_frag6_gather = NULL;
	ipsecdp_defrag6_enable = NULL;
	ipsecdp_defrag6_disable = NULL;
}
