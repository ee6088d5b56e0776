// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: module entry points. Set-up order is datapath (caches), the
 * free workqueue, the crypto deferral and the GRO instances (core/gro.c),
 * per-namespace state, then the netlink family, so that
 * no request can reach a namespace without its state, and last the XFRM
 * netlink front end when asked for (core/xfrm_nl.c); tear-down is the
 * exact reverse.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include "core/ipsecdp.h"
#include "core/gro.h"
#include "core/input.h"
#include "core/netlink.h"
#include "core/pernet.h"
#include "core/xfrm_nl.h"
#include "crypto_glue/crypto.h"

/* Deferred frees of SAs (crypto transforms may sleep when freed). */
struct workqueue_struct *ipsecdp_wq;

static int __init ipsecdp_init(void)
{
	int err;

	err = ipsecdp_datapath_init();
	if (err)
		return err;

	ipsecdp_wq = alloc_workqueue("ipsecdp", WQ_UNBOUND | WQ_MEM_RECLAIM, 0);
	if (!ipsecdp_wq) {
		err = -ENOMEM;
		goto err_datapath;
	}

	err = ipsecdp_defer_init();
	if (err)
		goto err_wq;

	err = ipsecdp_gro_init();
	if (err)
		goto err_defer;

	err = ipsecdp_pernet_init();
	if (err)
		goto err_gro;

	err = ipsecdp_genl_init();
	if (err)
		goto err_pernet;

	/* last: it serves requests, and refuses to load beside xfrm_user */
	err = ipsecdp_xfrm_nl_init();
	if (err)
		goto err_genl;

	return 0;

err_genl:
	ipsecdp_genl_exit();
err_pernet:
	ipsecdp_pernet_exit();
	/* a parallel SA added before the failure started padata */
	ipsecdp_parallel_exit();
err_gro:
	ipsecdp_gro_exit();
err_defer:
	ipsecdp_defer_exit();
err_wq:
	rcu_barrier();
	destroy_workqueue(ipsecdp_wq);
err_datapath:
	ipsecdp_datapath_exit();
	return err;
}

static void __exit ipsecdp_exit(void)
{
	ipsecdp_xfrm_nl_exit();
	ipsecdp_genl_exit();
	ipsecdp_pernet_exit();
	/* every SA is freed, so no request of force_async or padata is pending */
	ipsecdp_parallel_exit();
	ipsecdp_gro_exit();
	ipsecdp_defer_exit();
	/* RCU callbacks still to run may queue frees on ipsecdp_wq */
	rcu_barrier();
	destroy_workqueue(ipsecdp_wq);
	/* every SA is freed: no packet holds a crypto context any more */
	ipsecdp_ctx_drain();
	ipsecdp_datapath_exit();
}

module_init(ipsecdp_init);
module_exit(ipsecdp_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("IPsec ESP/AH datapath on netfilter hooks");
MODULE_AUTHOR("ipsecdp developers");
MODULE_ALIAS_GENL_FAMILY(IPSECDP_GENL_NAME);
