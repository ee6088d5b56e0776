// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the security association database of a namespace.
 *
 * Two hash tables of RCU lists: (SPI, destination, protocol) for inbound
 * lookup and (source, destination, protocol) for outbound lookup by
 * template; plus a plain list in insertion order for dumps. The tables
 * start at 2^8 buckets and double (up to 2^20) whenever the SAs outnumber
 * the buckets: the new tables are built beside the old ones (an SA has
 * two chain nodes per table, generation g links node [g & 1]), published
 * with one pointer, and the old ones freed after a grace period, so a
 * lookup always sees one complete generation.
 * Changes are made under ipsecdp_net::cfg_lock. The tables own one
 * reference; the last put frees the SA after a grace period from
 * ipsecdp_wq, and only then drops ipsecdp_sad::live, which namespace
 * exit waits on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitmap.h>
#include <linux/cpumask.h>
#include <linux/hash.h>
#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/rculist.h>
#include <linux/slab.h>
#include <linux/timekeeping.h>
#include <linux/wait_bit.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "ah/ah.h"
#include "esp/esp.h"
#include "sa/sa.h"

#define IPSECDP_SAD_HBITS_MIN	8
#define IPSECDP_SAD_HBITS_MAX	20

/* One generation of the lookup tables. */
struct ipsecdp_sad_tab {
	unsigned int		hbits;
	unsigned int		gen;	/* SAs link by_spi/by_addr[gen & 1] */
	struct hlist_head	*by_spi;	/* (spi, daddr, proto) */
	struct hlist_head	*by_addr;	/* (saddr, daddr, proto) */
};

static u32 ipsecdp_sad_seed __read_mostly;
static atomic_t ipsecdp_sa_ids = ATOMIC_INIT(0);

static struct hlist_head *ipsecdp_spi_bucket(const struct ipsecdp_sad_tab *t,
					     u16 family, __be32 spi,
					     const union ipsecdp_addr *daddr,
					     u8 proto)
{
	u32 h;

	h = jhash_3words((__force u32)spi, proto, family, ipsecdp_sad_seed);
	h = ipsecdp_addr_jhash(family, daddr, h);
	return &t->by_spi[hash_32(h, t->hbits)];
}

static struct hlist_head *ipsecdp_addr_bucket(const struct ipsecdp_sad_tab *t,
					      u16 family,
					      const union ipsecdp_addr *saddr,
					      const union ipsecdp_addr *daddr,
					      u8 proto)
{
	u32 h;

	h = jhash_2words(proto, family, ipsecdp_sad_seed);
	h = ipsecdp_addr_jhash(family, saddr, h);
	h = ipsecdp_addr_jhash(family, daddr, h);
	return &t->by_addr[hash_32(h, t->hbits)];
}

/* The SA whose by_spi[@slot] / by_addr[@slot] is @n. */
static struct ipsecdp_sa *ipsecdp_spi_node_sa(struct hlist_node *n,
					      unsigned int slot)
{
	return container_of(n - slot, struct ipsecdp_sa, by_spi[0]);
}

static struct ipsecdp_sa *ipsecdp_addr_node_sa(struct hlist_node *n,
					       unsigned int slot)
{
	return container_of(n - slot, struct ipsecdp_sa, by_addr[0]);
}

/* Under cfg_lock or rcu_read_lock(). */
static struct ipsecdp_sad_tab *ipsecdp_sad_tab(struct ipsecdp_net *pn)
{
	return rcu_dereference_check(pn->sad.tab,
				     lockdep_is_held(&pn->cfg_lock));
}

static void ipsecdp_sad_tab_free(struct ipsecdp_sad_tab *t)
{
	if (!t)
		return;
	kvfree(t->by_spi);
	kvfree(t->by_addr);
	kfree(t);
}

static struct ipsecdp_sad_tab *ipsecdp_sad_tab_alloc(unsigned int hbits,
						     unsigned int gen)
{
	struct ipsecdp_sad_tab *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return NULL;
	t->hbits = hbits;
	t->gen = gen;
	t->by_spi = kvcalloc(1U << hbits, sizeof(*t->by_spi), GFP_KERNEL);
	t->by_addr = kvcalloc(1U << hbits, sizeof(*t->by_addr), GFP_KERNEL);
	if (!t->by_spi || !t->by_addr) {
		ipsecdp_sad_tab_free(t);
		return NULL;
	}
	return t;
}

static void ipsecdp_sad_link(struct ipsecdp_sad_tab *t, struct ipsecdp_sa *sa)
{
	unsigned int slot = t->gen & 1;

	hlist_add_head_rcu(&sa->by_spi[slot],
			   ipsecdp_spi_bucket(t, sa->family, sa->spi,
					      &sa->daddr, sa->proto));
	hlist_add_head_rcu(&sa->by_addr[slot],
			   ipsecdp_addr_bucket(t, sa->family, &sa->saddr,
					       &sa->daddr, sa->proto));
}

/*
 * Twice the buckets once the SAs outnumber them. Sleeps (a grace period
 * before the old generation's nodes may be reused); on failure to
 * allocate, the old tables simply stay.
 */
static void ipsecdp_sad_grow(struct ipsecdp_net *pn)
{
	struct ipsecdp_sad *sad = &pn->sad;
	struct ipsecdp_sad_tab *old = ipsecdp_sad_tab(pn), *t;
	struct ipsecdp_sa *sa;

	lockdep_assert_held(&pn->cfg_lock);

	if (sad->count <= (1U << old->hbits) ||
	    old->hbits >= IPSECDP_SAD_HBITS_MAX)
		return;
	t = ipsecdp_sad_tab_alloc(old->hbits + 1, old->gen + 1);
	if (!t)
		return;
	/* oldest first: each chain keeps the newest SA at its head */
	list_for_each_entry(sa, &sad->all, list)
		ipsecdp_sad_link(t, sa);
	rcu_assign_pointer(sad->tab, t);
	synchronize_rcu();
	ipsecdp_sad_tab_free(old);
}

int ipsecdp_sad_init(struct ipsecdp_net *pn)
{
	struct ipsecdp_sad *sad = &pn->sad;
	struct ipsecdp_sad_tab *t;

	net_get_random_once(&ipsecdp_sad_seed, sizeof(ipsecdp_sad_seed));

	t = ipsecdp_sad_tab_alloc(IPSECDP_SAD_HBITS_MIN, 0);
	if (!t)
		return -ENOMEM;
	RCU_INIT_POINTER(sad->tab, t);
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

	percpu_ref_exit(&sa->ref);
	ipsecdp_crypto_destroy(&sa->crypto);
	ipsecdp_replay_destroy(&sa->replay);
	dst_cache_destroy(&sa->dst_cache);
	free_percpu(sa->stats);
	kfree_sensitive(sa);

	/* last: namespace exit may free @pn as soon as this reaches 0 */
	if (atomic_dec_and_test(&pn->sad.live))
		wake_up_var(&pn->sad.live);
}

/* Unlinked and the last reference gone: free once no reader can see it. */
static void ipsecdp_sa_release(struct percpu_ref *ref)
{
	struct ipsecdp_sa *sa = container_of(ref, struct ipsecdp_sa, ref);

	queue_rcu_work(ipsecdp_wq, &sa->free_work);
}

/* Unlink from every table and drop the tables' reference. */
static void ipsecdp_sa_unlink(struct ipsecdp_net *pn, struct ipsecdp_sa *sa,
			      bool notify)
{
	unsigned int slot;

	lockdep_assert_held(&pn->cfg_lock);

	slot = ipsecdp_sad_tab(pn)->gen & 1;
	hlist_del_rcu(&sa->by_spi[slot]);
	hlist_del_rcu(&sa->by_addr[slot]);
	ipsecdp_encap_unlink(pn, sa);
	list_del(&sa->list);
	WRITE_ONCE(sa->dead, true);
	ipsecdp_sa_lft_destroy(sa);
	pn->sad.count--;
	WRITE_ONCE(pn->sad.deleted, pn->sad.deleted + 1);
	atomic_dec(&pn->objects);
	if (notify)
		ipsecdp_notify_sa(sa, IPSECDP_CMD_SA_DEL);
	percpu_ref_kill(&sa->ref);
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
		ipsecdp_notify_flush(pn, IPSECDP_CMD_SA_FLUSH);
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

	ipsecdp_sad_tab_free(rcu_dereference_protected(sad->tab, 1));
	RCU_INIT_POINTER(sad->tab, NULL);
}

/* Under cfg_lock or rcu_read_lock(). */
static struct ipsecdp_sa *ipsecdp_sa_find(struct ipsecdp_net *pn,
					  const struct ipsecdp_sa_id *id)
{
	const struct ipsecdp_sad_tab *t = ipsecdp_sad_tab(pn);
	unsigned int slot = t->gen & 1;
	struct hlist_node *n;
	struct ipsecdp_sa *sa;

	n = rcu_dereference_check(hlist_first_rcu(ipsecdp_spi_bucket(t, id->family, id->spi,
								     &id->daddr, id->proto)),
				  lockdep_is_held(&pn->cfg_lock));
	for (; n; n = rcu_dereference_check(hlist_next_rcu(n),
					    lockdep_is_held(&pn->cfg_lock))) {
		sa = ipsecdp_spi_node_sa(n, slot);
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
	const struct ipsecdp_sad_tab *t = ipsecdp_sad_tab(pn);
	struct ipsecdp_sa *sa, *any = NULL;
	unsigned int slot = t->gen & 1;
	struct hlist_node *n;
	u32 cpu;

	if (has_spi) {
		n = rcu_dereference(hlist_first_rcu(ipsecdp_spi_bucket(t, family, spi,
								       daddr, proto)));
		for (; n; n = rcu_dereference(hlist_next_rcu(n))) {
			sa = ipsecdp_spi_node_sa(n, slot);
			if (sa->spi == spi && sa->proto == proto &&
			    sa->family == family && sa->mode == mode &&
			    !READ_ONCE(sa->dead) &&
			    ipsecdp_addr_eq(family, &sa->daddr, daddr))
				return sa;
		}
		return NULL;
	}

	/* this CPU's SA (RFC 9611), else the first for every CPU */
	cpu = raw_smp_processor_id();
	n = rcu_dereference(hlist_first_rcu(ipsecdp_addr_bucket(t, family, saddr,
								daddr, proto)));
	for (; n; n = rcu_dereference(hlist_next_rcu(n))) {
		sa = ipsecdp_addr_node_sa(n, slot);
		if (sa->proto != proto || sa->family != family ||
		    sa->mode != mode || READ_ONCE(sa->dead) ||
		    !ipsecdp_addr_eq(family, &sa->daddr, daddr) ||
		    !ipsecdp_addr_eq(family, &sa->saddr, saddr))
			continue;
		if (sa->pcpu_num == cpu)
			return sa;
		if (sa->pcpu_num == IPSECDP_PCPU_NONE && !any)
			any = sa;
	}
	return any;
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
	if (cfg->mode == IPSECDP_MODE_TUNNEL &&
	    dst_cache_init(&sa->dst_cache, GFP_KERNEL)) {
		err = -ENOMEM;
		goto err_stats;
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

	err = percpu_ref_init(&sa->ref, ipsecdp_sa_release, 0, GFP_KERNEL);
	if (err)
		goto err_crypto;
	sa->pn = pn;
	INIT_RCU_WORK(&sa->free_work, ipsecdp_sa_free_work);
	sa->family = cfg->family;
	/* above the stack's own users (enum ip_defrag_users, ip6_...) */
	sa->defrag_user = BIT(31) |
			  (atomic_inc_return(&ipsecdp_sa_ids) & (BIT(31) - 1));
	sa->proto = cfg->proto;
	sa->mode = cfg->mode;
	sa->spi = cfg->spi;
	sa->saddr = cfg->saddr;
	sa->daddr = cfg->daddr;
	sa->flags = cfg->flags;
	sa->reqid = cfg->reqid;
	sa->pcpu_num = cfg->has_pcpu ? cfg->pcpu_num : IPSECDP_PCPU_NONE;
	sa->xfrm_dir = cfg->xfrm_dir;
	sa->txhash = get_random_u32() ?: 1;	/* 0 is "no hash" */
	sa->lft = cfg->lft;
	sa->encap = cfg->encap;
	sa->add_time = ktime_get_real_seconds();
	atomic64_set(&sa->oseq, cfg->replay_oseq);
	return sa;

err_crypto:
	ipsecdp_crypto_destroy(&sa->crypto);
err_replay:
	ipsecdp_replay_destroy(&sa->replay);
err_stats:
	dst_cache_destroy(&sa->dst_cache);
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
	percpu_ref_kill(&sa->ref);	/* never linked: the first reference */
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
	ipsecdp_sad_link(ipsecdp_sad_tab(pn), sa);
	ipsecdp_encap_link(pn, sa);
	list_add_tail(&sa->list, &sad->all);
	sad->count++;
	atomic_inc(&pn->objects);
	ipsecdp_sad_grow(pn);

	ipsecdp_notify_sa(sa, IPSECDP_CMD_SA_ADD);
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

/* Put @sa in @old's place in every table, then unlink @old. */
static void ipsecdp_sa_replace(struct ipsecdp_net *pn, struct ipsecdp_sa *old,
			       struct ipsecdp_sa *sa)
{
	struct ipsecdp_sad_tab *t = ipsecdp_sad_tab(pn);
	struct ipsecdp_sad *sad = &pn->sad;
	unsigned int slot = t->gen & 1;

	lockdep_assert_held(&pn->cfg_lock);

	ipsecdp_sa_lft_inherit(sa, old);
	/*
	 * In front of @old in the current generation: lookups find @sa from
	 * now on, or still @old. @sa takes @old's place in the dump list,
	 * which is where a grown table puts it too; with another source
	 * address it is the newest SA of its address pair instead, at the
	 * head of that chain and at the end of the list.
	 */
	hlist_add_before_rcu(&sa->by_spi[slot], &old->by_spi[slot]);
	if (ipsecdp_addr_eq(sa->family, &sa->saddr, &old->saddr)) {
		hlist_add_before_rcu(&sa->by_addr[slot], &old->by_addr[slot]);
		list_add(&sa->list, &old->list);
	} else {
		hlist_add_head_rcu(&sa->by_addr[slot],
				   ipsecdp_addr_bucket(t, sa->family,
						       &sa->saddr, &sa->daddr,
						       sa->proto));
		list_add_tail(&sa->list, &sad->all);
	}
	ipsecdp_encap_link(pn, sa);
	sad->count++;
	atomic_inc(&pn->objects);

	ipsecdp_sa_unlink(pn, old, false);
	ipsecdp_notify_sa(sa, IPSECDP_CMD_SA_UPDATE);
}

int ipsecdp_sa_update(struct ipsecdp_net *pn, struct ipsecdp_sa_cfg *cfg,
		      bool set_seq, bool set_oseq,
		      struct netlink_ext_ack *extack)
{
	struct ipsecdp_sa_id id = {
		.daddr	= cfg->daddr,
		.spi	= cfg->spi,
		.family	= cfg->family,
		.proto	= cfg->proto,
	};
	u64 last = ipsecdp_sa_last_seq(cfg->flags);
	struct ipsecdp_sa_stats st, *to;
	struct ipsecdp_sa *old, *sa;
	u64 oseq;

	lockdep_assert_held(&pn->cfg_lock);

	old = ipsecdp_sa_find(pn, &id);
	if (!old) {
		NL_SET_ERR_MSG_MOD(extack, "no such SA to update");
		return -ENOENT;
	}
	if (!set_seq)
		cfg->replay_seq = ipsecdp_replay_top(&old->replay);
	oseq = set_oseq ? cfg->replay_oseq : atomic64_read(&old->oseq);
	if (cfg->replay_seq > last || oseq > last) {
		NL_SET_ERR_MSG_MOD(extack,
				   "the SA's sequence numbers are above 2^32: the update needs ESN");
		return -EINVAL;
	}

	sa = ipsecdp_sa_prepare(pn, cfg, extack);
	if (IS_ERR(sa))
		return PTR_ERR(sa);
	/* counter-mode nonces are the sequence number: never go back */
	if (set_oseq && oseq < (u64)atomic64_read(&old->oseq) &&
	    ipsecdp_crypto_same_keys(&old->crypto, &sa->crypto)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "output sequence number below the SA's with the same key: sequence numbers and IVs would repeat");
		ipsecdp_sa_discard(sa);
		return -EINVAL;
	}

	/*
	 * The window restarts at the old top with every packet in it seen:
	 * nothing that reached the old SA can be replayed to the new one
	 * (a packet reordered across the update may be dropped).
	 */
	if (!set_seq && cfg->replay_seq && sa->replay.bitmap)
		bitmap_fill(sa->replay.bitmap, sa->replay.nbits);

	ipsecdp_sa_stats_fold(old, &st);
	/* @sa is not visible yet: any CPU's slot will do */
	to = per_cpu_ptr(sa->stats, cpumask_first(cpu_possible_mask));
	*to = st;
	sa->add_time = old->add_time;

	if (!set_oseq) {
		/*
		 * Take the old SA's counter and leave it exhausted: a packet
		 * still on its way through the old SA is dropped rather than
		 * sent with a number the new SA will use again.
		 */
		oseq = atomic64_xchg(&old->oseq,
				     ipsecdp_sa_last_seq(old->flags));
		atomic64_set(&sa->oseq, min(oseq, last));
	}
	ipsecdp_sa_replace(pn, old, sa);
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

int ipsecdp_sa_cfg_pcpu(struct ipsecdp_sa_cfg *cfg, const struct nlattr *attr,
			struct netlink_ext_ack *extack)
{
	u32 cpu;

	if (!attr)
		return 0;
	cpu = nla_get_u32(attr);
	if (cpu >= nr_cpu_ids || !cpu_possible(cpu)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "pcpu-num: no such CPU");
		return -EINVAL;
	}
	cfg->has_pcpu = true;
	cfg->pcpu_num = cpu;
	return 0;
}

unsigned int ipsecdp_sa_overhead(const struct ipsecdp_sa *sa)
{
	if (sa->proto == IPPROTO_AH)
		return ipsecdp_ah_overhead(sa);
	return ipsecdp_esp_overhead(sa);
}

unsigned int ipsecdp_sa_headroom(const struct ipsecdp_sa *sa)
{
	if (sa->proto == IPPROTO_AH)
		return ipsecdp_ah_overhead(sa);	/* all of it: a header */
	return ipsecdp_esp_headroom(sa);
}
