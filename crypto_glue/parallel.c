// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: parallel crypto. An ESP SA added while the module parameter
 * parallel_crypto is set hands each AEAD request to padata, the kernel's
 * parallel-then-serial engine (the one pcrypt uses): the request runs on
 * any CPU of the parallel set, and the completions come back in the
 * order the requests were submitted, on one CPU per SA. So one SA's
 * packets are encrypted or decrypted on every core and still leave, or
 * are delivered, in sequence-number order, which the peer's replay window
 * and TCP want. Every request then completes asynchronously: the datapath
 * holds routes, devices and the SA across it, as for cryptd.
 *
 * Unlike wrapping the transform in pcrypt, this changes nothing for other
 * users of the algorithm (pcrypt registers an instance that every later
 * allocation of that name, XFRM's included, would get). AH's ahash
 * requests stay serial.
 *
 * The request's own completion is parked in a struct ipsecdp_par behind
 * the request, in the same per-packet block (ipsecdp_crypto_ctx_alloc).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/internal/aead.h>
#include <linux/atomic.h>
#include <linux/module.h>
#include <linux/padata.h>
#include "core/compat.h"
#include "crypto_glue/crypto.h"

static bool ipsecdp_parallel_crypto;
module_param_named(parallel_crypto, ipsecdp_parallel_crypto, bool, 0644);
MODULE_PARM_DESC(parallel_crypto,
		 "ESP SAs added from now on encrypt and decrypt on all CPUs, completing in order (padata)");

/* requests completed through padata (for tests) */
static atomic_long_t ipsecdp_par_requests = ATOMIC_LONG_INIT(0);

static int ipsecdp_par_requests_get(char *buf, const struct kernel_param *kp)
{
	return scnprintf(buf, PAGE_SIZE, "%ld\n",
			 atomic_long_read(&ipsecdp_par_requests));
}

static const struct kernel_param_ops ipsecdp_par_requests_ops = {
	.get	= ipsecdp_par_requests_get,
};
module_param_cb(parallel_requests, &ipsecdp_par_requests_ops, NULL, 0444);
MODULE_PARM_DESC(parallel_requests,
		 "testing: how many requests parallel_crypto has completed through padata");

/*
 * Started by the first parallel SA (ipsecdp_par_start), so that a module
 * never asked for parallel crypto has no padata workqueues; freed at
 * module exit. The datapath reads ipsecdp_pshell only for an SA that was
 * marked parallel after it was set, and published after that.
 */
static DEFINE_MUTEX(ipsecdp_par_lock);
static struct padata_instance *ipsecdp_pinst;
static struct padata_shell *ipsecdp_pshell;
static atomic_t ipsecdp_par_next_cpu = ATOMIC_INIT(0);

struct ipsecdp_par {
	struct padata_priv	padata;
	struct aead_request	*req;
	crypto_completion_t	complete;	/* the caller's, restored */
	void			*data;
	int			err;
	bool			encrypt;
};

static struct ipsecdp_par *ipsecdp_par_of(const struct ipsecdp_crypto *c,
					  struct aead_request *req)
{
	return (void *)req + c->par_off;
}

/* Last: the caller's completion, in submission order (BHs off). */
static void ipsecdp_par_serial(struct padata_priv *padata)
{
	struct ipsecdp_par *p = container_of(padata, struct ipsecdp_par,
					     padata);

	atomic_long_inc(&ipsecdp_par_requests);
	aead_request_set_callback(p->req, 0, p->complete, p->data);
	aead_request_complete(p->req, p->err);
}

static void ipsecdp_par_finish(struct ipsecdp_par *p, int err)
{
	p->err = err;
	padata_do_serial(&p->padata);
}

/* An asynchronous transform (cryptd) finished the request. */
static void ipsecdp_par_crypto_done(IPSECDP_CRYPTO_CB_ARGS)
{
	struct ipsecdp_par *p = IPSECDP_CRYPTO_CB_DATA();

	if (err == -EINPROGRESS)
		return;
	local_bh_disable();
	ipsecdp_par_finish(p, err);
	local_bh_enable();
}

static int ipsecdp_par_crypt(struct aead_request *req, bool encrypt)
{
	return encrypt ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req);
}

/* On a CPU of padata's parallel set, BHs off. */
static void ipsecdp_par_run(struct padata_priv *padata)
{
	struct ipsecdp_par *p = container_of(padata, struct ipsecdp_par,
					     padata);
	int err;

	err = ipsecdp_par_crypt(p->req, p->encrypt);
	if (err == -EINPROGRESS || err == -EBUSY)
		return;		/* ipsecdp_par_crypto_done() follows */
	ipsecdp_par_finish(p, err);
}

int ipsecdp_par_submit(const struct ipsecdp_crypto *c,
		       struct aead_request *req, bool encrypt)
{
	struct ipsecdp_par *p = ipsecdp_par_of(c, req);
	int cpu = c->par_cpu;
	int err;

	p->req = req;
	p->complete = req->base.complete;
	p->data = req->base.data;
	p->encrypt = encrypt;
	p->padata.parallel = ipsecdp_par_run;
	p->padata.serial = ipsecdp_par_serial;
	aead_request_set_callback(req, 0, ipsecdp_par_crypto_done, p);

	err = padata_do_parallel(ipsecdp_pshell, &p->padata, &cpu);
	if (likely(!err))
		return -EINPROGRESS;
	/* padata refused (CPUs going away): do it here */
	aead_request_set_callback(req, 0, p->complete, p->data);
	return ipsecdp_par_crypt(req, encrypt);
}

/* padata, started once (process context); false: the SA stays serial */
static bool ipsecdp_par_start(void)
{
	struct padata_instance *pinst;
	struct padata_shell *ps;
	bool ok;

	mutex_lock(&ipsecdp_par_lock);
	if (ipsecdp_pshell)
		goto out;
	pinst = padata_alloc("ipsecdp");
	if (!pinst)
		goto out;
	ps = padata_alloc_shell(pinst);
	if (!ps) {
		padata_free(pinst);
		goto out;
	}
	ipsecdp_pinst = pinst;
	ipsecdp_pshell = ps;
out:
	ok = ipsecdp_pshell;
	mutex_unlock(&ipsecdp_par_lock);
	return ok;
}

void ipsecdp_par_setup(struct ipsecdp_crypto *c)
{
	if (!READ_ONCE(ipsecdp_parallel_crypto) || !c->aead)
		return;
	if (!ipsecdp_par_start()) {
		pr_warn_ratelimited("padata unavailable: the SA stays serial\n");
		return;
	}
	c->parallel = true;
	/* the SA's completions all run on one CPU: they stay in order */
	c->par_cpu = (unsigned int)atomic_inc_return(&ipsecdp_par_next_cpu) %
		     num_possible_cpus();
	c->par_off = ALIGN(c->reqsize, __alignof__(struct ipsecdp_par));
	c->reqsize = c->par_off + sizeof(struct ipsecdp_par);
}

void ipsecdp_parallel_exit(void)
{
	/* every SA is freed: no request is in flight */
	if (!ipsecdp_pshell)
		return;
	padata_free_shell(ipsecdp_pshell);
	padata_free(ipsecdp_pinst);
	ipsecdp_pshell = NULL;
	ipsecdp_pinst = NULL;
}
