// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: readable dump of a request for --dry-run. Attribute names
 * and types follow include/uapi/linux/ipsecdp.h.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "ipsecctl.h"

enum atype {
	T_U8,
	T_U16,
	T_U32,
	T_U64,
	T_STR,
	T_BIN,
	T_ADDR,
	T_FAMILY,
	T_SPI,
	T_NEST,
	T_FLAG,
};

struct aset;

struct adesc {
	const char *name;
	enum atype type;
	const struct aset *nest;
};

struct aset {
	int max;
	const struct adesc *d;
};

static const struct adesc alg_d[IPSECDP_ALG_A_MAX + 1] = {
	[IPSECDP_ALG_A_NAME]		= { "NAME", T_STR },
	[IPSECDP_ALG_A_KEY]		= { "KEY", T_BIN },
	[IPSECDP_ALG_A_ICV_BITS]	= { "ICV_BITS", T_U32 },
};

static const struct aset alg_set = { IPSECDP_ALG_A_MAX, alg_d };

static const struct adesc lft_d[IPSECDP_LFT_A_MAX + 1] = {
	[IPSECDP_LFT_A_SOFT_BYTES]	= { "SOFT_BYTES", T_U64 },
	[IPSECDP_LFT_A_HARD_BYTES]	= { "HARD_BYTES", T_U64 },
	[IPSECDP_LFT_A_SOFT_PACKETS]	= { "SOFT_PACKETS", T_U64 },
	[IPSECDP_LFT_A_HARD_PACKETS]	= { "HARD_PACKETS", T_U64 },
	[IPSECDP_LFT_A_SOFT_SECS]	= { "SOFT_SECS", T_U64 },
	[IPSECDP_LFT_A_HARD_SECS]	= { "HARD_SECS", T_U64 },
	[IPSECDP_LFT_A_BYTES]		= { "BYTES", T_U64 },
	[IPSECDP_LFT_A_PACKETS]		= { "PACKETS", T_U64 },
	[IPSECDP_LFT_A_ADD_TIME]	= { "ADD_TIME", T_U64 },
};

static const struct aset lft_set = { IPSECDP_LFT_A_MAX, lft_d };

static const struct adesc sa_d[IPSECDP_SA_A_MAX + 1] = {
	[IPSECDP_SA_A_FAMILY]		= { "FAMILY", T_FAMILY },
	[IPSECDP_SA_A_SRC]		= { "SRC", T_ADDR },
	[IPSECDP_SA_A_DST]		= { "DST", T_ADDR },
	[IPSECDP_SA_A_PROTO]		= { "PROTO", T_U8 },
	[IPSECDP_SA_A_SPI]		= { "SPI", T_SPI },
	[IPSECDP_SA_A_MODE]		= { "MODE", T_U8 },
	[IPSECDP_SA_A_REPLAY_WINDOW]	= { "REPLAY_WINDOW", T_U32 },
	[IPSECDP_SA_A_FLAGS]		= { "FLAGS", T_U32 },
	[IPSECDP_SA_A_AEAD]		= { "AEAD", T_NEST, &alg_set },
	[IPSECDP_SA_A_ENC]		= { "ENC", T_NEST, &alg_set },
	[IPSECDP_SA_A_AUTH]		= { "AUTH", T_NEST, &alg_set },
	[IPSECDP_SA_A_REPLAY_SEQ]	= { "REPLAY_SEQ", T_U64 },
	[IPSECDP_SA_A_REPLAY_OSEQ]	= { "REPLAY_OSEQ", T_U64 },
	[IPSECDP_SA_A_LIFETIME]		= { "LIFETIME", T_NEST, &lft_set },
	[IPSECDP_SA_A_CURLFT]		= { "CURLFT", T_NEST, &lft_set },
	[IPSECDP_SA_A_STATS]		= { "STATS", T_BIN },
};

static const struct aset sa_set = { IPSECDP_SA_A_MAX, sa_d };

static const struct adesc tmpl_d[IPSECDP_TMPL_A_MAX + 1] = {
	[IPSECDP_TMPL_A_FAMILY]		= { "FAMILY", T_FAMILY },
	[IPSECDP_TMPL_A_SRC]		= { "SRC", T_ADDR },
	[IPSECDP_TMPL_A_DST]		= { "DST", T_ADDR },
	[IPSECDP_TMPL_A_PROTO]		= { "PROTO", T_U8 },
	[IPSECDP_TMPL_A_MODE]		= { "MODE", T_U8 },
	[IPSECDP_TMPL_A_SPI]		= { "SPI", T_SPI },
	[IPSECDP_TMPL_A_LEVEL]		= { "LEVEL", T_U8 },
};

static const struct aset tmpl_set = { IPSECDP_TMPL_A_MAX, tmpl_d };

static const struct adesc pol_d[IPSECDP_POL_A_MAX + 1] = {
	[IPSECDP_POL_A_FAMILY]		= { "FAMILY", T_FAMILY },
	[IPSECDP_POL_A_DIR]		= { "DIR", T_U8 },
	[IPSECDP_POL_A_PRIORITY]	= { "PRIORITY", T_U32 },
	[IPSECDP_POL_A_ACTION]		= { "ACTION", T_U8 },
	[IPSECDP_POL_A_SRC]		= { "SRC", T_ADDR },
	[IPSECDP_POL_A_SRC_PLEN]	= { "SRC_PLEN", T_U8 },
	[IPSECDP_POL_A_DST]		= { "DST", T_ADDR },
	[IPSECDP_POL_A_DST_PLEN]	= { "DST_PLEN", T_U8 },
	[IPSECDP_POL_A_PROTO]		= { "PROTO", T_U8 },
	[IPSECDP_POL_A_SPORT_MIN]	= { "SPORT_MIN", T_U16 },
	[IPSECDP_POL_A_SPORT_MAX]	= { "SPORT_MAX", T_U16 },
	[IPSECDP_POL_A_DPORT_MIN]	= { "DPORT_MIN", T_U16 },
	[IPSECDP_POL_A_DPORT_MAX]	= { "DPORT_MAX", T_U16 },
	[IPSECDP_POL_A_TMPL]		= { "TMPL", T_NEST, &tmpl_set },
	[IPSECDP_POL_A_INDEX]		= { "INDEX", T_U32 },
	[IPSECDP_POL_A_STATS]		= { "STATS", T_BIN },
};

static const struct aset pol_set = { IPSECDP_POL_A_MAX, pol_d };

static const struct adesc flow_d[IPSECDP_FLOW_A_MAX + 1] = {
	[IPSECDP_FLOW_A_FAMILY]		= { "FAMILY", T_FAMILY },
	[IPSECDP_FLOW_A_SRC]		= { "SRC", T_ADDR },
	[IPSECDP_FLOW_A_DST]		= { "DST", T_ADDR },
	[IPSECDP_FLOW_A_PROTO]		= { "PROTO", T_U8 },
	[IPSECDP_FLOW_A_SPORT]		= { "SPORT", T_U16 },
	[IPSECDP_FLOW_A_DPORT]		= { "DPORT", T_U16 },
};

static const struct aset flow_set = { IPSECDP_FLOW_A_MAX, flow_d };

static const struct adesc top_d[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA]			= { "SA", T_NEST, &sa_set },
	[IPSECDP_A_POLICY]		= { "POLICY", T_NEST, &pol_set },
	[IPSECDP_A_STATS]		= { "STATS", T_BIN },
	[IPSECDP_A_HARD]		= { "HARD", T_U8 },
	[IPSECDP_A_MATCH]		= { "MATCH", T_U8 },
	[IPSECDP_A_BATCH]		= { "BATCH", T_FLAG },
	[IPSECDP_A_KEYS]		= { "KEYS", T_FLAG },
	[IPSECDP_A_FLOW]		= { "FLOW", T_NEST, &flow_set },
	[IPSECDP_A_SA_COUNT]		= { "SA_COUNT", T_U32 },
	[IPSECDP_A_POLICY_COUNT]	= { "POLICY_COUNT", T_U32 },
};

static const struct aset top_set = { IPSECDP_A_MAX, top_d };

static const char * const cmd_names[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD]		= "SA_ADD",
	[IPSECDP_CMD_SA_DEL]		= "SA_DEL",
	[IPSECDP_CMD_SA_GET]		= "SA_GET",
	[IPSECDP_CMD_SA_FLUSH]		= "SA_FLUSH",
	[IPSECDP_CMD_POLICY_ADD]	= "POLICY_ADD",
	[IPSECDP_CMD_POLICY_DEL]	= "POLICY_DEL",
	[IPSECDP_CMD_POLICY_GET]	= "POLICY_GET",
	[IPSECDP_CMD_POLICY_FLUSH]	= "POLICY_FLUSH",
	[IPSECDP_CMD_STATS_GET]		= "STATS_GET",
	[IPSECDP_CMD_SA_EXPIRE]		= "SA_EXPIRE",
	[IPSECDP_CMD_ACQUIRE]		= "ACQUIRE",
	[IPSECDP_CMD_POLICY_MATCH]	= "POLICY_MATCH",
	[IPSECDP_CMD_BATCH_BEGIN]	= "BATCH_BEGIN",
	[IPSECDP_CMD_BATCH_COMMIT]	= "BATCH_COMMIT",
	[IPSECDP_CMD_BATCH_ABORT]	= "BATCH_ABORT",
	[IPSECDP_CMD_SA_UPDATE]		= "SA_UPDATE",
	[IPSECDP_CMD_POLICY_UPDATE]	= "POLICY_UPDATE",
};

static void print_bin_attr(const struct nlattr *a)
{
	printf("0x");
	print_hex(nla_data(a), nla_len(a));
	printf(" (%d bytes)", nla_len(a));
}

static void print_attrs(const struct nlattr *head, int len,
			const struct aset *set, int depth)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);
		const struct adesc *d = NULL;
		char buf[INET6_ADDRSTRLEN];

		if (type <= set->max && set->d[type].name)
			d = &set->d[type];
		printf("%*s", 2 * depth, "");
		if (!d) {
			printf("ATTR_%d = ", type);
			print_bin_attr(a);
			putchar('\n');
			continue;
		}
		printf("%s", d->name);
		switch (d->type) {
		case T_NEST:
			putchar('\n');
			print_attrs(nla_data(a), nla_len(a), d->nest, depth + 1);
			continue;
		case T_U8:
			if (nla_len(a) == 1) {
				printf(" = %u", nla_get_u8(a));
				break;
			}
			goto bad;
		case T_U16:
			if (nla_len(a) == 2) {
				printf(" = %u", nla_get_u16(a));
				break;
			}
			goto bad;
		case T_FAMILY:
			if (nla_len(a) == 2) {
				u16 f = nla_get_u16(a);

				printf(" = %u (%s)", f,
				       family_name(f) ? family_name(f) : "?");
				break;
			}
			goto bad;
		case T_U32:
			if (nla_len(a) == 4) {
				printf(" = %u", nla_get_u32(a));
				break;
			}
			goto bad;
		case T_SPI:
			if (nla_len(a) == 4) {
				printf(" = 0x%08x (%u)", nla_get_u32(a),
				       nla_get_u32(a));
				break;
			}
			goto bad;
		case T_U64:
			if (nla_len(a) == 8) {
				printf(" = %llu",
				       (unsigned long long)nla_get_u64(a));
				break;
			}
			goto bad;
		case T_FLAG:
			if (!nla_len(a))
				break;
			goto bad;
		case T_STR:
			printf(" = \"%.*s\"", nla_len(a), (char *)nla_data(a));
			break;
		case T_ADDR:
			printf(" = %s", fmt_addr(a, buf, sizeof(buf)));
			break;
		case T_BIN:
bad:
			printf(" = ");
			print_bin_attr(a);
			break;
		}
		putchar('\n');
	}
}

void nlprint_msg(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	const char *name = NULL;

	if (gh->cmd <= IPSECDP_CMD_MAX)
		name = cmd_names[gh->cmd];
	if (name)
		printf("%s", name);
	else
		printf("CMD_%u", gh->cmd);
	printf(" flags REQUEST%s%s version %u\n",
	       nlh->nlmsg_flags & NLM_F_ACK ? ",ACK" : "",
	       (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? ",DUMP" : "",
	       gh->version);
	print_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		    &top_set, 1);
	fflush(stdout);
}
