// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: per-namespace, per-CPU counters, and /proc/net/ipsecdp_stat,
 * which shows them as /proc/net/xfrm_stat shows XFRM's: one
 * "Name<tab>value" line each, in enum ipsecdp_mib order, with the names
 * `ipsecctl stats` prints (XFRM's without "Xfrm" where the meaning is
 * the same).
 */
#include <linux/percpu.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include "core/stats.h"
#include "include/ipsecdp_mib_names.h"	/* generated from the spec */

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

#ifdef CONFIG_PROC_FS
static int ipsecdp_stats_seq_show(struct seq_file *seq, void *v)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(seq->private);
	u64 val[__IPSECDP_MIB_MAX];
	int i;

	ipsecdp_stats_fold(pn, val);
	for (i = 0; i < __IPSECDP_MIB_MAX; i++) {
		if (!ipsecdp_mib_names[i])	/* UNSPEC, PAD */
			continue;
		seq_printf(seq, "%-24s\t%llu\n", ipsecdp_mib_names[i], val[i]);
	}
	return 0;
}

int ipsecdp_stats_proc_init(struct ipsecdp_net *pn)
{
	/* world-readable, as /proc/net/xfrm_stat and /proc/net/snmp */
	if (!proc_create_net_single("ipsecdp_stat", 0444, pn->net->proc_net,
				    ipsecdp_stats_seq_show, NULL))
		return -ENOMEM;
	return 0;
}

void ipsecdp_stats_proc_exit(struct ipsecdp_net *pn)
{
	remove_proc_entry("ipsecdp_stat", pn->net->proc_net);
}
#else
int ipsecdp_stats_proc_init(struct ipsecdp_net *pn)
{
	return 0;
}

void ipsecdp_stats_proc_exit(struct ipsecdp_net *pn)
{
}
#endif
