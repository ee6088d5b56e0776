// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: AEAD transform set-up and per-packet request memory.
 *
 * Every supported combined-mode algorithm is used through the same
 * interface, that of the kernel's IPsec AEAD templates (rfc4106, rfc4543,
 * rfc7539esp): associated data = SPI, [sequence high], sequence low,
 * followed by the IV as it stands in the packet (not authenticated by
 * rfc4106/rfc7539esp, authenticated by rfc4543), then the payload and ICV.
 * The IV generator is ours: for the counter-mode AEADs, the 64-bit
 * sequence number XOR a random per-SA value, unique for the life of the
 * key since sequence numbers never repeat; for CBC, fresh random bytes.
 *
 * Separate encryption and integrity algorithms are combined with the
 * kernel's authenc template (authencesn with extended sequence numbers,
 * which moves the high half behind the payload for the ICV, RFC 4303
 * 2.2.1), with the same associated-data layout.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <crypto/aead.h>
#include <crypto/authenc.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/in.h>
#include <linux/netlink.h>
#include <linux/random.h>
#include <linux/rtnetlink.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "core/compat.h"
#include "crypto_glue/crypto.h"
#include "sa/sa.h"

#define IPSECDP_AEAD_SALT_LEN	4
#define IPSECDP_AEAD_IV_LEN	8

struct ipsecdp_aead_alg {
	const char		*name;
	enum ipsecdp_crypto_kind kind;
	unsigned int		key_lens[3];	/* without salt; 0 ends */
	unsigned int		icv_bits[3];	/* 0 ends */
};

static const struct ipsecdp_aead_alg ipsecdp_aead_algs[] = {
	{ "rfc4106(gcm(aes))", IPSECDP_CK_AEAD_GCM, { 16, 24, 32 },
	  { 64, 96, 128 } },
	{ "rfc4543(gcm(aes))", IPSECDP_CK_AEAD_GMAC, { 16, 24, 32 },
	  { 128 } },
	{ "rfc7539esp(chacha20,poly1305)", IPSECDP_CK_AEAD_CHACHA, { 32 },
	  { 128 } },
};

static const struct ipsecdp_aead_alg *ipsecdp_aead_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipsecdp_aead_algs); i++)
		if (!strcmp(ipsecdp_aead_algs[i].name, name))
			return &ipsecdp_aead_algs[i];
	return NULL;
}

static bool ipsecdp_in_list(const unsigned int *list, unsigned int n,
			    unsigned int v)
{
	unsigned int i;

	for (i = 0; i < n && list[i]; i++)
		if (list[i] == v)
			return true;
	return false;
}

bool ipsecdp_crypto_same_keys(const struct ipsecdp_crypto *a,
			      const struct ipsecdp_crypto *b)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(a->alg); i++) {
		const struct ipsecdp_alg_desc *x = &a->alg[i], *y = &b->alg[i];

		if (strcmp(x->name, y->name) || x->key_len != y->key_len)
			return false;
		if (x->key_len && crypto_memneq(x->key, y->key, x->key_len))
			return false;
	}
	return true;
}

int ipsecdp_alg_desc_set(struct ipsecdp_alg_desc *d,
			 const struct ipsecdp_alg_cfg *a)
{
	strscpy(d->name, a->name, sizeof(d->name));
	d->icv_bits = a->icv_bits;
	d->key_len = a->key_len;
	d->key = NULL;
	if (!a->key_len)
		return 0;
	d->key = kmemdup(a->key, a->key_len, GFP_KERNEL);
	return d->key ? 0 : -ENOMEM;
}

static int ipsecdp_aead_init(struct ipsecdp_crypto *c,
			     const struct ipsecdp_alg_cfg *a,
			     struct netlink_ext_ack *extack)
{
	const struct ipsecdp_aead_alg *alg = ipsecdp_aead_find(a->name);
	struct crypto_aead *tfm;
	int err;

	if (!alg) {
		IPSECDP_ERR_FMT(extack, "unsupported AEAD algorithm",
				"unsupported AEAD algorithm \"%s\"", a->name);
		return -ENOPROTOOPT;
	}
	if (a->key_len < IPSECDP_AEAD_SALT_LEN ||
	    !ipsecdp_in_list(alg->key_lens, ARRAY_SIZE(alg->key_lens),
			     a->key_len - IPSECDP_AEAD_SALT_LEN)) {
		IPSECDP_ERR_FMT(extack,
				"wrong key length for the AEAD algorithm (key and 4-byte salt)",
				"wrong key length %u bytes for %s (key and 4-byte salt)",
				a->key_len, a->name);
		return -EINVAL;
	}
	if (!ipsecdp_in_list(alg->icv_bits, ARRAY_SIZE(alg->icv_bits),
			     a->icv_bits)) {
		IPSECDP_ERR_FMT(extack,
				"ICV length not supported by the AEAD algorithm",
				"ICV length %u bits not supported by %s",
				a->icv_bits, a->name);
		return -EINVAL;
	}

	tfm = crypto_alloc_aead(a->name, 0, 0);
	if (IS_ERR(tfm)) {
		IPSECDP_ERR_FMT(extack,
				"the kernel crypto API cannot allocate the algorithm",
				"the kernel crypto API cannot allocate %s", a->name);
		return PTR_ERR(tfm);
	}
	err = crypto_aead_setkey(tfm, a->key, a->key_len);
	if (!err)
		err = crypto_aead_setauthsize(tfm, a->icv_bits / 8);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto API refused the key");
		crypto_free_aead(tfm);
		return err;
	}
	if (crypto_aead_ivsize(tfm) != IPSECDP_AEAD_IV_LEN) {
		NL_SET_ERR_MSG_MOD(extack, "unexpected IV size of transform");
		crypto_free_aead(tfm);
		return -EINVAL;
	}

	c->aead = tfm;
	c->kind = alg->kind;
	c->ivlen = IPSECDP_AEAD_IV_LEN;
	c->icvlen = a->icv_bits / 8;
	c->blksize = 4;		/* stream modes: 32-bit trailer alignment */
	return 0;
}

struct ipsecdp_enc_alg {
	const char	*name;
	unsigned int	key_lens[3];	/* 0 ends */
	unsigned int	ivlen;
	unsigned int	blksize;
};

static const struct ipsecdp_enc_alg ipsecdp_enc_algs[] = {
	{ "cbc(aes)", { 16, 24, 32 }, 16, 16 },
	{ "ecb(cipher_null)", { 0 }, 0, 4 },
};

struct ipsecdp_auth_alg {
	const char	*name;
	unsigned int	digest_bits;
	unsigned int	min_bits;
};

static const struct ipsecdp_auth_alg ipsecdp_auth_algs[] = {
	{ "hmac(sha1)", 160, 96 },
	{ "hmac(sha256)", 256, 96 },
	{ "hmac(sha384)", 384, 192 },
	{ "hmac(sha512)", 512, 256 },
	{ "digest_null", 0, 0 },
};

static const struct ipsecdp_enc_alg *ipsecdp_enc_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipsecdp_enc_algs); i++)
		if (!strcmp(ipsecdp_enc_algs[i].name, name))
			return &ipsecdp_enc_algs[i];
	return NULL;
}

static const struct ipsecdp_auth_alg *ipsecdp_auth_find(const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ipsecdp_auth_algs); i++)
		if (!strcmp(ipsecdp_auth_algs[i].name, name))
			return &ipsecdp_auth_algs[i];
	return NULL;
}

static int ipsecdp_authenc_check(const struct ipsecdp_enc_alg *ealg,
				 const struct ipsecdp_auth_alg *aalg,
				 const struct ipsecdp_alg_cfg *enc,
				 const struct ipsecdp_alg_cfg *auth,
				 struct netlink_ext_ack *extack)
{
	if (!ealg) {
		IPSECDP_ERR_FMT(extack, "unsupported encryption algorithm",
				"unsupported encryption algorithm \"%s\"",
				enc->name);
		return -ENOPROTOOPT;
	}
	if (!ipsecdp_in_list(ealg->key_lens, ARRAY_SIZE(ealg->key_lens),
			     enc->key_len) && (ealg->key_lens[0] || enc->key_len)) {
		IPSECDP_ERR_FMT(extack,
				"wrong key length for the encryption algorithm",
				"wrong key length %u bytes for %s",
				enc->key_len, enc->name);
		return -EINVAL;
	}
	if (!aalg) {
		IPSECDP_ERR_FMT(extack, "unsupported authentication algorithm",
				"unsupported authentication algorithm \"%s\"",
				auth->name);
		return -ENOPROTOOPT;
	}
	if (aalg->digest_bits &&
	    (auth->icv_bits % 8 || auth->icv_bits < aalg->min_bits ||
	     auth->icv_bits > aalg->digest_bits)) {
		IPSECDP_ERR_FMT(extack,
				"truncation length not supported by the authentication algorithm",
				"truncation length %u bits not supported by %s",
				auth->icv_bits, auth->name);
		return -EINVAL;
	}
	if (aalg->digest_bits && !auth->key_len) {
		NL_SET_ERR_MSG_MOD(extack, "authentication key is empty");
		return -EINVAL;
	}
	if (!aalg->digest_bits && !ealg->ivlen) {
		NL_SET_ERR_MSG_MOD(extack,
				   "ESP needs encryption or integrity: both are null");
		return -EINVAL;
	}
	return 0;
}

/* authenc keys: rtattr { enckeylen } || authentication key || cipher key */
static int ipsecdp_authenc_setkey(struct crypto_aead *tfm,
				  const struct ipsecdp_alg_cfg *enc,
				  const struct ipsecdp_alg_cfg *auth)
{
	unsigned int len = RTA_SPACE(sizeof(struct crypto_authenc_key_param)) +
			   auth->key_len + enc->key_len;
	struct crypto_authenc_key_param *param;
	struct rtattr *rta;
	u8 *key, *p;
	int err;

	key = kmalloc(len, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	rta = (struct rtattr *)key;
	rta->rta_type = CRYPTO_AUTHENC_KEYA_PARAM;
	rta->rta_len = RTA_LENGTH(sizeof(*param));
	param = RTA_DATA(rta);
	param->enckeylen = cpu_to_be32(enc->key_len);
	p = key + RTA_SPACE(sizeof(*param));
	memcpy(p, auth->key, auth->key_len);
	memcpy(p + auth->key_len, enc->key, enc->key_len);

	err = crypto_aead_setkey(tfm, key, len);
	kfree_sensitive(key);
	return err;
}

static int ipsecdp_authenc_init(struct ipsecdp_crypto *c,
				const struct ipsecdp_sa_cfg *cfg,
				struct netlink_ext_ack *extack)
{
	static const struct ipsecdp_alg_cfg no_auth = { .name = "digest_null" };
	const struct ipsecdp_alg_cfg *enc = &cfg->enc;
	const struct ipsecdp_alg_cfg *auth = cfg->auth.present ? &cfg->auth :
							       &no_auth;
	const struct ipsecdp_enc_alg *ealg = ipsecdp_enc_find(enc->name);
	const struct ipsecdp_auth_alg *aalg = ipsecdp_auth_find(auth->name);
	char name[CRYPTO_MAX_ALG_NAME];
	struct crypto_aead *tfm;
	int err;

	err = ipsecdp_authenc_check(ealg, aalg, enc, auth, extack);
	if (err)
		return err;
	if (snprintf(name, sizeof(name), "%s(%s,%s)",
		     c->esn ? "authencesn" : "authenc", auth->name,
		     enc->name) >= sizeof(name)) {
		NL_SET_ERR_MSG_MOD(extack, "algorithm name too long");
		return -ENAMETOOLONG;
	}

	tfm = crypto_alloc_aead(name, 0, 0);
	if (IS_ERR(tfm)) {
		IPSECDP_ERR_FMT(extack,
				"the kernel crypto API cannot allocate the algorithm",
				"the kernel crypto API cannot allocate %s", name);
		return PTR_ERR(tfm);
	}
	err = ipsecdp_authenc_setkey(tfm, enc, auth);
	if (!err)
		err = crypto_aead_setauthsize(tfm, aalg->digest_bits ?
					      auth->icv_bits / 8 : 0);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the crypto API refused the keys");
		crypto_free_aead(tfm);
		return err;
	}

	c->aead = tfm;
	c->kind = IPSECDP_CK_AUTHENC;
	c->ivlen = crypto_aead_ivsize(tfm);
	c->icvlen = crypto_aead_authsize(tfm);
	c->blksize = ealg->blksize;
	err = ipsecdp_alg_desc_set(&c->alg[0], enc);
	if (!err && cfg->auth.present)
		err = ipsecdp_alg_desc_set(&c->alg[1], auth);
	return err;
}

int ipsecdp_crypto_init(struct ipsecdp_crypto *c,
			const struct ipsecdp_sa_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	int err;

	memset(c, 0, sizeof(*c));
	c->esn = !!(cfg->flags & IPSECDP_SA_F_ESN);
	c->force_async = READ_ONCE(ipsecdp_force_async);
	if (cfg->proto == IPPROTO_AH)
		return ipsecdp_ahash_init(c, cfg, extack);

	if (cfg->aead.present && (cfg->enc.present || cfg->auth.present)) {
		NL_SET_ERR_MSG_MOD(extack,
				   "an AEAD SA takes no separate enc or auth algorithm");
		return -EINVAL;
	}
	if (cfg->aead.present) {
		err = ipsecdp_aead_init(c, &cfg->aead, extack);
		if (!err)
			err = ipsecdp_alg_desc_set(&c->alg[0], &cfg->aead);
	} else if (cfg->enc.present) {
		err = ipsecdp_authenc_init(c, cfg, extack);
	} else {
		NL_SET_ERR_MSG_MOD(extack,
				   "ESP needs an aead or an enc algorithm");
		err = -EINVAL;
	}
	if (err) {
		ipsecdp_crypto_destroy(c);
		return err;
	}

	c->reqsize = sizeof(struct aead_request) + crypto_aead_reqsize(c->aead);
	ipsecdp_par_setup(c);
	get_random_bytes(&c->iv_salt, sizeof(c->iv_salt));
	return 0;
}

void ipsecdp_crypto_destroy(struct ipsecdp_crypto *c)
{
	unsigned int i;

	if (c->aead)
		crypto_free_aead(c->aead);
	c->aead = NULL;
	if (c->ahash)
		crypto_free_ahash(c->ahash);
	c->ahash = NULL;
	for (i = 0; i < ARRAY_SIZE(c->alg); i++) {
		kfree_sensitive(c->alg[i].key);
		c->alg[i].key = NULL;
	}
	memzero_explicit(&c->iv_salt, sizeof(c->iv_salt));
}
