// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecctl: readable dump of a request for --dry-run. The attributes'
 * names, types and nests are generated from the netlink spec
 * (nlprint_gen.c); this walks a message over them.
 */
#include <arpa/inet.h>
#include <sys/socket.h>

#include "ipsecctl.h"
#include "nlprint_gen.h"

/* The length a value of a fixed-size type must have; -1: any length */
static const int fixed_len[] = {
	[NLP_U8] = 1, [NLP_U16] = 2, [NLP_U32] = 4, [NLP_U64] = 8,
	[NLP_STR] = -1, [NLP_BIN] = -1, [NLP_FLAG] = 0, [NLP_NEST] = -1,
	[NLP_ADDR] = -1, [NLP_FAMILY] = 2, [NLP_SPI] = 4,
};

static void print_bin_attr(const struct nlattr *a)
{
	printf("0x");
	print_hex(nla_data(a), nla_len(a));
	printf(" (%d bytes)", nla_len(a));
}

/* " = value" of @a shown as @type; as bytes if its length is not the type's */
static void print_value(const struct nlattr *a, enum nlp_type type)
{
	char buf[INET6_ADDRSTRLEN];
	u16 f;

	if (type == NLP_STR) {
		printf(" = \"%.*s\"", nla_len(a), (char *)nla_data(a));
		return;
	}
	if (type == NLP_ADDR) {
		printf(" = %s", fmt_addr(a, buf, sizeof(buf)));
		return;
	}
	if (nla_len(a) != fixed_len[type]) {
		printf(" = ");
		print_bin_attr(a);
		return;
	}
	switch (type) {
	case NLP_U8:
		printf(" = %u", nla_get_u8(a));
		break;
	case NLP_U16:
		printf(" = %u", nla_get_u16(a));
		break;
	case NLP_FAMILY:
		f = nla_get_u16(a);
		printf(" = %u (%s)", f, family_name(f) ? family_name(f) : "?");
		break;
	case NLP_U32:
		printf(" = %u", nla_get_u32(a));
		break;
	case NLP_SPI:
		printf(" = 0x%08x (%u)", nla_get_u32(a), nla_get_u32(a));
		break;
	case NLP_U64:
		printf(" = %llu", (unsigned long long)nla_get_u64(a));
		break;
	default:	/* NLP_FLAG: no value */
		break;
	}
}

static void print_attrs(const struct nlattr *head, int len,
			const struct nlp_set *set, int depth)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		int type = nla_type(a);
		const struct nlp_attr *d = NULL;

		if (type <= set->max && set->attrs[type].name)
			d = &set->attrs[type];
		printf("%*s", 2 * depth, "");
		if (!d) {
			printf("ATTR_%d = ", type);
			print_bin_attr(a);
		} else if (d->type == NLP_NEST) {
			printf("%s\n", d->name);
			print_attrs(nla_data(a), nla_len(a), d->nest, depth + 1);
			continue;
		} else {
			printf("%s", d->name);
			print_value(a, d->type);
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
		name = nlp_cmd_names[gh->cmd];
	if (name)
		printf("%s", name);
	else
		printf("CMD_%u", gh->cmd);
	printf(" flags REQUEST%s%s version %u\n",
	       nlh->nlmsg_flags & NLM_F_ACK ? ",ACK" : "",
	       (nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP ? ",DUMP" : "",
	       gh->version);
	print_attrs(genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
		    &nlp_set_ipsecdp, 1);
	fflush(stdout);
}
