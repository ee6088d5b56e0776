// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: the endpoints of UDP-encapsulated SAs (RFC 3948).
 *
 * A UDP datagram is taken for ESP in UDP only when an SA of the
 * namespace receives at its destination address and port (the SA's
 * destination and encapsulation destination port): an unrelated UDP
 * service, even on port 4500, is left alone while no SA uses its
 * address and port. Each such SA is on one RCU chain of a small table
 * hashed by port while it is in the SAD; the chain holds the SAs
 * themselves, so linking never allocates and never fails.
 */
#include <linux/hash.h>
#include <linux/rculist.h>
#include "core/ipsecdp.h"
#include "sa/sa.h"

static struct hlist_head *ipsecdp_encap_bucket(struct ipsecdp_net *pn,
					       __be16 port)
{
	return &pn->sad.encap[hash_32((__force u32)port,
				      ilog2(IPSECDP_ENCAP_HSIZE))];
}

void ipsecdp_encap_link(struct ipsecdp_net *pn, struct ipsecdp_sa *sa)
{
	lockdep_assert_held(&pn->cfg_lock);

	if (!ipsecdp_sa_encap(sa))
		return;
	hlist_add_head_rcu(&sa->encap_node,
			   ipsecdp_encap_bucket(pn, sa->encap.dport));
	WRITE_ONCE(pn->sad.nencap, pn->sad.nencap + 1);
}

void ipsecdp_encap_unlink(struct ipsecdp_net *pn, struct ipsecdp_sa *sa)
{
	lockdep_assert_held(&pn->cfg_lock);

	if (!ipsecdp_sa_encap(sa))
		return;
	hlist_del_rcu(&sa->encap_node);
	WRITE_ONCE(pn->sad.nencap, pn->sad.nencap - 1);
}

bool ipsecdp_encap_port_used(struct ipsecdp_net *pn, u16 family,
			     const union ipsecdp_addr *daddr, __be16 port)
{
	struct ipsecdp_sa *sa;

	hlist_for_each_entry_rcu(sa, ipsecdp_encap_bucket(pn, port),
				 encap_node)
		if (sa->encap.dport == port && sa->family == family &&
		    ipsecdp_addr_eq(family, &sa->daddr, daddr))
			return true;
	return false;
}
