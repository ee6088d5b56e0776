/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: types shared by every part of the module.
 *
 * Locking rules (see Documentation/design.rst):
 *  - every change to the SAD or SPD of a namespace is made under
 *    ipsecdp_net::cfg_lock (a mutex: netlink handlers sleep);
 *  - the datapath looks SAs and policies up under rcu_read_lock() and
 *    takes no lock but the per-SA replay lock;
 *  - an SA that must outlive the RCU section (asynchronous crypto) is
 *    pinned with ipsecdp_sa_hold() and released with ipsecdp_sa_put().
 */
#ifndef _IPSECDP_H
#define _IPSECDP_H

#include <linux/types.h>
#include <linux/in6.h>
#include <linux/jhash.h>
#include <linux/socket.h>
#include <net/ipv6.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/rhashtable-types.h>
#include <linux/ipsecdp.h>

struct net;
struct sk_buff;
struct workqueue_struct;
struct netlink_ext_ack;

union ipsecdp_addr {
	__be32		a4;
	__be32		a6[4];
	struct in6_addr	in6;
};

static inline bool ipsecdp_addr_eq(u16 family, const union ipsecdp_addr *a,
				   const union ipsecdp_addr *b)
{
	if (family == AF_INET)
		return a->a4 == b->a4;
	return ipv6_addr_equal(&a->in6, &b->in6);
}

/* Hash of an address of @family, seeded with @initval. */
static inline u32 ipsecdp_addr_jhash(u16 family, const union ipsecdp_addr *a,
				     u32 initval)
{
	if (family == AF_INET)
		return jhash_1word((__force u32)a->a4, initval);
	return jhash2((__force const u32 *)a->a6, 4, initval);
}

/* Packet header summary the SPD matches against (ports in host order). */
struct ipsecdp_flow {
	union ipsecdp_addr	saddr;
	union ipsecdp_addr	daddr;
	u16			family;
	u8			proto;
	u16			sport;	/* ICMP: type */
	u16			dport;	/* ICMP: code */
	u16			l4off;	/* upper-layer header, from skb->data */
};

struct ipsecdp_sad_tab;

#define IPSECDP_ENCAP_HSIZE	16

struct ipsecdp_sad {
	/* lookup tables (sa/sad.c), replaced whole when they grow */
	struct ipsecdp_sad_tab __rcu *tab;
	struct list_head	all;		/* dump order, cfg_lock */
	unsigned int		count;
	/* SAs deleted so far: a new one ends XFRM acquire holds (acquire.c) */
	unsigned int		deleted;
	atomic_t		live;		/* allocated, not yet freed */
	/* UDP-encapsulated SAs by (destination, port): sa/encap.c */
	struct hlist_head	encap[IPSECDP_ENCAP_HSIZE];
	unsigned int		nencap;
};

struct ipsecdp_spd_tab;

struct ipsecdp_spd {
	/* lookup structure (spd/spd.c), replaced whole on resize/batch */
	struct ipsecdp_spd_tab __rcu *tab;
	struct list_head	by_dir[__IPSECDP_DIR_MAX]; /* age order */
	unsigned int		count;
	u32			next_index;
	u64			next_age;
};

struct ipsecdp_mibs;

struct ipsecdp_net {
	struct net		*net;
	struct mutex		cfg_lock;	/* SAD + SPD changes, dumps */
	struct ipsecdp_sad	sad;
	struct ipsecdp_spd	spd;
	struct ipsecdp_mibs __percpu *mib;
	/* SAs + policies: the hooks do nothing while this is zero */
	atomic_t		objects;
};

struct ipsecdp_net *ipsecdp_pernet(const struct net *net);

/* Module-owned; deferred frees (SAs) run here. Created before, destroyed
 * after the per-namespace state (core/main.c).
 */
extern struct workqueue_struct *ipsecdp_wq;

static inline bool ipsecdp_net_active(const struct ipsecdp_net *pn)
{
	return atomic_read(&pn->objects) != 0;
}

#endif /* _IPSECDP_H */
