/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecctl: configuration tool for the ipsecdp IPsec datapath.
 *
 * Shared declarations of the ipsecctl sources.
 */
#ifndef IPSECCTL_H
#define IPSECCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>

#include <linux/ipsecdp.h>

/* Exit status. */
#define EXIT_OK		0	/* success */
#define EXIT_NL		1	/* kernel / netlink error */
#define EXIT_USAGE	2	/* usage or parse error, nothing was sent */

#define IPSECCTL_VERSION "0.1"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

struct global_opts {
	bool json;		/* -j: JSON output */
	bool show_keys;		/* -k: print keys the kernel returned */
	bool dry_run;		/* -n: print requests instead of sending */
};

extern struct global_opts opts;

/* ---- parse.c: words, numbers, addresses, keys ---------------------- */

/* Keyword table entry; tables end with a NULL name. */
struct kw {
	const char *name;
	int val;
};

struct addr {
	int family;		/* AF_INET / AF_INET6 */
	unsigned int len;	/* 4 / 16 */
	unsigned int plen;	/* prefix length (selectors) */
	uint8_t b[16];		/* network byte order */
};

struct alg {
	bool set;
	bool has_icv;
	char name[IPSECDP_ALG_NAME_MAX];
	uint8_t key[IPSECDP_KEY_MAX];
	size_t keylen;
	uint32_t icv_bits;
};

bool matches(const char *arg, const char *kw);
int kw_lookup(const struct kw *tab, const char *arg);
int kw_exact(const struct kw *tab, const char *arg);
const char *kw_name(const struct kw *tab, int val);

int perr(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int missing_arg(const char *kw);
int duparg(const char *kw);
int unknown_kw(const char *arg);
int invalid_arg(const char *arg, const char *kw);

int parse_uint(const char *arg, const char *kw, uint64_t max, uint64_t *out);
int parse_u64(const char *arg, const char *kw, uint64_t *out);
int parse_u32(const char *arg, const char *kw, uint32_t *out);
int parse_u16(const char *arg, const char *kw, uint16_t *out);
int parse_u8(const char *arg, const char *kw, uint8_t *out);
int parse_addr(const char *arg, const char *kw, struct addr *a);
int parse_prefix(const char *arg, const char *kw, struct addr *a);
int parse_key(const char *arg, const char *kw, uint8_t *key, size_t *len);
int parse_alg_name(const char *arg, const char *kw, char *name);
int parse_xfrm_proto(const char *arg, const char *kw, uint8_t *proto);
int parse_ip_proto(const char *arg, const char *kw, uint8_t *proto);
int parse_mode(const char *arg, uint8_t *mode);
int parse_port_range(const char *arg, const char *kw,
		     uint16_t *lo, uint16_t *hi);
int check_same_family(const struct addr *a, const char *akw, const char *aw,
		      const struct addr *b, const char *bkw, const char *bw);

const char *ip_proto_name(unsigned int proto);	/* NULL if unknown */
const char *mode_name(unsigned int mode);	/* NULL if unknown */
const char *family_name(unsigned int family);	/* "inet"/"inet6"/NULL */

/*
 * Argument iteration helpers in the style of iproute2. They expect local
 * variables argc/argv and return from the calling parse function.
 */
#define NEXT_ARG() do {						\
		argv++; argc--;					\
		if (argc <= 0)					\
			return missing_arg(argv[-1]);		\
	} while (0)

#define NEXT_ARG_OK()	(argc - 1 > 0)

/* Like NEXT_ARG() but names what is missing after keyword @kw (local). */
#define NEXT_ARG_FOR(what) do {					\
		argv++; argc--;					\
		if (argc <= 0)					\
			return perr("missing %s for \"%s\"", what, kw); \
	} while (0)

/* ---- nl.c: netlink socket and requests ----------------------------- */

typedef int (*reply_cb_t)(struct nl_msg *msg, void *arg);

struct nl_msg *req_new(uint8_t cmd, int flags);
int req_talk(struct nl_msg *msg, reply_cb_t cb, void *arg);
void req_free(void);

/* Attribute helpers: remember failures, req_talk() refuses to send then. */
void put_u8(struct nl_msg *msg, int type, uint8_t v);
void put_u16(struct nl_msg *msg, int type, uint16_t v);
void put_u32(struct nl_msg *msg, int type, uint32_t v);
void put_u64(struct nl_msg *msg, int type, uint64_t v);
void put_bin(struct nl_msg *msg, int type, const void *data, size_t len);
void put_str(struct nl_msg *msg, int type, const char *s);
void put_addr(struct nl_msg *msg, int type, const struct addr *a);
struct nlattr *nest_start(struct nl_msg *msg, int type);
void nest_end(struct nl_msg *msg, struct nlattr *nest);

int parse_genl(struct nl_msg *msg, struct nlattr **tb, uint8_t *cmd);

int monitor_run(int (*cb)(struct nl_msg *msg, void *arg));

/* ---- nlprint.c: dry-run message printer ---------------------------- */

void nlprint_msg(struct nl_msg *msg);

/* ---- json.c: hand-written JSON emitter ----------------------------- */

void json_obj_start(const char *key);
void json_obj_end(void);
void json_arr_start(const char *key);
void json_arr_end(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, uint64_t val);
void json_bool(const char *key, bool val);
void json_hex(const char *key, const uint8_t *data, size_t len);
void json_reset(void);

/* ---- output helpers shared by sa.c, policy.c, monitor.c ------------ */

const char *fmt_addr(const struct nlattr *a, char *buf, size_t len);
void print_hex(const uint8_t *data, size_t len);
void print_proto(unsigned int proto);
void json_proto(const char *key, unsigned int proto);
bool attr_u8(const struct nlattr *a, uint8_t *v);
bool attr_u16(const struct nlattr *a, uint16_t *v);
bool attr_u32(const struct nlattr *a, uint32_t *v);
bool attr_u64(const struct nlattr *a, uint64_t *v);

/* SA output styles */
enum sa_style {
	SA_STYLE_BLOCK,		/* multi-line, like `ip xfrm state` */
	SA_STYLE_LINE,		/* one line (monitor) */
};

void print_sa(struct nlattr *sa, enum sa_style style);
void json_sa(struct nlattr *sa);		/* fields into current object */
/* policy output styles */
enum pol_style {
	POL_STYLE_BLOCK,	/* multi-line, like `ip xfrm policy` */
	POL_STYLE_LINE,		/* one line with action (monitor) */
	POL_STYLE_ACQUIRE,	/* one line without action (acquire) */
};

void print_policy(struct nlattr *pol, enum pol_style style);
void json_policy(struct nlattr *pol);		/* fields into current object */

/* ---- commands -------------------------------------------------------- */

int do_sa(int argc, char **argv);
int do_policy(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_monitor(int argc, char **argv);

#endif /* IPSECCTL_H */
