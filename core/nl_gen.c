// SPDX-License-Identifier: GPL-2.0
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
#include "core/compat.h"
#include "core/nl_gen.h"

/* Not accepted in this request: refused, saying why */
#define IPSECDP_NL_REFUSE(msg) \
	{ .type = NLA_REJECT, .reject_message = (msg), }

/*
 * Each attribute's checks (ATTR_CHECK), written once; IPSECDP_NLA(ATTR)
 * is its entry in a policy. A request's policy refuses every attribute
 * of its set ([0 ... max]: netlink never looks up 0) and then takes
 * the checks of the ones it accepts: the later initializer wins
 * (-Wno-override-init for this file, Kbuild.objs; sparse allows
 * overriding a whole-array range). Nests are named in each policy:
 * which policy a nest has depends on the request.
 */
#define IPSECDP_NLA(attr) \
	[attr] = attr##_CHECK
#define IPSECDP_SA_A_FAMILY_CHECK	{ .type = NLA_U16, }
#define IPSECDP_SA_A_SRC_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_SA_A_DST_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_SA_A_PROTO_CHECK	{ .type = NLA_U8, }
#define IPSECDP_SA_A_SPI_CHECK	{ .type = NLA_U32, }
#define IPSECDP_SA_A_MODE_CHECK	NLA_POLICY_MAX(NLA_U8, IPSECDP_MODE_TUNNEL)
#define IPSECDP_SA_A_REPLAY_WINDOW_CHECK	NLA_POLICY_MAX(NLA_U32, IPSECDP_REPLAY_MAX)
#define IPSECDP_SA_A_FLAGS_CHECK \
	NLA_POLICY_MASK(NLA_U32, IPSECDP_SA_F_ESN | IPSECDP_SA_F_ALIGN4)
#define IPSECDP_SA_A_REPLAY_SEQ_CHECK	{ .type = NLA_U64, }
#define IPSECDP_SA_A_REPLAY_OSEQ_CHECK	{ .type = NLA_U64, }
#define IPSECDP_SA_A_PCPU_NUM_CHECK	{ .type = NLA_U32, }
#define IPSECDP_ALG_A_NAME_CHECK	{ .type = NLA_NUL_STRING, .len = IPSECDP_ALG_NAME_MAX - 1, }
#define IPSECDP_ALG_A_KEY_CHECK	{ .type = NLA_BINARY, .len = IPSECDP_KEY_MAX, }
#define IPSECDP_ALG_A_ICV_BITS_CHECK	NLA_POLICY_MAX(NLA_U32, 512)
#define IPSECDP_LFT_A_SOFT_BYTES_CHECK	{ .type = NLA_U64, }
#define IPSECDP_LFT_A_HARD_BYTES_CHECK	{ .type = NLA_U64, }
#define IPSECDP_LFT_A_SOFT_PACKETS_CHECK	{ .type = NLA_U64, }
#define IPSECDP_LFT_A_HARD_PACKETS_CHECK	{ .type = NLA_U64, }
#define IPSECDP_LFT_A_SOFT_SECS_CHECK	{ .type = NLA_U64, }
#define IPSECDP_LFT_A_HARD_SECS_CHECK	{ .type = NLA_U64, }
#define IPSECDP_ENCAP_A_TYPE_CHECK	NLA_POLICY_RANGE(NLA_U16, 2, 2)
#define IPSECDP_ENCAP_A_SPORT_CHECK	NLA_POLICY_MIN(NLA_U16, 1)
#define IPSECDP_ENCAP_A_DPORT_CHECK	NLA_POLICY_MIN(NLA_U16, 1)
#define IPSECDP_ENCAP_A_OA_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_POL_A_FAMILY_CHECK	{ .type = NLA_U16, }
#define IPSECDP_POL_A_DIR_CHECK	NLA_POLICY_MAX(NLA_U8, IPSECDP_DIR_FWD)
#define IPSECDP_POL_A_PRIORITY_CHECK	{ .type = NLA_U32, }
#define IPSECDP_POL_A_ACTION_CHECK	NLA_POLICY_MAX(NLA_U8, IPSECDP_ACTION_BLOCK)
#define IPSECDP_POL_A_SRC_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_POL_A_SRC_PLEN_CHECK	{ .type = NLA_U8, }
#define IPSECDP_POL_A_DST_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_POL_A_DST_PLEN_CHECK	{ .type = NLA_U8, }
#define IPSECDP_POL_A_PROTO_CHECK	{ .type = NLA_U8, }
#define IPSECDP_POL_A_SPORT_MIN_CHECK	{ .type = NLA_U16, }
#define IPSECDP_POL_A_SPORT_MAX_CHECK	{ .type = NLA_U16, }
#define IPSECDP_POL_A_DPORT_MIN_CHECK	{ .type = NLA_U16, }
#define IPSECDP_POL_A_DPORT_MAX_CHECK	{ .type = NLA_U16, }
#define IPSECDP_POL_A_FLAGS_CHECK	NLA_POLICY_MASK(NLA_U32, IPSECDP_POL_F_CPU_ACQUIRE)
#define IPSECDP_TMPL_A_FAMILY_CHECK	{ .type = NLA_U16, }
#define IPSECDP_TMPL_A_SRC_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_TMPL_A_DST_CHECK	{ .type = NLA_BINARY, .len = 16, }
#define IPSECDP_TMPL_A_PROTO_CHECK	{ .type = NLA_U8, }
#define IPSECDP_TMPL_A_MODE_CHECK	NLA_POLICY_MAX(NLA_U8, IPSECDP_MODE_TUNNEL)
#define IPSECDP_TMPL_A_SPI_CHECK	{ .type = NLA_U32, }
#define IPSECDP_TMPL_A_LEVEL_CHECK	NLA_POLICY_MAX(NLA_U8, IPSECDP_LEVEL_USE)
#define IPSECDP_A_BATCH_CHECK	{ .type = NLA_FLAG, }
#define IPSECDP_A_KEYS_CHECK	{ .type = NLA_FLAG, }

const struct nla_policy ipsecdp_alg_nl_policy[IPSECDP_ALG_A_MAX + 1] = {
	IPSECDP_NLA(IPSECDP_ALG_A_NAME), IPSECDP_NLA(IPSECDP_ALG_A_KEY),
	IPSECDP_NLA(IPSECDP_ALG_A_ICV_BITS),
};

const struct nla_policy ipsecdp_lft_limits_nl_policy[IPSECDP_LFT_A_MAX + 1] = {
	[0 ... IPSECDP_LFT_A_MAX] =
		IPSECDP_NL_REFUSE("lifetime: only the six limits can be configured"),
	IPSECDP_NLA(IPSECDP_LFT_A_SOFT_BYTES), IPSECDP_NLA(IPSECDP_LFT_A_HARD_BYTES),
	IPSECDP_NLA(IPSECDP_LFT_A_SOFT_PACKETS), IPSECDP_NLA(IPSECDP_LFT_A_HARD_PACKETS),
	IPSECDP_NLA(IPSECDP_LFT_A_SOFT_SECS), IPSECDP_NLA(IPSECDP_LFT_A_HARD_SECS),
};

const struct nla_policy ipsecdp_encap_nl_policy[IPSECDP_ENCAP_A_MAX + 1] = {
	IPSECDP_NLA(IPSECDP_ENCAP_A_TYPE), IPSECDP_NLA(IPSECDP_ENCAP_A_SPORT),
	IPSECDP_NLA(IPSECDP_ENCAP_A_DPORT), IPSECDP_NLA(IPSECDP_ENCAP_A_OA),
};

static const char ipsecdp_sa_cfg_refused[] =
	"sa-add, sa-update: curlft and stats are sent by the kernel only";

const struct nla_policy ipsecdp_sa_cfg_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[0 ... IPSECDP_SA_A_MAX] =
		IPSECDP_NL_REFUSE(ipsecdp_sa_cfg_refused),
	IPSECDP_NLA(IPSECDP_SA_A_FAMILY), IPSECDP_NLA(IPSECDP_SA_A_SRC),
	IPSECDP_NLA(IPSECDP_SA_A_DST), IPSECDP_NLA(IPSECDP_SA_A_PROTO),
	IPSECDP_NLA(IPSECDP_SA_A_SPI), IPSECDP_NLA(IPSECDP_SA_A_MODE),
	IPSECDP_NLA(IPSECDP_SA_A_REPLAY_WINDOW), IPSECDP_NLA(IPSECDP_SA_A_FLAGS),
	[IPSECDP_SA_A_AEAD] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	[IPSECDP_SA_A_ENC] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	[IPSECDP_SA_A_AUTH] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	IPSECDP_NLA(IPSECDP_SA_A_REPLAY_SEQ), IPSECDP_NLA(IPSECDP_SA_A_REPLAY_OSEQ),
	[IPSECDP_SA_A_LIFETIME] = NLA_POLICY_NESTED(ipsecdp_lft_limits_nl_policy),
	[IPSECDP_SA_A_ENCAP] = NLA_POLICY_NESTED(ipsecdp_encap_nl_policy),
	IPSECDP_NLA(IPSECDP_SA_A_PCPU_NUM),
};

static const struct nla_policy ipsecdp_sa_add_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-add requests (only sa, batch)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_cfg_nl_policy), IPSECDP_NLA(IPSECDP_A_BATCH),
};

static const char ipsecdp_sa_id_refused[] =
	"sa-del and sa-get take the SA's identity only: family, src, dst, proto, spi";

const struct nla_policy ipsecdp_sa_id_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[0 ... IPSECDP_SA_A_MAX] =
		IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	IPSECDP_NLA(IPSECDP_SA_A_FAMILY), IPSECDP_NLA(IPSECDP_SA_A_SRC),
	IPSECDP_NLA(IPSECDP_SA_A_DST), IPSECDP_NLA(IPSECDP_SA_A_PROTO),
	IPSECDP_NLA(IPSECDP_SA_A_SPI),
};

static const struct nla_policy ipsecdp_sa_del_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-del requests (only sa, batch)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy), IPSECDP_NLA(IPSECDP_A_BATCH),
};

const struct nla_policy ipsecdp_sa_proto_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[0 ... IPSECDP_SA_A_MAX] =
		IPSECDP_NL_REFUSE("sa-flush takes only the protocol in the SA nest"),
	IPSECDP_NLA(IPSECDP_SA_A_PROTO),
};

static const struct nla_policy ipsecdp_sa_flush_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-flush requests (only sa, batch)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_proto_nl_policy),
	IPSECDP_NLA(IPSECDP_A_BATCH),
};

const struct nla_policy ipsecdp_tmpl_nl_policy[IPSECDP_TMPL_A_MAX + 1] = {
	IPSECDP_NLA(IPSECDP_TMPL_A_FAMILY), IPSECDP_NLA(IPSECDP_TMPL_A_SRC),
	IPSECDP_NLA(IPSECDP_TMPL_A_DST), IPSECDP_NLA(IPSECDP_TMPL_A_PROTO),
	IPSECDP_NLA(IPSECDP_TMPL_A_MODE), IPSECDP_NLA(IPSECDP_TMPL_A_SPI),
	IPSECDP_NLA(IPSECDP_TMPL_A_LEVEL),
};

static const char ipsecdp_pol_cfg_refused[] =
	"policy-add, policy-update: index and stats are sent by the kernel only";

const struct nla_policy ipsecdp_pol_cfg_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[0 ... IPSECDP_POL_A_MAX] =
		IPSECDP_NL_REFUSE(ipsecdp_pol_cfg_refused),
	IPSECDP_NLA(IPSECDP_POL_A_FAMILY), IPSECDP_NLA(IPSECDP_POL_A_DIR),
	IPSECDP_NLA(IPSECDP_POL_A_PRIORITY), IPSECDP_NLA(IPSECDP_POL_A_ACTION),
	IPSECDP_NLA(IPSECDP_POL_A_SRC), IPSECDP_NLA(IPSECDP_POL_A_SRC_PLEN),
	IPSECDP_NLA(IPSECDP_POL_A_DST), IPSECDP_NLA(IPSECDP_POL_A_DST_PLEN),
	IPSECDP_NLA(IPSECDP_POL_A_PROTO), IPSECDP_NLA(IPSECDP_POL_A_SPORT_MIN),
	IPSECDP_NLA(IPSECDP_POL_A_SPORT_MAX), IPSECDP_NLA(IPSECDP_POL_A_DPORT_MIN),
	IPSECDP_NLA(IPSECDP_POL_A_DPORT_MAX),
	[IPSECDP_POL_A_TMPL] = NLA_POLICY_NESTED(ipsecdp_tmpl_nl_policy),
	IPSECDP_NLA(IPSECDP_POL_A_FLAGS),
};

static const struct nla_policy ipsecdp_policy_add_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-add requests (only policy, batch)"),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_cfg_nl_policy),
	IPSECDP_NLA(IPSECDP_A_BATCH),
};

const struct nla_policy ipsecdp_pol_id_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[0 ... IPSECDP_POL_A_MAX] =
		IPSECDP_NL_REFUSE("policy-del and policy-get take the dir and the selector only"),
	IPSECDP_NLA(IPSECDP_POL_A_FAMILY), IPSECDP_NLA(IPSECDP_POL_A_DIR),
	IPSECDP_NLA(IPSECDP_POL_A_SRC), IPSECDP_NLA(IPSECDP_POL_A_SRC_PLEN),
	IPSECDP_NLA(IPSECDP_POL_A_DST), IPSECDP_NLA(IPSECDP_POL_A_DST_PLEN),
	IPSECDP_NLA(IPSECDP_POL_A_PROTO), IPSECDP_NLA(IPSECDP_POL_A_SPORT_MIN),
	IPSECDP_NLA(IPSECDP_POL_A_SPORT_MAX), IPSECDP_NLA(IPSECDP_POL_A_DPORT_MIN),
	IPSECDP_NLA(IPSECDP_POL_A_DPORT_MAX),
};

static const struct nla_policy ipsecdp_policy_del_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-del requests (only policy, batch)"),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
	IPSECDP_NLA(IPSECDP_A_BATCH),
};

static const struct nla_policy ipsecdp_policy_flush_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-flush requests (only batch)"),
	IPSECDP_NLA(IPSECDP_A_BATCH),
};

static const struct nla_policy ipsecdp_stats_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("stats-get takes no attributes"),
};

static const char ipsecdp_pol_match_refused[] =
	"policy-match takes dir, family, src, dst, proto, sport-min and dport-min only";

const struct nla_policy ipsecdp_pol_match_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[0 ... IPSECDP_POL_A_MAX] =
		IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	IPSECDP_NLA(IPSECDP_POL_A_FAMILY), IPSECDP_NLA(IPSECDP_POL_A_DIR),
	IPSECDP_NLA(IPSECDP_POL_A_SRC), IPSECDP_NLA(IPSECDP_POL_A_DST),
	IPSECDP_NLA(IPSECDP_POL_A_PROTO), IPSECDP_NLA(IPSECDP_POL_A_SPORT_MIN),
	IPSECDP_NLA(IPSECDP_POL_A_DPORT_MIN),
};

static const struct nla_policy ipsecdp_policy_match_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-match requests (only policy)"),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_match_nl_policy),
};

static const struct nla_policy ipsecdp_batch_begin_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("batch-begin takes no attributes"),
};

static const struct nla_policy ipsecdp_batch_commit_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("batch-commit takes no attributes"),
};

static const struct nla_policy ipsecdp_batch_abort_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("batch-abort takes no attributes"),
};

static const struct nla_policy ipsecdp_sa_update_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-update requests (only sa, batch)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_cfg_nl_policy), IPSECDP_NLA(IPSECDP_A_BATCH),
};

static const char ipsecdp_policy_update_do_refused[] =
	"not an attribute of policy-update requests (only policy, batch)";

static const struct nla_policy ipsecdp_policy_update_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_cfg_nl_policy),
	IPSECDP_NLA(IPSECDP_A_BATCH),
};

#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS

static const struct nla_policy ipsecdp_sa_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-get requests (only sa)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy),
};

static const struct nla_policy ipsecdp_sa_get_dump_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-get dump requests (only keys)"),
	IPSECDP_NLA(IPSECDP_A_KEYS),
};

static const struct nla_policy ipsecdp_policy_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-get requests (only policy)"),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
};

static const struct nla_policy ipsecdp_policy_get_dump_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("policy-get dump takes no attributes"),
};

const struct genl_split_ops ipsecdp_nl_ops[] = {
	{
		.cmd		= IPSECDP_CMD_SA_ADD,
		.doit		= ipsecdp_nl_sa_add_doit,
		.policy		= ipsecdp_sa_add_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_SA_DEL,
		.doit		= ipsecdp_nl_sa_del_doit,
		.policy		= ipsecdp_sa_del_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_SA_GET,
		.doit		= ipsecdp_nl_sa_get_doit,
		.policy		= ipsecdp_sa_get_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_SA_GET,
		.dumpit		= ipsecdp_nl_sa_get_dumpit,
		.policy		= ipsecdp_sa_get_dump_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IPSECDP_CMD_SA_FLUSH,
		.doit		= ipsecdp_nl_sa_flush_doit,
		.policy		= ipsecdp_sa_flush_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_ADD,
		.doit		= ipsecdp_nl_policy_add_doit,
		.policy		= ipsecdp_policy_add_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_DEL,
		.doit		= ipsecdp_nl_policy_del_doit,
		.policy		= ipsecdp_policy_del_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_GET,
		.doit		= ipsecdp_nl_policy_get_doit,
		.policy		= ipsecdp_policy_get_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_GET,
		.dumpit		= ipsecdp_nl_policy_get_dumpit,
		.policy		= ipsecdp_policy_get_dump_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_FLUSH,
		.doit		= ipsecdp_nl_policy_flush_doit,
		.policy		= ipsecdp_policy_flush_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_STATS_GET,
		.doit		= ipsecdp_nl_stats_get_doit,
		.policy		= ipsecdp_stats_get_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_MATCH,
		.doit		= ipsecdp_nl_policy_match_doit,
		.policy		= ipsecdp_policy_match_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_BEGIN,
		.doit		= ipsecdp_nl_batch_begin_doit,
		.policy		= ipsecdp_batch_begin_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_COMMIT,
		.doit		= ipsecdp_nl_batch_commit_doit,
		.policy		= ipsecdp_batch_commit_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_ABORT,
		.doit		= ipsecdp_nl_batch_abort_doit,
		.policy		= ipsecdp_batch_abort_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_SA_UPDATE,
		.doit		= ipsecdp_nl_sa_update_doit,
		.policy		= ipsecdp_sa_update_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_UPDATE,
		.doit		= ipsecdp_nl_policy_update_doit,
		.policy		= ipsecdp_policy_update_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};
#else

static const struct nla_policy ipsecdp_sa_get_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of sa-get requests (only sa, keys)"),
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy), IPSECDP_NLA(IPSECDP_A_KEYS),
};

static const struct nla_policy ipsecdp_policy_get_nl_policy[IPSECDP_A_MAX + 1] = {
	[0 ... IPSECDP_A_MAX] =
		IPSECDP_NL_REFUSE("not an attribute of policy-get requests (only policy)"),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
};

const struct genl_ops ipsecdp_nl_ops[] = {
	{
		.cmd		= IPSECDP_CMD_SA_ADD,
		.doit		= ipsecdp_nl_sa_add_doit,
		.policy		= ipsecdp_sa_add_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_SA_DEL,
		.doit		= ipsecdp_nl_sa_del_doit,
		.policy		= ipsecdp_sa_del_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_SA_GET,
		.doit		= ipsecdp_nl_sa_get_doit,
		.dumpit		= ipsecdp_nl_sa_get_dumpit,
		.policy		= ipsecdp_sa_get_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_SA_FLUSH,
		.doit		= ipsecdp_nl_sa_flush_doit,
		.policy		= ipsecdp_sa_flush_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_ADD,
		.doit		= ipsecdp_nl_policy_add_doit,
		.policy		= ipsecdp_policy_add_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_DEL,
		.doit		= ipsecdp_nl_policy_del_doit,
		.policy		= ipsecdp_policy_del_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_GET,
		.doit		= ipsecdp_nl_policy_get_doit,
		.dumpit		= ipsecdp_nl_policy_get_dumpit,
		.policy		= ipsecdp_policy_get_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_FLUSH,
		.doit		= ipsecdp_nl_policy_flush_doit,
		.policy		= ipsecdp_policy_flush_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_STATS_GET,
		.doit		= ipsecdp_nl_stats_get_doit,
		.policy		= ipsecdp_stats_get_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_MATCH,
		.doit		= ipsecdp_nl_policy_match_doit,
		.policy		= ipsecdp_policy_match_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_BEGIN,
		.doit		= ipsecdp_nl_batch_begin_doit,
		.policy		= ipsecdp_batch_begin_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_COMMIT,
		.doit		= ipsecdp_nl_batch_commit_doit,
		.policy		= ipsecdp_batch_commit_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_BATCH_ABORT,
		.doit		= ipsecdp_nl_batch_abort_doit,
		.policy		= ipsecdp_batch_abort_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_SA_UPDATE,
		.doit		= ipsecdp_nl_sa_update_doit,
		.policy		= ipsecdp_sa_update_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
	{
		.cmd		= IPSECDP_CMD_POLICY_UPDATE,
		.doit		= ipsecdp_nl_policy_update_doit,
		.policy		= ipsecdp_policy_update_do_nl_policy,
		.maxattr	= IPSECDP_A_MAX,
		.flags		= GENL_UNS_ADMIN_PERM,
	},
};
#endif
