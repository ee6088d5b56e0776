// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: generic netlink socket, family resolution, request/ack loop
 * with extended ACK error reporting, dump handling and multicast
 * subscription for the monitor.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/genl/ctrl.h>
#include <netlink/genl/family.h>

#include "ipsecctl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif
#ifndef NETLINK_CAP_ACK
#define NETLINK_CAP_ACK	10
#endif
#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK	11
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED	0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS	0x200
#endif
/* enum nlmsgerr_attrs of <linux/netlink.h>, not in libnl's copy. */
#define EXTACK_ATTR_MSG		1
#define EXTACK_ATTR_OFFS	2
#define EXTACK_ATTR_MAX		7

static struct nl_sock *sk;
static int family_id = -1;
static bool put_failed;

struct req_ctx {
	reply_cb_t cb;
	void *arg;
	u32 seq;
	bool done;
	int err;		/* positive errno from the kernel, 0 if none */
	char msg[512];		/* extack message */
};

/* ---- attribute helpers ---------------------------------------------- */

void put_u8(struct nl_msg *msg, int type, u8 v)
{
	if (nla_put_u8(msg, type, v) < 0)
		put_failed = true;
}

void put_u16(struct nl_msg *msg, int type, u16 v)
{
	if (nla_put_u16(msg, type, v) < 0)
		put_failed = true;
}

void put_u32(struct nl_msg *msg, int type, u32 v)
{
	if (nla_put_u32(msg, type, v) < 0)
		put_failed = true;
}

void put_u64(struct nl_msg *msg, int type, u64 v)
{
	if (nla_put_u64(msg, type, v) < 0)
		put_failed = true;
}

void put_bin(struct nl_msg *msg, int type, const void *data, size_t len)
{
	if (nla_put(msg, type, len, data) < 0)
		put_failed = true;
}

void put_flag(struct nl_msg *msg, int type)
{
	if (nla_put_flag(msg, type) < 0)
		put_failed = true;
}

void put_str(struct nl_msg *msg, int type, const char *s)
{
	if (nla_put_string(msg, type, s) < 0)
		put_failed = true;
}

void put_addr(struct nl_msg *msg, int type, const struct addr *a)
{
	put_bin(msg, type, a->b, a->len);
}

struct nlattr *nest_start(struct nl_msg *msg, int type)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest)
		put_failed = true;
	return nest;
}

void nest_end(struct nl_msg *msg, struct nlattr *nest)
{
	if (nest)
		nla_nest_end(msg, nest);
}

/* ---- socket ------------------------------------------------------------ */

/*
 * Generic netlink family name. IPSECCTL_GENL_FAMILY overrides it: a
 * testing aid to exercise the request, dump and error paths against
 * another family (e.g. "nlctrl") where ipsecdp cannot be loaded.
 */
static const char *genl_family_name(void)
{
	const char *name = getenv("IPSECCTL_GENL_FAMILY");

	return name && *name ? name : IPSECDP_GENL_NAME;
}

static int sock_open(void)
{
	const char *name = genl_family_name();
	int one = 1;
	int fd, err;

	if (sk)
		return 0;
	sk = nl_socket_alloc();
	if (!sk) {
		fprintf(stderr, "ipsecctl: cannot allocate netlink socket\n");
		return -1;
	}
	err = genl_connect(sk);
	if (err < 0) {
		fprintf(stderr, "ipsecctl: cannot open generic netlink socket: %s\n",
			nl_geterror(err));
		goto fail;
	}
	fd = nl_socket_get_fd(sk);
	/* Best effort: old kernels lack these, errors are still reported. */
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl_socket_disable_auto_ack(sk);
	nl_socket_enable_msg_peek(sk);
	nl_socket_set_buffer_size(sk, 1 << 20, 0);

	family_id = genl_ctrl_resolve(sk, name);
	if (family_id < 0) {
		if (family_id == -NLE_OBJ_NOTFOUND)
			fprintf(stderr,
				"ipsecctl: the ipsecdp module is not loaded (genl family \"%s\" not found)\n",
				name);
		else
			fprintf(stderr, "ipsecctl: cannot resolve genl family \"%s\": %s\n",
				name, nl_geterror(family_id));
		goto fail;
	}
	return 0;
fail:
	nl_socket_free(sk);
	sk = NULL;
	return -1;
}

void req_free(void)
{
	if (sk)
		nl_socket_free(sk);
	sk = NULL;
}

/* ---- requests ---------------------------------------------------------- */

/*
 * Batch collection (-f): requests are not sent but appended, with the
 * IPSECDP_A_BATCH flag and without NLM_F_ACK, to one buffer; each
 * remembers the input line it came from.
 */
static struct {
	bool on;
	unsigned int line;	/* of the requests being made */
	u8 *buf;
	size_t len, cap;
	unsigned int n, ncap;
	unsigned int *lines;
} coll;

static bool batchable(u8 cmd)
{
	switch (cmd) {
	case IPSECDP_CMD_SA_ADD:
	case IPSECDP_CMD_SA_DEL:
	case IPSECDP_CMD_SA_FLUSH:
	case IPSECDP_CMD_POLICY_ADD:
	case IPSECDP_CMD_POLICY_DEL:
	case IPSECDP_CMD_POLICY_FLUSH:
		return true;
	}
	return false;
}

static int collect(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	size_t len;

	if (!batchable(g->cmd)) {
		nlmsg_free(msg);
		perr("only sa and policy add, del and flush can be part of a batch");
		return EXIT_USAGE;
	}
	if (nla_put_flag(msg, IPSECDP_A_BATCH) < 0) {
		nlmsg_free(msg);
		perr("request does not fit in a netlink message");
		return EXIT_USAGE;
	}
	nlh = nlmsg_hdr(msg);
	nlh->nlmsg_flags &= ~NLM_F_ACK;
	len = NLMSG_ALIGN(nlh->nlmsg_len);
	if (coll.len + len > coll.cap) {
		size_t cap = coll.cap ? coll.cap * 2 : 1 << 20;
		u8 *b;

		while (cap < coll.len + len)
			cap *= 2;
		b = realloc(coll.buf, cap);
		if (!b)
			goto oom;
		coll.buf = b;
		coll.cap = cap;
	}
	if (coll.n == coll.ncap) {
		unsigned int ncap = coll.ncap ? coll.ncap * 2 : 4096;
		unsigned int *l = realloc(coll.lines, ncap * sizeof(*l));

		if (!l)
			goto oom;
		coll.lines = l;
		coll.ncap = ncap;
	}
	memcpy(coll.buf + coll.len, nlh, nlh->nlmsg_len);
	memset(coll.buf + coll.len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	coll.len += len;
	coll.lines[coll.n++] = coll.line;
	nlmsg_free(msg);
	return EXIT_OK;
oom:
	nlmsg_free(msg);
	perr("out of memory");
	return EXIT_USAGE;
}

void batch_collect(bool on)
{
	coll.on = on;
}

void batch_set_line(unsigned int line)
{
	coll.line = line;
}

unsigned int batch_count(void)
{
	return coll.n;
}

unsigned int batch_line(unsigned int i)
{
	return i < coll.n ? coll.lines[i] : 0;
}

void batch_print(void)
{
	size_t off;

	for (off = 0; off < coll.len;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(coll.buf + off);
		struct nl_msg *msg = nlmsg_convert(nlh);

		off += NLMSG_ALIGN(nlh->nlmsg_len);
		if (!msg)
			continue;
		nlprint_msg(msg);
		nlmsg_free(msg);
	}
}

void batch_free(void)
{
	free(coll.buf);
	free(coll.lines);
	memset(&coll, 0, sizeof(coll));
}

/*
 * New request for @cmd. The netlink message type (family id) is filled
 * in by req_talk(), so messages can be built and dry-run printed without
 * the module loaded.
 */
struct nl_msg *req_new(u8 cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg) {
		fprintf(stderr, "ipsecctl: out of memory\n");
		return NULL;
	}
	put_failed = false;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0, flags, cmd,
			 IPSECDP_GENL_VERSION)) {
		fprintf(stderr, "ipsecctl: out of memory\n");
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

/* Request @cmd with one nest @type, filled by @fill from @args. */
struct nl_msg *req_nest(u8 cmd, int flags, int type,
			void (*fill)(struct nl_msg *msg, const void *args),
			const void *args)
{
	struct nl_msg *msg = req_new(cmd, flags);
	struct nlattr *nest;

	if (!msg)
		return NULL;
	nest = nest_start(msg, type);
	fill(msg, args);
	nest_end(msg, nest);
	return msg;
}

/* Extended ACK TLVs of an NLMSG_ERROR or NLMSG_DONE message. */
static void parse_extack(struct nlmsghdr *nlh, size_t off, char *buf,
			 size_t buflen)
{
	struct nlattr *tb[EXTACK_ATTR_MAX + 1];
	struct nlattr *attrs;
	int len;

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return;
	if (nlh->nlmsg_len < NLMSG_HDRLEN + off)
		return;
	attrs = (struct nlattr *)((char *)nlh + NLMSG_HDRLEN + off);
	len = nlh->nlmsg_len - NLMSG_HDRLEN - off;
	if (nla_parse(tb, EXTACK_ATTR_MAX, attrs, len, NULL) < 0)
		return;
	if (tb[EXTACK_ATTR_MSG] && nla_len(tb[EXTACK_ATTR_MSG]) > 0)
		snprintf(buf, buflen, "%.*s", nla_len(tb[EXTACK_ATTR_MSG]),
			 (char *)nla_data(tb[EXTACK_ATTR_MSG]));
}

static size_t err_tlv_offset(struct nlmsghdr *nlh, struct nlmsgerr *e)
{
	size_t off = sizeof(*e);

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	return off;
}

static int err_handler(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct req_ctx *ctx = arg;

	(void)nla;
	if (nlh->nlmsg_seq != ctx->seq)
		return NL_SKIP;
	ctx->err = e->error < 0 ? -e->error : e->error;
	if (!ctx->err)
		ctx->err = EIO;
	parse_extack(nlh, err_tlv_offset(nlh, e), ctx->msg, sizeof(ctx->msg));
	ctx->done = true;
	return NL_STOP;
}

static int ack_handler(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct req_ctx *ctx = arg;
	char warn[512];

	parse_extack(nlh, err_tlv_offset(nlh, e), warn, sizeof(warn));
	if (warn[0])
		fprintf(stderr, "Warning: %s\n", warn);
	ctx->done = true;
	return NL_STOP;
}

static int finish_handler(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct req_ctx *ctx = arg;
	int err = 0;

	/* NLMSG_DONE carries the dump's error code (and extack) if any. */
	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		memcpy(&err, nlmsg_data(nlh), sizeof(int));
	if (err < 0) {
		ctx->err = -err;
		parse_extack(nlh, sizeof(int), ctx->msg, sizeof(ctx->msg));
	}
	ctx->done = true;
	return NL_STOP;
}

static int seq_handler(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;

	/* Drop anything left over from an earlier request. */
	if (nlmsg_hdr(msg)->nlmsg_seq != ctx->seq)
		return NL_SKIP;
	return NL_OK;
}

static int valid_handler(struct nl_msg *msg, void *arg)
{
	struct req_ctx *ctx = arg;

	if (!ctx->cb)
		return NL_OK;
	return ctx->cb(msg, ctx->arg);
}

static void print_kernel_error(const struct req_ctx *ctx)
{
	if (ctx->msg[0])
		fprintf(stderr, "Error: %s", ctx->msg);
	else
		fprintf(stderr, "Error: %s", strerror(ctx->err));
	if (ctx->err == EPERM)
		fprintf(stderr, " (CAP_NET_ADMIN is required)");
	fputc('\n', stderr);
}

/*
 * Send @msg (freed here) and process replies with @cb until the kernel
 * acknowledges the request or ends the dump. Returns an exit status.
 * In dry-run mode the request is printed instead of sent.
 */
static int talk(struct nl_msg *msg, reply_cb_t cb, void *arg,
		struct req_ctx *out);

int req_talk(struct nl_msg *msg, reply_cb_t cb, void *arg)
{
	if (put_failed) {
		fprintf(stderr, "ipsecctl: request does not fit in a netlink message\n");
		nlmsg_free(msg);
		return EXIT_USAGE;
	}
	if (coll.on)
		return collect(msg);
	return talk(msg, cb, arg, NULL);
}

/*
 * Send @msg and process replies; kernel errors are printed, or, with
 * @out, left in it for the caller.
 */
static int talk(struct nl_msg *msg, reply_cb_t cb, void *arg,
		struct req_ctx *out)
{
	struct req_ctx ctx = { .cb = cb, .arg = arg };
	struct nl_cb *nlcb = NULL;
	int ret = EXIT_NL;
	int err;

	if (opts.dry_run) {
		nlprint_msg(msg);
		nlmsg_free(msg);
		return EXIT_OK;
	}
	if (sock_open() < 0)
		goto out;
	nlmsg_hdr(msg)->nlmsg_type = family_id;
	nl_complete_msg(sk, msg);
	ctx.seq = nlmsg_hdr(msg)->nlmsg_seq;

	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		fprintf(stderr, "ipsecctl: out of memory\n");
		goto out;
	}
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_handler, &ctx);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, valid_handler, &ctx);
	nl_cb_set(nlcb, NL_CB_ACK, NL_CB_CUSTOM, ack_handler, &ctx);
	nl_cb_set(nlcb, NL_CB_FINISH, NL_CB_CUSTOM, finish_handler, &ctx);
	nl_cb_err(nlcb, NL_CB_CUSTOM, err_handler, &ctx);

	err = nl_send(sk, msg);
	if (err < 0) {
		fprintf(stderr, "Error: cannot send netlink request: %s\n",
			nl_geterror(err));
		goto out;
	}
	while (!ctx.done) {
		err = nl_recvmsgs(sk, nlcb);
		if (ctx.err)
			break;
		if (err < 0) {
			fprintf(stderr, "Error: netlink receive failed: %s\n",
				nl_geterror(err));
			goto out;
		}
	}
	if (ctx.err) {
		if (out)
			*out = ctx;
		else
			print_kernel_error(&ctx);
		goto out;
	}
	ret = EXIT_OK;
out:
	nl_cb_put(nlcb);
	nlmsg_free(msg);
	fflush(stdout);
	return ret;
}

/* ---- atomic batches ----------------------------------------------------- */

/* Sequence numbers of streamed requests: far from libnl's (time-based). */
#define BATCH_SEQ0	0xc0000000U
#define BATCH_CHUNK	(32 * 1024)

/* Errors the kernel returned for streamed requests (sendmsg is synchronous). */
static int batch_drain(struct batch_result *res)
{
	static char buf[65536];
	int fd = nl_socket_get_fd(sk);

	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		struct nlmsghdr *nlh;
		int len;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS) {
				/* lost errors: the batch is poisoned anyway */
				if (res->index < 0) {
					res->index = 0;
					res->err = ENOBUFS;
				}
				continue;
			}
			fprintf(stderr, "Error: netlink receive failed: %s\n",
				strerror(errno));
			return -1;
		}
		len = n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			struct nlmsgerr *e = NLMSG_DATA(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR || !e->error ||
			    res->index >= 0)
				continue;
			res->index = nlh->nlmsg_seq - BATCH_SEQ0;
			res->err = -e->error;
			parse_extack(nlh, err_tlv_offset(nlh, e), res->msg,
				     sizeof(res->msg));
		}
	}
}

static int commit_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	struct batch_result *res = arg;
	u32 idx;

	if (parse_genl(msg, tb, NULL))
		return NL_SKIP;
	if (attr_u32(tb[IPSECDP_A_BATCH_INDEX], &idx))
		res->index = idx;
	if (tb[IPSECDP_A_BATCH_MSG])
		snprintf(res->msg, sizeof(res->msg), "%s",
			 nla_get_string(tb[IPSECDP_A_BATCH_MSG]));
	return NL_OK;
}

static int batch_cmd(u8 cmd, reply_cb_t cb, void *arg, struct req_ctx *ctx)
{
	struct nl_msg *msg = req_new(cmd, NLM_F_ACK);

	if (!msg)
		return EXIT_NL;
	return talk(msg, cb, arg, ctx);
}

/*
 * Apply the collected requests in one kernel transaction: BATCH_BEGIN,
 * the requests streamed several per sendmsg(), BATCH_COMMIT. On error
 * @res says which request failed (index, or -1 if none in particular).
 */
int batch_run(struct batch_result *res)
{
	struct req_ctx ctx = {};
	size_t off = 0;
	unsigned int i = 0;
	int ret;

	res->index = -1;
	res->err = 0;
	res->msg[0] = '\0';
	if (sock_open() < 0)
		return EXIT_NL;
	ret = batch_cmd(IPSECDP_CMD_BATCH_BEGIN, NULL, NULL, &ctx);
	if (ret) {
		if (ctx.err) {
			res->err = ctx.err;
			snprintf(res->msg, sizeof(res->msg), "%s", ctx.msg);
		}
		return ret;
	}

	while (off < coll.len && res->index < 0) {
		size_t start = off;
		int err;

		while (off < coll.len) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)(coll.buf + off);
			size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

			if (off > start && off + len - start > BATCH_CHUNK)
				break;
			nlh->nlmsg_type = family_id;
			nlh->nlmsg_flags = NLM_F_REQUEST;
			nlh->nlmsg_seq = BATCH_SEQ0 + i++;
			nlh->nlmsg_pid = nl_socket_get_local_port(sk);
			off += len;
		}
		err = nl_sendto(sk, coll.buf + start, off - start);
		if (err < 0) {
			fprintf(stderr, "Error: cannot send netlink requests: %s\n",
				nl_geterror(err));
			batch_cmd(IPSECDP_CMD_BATCH_ABORT, NULL, NULL, &ctx);
			return EXIT_NL;
		}
		if (batch_drain(res) < 0) {
			batch_cmd(IPSECDP_CMD_BATCH_ABORT, NULL, NULL, &ctx);
			return EXIT_NL;
		}
	}
	if (res->index >= 0) {
		memset(&ctx, 0, sizeof(ctx));
		batch_cmd(IPSECDP_CMD_BATCH_ABORT, NULL, NULL, &ctx);
		return EXIT_NL;
	}

	memset(&ctx, 0, sizeof(ctx));
	ret = batch_cmd(IPSECDP_CMD_BATCH_COMMIT, commit_cb, res, &ctx);
	if (ret && ctx.err) {
		res->err = ctx.err;
		if (!res->msg[0])
			snprintf(res->msg, sizeof(res->msg), "%s", ctx.msg);
	}
	return ret;
}

/* ---- replies ----------------------------------------------------------- */

static struct nla_policy top_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA]		= { .type = NLA_NESTED },
	[IPSECDP_A_POLICY]	= { .type = NLA_NESTED },
	[IPSECDP_A_STATS]	= { .type = NLA_NESTED },
	[IPSECDP_A_HARD]	= { .type = NLA_U8 },
	[IPSECDP_A_MATCH]	= { .type = NLA_U8 },
	[IPSECDP_A_BATCH_INDEX]	= { .type = NLA_U32 },
	[IPSECDP_A_BATCH_MSG]	= { .type = NLA_STRING },
};

/* Parse the top-level attributes of an ipsecdp message. */
int parse_genl(struct nl_msg *msg, struct nlattr **tb, u8 *cmd)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int err;

	err = genlmsg_parse(nlh, 0, tb, IPSECDP_A_MAX, top_policy);
	if (err < 0) {
		fprintf(stderr, "ipsecctl: malformed message from the kernel: %s\n",
			nl_geterror(err));
		return -1;
	}
	if (cmd)
		*cmd = ((struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	return 0;
}

static int mon_seq_ok(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

/* Join the "events" group and feed every notification to @cb forever. */
int monitor_run(int (*cb)(struct nl_msg *msg, void *arg))
{
	struct nl_cb *nlcb;
	int grp, err;

	if (sock_open() < 0)
		return EXIT_NL;
	grp = genl_ctrl_resolve_grp(sk, genl_family_name(),
				    IPSECDP_MCGRP_EVENTS);
	if (grp < 0) {
		fprintf(stderr, "ipsecctl: cannot resolve multicast group \"%s\": %s\n",
			IPSECDP_MCGRP_EVENTS, nl_geterror(grp));
		return EXIT_NL;
	}
	err = nl_socket_add_membership(sk, grp);
	if (err < 0) {
		fprintf(stderr, "ipsecctl: cannot join multicast group \"%s\": %s\n",
			IPSECDP_MCGRP_EVENTS, nl_geterror(err));
		return EXIT_NL;
	}
	nlcb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!nlcb) {
		fprintf(stderr, "ipsecctl: out of memory\n");
		return EXIT_NL;
	}
	nl_cb_set(nlcb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, mon_seq_ok, NULL);
	nl_cb_set(nlcb, NL_CB_VALID, NL_CB_CUSTOM, cb, NULL);
	for (;;) {
		err = nl_recvmsgs(sk, nlcb);
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: receive queue overrun, events were lost. */
			fprintf(stderr, "ipsecctl: event queue overrun, some events were lost\n");
			continue;
		}
		if (err < 0) {
			fprintf(stderr, "Error: netlink receive failed: %s\n",
				nl_geterror(err));
			break;
		}
	}
	nl_cb_put(nlcb);
	return EXIT_NL;
}
