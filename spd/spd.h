/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: security policy database. Policies are found by tuple space
 * search: one hash probe per distinct (source, destination) prefix
 * length pair of a direction and family (see spd/spd.c and
 * Documentation/spd.rst); read under RCU by the datapath.
 */
#ifndef _IPSECDP_SPD_H
#define _IPSECDP_SPD_H

#include <linux/rcupdate.h>
#include "core/ipsecdp.h"

struct ipsecdp_sel {
	union ipsecdp_addr	saddr;
	union ipsecdp_addr	daddr;
	u16			family;
	u8			splen;
	u8			dplen;
	u8			proto;		/* 0: any */
	u16			sport_min, sport_max;	/* host order */
	u16			dport_min, dport_max;
};

struct ipsecdp_tmpl {
	union ipsecdp_addr	saddr;		/* tunnel endpoints */
	union ipsecdp_addr	daddr;
	u16			family;
	bool			has_addrs;
	u8			proto;		/* IPPROTO_ESP / IPPROTO_AH */
	u8			mode;		/* enum ipsecdp_mode */
	bool			has_spi;
	__be32			spi;
	u8			level;		/* enum ipsecdp_level */
	u32			reqid;		/* XFRM front end's label */
};

struct ipsecdp_pol_stats {
	u64	packets;
	u64	bytes;
};

struct ipsecdp_policy {
	/* lookup table chains: node[tab->gen & 1] (spd/spd.c) */
	struct hlist_node	node[2];
	struct list_head	list;		/* ipsecdp_spd::by_dir[dir] */
	struct rcu_head		rcu;
	bool			doomed;		/* batch: deleted at commit */
	u32			index;
	u64			age;		/* insertion order */
	u8			dir;
	u8			action;
	u8			flags;		/* IPSECDP_POL_F_* */
	u32			priority;
	struct ipsecdp_sel	sel;
	u8			ntmpl;		/* 0 with ALLOW: bypass */
	struct ipsecdp_tmpl	tmpl[IPSECDP_MAX_TMPL];
	struct ipsecdp_pol_stats __percpu *stats;
};

int ipsecdp_spd_init(struct ipsecdp_net *pn);
void ipsecdp_spd_exit(struct ipsecdp_net *pn);

/* Control plane, under pn->cfg_lock. @pol is consumed on success. */
int ipsecdp_policy_add(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		       struct netlink_ext_ack *extack);
int ipsecdp_policy_del(struct ipsecdp_net *pn, u8 dir,
		       const struct ipsecdp_sel *sel,
		       struct netlink_ext_ack *extack);
void ipsecdp_policy_flush(struct ipsecdp_net *pn);
/*
 * Replace the policy of @pol's direction and selector by @pol in one
 * step (lookups see one or the other); @pol keeps the old policy's
 * index, its place among policies of equal priority and its counters.
 * -ENOENT if there is none. @pol is consumed on success.
 */
int ipsecdp_policy_update(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			  struct netlink_ext_ack *extack);
struct ipsecdp_policy *ipsecdp_policy_alloc(void);
void ipsecdp_policy_free(struct ipsecdp_policy *pol);

/* The policy of @dir with exactly this selector, or NULL. cfg_lock. */
struct ipsecdp_policy *ipsecdp_policy_find(struct ipsecdp_net *pn, u8 dir,
					   const struct ipsecdp_sel *sel);
/*
 * Batch commit (core/nl_batch.c), under cfg_lock. _prepare() builds, not
 * yet visible, a table of every policy but the doomed ones plus @adds
 * (linked by ::list, in order; they get their ages): NULL if out of
 * memory, nothing changed. _publish() swaps it in, frees the doomed
 * policies and moves @adds into the SPD.
 */
struct ipsecdp_spd_tab *ipsecdp_spd_swap_prepare(struct ipsecdp_net *pn,
						 struct list_head *adds,
						 unsigned int nadds);
void ipsecdp_spd_swap_publish(struct ipsecdp_net *pn,
			      struct ipsecdp_spd_tab *tab,
			      struct list_head *adds);

/* Same selector (addresses are stored masked to their prefix). */
static inline bool ipsecdp_sel_equal(const struct ipsecdp_sel *a,
				     const struct ipsecdp_sel *b)
{
	return a->family == b->family &&
	       a->splen == b->splen && a->dplen == b->dplen &&
	       a->proto == b->proto &&
	       a->sport_min == b->sport_min && a->sport_max == b->sport_max &&
	       a->dport_min == b->dport_min && a->dport_max == b->dport_max &&
	       ipsecdp_addr_eq(a->family, &a->saddr, &b->saddr) &&
	       ipsecdp_addr_eq(a->family, &a->daddr, &b->daddr);
}

/* Datapath, under rcu_read_lock(): the first match, or NULL. */
struct ipsecdp_policy *ipsecdp_spd_lookup(struct ipsecdp_net *pn, u8 dir,
					  const struct ipsecdp_flow *fl);

struct ipsecdp_sa;
/*
 * What the datapath does with a packet of flow @fl in direction @dir (the
 * output hook, and what `policy match` reports): the policy it matches in
 * *@polp (NULL: IPSECDP_MATCH_NONE), an IPSECDP_MATCH_* verdict and, for
 * IPSECDP_MATCH_PROTECT, the SAs to apply in order (inner first) in
 * @sas[IPSECDP_MAX_TMPL], @nsa of them. Each template is resolved
 * against the packet as the transforms before it leave it (a tunnel SA
 * changes its addresses and family). A required template without an SA
 * makes the verdict IPSECDP_MATCH_NO_SA (drop, acquire) whatever the
 * others have; a "use" template without one is skipped, and only when
 * every template is skipped does the packet go in clear
 * (IPSECDP_MATCH_NO_SA_USE). Under rcu_read_lock().
 */
u8 ipsecdp_spd_decide(struct ipsecdp_net *pn, u8 dir,
		      const struct ipsecdp_flow *fl,
		      struct ipsecdp_policy **polp,
		      struct ipsecdp_sa **sas, unsigned int *nsa);

/*
 * An outbound packet matched protect policy @pol but no SA serves it:
 * tell a keying daemon (rate-limited, one event per policy and peer).
 * Datapath context (spd/acquire.c).
 */
void ipsecdp_acquire(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		     const struct ipsecdp_flow *fl);
/*
 * @pol has IPSECDP_POL_F_CPU_ACQUIRE and its templates found @sas[@nsa]:
 * unless all are this CPU's own per-CPU SAs, an acquire names the CPU
 * (rate-limited as above, per CPU). The packet goes out on @sas.
 */
void ipsecdp_acquire_cpu(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			 const struct ipsecdp_flow *fl,
			 struct ipsecdp_sa * const *sas, unsigned int nsa);

static inline bool ipsecdp_policy_is_bypass(const struct ipsecdp_policy *pol)
{
	return pol->action == IPSECDP_ACTION_ALLOW && !pol->ntmpl;
}

#endif /* _IPSECDP_SPD_H */
