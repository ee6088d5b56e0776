// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl monitor: print the events of the "events" multicast group,
 * one line each (or one JSON object per line), until killed.
 */
#include "ipsecctl.h"

static const char * const event_names[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= "sa add",
	[IPSECDP_CMD_SA_UPDATE]		= "sa update",
	[IPSECDP_CMD_SA_DEL]		= "sa del",
	[IPSECDP_CMD_SA_FLUSH]		= "sa flush",
	[IPSECDP_CMD_POLICY_ADD]	= "policy add",
	[IPSECDP_CMD_POLICY_UPDATE]	= "policy update",
	[IPSECDP_CMD_POLICY_DEL]	= "policy del",
	[IPSECDP_CMD_POLICY_FLUSH]	= "policy flush",
	[IPSECDP_CMD_SA_EXPIRE]		= "expire",
	[IPSECDP_CMD_ACQUIRE]		= "acquire",
};

static const char * const event_json[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= "sa_add",
	[IPSECDP_CMD_SA_UPDATE]		= "sa_update",
	[IPSECDP_CMD_SA_DEL]		= "sa_del",
	[IPSECDP_CMD_SA_FLUSH]		= "sa_flush",
	[IPSECDP_CMD_POLICY_ADD]	= "policy_add",
	[IPSECDP_CMD_POLICY_UPDATE]	= "policy_update",
	[IPSECDP_CMD_POLICY_DEL]	= "policy_del",
	[IPSECDP_CMD_POLICY_FLUSH]	= "policy_flush",
	[IPSECDP_CMD_SA_EXPIRE]		= "expire",
	[IPSECDP_CMD_ACQUIRE]		= "acquire",
};

/* The packet of an acquire: "src A dst B proto P [sport S dport D]". */
static void print_flow(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_FLOW_A_MAX + 1];
	char sbuf[INET6_ADDRSTRLEN], dbuf[INET6_ADDRSTRLEN];
	u16 sport, dport;
	u8 proto;

	if (nla_parse_nested(tb, IPSECDP_FLOW_A_MAX, nest, NULL) < 0) {
		printf("(malformed flow)");
		return;
	}
	printf("src %s dst %s",
	       fmt_addr(tb[IPSECDP_FLOW_A_SRC], sbuf, sizeof(sbuf)),
	       fmt_addr(tb[IPSECDP_FLOW_A_DST], dbuf, sizeof(dbuf)));
	if (!attr_u8(tb[IPSECDP_FLOW_A_PROTO], &proto))
		return;
	printf(" proto ");
	print_proto(proto);
	if (ipsecdp_proto_has_ports(proto) &&
	    attr_u16(tb[IPSECDP_FLOW_A_SPORT], &sport) &&
	    attr_u16(tb[IPSECDP_FLOW_A_DPORT], &dport))
		printf(" sport %u dport %u", sport, dport);
}

static void json_flow(struct nlattr *nest)
{
	struct nlattr *tb[IPSECDP_FLOW_A_MAX + 1];
	char buf[INET6_ADDRSTRLEN];
	u16 family, v;
	u8 proto = 0;

	if (nla_parse_nested(tb, IPSECDP_FLOW_A_MAX, nest, NULL) < 0)
		return;
	json_obj_start("flow");
	if (attr_u16(tb[IPSECDP_FLOW_A_FAMILY], &family)) {
		if (family_name(family))
			json_str("family", family_name(family));
		else
			json_u64("family", family);
	}
	if (tb[IPSECDP_FLOW_A_SRC])
		json_str("src", fmt_addr(tb[IPSECDP_FLOW_A_SRC], buf, sizeof(buf)));
	if (tb[IPSECDP_FLOW_A_DST])
		json_str("dst", fmt_addr(tb[IPSECDP_FLOW_A_DST], buf, sizeof(buf)));
	if (attr_u8(tb[IPSECDP_FLOW_A_PROTO], &proto))
		json_proto("proto", proto);
	if (attr_u16(tb[IPSECDP_FLOW_A_SPORT], &v))
		json_u64(ipsecdp_proto_has_type_code(proto) ? "type" : "sport", v);
	if (attr_u16(tb[IPSECDP_FLOW_A_DPORT], &v))
		json_u64(ipsecdp_proto_has_type_code(proto) ? "code" : "dport", v);
	json_obj_end();
}

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
	if (tb[IPSECDP_A_FLOW])
		json_flow(tb[IPSECDP_A_FLOW]);
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
	if (cmd == IPSECDP_CMD_ACQUIRE && tb[IPSECDP_A_FLOW] &&
	    tb[IPSECDP_A_POLICY]) {
		/* "acquire src A dst B proto P dir out policy N tmpl ..." */
		putchar(' ');
		print_flow(tb[IPSECDP_A_FLOW]);
		putchar(' ');
		print_policy(tb[IPSECDP_A_POLICY], POL_STYLE_ACQUIRE);
	} else if (tb[IPSECDP_A_POLICY]) {
		/* (an acquire without the flow: a module before it) */
		putchar(' ');
		print_policy(tb[IPSECDP_A_POLICY], POL_STYLE_LINE);
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
