/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: generic netlink family and the events it multicasts. */
#ifndef _IPSECDP_NETLINK_H
#define _IPSECDP_NETLINK_H

#include "core/ipsecdp.h"

struct ipsecdp_sa;
struct ipsecdp_policy;

int ipsecdp_genl_init(void);
void ipsecdp_genl_exit(void);

/* Events to the "events" group; may be called in atomic context. */
void ipsecdp_nl_notify_sa(struct ipsecdp_sa *sa, u8 cmd);
void ipsecdp_nl_notify_policy(struct ipsecdp_net *pn,
			      struct ipsecdp_policy *pol, u8 cmd);
void ipsecdp_nl_notify_flush(struct ipsecdp_net *pn, u8 cmd);
void ipsecdp_nl_expire(struct ipsecdp_sa *sa, bool hard);
/* Is anyone in @net's "events" group? (cheap: skip building events) */
bool ipsecdp_nl_has_listeners(struct net *net);
/* @pcpu: the CPU whose per-CPU SA is missing, or IPSECDP_PCPU_NONE */
void ipsecdp_nl_acquire(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			const struct ipsecdp_flow *fl, u32 pcpu);

/*
 * The same events in XFRM's formats to NETLINK_XFRM listeners, when the
 * front end is on (core/xfrm_event.c); may be called in atomic context.
 */
bool ipsecdp_xfrm_has_listeners(struct net *net, unsigned int group);
void ipsecdp_xfrm_acquire(struct ipsecdp_net *pn,
			  const struct ipsecdp_policy *pol,
			  const struct ipsecdp_flow *fl, u32 pcpu);
void ipsecdp_xfrm_expire(struct ipsecdp_sa *sa, bool hard);
void ipsecdp_xfrm_notify_sa(struct ipsecdp_sa *sa, u8 cmd);
void ipsecdp_xfrm_notify_policy(struct ipsecdp_net *pn,
				const struct ipsecdp_policy *pol, u8 cmd);
void ipsecdp_xfrm_notify_flush(struct ipsecdp_net *pn, u8 cmd);

/*
 * A change to the SAD or SPD (IPSECDP_CMD_SA_* and _POLICY_*), told to
 * both APIs' listeners; called under the namespace's cfg_lock.
 */
static inline void ipsecdp_notify_sa(struct ipsecdp_sa *sa, u8 cmd)
{
	ipsecdp_nl_notify_sa(sa, cmd);
	ipsecdp_xfrm_notify_sa(sa, cmd);
}

static inline void ipsecdp_notify_policy(struct ipsecdp_net *pn,
					 struct ipsecdp_policy *pol, u8 cmd)
{
	ipsecdp_nl_notify_policy(pn, pol, cmd);
	ipsecdp_xfrm_notify_policy(pn, pol, cmd);
}

static inline void ipsecdp_notify_flush(struct ipsecdp_net *pn, u8 cmd)
{
	ipsecdp_nl_notify_flush(pn, cmd);
	ipsecdp_xfrm_notify_flush(pn, cmd);
}

#endif /* _IPSECDP_NETLINK_H */
