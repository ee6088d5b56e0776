// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRM netlink events, in xfrm_user's formats, for the IKE
 * daemons that listen on NETLINK_XFRM (with xfrm_netlink=1):
 *
 *  - XFRM_MSG_ACQUIRE (group XFRMNLGRP_ACQUIRE) when an outbound packet
 *    finds a protect policy without an SA (spd/acquire.c, rate-limited
 *    there): the policy, its templates (their reqid tells charon which
 *    connection to negotiate) and the packet's flow as a host-to-host
 *    selector, as XFRM fills it;
 *  - XFRM_MSG_EXPIRE (XFRMNLGRP_EXPIRE) when an SA reaches its soft limit
 *    (the daemon rekeys) or its hard one (the SA is gone; sa/lifetime.c).
 *
 * Both may be raised in softirq context: GFP_ATOMIC, and the namespace's
 * socket read under RCU (core/xfrm_nl.c clears it at namespace exit while
 * the SAs still live).
 */
#include <linux/atomic.h>
#include <linux/xfrm.h>
#include <net/netlink.h>
#include "core/netlink.h"
#include "core/xfrm_nl.h"
#include "sa/sa.h"
#include "spd/spd.h"

static atomic_t ipsecdp_xfrm_acqseq = ATOMIC_INIT(0);

bool ipsecdp_xfrm_has_listeners(struct net *net, unsigned int group)
{
	bool ret;

	rcu_read_lock();
	ret = ipsecdp_xfrm_listener(net, group);
	rcu_read_unlock();
	return ret;
}

/* Like XFRM's: the flow's addresses and ports (or ICMP type and code) */
static void ipsecdp_xfrm_flow_sel(struct xfrm_selector *sel,
				  const struct ipsecdp_flow *fl)
{
	u8 plen = fl->family == AF_INET ? 32 : 128;

	ipsecdp_xfrm_addr_out(&sel->daddr, &fl->daddr, fl->family);
	ipsecdp_xfrm_addr_out(&sel->saddr, &fl->saddr, fl->family);
	if (ipsecdp_proto_has_ports(fl->proto) ||
	    ipsecdp_proto_has_type_code(fl->proto)) {
		sel->sport = htons(fl->sport);
		sel->dport = htons(fl->dport);
	}
	sel->sport_mask = htons(0xffff);
	sel->dport_mask = htons(0xffff);
	sel->family = fl->family;
	sel->prefixlen_d = plen;
	sel->prefixlen_s = plen;
	sel->proto = fl->proto;
}

static void ipsecdp_xfrm_acquire_info(struct xfrm_user_acquire *ua,
				      const struct ipsecdp_policy *pol,
				      const struct ipsecdp_flow *fl)
{
	const struct ipsecdp_tmpl *t = &pol->tmpl[0];

	memset(ua, 0, sizeof(*ua));
	if (t->has_addrs) {
		ipsecdp_xfrm_addr_out(&ua->id.daddr, &t->daddr, t->family);
		ipsecdp_xfrm_addr_out(&ua->saddr, &t->saddr, t->family);
	} else {
		ipsecdp_xfrm_addr_out(&ua->id.daddr, &fl->daddr, fl->family);
		ipsecdp_xfrm_addr_out(&ua->saddr, &fl->saddr, fl->family);
	}
	ua->id.proto = t->proto;
	ipsecdp_xfrm_flow_sel(&ua->sel, fl);
	ipsecdp_xfrm_pol_info(&ua->policy, pol);
	ua->aalgos = ~0U;
	ua->ealgos = ~0U;
	ua->calgos = ~0U;
	/* XFRM's are never 0 either */
	ua->seq = atomic_inc_return(&ipsecdp_xfrm_acqseq) ?:
		  atomic_inc_return(&ipsecdp_xfrm_acqseq);
}

void ipsecdp_xfrm_acquire(struct ipsecdp_net *pn,
			  const struct ipsecdp_policy *pol,
			  const struct ipsecdp_flow *fl)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct sock *sk;

	if (!pol->ntmpl)
		return;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(struct xfrm_user_acquire)) +
			nla_total_size(sizeof(struct xfrm_user_tmpl) *
				       IPSECDP_MAX_TMPL), GFP_ATOMIC);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, XFRM_MSG_ACQUIRE,
			sizeof(struct xfrm_user_acquire), 0);
	if (!nlh || ipsecdp_xfrm_put_tmpls(skb, pol)) {
		kfree_skb(skb);
		return;
	}
	ipsecdp_xfrm_acquire_info(nlmsg_data(nlh), pol, fl);
	nlmsg_end(skb, nlh);

	rcu_read_lock();
	sk = ipsecdp_xfrm_listener(pn->net, XFRMNLGRP_ACQUIRE);
	if (sk)
		nlmsg_multicast(sk, skb, 0, XFRMNLGRP_ACQUIRE, GFP_ATOMIC);
	else
		kfree_skb(skb);
	rcu_read_unlock();
}

void ipsecdp_xfrm_expire(struct ipsecdp_sa *sa, bool hard)
{
	struct xfrm_user_expire *ue;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;
	struct sock *sk;

	rcu_read_lock();
	sk = ipsecdp_xfrm_listener(sa->pn->net, XFRMNLGRP_EXPIRE);
	if (!sk)
		goto out;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(*ue)), GFP_ATOMIC);
	if (!skb)
		goto out;
	nlh = nlmsg_put(skb, 0, 0, XFRM_MSG_EXPIRE, sizeof(*ue), 0);
	if (!nlh) {
		kfree_skb(skb);
		goto out;
	}
	ue = nlmsg_data(nlh);
	memset(ue, 0, sizeof(*ue));
	ipsecdp_xfrm_sa_info(&ue->state, sa);
	ue->hard = hard;
	nlmsg_end(skb, nlh);
	nlmsg_multicast(sk, skb, 0, XFRMNLGRP_EXPIRE, GFP_ATOMIC);
out:
	rcu_read_unlock();
}
