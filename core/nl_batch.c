// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: atomic configuration batches.
 *
 * IPSECDP_CMD_BATCH_BEGIN opens a batch for the sending socket (network
 * namespace and netlink port id). SA and policy add / del / flush
 * requests carrying IPSECDP_A_BATCH are then parsed and checked as usual
 * (SAs get their transforms, policies their memory) but only staged.
 * IPSECDP_CMD_BATCH_COMMIT applies every staged entry or none:
 *
 *  1. under cfg_lock, the entries are replayed in order against the
 *     current configuration, without changing what readers see: live
 *     objects to delete are marked doomed, staged adds are kept in a
 *     temporary hash, so duplicates and deletions of missing objects
 *     are found and reported with the entry's index. A failure clears
 *     the marks: nothing changed;
 *  2. the new policy table (every live policy not doomed, then the
 *     staged ones) is built beside the current one; no memory: as 1;
 *  3. the new SAs are inserted (ahead of any SA they replace), the
 *     policy table is swapped in with one pointer store, then the
 *     doomed SAs are removed. Outbound packets find SAs through
 *     policies, so they see either the old or the new configuration.
 *
 * A request that fails while a batch is open poisons it (the entry
 * numbering would no longer match the sender's). A batch is dropped
 * on BATCH_ABORT, when its socket closes (NETLINK_URELEASE), and after
 * IPSECDP_BATCH_IDLE without requests. Every step is linear in the
 * number of entries and objects.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/hash.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/nl_priv.h"
#include "sa/sa.h"
#include "spd/spd.h"

#define IPSECDP_BATCH_MAX	BIT(21)		/* entries per batch */
#define IPSECDP_BATCH_IDLE	(120 * HZ)

struct ipsecdp_batch_ent {
	u8	cmd;		/* IPSECDP_CMD_{SA,POLICY}_{ADD,DEL,FLUSH} */
	u8	dir;		/* POLICY_DEL */
	u8	proto;		/* SA_FLUSH: 0 = all */
	union {
		struct ipsecdp_sa	*sa;	/* SA_ADD */
		struct ipsecdp_policy	*pol;	/* POLICY_ADD */
		struct ipsecdp_sa_id	id;	/* SA_DEL */
		struct ipsecdp_sel	sel;	/* POLICY_DEL */
	};
};

struct ipsecdp_batch {
	struct list_head	list;		/* ipsecdp_batches */
	const struct net	*net;		/* identity only */
	u32			portid;
	unsigned int		n;
	bool			poisoned;
	unsigned long		last_use;	/* jiffies */
	unsigned int		cap;
	struct ipsecdp_batch_ent *ent;		/* [n], in staging order */
};

/* Batches of every namespace; the lock also serialises commits. */
static LIST_HEAD(ipsecdp_batches);
static DEFINE_MUTEX(ipsecdp_batch_lock);
static void ipsecdp_batch_reap(struct work_struct *work);
static DECLARE_DELAYED_WORK(ipsecdp_batch_reaper, ipsecdp_batch_reap);

static void ipsecdp_batch_ent_free(struct ipsecdp_batch_ent *e)
{
	if (e->cmd == IPSECDP_CMD_SA_ADD && e->sa)
		ipsecdp_sa_discard(e->sa);
	else if (e->cmd == IPSECDP_CMD_POLICY_ADD && e->pol)
		ipsecdp_policy_free(e->pol);
	e->sa = NULL;
	e->pol = NULL;
}

/* Under ipsecdp_batch_lock; @b is off the list. */
static void ipsecdp_batch_free(struct ipsecdp_batch *b)
{
	unsigned int i;

	for (i = 0; i < b->n; i++)
		ipsecdp_batch_ent_free(&b->ent[i]);
	kvfree(b->ent);
	kfree(b);
}

static struct ipsecdp_batch *ipsecdp_batch_find(const struct net *net,
						u32 portid)
{
	struct ipsecdp_batch *b;

	lockdep_assert_held(&ipsecdp_batch_lock);
	list_for_each_entry(b, &ipsecdp_batches, list)
		if (b->net == net && b->portid == portid)
			return b;
	return NULL;
}

static void ipsecdp_batch_drop(struct ipsecdp_batch *b)
{
	list_del(&b->list);
	ipsecdp_batch_free(b);
}

static void ipsecdp_batch_reap(struct work_struct *work)
{
	struct ipsecdp_batch *b, *tmp;

	mutex_lock(&ipsecdp_batch_lock);
	list_for_each_entry_safe(b, tmp, &ipsecdp_batches, list) {
		if (time_after(jiffies, b->last_use + IPSECDP_BATCH_IDLE)) {
			pr_info("batch of port %u idle: aborted\n", b->portid);
			ipsecdp_batch_drop(b);
		}
	}
	if (!list_empty(&ipsecdp_batches))
		schedule_delayed_work(&ipsecdp_batch_reaper,
				      IPSECDP_BATCH_IDLE / 4);
	mutex_unlock(&ipsecdp_batch_lock);
}

static int ipsecdp_batch_notify(struct notifier_block *nb,
				unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct ipsecdp_batch *b;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	/* blocking chain: process context */
	mutex_lock(&ipsecdp_batch_lock);
	b = ipsecdp_batch_find(n->net, n->portid);
	if (b)
		ipsecdp_batch_drop(b);
	mutex_unlock(&ipsecdp_batch_lock);
	return NOTIFY_DONE;
}

static struct notifier_block ipsecdp_batch_nb = {
	.notifier_call = ipsecdp_batch_notify,
};

int ipsecdp_batch_init(void)
{
	return netlink_register_notifier(&ipsecdp_batch_nb);
}

/* After the genl family is gone: no new requests. */
void ipsecdp_batch_exit(void)
{
	struct ipsecdp_batch *b, *tmp;

	netlink_unregister_notifier(&ipsecdp_batch_nb);
	cancel_delayed_work_sync(&ipsecdp_batch_reaper);
	mutex_lock(&ipsecdp_batch_lock);
	list_for_each_entry_safe(b, tmp, &ipsecdp_batches, list)
		ipsecdp_batch_drop(b);
	mutex_unlock(&ipsecdp_batch_lock);
}

/* ---- staging ---- */

/* The open batch of the requester, or NULL (extack set). */
static struct ipsecdp_batch *ipsecdp_batch_get(struct genl_info *info)
{
	struct ipsecdp_batch *b;

	b = ipsecdp_batch_find(genl_info_net(info), info->snd_portid);
	if (!b) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "no batch open on this socket (BATCH_BEGIN first)");
		return NULL;
	}
	b->last_use = jiffies;
	return b;
}

/* A new entry at the end of @b, or NULL (extack set). */
static struct ipsecdp_batch_ent *ipsecdp_batch_append(struct ipsecdp_batch *b,
						      u8 cmd,
						      struct netlink_ext_ack *extack)
{
	struct ipsecdp_batch_ent *e;

	if (b->poisoned) {
		NL_SET_ERR_MSG_MOD(extack, "batch already failed: abort it");
		return NULL;
	}
	if (b->n >= IPSECDP_BATCH_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "batch too large");
		return NULL;
	}
	if (b->n == b->cap) {
		unsigned int cap = b->cap ? 2 * b->cap : 256;

		/* doubling: linear in the batch size overall */
		e = kvmalloc_array(cap, sizeof(*e), GFP_KERNEL);
		if (!e)
			return NULL;
		if (b->n)
			memcpy(e, b->ent, b->n * sizeof(*e));
		kvfree(b->ent);
		b->ent = e;
		b->cap = cap;
	}
	e = &b->ent[b->n++];
	memset(e, 0, sizeof(*e));
	e->cmd = cmd;
	return e;
}

void ipsecdp_batch_poison(struct genl_info *info)
{
	struct ipsecdp_batch *b;

	mutex_lock(&ipsecdp_batch_lock);
	b = ipsecdp_batch_find(genl_info_net(info), info->snd_portid);
	if (b)
		b->poisoned = true;
	mutex_unlock(&ipsecdp_batch_lock);
}

/* Stage an entry of @cmd; @fill sets its object, consumed on success. */
static int ipsecdp_batch_stage(struct genl_info *info, u8 cmd,
			       struct ipsecdp_batch_ent *tmpl)
{
	struct ipsecdp_batch_ent *e;
	struct ipsecdp_batch *b;
	int err = 0;

	mutex_lock(&ipsecdp_batch_lock);
	b = ipsecdp_batch_get(info);
	if (!b) {
		err = -ENOENT;
		goto out;
	}
	e = ipsecdp_batch_append(b, cmd, info->extack);
	if (!e) {
		err = b->poisoned ? -EINVAL : -ENOMEM;
		goto out;
	}
	*e = *tmpl;
	e->cmd = cmd;
out:
	mutex_unlock(&ipsecdp_batch_lock);
	return err;
}

int ipsecdp_batch_sa_add(struct genl_info *info,
			 const struct ipsecdp_sa_cfg *cfg)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct ipsecdp_batch_ent e = {};
	int err;

	e.sa = ipsecdp_sa_prepare(pn, cfg, info->extack);
	if (IS_ERR(e.sa))
		return PTR_ERR(e.sa);
	err = ipsecdp_batch_stage(info, IPSECDP_CMD_SA_ADD, &e);
	if (err)
		ipsecdp_sa_discard(e.sa);
	return err;
}

int ipsecdp_batch_sa_del(struct genl_info *info,
			 const struct ipsecdp_sa_id *id)
{
	struct ipsecdp_batch_ent e = { .id = *id };

	return ipsecdp_batch_stage(info, IPSECDP_CMD_SA_DEL, &e);
}

int ipsecdp_batch_sa_flush(struct genl_info *info, u8 proto)
{
	struct ipsecdp_batch_ent e = { .proto = proto };

	return ipsecdp_batch_stage(info, IPSECDP_CMD_SA_FLUSH, &e);
}

int ipsecdp_batch_policy_add(struct genl_info *info,
			     struct ipsecdp_policy *pol)
{
	struct ipsecdp_batch_ent e = { .pol = pol };

	return ipsecdp_batch_stage(info, IPSECDP_CMD_POLICY_ADD, &e);
}

int ipsecdp_batch_policy_del(struct genl_info *info, u8 dir,
			     const struct ipsecdp_sel *sel)
{
	struct ipsecdp_batch_ent e = { .dir = dir, .sel = *sel };

	return ipsecdp_batch_stage(info, IPSECDP_CMD_POLICY_DEL, &e);
}

int ipsecdp_batch_policy_flush(struct genl_info *info)
{
	struct ipsecdp_batch_ent e = {};

	return ipsecdp_batch_stage(info, IPSECDP_CMD_POLICY_FLUSH, &e);
}

/* ---- commit ---- */

/* Staged adds during validation, by identity. */
struct ipsecdp_batch_idx {
	struct hlist_head	*h;
	unsigned int		bits;
};

static int ipsecdp_idx_init(struct ipsecdp_batch_idx *x, unsigned int n)
{
	x->bits = n > 1 ? order_base_2(n) : 1;
	x->bits = min(x->bits, 20U);
	x->h = kvcalloc(1U << x->bits, sizeof(*x->h), GFP_KERNEL);
	return x->h ? 0 : -ENOMEM;
}

static struct hlist_head *ipsecdp_idx_sa(struct ipsecdp_batch_idx *x,
					 const struct ipsecdp_sa_id *id)
{
	u32 h = jhash_3words((__force u32)id->spi, id->proto, id->family, 0);

	return &x->h[hash_32(ipsecdp_addr_jhash(id->family, &id->daddr, h),
			     x->bits)];
}

static struct hlist_head *ipsecdp_idx_pol(struct ipsecdp_batch_idx *x, u8 dir,
					  const struct ipsecdp_sel *sel)
{
	u32 h = jhash_3words(dir, sel->proto, sel->splen << 8 | sel->dplen,
			     sel->family);

	h = ipsecdp_addr_jhash(sel->family, &sel->saddr, h);
	h = ipsecdp_addr_jhash(sel->family, &sel->daddr, h);
	return &x->h[hash_32(h, x->bits)];
}

static bool ipsecdp_sa_is(const struct ipsecdp_sa *sa,
			  const struct ipsecdp_sa_id *id)
{
	return sa->spi == id->spi && sa->proto == id->proto &&
	       sa->family == id->family &&
	       ipsecdp_addr_eq(id->family, &sa->daddr, &id->daddr);
}

static void ipsecdp_sa_id_of(const struct ipsecdp_sa *sa,
			     struct ipsecdp_sa_id *id)
{
	memset(id, 0, sizeof(*id));
	id->daddr = sa->daddr;
	id->spi = sa->spi;
	id->family = sa->family;
	id->proto = sa->proto;
}

/* The staged, not cancelled, SA add with identity @id. */
static struct ipsecdp_sa *ipsecdp_idx_find_sa(struct ipsecdp_batch_idx *x,
					      const struct ipsecdp_sa_id *id)
{
	struct ipsecdp_sa *sa;

	hlist_for_each_entry(sa, ipsecdp_idx_sa(x, id), by_spi[0])
		if (ipsecdp_sa_is(sa, id))
			return sa;
	return NULL;
}

static struct ipsecdp_policy *
ipsecdp_idx_find_pol(struct ipsecdp_batch_idx *x, u8 dir,
		     const struct ipsecdp_sel *sel)
{
	struct ipsecdp_policy *pol;

	hlist_for_each_entry(pol, ipsecdp_idx_pol(x, dir, sel), node[0])
		if (pol->dir == dir && ipsecdp_sel_equal(&pol->sel, sel))
			return pol;
	return NULL;
}

/* Clear every doomed mark: the configuration is as before. */
static void ipsecdp_batch_unmark(struct ipsecdp_net *pn)
{
	struct ipsecdp_policy *pol;
	struct ipsecdp_sa *sa;
	int dir;

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		list_for_each_entry(pol, &pn->spd.by_dir[dir], list)
			pol->doomed = false;
	list_for_each_entry(sa, &pn->sad.all, list)
		sa->doomed = false;
}

struct ipsecdp_batch_err {
	unsigned int	index;
	const char	*msg;
};

/* Step 1's state: the staged adds so far, by identity. */
struct ipsecdp_batch_chk {
	struct ipsecdp_net		*pn;
	struct ipsecdp_batch_idx	sas;
	struct ipsecdp_batch_idx	pols;
	const char			*msg;	/* why an entry failed */
};

static int ipsecdp_chk_sa_flush(struct ipsecdp_batch_chk *c,
				struct ipsecdp_batch_ent *e)
{
	struct hlist_node *tmp;
	struct ipsecdp_sa *sa;
	unsigned int h;

	list_for_each_entry(sa, &c->pn->sad.all, list)
		if (!e->proto || sa->proto == e->proto)
			sa->doomed = true;
	for (h = 0; h < (1U << c->sas.bits); h++) {
		hlist_for_each_entry_safe(sa, tmp, &c->sas.h[h], by_spi[0]) {
			if (e->proto && sa->proto != e->proto)
				continue;
			hlist_del(&sa->by_spi[0]);
			sa->doomed = true;
		}
	}
	return 0;
}

static int ipsecdp_chk_pol_flush(struct ipsecdp_batch_chk *c,
				 struct ipsecdp_batch_ent *e)
{
	struct ipsecdp_policy *pol;
	struct hlist_node *tmp;
	unsigned int h;
	int dir;

	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		list_for_each_entry(pol, &c->pn->spd.by_dir[dir], list)
			pol->doomed = true;
	for (h = 0; h < (1U << c->pols.bits); h++) {
		hlist_for_each_entry_safe(pol, tmp, &c->pols.h[h], node[0]) {
			hlist_del(&pol->node[0]);
			pol->doomed = true;
		}
	}
	return 0;
}

static int ipsecdp_chk_sa_add(struct ipsecdp_batch_chk *c,
			      struct ipsecdp_batch_ent *e)
{
	struct ipsecdp_sa_id id;
	struct ipsecdp_sa *sa;

	ipsecdp_sa_id_of(e->sa, &id);
	sa = ipsecdp_sa_lookup(c->pn, &id);
	if (ipsecdp_idx_find_sa(&c->sas, &id) || (sa && !sa->doomed)) {
		c->msg = "SA already exists";
		return -EEXIST;
	}
	hlist_add_head(&e->sa->by_spi[0], ipsecdp_idx_sa(&c->sas, &id));
	return 0;
}

static int ipsecdp_chk_sa_del(struct ipsecdp_batch_chk *c,
			      struct ipsecdp_batch_ent *e)
{
	struct ipsecdp_sa *sa = ipsecdp_idx_find_sa(&c->sas, &e->id);

	if (sa)		/* a staged add (never doomed there): cancelled */
		hlist_del(&sa->by_spi[0]);
	else
		sa = ipsecdp_sa_lookup(c->pn, &e->id);
	if (!sa || sa->doomed) {
		c->msg = "no such SA";
		return -ENOENT;
	}
	sa->doomed = true;
	return 0;
}

static int ipsecdp_chk_pol_add(struct ipsecdp_batch_chk *c,
			       struct ipsecdp_batch_ent *e)
{
	struct ipsecdp_policy *pol;
	u8 dir = e->pol->dir;

	pol = ipsecdp_policy_find(c->pn, dir, &e->pol->sel);
	if (ipsecdp_idx_find_pol(&c->pols, dir, &e->pol->sel) ||
	    (pol && !pol->doomed)) {
		c->msg = "policy already exists";
		return -EEXIST;
	}
	hlist_add_head(&e->pol->node[0],
		       ipsecdp_idx_pol(&c->pols, dir, &e->pol->sel));
	return 0;
}

static int ipsecdp_chk_pol_del(struct ipsecdp_batch_chk *c,
			       struct ipsecdp_batch_ent *e)
{
	struct ipsecdp_policy *pol = ipsecdp_idx_find_pol(&c->pols, e->dir,
							  &e->sel);

	if (pol)	/* a staged add (never doomed there): cancelled */
		hlist_del(&pol->node[0]);
	else
		pol = ipsecdp_policy_find(c->pn, e->dir, &e->sel);
	if (!pol || pol->doomed) {
		c->msg = "no such policy";
		return -ENOENT;
	}
	pol->doomed = true;
	return 0;
}

static int ipsecdp_chk_ent(struct ipsecdp_batch_chk *c,
			   struct ipsecdp_batch_ent *e)
{
	switch (e->cmd) {
	case IPSECDP_CMD_SA_ADD:
		return ipsecdp_chk_sa_add(c, e);
	case IPSECDP_CMD_SA_DEL:
		return ipsecdp_chk_sa_del(c, e);
	case IPSECDP_CMD_SA_FLUSH:
		return ipsecdp_chk_sa_flush(c, e);
	case IPSECDP_CMD_POLICY_ADD:
		return ipsecdp_chk_pol_add(c, e);
	case IPSECDP_CMD_POLICY_DEL:
		return ipsecdp_chk_pol_del(c, e);
	case IPSECDP_CMD_POLICY_FLUSH:
		return ipsecdp_chk_pol_flush(c, e);
	}
	return 0;
}

/*
 * Step 1: replay the entries against the configuration. On error
 * @err->index is the failing entry.
 */
static int ipsecdp_batch_check(struct ipsecdp_net *pn,
			       struct ipsecdp_batch *b,
			       struct ipsecdp_batch_err *err)
{
	struct ipsecdp_batch_chk c = { .pn = pn };
	unsigned int i;
	int ret = 0;

	/* not any entry's fault */
	err->index = b->n;
	err->msg = "out of memory";
	if (ipsecdp_idx_init(&c.sas, b->n))
		return -ENOMEM;
	if (ipsecdp_idx_init(&c.pols, b->n)) {
		kvfree(c.sas.h);
		return -ENOMEM;
	}
	for (i = 0; i < b->n && !ret; i++) {
		ret = ipsecdp_chk_ent(&c, &b->ent[i]);
		if (ret) {
			err->index = i;
			err->msg = c.msg;
		}
	}
	kvfree(c.sas.h);
	kvfree(c.pols.h);
	return ret;
}

/* Is @e an add still to apply (not cancelled by a later entry)? */
static bool ipsecdp_batch_ent_adds(const struct ipsecdp_batch_ent *e, u8 cmd)
{
	if (e->cmd != cmd)
		return false;
	if (cmd == IPSECDP_CMD_SA_ADD)
		return e->sa && !e->sa->doomed;
	return e->pol && !e->pol->doomed;
}

static int ipsecdp_batch_apply(struct ipsecdp_net *pn,
			       struct ipsecdp_batch *b,
			       struct ipsecdp_batch_err *err)
{
	struct ipsecdp_batch_ent *e;
	struct ipsecdp_spd_tab *tab;
	struct ipsecdp_sa *sa, *tmp;
	unsigned int nadds = 0, i;
	LIST_HEAD(adds);
	int ret;

	mutex_lock(&pn->cfg_lock);
	ret = ipsecdp_batch_check(pn, b, err);
	if (ret)
		goto fail;

	for (i = 0; i < b->n; i++) {
		e = &b->ent[i];
		if (!ipsecdp_batch_ent_adds(e, IPSECDP_CMD_POLICY_ADD))
			continue;
		list_add_tail(&e->pol->list, &adds);
		nadds++;
	}
	/* the whole new policy table, before anything is visible */
	tab = ipsecdp_spd_swap_prepare(pn, &adds, nadds);
	if (!tab) {
		err->msg = "out of memory building the policy table";
		err->index = b->n;
		ret = -ENOMEM;
		goto fail;
	}

	for (i = 0; i < b->n; i++) {
		e = &b->ent[i];
		if (!ipsecdp_batch_ent_adds(e, IPSECDP_CMD_SA_ADD))
			continue;
		ipsecdp_sa_insert(pn, e->sa);
		e->sa = NULL;
	}
	for (i = 0; i < b->n; i++) {
		e = &b->ent[i];
		if (ipsecdp_batch_ent_adds(e, IPSECDP_CMD_POLICY_ADD))
			e->pol = NULL;	/* owned by the SPD now */
	}
	ipsecdp_spd_swap_publish(pn, tab, &adds);
	list_for_each_entry_safe(sa, tmp, &pn->sad.all, list)
		if (sa->doomed)
			ipsecdp_sa_remove(pn, sa);
	mutex_unlock(&pn->cfg_lock);
	return 0;

fail:
	ipsecdp_batch_unmark(pn);
	mutex_unlock(&pn->cfg_lock);
	return ret;
}

static int ipsecdp_batch_reply_err(struct genl_info *info,
				   const struct ipsecdp_batch_err *err)
{
	struct sk_buff *msg;
	void *hdr;

	msg = ipsecdp_nl_reply_new(info, IPSECDP_CMD_BATCH_COMMIT, &hdr);
	if (!msg)
		return -ENOMEM;
	return ipsecdp_nl_reply_send(info, msg, hdr,
				     nla_put_u32(msg, IPSECDP_A_BATCH_INDEX,
						 err->index) ?:
				     nla_put_string(msg, IPSECDP_A_BATCH_MSG,
						    err->msg ?: "failed"));
}

int ipsecdp_nl_batch_begin_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct ipsecdp_batch *b;
	int err = 0;

	mutex_lock(&ipsecdp_batch_lock);
	if (ipsecdp_batch_find(net, info->snd_portid)) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a batch is already open on this socket");
		err = -EBUSY;
		goto out;
	}
	b = kzalloc(sizeof(*b), GFP_KERNEL);
	if (!b) {
		err = -ENOMEM;
		goto out;
	}
	b->net = net;
	b->portid = info->snd_portid;
	b->last_use = jiffies;
	list_add(&b->list, &ipsecdp_batches);
	schedule_delayed_work(&ipsecdp_batch_reaper, IPSECDP_BATCH_IDLE / 4);
out:
	mutex_unlock(&ipsecdp_batch_lock);
	return err;
}

int ipsecdp_nl_batch_abort_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_batch *b;
	int err = 0;

	mutex_lock(&ipsecdp_batch_lock);
	b = ipsecdp_batch_get(info);
	if (b)
		ipsecdp_batch_drop(b);
	else
		err = -ENOENT;
	mutex_unlock(&ipsecdp_batch_lock);
	return err;
}

int ipsecdp_nl_batch_commit_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct ipsecdp_batch_err berr = {};
	struct ipsecdp_batch *b;
	int err;

	mutex_lock(&ipsecdp_batch_lock);
	b = ipsecdp_batch_get(info);
	if (!b) {
		mutex_unlock(&ipsecdp_batch_lock);
		return -ENOENT;
	}
	/* the batch ends here, applied or not */
	list_del(&b->list);
	if (b->poisoned) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "a request of the batch failed: nothing applied");
		err = -EINVAL;
	} else {
		err = ipsecdp_batch_apply(pn, b, &berr);
		if (err) {
			NL_SET_ERR_MSG_MOD(info->extack,
					   "batch not applied: see the failing entry");
			ipsecdp_batch_reply_err(info, &berr);
		}
	}
	ipsecdp_batch_free(b);
	mutex_unlock(&ipsecdp_batch_lock);
	return err;
}
