// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: force_async, for tests. The crypto requests of an SA created
 * while the module parameter is set are not run by the caller: they are
 * queued, in order, to a workqueue that runs them and completes them
 * through their callbacks, with bottom halves off, as an asynchronous
 * driver (cryptd) does. The caller sees -EINPROGRESS every time, so the
 * datapath's asynchronous paths (references held across the request,
 * completion in another context) run for every packet, on any kernel:
 * wrapping the transform in cryptd instead fails 6.1's crypto self-tests
 * for AEADs ("corrupted request struct").
 */
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <crypto/internal/aead.h>
#include <crypto/internal/hash.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include "crypto_glue/crypto.h"

bool ipsecdp_force_async;
module_param_named(force_async, ipsecdp_force_async, bool, 0644);
MODULE_PARM_DESC(force_async,
		 "testing: SAs added from now on complete every crypto request asynchronously, from a workqueue");

/* requests run by the workqueue (one worker at a time: ordered) */
static unsigned long ipsecdp_async_requests;
module_param_named(async_requests, ipsecdp_async_requests, ulong, 0444);
MODULE_PARM_DESC(async_requests,
		 "testing: how many requests force_async has completed asynchronously");

enum ipsecdp_defer_op {
	IPSECDP_DEFER_ENCRYPT,
	IPSECDP_DEFER_DECRYPT,
	IPSECDP_DEFER_DIGEST,
};

struct ipsecdp_deferred {
	struct work_struct	work;
	enum ipsecdp_defer_op	op;
	void			*req;
};

static struct workqueue_struct *ipsecdp_defer_wq;

static void ipsecdp_deferred_run(struct work_struct *work)
{
	struct ipsecdp_deferred *d = container_of(work, struct ipsecdp_deferred,
						  work);
	int err;

	local_bh_disable();
	switch (d->op) {
	case IPSECDP_DEFER_ENCRYPT:
		err = crypto_aead_encrypt(d->req);
		break;
	case IPSECDP_DEFER_DECRYPT:
		err = crypto_aead_decrypt(d->req);
		break;
	default:
		err = crypto_ahash_digest(d->req);
		break;
	}
	/* an asynchronous transform completes the request itself */
	if (err != -EINPROGRESS) {
		if (d->op == IPSECDP_DEFER_DIGEST)
			ahash_request_complete(d->req, err);
		else
			aead_request_complete(d->req, err);
	}
	local_bh_enable();
	ipsecdp_async_requests++;
	kfree(d);
}

static int ipsecdp_defer(enum ipsecdp_defer_op op, void *req)
{
	struct ipsecdp_deferred *d = kmalloc(sizeof(*d), GFP_ATOMIC);

	if (!d)
		return -ENOMEM;
	INIT_WORK(&d->work, ipsecdp_deferred_run);
	d->op = op;
	d->req = req;
	queue_work(ipsecdp_defer_wq, &d->work);
	return -EINPROGRESS;
}

int ipsecdp_aead_encrypt(const struct ipsecdp_crypto *c,
			 struct aead_request *req)
{
	if (unlikely(c->force_async))
		return ipsecdp_defer(IPSECDP_DEFER_ENCRYPT, req);
	if (c->parallel)
		return ipsecdp_par_submit(c, req, true);
	return crypto_aead_encrypt(req);
}

int ipsecdp_aead_decrypt(const struct ipsecdp_crypto *c,
			 struct aead_request *req)
{
	if (unlikely(c->force_async))
		return ipsecdp_defer(IPSECDP_DEFER_DECRYPT, req);
	if (c->parallel)
		return ipsecdp_par_submit(c, req, false);
	return crypto_aead_decrypt(req);
}

int ipsecdp_ahash_digest(const struct ipsecdp_crypto *c,
			 struct ahash_request *req)
{
	if (unlikely(c->force_async))
		return ipsecdp_defer(IPSECDP_DEFER_DIGEST, req);
	return crypto_ahash_digest(req);
}

int ipsecdp_defer_init(void)
{
	/* ordered: an SA's packets complete in the order they were sent */
	ipsecdp_defer_wq = alloc_ordered_workqueue("ipsecdp_async", 0);
	return ipsecdp_defer_wq ? 0 : -ENOMEM;
}

void ipsecdp_defer_exit(void)
{
	destroy_workqueue(ipsecdp_defer_wq);
}
