// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: memory for per-packet crypto contexts (caller context, crypto
 * request, scatterlist), one block per packet.
 *
 * Most requests complete synchronously, on the CPU that made them, so
 * each CPU keeps the last block it freed and hands it out again: the
 * steady state allocates nothing per packet. A block given to an
 * asynchronous request is owned by it until its completion frees it,
 * into the cache of whichever CPU that runs on. Blocks are rounded up to
 * a few size classes so that SAs with different transforms share them.
 */
#include <crypto/aead.h>
#include <crypto/hash.h>
#include <linux/percpu.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include "crypto_glue/crypto.h"

struct ipsecdp_ctx_hdr {
	size_t	cap;		/* usable bytes behind the header */
} __aligned(ARCH_KMALLOC_MINALIGN);

static DEFINE_PER_CPU(struct ipsecdp_ctx_hdr *, ipsecdp_ctx_spare);

/* At least @size bytes. */
static void *ipsecdp_ctx_alloc(size_t size)
{
	struct ipsecdp_ctx_hdr *h;
	size_t cap;

	local_bh_disable();
	h = this_cpu_read(ipsecdp_ctx_spare);
	if (h && h->cap >= size) {
		this_cpu_write(ipsecdp_ctx_spare, NULL);
		local_bh_enable();
		return h + 1;
	}
	local_bh_enable();

	cap = kmalloc_size_roundup(sizeof(*h) + max_t(size_t, size, 1024)) -
	      sizeof(*h);
	h = kmalloc(sizeof(*h) + cap, GFP_ATOMIC);
	if (!h)
		return NULL;
	h->cap = cap;
	return h + 1;
}

void ipsecdp_crypto_ctx_free(void *ctx)
{
	struct ipsecdp_ctx_hdr *h, *old;

	if (!ctx)
		return;
	h = (struct ipsecdp_ctx_hdr *)ctx - 1;
	local_bh_disable();
	old = this_cpu_read(ipsecdp_ctx_spare);
	if (!old || old->cap < h->cap) {
		this_cpu_write(ipsecdp_ctx_spare, h);
		h = old;
	}
	local_bh_enable();
	kfree(h);
}

void ipsecdp_ctx_drain(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		kfree(per_cpu(ipsecdp_ctx_spare, cpu));
		per_cpu(ipsecdp_ctx_spare, cpu) = NULL;
	}
}

void *ipsecdp_crypto_ctx_alloc(const struct ipsecdp_crypto *c,
			       size_t ctx_size, unsigned int nsg,
			       void **req, struct scatterlist **sg)
{
	size_t req_off = ALIGN(ctx_size, crypto_tfm_ctx_alignment());
	size_t sg_off = ALIGN(req_off + c->reqsize,
			      __alignof__(struct scatterlist));
	void *ctx;

	ctx = ipsecdp_ctx_alloc(sg_off + nsg * sizeof(struct scatterlist));
	if (!ctx)
		return NULL;

	*req = ctx + req_off;
	if (c->ahash)
		ahash_request_set_tfm(*req, c->ahash);
	else
		aead_request_set_tfm(*req, c->aead);
	*sg = ctx + sg_off;
	sg_init_table(*sg, nsg);
	return ctx;
}
