// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: SA lifetimes (soft/hard: time, bytes, packets).
 *
 * Byte and packet limits are checked by the datapath on atomic64
 * counters of the SA (only SAs with such limits pay for them); time
 * limits by a delayed work on ipsecdp_wq, which also carries out hard
 * expiries (the SA is removed under cfg_lock, so from process context).
 * Semantics: see sa/sa.h.
 *
 * References: every queued instance of sa->lft_work owns one reference
 * to the SA, and so does a running one until it returns. Whoever queues
 * the work (or re-queues it) takes the reference first and drops it when
 * the work was already pending; ipsecdp_sa_lft_destroy() drops the
 * reference of an instance it cancels. A running instance checks
 * sa->dead under cfg_lock, where the SA is unlinked, so no instance acts
 * on a removed SA, and none can run after the last reference is gone:
 * the SA is freed from ipsecdp_wq only then.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "sa/sa.h"

/* sa->lft_flags */
enum {
	IPSECDP_LFT_F_SOFT,	/* soft expiry raised */
	IPSECDP_LFT_F_HARD,	/* hard limit reached: no more packets */
};

/* Seconds beyond this are "never" (136 years; no u64 jiffies overflow). */
#define IPSECDP_LFT_SECS_MAX	((u64)U32_MAX)

/* 0 and U64_MAX (ip xfrm's "infinity") both mean no limit. */
static u64 ipsecdp_lft_lim(u64 v)
{
	return v ? v : U64_MAX;
}

static bool ipsecdp_lft_set(u64 v)
{
	return v && v != U64_MAX;
}

static bool ipsecdp_lft_counting(const struct ipsecdp_lifetime *l)
{
	return ipsecdp_lft_set(l->soft_bytes) ||
	       ipsecdp_lft_set(l->hard_bytes) ||
	       ipsecdp_lft_set(l->soft_packets) ||
	       ipsecdp_lft_set(l->hard_packets);
}

/* Deadline in jiffies64 of a time limit, or 0 when there is none. */
static u64 ipsecdp_lft_deadline(const struct ipsecdp_sa *sa, u64 secs)
{
	if (!ipsecdp_lft_set(secs) || secs > IPSECDP_LFT_SECS_MAX)
		return 0;
	return sa->lft_add_j64 + secs * HZ;
}

/* Run the work now (hard expiry), whatever its timer said. */
static void ipsecdp_lft_kick(struct ipsecdp_sa *sa)
{
	if (!ipsecdp_sa_hold(sa))
		return;
	if (mod_delayed_work(ipsecdp_wq, &sa->lft_work, 0))
		ipsecdp_sa_put(sa);	/* was pending: it owns one */
}

/* Under cfg_lock: schedule the next time limit; true if queued. */
static bool ipsecdp_lft_rearm(struct ipsecdp_sa *sa, u64 now)
{
	u64 soft = ipsecdp_lft_deadline(sa, sa->lft.soft_secs);
	u64 hard = ipsecdp_lft_deadline(sa, sa->lft.hard_secs);
	u64 next = 0;

	if (soft && !test_bit(IPSECDP_LFT_F_SOFT, &sa->lft_flags) &&
	    (!hard || soft < hard))
		next = soft;
	else if (hard)
		next = hard;
	if (!next)
		return false;
	/* the work owns the caller's reference when this queues it */
	return queue_delayed_work(ipsecdp_wq, &sa->lft_work,
				  next > now ?
				  min_t(u64, next - now, MAX_JIFFY_OFFSET) : 0);
}

/* To both APIs' listeners: the "events" group and XFRM's EXPIRE group */
static void ipsecdp_lft_notify(struct ipsecdp_sa *sa, bool hard)
{
	ipsecdp_nl_expire(sa, hard);
	ipsecdp_xfrm_expire(sa, hard);
}

static void ipsecdp_lft_work(struct work_struct *work)
{
	struct ipsecdp_sa *sa = container_of(to_delayed_work(work),
					     struct ipsecdp_sa, lft_work);
	struct ipsecdp_net *pn = sa->pn;
	bool requeued = false;
	u64 now, dl;

	mutex_lock(&pn->cfg_lock);
	if (READ_ONCE(sa->dead))
		goto out;

	now = get_jiffies_64();
	dl = ipsecdp_lft_deadline(sa, sa->lft.hard_secs);
	if (dl && now >= dl) {
		set_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags);
		WRITE_ONCE(sa->lft_active, true);
	}
	if (test_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags)) {
		ipsecdp_lft_notify(sa, true);
		ipsecdp_sa_remove_expired(pn, sa);
		goto out;
	}

	dl = ipsecdp_lft_deadline(sa, sa->lft.soft_secs);
	if (dl && now >= dl &&
	    !test_and_set_bit(IPSECDP_LFT_F_SOFT, &sa->lft_flags))
		ipsecdp_lft_notify(sa, false);
	requeued = ipsecdp_lft_rearm(sa, now);
out:
	mutex_unlock(&pn->cfg_lock);
	if (!requeued)
		ipsecdp_sa_put(sa);
}

static void __ipsecdp_sa_lft_init(struct ipsecdp_sa *sa, u64 add_j64,
				  u64 bytes, u64 packets)
{
	INIT_DELAYED_WORK(&sa->lft_work, ipsecdp_lft_work);
	sa->lft_flags = 0;
	sa->lft_add_j64 = add_j64;
	atomic64_set(&sa->lft_bytes, bytes);
	atomic64_set(&sa->lft_packets, packets);
	WRITE_ONCE(sa->lft_active, ipsecdp_lft_counting(&sa->lft));

	if (ipsecdp_lft_deadline(sa, sa->lft.soft_secs) ||
	    ipsecdp_lft_deadline(sa, sa->lft.hard_secs)) {
		/* the work's reference; the caller holds the first one */
		percpu_ref_get(&sa->ref);
		if (!ipsecdp_lft_rearm(sa, get_jiffies_64()))
			ipsecdp_sa_put(sa);
	}
}

void ipsecdp_sa_lft_init(struct ipsecdp_sa *sa)
{
	__ipsecdp_sa_lft_init(sa, get_jiffies_64(), 0, 0);
}

void ipsecdp_sa_lft_inherit(struct ipsecdp_sa *sa,
			    const struct ipsecdp_sa *old)
{
	u64 bytes, packets;

	/* what CURLFT showed for @old: its limit counters, or its traffic */
	ipsecdp_sa_lft_counts(old, NULL, &bytes, &packets);
	/*
	 * A time limit already passed expires @sa at once, a byte or
	 * packet limit with its next packet.
	 */
	__ipsecdp_sa_lft_init(sa, old->lft_add_j64, bytes, packets);
}

void ipsecdp_sa_lft_destroy(struct ipsecdp_sa *sa)
{
	/* a running instance sees sa->dead under cfg_lock and stops */
	if (cancel_delayed_work(&sa->lft_work))
		ipsecdp_sa_put(sa);
}

void ipsecdp_sa_expire_hard(struct ipsecdp_sa *sa)
{
	if (test_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags) ||
	    test_and_set_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags))
		return;
	WRITE_ONCE(sa->lft_active, true);
	ipsecdp_lft_kick(sa);
}

bool __ipsecdp_sa_lft_account(struct ipsecdp_sa *sa, unsigned int bytes)
{
	const struct ipsecdp_lifetime *l = &sa->lft;
	u64 packets, total;
	bool hard;

	if (test_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags))
		return false;

	packets = atomic64_inc_return(&sa->lft_packets);
	total = atomic64_add_return(bytes, &sa->lft_bytes);

	/* XFRM: refused once the counts before the packet reach a limit */
	if (packets - 1 >= ipsecdp_lft_lim(l->hard_packets) ||
	    total - bytes >= ipsecdp_lft_lim(l->hard_bytes))
		return false;

	hard = packets >= ipsecdp_lft_lim(l->hard_packets) ||
	       total >= ipsecdp_lft_lim(l->hard_bytes);
	if (unlikely(hard)) {
		/* this packet is the last one */
		if (!test_and_set_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags))
			ipsecdp_lft_kick(sa);
		return true;
	}

	/* no soft expiry after the hard one (another CPU's last packet) */
	if (unlikely(packets >= ipsecdp_lft_lim(l->soft_packets) ||
		     total >= ipsecdp_lft_lim(l->soft_bytes)) &&
	    !test_bit(IPSECDP_LFT_F_SOFT, &sa->lft_flags) &&
	    !test_and_set_bit(IPSECDP_LFT_F_SOFT, &sa->lft_flags) &&
	    !test_bit(IPSECDP_LFT_F_HARD, &sa->lft_flags))
		ipsecdp_lft_notify(sa, false);
	return true;
}

void ipsecdp_sa_lft_counts(const struct ipsecdp_sa *sa,
			   const struct ipsecdp_sa_stats *st, u64 *bytes,
			   u64 *packets)
{
	struct ipsecdp_sa_stats own;

	if (ipsecdp_lft_counting(&sa->lft)) {
		*bytes = atomic64_read(&sa->lft_bytes);
		*packets = atomic64_read(&sa->lft_packets);
		return;
	}
	if (!st) {
		ipsecdp_sa_stats_fold(sa, &own);
		st = &own;
	}
	*bytes = st->in_bytes + st->out_bytes;
	*packets = st->in_packets + st->out_packets;
}
