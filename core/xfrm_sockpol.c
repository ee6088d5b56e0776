// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: socket bypass policies, IP_XFRM_POLICY / IPV6_XFRM_POLICY.
 *
 * IKE daemons let their own packets through the policies they install by
 * putting an "allow" policy without templates on their IKE sockets:
 * libreswan's pluto always does, and refuses to start when it cannot;
 * charon does unless told to use port bypass policies. The kernel hands
 * the option's bytes, in xfrm_user's format, to every registered key
 * manager's compile_policy; with xfrm_netlink=1 xfrm_user is not loaded
 * and ipsecdp registers one (the option itself takes CAP_NET_ADMIN).
 *
 * Only such bypass policies are taken, for every packet of the socket
 * (a selector that matches everything): the kernel keeps them on the
 * socket (sk->sk_policy), and ipsecdp's hooks honour them. On output the
 * packet's socket says so. On input the packet has no socket yet: a UDP
 * packet in clear that an inbound protect policy would drop is accepted
 * when the socket it goes to (looked up as UDP delivery would, by
 * addresses, ports and the receiving device) has an inbound bypass
 * policy. That lookup is made on this drop path only. Both only while ipsecdp serves
 * NETLINK_XFRM: otherwise socket policies are xfrm_user's, for XFRM.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/xfrm.h>
#include <net/sock.h>
#include <net/udp.h>
#include <net/xfrm.h>
#include "core/compat.h"
#include "core/xfrm_nl.h"

static bool ipsecdp_sel_any(const struct xfrm_selector *sel)
{
	return !sel->prefixlen_d && !sel->prefixlen_s && !sel->proto &&
	       !sel->sport_mask && !sel->dport_mask && !sel->ifindex;
}

static int ipsecdp_sockpol_check(const struct sock *sk, int opt,
				 const struct xfrm_userpolicy_info *p, int len)
{
	switch (sk->sk_family) {
	case AF_INET:
		if (opt != IP_XFRM_POLICY)
			return -EOPNOTSUPP;
		break;
	case AF_INET6:
		if (opt != IPV6_XFRM_POLICY)
			return -EOPNOTSUPP;
		break;
	default:
		return -EINVAL;
	}
	if (len < (int)sizeof(*p))
		return -EINVAL;
	if (p->dir != XFRM_POLICY_IN && p->dir != XFRM_POLICY_OUT)
		return -EINVAL;
	if (p->sel.family != AF_INET && p->sel.family != AF_INET6)
		return -EINVAL;
	/* ipsecdp's datapath knows bypass for the whole socket only */
	if (len != (int)sizeof(*p) || p->action != XFRM_POLICY_ALLOW ||
	    !ipsecdp_sel_any(&p->sel))
		return -EOPNOTSUPP;
	return 0;
}

static struct xfrm_policy *ipsecdp_compile_policy(struct sock *sk, int opt,
						  u8 *data, int len, int *dir)
{
	const struct xfrm_userpolicy_info *p = (const void *)data;
	struct xfrm_policy *xp;
	int err;

	err = ipsecdp_sockpol_check(sk, opt, p, len);
	if (err) {
		*dir = err;
		return NULL;
	}
	/* under rcu_read_lock() (xfrm_user_policy) */
	xp = xfrm_policy_alloc(sock_net(sk), GFP_ATOMIC);
	if (!xp) {
		*dir = -ENOMEM;
		return NULL;
	}
	xp->selector = p->sel;
	xp->lft = p->lft;
	xp->priority = p->priority;
	xp->index = p->index;
	xp->action = XFRM_POLICY_ALLOW;
	xp->flags = p->flags;
	xp->family = p->sel.family;
	xp->type = XFRM_POLICY_TYPE_MAIN;
	*dir = p->dir;
	return xp;
}

/* XFRM's own lookups find no template of ours to acquire SAs for */
static int ipsecdp_km_acquire(struct xfrm_state *x, struct xfrm_tmpl *t,
			      struct xfrm_policy *xp)
{
	return -EINVAL;
}

static struct xfrm_mgr ipsecdp_xfrm_mgr = {
	.acquire	= ipsecdp_km_acquire,
	.compile_policy	= ipsecdp_compile_policy,
};

void ipsecdp_sockpol_init(void)
{
	xfrm_register_km(&ipsecdp_xfrm_mgr);
}

void ipsecdp_sockpol_exit(void)
{
	xfrm_unregister_km(&ipsecdp_xfrm_mgr);
}

/* Has @sk a bypass policy for direction XFRM_POLICY_IN/OUT? Under RCU. */
static bool ipsecdp_sk_bypass(const struct sock *sk, int dir)
{
	const struct xfrm_policy *xp;

	if (!sk || !sk_fullsock(sk))
		return false;
	xp = rcu_dereference(sk->sk_policy[dir]);
	return xp && xp->action == XFRM_POLICY_ALLOW && !xp->xfrm_nr &&
	       ipsecdp_sel_any(&xp->selector);
}

bool ipsecdp_sockpol_out(const struct sk_buff *skb)
{
	return READ_ONCE(ipsecdp_xfrm_on) &&
	       ipsecdp_sk_bypass(skb->sk, XFRM_POLICY_OUT);
}

bool ipsecdp_sockpol_in(struct net *net, const struct ipsecdp_flow *fl,
			const struct sk_buff *skb)
{
	int dif = skb->dev ? skb->dev->ifindex : 0;
	struct sock *sk;

	if (!READ_ONCE(ipsecdp_xfrm_on) || fl->proto != IPPROTO_UDP)
		return false;
	/*
	 * The hooks run under RCU, as UDP's own receive path does, and a
	 * hashed UDP socket is freed after a grace period (SOCK_RCU_FREE):
	 * only its policy pointer (itself RCU) is read, so no reference.
	 */
	if (fl->family == AF_INET)
		sk = __udp4_lib_lookup(net, fl->saddr.a4, htons(fl->sport),
				       fl->daddr.a4, htons(fl->dport), dif, 0,
				       IPSECDP_UDP_TABLE(net), NULL);
	else
		sk = __udp6_lib_lookup(net, &fl->saddr.in6, htons(fl->sport),
				       &fl->daddr.in6, htons(fl->dport), dif, 0,
				       IPSECDP_UDP_TABLE(net), NULL);
	return ipsecdp_sk_bypass(sk, XFRM_POLICY_IN);
}
