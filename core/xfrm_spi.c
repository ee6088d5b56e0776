// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRM_MSG_ALLOCSPI. An IKE daemon asks for an unused SPI before
 * it negotiates an inbound SA, then installs the SA with that SPI
 * (UPDSA, or NEWSA), or gives the SPI back (DELSA). XFRM keeps a larval
 * SA meanwhile; the front end keeps a reservation: the SPI is not handed
 * out again, and lapses after net.core.xfrm_acq_expires seconds (XFRM's
 * own setting for larval SAs, 30 by default). Reservations are the front
 * end's only state; at most IPSECDP_XFRM_LARVAL_MAX per namespace.
 * XFRMA_SA_PCPU and XFRMA_SA_DIR (a per-CPU SA being negotiated after a
 * cpu-acquire) are checked and given back in the reply, as XFRM does;
 * the SA installed later says them again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "core/xfrm_nl.h"
#include "sa/sa.h"

#define IPSECDP_XFRM_LARVAL_MAX	4096
/* SPIs 1 to 255 are reserved (RFC 4303 2.1), 0 means none */
#define IPSECDP_XFRM_SPI_MIN	256

struct ipsecdp_xfrm_larval {
	struct list_head	list;
	struct ipsecdp_sa_id	id;
	unsigned long		expires;	/* jiffies */
};

static bool ipsecdp_xfrm_id_eq(const struct ipsecdp_sa_id *a,
			       const struct ipsecdp_sa_id *b)
{
	return a->spi == b->spi && a->proto == b->proto &&
	       a->family == b->family &&
	       ipsecdp_addr_eq(a->family, &a->daddr, &b->daddr);
}

static void ipsecdp_xfrm_larval_free(struct ipsecdp_xfrm_net *xn,
				     struct ipsecdp_xfrm_larval *l)
{
	list_del(&l->list);
	xn->nlarval--;
	kfree(l);
}

/* Lapsed reservations go first (oldest at the head). */
static void ipsecdp_xfrm_larval_expire(struct ipsecdp_xfrm_net *xn)
{
	struct ipsecdp_xfrm_larval *l, *tmp;

	list_for_each_entry_safe(l, tmp, &xn->larval, list) {
		if (time_before(jiffies, l->expires))
			break;
		ipsecdp_xfrm_larval_free(xn, l);
	}
}

static struct ipsecdp_xfrm_larval *
ipsecdp_xfrm_larval_get(struct ipsecdp_xfrm_net *xn,
			const struct ipsecdp_sa_id *id)
{
	struct ipsecdp_xfrm_larval *l;

	ipsecdp_xfrm_larval_expire(xn);
	list_for_each_entry(l, &xn->larval, list)
		if (ipsecdp_xfrm_id_eq(&l->id, id))
			return l;
	return NULL;
}

bool ipsecdp_xfrm_larval_find(struct ipsecdp_xfrm_net *xn,
			      const struct ipsecdp_sa_id *id)
{
	return ipsecdp_xfrm_larval_get(xn, id);
}

bool ipsecdp_xfrm_larval_drop(struct ipsecdp_xfrm_net *xn,
			      const struct ipsecdp_sa_id *id)
{
	struct ipsecdp_xfrm_larval *l = ipsecdp_xfrm_larval_get(xn, id);

	if (l)
		ipsecdp_xfrm_larval_free(xn, l);
	return l;
}

void ipsecdp_xfrm_larval_flush(struct ipsecdp_xfrm_net *xn)
{
	struct ipsecdp_xfrm_larval *l, *tmp;

	list_for_each_entry_safe(l, tmp, &xn->larval, list)
		ipsecdp_xfrm_larval_free(xn, l);
}

/*
 * A free SPI in [@lo, @hi] for @id (its other fields set): the one SPI
 * if the range has one, else up to as many random picks as the range is
 * wide (XFRM's way), at most 1024. Under cfg_lock (the SAD).
 */
static int ipsecdp_xfrm_spi_pick(struct ipsecdp_net *pn,
				 struct ipsecdp_xfrm_net *xn,
				 struct ipsecdp_sa_id *id, u32 lo, u32 hi)
{
	u32 width = hi - lo, tries = min_t(u32, width, 1023) + 1;

	while (tries--) {
		u32 spi = width ? lo + get_random_u32() % (width + 1) : lo;

		id->spi = htonl(spi);
		if (!ipsecdp_sa_lookup(pn, id) &&
		    !ipsecdp_xfrm_larval_find(xn, id))
			return 0;
	}
	return -ENOENT;
}

/* XFRMA_SA_DIR and XFRMA_SA_PCPU of the request, in the reply */
static int ipsecdp_xfrm_larval_dir(struct sk_buff *msg, struct nlattr **attrs)
{
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	if (attrs[XFRMA_SA_DIR] &&
	    nla_put_u8(msg, XFRMA_SA_DIR, nla_get_u8(attrs[XFRMA_SA_DIR])))
		return -EMSGSIZE;
	if (attrs[XFRMA_SA_PCPU] &&
	    nla_put_u32(msg, XFRMA_SA_PCPU, nla_get_u32(attrs[XFRMA_SA_PCPU])))
		return -EMSGSIZE;
#endif
	return 0;
}

/* The reply: the larval SA, as XFRM describes one (no algorithms). */
static int ipsecdp_xfrm_larval_reply(struct ipsecdp_net *pn,
				     struct sk_buff *skb,
				     const struct nlmsghdr *nlh,
				     struct nlattr **attrs,
				     const struct xfrm_usersa_info *req,
				     __be32 spi)
{
	struct xfrm_usersa_info *p;
	struct nlmsghdr *rnlh;
	struct sk_buff *msg;

	msg = nlmsg_new(NLMSG_ALIGN(sizeof(*p)) + nla_total_size(sizeof(u8)) +
			nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rnlh = nlmsg_put(msg, NETLINK_CB(skb).portid, nlh->nlmsg_seq,
			 XFRM_MSG_NEWSA, sizeof(*p), 0);
	if (!rnlh) {
		kfree_skb(msg);
		return -EMSGSIZE;
	}
	p = nlmsg_data(rnlh);
	memset(p, 0, sizeof(*p));
	p->sel.family = req->family;
	p->id = req->id;
	p->id.spi = spi;
	p->saddr = req->saddr;
	p->family = req->family;
	p->mode = req->mode;
	p->reqid = req->reqid;
	p->lft.soft_byte_limit = XFRM_INF;
	p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = XFRM_INF;
	p->lft.hard_packet_limit = XFRM_INF;
	if (ipsecdp_xfrm_larval_dir(msg, attrs)) {
		kfree_skb(msg);
		return -EMSGSIZE;
	}
	nlmsg_end(msg, rnlh);
	return ipsecdp_xfrm_unicast(pn->net, msg, NETLINK_CB(skb).portid);
}

static int ipsecdp_xfrm_allocspi_check(const struct xfrm_userspi_info *p,
				       struct nlattr **attrs,
				       struct netlink_ext_ack *extack)
{
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	struct nlattr *a = attrs[XFRMA_SA_PCPU];

	if (a && nla_get_u32(a) >= num_possible_cpus()) {
		NL_SET_ERR_MSG_ATTR(extack, a, "pCPU number too big");
		return -EINVAL;
	}
#endif
	if (p->info.family != AF_INET && p->info.family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "only inet and inet6 SAs");
		return -EAFNOSUPPORT;
	}
	if (p->info.id.proto != IPPROTO_ESP && p->info.id.proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_MOD(extack, "only esp and ah SAs");
		return -EPROTONOSUPPORT;
	}
	if (p->min > p->max || p->max < IPSECDP_XFRM_SPI_MIN) {
		NL_SET_ERR_MSG_MOD(extack,
				   "SPI range empty, or only reserved SPIs (below 256)");
		return -EINVAL;
	}
	return 0;
}

static int ipsecdp_xfrm_allocspi(struct ipsecdp_net *pn, struct sk_buff *skb,
				 const struct nlmsghdr *nlh,
				 struct nlattr **attrs,
				 struct netlink_ext_ack *extack)
{
	const struct xfrm_userspi_info *p = nlmsg_data(nlh);
	struct ipsecdp_xfrm_net *xn = ipsecdp_xfrm_net(pn->net);
	struct ipsecdp_xfrm_larval *l;
	int err;

	err = ipsecdp_xfrm_allocspi_check(p, attrs, extack);
	if (err)
		return err;
	ipsecdp_xfrm_larval_expire(xn);
	if (xn->nlarval >= IPSECDP_XFRM_LARVAL_MAX) {
		NL_SET_ERR_MSG_MOD(extack,
				   "too many SPIs allocated and not yet used");
		return -ENOSPC;
	}
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	l->id.family = p->info.family;
	l->id.proto = p->info.id.proto;
	ipsecdp_xfrm_addr_in(&l->id.daddr, &p->info.id.daddr, p->info.family);

	mutex_lock(&pn->cfg_lock);
	err = ipsecdp_xfrm_spi_pick(pn, xn, &l->id,
				    max_t(u32, p->min, IPSECDP_XFRM_SPI_MIN),
				    p->max);
	mutex_unlock(&pn->cfg_lock);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "no free SPI in the range");
		kfree(l);
		return err;
	}
	l->expires = jiffies +
		     (unsigned long)READ_ONCE(pn->net->xfrm.sysctl_acq_expires) * HZ;
	list_add_tail(&l->list, &xn->larval);
	xn->nlarval++;

	err = ipsecdp_xfrm_larval_reply(pn, skb, nlh, attrs, &p->info,
					l->id.spi);
	if (err)
		ipsecdp_xfrm_larval_free(xn, l);
	return err;
}

const struct ipsecdp_xfrm_op ipsecdp_xfrm_allocspi_op = {
	.doit	= ipsecdp_xfrm_allocspi,
	.hdrlen	= sizeof(struct xfrm_userspi_info),
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	.attrs	= BIT_ULL(XFRMA_SA_PCPU) | BIT_ULL(XFRMA_SA_DIR),
#endif
};
