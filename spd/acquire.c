// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: acquire events for protect policies without an SA.
 *
 * An outbound packet that matches a protect policy for which no SA
 * exists is dropped by the hooks, which call ipsecdp_acquire(): a keying
 * daemon listening to the "events" group gets an IPSECDP_CMD_ACQUIRE
 * message with the policy (index, selector, templates) and the packet's
 * flow (IPSECDP_A_FLOW); one listening on NETLINK_XFRM's ACQUIRE group
 * (with xfrm_netlink=1) gets XFRM_MSG_ACQUIRE (core/xfrm_event.c).
 *
 * A policy with flag cpu-acquire (XFRM_POLICY_CPU_ACQUIRE) also acquires
 * when its templates found SAs but not the sending CPU's own per-CPU
 * SAs (RFC 9611): the packet goes out on the SAs found (the fallback),
 * and the event names the CPU (IPSECDP_A_PCPU_NUM, XFRMA_SA_PCPU), so
 * that a daemon negotiates an SA for it; ipsecdp_acquire_cpu(), called
 * by the output hook. The CPU is part of the rate limit's key.
 *
 * A flood of such packets must not become a flood of events. ipsecdp's
 * own events come at most once per (namespace, policy, peer) per
 * IPSECDP_ACQ_INTERVAL; the peer is the template's tunnel endpoint, or
 * the packet's destination. XFRM_MSG_ACQUIRE follows XFRM's rule, which
 * IKE daemons rely on: once per negotiation. XFRM keeps a larval SA for
 * the acquire until the daemon installs the SA or the namespace's
 * net.core.xfrm_acq_expires (30 s) pass; here the hold lasts as long,
 * and ends early when an SA of the namespace is deleted (the one that
 * was negotiated may be gone: the next packet must acquire again).
 * Without such a hold, libreswan's pluto negotiated a second Child SA
 * for an acquire raised while the first was being installed.
 *
 * The recent events are remembered in two small module-wide tables (one
 * per kind) of atomic slots, each holding a 32-bit hash of the key and
 * the 32 low bits of jiffies at the last event: no lock, no allocation.
 * Two keys sharing a slot evict each other (each then gets its events);
 * two keys with the same hash (1 in 2^32) share a rate limit.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/xfrm.h>
#include <net/net_namespace.h>
#include <net/netns/hash.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "sa/sa.h"
#include "spd/spd.h"

#define IPSECDP_ACQ_BITS	8
#define IPSECDP_ACQ_INTERVAL	HZ

enum { IPSECDP_ACQ_GENL, IPSECDP_ACQ_XFRM, __IPSECDP_ACQ_KINDS };

static atomic64_t ipsecdp_acq_slots[__IPSECDP_ACQ_KINDS][1 << IPSECDP_ACQ_BITS];
static u32 ipsecdp_acq_seed __read_mostly;

/*
 * True when an event of @kind for this key was sent less than @interval
 * ago; @salt is part of the key.
 */
static bool ipsecdp_acq_limited(const struct net *net, int kind, u32 salt,
				unsigned long interval, u32 index, u32 pcpu,
				u16 family, const union ipsecdp_addr *peer)
{
	u32 now = (u32)jiffies;
	atomic64_t *slot;
	u64 old, new;
	u32 h;

	net_get_random_once(&ipsecdp_acq_seed, sizeof(ipsecdp_acq_seed));
	h = jhash_3words(index, family, pcpu,
			 ipsecdp_acq_seed ^ salt ^ net_hash_mix(net));
	h = jhash2((__force const u32 *)peer->a6,
		   family == AF_INET ? 1 : 4, h);
	slot = &ipsecdp_acq_slots[kind][hash_32(h, IPSECDP_ACQ_BITS)];

	old = atomic64_read(slot);
	if ((u32)(old >> 32) == h && now - (u32)old < interval)
		return true;
	new = (u64)h << 32 | now;
	/* lost a race: another CPU just claimed the slot, most likely
	 * for the same key
	 */
	return atomic64_cmpxchg(slot, old, new) != old;
}

/* XFRM's acquire hold: net.core.xfrm_acq_expires, in seconds */
static unsigned long ipsecdp_acq_xfrm_hold(const struct net *net)
{
	return (unsigned long)READ_ONCE(net->xfrm.sysctl_acq_expires) * HZ;
}

/* @pcpu: the CPU whose per-CPU SA is missing, or IPSECDP_PCPU_NONE */
static void ipsecdp_acquire_send(struct ipsecdp_net *pn,
				 struct ipsecdp_policy *pol,
				 const struct ipsecdp_flow *fl, u32 pcpu)
{
	const union ipsecdp_addr *peer = &fl->daddr;
	bool genl = ipsecdp_nl_has_listeners(pn->net);
	bool xfrm = ipsecdp_xfrm_has_listeners(pn->net, XFRMNLGRP_ACQUIRE);
	u16 family = fl->family;

	/* nobody to tell: not even the rate limit is touched */
	if (!genl && !xfrm)
		return;

	if (pol->ntmpl && pol->tmpl[0].has_addrs) {
		peer = &pol->tmpl[0].daddr;
		family = pol->tmpl[0].family;
	}
	if (genl &&
	    !ipsecdp_acq_limited(pn->net, IPSECDP_ACQ_GENL, 0,
				 IPSECDP_ACQ_INTERVAL, pol->index, pcpu,
				 family, peer))
		ipsecdp_nl_acquire(pn, pol, fl, pcpu);
	if (xfrm &&
	    !ipsecdp_acq_limited(pn->net, IPSECDP_ACQ_XFRM,
				 READ_ONCE(pn->sad.deleted),
				 ipsecdp_acq_xfrm_hold(pn->net), pol->index,
				 pcpu, family, peer))
		ipsecdp_xfrm_acquire(pn, pol, fl, pcpu);
}

void ipsecdp_acquire(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		     const struct ipsecdp_flow *fl)
{
	ipsecdp_acquire_send(pn, pol, fl, IPSECDP_PCPU_NONE);
}

void ipsecdp_acquire_cpu(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			 const struct ipsecdp_flow *fl,
			 struct ipsecdp_sa * const *sas, unsigned int nsa)
{
	u32 cpu = raw_smp_processor_id();
	unsigned int i;

	for (i = 0; i < nsa; i++) {
		if (sas[i]->pcpu_num != cpu) {
			ipsecdp_acquire_send(pn, pol, fl, cpu);
			return;
		}
	}
}
