// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the "ipsecdp" generic netlink family: registration, shared
 * attribute helpers, counters and the events multicast to the "events"
 * group. SA and policy commands live in core/nl_sa.c and
 * core/nl_policy.c; the operations and their policies are generated
 * from Documentation/netlink/ipsecdp.yaml (core/nl_gen.c).
 *
 * Every command needs CAP_NET_ADMIN in the namespace's user namespace,
 * dumps included; every attribute is strictly validated, against the
 * policy of its operation.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include "core/compat.h"
#include "core/ipsecdp.h"
#include "core/netlink.h"
#include "core/nl_priv.h"
#include "core/stats.h"
#include "sa/sa.h"
#include "spd/spd.h"

unsigned int ipsecdp_nl_addr_len(u16 family)
{
	return family == AF_INET ? sizeof(__be32) : sizeof(struct in6_addr);
}

int ipsecdp_nl_parse_family(const struct nlattr *attr, u16 *family,
			    struct netlink_ext_ack *extack)
{
	u16 f = nla_get_u16(attr);

	if (f != AF_INET && f != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "unsupported address family: only inet and inet6");
		return -EAFNOSUPPORT;
	}
	*family = f;
	return 0;
}

int ipsecdp_nl_parse_addr(const struct nlattr *attr, u16 family,
			  union ipsecdp_addr *addr,
			  struct netlink_ext_ack *extack)
{
	unsigned int len = ipsecdp_nl_addr_len(family);

	if (nla_len(attr) != len) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address length does not match family");
		return -EINVAL;
	}
	memset(addr, 0, sizeof(*addr));
	memcpy(addr, nla_data(attr), len);
	return 0;
}

/*
 * The family in @tb[@ftype] of @nest and, in that family, the addresses
 * in @tb[@stype] (none if @stype < 0) and @tb[@dtype]; all required.
 */
int ipsecdp_nl_parse_ends(const struct nlattr *nest, struct nlattr **tb,
			  int ftype, int stype, int dtype, u16 *family,
			  union ipsecdp_addr *saddr, union ipsecdp_addr *daddr,
			  struct netlink_ext_ack *extack)
{
	int err;

	if (IPSECDP_NL_REQ(extack, nest, tb, ftype, "missing address family") ||
	    (stype >= 0 && IPSECDP_NL_REQ(extack, nest, tb, stype,
					  "missing source address")) ||
	    IPSECDP_NL_REQ(extack, nest, tb, dtype,
			   "missing destination address"))
		return -EINVAL;
	err = ipsecdp_nl_parse_family(tb[ftype], family, extack);
	if (!err && stype >= 0)
		err = ipsecdp_nl_parse_addr(tb[stype], *family, saddr, extack);
	if (!err)
		err = ipsecdp_nl_parse_addr(tb[dtype], *family, daddr, extack);
	return err;
}

int ipsecdp_nl_put_addr(struct sk_buff *skb, int type, u16 family,
			const union ipsecdp_addr *addr)
{
	return nla_put(skb, type, ipsecdp_nl_addr_len(family), addr);
}

/* A message of @cmd to @portid (0: multicast), its header in *@hdr. */
static struct sk_buff *ipsecdp_nl_msg_new(u32 portid, u32 seq, u8 cmd,
					  gfp_t gfp, void **hdr)
{
	struct sk_buff *msg;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, gfp);
	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, portid, seq, &ipsecdp_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* A reply of @cmd to @info, its header in *@hdr; NULL without memory. */
struct sk_buff *ipsecdp_nl_reply_new(struct genl_info *info, u8 cmd,
				     void **hdr)
{
	return ipsecdp_nl_msg_new(info->snd_portid, info->snd_seq, cmd,
				  GFP_KERNEL, hdr);
}

/* Send the reply @msg, or drop it and return @err (the fill's). */
int ipsecdp_nl_reply_send(struct genl_info *info, struct sk_buff *msg,
			  void *hdr, int err)
{
	if (err) {
		nlmsg_free(msg);
		if (err == -EMSGSIZE)
			NL_SET_ERR_MSG_MOD(info->extack, "reply too large");
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/*
 * Dumps: entry @d->idx of the walk starts a message, or is skipped
 * (NULL) when an earlier part of the dump sent it.
 */
void *ipsecdp_nl_dump_start(struct ipsecdp_nl_dump *d)
{
	void *hdr;

	if (d->idx < d->cb->args[0]) {
		d->idx++;
		return NULL;
	}
	hdr = genlmsg_put(d->skb, NETLINK_CB(d->cb->skb).portid,
			  d->cb->nlh->nlmsg_seq, &ipsecdp_genl_family,
			  NLM_F_MULTI, d->cmd);
	if (!hdr)
		d->err = -EMSGSIZE;
	return hdr;
}

/* End the entry's message; @err (the fill's) cancels it and the walk. */
void ipsecdp_nl_dump_end(struct ipsecdp_nl_dump *d, void *hdr, int err)
{
	if (err) {
		genlmsg_cancel(d->skb, hdr);
		d->err = err;
		return;
	}
	genlmsg_end(d->skb, hdr);
	d->idx++;
}

int ipsecdp_nl_dump_done(struct ipsecdp_nl_dump *d)
{
	d->cb->args[0] = d->idx;
	/* an entry too large for an empty message would loop forever */
	if (d->err && !d->skb->len)
		return d->err;
	return d->skb->len;
}

int ipsecdp_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	u64 mibs[__IPSECDP_MIB_MAX];
	unsigned int nsa, npol;
	struct sk_buff *msg;
	struct nlattr *nest;
	int i, err = 0;
	void *hdr;

	msg = ipsecdp_nl_reply_new(info, IPSECDP_CMD_STATS_GET, &hdr);
	if (!msg)
		return -ENOMEM;

	ipsecdp_stats_fold(pn, mibs);
	nest = nla_nest_start(msg, IPSECDP_A_STATS);
	if (!nest)
		return ipsecdp_nl_reply_send(info, msg, hdr, -EMSGSIZE);
	for (i = IPSECDP_MIB_UNSPEC + 1; i < __IPSECDP_MIB_MAX && !err; i++)
		if (i != IPSECDP_MIB_PAD)
			err = nla_put_u64_64bit(msg, i, mibs[i],
						IPSECDP_MIB_PAD);
	nla_nest_end(msg, nest);

	/* what a dump would list at this instant */
	mutex_lock(&pn->cfg_lock);
	nsa = pn->sad.count;
	npol = pn->spd.count;
	mutex_unlock(&pn->cfg_lock);
	if (!err)
		err = nla_put_u32(msg, IPSECDP_A_SA_COUNT, nsa) ?:
		      nla_put_u32(msg, IPSECDP_A_POLICY_COUNT, npol);
	return ipsecdp_nl_reply_send(info, msg, hdr, err);
}

/* Refuse IPSECDP_A_BATCH on a request that cannot be staged (updates). */
int ipsecdp_nl_unbatched(struct genl_info *info)
{
	if (!info->attrs[IPSECDP_A_BATCH])
		return 0;
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[IPSECDP_A_BATCH],
			    "an update cannot be part of a batch");
	return -EOPNOTSUPP;
}

/*
 * Configuration requests that may be staged in a batch: a failure
 * while a batch is open poisons it (core/nl_batch.c).
 */
static int ipsecdp_nl_batchable(struct sk_buff *skb, struct genl_info *info,
				int (*doit)(struct sk_buff *skb,
					    struct genl_info *info))
{
	int err = doit(skb, info);

	if (err && info->attrs[IPSECDP_A_BATCH])
		ipsecdp_batch_poison(info);
	return err;
}

int ipsecdp_nl_sa_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_sa_add);
}

int ipsecdp_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_sa_del);
}

int ipsecdp_nl_sa_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_sa_flush);
}

int ipsecdp_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_policy_add);
}

int ipsecdp_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_policy_del);
}

int ipsecdp_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_policy_flush);
}

/* Never staged: a batched update is refused, and poisons the batch. */
int ipsecdp_nl_sa_update_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_sa_update);
}

int ipsecdp_nl_policy_update_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_batchable(skb, info, ipsecdp_nl_policy_update);
}

static const struct genl_multicast_group ipsecdp_genl_mcgrps[] = {
	/* events carry SA and policy state: admins only, like the dumps */
	{ .name = IPSECDP_MCGRP_EVENTS, .flags = GENL_MCAST_CAP_NET_ADMIN },
};

struct genl_family ipsecdp_genl_family __ro_after_init = {
	.name		= IPSECDP_GENL_NAME,
	.version	= IPSECDP_GENL_VERSION,
	.maxattr	= IPSECDP_A_MAX,
	.netnsok	= true,
	/* handlers serialise on the namespace's cfg_lock */
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	/* per-operation policies and handlers, from the spec */
	IPSECDP_GENL_OPS_INIT,
	.resv_start_op	= IPSECDP_CMD_MAX + 1,
	.mcgrps		= ipsecdp_genl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ipsecdp_genl_mcgrps),
};

int ipsecdp_genl_init(void)
{
	int err = ipsecdp_batch_init();

	if (err)
		return err;
	err = genl_register_family(&ipsecdp_genl_family);
	if (err)
		ipsecdp_batch_exit();
	return err;
}

void ipsecdp_genl_exit(void)
{
	genl_unregister_family(&ipsecdp_genl_family);
	/* no request can open or feed a batch any more */
	ipsecdp_batch_exit();
}

/* ---- events: may run in softirq context ---- */

static struct sk_buff *ipsecdp_nl_event_new(struct net *net, u8 cmd,
					    void **hdr)
{
	if (!genl_has_listeners(&ipsecdp_genl_family, net, 0))
		return NULL;
	return ipsecdp_nl_msg_new(0, 0, cmd, GFP_ATOMIC, hdr);
}

static void ipsecdp_nl_event_send(struct net *net, struct sk_buff *skb,
				  void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast_netns(&ipsecdp_genl_family, net, skb, 0, 0,
				GFP_ATOMIC);
}

void ipsecdp_nl_notify_sa(struct ipsecdp_sa *sa, u8 cmd)
{
	struct net *net = sa->pn->net;
	struct sk_buff *skb;
	void *hdr;

	skb = ipsecdp_nl_event_new(net, cmd, &hdr);
	if (!skb)
		return;
	if (ipsecdp_nl_sa_fill(skb, sa)) {
		nlmsg_free(skb);
		return;
	}
	ipsecdp_nl_event_send(net, skb, hdr);
}

void ipsecdp_nl_notify_policy(struct ipsecdp_net *pn,
			      struct ipsecdp_policy *pol, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ipsecdp_nl_event_new(pn->net, cmd, &hdr);
	if (!skb)
		return;
	if (ipsecdp_nl_policy_fill(skb, pol)) {
		nlmsg_free(skb);
		return;
	}
	ipsecdp_nl_event_send(pn->net, skb, hdr);
}

void ipsecdp_nl_notify_flush(struct ipsecdp_net *pn, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ipsecdp_nl_event_new(pn->net, cmd, &hdr);
	if (!skb)
		return;
	ipsecdp_nl_event_send(pn->net, skb, hdr);
}

void ipsecdp_nl_expire(struct ipsecdp_sa *sa, bool hard)
{
	struct net *net = sa->pn->net;
	struct sk_buff *skb;
	void *hdr;

	skb = ipsecdp_nl_event_new(net, IPSECDP_CMD_SA_EXPIRE, &hdr);
	if (!skb)
		return;
	if (ipsecdp_nl_sa_fill(skb, sa) ||
	    nla_put_u8(skb, IPSECDP_A_HARD, hard)) {
		nlmsg_free(skb);
		return;
	}
	ipsecdp_nl_event_send(net, skb, hdr);
}

bool ipsecdp_nl_has_listeners(struct net *net)
{
	return genl_has_listeners(&ipsecdp_genl_family, net, 0);
}

static int ipsecdp_nl_put_flow(struct sk_buff *skb,
			       const struct ipsecdp_flow *fl)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IPSECDP_A_FLOW);
	if (!nest ||
	    nla_put_u16(skb, IPSECDP_FLOW_A_FAMILY, fl->family) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_FLOW_A_SRC, fl->family,
				&fl->saddr) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_FLOW_A_DST, fl->family,
				&fl->daddr) ||
	    nla_put_u8(skb, IPSECDP_FLOW_A_PROTO, fl->proto))
		return -EMSGSIZE;
	if ((ipsecdp_proto_has_ports(fl->proto) ||
	     ipsecdp_proto_has_type_code(fl->proto)) &&
	    (nla_put_u16(skb, IPSECDP_FLOW_A_SPORT, fl->sport) ||
	     nla_put_u16(skb, IPSECDP_FLOW_A_DPORT, fl->dport)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void ipsecdp_nl_acquire(struct ipsecdp_net *pn, struct ipsecdp_policy *pol,
			const struct ipsecdp_flow *fl, u32 pcpu)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ipsecdp_nl_event_new(pn->net, IPSECDP_CMD_ACQUIRE, &hdr);
	if (!skb)
		return;
	if (ipsecdp_nl_policy_fill(skb, pol) || ipsecdp_nl_put_flow(skb, fl) ||
	    (pcpu != IPSECDP_PCPU_NONE &&
	     nla_put_u32(skb, IPSECDP_A_PCPU_NUM, pcpu))) {
		nlmsg_free(skb);
		return;
	}
	ipsecdp_nl_event_send(pn->net, skb, hdr);
}
