// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the security association database of a namespace.
 *
 * Two fixed-size hash tables of RCU lists: (SPI, destination, protocol)
 * for inbound lookup and (source, destination, protocol) for outbound
 * lookup by template; plus a plain list in insertion order for dumps.
 * Changes are made under ipsecdp_net::cfg_lock. The tables own one
 * reference; the last put frees the SA after a grace period from
 * ipsecdp_wq, and only then drops ipsecdp_sad::live, which namespace
 * exit waits on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "sa/sa.h"

#define IPSECDP_SAD_HBITS	10

static u32 ipsecdp_sad_seed __read_mostly;

static bool ipsecdp_addr_eq(u16 family, const union ipsecdp_addr *a,
			    const union ipsecdp_addr *b)
{
	if (family == AF_INET)
		return a->a4 == b->a4;
	return ipv6_addr_equal(&a->in6, &b->in6);
}

static u32 ipsecdp_addr_hash(u16 family, const union ipsecdp_addr *a,
			     u32 initval)
{
	if (family == AF_INET)
		return jhash_1word((__force u32)a->a4, initval);
	return jhash2((__force const u32 *)a->a6, 4, initval);
}

static struct hlist_head *ipsecdp_spi_bucket(struct ipsecdp_sad *sad,
					     u16 family, __be32 spi,
					     const union ipsecdp_addr *daddr,
					     u8 proto)
{
	u32 h;

	h = jhash_3words((__force u32)spi, proto, family, ipsecdp_sad_seed);
	h = ipsecdp_addr_hash(family, daddr, h);
	return &sad->by_spi[hash_32(h, sad->hbits)];
}

static struct hlist_head *ipsecdp_addr_bucket(struct ipsecdp_sad *sad,
					      u16 family,
					      const union ipsecdp_addr *saddr,
					      const union ipsecdp_addr *daddr,
					      u8 proto)
{
	u32 h;

	h = jhash_2words(proto, family, ipsecdp_sad_seed);
	h = ipsecdp_addr_hash(family, saddr, h);
	h = ipsecdp_addr_hash(family, daddr, h);
	return &sad->by_addr[hash_32(h, sad->hbits)];
}

int ipsecdp_sad_init(struct ipsecdp_net *pn)
{
	struct ipsecdp_sad *sad = &pn->sad;
	unsigned int n = 1U << IPSECDP_SAD_HBITS;

	net_get_random_once(&ipsecdp_sad_seed, sizeof(ipsecdp_sad_seed));

	sad->hbits = IPSECDP_SAD_HBITS;
	sad->by_spi = kvcalloc(n, sizeof(*sad->by_spi), GFP_KERNEL);
	if (!sad->by_spi)
		return -ENOMEM;
	sad->by_addr = kvcalloc(n, sizeof(*sad->by_addr), GFP_KERNEL);
	if (!sad->by_addr) {
		kvfree(sad->by_spi);
		sad->by_spi = NULL;
		return -ENOMEM;
	}
	INIT_LIST_HEAD(&sad->all);
	sad->count = 0;
	atomic_set(&sad->live, 0);
	return 0;
}

static void ipsecdp_sa_free_work(struct work_struct *work)
{
	struct ipsecdp_sa *sa = container_of(to_rcu_work(work),
					     struct ipsecdp_sa, free_work);
	struct ipsecdp_net *pn = sa->pn;

	ipsecdp_crypto_destroy(&sa->crypto);
	ipsecdp_replay_destroy(&sa->replay);
	free_percpu(sa->stats);
	kfree_sensitive(sa);

	/* last: namespace exit may free @pn as soon as this reaches 0 */
	if (atomic_dec_and_test(&pn->sad.live))
		wake_up_var(&pn->sad.live);
}

void ipsecdp_sa_put(struct ipsecdp_sa *sa)
{
	if (refcount_dec_and_test(&sa->refcnt))
		queue_rcu_work(ipsecdp_wq, &sa->free_work);
}

/* Unlink from every table and drop the tables' reference. */
static void ipsecdp_sa_unlink(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			      bool notify)
{
	lockdep_assert_held(&pn->cfg_lock);

	hlist_del_rcu(&sa->by_spi);
	hlist_del_rcu(&sa->by_addr);
	list_del(&sa->list);
	WRITE_ONCE(sa->dead, true);
	ipsecdp_sa_lft_destroy(sa);
	pn->sad.count--;
	atomic_dec(&pn->objects);
	if (notify)
		ipsecdp_nl_notify_sa(sa, IPSECDP_CMD_SA_DEL);
	ipsecdp_sa_put(sa);
}

static void ipsecdp_sa_flush_notify(struct ipsecdp_net *pn, u8 proto,
				    bool notify)
{
	struct ipsecdp_sa *sa, *tmp;
	bool any = false;

	lockdep_assert_held(&pn->cfg_lock);

	list_for_each_entry_safe(sa, tmp, &pn->sad.all, list) {
		if (proto && sa->proto != proto)
			continue;
		ipsecdp_sa_unlink(pn, sa, false);
		any = true;
	}
	if (notify && any)
		ipsecdp_nl_notify_flush(pn, IPSECDP_CMD_SA_FLUSH);
}

void ipsecdp_sa_flush(struct ipsecdp_net *pn, u8 proto)
{
	ipsecdp_sa_flush_notify(pn, proto, true);
}

void ipsecdp_sad_exit(struct ipsecdp_net *pn)
{
	struct ipsecdp_sad *sad = &pn->sad;

	mutex_lock(&pn->cfg_lock);
	ipsecdp_sa_flush_notify(pn, 0, false);
	mutex_unlock(&pn->cfg_lock);

	/* packets in flight (asynchronous crypto) may still hold SAs */
	wait_var_event(&sad->live, !atomic_read(&sad->live));

	kvfree(sad->by_spi);
	kvfree(sad->by_addr);
	sad->by_spi = NULL;
	sad->by_addr = NULL;
}

/* Under cfg_lock or rcu_read_lock(). */
static struct ipsecdp_sa *ipsecdp_sa_find(struct ipsecdp_net *pn,
					  const struct ipsecdp_sa_id *id)
{
	struct hlist_head *head;
	struct ipsecdp_sa *sa;

	head = ipsecdp_spi_bucket(&pn->sad, id->family, id->spi, &id->daddr,
				  id->proto);
	hlist_for_each_entry_rcu(sa, head, by_spi,
				 lockdep_is_held(&pn->cfg_lock)) {
		if (sa->spi == id->spi && sa->proto == id->proto &&
		    sa->family == id->family &&
		    ipsecdp_addr_eq(id->family, &sa->daddr, &id->daddr))
			return sa;
	}
	return NULL;
}

struct ipsecdp_sa *ipsecdp_sa_lookup(struct ipsecdp_net *pn,
				     const struct ipsecdp_sa_id *id)
{
	struct ipsecdp_sa *sa = ipsecdp_sa_find(pn, id);

	return sa && !READ_ONCE(sa->dead) ? sa : NULL;
}

struct ipsecdp_sa *ipsecdp_sa_lookup_out(struct ipsecdp_net *pn, u16 family,
					 const union ipsecdp_addr *saddr,
					 const union ipsecdp_addr *daddr,
					 u8 proto, u8 mode, bool has_spi,
					 __be32 spi)
{
	struct hlist_head *head;
	struct ipsecdp_sa *sa;

	if (has_spi) {
		head = ipsecdp_spi_bucket(&pn->sad, family, spi, daddr, proto);
		hlist_for_each_entry_rcu(sa, head, by_spi) {
			if (sa->spi == spi && sa->proto == proto &&
			    sa->family == family && sa->mode == mode &&
			    !READ_ONCE(sa->dead) &&
			    ipsecdp_addr_eq(family, &sa->daddr, daddr))
				return sa;
		}
		return NULL;
	}

	head = ipsecdp_addr_bucket(&pn->sad, family, saddr, daddr, proto);
	hlist_for_each_entry_rcu(sa, head, by_addr) {
		if (sa->proto == proto && sa->family == family &&
		    sa->mode == mode && !READ_ONCE(sa->dead) &&
		    ipsecdp_addr_eq(family, &sa->daddr, daddr) &&
		    ipsecdp_addr_eq(family, &sa->saddr, saddr))
			return sa;
	}
	return NULL;
}

static struct ipsecdp_sa *ipsecdp_sa_create(struct ipsecdp_net *pn,
					    const struct ipsecdp_sa_cfg *cfg,
					    struct netlink_ext_ack *extack)
{
	bool esn = cfg->flags & IPSECDP_SA_F_ESN;
	struct ipsecdp_sa *sa;
	int err;

	sa = kzalloc(sizeof(*sa), GFP_KERNEL);
	if (!sa)
		return ERR_PTR(-ENOMEM);

	sa->stats = alloc_percpu(struct ipsecdp_sa_stats);
	if (!sa->stats) {
		err = -ENOMEM;
		goto err_sa;
	}

	err = ipsecdp_replay_init(&sa->replay, cfg->replay_window,
				  cfg->replay_seq, esn);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "cannot set up the replay window");
		goto err_stats;
	}

	err = ipsecdp_crypto_init(&sa->crypto, cfg, extack);
	if (err)
		goto err_replay;

	refcount_set(&sa->refcnt, 1);
	sa->pn = pn;
	INIT_RCU_WORK(&sa->free_work, ipsecdp_sa_free_work);
	sa->family = cfg->family;
	sa->proto = cfg->proto;
	sa->mode = cfg->mode;
	sa->spi = cfg->spi;
	sa->saddr = cfg->saddr;
	sa->daddr = cfg->daddr;
	sa->flags = cfg->flags;
	sa->lft = cfg->lft;
	sa->add_time = ktime_get_real_seconds();
	atomic64_set(&sa->oseq, cfg->replay_oseq);
	return sa;

err_replay:
	ipsecdp_replay_destroy(&sa->replay);
err_stats:
	free_percpu(sa->stats);
err_sa:
	kfree_sensitive(sa);
	return ERR_PTR(err);
}

int ipsecdp_sa_add(struct ipsecdp_net *pn, const struct ipsecdp_sa_cfg *cfg,
		   struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa_id id = {
		.daddr	= cfg->daddr,
		.spi	= cfg->spi,
		.family	= cfg->family,
		.proto	= cfg->proto,
	};
	struct ipsecdp_sa *sa;

	lockdep_assert_held(&pn->cfg_lock);

	if (ipsecdp_sa_find(pn, &id)) {
		NL_SET_ERR_MSG_MOD(extack, "SA already exists");
		return -EEXIST;
	}

	sa = ipsecdp_sa_prepare(pn, cfg, extack);
	if (IS_ERR(sa))
		return PTR_ERR(sa);
	ipsecdp_sa_insert(pn, sa);
	return 0;
}

struct ipsecdp_sa *ipsecdp_sa_prepare(struct ipsecdp_net *pn,
				      const struct ipsecdp_sa_cfg *cfg,
				      struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa *sa = ipsecdp_sa_create(pn, cfg, extack);

	if (!IS_ERR(sa))
		atomic_inc(&pn->sad.live);
	return sa;
}

void ipsecdp_sa_discard(struct ipsecdp_sa *sa)
{
	ipsecdp_sa_put(sa);
}

void ipsecdp_sa_remove(struct ipsecdp_net *pn, struct ipsecdp_sa *sa)
{
	ipsecdp_sa_unlink(pn, sa, true);
}

/* At the head of its chains: found before an SA it replaces (batch). */
void ipsecdp_sa_insert(struct ipsecdp_net *pn, struct ipsecdp_sa *sa)
{
	struct ipsecdp_sad *sad = &pn->sad;

	lockdep_assert_held(&pn->cfg_lock);

	/* before the datapath sees it: its work may run once cfg_lock drops */
	ipsecdp_sa_lft_init(sa);
	hlist_add_head_rcu(&sa->by_spi,
			   ipsecdp_spi_bucket(sad, sa->family, sa->spi,
					      &sa->daddr, sa->proto));
	hlist_add_head_rcu(&sa->by_addr,
			   ipsecdp_addr_bucket(sad, sa->family, &sa->saddr,
					       &sa->daddr, sa->proto));
	list_add_tail(&sa->list, &sad->all);
	sad->count++;
	atomic_inc(&pn->objects);

	ipsecdp_nl_notify_sa(sa, IPSECDP_CMD_SA_ADD);
}

int ipsecdp_sa_del(struct ipsecdp_net *pn, const struct ipsecdp_sa_id *id,
		   struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa *sa;

	lockdep_assert_held(&pn->cfg_lock);

	sa = ipsecdp_sa_find(pn, id);
	if (!sa) {
		NL_SET_ERR_MSG_MOD(extack, "no such SA");
		return -ENOENT;
	}
	ipsecdp_sa_unlink(pn, sa, true);
	return 0;
}

void ipsecdp_sa_remove_expired(struct ipsecdp_net *pn,
			       struct ipsecdp_sa *sa)
{
	lockdep_assert_held(&pn->cfg_lock);

	if (!sa->dead)
		ipsecdp_sa_unlink(pn, sa, true);
}

void ipsecdp_sa_stats_fold(const struct ipsecdp_sa *sa,
			   struct ipsecdp_sa_stats *out)
{
	int cpu;

	memset(out, 0, sizeof(*out));
	for_each_possible_cpu(cpu) {
		const struct ipsecdp_sa_stats *s = per_cpu_ptr(sa->stats, cpu);

		out->in_packets += READ_ONCE(s->in_packets);
		out->in_bytes += READ_ONCE(s->in_bytes);
		out->out_packets += READ_ONCE(s->out_packets);
		out->out_bytes += READ_ONCE(s->out_bytes);
		out->replay += READ_ONCE(s->replay);
		out->integrity += READ_ONCE(s->integrity);
	}
}
