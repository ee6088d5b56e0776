// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the security policy database of a namespace.
 *
 * Lookup is a tuple space search. Every policy lives in one hash table
 * (struct ipsecdp_spd_tab) keyed by (direction, family, source prefix
 * length, destination prefix length, source prefix, destination
 * prefix); the selector's addresses are stored masked. For each
 * direction and family, a small "mask" array lists the distinct prefix
 * length pairs in use, sorted by the lowest priority value of their
 * policies. A lookup masks the packet's addresses with each pair in
 * turn, probes one bucket, and keeps the best match (lowest priority,
 * then lowest age); it stops as soon as a pair's lowest priority cannot
 * beat the best found. Each bucket is kept in match order, so the first
 * matching entry of a bucket is that bucket's best. Host-to-host
 * policies (/32 or /128 on both sides) are just the pair (32, 32) or
 * (128, 128): one probe finds them among any number.
 *
 * Updates are made under ipsecdp_net::cfg_lock. A single add or delete
 * changes the published table in place (RCU list operations; a mask
 * array is replaced whole, before a policy appears and after it goes).
 * Growing the table, and committing a batch (core/nl_batch.c), build a new
 * table beside the old one and swap the pointer: readers see either
 * table, each complete. A policy carries two chain nodes and a table
 * of generation g links node[g & 1], so the old table stays intact
 * while the new one is built; the old table is freed after a grace
 * period, before the next build reuses its nodes.
 *
 * Dumps walk ipsecdp_spd::by_dir, in insertion (age) order.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/hash.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "sa/sa.h"
#include "spd/spd.h"

#define IPSECDP_SPD_HBITS_MIN	8
#define IPSECDP_SPD_HBITS_MAX	20

/* One prefix length pair in use by a direction and family. */
struct ipsecdp_spd_mask {
	u32	min_prio;	/* lower bound: may be stale after deletes */
	u32	count;		/* policies with this pair (cfg_lock) */
	u8	splen;
	u8	dplen;
};

struct ipsecdp_spd_masks {
	struct rcu_head		rcu;
	unsigned int		n;
	struct ipsecdp_spd_mask	m[];	/* by min_prio ascending */
};

struct ipsecdp_spd_tab {
	unsigned int		gen;	/* policies link node[gen & 1] */
	unsigned int		hbits;
	struct ipsecdp_spd_masks __rcu *masks[__IPSECDP_DIR_MAX][2];
	struct hlist_head	*buckets;
};

static u32 ipsecdp_spd_seed __read_mostly;

static unsigned int ipsecdp_fam_idx(u16 family)
{
	return family == AF_INET6;
}

/* Protocol and ports (ICMP: type and code) of @sel against @fl. */
static bool ipsecdp_sel_match_l4(const struct ipsecdp_sel *sel,
				 const struct ipsecdp_flow *fl)
{
	/* protocol any: ports are not compared */
	if (!sel->proto)
		return true;
	return sel->proto == fl->proto &&
	       fl->sport >= sel->sport_min && fl->sport <= sel->sport_max &&
	       fl->dport >= sel->dport_min && fl->dport <= sel->dport_max;
}

/* ---- hashing ---- */

/* Hash of a lookup key; @saddr and @daddr are already masked. */
static u32 ipsecdp_spd_hash(u8 dir, u16 family, u8 splen, u8 dplen,
			    const union ipsecdp_addr *saddr,
			    const union ipsecdp_addr *daddr)
{
	u32 tag = (u32)dir << 24 | (u32)splen << 16 | (u32)dplen << 8 |
		  ipsecdp_fam_idx(family);
	u32 k[8];

	if (family == AF_INET)
		return jhash_3words((__force u32)saddr->a4,
				    (__force u32)daddr->a4, tag,
				    ipsecdp_spd_seed);
	memcpy(&k[0], saddr->a6, 16);
	memcpy(&k[4], daddr->a6, 16);
	return jhash2(k, 8, ipsecdp_spd_seed ^ tag);
}

static void ipsecdp_mask_addr(u16 family, union ipsecdp_addr *out,
			      const union ipsecdp_addr *in, u8 plen)
{
	if (family == AF_INET) {
		out->a4 = in->a4 & inet_make_mask(plen);
		return;
	}
	ipv6_addr_prefix(&out->in6, &in->in6, plen);
}

static struct hlist_head *ipsecdp_spd_bucket(const struct ipsecdp_spd_tab *t,
					     u8 dir,
					     const struct ipsecdp_sel *sel)
{
	u32 h = ipsecdp_spd_hash(dir, sel->family, sel->splen, sel->dplen,
				 &sel->saddr, &sel->daddr);

	return &t->buckets[hash_32(h, t->hbits)];
}

/* The policy whose node[@slot] is @n. */
static struct ipsecdp_policy *ipsecdp_node_pol(struct hlist_node *n,
					       unsigned int slot)
{
	return container_of(n - slot, struct ipsecdp_policy, node[0]);
}

/* Does @pol answer the key (dir, family, pair, masked addresses)? */
static bool ipsecdp_pol_key_eq(const struct ipsecdp_policy *pol, u8 dir,
			       u16 family, const struct ipsecdp_spd_mask *m,
			       const union ipsecdp_addr *saddr,
			       const union ipsecdp_addr *daddr)
{
	return pol->dir == dir && pol->sel.family == family &&
	       pol->sel.splen == m->splen && pol->sel.dplen == m->dplen &&
	       ipsecdp_addr_eq(family, &pol->sel.saddr, saddr) &&
	       ipsecdp_addr_eq(family, &pol->sel.daddr, daddr);
}

/* Does @a come before @b in match order? */
static bool ipsecdp_pol_before(const struct ipsecdp_policy *a,
			       const struct ipsecdp_policy *b)
{
	if (a->priority != b->priority)
		return a->priority < b->priority;
	return a->age < b->age;
}

/* ---- lookup (datapath, rcu_read_lock) ---- */

struct ipsecdp_policy *ipsecdp_spd_lookup(struct ipsecdp_net *pn, u8 dir,
					  const struct ipsecdp_flow *fl)
{
	struct ipsecdp_policy *best = NULL, *pol;
	union ipsecdp_addr saddr, daddr;
	const struct ipsecdp_spd_masks *masks;
	const struct ipsecdp_spd_tab *t;
	struct hlist_node *n;
	unsigned int slot, i;

	if (dir >= __IPSECDP_DIR_MAX)
		return NULL;
	t = rcu_dereference(pn->spd.tab);
	if (!t)
		return NULL;
	masks = rcu_dereference(t->masks[dir][ipsecdp_fam_idx(fl->family)]);
	if (!masks)
		return NULL;
	slot = t->gen & 1;

	memset(&saddr, 0, sizeof(saddr));
	memset(&daddr, 0, sizeof(daddr));
	for (i = 0; i < masks->n; i++) {
		const struct ipsecdp_spd_mask *m = &masks->m[i];
		u32 h;

		/* sorted by lower bound: nothing further can win */
		if (best && m->min_prio > best->priority)
			break;
		ipsecdp_mask_addr(fl->family, &saddr, &fl->saddr, m->splen);
		ipsecdp_mask_addr(fl->family, &daddr, &fl->daddr, m->dplen);
		h = ipsecdp_spd_hash(dir, fl->family, m->splen, m->dplen,
				     &saddr, &daddr);
		for (n = rcu_dereference(hlist_first_rcu(&t->buckets[hash_32(h, t->hbits)]));
		     n; n = rcu_dereference(hlist_next_rcu(n))) {
			pol = ipsecdp_node_pol(n, slot);
			/* buckets are in match order */
			if (best && !ipsecdp_pol_before(pol, best))
				break;
			if (ipsecdp_pol_key_eq(pol, dir, fl->family, m, &saddr,
					       &daddr) &&
			    ipsecdp_sel_match_l4(&pol->sel, fl)) {
				best = pol;
				break;
			}
		}
	}
	return best;
}

/* The SA template @t names for flow @fl (ipsecdp_spd_decide()). */
static struct ipsecdp_sa *ipsecdp_tmpl_sa(struct ipsecdp_net *pn,
					  const struct ipsecdp_tmpl *t,
					  const struct ipsecdp_flow *fl)
{
	if (t->has_addrs)
		return ipsecdp_sa_lookup_out(pn, t->family, &t->saddr,
					     &t->daddr, t->proto, t->mode,
					     t->has_spi, t->spi);
	if (t->mode == IPSECDP_MODE_TUNNEL && !t->has_spi)
		return NULL;
	return ipsecdp_sa_lookup_out(pn, fl->family, &fl->saddr, &fl->daddr,
				     t->proto, t->mode, t->has_spi, t->spi);
}

static u8 ipsecdp_policy_resolve(struct ipsecdp_net *pn,
				 const struct ipsecdp_policy *pol,
				 const struct ipsecdp_flow *fl,
				 struct ipsecdp_sa **sas, unsigned int *nsa)
{
	struct ipsecdp_flow cur = *fl;
	unsigned int i, n = 0;

	*nsa = 0;
	if (pol->action == IPSECDP_ACTION_BLOCK)
		return IPSECDP_MATCH_BLOCK;
	if (ipsecdp_policy_is_bypass(pol))
		return IPSECDP_MATCH_BYPASS;

	for (i = 0; i < pol->ntmpl; i++) {
		const struct ipsecdp_tmpl *t = &pol->tmpl[i];
		struct ipsecdp_sa *sa = ipsecdp_tmpl_sa(pn, t, &cur);

		if (!sa) {
			if (t->level == IPSECDP_LEVEL_USE)
				continue;	/* optional: skipped alone */
			return IPSECDP_MATCH_NO_SA;
		}
		sas[n++] = sa;
		/* the next template sees the packet this SA makes */
		if (sa->mode == IPSECDP_MODE_TUNNEL) {
			cur.family = sa->family;
			cur.saddr = sa->saddr;
			cur.daddr = sa->daddr;
		}
	}
	*nsa = n;
	return n ? IPSECDP_MATCH_PROTECT : IPSECDP_MATCH_NO_SA_USE;
}

u8 ipsecdp_spd_decide(struct ipsecdp_net *pn, u8 dir,
		      const struct ipsecdp_flow *fl,
		      struct ipsecdp_policy **polp,
		      struct ipsecdp_sa **sas, unsigned int *nsa)
{
	*nsa = 0;
	*polp = ipsecdp_spd_lookup(pn, dir, fl);
	if (!*polp)
		return IPSECDP_MATCH_NONE;
	return ipsecdp_policy_resolve(pn, *polp, fl, sas, nsa);
}

/* ---- table maintenance (cfg_lock) ---- */

static struct ipsecdp_spd_masks *
ipsecdp_tab_masks(const struct ipsecdp_spd_tab *t, u8 dir, u16 family)
{
	/* writers only: cfg_lock, or a table not yet published */
	return rcu_dereference_protected(t->masks[dir][ipsecdp_fam_idx(family)],
					 1);
}

static void ipsecdp_masks_sort(struct ipsecdp_spd_masks *ms)
{
	unsigned int i, j;

	for (i = 1; i < ms->n; i++) {
		struct ipsecdp_spd_mask m = ms->m[i];

		for (j = i; j > 0 && ms->m[j - 1].min_prio > m.min_prio; j--)
			ms->m[j] = ms->m[j - 1];
		ms->m[j] = m;
	}
}

static void ipsecdp_masks_publish(struct ipsecdp_spd_tab *t, u8 dir,
				  u16 family, struct ipsecdp_spd_masks *nms,
				  bool live)
{
	struct ipsecdp_spd_masks *old = ipsecdp_tab_masks(t, dir, family);

	rcu_assign_pointer(t->masks[dir][ipsecdp_fam_idx(family)], nms);
	if (!old)
		return;
	if (live)
		kfree_rcu(old, rcu);
	else
		kfree(old);
}

/*
 * Account @pol in the masks of @t. @live: @t is published (copy the
 * array when readers could see the change), else it is changed in place
 * when it can be.
 */
static int ipsecdp_masks_add(struct ipsecdp_spd_tab *t,
			     const struct ipsecdp_policy *pol, bool live)
{
	struct ipsecdp_spd_masks *ms = ipsecdp_tab_masks(t, pol->dir,
							 pol->sel.family);
	struct ipsecdp_spd_masks *nms;
	unsigned int i, n = ms ? ms->n : 0;

	for (i = 0; i < n; i++) {
		struct ipsecdp_spd_mask *m = &ms->m[i];

		if (m->splen != pol->sel.splen || m->dplen != pol->sel.dplen)
			continue;
		m->count++;
		if (pol->priority >= m->min_prio)
			return 0;
		if (!live) {
			m->min_prio = pol->priority;
			ipsecdp_masks_sort(ms);
			return 0;
		}
		nms = kmemdup(ms, struct_size(ms, m, n), GFP_KERNEL);
		if (!nms) {
			m->count--;
			return -ENOMEM;
		}
		nms->m[i].min_prio = pol->priority;
		ipsecdp_masks_sort(nms);
		ipsecdp_masks_publish(t, pol->dir, pol->sel.family, nms, live);
		return 0;
	}

	nms = kmalloc(struct_size(nms, m, n + 1), GFP_KERNEL);
	if (!nms)
		return -ENOMEM;
	nms->n = n + 1;
	if (n)
		memcpy(nms->m, ms->m, n * sizeof(ms->m[0]));
	nms->m[n].min_prio = pol->priority;
	nms->m[n].count = 1;
	nms->m[n].splen = pol->sel.splen;
	nms->m[n].dplen = pol->sel.dplen;
	ipsecdp_masks_sort(nms);
	ipsecdp_masks_publish(t, pol->dir, pol->sel.family, nms, live);
	return 0;
}

/* @pol left @t (published); drop its pair when it was the last one. */
static void ipsecdp_masks_del(struct ipsecdp_spd_tab *t,
			      const struct ipsecdp_policy *pol)
{
	struct ipsecdp_spd_masks *ms = ipsecdp_tab_masks(t, pol->dir,
							 pol->sel.family);
	struct ipsecdp_spd_masks *nms = NULL;
	unsigned int i, j;

	if (WARN_ON_ONCE(!ms))
		return;
	for (i = 0; i < ms->n; i++)
		if (ms->m[i].splen == pol->sel.splen &&
		    ms->m[i].dplen == pol->sel.dplen)
			break;
	if (WARN_ON_ONCE(i == ms->n))
		return;
	/* min_prio stays: a stale lower bound only costs a probe */
	if (--ms->m[i].count)
		return;
	if (ms->n > 1) {
		nms = kmalloc(struct_size(nms, m, ms->n - 1), GFP_KERNEL);
		/* no memory: keep the empty pair, harmless */
		if (!nms)
			return;
		nms->n = 0;
		for (j = 0; j < ms->n; j++)
			if (j != i)
				nms->m[nms->n++] = ms->m[j];
	}
	ipsecdp_masks_publish(t, pol->dir, pol->sel.family, nms, true);
}

/* Link @pol into its bucket of @t, in match order. */
static void ipsecdp_tab_link(struct ipsecdp_spd_tab *t,
			     struct ipsecdp_policy *pol)
{
	struct hlist_head *head = ipsecdp_spd_bucket(t, pol->dir, &pol->sel);
	unsigned int slot = t->gen & 1;
	struct hlist_node *n, *last = NULL;

	for (n = rcu_dereference_protected(hlist_first_rcu(head), 1); n;
	     n = rcu_dereference_protected(hlist_next_rcu(n), 1)) {
		if (ipsecdp_pol_before(pol, ipsecdp_node_pol(n, slot))) {
			hlist_add_before_rcu(&pol->node[slot], n);
			return;
		}
		last = n;
	}
	if (last)
		hlist_add_behind_rcu(&pol->node[slot], last);
	else
		hlist_add_head_rcu(&pol->node[slot], head);
}

/* Masks first, then the chain: readers never miss a linked policy. */
static int ipsecdp_tab_insert(struct ipsecdp_spd_tab *t,
			      struct ipsecdp_policy *pol, bool live)
{
	int err = ipsecdp_masks_add(t, pol, live);

	if (err)
		return err;
	ipsecdp_tab_link(t, pol);
	return 0;
}

static unsigned int ipsecdp_spd_hbits_for(unsigned int count)
{
	unsigned int bits = count > 1 ? order_base_2(count) : 0;

	return clamp_t(unsigned int, bits, IPSECDP_SPD_HBITS_MIN,
		       IPSECDP_SPD_HBITS_MAX);
}

static struct ipsecdp_spd_tab *ipsecdp_tab_alloc(unsigned int gen,
						 unsigned int hbits)
{
	struct ipsecdp_spd_tab *t;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->gen = gen;
	t->hbits = hbits;
	t->buckets = kvcalloc(1U << hbits, sizeof(*t->buckets), GFP_KERNEL);
	if (!t->buckets) {
		kfree(t);
		return NULL;
	}
	return t;
}

/* @t is no longer reachable by readers (or never was). */
static void ipsecdp_tab_free(struct ipsecdp_spd_tab *t)
{
	int dir, f;

	if (!t)
		return;
	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		for (f = 0; f < 2; f++)
			kfree(rcu_dereference_protected(t->masks[dir][f], 1));
	kvfree(t->buckets);
	kfree(t);
}

static struct ipsecdp_spd_tab *ipsecdp_spd_tab(struct ipsecdp_net *pn)
{
	return rcu_dereference_protected(pn->spd.tab,
					 lockdep_is_held(&pn->cfg_lock));
}

/*
 * A new table of @hbits with every live policy but the doomed ones, in
 * age order, then @adds (linked by ::list); not published.
 */
static struct ipsecdp_spd_tab *ipsecdp_tab_build(struct ipsecdp_net *pn,
						 unsigned int hbits,
						 struct list_head *adds)
{
	struct ipsecdp_spd_tab *old = ipsecdp_spd_tab(pn), *t;
	struct ipsecdp_policy *pol;
	int dir;

	t = ipsecdp_tab_alloc(old->gen + 1, hbits);
	if (!t)
		return NULL;
	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++) {
		list_for_each_entry(pol, &pn->spd.by_dir[dir], list) {
			if (pol->doomed)
				continue;
			if (ipsecdp_tab_insert(t, pol, false))
				goto err;
		}
	}
	if (adds) {
		list_for_each_entry(pol, adds, list)
			if (ipsecdp_tab_insert(t, pol, false))
				goto err;
	}
	return t;
err:
	ipsecdp_tab_free(t);
	return NULL;
}

/* Publish @t in place of the current table and free that one. */
static void ipsecdp_tab_replace(struct ipsecdp_net *pn,
				struct ipsecdp_spd_tab *t)
{
	struct ipsecdp_spd_tab *old = ipsecdp_spd_tab(pn);

	rcu_assign_pointer(pn->spd.tab, t);
	/* also frees the nodes of @old's generation for the next build */
	synchronize_rcu();
	ipsecdp_tab_free(old);
}

/* ---- namespace set-up ---- */

int ipsecdp_spd_init(struct ipsecdp_net *pn)
{
	struct ipsecdp_spd *spd = &pn->spd;
	struct ipsecdp_spd_tab *t;
	int dir;

	net_get_random_once(&ipsecdp_spd_seed, sizeof(ipsecdp_spd_seed));

	t = ipsecdp_tab_alloc(0, IPSECDP_SPD_HBITS_MIN);
	if (!t)
		return -ENOMEM;
	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		INIT_LIST_HEAD(&spd->by_dir[dir]);
	spd->count = 0;
	spd->next_index = 0;
	spd->next_age = 0;
	RCU_INIT_POINTER(spd->tab, t);
	return 0;
}

void ipsecdp_spd_exit(struct ipsecdp_net *pn)
{
	/* the namespace's policies were flushed before; no readers left */
	WARN_ON_ONCE(pn->spd.count);
	ipsecdp_tab_free(rcu_dereference_protected(pn->spd.tab, 1));
	RCU_INIT_POINTER(pn->spd.tab, NULL);
}

struct ipsecdp_policy *ipsecdp_policy_alloc(void)
{
	struct ipsecdp_policy *pol;

	pol = kzalloc(sizeof(*pol), GFP_KERNEL);
	if (!pol)
		return NULL;
	pol->stats = alloc_percpu(struct ipsecdp_pol_stats);
	if (!pol->stats) {
		kfree(pol);
		return NULL;
	}
	INIT_LIST_HEAD(&pol->list);
	return pol;
}

void ipsecdp_policy_free(struct ipsecdp_policy *pol)
{
	if (!pol)
		return;
	free_percpu(pol->stats);
	kfree(pol);
}

static void ipsecdp_policy_free_rcu(struct rcu_head *head)
{
	/* free_percpu() may be called in atomic context */
	ipsecdp_policy_free(container_of(head, struct ipsecdp_policy, rcu));
}

struct ipsecdp_policy *ipsecdp_policy_find(struct ipsecdp_net *pn, u8 dir,
					   const struct ipsecdp_sel *sel)
{
	struct ipsecdp_spd_tab *t = ipsecdp_spd_tab(pn);
	unsigned int slot = t->gen & 1;
	struct ipsecdp_policy *pol;
	struct hlist_node *n;

	lockdep_assert_held(&pn->cfg_lock);

	for (n = rcu_dereference_protected(hlist_first_rcu(ipsecdp_spd_bucket(t, dir, sel)),
					   1);
	     n; n = rcu_dereference_protected(hlist_next_rcu(n), 1)) {
		pol = ipsecdp_node_pol(n, slot);
		if (pol->dir == dir && ipsecdp_sel_equal(&pol->sel, sel))
			return pol;
	}
	return NULL;
}

/* Grow the table when the load factor would pass 2. */
static int ipsecdp_spd_grow(struct ipsecdp_net *pn, unsigned int count)
{
	struct ipsecdp_spd_tab *old = ipsecdp_spd_tab(pn), *t;
	unsigned int hbits = ipsecdp_spd_hbits_for(count);

	if (count <= 2U << old->hbits || hbits <= old->hbits)
		return 0;
	t = ipsecdp_tab_build(pn, hbits, NULL);
	if (!t)
		return -ENOMEM;
	ipsecdp_tab_replace(pn, t);
	return 0;
}

int ipsecdp_policy_add(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		       struct netlink_ext_ack *extack)
{
	struct ipsecdp_spd *spd = &pn->spd;
	int err;

	lockdep_assert_held(&pn->cfg_lock);

	if (pol->dir >= __IPSECDP_DIR_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "invalid policy direction");
		return -EINVAL;
	}
	if (ipsecdp_policy_find(pn, pol->dir, &pol->sel)) {
		NL_SET_ERR_MSG_MOD(extack, "policy already exists");
		return -EEXIST;
	}
	/* a failed grow leaves a longer chain, still correct */
	ipsecdp_spd_grow(pn, spd->count + 1);

	pol->age = spd->next_age;
	pol->doomed = false;
	err = ipsecdp_tab_insert(ipsecdp_spd_tab(pn), pol, true);
	if (err)
		return err;
	pol->index = ++spd->next_index;
	spd->next_age++;
	list_add_tail(&pol->list, &spd->by_dir[pol->dir]);
	spd->count++;
	atomic_inc(&pn->objects);

	ipsecdp_notify_policy(pn, pol, IPSECDP_CMD_POLICY_ADD);
	return 0;
}

static void ipsecdp_policy_unlink(struct ipsecdp_net *pn,
				  struct ipsecdp_policy *pol)
{
	struct ipsecdp_spd_tab *t = ipsecdp_spd_tab(pn);

	hlist_del_rcu(&pol->node[t->gen & 1]);
	ipsecdp_masks_del(t, pol);
	list_del(&pol->list);
	pn->spd.count--;
	atomic_dec(&pn->objects);
	call_rcu(&pol->rcu, ipsecdp_policy_free_rcu);
}

int ipsecdp_policy_del(struct ipsecdp_net *pn, u8 dir,
		       const struct ipsecdp_sel *sel,
		       struct netlink_ext_ack *extack)
{
	struct ipsecdp_policy *pol;

	lockdep_assert_held(&pn->cfg_lock);

	if (dir >= __IPSECDP_DIR_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "invalid policy direction");
		return -EINVAL;
	}
	pol = ipsecdp_policy_find(pn, dir, sel);
	if (!pol) {
		NL_SET_ERR_MSG_MOD(extack, "no such policy");
		return -ENOENT;
	}
	ipsecdp_notify_policy(pn, pol, IPSECDP_CMD_POLICY_DEL);
	ipsecdp_policy_unlink(pn, pol);
	return 0;
}

int ipsecdp_policy_update(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			  struct netlink_ext_ack *extack)
{
	struct ipsecdp_spd_tab *t = ipsecdp_spd_tab(pn);
	struct ipsecdp_pol_stats st = {}, *to;
	struct ipsecdp_policy *old;
	int cpu, err;

	lockdep_assert_held(&pn->cfg_lock);

	if (pol->dir >= __IPSECDP_DIR_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "invalid policy direction");
		return -EINVAL;
	}
	old = ipsecdp_policy_find(pn, pol->dir, &pol->sel);
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack, "no such policy to update");
		return -ENOENT;
	}

	pol->age = old->age;
	pol->index = old->index;
	pol->doomed = false;
	for_each_possible_cpu(cpu) {
		const struct ipsecdp_pol_stats *s = per_cpu_ptr(old->stats, cpu);

		st.packets += READ_ONCE(s->packets);
		st.bytes += READ_ONCE(s->bytes);
	}
	/* @pol is not visible yet: any CPU's slot will do */
	to = per_cpu_ptr(pol->stats, cpumask_first(cpu_possible_mask));
	*to = st;

	/* same bucket and prefix pair: linked beside @old, then @old goes */
	err = ipsecdp_tab_insert(t, pol, true);
	if (err)
		return err;
	hlist_del_rcu(&old->node[t->gen & 1]);
	ipsecdp_masks_del(t, old);
	list_replace(&old->list, &pol->list);
	call_rcu(&old->rcu, ipsecdp_policy_free_rcu);

	ipsecdp_notify_policy(pn, pol, IPSECDP_CMD_POLICY_UPDATE);
	return 0;
}

/* Drop every policy of the lists: @pn's table no longer holds them. */
static void ipsecdp_spd_free_doomed(struct ipsecdp_net *pn, bool all,
				    bool notify)
{
	struct ipsecdp_policy *pol, *tmp;
	int dir;

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++) {
		list_for_each_entry_safe(pol, tmp, &pn->spd.by_dir[dir], list) {
			if (!all && !pol->doomed)
				continue;
			if (notify)
				ipsecdp_notify_policy(pn, pol,
						      IPSECDP_CMD_POLICY_DEL);
			list_del(&pol->list);
			pn->spd.count--;
			atomic_dec(&pn->objects);
			/* a grace period has passed since the swap */
			ipsecdp_policy_free(pol);
		}
	}
}

void ipsecdp_policy_flush(struct ipsecdp_net *pn)
{
	struct ipsecdp_spd_tab *t;

	lockdep_assert_held(&pn->cfg_lock);

	if (!pn->spd.count)
		return;
	t = ipsecdp_tab_alloc(ipsecdp_spd_tab(pn)->gen + 1,
			      IPSECDP_SPD_HBITS_MIN);
	if (t) {
		ipsecdp_tab_replace(pn, t);
		ipsecdp_spd_free_doomed(pn, true, false);
	} else {
		/* no memory for an empty table: one by one, in place */
		struct ipsecdp_policy *pol, *tmp;
		int dir;

		for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
			list_for_each_entry_safe(pol, tmp,
						 &pn->spd.by_dir[dir], list)
				ipsecdp_policy_unlink(pn, pol);
	}
	ipsecdp_notify_flush(pn, IPSECDP_CMD_POLICY_FLUSH);
}

struct ipsecdp_spd_tab *ipsecdp_spd_swap_prepare(struct ipsecdp_net *pn,
						 struct list_head *adds,
						 unsigned int nadds)
{
	struct ipsecdp_spd *spd = &pn->spd;
	struct ipsecdp_policy *pol;
	unsigned int ndoomed = 0, dir;
	u64 age = spd->next_age;

	lockdep_assert_held(&pn->cfg_lock);

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		list_for_each_entry(pol, &spd->by_dir[dir], list)
			ndoomed += pol->doomed;
	/* ages first: the new table is built in match order */
	list_for_each_entry(pol, adds, list) {
		pol->age = age++;
		pol->doomed = false;
	}
	return ipsecdp_tab_build(pn, ipsecdp_spd_hbits_for(spd->count -
							   ndoomed + nadds),
				 adds);
}

void ipsecdp_spd_swap_publish(struct ipsecdp_net *pn,
			      struct ipsecdp_spd_tab *tab,
			      struct list_head *adds)
{
	struct ipsecdp_spd *spd = &pn->spd;
	struct ipsecdp_policy *pol, *tmp;

	lockdep_assert_held(&pn->cfg_lock);

	ipsecdp_tab_replace(pn, tab);
	ipsecdp_spd_free_doomed(pn, false, true);
	list_for_each_entry_safe(pol, tmp, adds, list) {
		pol->index = ++spd->next_index;
		spd->next_age = pol->age + 1;
		list_move_tail(&pol->list, &spd->by_dir[pol->dir]);
		spd->count++;
		atomic_inc(&pn->objects);
		ipsecdp_notify_policy(pn, pol, IPSECDP_CMD_POLICY_ADD);
	}
}
