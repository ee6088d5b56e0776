/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: security associations and the per-namespace SAD.
 *
 * An SA is keyed by (SPI, destination, protocol) for inbound lookup, and
 * by (source, destination, protocol) for outbound lookup by template.
 * The tables hold one reference; lookups are RCU and take none. Every
 * packet holds one across its crypto request (which may complete
 * asynchronously): a per-CPU count (percpu_ref), so that CPUs sharing an
 * SA do not bounce a counter between them per packet. Unlinking kills
 * the count; the last ipsecdp_sa_put() then frees the SA after a grace
 * period, in process context (crypto transforms may sleep when freed).
 */
#ifndef _IPSECDP_SA_H
#define _IPSECDP_SA_H

#include <linux/percpu-refcount.h>
#include <linux/workqueue.h>
#include <linux/atomic.h>
#include <net/dst_cache.h>
#include "core/ipsecdp.h"
#include "sa/replay.h"
#include "crypto_glue/crypto.h"

struct ipsecdp_lifetime {
	u64	soft_bytes;
	u64	hard_bytes;
	u64	soft_packets;
	u64	hard_packets;
	u64	soft_secs;
	u64	hard_secs;
};

/*
 * UDP encapsulation of ESP (RFC 3948): @type 0 (none) or
 * IPSECDP_ENCAP_TYPE_ESPINUDP; the ports of the SA's UDP datagrams; the
 * original address of the peer behind a NAT (kept and reported only).
 */
struct ipsecdp_encap {
	u16			type;
	__be16			sport;
	__be16			dport;
	union ipsecdp_addr	oa;
};

/* Parsed IPSECDP_CMD_SA_ADD request. */
struct ipsecdp_sa_cfg {
	u16			family;
	u8			proto;
	u8			mode;
	__be32			spi;
	union ipsecdp_addr	saddr;
	union ipsecdp_addr	daddr;
	u32			flags;		/* IPSECDP_SA_F_* */
	u32			reqid;		/* XFRM's, kept for it */
	u32			replay_window;
	u64			replay_seq;
	u64			replay_oseq;
	struct ipsecdp_alg_cfg	aead;
	struct ipsecdp_alg_cfg	enc;
	struct ipsecdp_alg_cfg	auth;
	struct ipsecdp_lifetime	lft;
	struct ipsecdp_encap	encap;
	bool			has_pcpu;	/* a per-CPU SA (RFC 9611) */
	u32			pcpu_num;	/* ... of this CPU */
	u8			xfrm_dir;	/* XFRMA_SA_DIR, kept for it */
};

/* Identity of an SA for lookup / delete. */
struct ipsecdp_sa_id {
	union ipsecdp_addr	daddr;
	__be32			spi;
	u16			family;
	u8			proto;
};

struct ipsecdp_sa_stats {
	u64	in_packets;
	u64	in_bytes;
	u64	out_packets;
	u64	out_bytes;
	u64	replay;
	u64	integrity;
};

struct ipsecdp_sa {
	/* lookup chains: [tab->gen & 1] (sa/sad.c); a staged batch add uses [0] */
	struct hlist_node	by_spi[2];
	struct hlist_node	by_addr[2];
	struct list_head	list;		/* ipsecdp_sad::all */
	struct hlist_node	encap_node;	/* ipsecdp_sad::encap, if encap */
	struct percpu_ref	ref;		/* killed when unlinked */
	struct ipsecdp_net	*pn;
	struct rcu_work		free_work;

	/* identity: immutable once added */
	u16			family;
	u8			proto;
	u8			mode;
	__be32			spi;
	union ipsecdp_addr	saddr;
	union ipsecdp_addr	daddr;
	u32			flags;
	u32			reqid;		/* XFRM front end's label */
	u32			pcpu_num;	/* per-CPU SA's CPU, or NONE */
	u8			xfrm_dir;	/* XFRM front end's label */
	u32			txhash;		/* its packets' skb->hash */
	u32			defrag_user;	/* its inner fragments' queues */
	bool			dead;		/* unlinked from the SAD */
	bool			doomed;		/* batch: deleted at commit */
	struct ipsecdp_encap	encap;

	struct ipsecdp_crypto	crypto;
	struct ipsecdp_lifetime	lft;
	time64_t		add_time;	/* ktime_get_real_seconds() */

	/*
	 * Lifetime state (sa/lifetime.c). The datapath reads lft_active
	 * only, unless it is set: a limit is configured or a hard expiry
	 * was forced (sequence numbers exhausted).
	 */
	bool			lft_active;
	unsigned long		lft_flags;	/* bits, sa/lifetime.c */
	u64			lft_add_j64;	/* get_jiffies_64() at add */
	struct delayed_work	lft_work;	/* time limits, hard expiry */

	struct ipsecdp_sa_stats __percpu *stats;
	/* tunnel mode: the outer route, per CPU (core/tunnel.c) */
	struct dst_cache	dst_cache;

	/* counted against the limits, only while lft_active */
	atomic64_t		lft_bytes ____cacheline_aligned_in_smp;
	atomic64_t		lft_packets;

	/* outbound: last sequence number used; only writer contention */
	atomic64_t		oseq ____cacheline_aligned_in_smp;
	/* inbound */
	struct ipsecdp_replay	replay ____cacheline_aligned_in_smp;
};

/* ipsecdp_sa::pcpu_num of an SA that serves every CPU */
#define IPSECDP_PCPU_NONE	U32_MAX

/*
 * A per-CPU SA (RFC 9611) from the u32 @attr, if any (ipsecdp's
 * IPSECDP_SA_A_PCPU_NUM, XFRM's XFRMA_SA_PCPU): a CPU the machine can have.
 */
int ipsecdp_sa_cfg_pcpu(struct ipsecdp_sa_cfg *cfg, const struct nlattr *attr,
			struct netlink_ext_ack *extack);

int ipsecdp_sad_init(struct ipsecdp_net *pn);
/* Flushes, then waits until every SA of @pn is freed. */
void ipsecdp_sad_exit(struct ipsecdp_net *pn);

/* Control plane, under pn->cfg_lock. */
int ipsecdp_sa_add(struct ipsecdp_net *pn, const struct ipsecdp_sa_cfg *cfg,
		   struct netlink_ext_ack *extack);
int ipsecdp_sa_del(struct ipsecdp_net *pn, const struct ipsecdp_sa_id *id,
		   struct netlink_ext_ack *extack);
/*
 * Replace the SA with @cfg's SPI, destination and protocol by one built
 * from @cfg, in one step: lookups find the old SA until the new one is
 * in place. The new SA goes on from the old one: its statistics,
 * lifetime counts and add time (time limits count from the first add),
 * and, unless @set_seq / @set_oseq (the request gave them), the inbound
 * and outbound sequence numbers, so that a key is never used twice with
 * one sequence number. -ENOENT if there is no such SA. @cfg's sequence
 * numbers are filled in when carried over.
 */
int ipsecdp_sa_update(struct ipsecdp_net *pn, struct ipsecdp_sa_cfg *cfg,
		      bool set_seq, bool set_oseq,
		      struct netlink_ext_ack *extack);
/*
 * Batches (core/nl_batch.c): an SA made but not in the SAD (counted in
 * ipsecdp_sad::live; either inserted, under cfg_lock, or discarded),
 * and removal of an SA found under cfg_lock.
 */
struct ipsecdp_sa *ipsecdp_sa_prepare(struct ipsecdp_net *pn,
				      const struct ipsecdp_sa_cfg *cfg,
				      struct netlink_ext_ack *extack);
void ipsecdp_sa_insert(struct ipsecdp_net *pn, struct ipsecdp_sa *sa);
void ipsecdp_sa_discard(struct ipsecdp_sa *sa);
void ipsecdp_sa_remove(struct ipsecdp_net *pn, struct ipsecdp_sa *sa);
/* proto 0: every SA */
void ipsecdp_sa_flush(struct ipsecdp_net *pn, u8 proto);

/*
 * Bytes ESP or AH of @sa may add to a packet, excluding any outer IP
 * header: what each protocol reports (esp/esp.h, ah/ah.h).
 */
unsigned int ipsecdp_sa_overhead(const struct ipsecdp_sa *sa);
/* ... of which in front of the protected data (the rest is the trailer) */
unsigned int ipsecdp_sa_headroom(const struct ipsecdp_sa *sa);

/* Datapath, under rcu_read_lock(); no reference taken. */
struct ipsecdp_sa *ipsecdp_sa_lookup(struct ipsecdp_net *pn,
				     const struct ipsecdp_sa_id *id);
/*
 * Outbound SA for a template: by SPI (and @daddr) when the template has
 * one, else a live SA with these addresses, protocol and mode: this
 * CPU's per-CPU SA if there is one, else the first that serves every CPU.
 */
struct ipsecdp_sa *ipsecdp_sa_lookup_out(struct ipsecdp_net *pn, u16 family,
					 const union ipsecdp_addr *saddr,
					 const union ipsecdp_addr *daddr,
					 u8 proto, u8 mode, bool has_spi,
					 __be32 spi);

static inline bool ipsecdp_sa_hold(struct ipsecdp_sa *sa)
{
	return percpu_ref_tryget(&sa->ref);
}

static inline void ipsecdp_sa_put(struct ipsecdp_sa *sa)
{
	percpu_ref_put(&sa->ref);
}

void ipsecdp_sa_expire_hard(struct ipsecdp_sa *sa);

/* Last sequence number of an SA: 2^32 - 1, or 2^64 - 1 with ESN. */
static inline u64 ipsecdp_sa_last_seq(u32 flags)
{
	return (flags & IPSECDP_SA_F_ESN) ? U64_MAX : U32_MAX;
}

/*
 * Next outbound sequence number of @sa (ESP and AH): false once the SA is
 * exhausted (2^32 - 1, or 2^64 - 1 with ESN); numbers are never reused.
 * The first packet beyond the last number raises the hard expiry.
 */
static inline bool ipsecdp_sa_next_seq(struct ipsecdp_sa *sa, u64 *seq)
{
	u64 last = ipsecdp_sa_last_seq(sa->flags);
	s64 old = atomic64_fetch_add_unless(&sa->oseq, 1, (s64)last);

	if (unlikely((u64)old == last)) {
		ipsecdp_sa_expire_hard(sa);
		return false;
	}
	*seq = (u64)old + 1;
	return true;
}

/*
 * Lifetimes (sa/lifetime.c), with the semantics of XFRM's
 * xfrm_state_check_expire():
 *  - a packet is accepted while the counts *before* it are below every
 *    hard limit: with packet-hard N the Nth packet is the last one, with
 *    byte-hard N the packet that reaches or crosses N bytes is the last;
 *  - the hard expiry is raised as soon as a count reaches the hard limit
 *    (with the last accepted packet, XFRM waits for the next one), the
 *    soft expiry as soon as a count reaches the soft limit (the Nth
 *    packet; XFRM raises it with packet N + 1), unless the hard limit is
 *    reached by the same packet;
 *  - time limits count seconds from the add; soft and hard each fire
 *    once; a hard expiry removes the SA (SA_DEL event) from process
 *    context, after the SA_EXPIRE event with IPSECDP_A_HARD set.
 *
 * ipsecdp_sa_lft_account() accounts one packet of @bytes: false once a
 * hard limit is reached (the caller drops the packet and counts
 * *StateExpired). An SA without limits costs one predictable branch.
 */
bool __ipsecdp_sa_lft_account(struct ipsecdp_sa *sa, unsigned int bytes);

static inline bool ipsecdp_sa_lft_account(struct ipsecdp_sa *sa,
					  unsigned int bytes)
{
	if (likely(!READ_ONCE(sa->lft_active)))
		return true;
	return __ipsecdp_sa_lft_account(sa, bytes);
}

/* At add, under cfg_lock, before the SA is in the tables. */
void ipsecdp_sa_lft_init(struct ipsecdp_sa *sa);
/*
 * At update, instead of ipsecdp_sa_lft_init(): @sa goes on from @old
 * (time limits count from @old's add, byte and packet counts continue).
 */
void ipsecdp_sa_lft_inherit(struct ipsecdp_sa *sa,
			    const struct ipsecdp_sa *old);
/* At unlink, under cfg_lock, after sa->dead is set. */
void ipsecdp_sa_lft_destroy(struct ipsecdp_sa *sa);
/*
 * ipsecdp_sa_expire_hard(), declared above: expire @sa now, as if a hard
 * limit was reached: no packet is accounted any more, a hard SA_EXPIRE
 * event is raised (once) and the SA removed. Any context (outbound
 * sequence numbers exhausted: ipsecdp_sa_next_seq()).
 */
/*
 * What byte and packet limits are checked against (CURLFT): the lifetime
 * counters, or when @sa has none its traffic counters, from @st if the
 * caller has folded them already (else NULL).
 */
void ipsecdp_sa_lft_counts(const struct ipsecdp_sa *sa,
			   const struct ipsecdp_sa_stats *st, u64 *bytes,
			   u64 *packets);

/* Under cfg_lock: unlink @sa (SA_DEL event) unless already done. */
void ipsecdp_sa_remove_expired(struct ipsecdp_net *pn,
			       struct ipsecdp_sa *sa);

/*
 * The endpoints of UDP-encapsulated SAs (sa/encap.c): an SA with
 * encapsulation is linked by its destination and destination port while
 * it is in the SAD (under cfg_lock). ipsecdp_encap_port_used(), RCU:
 * does an SA of @pn receive ESP in UDP at (@daddr, @port)?
 */
void ipsecdp_encap_link(struct ipsecdp_net *pn, struct ipsecdp_sa *sa);
void ipsecdp_encap_unlink(struct ipsecdp_net *pn, struct ipsecdp_sa *sa);
bool ipsecdp_encap_port_used(struct ipsecdp_net *pn, u16 family,
			     const union ipsecdp_addr *daddr, __be16 port);

static inline bool ipsecdp_sa_encap(const struct ipsecdp_sa *sa)
{
	return sa->encap.type != 0;
}

void ipsecdp_sa_stats_fold(const struct ipsecdp_sa *sa,
			   struct ipsecdp_sa_stats *out);

#endif /* _IPSECDP_SA_H */
