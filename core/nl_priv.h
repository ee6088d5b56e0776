/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: internals shared by the generic netlink handlers
 * (core/genetlink.c, core/nl_sa.c, core/nl_policy.c, core/nl_batch.c).
 */
#ifndef _IPSECDP_NL_PRIV_H
#define _IPSECDP_NL_PRIV_H

#include <net/genetlink.h>
#include <net/netlink.h>
#include "core/ipsecdp.h"
#include "core/nl_gen.h"

struct ipsecdp_sa;
struct ipsecdp_policy;

extern struct genl_family ipsecdp_genl_family;

/* Refuse a missing required attribute, saying which one and why. */
#define IPSECDP_NL_REQ(extack, nest, tb, type, msg) ({		\
	struct netlink_ext_ack *__ipsecdp_ea = (extack);		\
	u32 __ipsecdp_type = (type);					\
	bool __ipsecdp_missing = !(tb)[__ipsecdp_type];			\
									\
	if (__ipsecdp_missing) {					\
		NL_SET_ERR_MSG_MOD(__ipsecdp_ea, msg);			\
		NL_SET_ERR_ATTR_MISS(__ipsecdp_ea, nest,		\
				     __ipsecdp_type);			\
	}								\
	__ipsecdp_missing;						\
})

unsigned int ipsecdp_nl_addr_len(u16 family);

/* Replies and dumps (core/genetlink.c) */
struct sk_buff *ipsecdp_nl_reply_new(struct genl_info *info, u8 cmd,
				     void **hdr);
int ipsecdp_nl_reply_send(struct genl_info *info, struct sk_buff *msg,
			  void *hdr, int err);

struct ipsecdp_nl_dump {
	struct sk_buff		*skb;
	struct netlink_callback	*cb;
	long			idx;	/* entries walked */
	int			err;
	u8			cmd;
};

#define IPSECDP_NL_DUMP(_skb, _cb, _cmd) \
	{ .skb = (_skb), .cb = (_cb), .cmd = (_cmd) }

void *ipsecdp_nl_dump_start(struct ipsecdp_nl_dump *d);
void ipsecdp_nl_dump_end(struct ipsecdp_nl_dump *d, void *hdr, int err);
int ipsecdp_nl_dump_done(struct ipsecdp_nl_dump *d);
int ipsecdp_nl_parse_family(const struct nlattr *attr, u16 *family,
			    struct netlink_ext_ack *extack);
int ipsecdp_nl_parse_addr(const struct nlattr *attr, u16 family,
			  union ipsecdp_addr *addr,
			  struct netlink_ext_ack *extack);
int ipsecdp_nl_parse_ends(const struct nlattr *nest, struct nlattr **tb,
			  int ftype, int stype, int dtype, u16 *family,
			  union ipsecdp_addr *saddr, union ipsecdp_addr *daddr,
			  struct netlink_ext_ack *extack);
int ipsecdp_nl_unbatched(struct genl_info *info);
int ipsecdp_nl_put_addr(struct sk_buff *skb, int type, u16 family,
			const union ipsecdp_addr *addr);

/* core/nl_sa.c */
int ipsecdp_nl_sa_fill(struct sk_buff *skb, struct ipsecdp_sa *sa);
int ipsecdp_nl_sa_add(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_update(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_del(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_sa_flush(struct sk_buff *skb, struct genl_info *info);

/* core/nl_policy.c */
int ipsecdp_nl_policy_fill(struct sk_buff *skb,
			   struct ipsecdp_policy *pol);
int ipsecdp_nl_policy_add(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_update(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_del(struct sk_buff *skb, struct genl_info *info);
int ipsecdp_nl_policy_flush(struct sk_buff *skb, struct genl_info *info);

/* core/nl_batch.c: atomic batches (requests with IPSECDP_A_BATCH) */
struct ipsecdp_sa_cfg;
struct ipsecdp_sa_id;
struct ipsecdp_sel;

int ipsecdp_batch_init(void);
void ipsecdp_batch_exit(void);
/* A batched request failed: the batch can only be aborted. */
void ipsecdp_batch_poison(struct genl_info *info);
/* Stage into the requester's batch; objects are consumed on success. */
int ipsecdp_batch_sa_add(struct genl_info *info,
			 const struct ipsecdp_sa_cfg *cfg);
int ipsecdp_batch_sa_del(struct genl_info *info,
			 const struct ipsecdp_sa_id *id);
int ipsecdp_batch_sa_flush(struct genl_info *info, u8 proto);
int ipsecdp_batch_policy_add(struct genl_info *info,
			     struct ipsecdp_policy *pol);
int ipsecdp_batch_policy_del(struct genl_info *info, u8 dir,
			     const struct ipsecdp_sel *sel);
int ipsecdp_batch_policy_flush(struct genl_info *info);

#endif /* _IPSECDP_NL_PRIV_H */
