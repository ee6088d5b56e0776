// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: per-namespace, per-CPU counters. */
#include <linux/percpu.h>
#include <linux/string.h>
#include "core/stats.h"

int ipsecdp_stats_init(struct ipsecdp_net *pn)
{
	pn->mib = alloc_percpu(struct ipsecdp_mibs);
	return pn->mib ? 0 : -ENOMEM;
}

void ipsecdp_stats_exit(struct ipsecdp_net *pn)
{
	free_percpu(pn->mib);
	pn->mib = NULL;
}

void ipsecdp_stats_fold(struct ipsecdp_net *pn, u64 *out)
{
	int cpu, i;

	memset(out, 0, sizeof(u64) * __IPSECDP_MIB_MAX);
	for_each_possible_cpu(cpu) {
		const struct ipsecdp_mibs *m = per_cpu_ptr(pn->mib, cpu);

		for (i = 0; i < __IPSECDP_MIB_MAX; i++)
			out[i] += READ_ONCE(m->mibs[i]);
	}
}
