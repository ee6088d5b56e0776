// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: keyed hash transforms for AH (RFC 4302).
 *
 * The integrity algorithms of RFC 8221 that AH uses, by their crypto API
 * names (as ip xfrm spells them): HMAC-SHA-1-96 (RFC 2404),
 * HMAC-SHA-256/384/512 (RFC 4868, truncated to half the digest by
 * default), AES-XCBC-MAC-96 (RFC 3566) and AES-CMAC-96 (RFC 4494). The
 * ICV may be truncated to any multiple of 32 bits from 96 bits up to the
 * digest length; 0 selects the algorithm's RFC length.
 */
#include <crypto/hash.h>
#include <linux/in.h>
#include <linux/netlink.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "core/compat.h"
#include "crypto_glue/crypto.h"
#include "sa/sa.h"

#define IPSECDP_AH_MIN_ICV_BITS	96

struct ipsecdp_ahash_alg {
	const char	*name;
	unsigned int	key_len;	/* bytes; 0: any non-empty key (HMAC) */
	unsigned int	digest_bits;
	unsigned int	default_bits;	/* RFC truncation */
};

static const struct ipsecdp_ahash_alg ipsecdp_ahash_algs[] = {
	{ "hmac(sha1)",		0,	160,	96 },
	{ "hmac(sha256)",	0,	256,	128 },
	{ "hmac(sha384)",	0,	384,	192 },
	{ "hmac(sha512)",	0,	512,	256 },
	{ "xcbc(aes)",		16,	128,	96 },
	{ "cmac(aes)",		16,	128,	96 },
};

static const struct ipsecdp_ahash_alg *ipsecdp_ahash_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipsecdp_ahash_algs); i++)
		if (!strcmp(ipsecdp_ahash_algs[i].name, name))
			return &ipsecdp_ahash_algs[i];
	return NULL;
}

static int ipsecdp_ahash_check(const struct ipsecdp_ahash_alg *alg,
			       const struct ipsecdp_alg_cfg *a,
			       unsigned int bits,
			       struct netlink_ext_ack *extack)
{
	if (!alg) {
		IPSECDP_ERR_FMT(extack,
				"unsupported AH authentication algorithm (hmac(sha1), hmac(sha256), hmac(sha384), hmac(sha512), xcbc(aes), cmac(aes))",
				"unsupported AH authentication algorithm \"%s\"",
				a->name);
		return -ENOPROTOOPT;
	}
	if (alg->key_len && a->key_len != alg->key_len) {
		IPSECDP_ERR_FMT(extack,
				"wrong key length for the AH authentication algorithm",
				"wrong key length %u bytes for %s (needs %u)",
				a->key_len, a->name, alg->key_len);
		return -EINVAL;
	}
	if (!a->key_len) {
		NL_SET_ERR_MSG_MOD(extack, "authentication key is empty");
		return -EINVAL;
	}
	if (bits > alg->digest_bits) {
		IPSECDP_ERR_FMT(extack,
				"truncation length longer than the digest",
				"truncation length %u bits longer than the %u-bit digest of %s",
				bits, alg->digest_bits, a->name);
		return -EINVAL;
	}
	if (bits < IPSECDP_AH_MIN_ICV_BITS || bits % 32) {
		IPSECDP_ERR_FMT(extack,
				"truncation length must be a multiple of 32 bits, at least 96",
				"truncation length %u bits: must be a multiple of 32 bits, at least 96",
				bits);
		return -EINVAL;
	}
	return 0;
}

int ipsecdp_ahash_init(struct ipsecdp_crypto *c,
		       const struct ipsecdp_sa_cfg *cfg,
		       struct netlink_ext_ack *extack)
{
	const struct ipsecdp_alg_cfg *a = &cfg->auth;
	const struct ipsecdp_ahash_alg *alg;
	struct ipsecdp_alg_cfg eff;
	struct crypto_ahash *tfm;
	unsigned int bits;
	int err;

	if (!a->present) {
		NL_SET_ERR_MSG_MOD(extack, "AH needs an authentication algorithm");
		return -EINVAL;
	}
	alg = ipsecdp_ahash_find(a->name);
	bits = a->icv_bits;
	if (alg && !bits)
		bits = alg->default_bits;
	err = ipsecdp_ahash_check(alg, a, bits, extack);
	if (err)
		return err;

	tfm = crypto_alloc_ahash(a->name, 0, 0);
	if (IS_ERR(tfm)) {
		IPSECDP_ERR_FMT(extack,
				"the kernel crypto API cannot allocate the algorithm",
				"the kernel crypto API cannot allocate %s", a->name);
		return PTR_ERR(tfm);
	}
	if (crypto_ahash_digestsize(tfm) * 8 != alg->digest_bits) {
		NL_SET_ERR_MSG_MOD(extack, "unexpected digest size of transform");
		crypto_free_ahash(tfm);
		return -EINVAL;
	}
	err = crypto_ahash_setkey(tfm, a->key, a->key_len);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto API refused the key");
		crypto_free_ahash(tfm);
		return err;
	}

	c->ahash = tfm;
	c->kind = IPSECDP_CK_AUTH_ONLY;
	c->ivlen = 0;
	c->icvlen = bits / 8;
	c->blksize = 4;
	c->reqsize = sizeof(struct ahash_request) + crypto_ahash_reqsize(tfm);

	eff = *a;
	eff.icv_bits = bits;
	err = ipsecdp_alg_desc_set(&c->alg[0], &eff);
	if (err) {
		ipsecdp_crypto_destroy(c);
		return err;
	}
	return 0;
}
