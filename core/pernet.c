// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: per-network-namespace state (SAD, SPD, counters, hooks). */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include "core/ipsecdp.h"
#include "core/hooks.h"
#include "core/pernet.h"
#include "core/stats.h"
#include "sa/sa.h"
#include "spd/spd.h"

static unsigned int ipsecdp_net_id __read_mostly;

struct ipsecdp_net *ipsecdp_pernet(const struct net *net)
{
	return net_generic(net, ipsecdp_net_id);
}

static int __net_init ipsecdp_net_init(struct net *net)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(net);
	int err;

	pn->net = net;
	mutex_init(&pn->cfg_lock);
	atomic_set(&pn->objects, 0);

	err = ipsecdp_stats_init(pn);
	if (err)
		return err;

	err = ipsecdp_stats_proc_init(pn);
	if (err)
		goto err_stats;

	err = ipsecdp_sad_init(pn);
	if (err)
		goto err_proc;

	err = ipsecdp_spd_init(pn);
	if (err)
		goto err_sad;

	err = ipsecdp_hooks_register(net);
	if (err)
		goto err_spd;

	return 0;

err_spd:
	ipsecdp_spd_exit(pn);
err_sad:
	ipsecdp_sad_exit(pn);
err_proc:
	ipsecdp_stats_proc_exit(pn);
err_stats:
	ipsecdp_stats_exit(pn);
	return err;
}

static void __net_exit ipsecdp_net_exit(struct net *net)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(net);

	/* no new packets after this (it waits for the ones in the hooks) */
	ipsecdp_hooks_unregister(net);

	mutex_lock(&pn->cfg_lock);
	ipsecdp_policy_flush(pn);
	mutex_unlock(&pn->cfg_lock);

	/* flushes the SAD and waits until every SA of @pn is freed */
	ipsecdp_sad_exit(pn);
	ipsecdp_spd_exit(pn);
	/* waits for readers of the file, which read pn->mib */
	ipsecdp_stats_proc_exit(pn);
	ipsecdp_stats_exit(pn);
	mutex_destroy(&pn->cfg_lock);
}

static struct pernet_operations ipsecdp_net_ops = {
	.init	= ipsecdp_net_init,
	.exit	= ipsecdp_net_exit,
	.id	= &ipsecdp_net_id,
	.size	= sizeof(struct ipsecdp_net),
};

int ipsecdp_pernet_init(void)
{
	return register_pernet_subsys(&ipsecdp_net_ops);
}

void ipsecdp_pernet_exit(void)
{
	unregister_pernet_subsys(&ipsecdp_net_ops);
}
