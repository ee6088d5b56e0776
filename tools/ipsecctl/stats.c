// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl stats: per-namespace counters (IPSECDP_A_STATS nest), one
 * "Name value" line each, in the order the kernel sends them; and the
 * SA and policy counts of the same reply (sa count, policy count).
 */
#include "ipsecctl.h"

/* ipsecdp_mib_names[]: generated from the spec, as the module's */
#include "ipsecdp_mib_names.h"

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
			name = ipsecdp_mib_names[type];
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
