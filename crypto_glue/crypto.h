/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: kernel crypto API glue. One AEAD transform per SA, shared by
 * every CPU (requests are per packet); asynchronous completion handled.
 */
#ifndef _IPSECDP_CRYPTO_H
#define _IPSECDP_CRYPTO_H

#include <linux/types.h>
#include <linux/slab.h>
#include <linux/ipsecdp.h>

struct crypto_aead;
struct crypto_ahash;
struct aead_request;
struct ahash_request;
struct scatterlist;
struct netlink_ext_ack;

/* One algorithm as configured (IPSECDP_SA_A_AEAD / _ENC / _AUTH). */
struct ipsecdp_alg_cfg {
	bool		present;
	char		name[IPSECDP_ALG_NAME_MAX];
	const u8	*key;		/* borrowed from the netlink message */
	unsigned int	key_len;	/* bytes */
	unsigned int	icv_bits;	/* ICV / truncation, bits */
};

enum ipsecdp_crypto_kind {
	IPSECDP_CK_AEAD_GCM,		/* rfc4106(gcm(aes)) */
	IPSECDP_CK_AEAD_GMAC,		/* rfc4543(gcm(aes)) */
	IPSECDP_CK_AEAD_CHACHA,		/* rfc7539esp(chacha20,poly1305) */
	IPSECDP_CK_AUTHENC,		/* authenc(hmac(x),cbc(aes)) */
	IPSECDP_CK_AUTH_ONLY,		/* AH */
};

/* Kept for dumps: what the user configured. Keys freed with kfree_sensitive. */
struct ipsecdp_alg_desc {
	char		name[IPSECDP_ALG_NAME_MAX];
	u8		*key;
	unsigned int	key_len;
	unsigned int	icv_bits;
};

struct ipsecdp_crypto {
	struct crypto_aead	*aead;		/* ESP */
	struct crypto_ahash	*ahash;		/* AH (crypto_glue/ahash.c) */
	enum ipsecdp_crypto_kind kind;
	unsigned int		ivlen;		/* bytes on the wire */
	unsigned int		icvlen;		/* bytes */
	unsigned int		blksize;	/* payload alignment, >= 4 */
	unsigned int		reqsize;	/* per-packet context size */
	u64			iv_salt;	/* makes IVs unpredictable */
	bool			esn;
	bool			force_async;	/* crypto_glue/defer.c */
	bool			parallel;	/* crypto_glue/parallel.c */
	unsigned int		par_cpu;	/* where completions run */
	unsigned int		par_off;	/* request -> struct ipsecdp_par */
	/* as configured, for dumps (AEAD in [0]; ENC [0] + AUTH [1]) */
	struct ipsecdp_alg_desc	alg[2];
};

/* A combined-mode (AEAD) algorithm, rather than enc + auth or AH's auth? */
static inline bool ipsecdp_crypto_is_aead(const struct ipsecdp_crypto *c)
{
	return c->kind != IPSECDP_CK_AUTHENC && c->kind != IPSECDP_CK_AUTH_ONLY;
}

struct ipsecdp_sa_cfg;

/*
 * Module parameter force_async (testing, crypto_glue/defer.c): SAs added
 * while it is set complete every request asynchronously.
 */
extern bool ipsecdp_force_async;
int ipsecdp_defer_init(void);
void ipsecdp_defer_exit(void);

/*
 * Module parameter parallel_crypto (crypto_glue/parallel.c): ESP SAs
 * added while it is set run their AEAD requests through padata.
 * ipsecdp_par_setup() marks a new SA's transform (after reqsize is known),
 * starting padata for the first one; ipsecdp_parallel_exit() stops it.
 */
#if IS_ENABLED(CONFIG_PADATA)
void ipsecdp_parallel_exit(void);
void ipsecdp_par_setup(struct ipsecdp_crypto *c);
int ipsecdp_par_submit(const struct ipsecdp_crypto *c,
		       struct aead_request *req, bool encrypt);
#else
static inline void ipsecdp_parallel_exit(void)
{
}

static inline void ipsecdp_par_setup(struct ipsecdp_crypto *c)
{
}

static inline int ipsecdp_par_submit(const struct ipsecdp_crypto *c,
				     struct aead_request *req, bool encrypt)
{
	return -EOPNOTSUPP;	/* never: c->parallel stays false */
}
#endif

/* crypto_aead_encrypt() etc., deferred to a workqueue with force_async. */
int ipsecdp_aead_encrypt(const struct ipsecdp_crypto *c,
			 struct aead_request *req);
int ipsecdp_aead_decrypt(const struct ipsecdp_crypto *c,
			 struct aead_request *req);
int ipsecdp_ahash_digest(const struct ipsecdp_crypto *c,
			 struct ahash_request *req);

int ipsecdp_crypto_init(struct ipsecdp_crypto *c,
			const struct ipsecdp_sa_cfg *cfg,
			struct netlink_ext_ack *extack);
void ipsecdp_crypto_destroy(struct ipsecdp_crypto *c);

/* AH: keyed hash set-up (crypto_glue/ahash.c), called by _crypto_init. */
int ipsecdp_ahash_init(struct ipsecdp_crypto *c,
		       const struct ipsecdp_sa_cfg *cfg,
		       struct netlink_ext_ack *extack);

/* Same algorithms with the same keys? */
bool ipsecdp_crypto_same_keys(const struct ipsecdp_crypto *a,
			      const struct ipsecdp_crypto *b);

/* Keep a copy of what the user configured in @d, for dumps. */
int ipsecdp_alg_desc_set(struct ipsecdp_alg_desc *d,
			 const struct ipsecdp_alg_cfg *a);

/*
 * Per-packet request memory (crypto_glue/ctx.c), ESP and AH alike: a
 * caller context of @ctx_size bytes, then the request of @c's transform
 * (an aead_request, or an ahash_request for AH) in *@req, then @nsg
 * scatterlist entries in *@sg; one allocation that lives until the
 * (possibly asynchronous) completion, freed with ipsecdp_crypto_ctx_free().
 */
void *ipsecdp_crypto_ctx_alloc(const struct ipsecdp_crypto *c,
			       size_t ctx_size, unsigned int nsg,
			       void **req, struct scatterlist **sg);

/*
 * Its memory is recycled per CPU (crypto_glue/ctx.c); ipsecdp_ctx_drain()
 * at module exit, once no packet is in flight.
 */
void ipsecdp_crypto_ctx_free(void *ctx);
void ipsecdp_ctx_drain(void);

#endif /* _IPSECDP_CRYPTO_H */
