/* SPDX-License-Identifier: GPL-2.0 */
/* ipsecdp: per-namespace, per-CPU counters (names as /proc/net/xfrm_stat). */
#ifndef _IPSECDP_STATS_H
#define _IPSECDP_STATS_H

#include <linux/percpu.h>
#include "core/ipsecdp.h"

struct ipsecdp_mibs {
	u64 mibs[__IPSECDP_MIB_MAX];
};

#define IPSECDP_INC_STATS(pn, field) \
	this_cpu_inc((pn)->mib->mibs[field])
#define IPSECDP_ADD_STATS(pn, field, val) \
	this_cpu_add((pn)->mib->mibs[field], val)

int ipsecdp_stats_init(struct ipsecdp_net *pn);
void ipsecdp_stats_exit(struct ipsecdp_net *pn);
/* Sum of every CPU's counters into @out[__IPSECDP_MIB_MAX]. */
void ipsecdp_stats_fold(struct ipsecdp_net *pn, u64 *out);
/* /proc/net/ipsecdp_stat of @pn's namespace (after ipsecdp_stats_init()) */
int ipsecdp_stats_proc_init(struct ipsecdp_net *pn);
void ipsecdp_stats_proc_exit(struct ipsecdp_net *pn);

#endif /* _IPSECDP_STATS_H */
