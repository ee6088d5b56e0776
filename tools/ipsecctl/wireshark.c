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

/* An algorithm without a name cannot be looked up. */
static bool ws_malformed(const struct alg_info *a)
{
	return a->present && (a->malformed || !a->has_name);
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

/* A key as Wireshark's field: "0x..." or, for none, "" */
static void ws_key(const struct alg_info *a)
{
	putchar('"');
	/* a null algorithm's key is empty: "" */
	if (a && a->key && nla_len(a->key)) {
		printf("0x");
		print_hex(nla_data(a->key), nla_len(a->key));
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
	const char *ws_enc, *ws_auth = "NULL";
	const struct alg_info *enc, *auth = NULL;
	struct sa_info s;

	if (sa_decode(sa, &s) < 0)
		return ws_skip(0, "malformed SA", NULL);
	if (s.proto != IPPROTO_ESP)
		return ws_skip(s.spi, "not ESP (Wireshark's table is for ESP)",
			       NULL);
	if (s.family != AF_INET && s.family != AF_INET6)
		return ws_skip(s.spi, "unknown address family", NULL);
	if (ws_malformed(&s.aead) || ws_malformed(&s.enc) ||
	    ws_malformed(&s.auth))
		return ws_skip(s.spi, "malformed algorithm", NULL);

	/* an AEAD's ICV is the integrity check: no authentication */
	enc = s.aead.present ? &s.aead : &s.enc;
	ws_enc = !enc->present ? NULL : s.aead.present ?
		 ws_lookup(WS_AEAD, enc->name, enc->icv) :
		 ws_lookup(WS_ENC, enc->name, 0);
	if (!ws_enc)
		return ws_skip(s.spi, "Wireshark cannot decrypt",
			       enc->present ? enc->name : "(no cipher)");
	if (!s.aead.present && s.auth.present) {
		auth = &s.auth;
		ws_auth = ws_lookup(WS_AUTH, auth->name, auth->icv);
		if (!ws_auth)
			ws_auth = ws_auth_any(auth->icv);
		if (!ws_auth)
			return ws_skip(s.spi, "Wireshark has no ICV length like that of",
				       auth->name);
	}
	/* null algorithms have no key (the kernel sends none) */
	if ((!enc->key && strcmp(ws_enc, "NULL")) ||
	    (auth && !auth->key && strcmp(ws_auth, "NULL")))
		return ws_skip(s.spi, "the kernel did not return its keys", NULL);

	printf("\"%s\",\"%s\",\"%s\",\"0x%08x\",\"%s\",",
	       s.family == AF_INET ? "IPv4" : "IPv6", s.src_s, s.dst_s, s.spi,
	       ws_enc);
	ws_key(enc);
	printf(",\"%s\",", ws_auth);
	ws_key(strcmp(ws_auth, "NULL") ? auth : NULL);
	putchar('\n');
	return true;
}
