// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl monitor: print the events of the "events" multicast group,
 * one line each (or one JSON object per line), until killed.
 */
#include "ipsecctl.h"

static const char * const event_names[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= "sa add",
	[IPSECDP_CMD_SA_DEL]		= "sa del",
	[IPSECDP_CMD_SA_FLUSH]		= "sa flush",
	[IPSECDP_CMD_POLICY_ADD]	= "policy add",
	[IPSECDP_CMD_POLICY_DEL]	= "policy del",
	[IPSECDP_CMD_POLICY_FLUSH]	= "policy flush",
	[IPSECDP_CMD_SA_EXPIRE]		= "expire",
	[IPSECDP_CMD_ACQUIRE]		= "acquire",
};

static const char * const event_json[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= "sa_add",
	[IPSECDP_CMD_SA_DEL]		= "sa_del",
	[IPSECDP_CMD_SA_FLUSH]		= "sa_flush",
	[IPSECDP_CMD_POLICY_ADD]	= "policy_add",
	[IPSECDP_CMD_POLICY_DEL]	= "policy_del",
	[IPSECDP_CMD_POLICY_FLUSH]	= "policy_flush",
	[IPSECDP_CMD_SA_EXPIRE]		= "expire",
	[IPSECDP_CMD_ACQUIRE]		= "acquire",
};

static void monitor_json(u8 cmd, struct nlattr **tb)
{
	u8 hard = 0, proto;

	json_reset();
	json_obj_start(NULL);
	if (cmd <= IPSECDP_CMD_MAX && event_json[cmd])
		json_str("event", event_json[cmd]);
	else
		json_u64("event", cmd);
	if (cmd == IPSECDP_CMD_SA_EXPIRE) {
		attr_u8(tb[IPSECDP_A_HARD], &hard);
		json_bool("hard", hard);
	}
	if (cmd == IPSECDP_CMD_SA_FLUSH && tb[IPSECDP_A_SA]) {
		struct nlattr *sa[IPSECDP_SA_A_MAX + 1];

		if (nla_parse_nested(sa, IPSECDP_SA_A_MAX, tb[IPSECDP_A_SA],
				     NULL) == 0 &&
		    attr_u8(sa[IPSECDP_SA_A_PROTO], &proto))
			json_proto("proto", proto);
	} else if (tb[IPSECDP_A_SA]) {
		json_obj_start("sa");
		json_sa(tb[IPSECDP_A_SA]);
		json_obj_end();
	}
	if (tb[IPSECDP_A_POLICY]) {
		json_obj_start("policy");
		json_policy(tb[IPSECDP_A_POLICY]);
		json_obj_end();
	}
	json_obj_end();
	putchar('\n');
}

static void monitor_text(u8 cmd, struct nlattr **tb)
{
	u8 hard = 0, proto;

	if (cmd <= IPSECDP_CMD_MAX && event_names[cmd])
		printf("%s", event_names[cmd]);
	else
		printf("event %u", cmd);

	switch (cmd) {
	case IPSECDP_CMD_SA_EXPIRE:
		attr_u8(tb[IPSECDP_A_HARD], &hard);
		printf(" %s", hard ? "hard" : "soft");
		break;
	case IPSECDP_CMD_SA_FLUSH:
		if (tb[IPSECDP_A_SA]) {
			struct nlattr *sa[IPSECDP_SA_A_MAX + 1];

			if (nla_parse_nested(sa, IPSECDP_SA_A_MAX,
					     tb[IPSECDP_A_SA], NULL) == 0 &&
			    attr_u8(sa[IPSECDP_SA_A_PROTO], &proto)) {
				printf(" proto ");
				print_proto(proto);
			}
		}
		putchar('\n');
		return;
	}
	if (tb[IPSECDP_A_SA]) {
		putchar(' ');
		print_sa(tb[IPSECDP_A_SA], SA_STYLE_LINE);
	}
	if (tb[IPSECDP_A_POLICY]) {
		putchar(' ');
		print_policy(tb[IPSECDP_A_POLICY],
			     cmd == IPSECDP_CMD_ACQUIRE ? POL_STYLE_ACQUIRE :
			     POL_STYLE_LINE);
	}
	putchar('\n');
}

static int monitor_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	u8 cmd;

	(void)arg;
	if (parse_genl(msg, tb, &cmd))
		return NL_SKIP;
	if (opts.json)
		monitor_json(cmd, tb);
	else
		monitor_text(cmd, tb);
	fflush(stdout);
	return NL_OK;
}

int do_monitor(int argc, char **argv)
{
	if (argc > 0) {
		if (matches(*argv, "help")) {
			printf("Usage: ipsecctl [-j] monitor\n");
			return EXIT_OK;
		}
		unknown_kw(*argv);
		return EXIT_USAGE;
	}
	if (opts.dry_run) {
		printf("monitor: would join generic netlink group \"%s\" of family \"%s\"\n",
		       IPSECDP_MCGRP_EVENTS, IPSECDP_GENL_NAME);
		return EXIT_OK;
	}
	return monitor_run(monitor_cb);
}
