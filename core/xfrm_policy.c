// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRM netlink messages on policies (NEWPOLICY, UPDPOLICY,
 * DELPOLICY, GETPOLICY and its dump, FLUSHPOLICY), translated to and
 * from the SPD's own terms.
 *
 * XFRM selects ports by value and mask, ipsecdp by range: a mask of
 * leading ones is the range it covers. Transport-mode templates take
 * the packet's addresses, as XFRM's do (their addresses are ignored);
 * tunnel-mode templates need both. A template's reqid is kept as a
 * label (ACQUIRE events carry it; SAs are not chosen by it); its share and
 * algorithm masks are ignored; "optional" is ipsecdp's level "use".
 * Marks, interface ids, sub policies, security contexts, policy
 * lifetimes and the flags localok and icmp are refused; the flag
 * XFRM_POLICY_CPU_ACQUIRE (per-CPU SAs) is ipsecdp's cpu-acquire where
 * the kernel's headers have it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/ipsecdp_proto.h>
#include <linux/percpu.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "core/xfrm_nl.h"
#include "spd/spd.h"

#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
#define IPSECDP_XFRM_POL_FLAGS	XFRM_POLICY_CPU_ACQUIRE
#else
#define IPSECDP_XFRM_POL_FLAGS	0
#endif

/* ---- selectors ---- */

/* @mask must be leading ones (any, a block, or one port). */
static int ipsecdp_xfrm_port_in(__be16 port, __be16 mask, u16 *min, u16 *max,
				struct netlink_ext_ack *extack)
{
	u16 m = ntohs(mask);
	u16 span = (u16)~m;

	if (span & (span + 1)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "port mask must be leading ones (a range of ports)");
		return -EINVAL;
	}
	*min = ntohs(port) & m;
	*max = *min | span;
	return 0;
}

/* The smallest value/mask block holding the range (exact for blocks). */
static void ipsecdp_xfrm_port_out(u16 min, u16 max, __be16 *port,
				  __be16 *mask)
{
	u16 m = 0xffff;

	while (m && ((min & m) != (max & m)))
		m <<= 1;
	*port = htons(min & m);
	*mask = htons(m);
}

static int ipsecdp_xfrm_sel_in(const struct xfrm_selector *x,
			       struct ipsecdp_sel *sel,
			       struct netlink_ext_ack *extack)
{
	u8 max = x->family == AF_INET ? 32 : 128;

	memset(sel, 0, sizeof(*sel));
	if (x->family != AF_INET && x->family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "only inet and inet6 selectors");
		return -EAFNOSUPPORT;
	}
	if (x->prefixlen_s > max || x->prefixlen_d > max) {
		NL_SET_ERR_MSG_MOD(extack, "prefix length too long for family");
		return -EINVAL;
	}
	if (x->ifindex) {
		NL_SET_ERR_MSG_MOD(extack, "selectors by device are not supported");
		return -EOPNOTSUPP;
	}
	if ((x->sport_mask || x->dport_mask) &&
	    !ipsecdp_proto_has_ports(x->proto) &&
	    !ipsecdp_proto_has_type_code(x->proto)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ports only valid with tcp, udp, udplite, sctp or dccp (icmp, ipv6-icmp: type and code)");
		return -EINVAL;
	}
	sel->family = x->family;
	sel->splen = x->prefixlen_s;
	sel->dplen = x->prefixlen_d;
	sel->proto = x->proto;
	/* like ip xfrm: the host bits are silently cleared */
	if (x->family == AF_INET) {
		sel->saddr.a4 = x->saddr.a4 & inet_make_mask(sel->splen);
		sel->daddr.a4 = x->daddr.a4 & inet_make_mask(sel->dplen);
	} else {
		ipv6_addr_prefix(&sel->saddr.in6, &x->saddr.in6, sel->splen);
		ipv6_addr_prefix(&sel->daddr.in6, &x->daddr.in6, sel->dplen);
	}
	return ipsecdp_xfrm_port_in(x->sport, x->sport_mask, &sel->sport_min,
				    &sel->sport_max, extack) ?:
	       ipsecdp_xfrm_port_in(x->dport, x->dport_mask, &sel->dport_min,
				    &sel->dport_max, extack);
}

static void ipsecdp_xfrm_sel_out(struct xfrm_selector *x,
				 const struct ipsecdp_sel *sel)
{
	memset(x, 0, sizeof(*x));
	x->family = sel->family;
	x->prefixlen_s = sel->splen;
	x->prefixlen_d = sel->dplen;
	x->proto = sel->proto;
	ipsecdp_xfrm_addr_out(&x->saddr, &sel->saddr, sel->family);
	ipsecdp_xfrm_addr_out(&x->daddr, &sel->daddr, sel->family);
	ipsecdp_xfrm_port_out(sel->sport_min, sel->sport_max, &x->sport,
			      &x->sport_mask);
	ipsecdp_xfrm_port_out(sel->dport_min, sel->dport_max, &x->dport,
			      &x->dport_mask);
}

/* ---- templates ---- */

static int ipsecdp_xfrm_tmpl_in(const struct xfrm_user_tmpl *ut, u16 family,
				struct ipsecdp_tmpl *t,
				struct netlink_ext_ack *extack)
{
	memset(t, 0, sizeof(*t));
	if (ut->id.proto != IPPROTO_ESP && ut->id.proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_MOD(extack, "template: only esp and ah");
		return -EPROTONOSUPPORT;
	}
	if (ut->mode != XFRM_MODE_TRANSPORT && ut->mode != XFRM_MODE_TUNNEL) {
		NL_SET_ERR_MSG_MOD(extack,
				   "template: only transport and tunnel mode");
		return -EINVAL;
	}
	t->proto = ut->id.proto;
	t->level = ut->optional ? IPSECDP_LEVEL_USE : IPSECDP_LEVEL_REQUIRED;
	t->has_spi = ut->id.spi != 0;
	t->spi = ut->id.spi;
	t->reqid = ut->reqid;
	t->family = family;
	if (ut->mode == XFRM_MODE_TRANSPORT) {
		t->mode = IPSECDP_MODE_TRANSPORT;
		return 0;
	}
	t->mode = IPSECDP_MODE_TUNNEL;
	t->family = ut->family ?: family;
	if (t->family != AF_INET && t->family != AF_INET6) {
		NL_SET_ERR_MSG_MOD(extack, "template: only inet and inet6");
		return -EAFNOSUPPORT;
	}
	ipsecdp_xfrm_addr_in(&t->saddr, &ut->saddr, t->family);
	ipsecdp_xfrm_addr_in(&t->daddr, &ut->id.daddr, t->family);
	if (ipv6_addr_any(&t->saddr.in6) || ipv6_addr_any(&t->daddr.in6)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "tunnel template needs both src and dst");
		return -EINVAL;
	}
	t->has_addrs = true;
	return 0;
}

static int ipsecdp_xfrm_tmpls_in(const struct nlattr *a,
				 struct ipsecdp_policy *pol,
				 struct netlink_ext_ack *extack)
{
	const struct xfrm_user_tmpl *ut;
	u16 family = pol->sel.family;
	int i, n, err;

	if (!a)
		return 0;
	n = nla_len(a) / sizeof(*ut);
	if (n > IPSECDP_MAX_TMPL || nla_len(a) % sizeof(*ut)) {
		NL_SET_ERR_MSG_ATTR(extack, a,
				    "at most 2 templates, each a struct xfrm_user_tmpl");
		return -EINVAL;
	}
	ut = nla_data(a);
	for (i = 0; i < n; i++) {
		err = ipsecdp_xfrm_tmpl_in(&ut[i], family, &pol->tmpl[i],
					   extack);
		if (err)
			return err;
		/* later templates protect the packet this one makes */
		family = pol->tmpl[i].family;
	}
	pol->ntmpl = n;
	return 0;
}

int ipsecdp_xfrm_put_tmpls(struct sk_buff *skb, const struct ipsecdp_policy *pol)
{
	struct xfrm_user_tmpl ut[IPSECDP_MAX_TMPL];
	int i;

	if (!pol->ntmpl)
		return 0;
	memset(ut, 0, sizeof(ut));
	for (i = 0; i < pol->ntmpl; i++) {
		const struct ipsecdp_tmpl *t = &pol->tmpl[i];

		ut[i].id.proto = t->proto;
		ut[i].id.spi = t->has_spi ? t->spi : 0;
		ut[i].reqid = t->reqid;
		ut[i].family = t->family;
		ut[i].mode = t->mode == IPSECDP_MODE_TUNNEL ? XFRM_MODE_TUNNEL :
							      XFRM_MODE_TRANSPORT;
		ut[i].optional = t->level == IPSECDP_LEVEL_USE;
		ut[i].aalgos = ~0U;
		ut[i].ealgos = ~0U;
		ut[i].calgos = ~0U;
		if (t->has_addrs) {
			ipsecdp_xfrm_addr_out(&ut[i].saddr, &t->saddr,
					      t->family);
			ipsecdp_xfrm_addr_out(&ut[i].id.daddr, &t->daddr,
					      t->family);
		}
	}
	return nla_put(skb, XFRMA_TMPL, sizeof(ut[0]) * pol->ntmpl, ut);
}

/* ---- NEWPOLICY, UPDPOLICY ---- */

static bool ipsecdp_xfrm_lft_none(const struct xfrm_lifetime_cfg *l)
{
	const u64 v[] = {
		l->soft_byte_limit, l->hard_byte_limit, l->soft_packet_limit,
		l->hard_packet_limit, l->soft_add_expires_seconds,
		l->hard_add_expires_seconds, l->soft_use_expires_seconds,
		l->hard_use_expires_seconds,
	};
	int i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		if (v[i] && v[i] != XFRM_INF)
			return false;
	return true;
}

/* Attributes shared by policy messages that ipsecdp accepts as "none". */
static int ipsecdp_xfrm_pol_attrs(struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	struct nlattr *a = attrs[XFRMA_POLICY_TYPE];

	if (a && ((const struct xfrm_userpolicy_type *)nla_data(a))->type !=
		 XFRM_POLICY_TYPE_MAIN) {
		NL_SET_ERR_MSG_ATTR(extack, a, "sub policies are not supported");
		return -EOPNOTSUPP;
	}
	a = attrs[XFRMA_MARK];
	if (a && ((const struct xfrm_mark *)nla_data(a))->m) {
		NL_SET_ERR_MSG_ATTR(extack, a, "marks are not supported");
		return -EOPNOTSUPP;
	}
	a = attrs[XFRMA_IF_ID];
	if (a && nla_get_u32(a)) {
		NL_SET_ERR_MSG_ATTR(extack, a, "interface ids are not supported");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int ipsecdp_xfrm_pol_cfg(const struct xfrm_userpolicy_info *p,
				struct nlattr **attrs,
				struct ipsecdp_policy *pol,
				struct netlink_ext_ack *extack)
{
	int err;

	if (p->dir > XFRM_POLICY_FWD) {
		NL_SET_ERR_MSG_MOD(extack, "direction must be in, out or fwd");
		return -EINVAL;
	}
	if (p->action > XFRM_POLICY_BLOCK ||
	    (p->flags & ~IPSECDP_XFRM_POL_FLAGS)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "action must be allow or block; flags localok and icmp are not supported");
		return -EINVAL;
	}
	if (!ipsecdp_xfrm_lft_none(&p->lft)) {
		NL_SET_ERR_MSG_MOD(extack, "policy lifetimes are not supported");
		return -EOPNOTSUPP;
	}
	err = ipsecdp_xfrm_pol_attrs(attrs, extack) ?:
	      ipsecdp_xfrm_sel_in(&p->sel, &pol->sel, extack);
	if (err)
		return err;
	pol->dir = p->dir;
	pol->priority = p->priority;
	pol->action = p->action == XFRM_POLICY_BLOCK ? IPSECDP_ACTION_BLOCK :
						       IPSECDP_ACTION_ALLOW;
	if (p->flags & IPSECDP_XFRM_POL_FLAGS)
		pol->flags |= IPSECDP_POL_F_CPU_ACQUIRE;
	err = ipsecdp_xfrm_tmpls_in(attrs[XFRMA_TMPL], pol, extack);
	if (err)
		return err;
	if (pol->action == IPSECDP_ACTION_BLOCK && pol->ntmpl) {
		NL_SET_ERR_MSG_MOD(extack, "block policy cannot have templates");
		return -EINVAL;
	}
	return 0;
}

static int ipsecdp_xfrm_pol_set(struct ipsecdp_net *pn, struct sk_buff *skb,
				const struct nlmsghdr *nlh,
				struct nlattr **attrs,
				struct netlink_ext_ack *extack)
{
	struct ipsecdp_policy *pol;
	int err;

	pol = ipsecdp_policy_alloc();
	if (!pol)
		return -ENOMEM;
	err = ipsecdp_xfrm_pol_cfg(nlmsg_data(nlh), attrs, pol, extack);
	if (!err) {
		mutex_lock(&pn->cfg_lock);
		/* XFRM's UPDPOLICY adds a policy that is not there yet */
		if (nlh->nlmsg_type == XFRM_MSG_UPDPOLICY &&
		    ipsecdp_policy_find(pn, pol->dir, &pol->sel))
			err = ipsecdp_policy_update(pn, pol, extack);
		else
			err = ipsecdp_policy_add(pn, pol, extack);
		mutex_unlock(&pn->cfg_lock);
	}
	/* on success the SPD owns the policy */
	if (err)
		ipsecdp_policy_free(pol);
	return err;
}

/* ---- replies: XFRM_MSG_NEWPOLICY messages ---- */

void ipsecdp_xfrm_pol_info(struct xfrm_userpolicy_info *p,
			   const struct ipsecdp_policy *pol)
{
	int cpu;

	memset(p, 0, sizeof(*p));
	ipsecdp_xfrm_sel_out(&p->sel, &pol->sel);
	p->lft.soft_byte_limit = XFRM_INF;
	p->lft.hard_byte_limit = XFRM_INF;
	p->lft.soft_packet_limit = XFRM_INF;
	p->lft.hard_packet_limit = XFRM_INF;
	for_each_possible_cpu(cpu) {
		const struct ipsecdp_pol_stats *s = per_cpu_ptr(pol->stats, cpu);

		p->curlft.packets += READ_ONCE(s->packets);
		p->curlft.bytes += READ_ONCE(s->bytes);
	}
	p->priority = pol->priority;
	p->index = pol->index;
	p->dir = pol->dir;
	p->action = pol->action == IPSECDP_ACTION_BLOCK ? XFRM_POLICY_BLOCK :
							  XFRM_POLICY_ALLOW;
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	if (pol->flags & IPSECDP_POL_F_CPU_ACQUIRE)
		p->flags = XFRM_POLICY_CPU_ACQUIRE;
#endif
}

static int ipsecdp_xfrm_pol_fill(struct sk_buff *skb,
				 const struct ipsecdp_policy *pol,
				 u32 portid, u32 seq, u16 flags)
{
	struct nlmsghdr *nlh;

	nlh = nlmsg_put(skb, portid, seq, XFRM_MSG_NEWPOLICY,
			sizeof(struct xfrm_userpolicy_info), flags);
	if (!nlh)
		return -EMSGSIZE;
	ipsecdp_xfrm_pol_info(nlmsg_data(nlh), pol);
	return ipsecdp_xfrm_msg_end(skb, nlh, ipsecdp_xfrm_put_tmpls(skb, pol));
}

/* ---- DELPOLICY, GETPOLICY, FLUSHPOLICY ---- */

/* By index when the request gives one, else by direction and selector. */
static struct ipsecdp_policy *
ipsecdp_xfrm_pol_find(struct ipsecdp_net *pn, const struct xfrm_userpolicy_id *p,
		      struct netlink_ext_ack *extack)
{
	struct ipsecdp_policy *pol;
	struct ipsecdp_sel sel;

	if (p->dir > XFRM_POLICY_FWD) {
		NL_SET_ERR_MSG_MOD(extack, "direction must be in, out or fwd");
		return ERR_PTR(-EINVAL);
	}
	if (p->index) {
		list_for_each_entry(pol, &pn->spd.by_dir[p->dir], list)
			if (pol->index == p->index)
				return pol;
	} else if (!ipsecdp_xfrm_sel_in(&p->sel, &sel, extack)) {
		pol = ipsecdp_policy_find(pn, p->dir, &sel);
		if (pol)
			return pol;
	} else {
		return ERR_PTR(-EINVAL);
	}
	NL_SET_ERR_MSG_MOD(extack, "no such policy");
	return ERR_PTR(-ENOENT);
}

static int ipsecdp_xfrm_delpolicy(struct ipsecdp_net *pn, struct sk_buff *skb,
				  const struct nlmsghdr *nlh,
				  struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	struct ipsecdp_policy *pol;
	int err;

	err = ipsecdp_xfrm_pol_attrs(attrs, extack);
	if (err)
		return err;
	mutex_lock(&pn->cfg_lock);
	pol = ipsecdp_xfrm_pol_find(pn, nlmsg_data(nlh), extack);
	err = IS_ERR(pol) ? PTR_ERR(pol) :
	      ipsecdp_policy_del(pn, pol->dir, &pol->sel, extack);
	mutex_unlock(&pn->cfg_lock);
	return err;
}

static int ipsecdp_xfrm_getpolicy(struct ipsecdp_net *pn, struct sk_buff *skb,
				  const struct nlmsghdr *nlh,
				  struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	struct ipsecdp_policy *pol;
	struct sk_buff *msg;
	int err;

	err = ipsecdp_xfrm_pol_attrs(attrs, extack);
	if (err)
		return err;
	msg = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->cfg_lock);
	pol = ipsecdp_xfrm_pol_find(pn, nlmsg_data(nlh), extack);
	err = IS_ERR(pol) ? PTR_ERR(pol) :
	      ipsecdp_xfrm_pol_fill(msg, pol, NETLINK_CB(skb).portid,
				    nlh->nlmsg_seq, 0);
	mutex_unlock(&pn->cfg_lock);
	if (err) {
		kfree_skb(msg);
		return err;
	}
	return ipsecdp_xfrm_unicast(pn->net, msg, NETLINK_CB(skb).portid);
}

/* cb->args[0]: direction, [1]: policies of it already sent */
static int ipsecdp_xfrm_pol_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(sock_net(skb->sk));
	struct ipsecdp_policy *pol;
	int dir = cb->args[0];
	long idx = 0;

	mutex_lock(&pn->cfg_lock);
	for (; dir < __IPSECDP_DIR_MAX; dir++, cb->args[1] = 0) {
		idx = 0;
		list_for_each_entry(pol, &pn->spd.by_dir[dir], list) {
			if (idx < cb->args[1]) {
				idx++;
				continue;
			}
			if (ipsecdp_xfrm_pol_fill(skb, pol,
						  NETLINK_CB(cb->skb).portid,
						  cb->nlh->nlmsg_seq,
						  NLM_F_MULTI))
				goto full;
			idx++;
		}
	}
full:
	mutex_unlock(&pn->cfg_lock);
	cb->args[0] = dir;
	cb->args[1] = idx;
	return skb->len;
}

static int ipsecdp_xfrm_flushpolicy(struct ipsecdp_net *pn,
				    struct sk_buff *skb,
				    const struct nlmsghdr *nlh,
				    struct nlattr **attrs,
				    struct netlink_ext_ack *extack)
{
	int err;

	err = ipsecdp_xfrm_pol_attrs(attrs, extack);
	if (err)
		return err;
	mutex_lock(&pn->cfg_lock);
	ipsecdp_policy_flush(pn);
	mutex_unlock(&pn->cfg_lock);
	return 0;
}

/* ip xfrm policy count: policies per direction (no hash table sizes). */
static int ipsecdp_xfrm_getspdinfo(struct ipsecdp_net *pn,
				   struct sk_buff *skb,
				   const struct nlmsghdr *nlh,
				   struct nlattr **attrs,
				   struct netlink_ext_ack *extack)
{
	struct xfrmu_spdhinfo h = {};
	struct xfrmu_spdinfo si = {};
	struct ipsecdp_policy *pol;
	struct nlmsghdr *rnlh;
	struct sk_buff *msg;
	u32 n[__IPSECDP_DIR_MAX] = {};
	int dir;

	mutex_lock(&pn->cfg_lock);
	for (dir = 0; dir < __IPSECDP_DIR_MAX; dir++)
		list_for_each_entry(pol, &pn->spd.by_dir[dir], list)
			n[dir]++;
	mutex_unlock(&pn->cfg_lock);
	si.incnt = n[IPSECDP_DIR_IN];
	si.outcnt = n[IPSECDP_DIR_OUT];
	si.fwdcnt = n[IPSECDP_DIR_FWD];

	msg = nlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	rnlh = nlmsg_put(msg, NETLINK_CB(skb).portid, nlh->nlmsg_seq,
			 XFRM_MSG_NEWSPDINFO, sizeof(u32), 0);
	if (!rnlh ||
	    nla_put(msg, XFRMA_SPD_INFO, sizeof(si), &si) ||
	    nla_put(msg, XFRMA_SPD_HINFO, sizeof(h), &h)) {
		kfree_skb(msg);
		return -EMSGSIZE;
	}
	*(u32 *)nlmsg_data(rnlh) = 0;
	nlmsg_end(msg, rnlh);
	return ipsecdp_xfrm_unicast(pn->net, msg, NETLINK_CB(skb).portid);
}

#define IPSECDP_XFRM_POL_ID_ATTRS (BIT_ULL(XFRMA_POLICY_TYPE) |	\
				   BIT_ULL(XFRMA_MARK) |		\
				   BIT_ULL(XFRMA_IF_ID))

const struct ipsecdp_xfrm_op ipsecdp_xfrm_newpolicy_op = {
	.doit	= ipsecdp_xfrm_pol_set,
	.hdrlen	= sizeof(struct xfrm_userpolicy_info),
	.attrs	= IPSECDP_XFRM_POL_ID_ATTRS | BIT_ULL(XFRMA_TMPL),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_updpolicy_op = {
	.doit	= ipsecdp_xfrm_pol_set,
	.hdrlen	= sizeof(struct xfrm_userpolicy_info),
	.attrs	= IPSECDP_XFRM_POL_ID_ATTRS | BIT_ULL(XFRMA_TMPL),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_delpolicy_op = {
	.doit	= ipsecdp_xfrm_delpolicy,
	.hdrlen	= sizeof(struct xfrm_userpolicy_id),
	.attrs	= IPSECDP_XFRM_POL_ID_ATTRS,
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_getpolicy_op = {
	.doit	= ipsecdp_xfrm_getpolicy,
	.dumpit	= ipsecdp_xfrm_pol_dump,
	.hdrlen	= sizeof(struct xfrm_userpolicy_id),
	.attrs	= IPSECDP_XFRM_POL_ID_ATTRS,
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_flushpolicy_op = {
	.doit	= ipsecdp_xfrm_flushpolicy,
	.attrs	= BIT_ULL(XFRMA_POLICY_TYPE),
};

const struct ipsecdp_xfrm_op ipsecdp_xfrm_getspdinfo_op = {
	.doit	= ipsecdp_xfrm_getspdinfo,
	.hdrlen	= sizeof(u32),
};
