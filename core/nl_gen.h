/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
#ifndef _IPSECDP_NL_GEN_H
#define _IPSECDP_NL_GEN_H

#include <net/genetlink.h>
#include <net/netlink.h>
#include <linux/ipsecdp.h>

/* Policies of the nests of requests, for the handlers' parsing */
extern const struct nla_policy ipsecdp_sa_cfg_nl_policy[IPSECDP_SA_A_MAX + 1];
extern const struct nla_policy ipsecdp_alg_nl_policy[IPSECDP_ALG_A_MAX + 1];
extern const struct nla_policy ipsecdp_lft_limits_nl_policy[IPSECDP_LFT_A_MAX + 1];
extern const struct nla_policy ipsecdp_encap_nl_policy[IPSECDP_ENCAP_A_MAX + 1];
extern const struct nla_policy ipsecdp_sa_id_nl_policy[IPSECDP_SA_A_MAX + 1];
extern const struct nla_policy ipsecdp_sa_proto_nl_policy[IPSECDP_SA_A_MAX + 1];
extern const struct nla_policy ipsecdp_pol_cfg_nl_policy[IPSECDP_POL_A_MAX + 1];
extern const struct nla_policy ipsecdp_tmpl_nl_policy[IPSECDP_TMPL_A_MAX + 1];
extern const struct nla_policy ipsecdp_pol_id_nl_policy[IPSECDP_POL_A_MAX + 1];
extern const struct nla_policy ipsecdp_pol_match_nl_policy[IPSECDP_POL_A_MAX + 1];

/* Handlers (core/genetlink.c, nl_sa.c, nl_policy.c, nl_batch.c) */
int ipsecdp_nl_sa_add_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_del_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_get_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ipsecdp_nl_sa_flush_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_add_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_del_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ipsecdp_nl_policy_flush_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_match_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_batch_begin_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_batch_commit_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_batch_abort_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_update_doit(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_update_doit(struct sk_buff *skb, struct genl_info *info);

#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS
extern const struct genl_split_ops ipsecdp_nl_ops[17];
#else
extern const struct genl_ops ipsecdp_nl_ops[15];
#endif

#endif /* _IPSECDP_NL_GEN_H */
