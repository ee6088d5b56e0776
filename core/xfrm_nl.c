// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the NETLINK_XFRM socket of each namespace and the dispatch of
 * its messages (core/xfrm_sa.c, core/xfrm_policy.c translate them).
 *
 * One kernel socket per (namespace, protocol) can exist: the first to be
 * created owns the protocol. With xfrm_netlink=1, ipsecdp creates it in
 * every namespace, so the kernel's xfrm_user module can no longer load
 * (its pernet init fails), and socket(NETLINK_XFRM) no longer autoloads
 * it. If xfrm_user is already loaded, the module load fails with -EBUSY
 * and says so: unload xfrm_user first.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include "core/xfrm_nl.h"

static bool xfrm_netlink;
module_param(xfrm_netlink, bool, 0444);
MODULE_PARM_DESC(xfrm_netlink,
		 "serve the XFRM netlink API (ip xfrm, IKE daemons) instead of xfrm_user");

static unsigned int ipsecdp_xfrm_net_id __read_mostly;
/* pernet state exists: set once registered, cleared before unregistering */
bool ipsecdp_xfrm_on __read_mostly;
static DEFINE_MUTEX(ipsecdp_xfrm_mutex);	/* one request at a time */

#define IPSECDP_XFRM_OP(type) ((type) - XFRM_MSG_BASE)

static const struct ipsecdp_xfrm_op *const
ipsecdp_xfrm_ops[XFRM_NR_MSGTYPES] = {
	[IPSECDP_XFRM_OP(XFRM_MSG_NEWSA)]	= &ipsecdp_xfrm_newsa_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_UPDSA)]	= &ipsecdp_xfrm_updsa_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_DELSA)]	= &ipsecdp_xfrm_delsa_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_GETSA)]	= &ipsecdp_xfrm_getsa_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_FLUSHSA)]	= &ipsecdp_xfrm_flushsa_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_NEWPOLICY)]	= &ipsecdp_xfrm_newpolicy_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_UPDPOLICY)]	= &ipsecdp_xfrm_updpolicy_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_DELPOLICY)]	= &ipsecdp_xfrm_delpolicy_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_GETPOLICY)]	= &ipsecdp_xfrm_getpolicy_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_FLUSHPOLICY)]	= &ipsecdp_xfrm_flushpolicy_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_ALLOCSPI)]	= &ipsecdp_xfrm_allocspi_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_GETAE)]	= &ipsecdp_xfrm_getae_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_NEWAE)]	= &ipsecdp_xfrm_newae_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_GETSADINFO)]	= &ipsecdp_xfrm_getsadinfo_op,
	[IPSECDP_XFRM_OP(XFRM_MSG_GETSPDINFO)]	= &ipsecdp_xfrm_getspdinfo_op,
};

/*
 * Lengths are minimums (struct attributes), as xfrm_user checks them;
 * each handler checks what it reads beyond (keys, ESN bitmaps).
 */
static const struct nla_policy ipsecdp_xfrma_policy[XFRMA_MAX + 1] = {
	[XFRMA_ALG_AUTH]	= { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ALG_CRYPT]	= { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ALG_COMP]	= { .len = sizeof(struct xfrm_algo) },
	[XFRMA_ENCAP]		= { .len = sizeof(struct xfrm_encap_tmpl) },
	[XFRMA_TMPL]		= { .len = sizeof(struct xfrm_user_tmpl) },
	[XFRMA_SEC_CTX]		= { .len = sizeof(struct xfrm_sec_ctx) },
	[XFRMA_LTIME_VAL]	= { .len = sizeof(struct xfrm_lifetime_cur) },
	[XFRMA_REPLAY_VAL]	= { .len = sizeof(struct xfrm_replay_state) },
	[XFRMA_REPLAY_THRESH]	= { .type = NLA_U32 },
	[XFRMA_ETIMER_THRESH]	= { .type = NLA_U32 },
	[XFRMA_SRCADDR]		= { .len = sizeof(xfrm_address_t) },
	[XFRMA_COADDR]		= { .len = sizeof(xfrm_address_t) },
	[XFRMA_POLICY_TYPE]	= { .len = sizeof(struct xfrm_userpolicy_type) },
	[XFRMA_ALG_AEAD]	= { .len = sizeof(struct xfrm_algo_aead) },
	[XFRMA_ALG_AUTH_TRUNC]	= { .len = sizeof(struct xfrm_algo_auth) },
	[XFRMA_MARK]		= { .len = sizeof(struct xfrm_mark) },
	[XFRMA_TFCPAD]		= { .type = NLA_U32 },
	[XFRMA_REPLAY_ESN_VAL]	= { .len = sizeof(struct xfrm_replay_state_esn) },
	[XFRMA_SA_EXTRA_FLAGS]	= { .type = NLA_U32 },
	[XFRMA_PROTO]		= { .type = NLA_U8 },
	[XFRMA_ADDRESS_FILTER]	= { .len = sizeof(struct xfrm_address_filter) },
	[XFRMA_OFFLOAD_DEV]	= { .len = sizeof(struct xfrm_user_offload) },
	[XFRMA_SET_MARK]	= { .type = NLA_U32 },
	[XFRMA_SET_MARK_MASK]	= { .type = NLA_U32 },
	[XFRMA_IF_ID]		= { .type = NLA_U32 },
#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU
	[XFRMA_SA_DIR]		= NLA_POLICY_RANGE(NLA_U8, XFRM_SA_DIR_IN,
						   XFRM_SA_DIR_OUT),
	[XFRMA_SA_PCPU]		= { .type = NLA_U32 },
#endif
};

int ipsecdp_xfrm_refuse(struct nlattr **attrs, u64 allowed,
			struct netlink_ext_ack *extack)
{
	int i;

	for (i = 1; i <= XFRMA_MAX; i++) {
		if (!attrs[i] || (allowed & BIT_ULL(i)))
			continue;
		NL_SET_ERR_MSG_ATTR(extack, attrs[i],
				    "XFRM attribute not supported here");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int ipsecdp_xfrm_dump_start(struct sk_buff *skb, struct nlmsghdr *nlh,
				   const struct ipsecdp_xfrm_op *op,
				   struct netlink_ext_ack *extack)
{
	struct netlink_dump_control c = { .dump = op->dumpit };

	if (!op->dumpit) {
		NL_SET_ERR_MSG_MOD(extack, "this message type cannot be dumped");
		return -EOPNOTSUPP;
	}
	return netlink_dump_start(skb->sk, skb, nlh, &c);
}

static int ipsecdp_xfrm_rcv_msg(struct sk_buff *skb, struct nlmsghdr *nlh,
				struct netlink_ext_ack *extack)
{
	struct net *net = sock_net(skb->sk);
	struct nlattr *attrs[XFRMA_MAX + 1];
	const struct ipsecdp_xfrm_op *op;
	int type = nlh->nlmsg_type;
	int err;

	if (type < XFRM_MSG_BASE || type > XFRM_MSG_MAX)
		return -EINVAL;
	op = ipsecdp_xfrm_ops[IPSECDP_XFRM_OP(type)];
	if (!op) {
		NL_SET_ERR_MSG_MOD(extack,
				   "XFRM message type not implemented");
		return -EOPNOTSUPP;
	}
	/* every XFRM message changes or reveals keying state */
	if (!netlink_net_capable(skb, CAP_NET_ADMIN))
		return -EPERM;
	if ((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		return ipsecdp_xfrm_dump_start(skb, nlh, op, extack);
	if (!op->doit)
		return -EOPNOTSUPP;
	err = nlmsg_parse_deprecated(nlh, op->hdrlen, attrs, XFRMA_MAX,
				     ipsecdp_xfrma_policy, extack);
	if (err)
		return err;
	err = ipsecdp_xfrm_refuse(attrs, op->attrs, extack);
	if (err)
		return err;
	return op->doit(ipsecdp_pernet(net), skb, nlh, attrs, extack);
}

static void ipsecdp_xfrm_rcv(struct sk_buff *skb)
{
	mutex_lock(&ipsecdp_xfrm_mutex);
	netlink_rcv_skb(skb, ipsecdp_xfrm_rcv_msg);
	mutex_unlock(&ipsecdp_xfrm_mutex);
}

struct ipsecdp_xfrm_net *ipsecdp_xfrm_net(const struct net *net)
{
	return net_generic(net, ipsecdp_xfrm_net_id);
}

/* Replies are sent by the handlers, under the mutex */
int ipsecdp_xfrm_unicast(struct net *net, struct sk_buff *skb, u32 portid)
{
	struct sock *sk;

	sk = rcu_dereference_protected(ipsecdp_xfrm_net(net)->nlsk,
				       lockdep_is_held(&ipsecdp_xfrm_mutex));
	return nlmsg_unicast(sk, skb, portid);
}

struct sock *ipsecdp_xfrm_listener(struct net *net, unsigned int group)
{
	struct sock *sk;

	if (!READ_ONCE(ipsecdp_xfrm_on))
		return NULL;
	sk = rcu_dereference(ipsecdp_xfrm_net(net)->nlsk);
	return sk && netlink_has_listeners(sk, group) ? sk : NULL;
}

static int __net_init ipsecdp_xfrm_net_init(struct net *net)
{
	struct netlink_kernel_cfg cfg = {
		.groups	= XFRMNLGRP_MAX,
		.input	= ipsecdp_xfrm_rcv,
	};
	struct ipsecdp_xfrm_net *xn = ipsecdp_xfrm_net(net);
	struct sock *sk;

	INIT_LIST_HEAD(&xn->larval);
	sk = netlink_kernel_create(net, NETLINK_XFRM, &cfg);
	if (!sk) {
		pr_err("cannot create the NETLINK_XFRM socket: is xfrm_user loaded?\n");
		return -EBUSY;
	}
	xn->nlsk_stash = sk;
	rcu_assign_pointer(xn->nlsk, sk);
	return 0;
}

/*
 * Events (core/xfrm_event.c) stop here; the namespace's SAs live on until
 * ipsecdp's own pernet exit, after a grace period that the core waits for
 * between pre_exit and exit.
 */
static void __net_exit ipsecdp_xfrm_net_pre_exit(struct net *net)
{
	RCU_INIT_POINTER(ipsecdp_xfrm_net(net)->nlsk, NULL);
}

static void __net_exit ipsecdp_xfrm_net_exit(struct net *net)
{
	struct ipsecdp_xfrm_net *xn = ipsecdp_xfrm_net(net);

	/* no request can come any more: no socket of the namespace is left */
	netlink_kernel_release(xn->nlsk_stash);
	ipsecdp_xfrm_larval_flush(xn);
}

static struct pernet_operations ipsecdp_xfrm_net_ops = {
	.init	= ipsecdp_xfrm_net_init,
	.pre_exit = ipsecdp_xfrm_net_pre_exit,
	.exit	= ipsecdp_xfrm_net_exit,
	.id	= &ipsecdp_xfrm_net_id,
	.size	= sizeof(struct ipsecdp_xfrm_net),
};

int ipsecdp_xfrm_nl_init(void)
{
	int err;

	if (!xfrm_netlink)
		return 0;
	/* xfrm_user sets it in every namespace it serves */
	if (rcu_access_pointer(init_net.xfrm.nlsk)) {
		pr_err("xfrm_netlink=1: xfrm_user owns NETLINK_XFRM; unload it first\n");
		return -EBUSY;
	}
	err = register_pernet_subsys(&ipsecdp_xfrm_net_ops);
	if (err)
		return err;
	ipsecdp_sockpol_init();
	WRITE_ONCE(ipsecdp_xfrm_on, true);
	return 0;
}

void ipsecdp_xfrm_nl_exit(void)
{
	if (!xfrm_netlink)
		return;
	/*
	 * An event that still saw it on finishes before the pernet state is
	 * freed: unregistering waits for a grace period after pre_exit.
	 */
	WRITE_ONCE(ipsecdp_xfrm_on, false);
	ipsecdp_sockpol_exit();
	unregister_pernet_subsys(&ipsecdp_xfrm_net_ops);
}
