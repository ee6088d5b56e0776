// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the security policy database of a namespace.
 *
 * One RCU list per direction, kept in match order: priority ascending,
 * then age ascending (the older policy wins on equal priority), so a
 * lookup returns the first policy whose selector matches. Changes are
 * made under ipsecdp_net::cfg_lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inetdevice.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "spd/spd.h"

static bool ipsecdp_prefix_match(u16 family, const union ipsecdp_addr *a,
				 const union ipsecdp_addr *b, u8 plen)
{
	if (family == AF_INET)
		return !((a->a4 ^ b->a4) & inet_make_mask(plen));
	return ipv6_prefix_equal(&a->in6, &b->in6, plen);
}

bool ipsecdp_sel_match(const struct ipsecdp_sel *sel,
		       const struct ipsecdp_flow *fl)
{
	if (sel->family != fl->family)
		return false;
	if (!ipsecdp_prefix_match(sel->family, &sel->saddr, &fl->saddr,
				  sel->splen) ||
	    !ipsecdp_prefix_match(sel->family, &sel->daddr, &fl->daddr,
				  sel->dplen))
		return false;
	/* protocol any: ports are not compared */
	if (!sel->proto)
		return true;
	return sel->proto == fl->proto &&
	       fl->sport >= sel->sport_min && fl->sport <= sel->sport_max &&
	       fl->dport >= sel->dport_min && fl->dport <= sel->dport_max;
}

static bool ipsecdp_addr_eq(u16 family, const union ipsecdp_addr *a,
			    const union ipsecdp_addr *b)
{
	if (family == AF_INET)
		return a->a4 == b->a4;
	return ipv6_addr_equal(&a->in6, &b->in6);
}

/* Same selector (addresses are stored masked to their prefix). */
static bool ipsecdp_sel_equal(const struct ipsecdp_sel *a,
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

int ipsecdp_spd_init(struct ipsecdp_net *pn)
{
	struct ipsecdp_spd *spd = &pn->spd;
	int dir;

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		INIT_LIST_HEAD(&spd->by_dir[dir]);
	spd->count = 0;
	spd->next_index = 0;
	spd->next_age = 0;
	return 0;
}

void ipsecdp_spd_exit(struct ipsecdp_net *pn)
{
	/* the namespace's policies were flushed before */
	WARN_ON_ONCE(pn->spd.count);
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

static struct ipsecdp_policy *ipsecdp_policy_find(struct ipsecdp_net *pn,
						  u8 dir,
						  const struct ipsecdp_sel *sel)
{
	struct ipsecdp_policy *pol;

	list_for_each_entry(pol, &pn->spd.by_dir[dir], list)
		if (ipsecdp_sel_equal(&pol->sel, sel))
			return pol;
	return NULL;
}

int ipsecdp_policy_add(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
		       struct netlink_ext_ack *extack)
{
	struct ipsecdp_spd *spd = &pn->spd;
	struct list_head *head, *pos;
	struct ipsecdp_policy *p;

	lockdep_assert_held(&pn->cfg_lock);

	if (pol->dir >= __IPSECDP_DIR_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "invalid policy direction");
		return -EINVAL;
	}
	if (ipsecdp_policy_find(pn, pol->dir, &pol->sel)) {
		NL_SET_ERR_MSG_MOD(extack, "policy already exists");
		return -EEXIST;
	}

	/* before the first policy of a strictly higher priority value */
	head = &spd->by_dir[pol->dir];
	pos = head;
	list_for_each_entry(p, head, list) {
		if (p->priority > pol->priority) {
			pos = &p->list;
			break;
		}
	}

	pol->index = ++spd->next_index;
	pol->age = spd->next_age++;
	list_add_tail_rcu(&pol->list, pos);
	spd->count++;
	atomic_inc(&pn->objects);

	ipsecdp_nl_notify_policy(pn, pol, IPSECDP_CMD_POLICY_ADD);
	return 0;
}

static void ipsecdp_policy_unlink(struct ipsecdp_net *pn,
				  struct ipsecdp_policy *pol)
{
	list_del_rcu(&pol->list);
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
	ipsecdp_nl_notify_policy(pn, pol, IPSECDP_CMD_POLICY_DEL);
	ipsecdp_policy_unlink(pn, pol);
	return 0;
}

void ipsecdp_policy_flush(struct ipsecdp_net *pn)
{
	struct ipsecdp_policy *pol, *tmp;
	bool any = false;
	int dir;

	lockdep_assert_held(&pn->cfg_lock);

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++) {
		list_for_each_entry_safe(pol, tmp, &pn->spd.by_dir[dir], list) {
			ipsecdp_policy_unlink(pn, pol);
			any = true;
		}
	}
	if (any)
		ipsecdp_nl_notify_flush(pn, IPSECDP_CMD_POLICY_FLUSH);
}

struct ipsecdp_policy *ipsecdp_spd_lookup(struct ipsecdp_net *pn, u8 dir,
					  const struct ipsecdp_flow *fl)
{
	struct ipsecdp_policy *pol;

	if (dir >= __IPSECDP_DIR_MAX)
		return NULL;
	list_for_each_entry_rcu(pol, &pn->spd.by_dir[dir], list)
		if (ipsecdp_sel_match(&pol->sel, fl))
			return pol;
	return NULL;
}
