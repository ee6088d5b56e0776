// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the output path.
 *
 * The POST_ROUTING hook looks the packet's flow up in the out SPD; a
 * protect policy yields the SAs to apply, inner first (an SA bundle).
 * The first transform starts here; each one ends in
 * ipsecdp_output_finish(), which applies the bundle's next SA (it
 * travels in skb->cb, see struct ipsecdp_out_cb), sends a tunnelled
 * packet itself (core/tunnel.c) or lets a transport one go on down the
 * hook chain. A transform that completes asynchronously resumes the hook
 * chain after our hook with ipsecdp_out_resume().
 */
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include "core/compat.h"
#include "core/flow.h"
#include "core/hooks.h"
#include "core/l3.h"
#include "core/mss.h"
#include "core/output.h"
#include "core/stats.h"
#include "core/tunnel.h"
#include "core/xfrm_nl.h"
#include "ah/ah.h"
#include "esp/esp.h"
#include "sa/sa.h"
#include "spd/spd.h"
#include "crypto_glue/crypto.h"

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

/*
 * Continue the output hook chain after ours, then the okfn, for a packet
 * we transformed out of line (asynchronous crypto, GSO segments).
 */
static void ipsecdp_out_resume(struct sk_buff *skb,
			       const struct nf_hook_state *state)
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

/* Apply one SA's transform; it ends in ipsecdp_output_finish(). */
static unsigned int ipsecdp_out_transform(struct ipsecdp_net *pn,
					  struct ipsecdp_sa *sa,
					  struct sk_buff *skb,
					  const struct nf_hook_state *state)
{
	if (sa->proto == IPPROTO_AH)
		return ipsecdp_ah_output(pn, sa, skb, state);
	return ipsecdp_esp_output(pn, sa, skb, state);
}

/*
 * A transform of @skb by @sa succeeded: apply the bundle's next SA, or
 * send a tunnelled packet, or return NF_ACCEPT for the hook chain to go
 * on (a caller that is not the hook then calls ipsecdp_out_resume()).
 */
static unsigned int ipsecdp_output_finish(struct sk_buff *skb,
					  struct ipsecdp_sa *sa,
					  const struct nf_hook_state *state)
{
	struct ipsecdp_out_cb *cb = IPSECDP_OUT_CB(skb);
	struct ipsecdp_sa *next = cb->next;
	unsigned int verdict;

	if (sa->mode == IPSECDP_MODE_TUNNEL)
		cb->tunneled = true;
	if (next) {
		cb->next = NULL;
		verdict = ipsecdp_out_transform(next->pn, next, skb, state);
		ipsecdp_sa_put(next);
		return verdict;
	}
	/*
	 * An SA is one sequence-number space: its packets must leave in
	 * order, or the peer's replay window drops those overtaken by more
	 * than its width. A queueing discipline that spreads flows by
	 * skb->hash (fq_codel, Debian's default) would let them overtake one
	 * another if each kept its inner flow's hash: a TCP socket's, which
	 * it changes after a timeout, so a retransmission leaves by another
	 * queue. The outer SA's own hash makes them one flow, as the ESP or
	 * AH header they now carry does.
	 */
	skb_set_hash(skb, sa->txhash, PKT_HASH_TYPE_L4);
	if (cb->tunneled) {
		ipsecdp_tunnel_xmit(skb);
		return NF_STOLEN;
	}
	return NF_ACCEPT;
}

/* The same from an asynchronous completion. */
static void ipsecdp_output_finish_async(struct sk_buff *skb,
					struct ipsecdp_sa *sa,
					const struct nf_hook_state *state)
{
	local_bh_disable();
	rcu_read_lock();
	if (ipsecdp_output_finish(skb, sa, state) == NF_ACCEPT)
		ipsecdp_out_resume(skb, state);
	rcu_read_unlock();
	local_bh_enable();
}

/*
 * A transform that may complete asynchronously keeps the hook state in
 * @st: take a reference on @skb's route (false if it has none any more:
 * drop the packet) and on the devices; the socket is not kept, the
 * completion resumes with skb->sk (the skb owns it, as XFRM does).
 * ipsecdp_out_state_put() releases them once the packet is resumed.
 */
static bool ipsecdp_out_state_hold(struct nf_hook_state *st,
				   struct sk_buff *skb,
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

static void ipsecdp_out_state_put(struct nf_hook_state *st)
{
	dev_put(st->in);
	dev_put(st->out);
}

/* Drop a packet being transformed (releases the bundle's next SA). */
static void ipsecdp_output_drop(struct sk_buff *skb)
{
	struct ipsecdp_out_cb *cb = IPSECDP_OUT_CB(skb);

	if (cb->next)
		ipsecdp_sa_put(cb->next);
	cb->next = NULL;
	kfree_skb(skb);
}

bool ipsecdp_out_prologue(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			  struct sk_buff *skb, u64 *seq,
			  struct ipsecdp_l3 *l3)
{
	int err;

	if (unlikely(!ipsecdp_sa_next_seq(sa, seq))) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_SEQ_ERROR);
		goto drop;
	}
	if (unlikely(!ipsecdp_sa_lft_account(sa, skb->len))) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_EXPIRED);
		goto drop;
	}
	if (skb->ip_summed == CHECKSUM_PARTIAL && skb_checksum_help(skb))
		goto drop_err;

	if (sa->mode == IPSECDP_MODE_TUNNEL) {
		err = ipsecdp_tunnel_encap(sa, skb);
		if (err == -EMSGSIZE)
			goto drop;	/* the sender was told the MTU */
		if (err)
			goto drop_err;
	}
	if (!ipsecdp_l3_insert_point(skb, sa->family, l3))
		return true;
drop_err:
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
drop:
	ipsecdp_output_drop(skb);
	return false;
}

/*
 * A packet made on this host arrives with the headroom its socket reserved
 * for the link layer only (a small UDP datagram: 16 bytes on Ethernet),
 * but usually with room to spare at its tail (the allocation is rounded
 * up). Rather than reallocate it for the headers we put in front, slide
 * its bytes towards the tail, if that leaves @tail bytes for what goes
 * behind (ESP's trailer). The headers' offsets move with the data.
 */
static bool ipsecdp_out_slide(struct sk_buff *skb, unsigned int delta,
			      unsigned int tail)
{
	if (skb_cloned(skb) || skb_is_nonlinear(skb) || skb->encapsulation ||
	    skb->ip_summed == CHECKSUM_PARTIAL ||
	    skb_tailroom(skb) < delta + tail)
		return false;
	memmove(skb->data + delta, skb->data, skb->len);
	skb_reserve(skb, delta);
	skb->network_header += delta;
	if (skb_transport_header_was_set(skb))
		skb->transport_header += delta;
	if (skb_mac_header_was_set(skb))
		skb->mac_header += delta;
	return true;
}

int ipsecdp_out_headroom(struct sk_buff *skb, unsigned int need,
			 unsigned int tail)
{
	unsigned int have = skb_headroom(skb);

	if (have < need && ipsecdp_out_slide(skb, need - have, tail))
		return 0;
	return skb_cow_head(skb, need);
}

bool ipsecdp_out_room(struct sk_buff *skb, u16 family, unsigned int hlen,
		      unsigned int grow)
{
	/* false when the length field would wrap */
	if (unlikely(!ipsecdp_l3_len_ok(skb, family, grow)))
		return false;
	return !ipsecdp_out_headroom(skb, hlen +
				     LL_RESERVED_SPACE(skb_dst(skb)->dev),
				     grow - hlen);
}

bool ipsecdp_out_hold(struct nf_hook_state *st, struct sk_buff *skb,
		      struct ipsecdp_sa *sa, const struct nf_hook_state *state)
{
	if (unlikely(!ipsecdp_out_state_hold(st, skb, state)))
		return false;
	if (unlikely(!ipsecdp_sa_hold(sa))) {
		ipsecdp_out_state_put(st);
		return false;
	}
	return true;
}

/* The transform's result: count the packet, or drop it. */
static void ipsecdp_out_count(struct sk_buff *skb, struct ipsecdp_sa *sa,
			      int err)
{
	struct ipsecdp_net *pn = sa->pn;

	if (unlikely(err)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_STATE_PROTO_ERROR);
		ipsecdp_output_drop(skb);
		return;
	}
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_PACKETS);
	IPSECDP_ADD_STATS(pn, IPSECDP_MIB_OUT_BYTES, skb->len);
	this_cpu_add(sa->stats->out_packets, 1);
	this_cpu_add(sa->stats->out_bytes, skb->len);
}

unsigned int ipsecdp_out_submitted(struct sk_buff *skb, struct ipsecdp_sa *sa,
				   struct nf_hook_state *st, void *ctx, int err,
				   const struct nf_hook_state *state)
{
	if (err == -EINPROGRESS || err == -EBUSY)
		return NF_STOLEN;

	/* synchronous: the hook's RCU section still protects @sa */
	ipsecdp_out_count(skb, sa, err);
	ipsecdp_out_state_put(st);
	ipsecdp_crypto_ctx_free(ctx);
	ipsecdp_sa_put(sa);
	if (err)
		return NF_STOLEN;
	return ipsecdp_output_finish(skb, sa, state);
}

void ipsecdp_out_done(struct sk_buff *skb, struct ipsecdp_sa *sa,
		      struct nf_hook_state *st, void *ctx, int err)
{
	struct nf_hook_state state = *st;

	ipsecdp_out_count(skb, sa, err);
	ipsecdp_crypto_ctx_free(ctx);
	if (!err) {
		state.sk = skb->sk;
		ipsecdp_output_finish_async(skb, sa, &state);
	}
	ipsecdp_out_state_put(&state);
	ipsecdp_sa_put(sa);
}

unsigned int ipsecdp_out_error(struct ipsecdp_net *pn, struct sk_buff *skb,
			       void *ctx)
{
	if (ctx)
		ipsecdp_crypto_ctx_free(ctx);
	IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
	ipsecdp_output_drop(skb);
	return NF_STOLEN;
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
	return ipsecdp_out_transform(pn, sa, skb, state);
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

	/*
	 * The segments leave together, bottom halves off, as the stack's
	 * own software GSO sends them (dev_queue_xmit()): a softirq behind
	 * them (a veth's peer on this CPU) then finds them all, and the
	 * receiver's GRO can merge them again (core/gro.c).
	 */
	local_bh_disable();
	skb_list_walk_safe(segs, seg, tmp) {
		skb_mark_not_on_list(seg);
		if (ipsecdp_output_start(pn, sa, outer, seg, state) == NF_ACCEPT)
			ipsecdp_out_resume(seg, state);
	}
	local_bh_enable();
	return NF_STOLEN;
}

unsigned int ipsecdp_out(struct sk_buff *skb, u16 family,
			 const struct nf_hook_state *state)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(state->net);
	struct ipsecdp_sa *sas[IPSECDP_MAX_TMPL], *next;
	struct ipsecdp_policy *pol;
	struct ipsecdp_flow fl;
	unsigned int nsa;

	if (!ipsecdp_net_active(pn) || ipsecdp_tunnel_xmitting(skb))
		return NF_ACCEPT;
	/* a privileged socket's bypass policy (an IKE daemon's) */
	if (unlikely(ipsecdp_sockpol_out(skb)))
		return NF_ACCEPT;
	if (ipsecdp_flow_of(skb, family, &fl)) {
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_ERROR);
		return NF_DROP;
	}
	switch (ipsecdp_spd_decide(pn, IPSECDP_DIR_OUT, &fl, &pol, sas, &nsa)) {
	case IPSECDP_MATCH_PROTECT:
		break;
	case IPSECDP_MATCH_BLOCK:
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_POL_BLOCK);
		return NF_DROP;
	case IPSECDP_MATCH_NO_SA:
		IPSECDP_INC_STATS(pn, IPSECDP_MIB_OUT_NO_STATES);
		ipsecdp_acquire(pn, pol, &fl);
		return NF_DROP;
	default:	/* no policy, bypass, or only "use" templates and no SA */
		return NF_ACCEPT;
	}
	if (unlikely(pol->flags & IPSECDP_POL_F_CPU_ACQUIRE))
		ipsecdp_acquire_cpu(pn, pol, &fl, sas, nsa);
	next = nsa > 1 ? sas[1] : NULL;
	this_cpu_inc(pol->stats->packets);
	this_cpu_add(pol->stats->bytes, skb->len);
	if (unlikely(fl.proto == IPPROTO_TCP))
		ipsecdp_mss_clamp(skb, family, sas[0], dst_mtu(skb_dst(skb)));

	if (skb_is_gso(skb))
		return ipsecdp_output_gso(pn, sas[0], next, skb, state);
	return ipsecdp_output_start(pn, sas[0], next, skb, state);
}
