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

#include <netinet/in.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>

#include <linux/types.h>
#include <linux/ipsecdp.h>

/* Kernel-style fixed-width types, as in the kernel's tools/. */
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

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
	bool stats;		/* -s: counters in text output */
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
	u8 b[16];		/* network byte order */
};

struct alg {
	bool set;
	bool has_icv;
	char name[IPSECDP_ALG_NAME_MAX];
	u8 key[IPSECDP_KEY_MAX];
	size_t keylen;
	u32 icv_bits;
};

bool matches(const char *arg, const char *kw);
int kw_lookup(const struct kw *tab, const char *arg);
int kw_exact(const struct kw *tab, const char *arg);
const char *kw_name(const struct kw *tab, int val);

/* The kernel's __printf(), without the kernel's headers. */
#define IPSECCTL_ATTR(x) __attribute__(x)
#define __printf(a, b) IPSECCTL_ATTR((format(printf, a, b)))

int perr(const char *fmt, ...) __printf(1, 2);
/* Prefix of perr() messages in batch mode: "FILE:LINE" (file or NULL). */
extern const char *perr_file;
extern unsigned int perr_line;
int missing_arg(const char *kw);
int duparg(const char *kw);
int unknown_kw(const char *arg);
int invalid_arg(const char *arg, const char *kw);

int parse_uint_range(const char *arg, const char *kw, u64 min, u64 max,
		     u64 *out);
int parse_uint(const char *arg, const char *kw, u64 max, u64 *out);
int parse_u64(const char *arg, const char *kw, u64 *out);
int parse_u32(const char *arg, const char *kw, u32 *out);
int parse_u16(const char *arg, const char *kw, u16 *out);
int parse_u8(const char *arg, const char *kw, u8 *out);
int parse_addr(const char *arg, const char *kw, struct addr *a);
int parse_prefix(const char *arg, const char *kw, struct addr *a);
int parse_key(const char *arg, const char *kw, u8 *key, size_t *len);
int parse_alg_name(const char *arg, const char *kw, char *name);
int parse_xfrm_proto(const char *arg, const char *kw, u8 *proto);
int parse_ip_proto(const char *arg, const char *kw, u8 *proto);
int parse_mode(const char *arg, u8 *mode);
int parse_encap_type(const char *arg, const char *kw, u16 *type);
int parse_port_range(const char *arg, const char *kw,
		     u16 *lo, u16 *hi);
int check_same_family(const struct addr *a, const char *akw, const char *aw,
		      const struct addr *b, const char *bkw, const char *bw);

const char *ip_proto_name(unsigned int proto);	/* NULL if unknown */
const char *mode_name(unsigned int mode);	/* NULL if unknown */
const char *encap_type_name(unsigned int type);	/* NULL if unknown */
const char *family_name(unsigned int family);	/* "inet"/"inet6"/NULL */

/*
 * Step to the value of keyword @kw: returns -1 after "missing WHAT for
 * KW" if the command line ends here.
 */
static inline int next_arg(int *argc, char ***argv, const char *what,
			   const char *kw)
{
	(*argv)++;
	(*argc)--;
	if (*argc <= 0)
		return perr("missing %s for \"%s\"", what, kw);
	return 0;
}

/* PORT or LO-HI */
struct port_range {
	u16 lo, hi;
};

/*
 * A keyword of a command line and how to read it: "NAME VALUE" by @parse
 * into the field at offset @off of the arguments, with a bool at @has
 * (a second one is refused) and, if @word is not 0, the value's word kept
 * at that offset for messages (the arguments structs start with their
 * bools, so 0 is no field); or, with @multi, a reader of several words.
 * @kinds: the commands (a caller's bit mask) the keyword is valid for.
 */
struct arg_kw {
	const char *name;
	unsigned int kinds;
	const char *what;	/* "missing WHAT for NAME" */
	const char *errkw;	/* name in the value's messages, NULL: @name */
	int (*parse)(const char *arg, const char *kw, void *out);
	size_t off, has, word;
	int (*multi)(int *argc, char ***argv, const char *kw, void *obj);
};

/*
 * Keyword @n of the arguments struct @type, valid for @k, its value read
 * by @fn into field @f with the flag has_@f; ARG_W also keeps the word in
 * @f_w. @w: what "missing WHAT for" says; @e: name in the value's
 * messages (NULL: @n).
 */
#define ARG(type, n, k, w, e, fn, f) { .name = n, .kinds = k, .what = w, \
	.errkw = e, .parse = fn, .off = offsetof(type, f),		\
	.has = offsetof(type, has_##f) }
#define ARG_W(type, n, k, w, e, fn, f) { .name = n, .kinds = k,	\
	.what = w, .errkw = e, .parse = fn, .off = offsetof(type, f),	\
	.has = offsetof(type, has_##f), .word = offsetof(type, f##_w) }

int arg_addr(const char *arg, const char *kw, void *out);
int arg_prefix(const char *arg, const char *kw, void *out);
int arg_u8(const char *arg, const char *kw, void *out);
int arg_u16(const char *arg, const char *kw, void *out);
int arg_u32(const char *arg, const char *kw, void *out);
int arg_u64(const char *arg, const char *kw, void *out);
int arg_xfrm_proto(const char *arg, const char *kw, void *out);
int arg_ip_proto(const char *arg, const char *kw, void *out);
int arg_mode(const char *arg, const char *kw, void *out);
int arg_range(const char *arg, const char *kw, void *out);
const struct arg_kw *arg_lookup(const struct arg_kw *tab, const char *arg);

/* The commands of an object ("add" of "sa"), indexes of its cmd_fn array. */
enum {
	CMD_ADD, CMD_UPDATE, CMD_DEL, CMD_GET, CMD_LIST, CMD_COUNT, CMD_FLUSH,
	CMD_MATCH, CMD_HELP, CMD_MAX
};

typedef int (*cmd_fn)(int argc, char **argv);

/* An object of the command line ("sa", "policy") and its commands */
struct obj_cmds {
	const char *name;
	void (*usage)(FILE *f);			/* "help" */
	/* "add" and "update": one function, told the request and "sa add" */
	int (*add)(int argc, char **argv, u8 cmd, const char *what);
	u8 nl_add, nl_update;
	cmd_fn run[CMD_MAX];			/* the others; "list" also alone */
};

extern const struct obj_cmds sa_cmds, pol_cmds;
/* the "flag" words of SAs and policies: parsed, listed and saved */
extern const struct kw sa_flag_names[], pol_flag_names[];

int cmd_run(const struct obj_cmds *o, int argc, char **argv);
int arg_read(const struct arg_kw *k, int *argc, char ***argv, void *obj,
	     const char *in);

/*
 * A command's words: keywords of @tab valid for @kind (a bit of their
 * @kinds); once *@sub_obj is set, the keywords of @sub go to it first.
 */
struct arg_cmd {
	const char *name;	/* "sa add", for messages */
	unsigned int kind;
	const struct arg_kw *tab;
	const struct arg_kw *sub;
	const char *sub_name;	/* "tmpl", for messages */
	void **sub_obj;
};

int arg_parse(const struct arg_cmd *c, int argc, char **argv, void *obj);

/* ---- nl.c: netlink socket and requests ----------------------------- */

typedef int (*reply_cb_t)(struct nl_msg *msg, void *arg);

struct nl_msg *req_new(u8 cmd, int flags);
struct nl_msg *req_nest(u8 cmd, int flags, int type,
			void (*fill)(struct nl_msg *msg, const void *args),
			const void *args);
int req_talk(struct nl_msg *msg, reply_cb_t cb, void *arg);
void req_free(void);

/* Attribute helpers: remember failures, req_talk() refuses to send then. */
void put_u8(struct nl_msg *msg, int type, u8 v);
void put_u16(struct nl_msg *msg, int type, u16 v);
void put_u32(struct nl_msg *msg, int type, u32 v);
void put_u64(struct nl_msg *msg, int type, u64 v);
void put_bin(struct nl_msg *msg, int type, const void *data, size_t len);
void put_str(struct nl_msg *msg, int type, const char *s);
void put_flag(struct nl_msg *msg, int type);
void put_addr(struct nl_msg *msg, int type, const struct addr *a);
struct nlattr *nest_start(struct nl_msg *msg, int type);
void nest_end(struct nl_msg *msg, struct nlattr *nest);

int parse_genl(struct nl_msg *msg, struct nlattr **tb, u8 *cmd);

/*
 * Atomic batches (-f): while collecting, req_talk() only queues
 * configuration requests (others are refused); batch_run() then applies
 * them all or none.
 */
struct batch_result {
	int index;		/* failing request, -1: none in particular */
	int err;		/* positive errno */
	char msg[512];		/* kernel's message */
};

void batch_collect(bool on, bool stream);
void batch_set_line(unsigned int line);
unsigned int batch_count(void);
unsigned int batch_line(unsigned int i);
void batch_print(void);
void batch_free(void);
int batch_run(struct batch_result *res);

int monitor_run(int (*cb)(struct nl_msg *msg, void *arg));

/* ---- nlprint.c: dry-run message printer ---------------------------- */

void nlprint_msg(struct nl_msg *msg);

/* ---- json.c: hand-written JSON emitter ----------------------------- */

void json_obj_start(const char *key);
void json_obj_end(void);
void json_arr_start(const char *key);
void json_arr_end(void);
void json_str(const char *key, const char *val);
void json_u64(const char *key, u64 val);
void json_bool(const char *key, bool val);
void json_hex(const char *key, const u8 *data, size_t len);
void json_reset(void);

/* ---- output helpers shared by sa.c, policy.c, monitor.c ------------ */

const char *fmt_addr(const struct nlattr *a, char *buf, size_t len);
void print_hex(const u8 *data, size_t len);
bool attr_u8(const struct nlattr *a, u8 *v);
bool attr_u16(const struct nlattr *a, u16 *v);
bool attr_u32(const struct nlattr *a, u32 *v);
bool attr_u64(const struct nlattr *a, u64 *v);

/*
 * iproute2's output calls: with -j the value goes to JSON under @key (if
 * the type has PRINT_JSON), else to text through @fmt (if PRINT_FP).
 */
enum output_type {
	PRINT_FP = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_FP | PRINT_JSON,
};

/* PRINT_ANY when @has, else text only (text prints a default). */
static inline enum output_type print_if(bool has)
{
	return has ? PRINT_ANY : PRINT_FP;
}

void print_string(enum output_type t, const char *key, const char *fmt,
		  const char *val);
void print_uint(enum output_type t, const char *key, const char *fmt, u64 val);
void print_bool(enum output_type t, const char *key, const char *fmt,
		bool val);
void print_fp(const char *fmt, ...) __printf(1, 2);
void print_name(enum output_type t, const char *key, const char *fmt,
		const char *name, unsigned int val);
void print_flags(u32 flags, const struct kw *names);
void print_ip_proto(enum output_type t, const char *key, const char *fmt,
		    unsigned int proto);
void print_hexstr(enum output_type t, const char *key, const char *fmt,
		  const u8 *data, size_t len);
void open_json_object(const char *key);
void close_json_object(void);
void open_json_array(const char *key);
void close_json_array(void);

/* An SA, a policy, a template as the kernel sent them, decoded once. */
struct alg_info {
	bool present, malformed, has_name, has_icv;
	const struct nlattr *key;
	const char *raw;	/* name as sent, @rawlen bytes */
	int rawlen;
	char name[IPSECDP_ALG_NAME_MAX];
	u32 icv;
};

/* UDP encapsulation; without OA, XFRM's zero address of the SA's family */
struct encap_info {
	bool present, malformed, has_type, has_sport, has_dport, has_oa;
	u16 type, sport, dport;
	char oa[INET6_ADDRSTRLEN];
	const char *oa_s;	/* address, "?" if malformed */
};

struct sa_info {
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *src_s, *dst_s;	/* address, "?" if malformed */
	bool has_src, has_dst, has_family, has_proto, has_spi, has_mode;
	bool has_rwin, has_flags, has_seq, has_oseq, has_pcpu;
	u16 family;
	u8 proto, mode;
	u32 spi, rwin, flags, pcpu;
	u64 seq, oseq;
	struct alg_info aead, enc, auth;
	struct encap_info encap;
	bool lft_ok, lft_set[IPSECDP_LFT_A_MAX + 1];
	u64 lft[IPSECDP_LFT_A_MAX + 1];
	bool cur_ok, cur_set[IPSECDP_LFT_A_MAX + 1];
	u64 cur[IPSECDP_LFT_A_MAX + 1];	/* current: bytes, packets, add time */
	bool stats_ok, stat_set[IPSECDP_SA_STAT_MAX + 1];
	u64 stat[IPSECDP_SA_STAT_MAX + 1];
};

struct pol_info {
	struct nlattr *nest;	/* for its templates */
	char src[INET6_ADDRSTRLEN + 8], dst[INET6_ADDRSTRLEN + 8];
	bool has_family, has_dir, has_prio, has_action, has_index, has_tmpl;
	bool has_sport, has_dport, stats_ok;
	u16 family, sport_lo, sport_hi, dport_lo, dport_hi;
	u8 proto, dir, action;
	u32 prio, index, flags;
	u64 packets, bytes;
};

struct tmpl_info {
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *src_s, *dst_s;
	bool has_family, has_proto, has_mode, has_spi, has_level;
	u16 family;
	u8 proto, mode, level;
	u32 spi;
};

int sa_decode(struct nlattr *sa, struct sa_info *s);
int pol_decode(struct nlattr *pol, struct pol_info *p);
int tmpl_decode(struct nlattr *nest, struct tmpl_info *t);
extern const struct kw lft_kws[];	/* "time-soft" ... */

/* SA output styles */
enum sa_style {
	SA_STYLE_BLOCK,		/* multi-line, like `ip xfrm state` */
	SA_STYLE_LINE,		/* one line (monitor) */
};

/* text, or with -j the fields into the current JSON object */
void print_sa(struct nlattr *sa, enum sa_style style);
/* policy output styles */
enum pol_style {
	POL_STYLE_BLOCK,	/* multi-line, like `ip xfrm policy` */
	POL_STYLE_LINE,		/* one line with action (monitor) */
	POL_STYLE_ACQUIRE,	/* "dir D policy N tmpl ..." (acquire) */
};

/* text, or with -j the fields into the current JSON object */
void print_policy(struct nlattr *pol, enum pol_style style);

/* print.c: the SA or policy of a get's reply, or a list's, with @print */
int show_replies(struct nl_msg *msg, int attr, void (*print)(struct nlattr *a),
		 bool list);

/* wireshark.c: one SA as a line of Wireshark's esp_sa file; false if skipped */
bool print_sa_wireshark(struct nlattr *sa);

/* stats.c: "SAs: N" / "Policies: N" (or {"count": N}) from STATS_GET */
enum count_what { COUNT_SAS, COUNT_POLICIES };
int print_count(enum count_what what);

/* ---- commands -------------------------------------------------------- */

int do_stats(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_save(int argc, char **argv);

#endif /* IPSECCTL_H */
