// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl sa list --wireshark: ESP SAs as lines of Wireshark's "esp_sa"
 * user access table (the file "esp_sa" in a Wireshark profile, e.g.
 * ~/.config/wireshark/esp_sa), so that Wireshark or tshark with
 * "-o esp.enable_encryption_decode:TRUE" decrypts a capture.
 *
 * One line per SA, eight quoted fields separated by commas: protocol
 * ("IPv4"/"IPv6"), source, destination, SPI ("0x%08x"), encryption
 * algorithm, encryption key ("0x" hex), authentication algorithm,
 * authentication key. The algorithm fields are the exact strings of
 * Wireshark's esp_encryption_type_vals and esp_authentication_type_vals
 * (epan/dissectors/packet-ipsec.c, as of Wireshark 3.6 to 4.x); an AEAD
 * key carries its salt, as Wireshark expects. An SA Wireshark cannot
 * decrypt (AH, other AEADs, an unknown truncation) is skipped with a
 * message on stderr.
 */
#include <string.h>
#include <sys/socket.h>
#include <arpa/inet.h>

#include "ipsecctl.h"

enum ws_kind { WS_AEAD, WS_ENC, WS_AUTH };

struct ws_alg {
	enum ws_kind kind;
	const char *name;	/* kernel crypto API name */
	u32 bits;		/* ICV / truncation bits, 0: any */
	const char *ws;		/* Wireshark's name */
};

static const struct ws_alg ws_algs[] = {
	{ WS_AEAD, "rfc4106(gcm(aes))", 64, "AES-GCM with 8 octet ICV [RFC4106]" },
	{ WS_AEAD, "rfc4106(gcm(aes))", 96, "AES-GCM with 12 octet ICV [RFC4106]" },
	{ WS_AEAD, "rfc4106(gcm(aes))", 128, "AES-GCM with 16 octet ICV [RFC4106]" },
	{ WS_ENC, "ecb(cipher_null)", 0, "NULL" },
	{ WS_ENC, "cbc(aes)", 0, "AES-CBC [RFC3602]" },
	{ WS_ENC, "rfc3686(ctr(aes))", 0, "AES-CTR [RFC3686]" },
	{ WS_ENC, "cbc(des3_ede)", 0, "TripleDES-CBC [RFC2451]" },
	{ WS_ENC, "cbc(des)", 0, "DES-CBC [RFC2405]" },
	{ WS_ENC, "cbc(cast5)", 0, "CAST5-CBC [RFC2144]" },
	{ WS_ENC, "cbc(blowfish)", 0, "BLOWFISH-CBC [RFC2451]" },
	{ WS_ENC, "cbc(twofish)", 0, "TWOFISH-CBC" },
	{ WS_AUTH, "digest_null", 0, "NULL" },
	{ WS_AUTH, "hmac(sha1)", 96, "HMAC-SHA-1-96 [RFC2404]" },
	{ WS_AUTH, "hmac(sha256)", 96, "HMAC-SHA-256-96 [draft-ietf-ipsec-ciph-sha-256-00]" },
	{ WS_AUTH, "hmac(sha256)", 128, "HMAC-SHA-256-128 [RFC4868]" },
	{ WS_AUTH, "hmac(sha384)", 192, "HMAC-SHA-384-192 [RFC4868]" },
	{ WS_AUTH, "hmac(sha512)", 256, "HMAC-SHA-512-256 [RFC4868]" },
	{ WS_AUTH, "hmac(md5)", 96, "HMAC-MD5-96 [RFC2403]" },
	{ WS_AUTH, "hmac(rmd160)", 96, "MAC-RIPEMD-160-96 [RFC2857]" },
};

struct alg_attr {
	bool present;
	char name[IPSECDP_ALG_NAME_MAX];
	u32 bits;
	const u8 *key;
	size_t keylen;
	bool has_key;
};

static bool get_alg(struct nlattr *nest, struct alg_attr *a)
{
	struct nlattr *tb[IPSECDP_ALG_A_MAX + 1];

	memset(a, 0, sizeof(*a));
	if (!nest)
		return true;
	if (nla_parse_nested(tb, IPSECDP_ALG_A_MAX, nest, NULL) < 0 ||
	    !tb[IPSECDP_ALG_A_NAME])
		return false;
	nla_strlcpy(a->name, tb[IPSECDP_ALG_A_NAME], sizeof(a->name));
	attr_u32(tb[IPSECDP_ALG_A_ICV_BITS], &a->bits);
	if (tb[IPSECDP_ALG_A_KEY]) {
		a->key = nla_data(tb[IPSECDP_ALG_A_KEY]);
		a->keylen = nla_len(tb[IPSECDP_ALG_A_KEY]);
		a->has_key = true;
	}
	a->present = true;
	return true;
}

static const char *ws_lookup(enum ws_kind kind, const char *name, u32 bits)
{
	const struct ws_alg *a;

	for (a = ws_algs; a < ws_algs + ARRAY_SIZE(ws_algs); a++)
		if (a->kind == kind && !strcmp(a->name, name) &&
		    (!a->bits || a->bits == bits))
			return a->ws;
	return NULL;
}

/* Wireshark can still decrypt when it cannot check the ICV. */
static const char *ws_auth_any(u32 bits)
{
	switch (bits) {
	case 64:
		return "ANY 64 bit authentication [no checking]";
	case 96:
		return "ANY 96 bit authentication [no checking]";
	case 128:
		return "ANY 128 bit authentication [no checking]";
	case 192:
		return "ANY 192 bit authentication [no checking]";
	case 256:
		return "ANY 256 bit authentication [no checking]";
	}
	return NULL;
}

static void ws_key(const struct alg_attr *a)
{
	putchar('"');
	/* a null algorithm's key is empty: "" */
	if (a->keylen) {
		printf("0x");
		print_hex(a->key, a->keylen);
	}
	putchar('"');
}

static bool ws_skip(u32 spi, const char *why, const char *what)
{
	fprintf(stderr, "ipsecctl: SA spi 0x%08x skipped: %s%s%s\n", spi, why,
		what ? " " : "", what ? what : "");
	return false;
}

bool print_sa_wireshark(struct nlattr *sa)
{
	struct nlattr *tb[IPSECDP_SA_A_MAX + 1];
	char sbuf[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN];
	struct alg_attr aead, enc, auth;
	const char *ws_enc, *ws_auth;
	u16 family = 0;
	u32 spi = 0;
	u8 proto = 0;

	if (nla_parse_nested(tb, IPSECDP_SA_A_MAX, sa, NULL) < 0)
		return ws_skip(0, "malformed SA", NULL);
	attr_u32(tb[IPSECDP_SA_A_SPI], &spi);
	attr_u16(tb[IPSECDP_SA_A_FAMILY], &family);
	attr_u8(tb[IPSECDP_SA_A_PROTO], &proto);
	if (proto != IPPROTO_ESP)
		return ws_skip(spi, "not ESP (Wireshark's table is for ESP)",
			       NULL);
	if (family != AF_INET && family != AF_INET6)
		return ws_skip(spi, "unknown address family", NULL);
	if (!get_alg(tb[IPSECDP_SA_A_AEAD], &aead) ||
	    !get_alg(tb[IPSECDP_SA_A_ENC], &enc) ||
	    !get_alg(tb[IPSECDP_SA_A_AUTH], &auth))
		return ws_skip(spi, "malformed algorithm", NULL);

	if (aead.present) {
		ws_enc = ws_lookup(WS_AEAD, aead.name, aead.bits);
		if (!ws_enc)
			return ws_skip(spi, "Wireshark cannot decrypt",
				       aead.name);
		/* the AEAD's ICV is the integrity check */
		enc = aead;
		memset(&auth, 0, sizeof(auth));
		ws_auth = "NULL";
	} else {
		ws_enc = enc.present ? ws_lookup(WS_ENC, enc.name, 0) : NULL;
		if (!ws_enc)
			return ws_skip(spi, "Wireshark cannot decrypt",
				       enc.present ? enc.name : "(no cipher)");
		ws_auth = "NULL";
		if (auth.present) {
			ws_auth = ws_lookup(WS_AUTH, auth.name, auth.bits);
			if (!ws_auth)
				ws_auth = ws_auth_any(auth.bits);
			if (!ws_auth)
				return ws_skip(spi, "Wireshark has no ICV length like that of",
					       auth.name);
			if (!strcmp(ws_auth, "NULL"))
				auth.keylen = 0;
		}
	}
	/* null algorithms have no key (the kernel sends none) */
	if ((!enc.has_key && strcmp(ws_enc, "NULL")) ||
	    (auth.present && !auth.has_key && strcmp(ws_auth, "NULL")))
		return ws_skip(spi, "the kernel did not return its keys", NULL);

	printf("\"%s\",\"%s\",\"%s\",\"0x%08x\",\"%s\",",
	       family == AF_INET ? "IPv4" : "IPv6",
	       fmt_addr(tb[IPSECDP_SA_A_SRC], sbuf, sizeof(sbuf)),
	       fmt_addr(tb[IPSECDP_SA_A_DST], dbuf, sizeof(dbuf)), spi,
	       ws_enc);
	ws_key(&enc);
	printf(",\"%s\",", ws_auth);
	ws_key(&auth);
	putchar('\n');
	return true;
}
