/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: the kernel's XFRM netlink API (NETLINK_XFRM, linux/xfrm.h)
 * served by ipsecdp, so that `ip xfrm` and IKE daemons configure the same
 * SAD and SPD as the generic netlink API. Off unless the module is loaded
 * with xfrm_netlink=1; see Documentation/xfrm-api.rst.
 */
#ifndef _IPSECDP_XFRM_NL_H
#define _IPSECDP_XFRM_NL_H

#include <linux/xfrm.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"

struct ipsecdp_sa_id;
struct ipsecdp_sa;
struct ipsecdp_policy;

/* The front end's per-namespace state (core/xfrm_nl.c). */
struct ipsecdp_xfrm_net {
	/* NETLINK_XFRM, kernel side; NULL from namespace pre-exit on */
	struct sock __rcu	*nlsk;
	struct sock		*nlsk_stash;	/* released at exit */
	/* SPIs handed out by ALLOCSPI, not yet an SA (core/xfrm_spi.c) */
	struct list_head	larval;
	unsigned int		nlarval;
};

struct ipsecdp_xfrm_net *ipsecdp_xfrm_net(const struct net *net);

int ipsecdp_xfrm_nl_init(void);
void ipsecdp_xfrm_nl_exit(void);
/* The front end is on (module parameter xfrm_netlink, registered) */
extern bool ipsecdp_xfrm_on;

/*
 * Socket bypass policies (core/xfrm_sockpol.c): the key manager that
 * compiles them, and the hooks' checks (under RCU).
 */
void ipsecdp_sockpol_init(void);
void ipsecdp_sockpol_exit(void);
bool ipsecdp_sockpol_out(const struct sk_buff *skb);
bool ipsecdp_sockpol_in(struct net *net, const struct ipsecdp_flow *fl,
			const struct sk_buff *skb);

/* One message type: its handler, or its dump (GET* with NLM_F_DUMP). */
struct ipsecdp_xfrm_op {
	int (*doit)(struct ipsecdp_net *pn, struct sk_buff *skb,
		    const struct nlmsghdr *nlh, struct nlattr **attrs,
		    struct netlink_ext_ack *extack);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
	unsigned int	hdrlen;		/* the fixed struct after nlmsghdr */
	u64		attrs;		/* XFRMA_* it takes (bits) */
};

/* A reply on the namespace's NETLINK_XFRM socket; consumes @skb. */
int ipsecdp_xfrm_unicast(struct net *net, struct sk_buff *skb, u32 portid);
/* An event to @group of the namespace's NETLINK_XFRM; consumes @skb. */
void ipsecdp_xfrm_event_send(struct net *net, struct sk_buff *skb,
			     unsigned int group);

/*
 * The namespace's socket if the front end is on and someone listens to
 * XFRMNLGRP_* @group, else NULL; under rcu_read_lock().
 */
struct sock *ipsecdp_xfrm_listener(struct net *net, unsigned int group);

/* Message bodies shared by replies and events */
void ipsecdp_xfrm_sa_info(struct xfrm_usersa_info *p, const struct ipsecdp_sa *sa);
void ipsecdp_xfrm_pol_info(struct xfrm_userpolicy_info *p,
			   const struct ipsecdp_policy *pol);
int ipsecdp_xfrm_put_tmpls(struct sk_buff *skb, const struct ipsecdp_policy *pol);
/* An SA's attributes after its xfrm_usersa_info: keys, replay, encap */
int ipsecdp_xfrm_sa_put_attrs(struct sk_buff *skb, struct ipsecdp_sa *sa);

struct ipsecdp_sa_cfg;
/*
 * XFRMA_SA_DIR and XFRMA_SA_PCPU of NEWSA/UPDSA into @cfg, after XFRM's
 * checks of what the direction rules out (core/xfrm_sa_dir.c).
 */
int ipsecdp_xfrm_sa_dir(const struct xfrm_usersa_info *p,
			struct nlattr **attrs, struct ipsecdp_sa_cfg *cfg,
			struct netlink_ext_ack *extack);

/* Ends @nlh, or takes it back when a put into it failed (@err) */
static inline int ipsecdp_xfrm_msg_end(struct sk_buff *skb,
				       struct nlmsghdr *nlh, int err)
{
	if (err) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

/* Refuse an attribute ipsecdp does not implement (a value it ignores). */
int ipsecdp_xfrm_refuse(struct nlattr **attrs, u64 allowed,
			struct netlink_ext_ack *extack);

/* Address conversion: ipsecdp keeps the first 4 or 16 bytes. */
static inline void ipsecdp_xfrm_addr_in(union ipsecdp_addr *a,
					const xfrm_address_t *x, u16 family)
{
	memset(a, 0, sizeof(*a));
	if (family == AF_INET)
		a->a4 = x->a4;
	else
		memcpy(&a->in6, &x->in6, sizeof(a->in6));
}

static inline void ipsecdp_xfrm_addr_out(xfrm_address_t *x,
					 const union ipsecdp_addr *a,
					 u16 family)
{
	memset(x, 0, sizeof(*x));
	if (family == AF_INET)
		x->a4 = a->a4;
	else
		memcpy(&x->in6, &a->in6, sizeof(x->in6));
}

/*
 * Larval SAs (core/xfrm_spi.c), under the front end's mutex: whether @id
 * is an SPI handed out and not yet used (_find), and its removal (_drop:
 * false if there was none). _flush at namespace exit.
 */
bool ipsecdp_xfrm_larval_find(struct ipsecdp_xfrm_net *xn,
			      const struct ipsecdp_sa_id *id);
bool ipsecdp_xfrm_larval_drop(struct ipsecdp_xfrm_net *xn,
			      const struct ipsecdp_sa_id *id);
void ipsecdp_xfrm_larval_flush(struct ipsecdp_xfrm_net *xn);

/* The message types served, by file */
extern const struct ipsecdp_xfrm_op ipsecdp_xfrm_newsa_op, ipsecdp_xfrm_updsa_op,
	ipsecdp_xfrm_delsa_op, ipsecdp_xfrm_getsa_op, ipsecdp_xfrm_flushsa_op,
	ipsecdp_xfrm_getsadinfo_op, ipsecdp_xfrm_getae_op,
	ipsecdp_xfrm_newae_op;					/* xfrm_sa.c */
extern const struct ipsecdp_xfrm_op ipsecdp_xfrm_newpolicy_op,
	ipsecdp_xfrm_updpolicy_op, ipsecdp_xfrm_delpolicy_op,
	ipsecdp_xfrm_getpolicy_op, ipsecdp_xfrm_flushpolicy_op,
	ipsecdp_xfrm_getspdinfo_op;				/* xfrm_policy.c */
extern const struct ipsecdp_xfrm_op ipsecdp_xfrm_allocspi_op;	/* xfrm_spi.c */

#endif /* _IPSECDP_XFRM_NL_H */
