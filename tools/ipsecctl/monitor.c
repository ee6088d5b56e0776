// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl monitor: print the events of the "events" multicast group,
 * one line each (or one JSON object per line), until killed.
 */
#include <arpa/inet.h>
#include <string.h>

#include "ipsecctl.h"

/* Each event's name in text and in JSON. */
static const struct {
	const char *text, *json;
} events[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= { "sa add", "sa_add" },
	[IPSECDP_CMD_SA_UPDATE]		= { "sa update", "sa_update" },
	[IPSECDP_CMD_SA_DEL]		= { "sa del", "sa_del" },
	[IPSECDP_CMD_SA_FLUSH]		= { "sa flush", "sa_flush" },
	[IPSECDP_CMD_POLICY_ADD]	= { "policy add", "policy_add" },
	[IPSECDP_CMD_POLICY_UPDATE]	= { "policy update", "policy_update" },
	[IPSECDP_CMD_POLICY_DEL]	= { "policy del", "policy_del" },
	[IPSECDP_CMD_POLICY_FLUSH]	= { "policy flush", "policy_flush" },
	[IPSECDP_CMD_SA_EXPIRE]		= { "expire", "expire" },
	[IPSECDP_CMD_ACQUIRE]		= { "acquire", "acquire" },
};

/* The packet of an acquire, decoded once. */
struct flow_info {
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	const char *src_s, *dst_s;
	bool ok, has_src, has_dst, has_family, has_proto, has_sport, has_dport;
	u16 family, sport, dport;
	u8 proto;
};

static void flow_decode(struct nlattr *nest, struct flow_info *f)
{
	struct nlattr *tb[IPSECDP_FLOW_A_MAX + 1];

	memset(f, 0, sizeof(*f));
	if (!nest || nla_parse_nested(tb, IPSECDP_FLOW_A_MAX, nest, NULL) < 0)
		return;
	f->ok = true;
	f->has_src = tb[IPSECDP_FLOW_A_SRC];
	f->has_dst = tb[IPSECDP_FLOW_A_DST];
	f->src_s = fmt_addr(tb[IPSECDP_FLOW_A_SRC], f->src, sizeof(f->src));
	f->dst_s = fmt_addr(tb[IPSECDP_FLOW_A_DST], f->dst, sizeof(f->dst));
	f->has_family = attr_u16(tb[IPSECDP_FLOW_A_FAMILY], &f->family);
	f->has_proto = attr_u8(tb[IPSECDP_FLOW_A_PROTO], &f->proto);
	f->has_sport = attr_u16(tb[IPSECDP_FLOW_A_SPORT], &f->sport);
	f->has_dport = attr_u16(tb[IPSECDP_FLOW_A_DPORT], &f->dport);
}

/*
 * The packet of an acquire: text (@t PRINT_FP) "src A dst B proto P
 * [sport S dport D]", JSON (@t PRINT_JSON) the object "flow".
 */
static void print_flow(const struct flow_info *f, enum output_type t)
{
	bool icmp = ipsecdp_proto_has_type_code(f->proto);
	bool ports;

	if (!f->ok) {
		if (t & PRINT_FP)
			print_fp("(malformed flow)");
		return;
	}
	ports = f->has_proto && ipsecdp_proto_has_ports(f->proto) &&
		f->has_sport && f->has_dport;
	if (t & PRINT_JSON)
		open_json_object("flow");
	if (f->has_family)
		print_name(t & PRINT_JSON, "family", NULL,
			   family_name(f->family), f->family);
	print_string(f->has_src ? t : t & PRINT_FP, "src", "src %s", f->src_s);
	print_string(f->has_dst ? t : t & PRINT_FP, "dst", " dst %s", f->dst_s);
	if (f->has_proto)
		print_ip_proto(t, "proto", " proto %s", f->proto);
	if (f->has_sport)
		print_uint(ports ? t : t & PRINT_JSON,
			   icmp ? "type" : "sport", " sport %llu", f->sport);
	if (f->has_dport)
		print_uint(ports ? t : t & PRINT_JSON,
			   icmp ? "code" : "dport", " dport %llu", f->dport);
	if (t & PRINT_JSON)
		close_json_object();
}

static void print_event_name(u8 cmd)
{
	if (cmd <= IPSECDP_CMD_MAX && events[cmd].text) {
		print_string(PRINT_FP, NULL, "%s", events[cmd].text);
		print_string(PRINT_JSON, "event", NULL, events[cmd].json);
	} else {
		print_uint(PRINT_ANY, "event", "event %llu", cmd);
	}
}

/* sa flush's protocol, if the flush had one */
static void print_flush_proto(struct nlattr *nest)
{
	struct nlattr *sa[IPSECDP_SA_A_MAX + 1];
	u8 proto;

	if (nest && nla_parse_nested(sa, IPSECDP_SA_A_MAX, nest, NULL) == 0 &&
	    attr_u8(sa[IPSECDP_SA_A_PROTO], &proto))
		print_ip_proto(PRINT_ANY, "proto", " proto %s", proto);
}

/*
 * One event: a line of text, or a JSON object on a line. An acquire reads
 * "acquire src A dst B proto P [pcpu-num C] dir out policy N tmpl ...".
 */
static void monitor_print(u8 cmd, struct nlattr **tb)
{
	bool acquire = cmd == IPSECDP_CMD_ACQUIRE && tb[IPSECDP_A_FLOW] &&
		       tb[IPSECDP_A_POLICY];
	struct flow_info flow;
	u32 pcpu;
	u8 hard = 0;

	flow_decode(tb[IPSECDP_A_FLOW], &flow);
	json_reset();
	open_json_object(NULL);
	print_event_name(cmd);
	if (cmd == IPSECDP_CMD_SA_EXPIRE) {
		attr_u8(tb[IPSECDP_A_HARD], &hard);
		print_bool(PRINT_JSON, "hard", NULL, hard);
		print_fp(" %s", hard ? "hard" : "soft");
	}
	if (cmd == IPSECDP_CMD_SA_FLUSH) {
		print_flush_proto(tb[IPSECDP_A_SA]);
		if (!opts.json) {
			putchar('\n');
			return;
		}
	} else if (tb[IPSECDP_A_SA]) {
		print_fp(" ");
		open_json_object("sa");
		print_sa(tb[IPSECDP_A_SA], SA_STYLE_LINE);
		close_json_object();
	}
	if (acquire) {
		print_fp(" ");
		print_flow(&flow, PRINT_FP);
	}
	if (attr_u32(tb[IPSECDP_A_PCPU_NUM], &pcpu))
		print_uint(PRINT_ANY, "pcpu_num", " pcpu-num %llu", pcpu);
	if (tb[IPSECDP_A_POLICY]) {
		/* (an acquire without the flow: a module before it) */
		print_fp(" ");
		open_json_object("policy");
		print_policy(tb[IPSECDP_A_POLICY],
			     acquire ? POL_STYLE_ACQUIRE : POL_STYLE_LINE);
		close_json_object();
	}
	if (tb[IPSECDP_A_FLOW])
		print_flow(&flow, PRINT_JSON);
	close_json_object();
	putchar('\n');
}

static int monitor_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[IPSECDP_A_MAX + 1];
	u8 cmd;

	(void)arg;
	if (parse_genl(msg, tb, &cmd))
		return NL_SKIP;
	monitor_print(cmd, tb);
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
