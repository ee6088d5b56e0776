// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the input path.
 *
 * LOCAL_IN: ESP and AH addressed to this host, and ESP in UDP to an SA's
 * port (esp/esp_udp.c), go to their transform
 * (esp/esp_input.c, ah/ah_input.c), which finds the SA and holds what the
 * packet needs across asynchronous crypto with the helpers here
 * (ipsecdp_rx_*), and ends in ipsecdp_rx_end(): the decapsulated
 * packet is delivered.
 *
 * A decapsulated packet is received again on its device with
 * netif_receive_skb(), synchronously, so it meets the whole stack (taps,
 * PRE_ROUTING, routing, LOCAL_IN or FORWARD) as XFRM's do, while a
 * per-CPU note records which SA removed its protection: the inbound
 * policy check of that same packet, further down the same call chain,
 * finds it there. Nothing in a packet can claim to have been protected;
 * a packet that leaves the call chain (RPS, NFQUEUE) loses the note and
 * then counts as cleartext. A tunnel's inner packets may go through GRO
 * instead (core/gro.c), which keeps such a note for every packet it
 * delivers.
 *
 * LOCAL_IN (any other packet) and FORWARD: the inbound policy check, the
 * SAs of the note against the in or fwd policy's templates.
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
#include <linux/udp.h>
#include <net/dst.h>
#include <net/ah.h>
#include <net/esp.h>
#include <net/ip.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include "core/compat.h"
#include "core/flow.h"
#include "core/gro.h"
#include "core/input.h"
#include "core/l3.h"
#include "core/mss.h"
#include "core/stats.h"
#include "core/xfrm_nl.h"
#include "ah/ah.h"
#include "esp/esp.h"
#include "sa/sa.h"
#include "spd/spd.h"
#include "crypto_glue/crypto.h"

static DEFINE_PER_CPU(struct ipsecdp_rx_note, ipsecdp_rx_note);

static int (*ipsecdp_defrag6_enable)(struct net *net);
static void (*ipsecdp_defrag6_disable)(struct net *net);
static int (*ipsecdp_frag6_gather)(struct net *net, struct sk_buff *skb,
				   u32 user);

/* The chain of SAs noted for @skb (none unless it is being delivered). */
static const struct ipsecdp_rx_note *ipsecdp_rx_note_of(const struct sk_buff *skb)
{
	const struct ipsecdp_rx_note *note = this_cpu_ptr(&ipsecdp_rx_note);

	if (note->skb == skb && note->n)
		return note;
	return ipsecdp_gro_note_of(skb);	/* delivered by GRO? */
}

/* The SA that decapsulated @skb, if it is being delivered now. */
static struct ipsecdp_sa *ipsecdp_rx_sa(const struct sk_buff *skb)
{
	const struct ipsecdp_rx_note *note = ipsecdp_rx_note_of(skb);

	return note ? note->sa[note->n - 1] : NULL;
}

/* ---- the SA of a packet, and what it holds across crypto ---- */

/*
 * The SA for @skb's (destination, @spi, @proto); RCU, no reference. NULL,
 * counted, when there is none (InNoStates) or when a transport SA's
 * source is not the packet's (InStateMismatch).
 */
static struct ipsecdp_sa *ipsecdp_rx_lookup(struct ipsecdp_net *pn,
					    const struct sk_buff *skb,
					    u16 family, __be32 spi, u8 proto)
{
	struct ipsecdp_sa_id id = {
		.spi	= spi,
		.family	= family,
		.proto	= proto,
	};
	union ipsecdp_addr saddr = { };
	struct ipsecdp_sa *sa;

	if (family == AF_INET) {
		id.daddr.a4 = ip_hdr(skb)->daddr;
		saddr.a4 = ip_hdr(skb)->saddr;
	} else {
		id.daddr.in6 = ipv6_hdr(skb)->daddr;
		saddr.in6 = ipv6_hdr(skb)->saddr;
	}
	sa = ipsecdp_sa_lookup(pn, &id);
	if (!sa) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_NO_STATES);
		return NULL;
	}
	/*
	 * A transport SA protects the packets between its two hosts only:
	 * without this a peer could send under its own SA with another
	 * host's source address and pass that host's inbound policy.
	 */
	if (sa->mode == IPSECDP_MODE_TRANSPORT &&
	    !ipsecdp_addr_eq(family, &sa->saddr, &saddr)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_STATE_MISMATCH);
		return NULL;
	}
	return sa;
}

struct ipsecdp_sa *ipsecdp_rx_begin(struct ipsecdp_net *pn,
				    struct sk_buff *skb, u16 family,
				    const struct ipsecdp_l3 *l3, u8 proto)
{
	unsigned int len = sizeof(struct ip_esp_hdr);
	unsigned int spi_off = offsetof(struct ip_esp_hdr, spi);

	if (proto == IPPROTO_AH) {
		len = sizeof(struct ip_auth_hdr);
		spi_off = offsetof(struct ip_auth_hdr, spi);
	}
	if (!pskb_may_pull(skb, l3->hoff + len)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
		return NULL;
	}
	return ipsecdp_rx_lookup(pn, skb, family,
				 *(__be32 *)(skb->data + l3->hoff + spi_off),
				 proto);
}

/* A replayed packet (InStateSeqError, the SA's replay counter). */
static void ipsecdp_rx_replay_drop(struct ipsecdp_sa *sa)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_SEQ_ERROR);
	this_cpu_inc(sa->stats->replay);
}

bool ipsecdp_rx_seq(struct ipsecdp_sa *sa, __be32 seq_no, u64 *seq)
{
	if (ipsecdp_replay_check(&sa->replay, ntohl(seq_no), seq)) {
		ipsecdp_rx_replay_drop(sa);
		return false;
	}
	return true;
}

void *ipsecdp_rx_ctx_alloc(struct sk_buff *skb, struct ipsecdp_sa *sa,
			   size_t size, void **req, struct scatterlist **sg,
			   unsigned int *nsg)
{
	struct sk_buff *trailer;
	void *ctx = NULL;
	int nfrags;

	nfrags = skb_cow_data(skb, 0, &trailer);
	if (nfrags >= 0) {
		*nsg = nfrags + 1;
		ctx = ipsecdp_crypto_ctx_alloc(&sa->crypto, size, *nsg, req,
					       sg);
	}
	if (!ctx)
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_BUFFER_ERROR);
	return ctx;
}

bool ipsecdp_rx_hold(struct ipsecdp_rx_ref *ref, struct sk_buff *skb,
		     struct ipsecdp_sa *sa)
{
	/* the completion may run after the hook: own the route */
	if (!skb_dst_force(skb)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_ERROR);
		return false;
	}
	if (!ipsecdp_sa_hold(sa)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_NO_STATES);
		return false;
	}
	ref->sa = sa;
	ref->outer = ipsecdp_rx_sa(skb);	/* inside an outer SA (bundle)? */
	if (ref->outer && !ipsecdp_sa_hold(ref->outer))
		ref->outer = NULL;
	ref->dev = skb->dev;
	dev_hold(ref->dev);
	return true;
}

void ipsecdp_rx_integrity_drop(struct ipsecdp_sa *sa)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_PROTO_ERROR);
	this_cpu_inc(sa->stats->integrity);
}

int ipsecdp_rx_accept(struct ipsecdp_sa *sa, u64 seq, unsigned int len)
{
	if (unlikely(ipsecdp_replay_advance(&sa->replay, seq))) {
		ipsecdp_rx_replay_drop(sa);
		return -EBADMSG;
	}
	if (unlikely(!ipsecdp_sa_lft_account(sa, len))) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_STATE_EXPIRED);
		return -EKEYEXPIRED;
	}
	return 0;
}

void ipsecdp_rx_count(struct ipsecdp_sa *sa, unsigned int len)
{
	IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_PACKETS);
	IPSECDP_ADD_STATS(sa->pn, IPSECDP_MIB_IN_BYTES, len);
	this_cpu_inc(sa->stats->in_packets);
	this_cpu_add(sa->stats->in_bytes, len);
}

/* ---- delivery ---- */

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

/*
 * May @skb, decapsulated by @sa, be delivered through GRO (core/gro.c)?
 * A tunnel's inner packet only, as XFRM's tunnels use gro_cells: GRO
 * delivers through the device's packet taps, which a transport-mode
 * packet must not meet a second time (XFRM's transport mode does not).
 */
static bool ipsecdp_rx_gro_ok(const struct sk_buff *skb,
			      const struct ipsecdp_sa *sa)
{
	return sa->mode == IPSECDP_MODE_TUNNEL && ipsecdp_gro_wanted(skb);
}

/*
 * Deliver a packet decapsulated by @sa, remembering for the inbound
 * policy check which SAs removed its protection: @sa, and before it
 * @outer (may be NULL) and the SAs noted with it. Tunnel mode: the inner
 * packet is received anew on skb->dev; transport mode: it goes on to
 * local input with its route.
 */
static void ipsecdp_rx_deliver_chain(struct sk_buff *skb,
				     struct ipsecdp_sa *sa,
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
	chain[n++] = sa;
	if (sa->mode == IPSECDP_MODE_TUNNEL && ipsecdp_rx_defrag(skb, sa))
		goto out;		/* a fragment: queued, or dropped */
	if (ipsecdp_rx_gro_ok(skb, sa)) {
		ipsecdp_gro_queue(skb, chain, n);
		goto out;
	}
	saved = *note;
	note->skb = skb;
	memcpy(note->sa, chain, n * sizeof(chain[0]));
	note->n = n;
	note->depth++;
	if (sa->mode == IPSECDP_MODE_TRANSPORT)
		ipsecdp_rx_reinject_local(skb);
	else
		netif_receive_skb_core(skb);	/* no RPS: stays on this CPU */
	*this_cpu_ptr(&ipsecdp_rx_note) = saved;
out:
	local_bh_enable();
}

void ipsecdp_rx_end(struct ipsecdp_rx_ref *rx, struct sk_buff *skb, void *ctx,
		    int err)
{
	struct ipsecdp_rx_ref ref = *rx;

	ipsecdp_crypto_ctx_free(ctx);
	if (err == -ENODATA)
		consume_skb(skb);
	else if (err)
		kfree_skb(skb);
	else
		ipsecdp_rx_deliver_chain(skb, ref.sa, ref.outer);
	dev_put(ref.dev);
	if (ref.outer)
		ipsecdp_sa_put(ref.outer);
	ipsecdp_sa_put(ref.sa);
}

/* ---- inbound policy check ---- */

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
				     const struct sk_buff *skb)
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
	if (ipsecdp_policy_is_bypass(pol))
		return NF_ACCEPT;
	if (pol->action == IPSECDP_ACTION_BLOCK ||
	    !ipsecdp_tmpls_ok(pol, note, fl)) {
		/* cleartext to an IKE daemon's socket with a bypass policy */
		if (!note && dir == IPSECDP_DIR_IN &&
		    unlikely(ipsecdp_sockpol_in(pn->net, fl, skb)))
			return NF_ACCEPT;
		IPSECDP_INC_STATS(pn, pol->action == IPSECDP_ACTION_BLOCK ?
				  IPSECDP_MIB_IN_POL_BLOCK :
				  IPSECDP_MIB_IN_TMPL_MISMATCH);
		return NF_DROP;
	}
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, skb->len);
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

	if (ipsecdp_flow_of(skb, family, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_IN_HDR_ERROR);
		return NF_DROP;
	}
	verdict = ipsecdp_in_judge(pn, note, &fl, dir, skb);
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
		verdict = ipsecdp_in_judge(pn, note, &fl2, dir, skb);
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

unsigned int ipsecdp_in(struct sk_buff *skb, u16 family,
			const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);
	struct ipsecdp_l3 l3;

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	if (!ipsecdp_l3_find(skb, family, IPPROTO_ESP, &l3))
		return ipsecdp_esp_input(pn, skb, family, &l3, 0);
	if (!ipsecdp_l3_find(skb, family, IPPROTO_AH, &l3))
		return ipsecdp_ah_input(pn, skb, family, &l3);
	if (READ_ONCE(pn->sad.nencap) &&
	    !ipsecdp_l3_find(skb, family, IPPROTO_UDP, &l3)) {
		switch (ipsecdp_esp_udp_classify(pn, skb, family, &l3)) {
		case IPSECDP_UDP_ESP:
			return ipsecdp_esp_input(pn, skb, family, &l3,
						 sizeof(struct udphdr));
		case IPSECDP_UDP_DROP:
			return NF_DROP;
		case IPSECDP_UDP_OTHER:
			break;
		}
	}
	return ipsecdp_in_verdict(pn, skb, family, IPSECDP_DIR_IN);
}

unsigned int ipsecdp_fwd(struct sk_buff *skb, u16 family,
			 const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);

	if (!ipsecdp_net_active(pn))
		return NF_ACCEPT;
	return ipsecdp_in_verdict(pn, skb, family, IPSECDP_DIR_FWD);
}

int ipsecdp_input_defrag_enable(struct net *net)
{
	return ipsecdp_defrag6_enable(net);
}

void ipsecdp_input_defrag_disable(struct net *net)
{
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
