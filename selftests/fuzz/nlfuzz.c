// SPDX-License-Identifier: GPL-2.0
/*
 * nlfuzz: grammar-based and mutational fuzzer of the "ipsecdp" generic
 * netlink family (include/uapi/linux/ipsecdp.h), plain sockets only.
 *
 * usage: nlfuzz [-n COUNT] [-s SEED] [-u] [-v]
 *   -n COUNT  fuzzed messages to send (default 20000, env NLFUZZ_COUNT)
 *   -s SEED   PRNG seed (default 0x1b5ecd9, env NLFUZZ_SEED; printed)
 *   -u        unprivileged mode: the caller has no CAP_NET_ADMIN over the
 *             socket's netns, so every request that reaches the family
 *             must be refused with EPERM (EOPNOTSUPP for commands the
 *             family does not have); any success, any reply data or any
 *             other error is a failure (exit 1)
 *   -v        print every unexpected answer
 *
 * Messages: every command number 0..IPSECDP_CMD_MAX+3, random flags (DUMP
 * too), attribute trees built from a grammar of the UAPI with wrong types
 * and lengths, garbage and truncated nests, huge lengths, absurd key/ICV
 * lengths, unknown algorithm names, strings without NUL, odd address
 * lengths and families, long prefixes, reversed port ranges, up to 5
 * templates, deep nests; a share of them is then byte-mutated.
 * Interleaved (root mode): well-formed SA/policy add, get, dump and del
 * sequences that must succeed exactly, bulk inserts with full dumps that
 * must return every entry exactly once, and dumps abandoned after their
 * first part by closing the socket. The "events" multicast group is
 * joined before: privileged, the join must work and the notifications
 * (drained now and then through a small, overrunning buffer) must be
 * well-formed; unprivileged, the join must be refused with EPERM.
 *
 * Generic netlink requests are processed synchronously in sendmsg(), so
 * all answers to a message (ack, error, reply, first dump part) are queued
 * when send returns: the fuzzer drains the socket non-blockingly after
 * each send and attributes answers to messages by sequence number.
 *
 * Exit status: 0 ok, 1 a check failed, 2 setup error (no family, ...).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <linux/ipsecdp.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK 10
#endif
#ifndef NLA_F_NESTED
#define NLA_F_NESTED (1 << 15)
#endif
#ifndef NLA_F_NET_BYTEORDER
#define NLA_F_NET_BYTEORDER (1 << 14)
#endif

#define MSG_MAX		(96 * 1024)
#define RX_BUF		(1024 * 1024)
#define NCMD		(IPSECDP_CMD_MAX + 4)	/* 0 .. CMD_MAX+3 */
#define VALID_EVERY	40	/* a valid add/get/del sequence every N */
#define BULK_EVERY	2500	/* bulk insert + full/abandoned dumps */
#define BULK_N		48

/* ---- PRNG: xorshift64*, seeded through splitmix64 ---- */

static uint64_t rng_state;

static void rng_seed(uint64_t s)
{
	s += 0x9e3779b97f4a7c15ULL;
	s = (s ^ (s >> 30)) * 0xbf58476d1ce4e5b9ULL;
	s = (s ^ (s >> 27)) * 0x94d049bb133111ebULL;
	rng_state = (s ^ (s >> 31)) | 1;
}

static uint64_t rnd64(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint32_t rnd(uint32_t n)	/* 0 .. n-1 */
{
	return n ? (uint32_t)(rnd64() % n) : 0;
}

static bool chance(unsigned int pct)
{
	return rnd(100) < pct;
}

static void rnd_bytes(void *p, size_t n)
{
	uint8_t *b = p;

	while (n--)
		*b++ = (uint8_t)rnd64();
}

#define PICK(arr) ((arr)[rnd(sizeof(arr) / sizeof((arr)[0]))])

/* ---- message building ---- */

struct msg {
	uint8_t buf[MSG_MAX];
	size_t len;
	bool full;		/* ran out of room: further puts ignored */
};

static void *m_reserve(struct msg *m, size_t n)
{
	void *p;

	if (m->full || m->len + NLA_ALIGN(n) > MSG_MAX) {
		m->full = true;
		return NULL;
	}
	p = m->buf + m->len;
	memset(p, 0, NLA_ALIGN(n));
	m->len += NLA_ALIGN(n);
	return p;
}

static void m_init(struct msg *m, uint16_t type, uint16_t flags, uint8_t cmd,
		   uint8_t version)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	struct genlmsghdr *g;

	m->len = 0;
	m->full = false;
	nlh = m_reserve(m, NLMSG_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	g = m_reserve(m, GENL_HDRLEN);
	g->cmd = cmd;
	g->version = version;
}

static void m_finish(struct msg *m)
{
	((struct nlmsghdr *)m->buf)->nlmsg_len = (uint32_t)m->len;
}

static void put(struct msg *m, uint16_t type, const void *data, size_t len)
{
	struct nlattr *a = m_reserve(m, NLA_HDRLEN + len);

	if (!a)
		return;
	a->nla_type = type;
	a->nla_len = (uint16_t)(NLA_HDRLEN + len);
	if (len)
		memcpy((uint8_t *)a + NLA_HDRLEN, data, len);
}

static bool fuzzing;	/* building a fuzzed message */

static size_t nest_start(struct msg *m, uint16_t type)
{
	size_t off = m->len;
	struct nlattr *a = m_reserve(m, NLA_HDRLEN);

	if (!a)
		return (size_t)-1;
	/* strict validation wants the flag: leave it out now and then */
	a->nla_type = type | (!fuzzing || chance(90) ? NLA_F_NESTED : 0);
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	struct nlattr *a;

	if (off == (size_t)-1)
		return;
	a = (struct nlattr *)(m->buf + off);
	a->nla_len = (uint16_t)(m->len - off);
	if (m->len - off > 0xffff)
		a->nla_len = 0xffff;
}

static void put_u8(struct msg *m, uint16_t t, uint8_t v) { put(m, t, &v, 1); }
static void put_u16(struct msg *m, uint16_t t, uint16_t v) { put(m, t, &v, 2); }
static void put_u32(struct msg *m, uint16_t t, uint32_t v) { put(m, t, &v, 4); }
static void put_str(struct msg *m, uint16_t t, const char *s)
{
	put(m, t, s, strlen(s) + 1);
}

/* An integer attribute of type @t, usually the right size, sometimes not. */
static void put_int(struct msg *m, uint16_t t, int size, uint64_t v)
{
	static const int sizes[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 16 };
	uint8_t b[16] = { 0 };
	int n = size;

	if (chance(8))
		n = PICK(sizes);
	memcpy(b, &v, 8);
	put(m, t, b, n);
}

static uint64_t interesting(void)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 4, 7, 8, 15, 16, 31, 32, 33, 63, 64, 65, 127, 128,
		129, 255, 256, 1023, 1024, 4095, 4096, 4097, 32767, 32768,
		65535, 65536, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
		0x100000000ULL, 0x7fffffffffffffffULL, 0xffffffffffffffffULL,
	};

	return chance(70) ? PICK(v) : rnd64() >> rnd(64);
}

static void put_garbage(struct msg *m, uint16_t t)
{
	uint8_t b[300];
	size_t n = chance(80) ? rnd(40) : rnd(sizeof(b));

	rnd_bytes(b, n);
	put(m, t, b, n);
}

/* Random attributes, possibly nested, up to @depth levels. */
static void put_random_attrs(struct msg *m, int depth, int maxtype)
{
	int i, n = 1 + rnd(6);

	for (i = 0; i < n && !m->full; i++) {
		uint16_t t = rnd(maxtype + 3);

		if (chance(5))
			t = rnd(0x4000);
		if (depth > 0 && chance(30)) {
			size_t o = nest_start(m, t);

			put_random_attrs(m, depth - 1, maxtype);
			nest_end(m, o);
		} else {
			put_garbage(m, t);
		}
	}
}

/* A nest @levels deep, innermost holding garbage. */
static void put_deep_nest(struct msg *m, uint16_t t, int levels)
{
	size_t offs[200];
	int i;

	if (levels > 200)
		levels = 200;
	for (i = 0; i < levels; i++)
		offs[i] = nest_start(m, i ? rnd(20) : t);
	put_garbage(m, rnd(20));
	for (i = levels - 1; i >= 0; i--)
		nest_end(m, offs[i]);
}

static void put_addr(struct msg *m, uint16_t t, int family)
{
	static const int lens[] = { 0, 1, 3, 4, 5, 8, 15, 16, 17, 20, 32 };
	uint8_t a[32];
	int len = family == AF_INET6 ? 16 : 4;

	rnd_bytes(a, sizeof(a));
	if (family == AF_INET && chance(60)) {
		a[0] = 10;
		a[1] = rnd(2);
		a[2] = 0;
		a[3] = 1 + rnd(3);
	} else if (family == AF_INET6 && chance(60)) {
		memset(a, 0, 16);
		a[0] = 0xfd;
		a[15] = 1 + rnd(3);
	}
	if (chance(15))
		len = PICK(lens);
	put(m, t, a, len);
}

static int pick_family(void)
{
	static const int f[] = { AF_INET, AF_INET, AF_INET, AF_INET6, AF_INET6,
				 0, AF_UNIX, AF_PACKET, 0xffff, 3 };

	return PICK(f);
}

static const char *const alg_names[] = {
	"rfc4106(gcm(aes))", "rfc4106(gcm(aes))", "rfc4106(gcm(aes))",
	"rfc4309(ccm(aes))", "rfc7539esp(chacha20,poly1305)", "gcm(aes)",
	"cbc(aes)", "ecb(cipher_null)", "hmac(sha256)", "hmac(sha1)",
	"cmac(aes)", "authenc(hmac(sha256),cbc(aes))", "xcbc(aes)",
	"seqiv(rfc4106(gcm(aes)))", "rfc4106(gcm(aes)", "aes", "", "(",
	"rfc4106(gcm(aes-generic))", "rfc4106(gcm_base(ctr(aes),ghash))",
	"digest_null", "no-such-algorithm", "pcrypt(rfc4106(gcm(aes)))",
	"cryptd(rfc4106(gcm(aes)))", "rfc4543(gcm(aes))", "rfc3686(ctr(aes))",
};

static void put_alg_name(struct msg *m)
{
	char s[300];
	size_t n;

	switch (rnd(10)) {
	case 0:		/* random printable, no NUL */
		n = rnd(80);
		for (size_t i = 0; i < n; i++)
			s[i] = 33 + rnd(94);
		put(m, IPSECDP_ALG_A_NAME, s, n);
		break;
	case 1: {	/* a real name without its NUL */
		const char *nm = PICK(alg_names);

		put(m, IPSECDP_ALG_A_NAME, nm, strlen(nm));
		break;
	}
	case 2:		/* 62..66 characters, NUL terminated */
		n = 62 + rnd(5);
		memset(s, 'a', n);
		s[n] = 0;
		put(m, IPSECDP_ALG_A_NAME, s, n + 1);
		break;
	case 3:		/* embedded NUL, long */
		n = 1 + rnd(sizeof(s) - 1);
		rnd_bytes(s, n);
		put(m, IPSECDP_ALG_A_NAME, s, n);
		break;
	default:
		put_str(m, IPSECDP_ALG_A_NAME, PICK(alg_names));
	}
}

static void put_alg(struct msg *m, uint16_t t)
{
	static const int klen[] = { 0, 1, 4, 16, 19, 20, 20, 20, 24, 28, 32,
				    36, 64, 127, 128, 129, 255, 1000 };
	static const uint32_t icv[] = { 0, 1, 8, 32, 64, 96, 96, 128, 128,
					129, 192, 256, 512, 513, 1024,
					0xffffffff };
	uint8_t key[1000];
	size_t o;

	if (chance(5)) {
		put_garbage(m, t);
		return;
	}
	o = nest_start(m, t);
	if (chance(92))
		put_alg_name(m);
	if (chance(90)) {
		int n = PICK(klen);

		rnd_bytes(key, n);
		put(m, IPSECDP_ALG_A_KEY, key, n);
	}
	if (chance(75))
		put_int(m, IPSECDP_ALG_A_ICV_BITS, 4,
			chance(85) ? PICK(icv) : interesting());
	if (chance(10))
		put_random_attrs(m, 1, IPSECDP_ALG_A_MAX);
	if (chance(3))		/* repeated attribute */
		put_alg_name(m);
	nest_end(m, o);
}

static void put_lifetime(struct msg *m, uint16_t t)
{
	size_t o = nest_start(m, t);
	int i;

	for (i = 1; i <= IPSECDP_LFT_A_MAX + 1; i++)
		if (chance(50))
			put_int(m, i, 8, interesting());
	nest_end(m, o);
}

/* The A_SA nest: a random subset of its attributes, some malformed. */
static void put_sa(struct msg *m)
{
	int family = pick_family();
	int sel = rnd(4);	/* 0: any subset, 1..: mostly complete */
	size_t o;

	if (chance(4)) {
		put_garbage(m, IPSECDP_A_SA);
		return;
	}
	o = nest_start(m, IPSECDP_A_SA);
#define WANT(p) (sel ? chance(p) : chance(50))
	if (WANT(95))
		put_int(m, IPSECDP_SA_A_FAMILY, 2, family);
	if (WANT(90))
		put_addr(m, IPSECDP_SA_A_SRC,
			 chance(90) ? family : pick_family());
	if (WANT(95))
		put_addr(m, IPSECDP_SA_A_DST,
			 chance(90) ? family : pick_family());
	if (WANT(95))
		put_int(m, IPSECDP_SA_A_PROTO, 1,
			chance(80) ? IPPROTO_ESP :
			chance(50) ? IPPROTO_AH : rnd(256));
	if (WANT(95))
		put_int(m, IPSECDP_SA_A_SPI, 4,
			chance(50) ? 0x100 + rnd(8) : interesting());
	if (WANT(50))
		put_int(m, IPSECDP_SA_A_MODE, 1, chance(80) ? rnd(2) : rnd(256));
	if (WANT(50))
		put_int(m, IPSECDP_SA_A_REPLAY_WINDOW, 4,
			chance(50) ? PICK(((const uint32_t[]){ 0, 32, 64, 4096,
							      4097 })) :
				     interesting());
	if (WANT(30))
		put_int(m, IPSECDP_SA_A_FLAGS, 4, chance(60) ? rnd(2) :
							  interesting());
	if (WANT(80))
		put_alg(m, IPSECDP_SA_A_AEAD);
	if (WANT(15))
		put_alg(m, IPSECDP_SA_A_ENC);
	if (WANT(15))
		put_alg(m, IPSECDP_SA_A_AUTH);
	if (WANT(15))
		put_int(m, IPSECDP_SA_A_REPLAY_SEQ, 8, interesting());
	if (WANT(15))
		put_int(m, IPSECDP_SA_A_REPLAY_OSEQ, 8, interesting());
	if (WANT(20))
		put_lifetime(m, IPSECDP_SA_A_LIFETIME);
	if (WANT(5))	/* dump-only attributes in a request */
		put_lifetime(m, IPSECDP_SA_A_CURLFT);
	if (WANT(5))
		put_random_attrs(m, 2, IPSECDP_SA_STAT_MAX);
	if (WANT(5))
		put_garbage(m, IPSECDP_SA_A_PAD);
	if (chance(5))
		put_random_attrs(m, 2, IPSECDP_SA_A_MAX);
	if (chance(2))
		put_deep_nest(m, IPSECDP_SA_A_AEAD, 2 + rnd(60));
#undef WANT
	nest_end(m, o);
}

static void put_tmpl(struct msg *m, int family)
{
	size_t o;

	if (chance(4)) {
		put_garbage(m, IPSECDP_POL_A_TMPL);
		return;
	}
	o = nest_start(m, IPSECDP_POL_A_TMPL);
	if (chance(30))
		put_int(m, IPSECDP_TMPL_A_FAMILY, 2,
			chance(70) ? family : pick_family());
	if (chance(40)) {
		int f = chance(80) ? family : pick_family();

		put_addr(m, IPSECDP_TMPL_A_SRC, f);
		if (chance(85))
			put_addr(m, IPSECDP_TMPL_A_DST, f);
	}
	if (chance(90))
		put_int(m, IPSECDP_TMPL_A_PROTO, 1,
			chance(80) ? IPPROTO_ESP :
			chance(50) ? IPPROTO_AH : rnd(256));
	if (chance(50))
		put_int(m, IPSECDP_TMPL_A_MODE, 1, chance(80) ? rnd(2) : rnd(256));
	if (chance(40))
		put_int(m, IPSECDP_TMPL_A_SPI, 4, interesting());
	if (chance(40))
		put_int(m, IPSECDP_TMPL_A_LEVEL, 1, chance(80) ? rnd(2) : rnd(256));
	if (chance(5))
		put_random_attrs(m, 2, IPSECDP_TMPL_A_MAX);
	nest_end(m, o);
}

static void put_policy(struct msg *m)
{
	static const uint8_t protos[] = { 0, 0, 1, 6, 6, 17, 17, 58, 132, 50,
					  51, 47, 255 };
	int family = pick_family();
	int maxp = family == AF_INET6 ? 128 : 32;
	int i, ntmpl;
	size_t o;

	if (chance(4)) {
		put_garbage(m, IPSECDP_A_POLICY);
		return;
	}
	o = nest_start(m, IPSECDP_A_POLICY);
	if (chance(95))
		put_int(m, IPSECDP_POL_A_FAMILY, 2, family);
	if (chance(95))
		put_int(m, IPSECDP_POL_A_DIR, 1, chance(85) ? rnd(3) : rnd(256));
	if (chance(40))
		put_int(m, IPSECDP_POL_A_PRIORITY, 4, interesting());
	if (chance(40))
		put_int(m, IPSECDP_POL_A_ACTION, 1, chance(85) ? rnd(2) : rnd(256));
	if (chance(80))
		put_addr(m, IPSECDP_POL_A_SRC, chance(90) ? family : pick_family());
	if (chance(70))
		put_int(m, IPSECDP_POL_A_SRC_PLEN, 1,
			chance(70) ? rnd(maxp + 1) : rnd(256));
	if (chance(80))
		put_addr(m, IPSECDP_POL_A_DST, chance(90) ? family : pick_family());
	if (chance(70))
		put_int(m, IPSECDP_POL_A_DST_PLEN, 1,
			chance(70) ? rnd(maxp + 1) : rnd(256));
	if (chance(50))
		put_int(m, IPSECDP_POL_A_PROTO, 1, PICK(protos));
	for (i = IPSECDP_POL_A_SPORT_MIN; i <= IPSECDP_POL_A_DPORT_MAX; i++)
		if (chance(25))
			put_int(m, i, 2, chance(50) ? rnd(2000) : interesting());
	ntmpl = chance(20) ? 0 : chance(70) ? 1 + rnd(2) : rnd(6);
	for (i = 0; i < ntmpl; i++)
		put_tmpl(m, family);
	if (chance(10))
		put_int(m, IPSECDP_POL_A_INDEX, 4, interesting());
	if (chance(4))
		put_random_attrs(m, 2, IPSECDP_POL_STAT_MAX);
	if (chance(5))
		put_random_attrs(m, 2, IPSECDP_POL_A_MAX);
	if (chance(2))
		put_deep_nest(m, IPSECDP_POL_A_TMPL, 2 + rnd(60));
	nest_end(m, o);
}

/* ---- mutations of a built message (after the nlmsghdr) ---- */

static void mutate(struct msg *m)
{
	size_t start = chance(5) ? 0 : NLMSG_HDRLEN;
	int i, n = 1 + rnd(8);

	for (i = 0; i < n && m->len > start; i++) {
		size_t pos = start + rnd(m->len - start);

		switch (rnd(7)) {
		case 0:
			m->buf[pos] ^= 1u << rnd(8);
			break;
		case 1:
			m->buf[pos] = (uint8_t)rnd64();
			break;
		case 2:	/* an interesting 16-bit value (nla_len/type) */
			if (pos + 2 <= m->len) {
				uint16_t v = PICK(((const uint16_t[]){ 0, 1, 3, 4,
					5, 8, 0xffff, 0x8000, 0x7fff, 0x4000 }));
				memcpy(m->buf + pos, &v, 2);
			}
			break;
		case 3:	/* truncate */
			m->len = pos;
			break;
		case 4:	/* duplicate a chunk at the end */
			if (m->len + 64 < MSG_MAX) {
				size_t l = rnd(64);

				if (pos + l > m->len)
					l = m->len - pos;
				memcpy(m->buf + m->len, m->buf + pos, l);
				m->len += l;
			}
			break;
		case 5:	/* random junk appended */
			if (m->len + 64 < MSG_MAX) {
				size_t l = rnd(64);

				rnd_bytes(m->buf + m->len, l);
				m->len += l;
			}
			break;
		default:	/* zero a byte */
			m->buf[pos] = 0;
		}
	}
}

/* ---- socket, sending, answers ---- */

static int fam_id;
static bool unpriv, verbose;
static uint32_t seq_no = 1000;
static uint8_t *rxbuf;

#define MAXERR 600
static unsigned long cnt_ok, cnt_data, cnt_noanswer, cnt_err[MAXERR + 1];
static unsigned long cnt_sent, cnt_fuzz, cnt_mutated, cnt_bytes;
static unsigned long fails;	/* failed checks */
static unsigned long valid_ops, dumps_abandoned, dumps_full;

static void fail(const char *fmt, ...)
{
	va_list ap;

	fails++;
	if (fails > 30 && !verbose)
		return;
	printf("FAIL: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
}

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, sz = 4 * 1024 * 1024;
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);

	if (fd < 0) {
		perror("socket(AF_NETLINK)");
		exit(2);
	}
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("bind");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (chance(50))
		setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&k, sizeof(k)) < 0)
		return -errno;
	cnt_sent++;
	cnt_bytes += len;
	return 0;
}

#define MAXSPIS 8192

/* The answer to one message. */
struct answer {
	uint32_t seq;
	int err;		/* -errno of NLMSG_ERROR, 0 = ack; 1 = none */
	int ndata;		/* family messages (replies, dump parts) */
	bool done;		/* NLMSG_DONE seen */
	int done_err;
	int others;		/* any other message type */
	uint32_t spis[MAXSPIS];	/* SA_GET replies: SPIs seen */
	int nspis;
	int nattr_bad;		/* replies whose attributes do not parse */
};

/* Walk the attributes of a reply: lengths must nest exactly. */
static bool attrs_ok(const uint8_t *p, size_t len, int depth)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;
		size_t al = a->nla_len, step = NLA_ALIGN(al);

		if (al < NLA_HDRLEN || al > len || depth > 8)
			return false;
		if ((a->nla_type & NLA_F_NESTED) &&
		    !attrs_ok(p + NLA_HDRLEN, al - NLA_HDRLEN, depth + 1))
			return false;
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return len == 0;
}

static uint32_t reply_spi(const uint8_t *p, size_t len)
{
	/* IPSECDP_A_SA { ..., IPSECDP_SA_A_SPI u32 } */
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const void *)p;
		size_t al = a->nla_len;

		if (al < NLA_HDRLEN || al > len)
			break;
		if ((a->nla_type & 0x3fff) == IPSECDP_A_SA) {
			const uint8_t *q = p + NLA_HDRLEN;
			size_t ql = al - NLA_HDRLEN;

			while (ql >= NLA_HDRLEN) {
				const struct nlattr *b = (const void *)q;

				if (b->nla_len < NLA_HDRLEN || b->nla_len > ql)
					break;
				if (b->nla_type == IPSECDP_SA_A_SPI &&
				    b->nla_len == 8)
					return *(const uint32_t *)(q + NLA_HDRLEN);
				if (NLA_ALIGN(b->nla_len) >= ql)
					break;
				ql -= NLA_ALIGN(b->nla_len);
				q += NLA_ALIGN(b->nla_len);
			}
		}
		if (NLA_ALIGN(al) >= len)
			break;
		len -= NLA_ALIGN(al);
		p += NLA_ALIGN(al);
	}
	return 0;
}

/*
 * Read everything queued (non-blocking); answers to @a->seq are recorded
 * in @a, others (late answers to earlier messages) are ignored. With
 * @follow, block until the answer is complete (ack/error, a reply that is
 * not part of a dump, or the dump's NLMSG_DONE).
 */
static void drain(int fd, struct answer *a, bool follow)
{
	for (;;) {
		ssize_t n = recv(fd, rxbuf, RX_BUF,
				 MSG_TRUNC | (follow ? 0 : MSG_DONTWAIT));
		struct nlmsghdr *h;
		size_t len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				fail("recv: %s", strerror(errno));
			return;
		}
		if (n == 0)
			return;
		if ((size_t)n > RX_BUF) {
			fail("netlink datagram of %zd bytes truncated", n);
			n = RX_BUF;
		}
		len = (size_t)n;
		for (h = (struct nlmsghdr *)rxbuf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != a->seq)
				continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(h);

				if (h->nlmsg_len < NLMSG_LENGTH(sizeof(int))) {
					fail("short NLMSG_ERROR (%u bytes)",
					     h->nlmsg_len);
					continue;
				}
				if (a->err == 1)
					a->err = e->error;
				follow = false;
			} else if (h->nlmsg_type == NLMSG_DONE) {
				a->done = true;
				if (h->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					a->done_err = *(int *)NLMSG_DATA(h);
				follow = false;
			} else if (h->nlmsg_type == fam_id) {
				size_t pl = h->nlmsg_len - NLMSG_HDRLEN;
				uint8_t *attrs = (uint8_t *)NLMSG_DATA(h) +
						 GENL_HDRLEN;

				a->ndata++;
				if (pl < GENL_HDRLEN ||
				    !attrs_ok(attrs, pl - GENL_HDRLEN, 0))
					a->nattr_bad++;
				else if (a->nspis < MAXSPIS)
					a->spis[a->nspis++] =
						reply_spi(attrs, pl - GENL_HDRLEN);
				if (!(h->nlmsg_flags & NLM_F_MULTI))
					follow = false;
			} else {
				a->others++;
			}
		}
		if (len >= sizeof(struct nlmsghdr))
			fail("malformed netlink datagram from the kernel (%zu bytes left over)",
			     len);
	}
}

static void answer_init(struct answer *a, uint32_t seq)
{
	memset(a, 0, sizeof(*a));
	a->seq = seq;
	a->err = 1;
}

/* Send one message, collect its answer. */
static void xfer(int fd, struct msg *m, struct answer *a, bool follow)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;
	int err;

	nlh->nlmsg_seq = ++seq_no;
	answer_init(a, nlh->nlmsg_seq);
	err = nl_send(fd, m->buf, m->len);
	if (err) {
		/* sendmsg itself refused: counts as that error */
		a->err = err;
		return;
	}
	drain(fd, a, follow);
}

static void count_answer(const struct answer *a)
{
	if (a->ndata || a->done)
		cnt_data++;
	if (a->err == 0)
		cnt_ok++;
	else if (a->err < 0)
		cnt_err[-a->err > MAXERR ? MAXERR : -a->err]++;
	else if (!a->ndata && !a->done)
		cnt_noanswer++;
}

/* ---- well-formed messages ---- */

static const uint8_t valid_key[20] = {
	0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
	0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0xca, 0xfe, 0xba, 0xbe,
};

/* SA 192.0.2.1 -> 192.0.2.2 (TEST-NET-1, the fuzzer never uses it) */
static void valid_sa_msg(struct msg *m, uint8_t cmd, uint32_t spi, bool full,
			 uint16_t flags)
{
	uint32_t src = htonl(0xc0000201), dst = htonl(0xc0000202);
	size_t o, a;

	m_init(m, fam_id, NLM_F_REQUEST | NLM_F_ACK | flags, cmd, 1);
	o = nest_start(m, IPSECDP_A_SA);
	put_u16(m, IPSECDP_SA_A_FAMILY, AF_INET);
	put(m, IPSECDP_SA_A_DST, &dst, 4);
	put_u8(m, IPSECDP_SA_A_PROTO, IPPROTO_ESP);
	put_u32(m, IPSECDP_SA_A_SPI, spi);
	if (full) {
		put(m, IPSECDP_SA_A_SRC, &src, 4);
		put_u8(m, IPSECDP_SA_A_MODE, IPSECDP_MODE_TRANSPORT);
		put_u32(m, IPSECDP_SA_A_REPLAY_WINDOW, 64);
		a = nest_start(m, IPSECDP_SA_A_AEAD);
		put_str(m, IPSECDP_ALG_A_NAME, "rfc4106(gcm(aes))");
		put(m, IPSECDP_ALG_A_KEY, valid_key, sizeof(valid_key));
		put_u32(m, IPSECDP_ALG_A_ICV_BITS, 128);
		nest_end(m, a);
	}
	nest_end(m, o);
	m_finish(m);
}

/* policy 198.51.100.0/24 port N -> 198.51.100.x, dir out, one template */
static void valid_pol_msg(struct msg *m, uint8_t cmd, uint32_t n, bool full)
{
	uint32_t src = htonl(0xc6336400), dst = htonl(0xc6336400 | (n & 0xff));
	size_t o, t;

	m_init(m, fam_id, NLM_F_REQUEST | NLM_F_ACK, cmd, 1);
	o = nest_start(m, IPSECDP_A_POLICY);
	put_u16(m, IPSECDP_POL_A_FAMILY, AF_INET);
	put_u8(m, IPSECDP_POL_A_DIR, IPSECDP_DIR_OUT);
	put(m, IPSECDP_POL_A_SRC, &src, 4);
	put_u8(m, IPSECDP_POL_A_SRC_PLEN, 24);
	put(m, IPSECDP_POL_A_DST, &dst, 4);
	put_u8(m, IPSECDP_POL_A_DST_PLEN, 32);
	put_u8(m, IPSECDP_POL_A_PROTO, IPPROTO_UDP);
	put_u16(m, IPSECDP_POL_A_DPORT_MIN, 1000 + (n >> 8) % 60000);
	put_u16(m, IPSECDP_POL_A_DPORT_MAX, 1000 + (n >> 8) % 60000);
	if (full) {
		put_u32(m, IPSECDP_POL_A_PRIORITY, 100);
		t = nest_start(m, IPSECDP_POL_A_TMPL);
		put_u8(m, IPSECDP_TMPL_A_PROTO, IPPROTO_ESP);
		put_u8(m, IPSECDP_TMPL_A_MODE, IPSECDP_MODE_TRANSPORT);
		put_u32(m, IPSECDP_TMPL_A_SPI, 0x7e000000 + n);
		nest_end(m, t);
	}
	nest_end(m, o);
	m_finish(m);
}

static void dump_msg(struct msg *m, uint8_t cmd)
{
	m_init(m, fam_id, NLM_F_REQUEST | NLM_F_DUMP, cmd, 1);
	m_finish(m);
}

static struct msg vmsg;

/*
 * A well-formed request with a known expected outcome: root: @want
 * (0 = success); unprivileged: EPERM.
 */
static void expect(int fd, struct msg *m, int want, const char *what,
		   bool follow)
{
	struct answer a;
	int got;

	xfer(fd, m, &a, follow);
	valid_ops++;
	got = a.err == 1 ? ((a.ndata || a.done) ? 0 : 1) : a.err;
	if (a.done && a.done_err)
		got = a.done_err;
	if (unpriv)
		want = -EPERM;
	if (got != want || (unpriv && (a.ndata || a.done)))
		fail("%s: got %s (%d), expected %s%s", what,
		     got == 1 ? "no answer" : got ? strerror(-got) : "success",
		     got, want ? strerror(-want) : "success",
		     a.ndata ? " [reply data]" : "");
	if (a.nattr_bad)
		fail("%s: %d malformed replies", what, a.nattr_bad);
}

static uint32_t valid_n;

/* add SA + policy, get the SA, delete both: each must do exactly that */
static void valid_sequence(int fd)
{
	uint32_t n = ++valid_n, spi = 0x7f000000 + n;
	struct answer a;
	char what[64];

	snprintf(what, sizeof(what), "valid SA add spi 0x%x", spi);
	valid_sa_msg(&vmsg, IPSECDP_CMD_SA_ADD, spi, true, 0);
	expect(fd, &vmsg, 0, what, false);
	snprintf(what, sizeof(what), "valid duplicate SA add spi 0x%x", spi);
	expect(fd, &vmsg, -EEXIST, what, false);

	valid_sa_msg(&vmsg, IPSECDP_CMD_SA_GET, spi, false, 0);
	xfer(fd, &vmsg, &a, false);
	valid_ops++;
	if (unpriv) {
		if (a.err != -EPERM || a.ndata)
			fail("SA get spi 0x%x unprivileged: err %d, %d replies",
			     spi, a.err, a.ndata);
	} else if (a.ndata != 1 || a.nattr_bad || a.nspis != 1 ||
		   a.spis[0] != spi || a.err != 0) {
		fail("SA get spi 0x%x: %d replies (%d malformed), spi 0x%x, err %d",
		     spi, a.ndata, a.nattr_bad, a.nspis ? a.spis[0] : 0, a.err);
	}

	snprintf(what, sizeof(what), "valid policy add #%u", n);
	valid_pol_msg(&vmsg, IPSECDP_CMD_POLICY_ADD, n, true);
	expect(fd, &vmsg, 0, what, false);
	snprintf(what, sizeof(what), "valid policy del #%u", n);
	valid_pol_msg(&vmsg, IPSECDP_CMD_POLICY_DEL, n, false);
	expect(fd, &vmsg, 0, what, false);
	snprintf(what, sizeof(what), "valid policy del #%u again", n);
	expect(fd, &vmsg, -ENOENT, what, false);

	snprintf(what, sizeof(what), "valid SA del spi 0x%x", spi);
	valid_sa_msg(&vmsg, IPSECDP_CMD_SA_DEL, spi, false, 0);
	expect(fd, &vmsg, 0, what, false);
	snprintf(what, sizeof(what), "valid SA del spi 0x%x again", spi);
	expect(fd, &vmsg, -ENOENT, what, false);
}

/* a dump of @cmd read to the end: returns entries, checks SPIs (SA) */
static int full_dump(int fd, uint8_t cmd, uint32_t spi0, int nspi)
{
	static struct answer a;
	int seen[BULK_N] = { 0 }, i;

	dump_msg(&vmsg, cmd);
	xfer(fd, &vmsg, &a, true);
	dumps_full++;
	valid_ops++;
	if (a.nattr_bad)
		fail("dump cmd %d: %d malformed entries", cmd, a.nattr_bad);
	if (unpriv) {
		if (a.ndata || a.done || a.err != -EPERM)
			fail("dump cmd %d unprivileged: err %d, %d entries%s",
			     cmd, a.err, a.ndata, a.done ? ", DONE" : "");
		return 0;
	}
	if (a.err != 1 || !a.done || a.done_err)
		fail("dump cmd %d: err %d, %s, done_err %d", cmd, a.err,
		     a.done ? "DONE" : "no NLMSG_DONE", a.done_err);
	for (i = 0; i < a.nspis && cmd == IPSECDP_CMD_SA_GET; i++) {
		uint32_t s = a.spis[i];

		if (s >= spi0 && s < spi0 + (uint32_t)nspi && seen[s - spi0]++)
			fail("SA dump returned spi 0x%x twice", s);
	}
	if (cmd == IPSECDP_CMD_SA_GET)
		for (i = 0; i < nspi; i++)
			if (!seen[i])
				fail("SA dump misses spi 0x%x (of %d entries)",
				     spi0 + i, a.ndata);
	return a.ndata;
}

/* start a dump, read its first part, close the socket */
static void abandoned_dump(uint8_t cmd)
{
	int fd = nl_open();
	int small = 4096;

	if (chance(50))
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	dump_msg(&vmsg, cmd);
	((struct nlmsghdr *)vmsg.buf)->nlmsg_seq = ++seq_no;
	if (nl_send(fd, vmsg.buf, vmsg.len) == 0 && chance(80))
		(void)recv(fd, rxbuf, chance(50) ? 1024 : RX_BUF, MSG_DONTWAIT);
	close(fd);
	dumps_abandoned++;
}

static uint32_t bulk_round;

/* BULK_N SAs and policies, full dumps, abandoned dumps; left installed */
static void bulk(int fd)
{
	uint32_t spi0 = 0x7d000000 + (++bulk_round << 8);
	char what[64];
	int i, n;

	for (i = 0; i < BULK_N; i++) {
		snprintf(what, sizeof(what), "bulk SA add spi 0x%x", spi0 + i);
		valid_sa_msg(&vmsg, IPSECDP_CMD_SA_ADD, spi0 + i, true, 0);
		expect(fd, &vmsg, 0, what, false);
		snprintf(what, sizeof(what), "bulk policy add #%u",
			 (bulk_round << 16) + i);
		valid_pol_msg(&vmsg, IPSECDP_CMD_POLICY_ADD,
			      (bulk_round << 16) + (i << 8) + i, true);
		expect(fd, &vmsg, 0, what, false);
	}
	n = full_dump(fd, IPSECDP_CMD_SA_GET, spi0, BULK_N);
	if (!unpriv && n < BULK_N)
		fail("SA dump: %d entries, expected >= %d", n, BULK_N);
	n = full_dump(fd, IPSECDP_CMD_POLICY_GET, 0, 0);
	if (!unpriv && n < BULK_N)
		fail("policy dump: %d entries, expected >= %d", n, BULK_N);
	for (i = 0; i < 6; i++)
		abandoned_dump(i & 1 ? IPSECDP_CMD_POLICY_GET :
				       IPSECDP_CMD_SA_GET);
}

/* ---- one fuzzed message ---- */

static struct msg fm;

static uint8_t pick_cmd(void)
{
	/* mostly the family's own commands, all numbers now and then */
	return chance(70) ? 1 + rnd(IPSECDP_CMD_STATS_GET) : rnd(NCMD);
}

static void build_fuzz(struct msg *m)
{
	static const uint16_t xflags[] = {
		NLM_F_ECHO, NLM_F_EXCL, NLM_F_CREATE, NLM_F_REPLACE,
		NLM_F_APPEND, NLM_F_ATOMIC, NLM_F_MULTI, NLM_F_ACK_TLVS,
		NLM_F_NONREC, 0x8000, 0x4000,
	};
	uint16_t type = fam_id, flags;
	uint8_t cmd = pick_cmd(), version = 1;
	int i, n;

	if (chance(3))
		type = PICK(((const uint16_t[]){ NLMSG_NOOP, NLMSG_ERROR,
						 NLMSG_DONE, NLMSG_OVERRUN,
						 0xfff0, 0 }));
	flags = NLM_F_REQUEST;
	if (chance(3))
		flags = 0;
	if (chance(85))
		flags |= NLM_F_ACK;
	if (chance(15))
		flags |= NLM_F_DUMP;
	else if (chance(5))
		flags |= chance(50) ? NLM_F_ROOT : NLM_F_MATCH;
	if (chance(10))
		flags |= PICK(xflags);
	if (chance(2))
		flags = (uint16_t)rnd64();
	if (chance(5))
		version = rnd(256);
	m_init(m, type, flags, cmd, version);
	if (chance(3))
		((struct genlmsghdr *)(m->buf + NLMSG_HDRLEN))->reserved =
			(uint16_t)rnd64();

	switch (rnd(12)) {
	case 0:
		break;			/* no attributes */
	case 1:
		put_random_attrs(m, 3, IPSECDP_A_MAX);
		break;
	case 2:				/* both nests */
		put_sa(m);
		put_policy(m);
		break;
	case 3:				/* deep nest at the top */
		put_deep_nest(m, chance(50) ? IPSECDP_A_SA : IPSECDP_A_POLICY,
			      1 + rnd(150));
		break;
	case 4:				/* huge message: many attributes */
		n = 100 + rnd(2000);
		for (i = 0; i < n && !m->full; i++)
			put_sa(m);
		break;
	case 5:				/* stats/hard/pad/unknown top-level */
		put_random_attrs(m, 1, IPSECDP_A_MAX);
		if (chance(50))
			put_int(m, IPSECDP_A_HARD, 1, rnd(256));
		if (chance(50)) {
			size_t o = nest_start(m, IPSECDP_A_STATS);

			for (i = 0; i < 5; i++)
				put_int(m, rnd(IPSECDP_MIB_MAX + 3), 8,
					interesting());
			nest_end(m, o);
		}
		break;
	default:			/* the nest matching the command */
		if (cmd >= IPSECDP_CMD_POLICY_ADD &&
		    cmd <= IPSECDP_CMD_POLICY_FLUSH)
			put_policy(m);
		else if (cmd == IPSECDP_CMD_ACQUIRE && chance(50))
			put_policy(m);
		else
			put_sa(m);
		if (chance(5))	/* repeated */
			put_sa(m);
	}
	m_finish(m);

	/* lengths that lie */
	if (chance(3)) {
		struct nlattr *a = (struct nlattr *)(m->buf + NLMSG_HDRLEN +
						     GENL_HDRLEN);

		if (m->len >= NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN)
			a->nla_len = chance(50) ? 0xffff :
				     (uint16_t)(m->len + rnd(64));
	}
	if (chance(25)) {
		mutate(m);
		m_finish(m);
		cnt_mutated++;
	}
	if (chance(1))	/* header length that lies too */
		((struct nlmsghdr *)m->buf)->nlmsg_len =
			PICK(((const uint32_t[]){ 0, 4, 15, 16, 19, 20,
						  (uint32_t)m->len + 4,
						  0xffffffff }));
}

/* Does the kernel hand @m to the family, and under which rules? */
enum reach { R_NOT_FAMILY, R_SHORT, R_FAMILY };

static enum reach classify(const struct msg *m)
{
	const struct nlmsghdr *nlh = (const void *)m->buf;

	if (m->len < NLMSG_HDRLEN || nlh->nlmsg_len < NLMSG_HDRLEN ||
	    nlh->nlmsg_len > m->len)
		return R_NOT_FAMILY;	/* dropped without answer */
	if (!(nlh->nlmsg_flags & NLM_F_REQUEST) ||
	    nlh->nlmsg_type != fam_id)
		return R_NOT_FAMILY;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return R_SHORT;
	return R_FAMILY;
}

static unsigned long unpriv_refused, unpriv_other, cnt_notfam;

static void fuzz_one(int fd)
{
	struct answer a;
	enum reach r;
	uint8_t cmd;

	fuzzing = true;
	build_fuzz(&fm);
	fuzzing = false;
	r = classify(&fm);
	if (r != R_FAMILY)
		cnt_notfam++;
	cmd = ((struct genlmsghdr *)(fm.buf + NLMSG_HDRLEN))->cmd;
	xfer(fd, &fm, &a, false);
	cnt_fuzz++;
	count_answer(&a);
	if (a.nattr_bad)
		fail("malformed reply to fuzzed cmd %u", cmd);
	if (!unpriv)
		return;

	/* unprivileged: nothing may be accepted */
	if (r == R_FAMILY) {
		/*
		 * genetlink checks the header of commands >= resv_start_op
		 * (reserved field, flags) before looking the command up
		 */
		if (a.err == -EPERM || a.err == -EOPNOTSUPP ||
		    (cmd > IPSECDP_CMD_MAX && a.err == -EINVAL)) {
			unpriv_refused++;
		} else {
			unpriv_other++;
			fail("unprivileged cmd %u flags 0x%x len %zu: %s%s%s", cmd,
			     ((struct nlmsghdr *)fm.buf)->nlmsg_flags, fm.len,
			     a.err == 1 ? "no error answer" :
			     a.err ? strerror(-a.err) : "SUCCESS (ack 0)",
			     a.ndata ? ", reply data" : "",
			     a.done ? ", NLMSG_DONE" : "");
		}
	} else if (a.ndata || a.done) {
		fail("unprivileged: reply data to a message that is no request to the family (cmd %u)",
		     cmd);
	} else if (r == R_SHORT && a.err != -EINVAL) {
		fail("unprivileged: short genetlink message: err %d", a.err);
	}
}

/* ---- family id ---- */

static int events_grp = -1;

/* CTRL_ATTR_MCAST_GROUPS: nests of { NAME, ID }: find "events" */
static void mcast_group(const uint8_t *p, size_t l)
{
	while (l >= NLA_HDRLEN) {
		const struct nlattr *g = (const void *)p;
		const uint8_t *q = p + NLA_HDRLEN;
		size_t ql, step = NLA_ALIGN(g->nla_len);
		const char *name = NULL;
		int id = -1;

		if (g->nla_len < NLA_HDRLEN || g->nla_len > l)
			return;
		ql = g->nla_len - NLA_HDRLEN;
		while (ql >= NLA_HDRLEN) {
			const struct nlattr *b = (const void *)q;

			if (b->nla_len < NLA_HDRLEN || b->nla_len > ql)
				break;
			if (b->nla_type == CTRL_ATTR_MCAST_GRP_NAME)
				name = (const char *)q + NLA_HDRLEN;
			if (b->nla_type == CTRL_ATTR_MCAST_GRP_ID)
				id = *(const uint32_t *)(q + NLA_HDRLEN);
			if (NLA_ALIGN(b->nla_len) >= ql)
				break;
			ql -= NLA_ALIGN(b->nla_len);
			q += NLA_ALIGN(b->nla_len);
		}
		if (name && !strcmp(name, IPSECDP_MCGRP_EVENTS))
			events_grp = id;
		if (step >= l)
			return;
		l -= step;
		p += step;
	}
}

static int resolve_family(int fd)
{
	struct msg *m = &vmsg;
	struct answer a;
	int id = -1;
	ssize_t n;

	m_init(m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, CTRL_CMD_GETFAMILY, 1);
	put_str(m, CTRL_ATTR_FAMILY_NAME, IPSECDP_GENL_NAME);
	m_finish(m);
	((struct nlmsghdr *)m->buf)->nlmsg_seq = ++seq_no;
	answer_init(&a, seq_no);
	if (nl_send(fd, m->buf, m->len))
		return -1;
	n = recv(fd, rxbuf, RX_BUF, 0);
	if (n > 0) {
		struct nlmsghdr *h = (struct nlmsghdr *)rxbuf;
		size_t len = n;

		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			uint8_t *p = (uint8_t *)NLMSG_DATA(h) + GENL_HDRLEN;
			size_t l;

			if (h->nlmsg_type == NLMSG_ERROR) {
				fprintf(stderr, "CTRL_CMD_GETFAMILY %s: %s\n",
					IPSECDP_GENL_NAME,
					strerror(-((struct nlmsgerr *)NLMSG_DATA(h))->error));
				return -1;
			}
			if (h->nlmsg_type != GENL_ID_CTRL)
				continue;
			l = h->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
			while (l >= NLA_HDRLEN) {
				struct nlattr *at = (struct nlattr *)p;

				if (at->nla_len < NLA_HDRLEN || at->nla_len > l)
					break;
				if (at->nla_type == CTRL_ATTR_FAMILY_ID)
					id = *(uint16_t *)(p + NLA_HDRLEN);
				if ((at->nla_type & 0x3fff) == CTRL_ATTR_MCAST_GROUPS)
					mcast_group(p + NLA_HDRLEN,
						    at->nla_len - NLA_HDRLEN);
				if (NLA_ALIGN(at->nla_len) >= l)
					break;
				l -= NLA_ALIGN(at->nla_len);
				p += NLA_ALIGN(at->nla_len);
			}
		}
	}
	return id;
}

/* ---- the "events" multicast group ---- */

static int mon_fd = -1;
static unsigned long ev_count, ev_bad, ev_overruns;

/*
 * Join the events group: privileged, it must work (and the notification
 * paths run for every change the fuzzer makes); unprivileged, it must be
 * refused with EPERM (events carry SA and policy state).
 */
static void events_join(void)
{
	int fd, small = 16384;

	if (events_grp < 0) {
		fail("genetlink family %s has no multicast group \"%s\"",
		     IPSECDP_GENL_NAME, IPSECDP_MCGRP_EVENTS);
		return;
	}
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    NETLINK_GENERIC);
	if (fd < 0) {
		perror("socket");
		exit(2);
	}
	/* bound: multicast from the kernel (portid 0) skips unbound sockets */
	{
		struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

		if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
			perror("bind");
			exit(2);
		}
	}
	/* small: overruns (ENOBUFS) are part of the test */
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof(small));
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &events_grp,
		       sizeof(events_grp)) < 0) {
		if (!unpriv)
			fail("joining multicast group %s (%d): %s",
			     IPSECDP_MCGRP_EVENTS, events_grp, strerror(errno));
		else if (errno != EPERM)
			fail("unprivileged join of multicast group %s: %s, expected EPERM",
			     IPSECDP_MCGRP_EVENTS, strerror(errno));
		else
			printf("# ok: unprivileged join of multicast group \"%s\" refused (EPERM)\n",
			       IPSECDP_MCGRP_EVENTS);
		close(fd);
		return;
	}
	if (unpriv)
		fail("unprivileged process joined multicast group \"%s\": it can watch SA/policy events",
		     IPSECDP_MCGRP_EVENTS);
	mon_fd = fd;
}

static void events_drain(void)
{
	for (;;) {
		ssize_t n;
		size_t len;
		struct nlmsghdr *h;

		if (mon_fd < 0)
			return;
		n = recv(mon_fd, rxbuf, RX_BUF, MSG_TRUNC);
		if (n < 0) {
			if (errno == ENOBUFS) {
				ev_overruns++;
				continue;
			}
			if (errno != EAGAIN && errno != EINTR)
				fail("events socket: %s", strerror(errno));
			return;
		}
		if (n > RX_BUF)
			n = RX_BUF;
		len = (size_t)n;
		for (h = (struct nlmsghdr *)rxbuf; NLMSG_OK(h, len);
		     h = NLMSG_NEXT(h, len)) {
			size_t pl = h->nlmsg_len - NLMSG_HDRLEN;

			ev_count++;
			if (h->nlmsg_type != fam_id || pl < GENL_HDRLEN ||
			    !attrs_ok((uint8_t *)NLMSG_DATA(h) + GENL_HDRLEN,
				      pl - GENL_HDRLEN, 0))
				ev_bad++;
		}
	}
}

static const char *errname(int e)
{
	switch (e) {
	case EPERM: return "EPERM";
	case ENOENT: return "ENOENT";
	case ESRCH: return "ESRCH";
	case E2BIG: return "E2BIG";
	case ENOMEM: return "ENOMEM";
	case EFAULT: return "EFAULT";
	case EBUSY: return "EBUSY";
	case EEXIST: return "EEXIST";
	case EINVAL: return "EINVAL";
	case ENOSPC: return "ENOSPC";
	case ERANGE: return "ERANGE";
	case ENOBUFS: return "ENOBUFS";
	case EMSGSIZE: return "EMSGSIZE";
	case EPROTONOSUPPORT: return "EPROTONOSUPPORT";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	case EAFNOSUPPORT: return "EAFNOSUPPORT";
	case ENOPKG: return "ENOPKG";
	case ENOKEY: return "ENOKEY";
	case EBADMSG: return "EBADMSG";
	case ENODEV: return "ENODEV";
	case ENODATA: return "ENODATA";
	case ENOPROTOOPT: return "ENOPROTOOPT";
	case EOVERFLOW: return "EOVERFLOW";
	case ENOTCONN: return "ENOTCONN";
	case 524: return "ENOTSUPP(kernel-internal!)";
	default: return NULL;
	}
}

int main(int argc, char **argv)
{
	uint64_t seed = 0x1b5ecd9;
	unsigned long count = 20000, i;
	const char *env;
	int fd, c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	env = getenv("NLFUZZ_SEED");
	if (env && *env)
		seed = strtoull(env, NULL, 0);
	env = getenv("NLFUZZ_COUNT");
	if (env && *env)
		count = strtoul(env, NULL, 0);
	while ((c = getopt(argc, argv, "n:s:uv")) != -1) {
		switch (c) {
		case 'n':
			count = strtoul(optarg, NULL, 0);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 0);
			break;
		case 'u':
			unpriv = true;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			fprintf(stderr, "usage: %s [-n COUNT] [-s SEED] [-u] [-v]\n",
				argv[0]);
			return 2;
		}
	}
	rng_seed(seed);
	rxbuf = malloc(RX_BUF);
	if (!rxbuf)
		return 2;

	fd = nl_open();
	fam_id = resolve_family(fd);
	if (fam_id < 0) {
		fprintf(stderr, "genetlink family %s not found\n",
			IPSECDP_GENL_NAME);
		return 2;
	}
	printf("nlfuzz: seed 0x%" PRIx64 " (NLFUZZ_SEED to override), %lu messages, %s mode, family %s id %d, uid %d\n",
	       seed, count, unpriv ? "unprivileged (EPERM expected)" : "privileged",
	       IPSECDP_GENL_NAME, fam_id, (int)getuid());

	events_join();
	bulk(fd);
	for (i = 0; i < count; i++) {
		if (i % 50 == 0)
			events_drain();
		if (i % VALID_EVERY == VALID_EVERY - 1)
			valid_sequence(fd);
		if (i % BULK_EVERY == BULK_EVERY - 1)
			bulk(fd);
		if (i % 997 == 500) {	/* a fresh socket now and then */
			close(fd);
			fd = nl_open();
		}
		fuzz_one(fd);
	}
	/* and one last round that must still work */
	valid_sequence(fd);
	full_dump(fd, IPSECDP_CMD_SA_GET, 0, 0);
	full_dump(fd, IPSECDP_CMD_POLICY_GET, 0, 0);
	close(fd);
	events_drain();
	if (ev_bad)
		fail("%lu malformed event messages", ev_bad);
	if (mon_fd >= 0) {
		printf("# events group: %lu notifications received, %lu overruns (ENOBUFS)\n",
		       ev_count, ev_overruns);
		if (!unpriv && !ev_count)
			fail("no event notification received for the changes made");
	}

	printf("# sent %lu messages (%lu fuzzed, %lu of them byte-mutated, %lu well-formed checks, %lu full and %lu abandoned dumps, %lu bytes):",
	       cnt_sent, cnt_fuzz, cnt_mutated, valid_ops, dumps_full,
	       dumps_abandoned, cnt_bytes);
	printf(" fuzzed answers: ok=%lu reply-data=%lu no-answer=%lu", cnt_ok,
	       cnt_data, cnt_noanswer);
	for (c = 1; c <= MAXERR; c++) {
		const char *n = errname(c);

		if (!cnt_err[c])
			continue;
		if (n)
			printf(" %s=%lu", n, cnt_err[c]);
		else
			printf(" errno%d=%lu", c, cnt_err[c]);
	}
	printf(" (%lu were no complete request to the family: other nlmsg_type, no NLM_F_REQUEST or bad length; they get acked or dropped by the netlink core)\n",
	       cnt_notfam);
	if (unpriv)
		printf("# unprivileged: %lu requests reached the family, all refused: %lu (EPERM/EOPNOTSUPP), %lu otherwise answered\n",
		       unpriv_refused + unpriv_other, unpriv_refused, unpriv_other);
	if (fails) {
		printf("nlfuzz: %lu checks FAILED (seed 0x%" PRIx64 ")\n", fails,
		       seed);
		return 1;
	}
	printf("nlfuzz: all checks passed\n");
	return 0;
}
