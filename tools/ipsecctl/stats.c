// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl stats: per-namespace counters (IPSECDP_A_STATS nest), one
 * "Name value" line each, in the order the kernel sends them; and the
 * SA and policy counts of the same reply (sa count, policy count).
 */
#include "ipsecctl.h"

/*
 * Names of enum ipsecdp_mib, as in /proc/net/xfrm_stat minus "Xfrm"; the
 * module's /proc/net/ipsecdp_stat uses the same (core/stats.c).
 */
static const char * const mib_names[IPSECDP_MIB_MAX + 1] = {
	[IPSECDP_MIB_IN_ERROR]			= "InError",
	[IPSECDP_MIB_IN_BUFFER_ERROR]		= "InBufferError",
	[IPSECDP_MIB_IN_HDR_ERROR]		= "InHdrError",
	[IPSECDP_MIB_IN_NO_STATES]		= "InNoStates",
	[IPSECDP_MIB_IN_STATE_PROTO_ERROR]	= "InStateProtoError",
	[IPSECDP_MIB_IN_STATE_MODE_ERROR]	= "InStateModeError",
	[IPSECDP_MIB_IN_STATE_SEQ_ERROR]	= "InStateSeqError",
	[IPSECDP_MIB_IN_STATE_EXPIRED]		= "InStateExpired",
	[IPSECDP_MIB_IN_TMPL_MISMATCH]		= "InTmplMismatch",
	[IPSECDP_MIB_IN_STATE_MISMATCH]		= "InStateMismatch",
	[IPSECDP_MIB_IN_NO_POLS]		= "InNoPols",
	[IPSECDP_MIB_IN_POL_BLOCK]		= "InPolBlock",
	[IPSECDP_MIB_OUT_ERROR]			= "OutError",
	[IPSECDP_MIB_OUT_NO_STATES]		= "OutNoStates",
	[IPSECDP_MIB_OUT_STATE_PROTO_ERROR]	= "OutStateProtoError",
	[IPSECDP_MIB_OUT_STATE_SEQ_ERROR]	= "OutStateSeqError",
	[IPSECDP_MIB_OUT_STATE_EXPIRED]		= "OutStateExpired",
	[IPSECDP_MIB_OUT_POL_BLOCK]		= "OutPolBlock",
	[IPSECDP_MIB_IN_PACKETS]		= "InPackets",
	[IPSECDP_MIB_IN_BYTES]			= "InBytes",
	[IPSECDP_MIB_OUT_PACKETS]		= "OutPackets",
	[IPSECDP_MIB_OUT_BYTES]			= "OutBytes",
};

static int stats_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	struct nlattr *a;
	int rem;

	(void)arg;
	if (parse_genl(msg, tb, NULL) || !tb[IPSECDP_A_STATS])
		return NL_SKIP;
	if (opts.json) {
		json_reset();
		json_obj_start(NULL);
	}
	nla_for_each_nested(a, tb[IPSECDP_A_STATS], rem) {
		int type = nla_type(a);
		const char *name = NULL;
		char buf[32];
		u64 v;

		/* 64-bit alignment padding of nla_put_u64_64bit() */
		if (type == IPSECDP_MIB_PAD || type == IPSECDP_MIB_UNSPEC)
			continue;
		if (!attr_u64(a, &v))
			continue;
		if (type <= IPSECDP_MIB_MAX)
			name = mib_names[type];
		if (!name) {
			snprintf(buf, sizeof(buf), "Counter%d", type);
			name = buf;
		}
		if (opts.json)
			json_u64(name, v);
		else
			printf("%s %llu\n", name, (unsigned long long)v);
	}
	if (opts.json) {
		json_obj_end();
		putchar('\n');
	}
	return NL_OK;
}

int do_stats(int argc, char **argv)
{
	struct nl_msg *msg;

	if (argc > 0) {
		if (matches(*argv, "help")) {
			printf("Usage: ipsecctl [-j] stats\n"
			       "       ipsecctl [-j] sa count\n"
			       "       ipsecctl [-j] policy count\n");
			return EXIT_OK;
		}
		unknown_kw(*argv);
		return EXIT_USAGE;
	}
	msg = req_new(IPSECDP_CMD_STATS_GET, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	return req_talk(msg, stats_cb, NULL);
}

struct count_ctx {
	enum count_what what;
	bool seen;
};

static int count_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	struct count_ctx *ctx = arg;
	u32 n;

	if (parse_genl(msg, tb, NULL))
		return NL_SKIP;
	if (!attr_u32(tb[ctx->what == COUNT_SAS ? IPSECDP_A_SA_COUNT :
				   IPSECDP_A_POLICY_COUNT], &n))
		return NL_SKIP;
	ctx->seen = true;
	if (opts.json) {
		json_reset();
		json_obj_start(NULL);
		json_u64("count", n);
		json_obj_end();
		putchar('\n');
	} else {
		/* the one line of ip xfrm state count, in words */
		printf("%s: %u\n", ctx->what == COUNT_SAS ? "SAs" : "Policies",
		       n);
	}
	return NL_OK;
}

int print_count(enum count_what what)
{
	struct count_ctx ctx = { .what = what };
	struct nl_msg *msg;
	int ret;

	msg = req_new(IPSECDP_CMD_STATS_GET, NLM_F_ACK);
	if (!msg)
		return EXIT_NL;
	ret = req_talk(msg, count_cb, &ctx);
	if (ret == EXIT_OK && !opts.dry_run && !ctx.seen) {
		fprintf(stderr,
			"Error: the module is older than ipsecctl: no counts\n");
		return EXIT_NL;
	}
	return ret;
}
