// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRM netlink events, in xfrm_user's formats, for the IKE
 * daemons and tools that listen on NETLINK_XFRM (with xfrm_netlink=1):
 *
 *  - XFRM_MSG_ACQUIRE (group XFRMNLGRP_ACQUIRE) when an outbound packet
 *    finds a protect policy without an SA (spd/acquire.c, rate-limited
 *    there): the policy, its templates (their reqid tells charon which
 *    connection to negotiate) and the packet's flow as a host-to-host
 *    selector, as XFRM fills it; for a policy with XFRM_POLICY_CPU_ACQUIRE
 *    that found only SAs of other CPUs or for all, XFRMA_SA_PCPU names
 *    the sending CPU, as XFRM does (6.13);
 *  - XFRM_MSG_EXPIRE (XFRMNLGRP_EXPIRE) when an SA reaches its soft limit
 *    (the daemon rekeys) or its hard one (the SA is gone; sa/lifetime.c).
 *
 *  - XFRMNLGRP_SA and XFRMNLGRP_POLICY: every change to the SAD and the
 *    SPD, whichever API made it (ip xfrm monitor shows them): NEWSA or
 *    UPDSA with the SA as a dump shows it (keys included, as xfrm_user
 *    sends them: binding to these groups takes CAP_NET_ADMIN), DELSA
 *    with the SA's id and the SA in XFRMA_SA, FLUSHSA (for any protocol:
 *    ipsecdp's flush event does not say which); the same for policies,
 *    DELPOLICY with the policy in XFRMA_POLICY.
 *
 * All may be raised in softirq context: GFP_ATOMIC, and the namespace's
 * socket read under RCU (core/xfrm_nl.c clears it at namespace exit while
 * the SAs still live).
 */
#include <linux/atomic.h>
#include <linux/ipsec.h>
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

void ipsecdp_xfrm_event_send(struct net *net, struct sk_buff *skb,
			     unsigned int group)
{
	struct sock *sk;

	rcu_read_lock();
	sk = ipsecdp_xfrm_listener(net, group);
	if (sk)
		nlmsg_multicast(sk, skb, 0, group, GFP_ATOMIC);
	else
		kfree_skb(skb);
	rcu_read_unlock();
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

/* XFRMA_SA_PCPU: the CPU whose per-CPU SA is missing (cpu-acquire) */
static int ipsecdp_xfrm_put_acq_pcpu(struct sk_buff *skb, u32 pcpu)
{
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	if (pcpu != IPSECDP_PCPU_NONE)
		return nla_put_u32(skb, XFRMA_SA_PCPU, pcpu);
#endif
	return 0;
}

void ipsecdp_xfrm_acquire(struct ipsecdp_net *pn,
			  const struct ipsecdp_policy *pol,
			  const struct ipsecdp_flow *fl, u32 pcpu)
{
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	if (!pol->ntmpl)
		return;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(struct xfrm_user_acquire)) +
			nla_total_size(sizeof(struct xfrm_user_tmpl) *
				       IPSECDP_MAX_TMPL) +
			nla_total_size(sizeof(u32)), GFP_ATOMIC);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, XFRM_MSG_ACQUIRE,
			sizeof(struct xfrm_user_acquire), 0);
	if (!nlh || ipsecdp_xfrm_put_tmpls(skb, pol) ||
	    ipsecdp_xfrm_put_acq_pcpu(skb, pcpu)) {
		kfree_skb(skb);
		return;
	}
	ipsecdp_xfrm_acquire_info(nlmsg_data(nlh), pol, fl);
	nlmsg_end(skb, nlh);

	ipsecdp_xfrm_event_send(pn->net, skb, XFRMNLGRP_ACQUIRE);
}

void ipsecdp_xfrm_expire(struct ipsecdp_sa *sa, bool hard)
{
	struct net *net = sa->pn->net;
	struct xfrm_user_expire *ue;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	if (!ipsecdp_xfrm_has_listeners(net, XFRMNLGRP_EXPIRE))
		return;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(*ue)), GFP_ATOMIC);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, XFRM_MSG_EXPIRE, sizeof(*ue), 0);
	if (!nlh) {
		kfree_skb(skb);
		return;
	}
	ue = nlmsg_data(nlh);
	memset(ue, 0, sizeof(*ue));
	ipsecdp_xfrm_sa_info(&ue->state, sa);
	ue->hard = hard;
	nlmsg_end(skb, nlh);
	ipsecdp_xfrm_event_send(net, skb, XFRMNLGRP_EXPIRE);
}

/* ---- changes to the SAD and the SPD ---- */

static int ipsecdp_xfrm_sa_event(struct sk_buff *skb, struct ipsecdp_sa *sa,
				 int type)
{
	struct xfrm_usersa_info *p;
	struct xfrm_usersa_id *id;
	struct nlmsghdr *nlh;
	struct nlattr *a;

	if (type != XFRM_MSG_DELSA) {
		nlh = nlmsg_put(skb, 0, 0, type, sizeof(*p), 0);
		if (!nlh)
			return -EMSGSIZE;
		p = nlmsg_data(nlh);
	} else {
		nlh = nlmsg_put(skb, 0, 0, type, sizeof(*id), 0);
		if (!nlh)
			return -EMSGSIZE;
		id = nlmsg_data(nlh);
		memset(id, 0, sizeof(*id));
		ipsecdp_xfrm_addr_out(&id->daddr, &sa->daddr, sa->family);
		id->spi = sa->spi;
		id->family = sa->family;
		id->proto = sa->proto;
		a = nla_reserve(skb, XFRMA_SA, sizeof(*p));
		if (!a)
			return -EMSGSIZE;
		p = nla_data(a);
	}
	ipsecdp_xfrm_sa_info(p, sa);
	if (ipsecdp_xfrm_sa_put_attrs(skb, sa))
		return -EMSGSIZE;
	nlmsg_end(skb, nlh);
	return 0;
}

/*
 * The XFRM message that tells of the change ipsecdp's event @cmd tells
 * of (0: none); the SA commands reach ipsecdp_xfrm_notify_sa(), the
 * policy ones ipsecdp_xfrm_notify_policy() (core/netlink.h).
 */
static const u8 ipsecdp_xfrm_event_type[__IPSECDP_CMD_MAX] = {
	[IPSECDP_CMD_SA_ADD]		= XFRM_MSG_NEWSA,
	[IPSECDP_CMD_SA_UPDATE]		= XFRM_MSG_UPDSA,
	[IPSECDP_CMD_SA_DEL]		= XFRM_MSG_DELSA,
	[IPSECDP_CMD_POLICY_ADD]	= XFRM_MSG_NEWPOLICY,
	[IPSECDP_CMD_POLICY_UPDATE]	= XFRM_MSG_UPDPOLICY,
	[IPSECDP_CMD_POLICY_DEL]	= XFRM_MSG_DELPOLICY,
};

static int ipsecdp_xfrm_event_of(u8 cmd)
{
	return cmd < ARRAY_SIZE(ipsecdp_xfrm_event_type) ?
	       ipsecdp_xfrm_event_type[cmd] : 0;
}

void ipsecdp_xfrm_notify_sa(struct ipsecdp_sa *sa, u8 cmd)
{
	struct net *net = sa->pn->net;
	int type = ipsecdp_xfrm_event_of(cmd);
	struct sk_buff *skb;

	if (!type)
		return;
	if (!ipsecdp_xfrm_has_listeners(net, XFRMNLGRP_SA))
		return;
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	if (ipsecdp_xfrm_sa_event(skb, sa, type)) {
		kfree_skb(skb);
		return;
	}
	ipsecdp_xfrm_event_send(net, skb, XFRMNLGRP_SA);
}

static int ipsecdp_xfrm_pol_event(struct sk_buff *skb,
				  const struct ipsecdp_policy *pol, int type)
{
	struct xfrm_userpolicy_info *p;
	struct xfrm_userpolicy_id *id;
	struct nlmsghdr *nlh;
	struct nlattr *a;

	if (type != XFRM_MSG_DELPOLICY) {
		nlh = nlmsg_put(skb, 0, 0, type, sizeof(*p), 0);
		if (!nlh)
			return -EMSGSIZE;
		p = nlmsg_data(nlh);
		ipsecdp_xfrm_pol_info(p, pol);
	} else {
		nlh = nlmsg_put(skb, 0, 0, type, sizeof(*id), 0);
		if (!nlh)
			return -EMSGSIZE;
		id = nlmsg_data(nlh);
		a = nla_reserve(skb, XFRMA_POLICY, sizeof(*p));
		if (!a)
			return -EMSGSIZE;
		p = nla_data(a);
		ipsecdp_xfrm_pol_info(p, pol);
		memset(id, 0, sizeof(*id));
		id->sel = p->sel;
		id->index = p->index;
		id->dir = p->dir;
	}
	if (ipsecdp_xfrm_put_tmpls(skb, pol))
		return -EMSGSIZE;
	nlmsg_end(skb, nlh);
	return 0;
}

void ipsecdp_xfrm_notify_policy(struct ipsecdp_net *pn,
				const struct ipsecdp_policy *pol, u8 cmd)
{
	int type = ipsecdp_xfrm_event_of(cmd);
	struct sk_buff *skb;

	if (!type)
		return;
	if (!ipsecdp_xfrm_has_listeners(pn->net, XFRMNLGRP_POLICY))
		return;
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_ATOMIC);
	if (!skb)
		return;
	if (ipsecdp_xfrm_pol_event(skb, pol, type)) {
		kfree_skb(skb);
		return;
	}
	ipsecdp_xfrm_event_send(pn->net, skb, XFRMNLGRP_POLICY);
}

void ipsecdp_xfrm_notify_flush(struct ipsecdp_net *pn, u8 cmd)
{
	bool sa = cmd == IPSECDP_CMD_SA_FLUSH;
	unsigned int group = sa ? XFRMNLGRP_SA : XFRMNLGRP_POLICY;
	struct xfrm_usersa_flush *f;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	if (cmd != IPSECDP_CMD_SA_FLUSH && cmd != IPSECDP_CMD_POLICY_FLUSH)
		return;
	if (!ipsecdp_xfrm_has_listeners(pn->net, group))
		return;
	skb = nlmsg_new(NLMSG_ALIGN(sizeof(*f)), GFP_ATOMIC);
	if (!skb)
		return;
	nlh = nlmsg_put(skb, 0, 0, sa ? XFRM_MSG_FLUSHSA : XFRM_MSG_FLUSHPOLICY,
			sa ? sizeof(*f) : 0, 0);
	if (!nlh) {
		kfree_skb(skb);
		return;
	}
	if (sa) {
		f = nlmsg_data(nlh);
		f->proto = IPSEC_PROTO_ANY;
	}
	nlmsg_end(skb, nlh);
	ipsecdp_xfrm_event_send(pn->net, skb, group);
}
