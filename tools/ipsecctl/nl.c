// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: generic netlink socket, family resolution, request/ack loop
 * with extended ACK error reporting, dump handling and multicast
 * subscription for the monitor.
 */
#include <errno.h>
#include <pthread.h>
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
 * IPSECDP_A_BATCH flag and without NLM_F_ACK, to a list of chunks of up
 * to BATCH_CHUNK bytes (one sendmsg() each); each request remembers the
 * input line it came from. When streaming (a regular file, not -n), a
 * sender thread opens the kernel batch as soon as the first chunk is
 * full and sends full chunks while the rest of the file is parsed, so
 * that parsing and the kernel's staging share the CPUs; batch_run()
 * sends what is left and commits.
 */
#define BATCH_CHUNK	(32 * 1024)

/* A chunk is published (the sender may send it) once it has a successor. */
struct chunk {
	struct chunk *next;
	size_t len, cap;
	u8 data[];
};

/* Guard the chunks' ->next and coll.stop, shared with the sender thread. */
static pthread_mutex_t batch_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t batch_cond = PTHREAD_COND_INITIALIZER;

static struct {
	bool on, stream;
	unsigned int line;	/* of the requests being made */
	unsigned int n, ncap;
	unsigned int *lines;
	struct chunk *head, *tail;	/* tail: being filled */
	struct nl_msg *spare;		/* for the next request */
	/* the sender thread */
	pthread_t thread;
	bool running;
	bool stop;		/* it returns at the next chunk (batch_lock) */
	/* the sender's; read by others only after joining it */
	struct chunk *sent;	/* the last chunk sent, in list order */
	unsigned int seq;	/* requests sent */
	bool begun;		/* BATCH_BEGIN acknowledged */
	int ret;		/* exit status so far */
	struct batch_result res;
} coll;

/*
 * A message for the next request: while collecting, the last one's,
 * emptied. libnl zeroes each new one, a page: the largest single cost
 * of parsing a batch of policies when profiled.
 */
static struct nl_msg *batch_spare(void)
{
	struct nl_msg *msg = coll.spare;

	if (!msg)
		return nlmsg_alloc();
	coll.spare = NULL;
	nlmsg_hdr(msg)->nlmsg_len = NLMSG_HDRLEN;
	return msg;
}

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

static void *batch_sender(void *arg);

/*
 * Link @next after the full tail chunk and hand that one to the sender,
 * starting it if need be.
 */
static void publish(struct chunk *next)
{
	if (coll.stream && !coll.running) {
		if (pthread_create(&coll.thread, NULL, batch_sender, NULL))
			coll.stream = false;	/* batch_run() sends it all */
		else
			coll.running = true;
	}
	pthread_mutex_lock(&batch_lock);
	coll.tail->next = next;
	pthread_cond_signal(&batch_cond);
	pthread_mutex_unlock(&batch_lock);
}

/* Room for @len more bytes in the tail chunk; false: out of memory. */
static bool chunk_room(size_t len)
{
	struct chunk *c = coll.tail;
	size_t cap = len > BATCH_CHUNK ? len : BATCH_CHUNK;

	if (c && c->len + len <= c->cap)
		return true;
	c = malloc(sizeof(*c) + cap);
	if (!c)
		return false;
	c->next = NULL;
	c->len = 0;
	c->cap = cap;
	if (coll.tail)
		publish(c);
	else
		coll.head = c;
	coll.tail = c;
	return true;
}

static int collect(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct chunk *c;
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
	if (coll.n == coll.ncap) {
		unsigned int ncap = coll.ncap ? coll.ncap * 2 : 4096;
		unsigned int *l = realloc(coll.lines, ncap * sizeof(*l));

		if (!l)
			goto oom;
		coll.lines = l;
		coll.ncap = ncap;
	}
	if (!chunk_room(len))
		goto oom;
	c = coll.tail;
	memcpy(c->data + c->len, nlh, nlh->nlmsg_len);
	memset(c->data + c->len + nlh->nlmsg_len, 0, len - nlh->nlmsg_len);
	c->len += len;
	coll.lines[coll.n++] = coll.line;
	nlmsg_free(coll.spare);
	coll.spare = msg;
	return EXIT_OK;
oom:
	nlmsg_free(msg);
	perr("out of memory");
	return EXIT_USAGE;
}

/* @stream: send full chunks while collecting (not for -n or a pipe) */
void batch_collect(bool on, bool stream)
{
	coll.on = on;
	if (!on)
		return;
	coll.stream = stream;
	coll.res.index = -1;
	coll.res.err = 0;
	coll.res.msg[0] = '\0';
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
	struct chunk *c;
	size_t off;

	for (c = coll.head; c; c = c->next) {
		for (off = 0; off < c->len;) {
			struct nlmsghdr *nlh = (struct nlmsghdr *)(c->data + off);
			struct nl_msg *msg = nlmsg_convert(nlh);

			off += NLMSG_ALIGN(nlh->nlmsg_len);
			if (!msg)
				continue;
			nlprint_msg(msg);
			nlmsg_free(msg);
		}
	}
}

static void batch_stop(void);
static int batch_end(u8 cmd);

/* Abandons a batch not run (a parse error): the kernel's is aborted. */
void batch_free(void)
{
	struct chunk *c, *next;

	batch_stop();
	if (coll.begun)
		batch_end(IPSECDP_CMD_BATCH_ABORT);
	for (c = coll.head; c; c = next) {
		next = c->next;
		free(c);
	}
	free(coll.lines);
	nlmsg_free(coll.spare);
	memset(&coll, 0, sizeof(coll));
}

/* @msg, if any, as a request for @cmd; NULL: out of memory. */
static struct nl_msg *req_init(struct nl_msg *msg, u8 cmd, int flags)
{
	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, 0, 0, flags,
				cmd, IPSECDP_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	if (!msg)
		fprintf(stderr, "ipsecctl: out of memory\n");
	return msg;
}

/*
 * New request for @cmd. The netlink message type (family id) is filled
 * in by req_talk(), so messages can be built and dry-run printed without
 * the module loaded.
 */
struct nl_msg *req_new(u8 cmd, int flags)
{
	put_failed = false;
	return req_init(batch_spare(), cmd, flags);
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

/*
 * BATCH_BEGIN, _COMMIT or _ABORT. Also sent by the sender thread, hence
 * not built by req_new(): that one's spare message is the parser's.
 */
static int batch_cmd(u8 cmd, reply_cb_t cb, void *arg, struct req_ctx *ctx)
{
	struct nl_msg *msg = req_init(nlmsg_alloc(), cmd, NLM_F_ACK);

	if (!msg)
		return EXIT_NL;
	return talk(msg, cb, arg, ctx);
}

/* Open the kernel batch; coll.res says why not. */
static int batch_begin(void)
{
	struct req_ctx ctx = {};
	int ret;

	if (sock_open() < 0)
		return EXIT_NL;
	ret = batch_cmd(IPSECDP_CMD_BATCH_BEGIN, NULL, NULL, &ctx);
	if (ret && ctx.err) {
		coll.res.err = ctx.err;
		snprintf(coll.res.msg, sizeof(coll.res.msg), "%s", ctx.msg);
	}
	coll.begun = !ret;
	return ret;
}

/* Commit or abort the kernel batch; the result of a commit in coll.res. */
static int batch_end(u8 cmd)
{
	struct req_ctx ctx = {};
	struct batch_result *res = &coll.res;
	int ret;

	coll.begun = false;
	if (cmd == IPSECDP_CMD_BATCH_ABORT)
		return batch_cmd(cmd, NULL, NULL, &ctx);
	ret = batch_cmd(cmd, commit_cb, res, &ctx);
	if (ret && ctx.err) {
		res->err = ctx.err;
		if (!res->msg[0])
			snprintf(res->msg, sizeof(res->msg), "%s", ctx.msg);
	}
	return ret;
}

/* The first chunk not sent yet, NULL if none was made. */
static struct chunk *next_chunk(void)
{
	return coll.sent ? coll.sent->next : coll.head;
}

/*
 * Send the next chunk's requests, numbered on from coll.seq, and collect
 * what the kernel refused. Returns an exit status; a refused request
 * (coll.res.index) ends the stream too.
 */
static int send_chunk(void)
{
	struct chunk *c = next_chunk();
	u32 port = nl_socket_get_local_port(sk);
	size_t off;
	int err;

	for (off = 0; off < c->len;) {
		struct nlmsghdr *nlh = (struct nlmsghdr *)(c->data + off);

		nlh->nlmsg_type = family_id;
		nlh->nlmsg_flags = NLM_F_REQUEST;
		nlh->nlmsg_seq = BATCH_SEQ0 + coll.seq++;
		nlh->nlmsg_pid = port;
		off += NLMSG_ALIGN(nlh->nlmsg_len);
	}
	coll.sent = c;
	err = nl_sendto(sk, c->data, c->len);
	if (err < 0) {
		fprintf(stderr, "Error: cannot send netlink requests: %s\n",
			nl_geterror(err));
		return EXIT_NL;
	}
	if (batch_drain(&coll.res) < 0)
		return EXIT_NL;
	return coll.res.index >= 0 ? EXIT_NL : EXIT_OK;
}

/* The sender thread: opens the batch, then sends chunks as published. */
static void *batch_sender(void *arg)
{
	int ret;

	(void)arg;
	ret = batch_begin();
	pthread_mutex_lock(&batch_lock);
	while (!ret) {
		/* next_chunk() exists: the head, or a published one's successor */
		while (!coll.stop && !next_chunk()->next)
			pthread_cond_wait(&batch_cond, &batch_lock);
		if (coll.stop)
			break;
		pthread_mutex_unlock(&batch_lock);
		ret = send_chunk();
		pthread_mutex_lock(&batch_lock);
	}
	pthread_mutex_unlock(&batch_lock);
	coll.ret = ret;
	return NULL;
}

/* Stop and join the sender, if it runs: its state is ours again. */
static void batch_stop(void)
{
	if (!coll.running)
		return;
	pthread_mutex_lock(&batch_lock);
	coll.stop = true;
	pthread_cond_signal(&batch_cond);
	pthread_mutex_unlock(&batch_lock);
	pthread_join(coll.thread, NULL);
	coll.running = false;
}

/*
 * Apply the collected requests in one kernel transaction: BATCH_BEGIN,
 * the requests streamed a chunk per sendmsg() (by the sender thread
 * while the file was parsed, the rest here), BATCH_COMMIT. On error
 * @res says which request failed (index, or -1 if none in particular).
 */
int batch_run(struct batch_result *res)
{
	int ret;

	batch_stop();
	ret = coll.ret;
	if (!ret && !coll.begun)
		ret = batch_begin();
	while (!ret && coll.sent != coll.tail)
		ret = send_chunk();
	if (coll.begun)
		ret = batch_end(ret ? IPSECDP_CMD_BATCH_ABORT :
			       IPSECDP_CMD_BATCH_COMMIT) ?: ret;
	*res = coll.res;
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
