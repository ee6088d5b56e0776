// SPDX-License-Identifier: GPL-2.0
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
#include "core/compat.h"
#include "core/nl_gen.h"

/* Not accepted in this request: refused, saying why */
#define IPSECDP_NL_REFUSE(msg) \
	{ .type = NLA_REJECT, .reject_message = (msg), }

static const char ipsecdp_pol_match_refused[] =
	"policy-match takes dir, family, src, dst, proto, sport-min and dport-min only";

const struct nla_policy ipsecdp_pol_match_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[IPSECDP_POL_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DIR] = NLA_POLICY_MAX(NLA_U8, IPSECDP_DIR_FWD),
	[IPSECDP_POL_A_PRIORITY] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_ACTION] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_SRC_PLEN] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_DST_PLEN] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_POL_A_SPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_SPORT_MAX] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_DPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DPORT_MAX] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_TMPL] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
	[IPSECDP_POL_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_pol_match_refused),
};

static const char ipsecdp_pol_id_refused[] =
	"policy-del and policy-get take the dir and the selector only";

const struct nla_policy ipsecdp_pol_id_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[IPSECDP_POL_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DIR] = NLA_POLICY_MAX(NLA_U8, IPSECDP_DIR_FWD),
	[IPSECDP_POL_A_PRIORITY] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
	[IPSECDP_POL_A_ACTION] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
	[IPSECDP_POL_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_SRC_PLEN] = { .type = NLA_U8, },
	[IPSECDP_POL_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_DST_PLEN] = { .type = NLA_U8, },
	[IPSECDP_POL_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_POL_A_SPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_SPORT_MAX] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DPORT_MAX] = { .type = NLA_U16, },
	[IPSECDP_POL_A_TMPL] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
	[IPSECDP_POL_A_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
	[IPSECDP_POL_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
	[IPSECDP_POL_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_pol_id_refused),
};

const struct nla_policy ipsecdp_tmpl_nl_policy[IPSECDP_TMPL_A_MAX + 1] = {
	[IPSECDP_TMPL_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_TMPL_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_TMPL_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_TMPL_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_TMPL_A_MODE] = NLA_POLICY_MAX(NLA_U8, IPSECDP_MODE_TUNNEL),
	[IPSECDP_TMPL_A_SPI] = { .type = NLA_U32, },
	[IPSECDP_TMPL_A_LEVEL] = NLA_POLICY_MAX(NLA_U8, IPSECDP_LEVEL_USE),
};

static const char ipsecdp_pol_cfg_refused[] =
	"policy-add, policy-update: index and stats are sent by the kernel only";

const struct nla_policy ipsecdp_pol_cfg_nl_policy[IPSECDP_POL_A_MAX + 1] = {
	[IPSECDP_POL_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DIR] = NLA_POLICY_MAX(NLA_U8, IPSECDP_DIR_FWD),
	[IPSECDP_POL_A_PRIORITY] = { .type = NLA_U32, },
	[IPSECDP_POL_A_ACTION] = NLA_POLICY_MAX(NLA_U8, IPSECDP_ACTION_BLOCK),
	[IPSECDP_POL_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_SRC_PLEN] = { .type = NLA_U8, },
	[IPSECDP_POL_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_POL_A_DST_PLEN] = { .type = NLA_U8, },
	[IPSECDP_POL_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_POL_A_SPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_SPORT_MAX] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DPORT_MIN] = { .type = NLA_U16, },
	[IPSECDP_POL_A_DPORT_MAX] = { .type = NLA_U16, },
	[IPSECDP_POL_A_TMPL] = NLA_POLICY_NESTED(ipsecdp_tmpl_nl_policy),
	[IPSECDP_POL_A_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_pol_cfg_refused),
	[IPSECDP_POL_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_pol_cfg_refused),
	[IPSECDP_POL_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_pol_cfg_refused),
};

static const char ipsecdp_sa_proto_refused[] =
	"sa-flush takes only the protocol in the SA nest";

const struct nla_policy ipsecdp_sa_proto_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[IPSECDP_SA_A_FAMILY] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_SRC] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_DST] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_SA_A_SPI] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_MODE] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_REPLAY_WINDOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_FLAGS] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_AEAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_ENC] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_AUTH] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_REPLAY_SEQ] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_REPLAY_OSEQ] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_LIFETIME] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_CURLFT] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
	[IPSECDP_SA_A_ENCAP] = IPSECDP_NL_REFUSE(ipsecdp_sa_proto_refused),
};

static const char ipsecdp_sa_id_refused[] =
	"sa-del and sa-get take the SA's identity only: family, src, dst, proto, spi";

const struct nla_policy ipsecdp_sa_id_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[IPSECDP_SA_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_SA_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_SA_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_SA_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_SA_A_SPI] = { .type = NLA_U32, },
	[IPSECDP_SA_A_MODE] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_REPLAY_WINDOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_FLAGS] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_AEAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_ENC] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_AUTH] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_REPLAY_SEQ] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_REPLAY_OSEQ] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_LIFETIME] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_CURLFT] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
	[IPSECDP_SA_A_ENCAP] = IPSECDP_NL_REFUSE(ipsecdp_sa_id_refused),
};

const struct nla_policy ipsecdp_encap_nl_policy[IPSECDP_ENCAP_A_MAX + 1] = {
	[IPSECDP_ENCAP_A_TYPE] = NLA_POLICY_RANGE(NLA_U16, 2, 2),
	[IPSECDP_ENCAP_A_SPORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPSECDP_ENCAP_A_DPORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[IPSECDP_ENCAP_A_OA] = { .type = NLA_BINARY, .len = 16, },
};

static const char ipsecdp_lft_limits_refused[] =
	"lifetime: only the six limits can be configured";

const struct nla_policy ipsecdp_lft_limits_nl_policy[IPSECDP_LFT_A_MAX + 1] = {
	[IPSECDP_LFT_A_SOFT_BYTES] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_HARD_BYTES] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_SOFT_PACKETS] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_HARD_PACKETS] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_SOFT_SECS] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_HARD_SECS] = { .type = NLA_U64, },
	[IPSECDP_LFT_A_BYTES] = IPSECDP_NL_REFUSE(ipsecdp_lft_limits_refused),
	[IPSECDP_LFT_A_PACKETS] = IPSECDP_NL_REFUSE(ipsecdp_lft_limits_refused),
	[IPSECDP_LFT_A_ADD_TIME] = IPSECDP_NL_REFUSE(ipsecdp_lft_limits_refused),
	[IPSECDP_LFT_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_lft_limits_refused),
};

const struct nla_policy ipsecdp_alg_nl_policy[IPSECDP_ALG_A_MAX + 1] = {
	[IPSECDP_ALG_A_NAME] = { .type = NLA_NUL_STRING, .len = IPSECDP_ALG_NAME_MAX - 1, },
	[IPSECDP_ALG_A_KEY] = { .type = NLA_BINARY, .len = IPSECDP_KEY_MAX, },
	[IPSECDP_ALG_A_ICV_BITS] = NLA_POLICY_MAX(NLA_U32, 512),
};

static const char ipsecdp_sa_cfg_refused[] =
	"sa-add, sa-update: curlft and stats are sent by the kernel only";

const struct nla_policy ipsecdp_sa_cfg_nl_policy[IPSECDP_SA_A_MAX + 1] = {
	[IPSECDP_SA_A_FAMILY] = { .type = NLA_U16, },
	[IPSECDP_SA_A_SRC] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_SA_A_DST] = { .type = NLA_BINARY, .len = 16, },
	[IPSECDP_SA_A_PROTO] = { .type = NLA_U8, },
	[IPSECDP_SA_A_SPI] = { .type = NLA_U32, },
	[IPSECDP_SA_A_MODE] = NLA_POLICY_MAX(NLA_U8, IPSECDP_MODE_TUNNEL),
	[IPSECDP_SA_A_REPLAY_WINDOW] = NLA_POLICY_MAX(NLA_U32, IPSECDP_REPLAY_MAX),
	[IPSECDP_SA_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, IPSECDP_SA_F_ESN | IPSECDP_SA_F_ALIGN4),
	[IPSECDP_SA_A_AEAD] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	[IPSECDP_SA_A_ENC] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	[IPSECDP_SA_A_AUTH] = NLA_POLICY_NESTED(ipsecdp_alg_nl_policy),
	[IPSECDP_SA_A_REPLAY_SEQ] = { .type = NLA_U64, },
	[IPSECDP_SA_A_REPLAY_OSEQ] = { .type = NLA_U64, },
	[IPSECDP_SA_A_LIFETIME] = NLA_POLICY_NESTED(ipsecdp_lft_limits_nl_policy),
	[IPSECDP_SA_A_CURLFT] = IPSECDP_NL_REFUSE(ipsecdp_sa_cfg_refused),
	[IPSECDP_SA_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_cfg_refused),
	[IPSECDP_SA_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_cfg_refused),
	[IPSECDP_SA_A_ENCAP] = NLA_POLICY_NESTED(ipsecdp_encap_nl_policy),
};

static const char ipsecdp_sa_add_do_refused[] =
	"not an attribute of sa-add requests (only sa, batch)";

static const struct nla_policy ipsecdp_sa_add_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_cfg_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_add_do_refused),
};

static const char ipsecdp_sa_del_do_refused[] =
	"not an attribute of sa-del requests (only sa, batch)";

static const struct nla_policy ipsecdp_sa_del_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_del_do_refused),
};

static const char ipsecdp_sa_flush_do_refused[] =
	"not an attribute of sa-flush requests (only sa, batch)";

static const struct nla_policy ipsecdp_sa_flush_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_proto_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_flush_do_refused),
};

static const char ipsecdp_policy_add_do_refused[] =
	"not an attribute of policy-add requests (only policy, batch)";

static const struct nla_policy ipsecdp_policy_add_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_cfg_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_add_do_refused),
};

static const char ipsecdp_policy_del_do_refused[] =
	"not an attribute of policy-del requests (only policy, batch)";

static const struct nla_policy ipsecdp_policy_del_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_del_do_refused),
};

static const char ipsecdp_policy_flush_do_refused[] =
	"not an attribute of policy-flush requests (only batch)";

static const struct nla_policy ipsecdp_policy_flush_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_flush_do_refused),
};

static const char ipsecdp_stats_get_do_refused[] =
	"stats-get takes no attributes";

static const struct nla_policy ipsecdp_stats_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_stats_get_do_refused),
};

static const char ipsecdp_policy_match_do_refused[] =
	"not an attribute of policy-match requests (only policy)";

static const struct nla_policy ipsecdp_policy_match_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_match_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_match_do_refused),
};

static const char ipsecdp_batch_begin_do_refused[] =
	"batch-begin takes no attributes";

static const struct nla_policy ipsecdp_batch_begin_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_begin_do_refused),
};

static const char ipsecdp_batch_commit_do_refused[] =
	"batch-commit takes no attributes";

static const struct nla_policy ipsecdp_batch_commit_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_commit_do_refused),
};

static const char ipsecdp_batch_abort_do_refused[] =
	"batch-abort takes no attributes";

static const struct nla_policy ipsecdp_batch_abort_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_batch_abort_do_refused),
};

static const char ipsecdp_sa_update_do_refused[] =
	"not an attribute of sa-update requests (only sa, batch)";

static const struct nla_policy ipsecdp_sa_update_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_cfg_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_update_do_refused),
};

static const char ipsecdp_policy_update_do_refused[] =
	"not an attribute of policy-update requests (only policy, batch)";

static const struct nla_policy ipsecdp_policy_update_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_cfg_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_BATCH] = { .type = NLA_FLAG, },
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_update_do_refused),
};

#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS

static const char ipsecdp_sa_get_do_refused[] =
	"not an attribute of sa-get requests (only sa)";

static const struct nla_policy ipsecdp_sa_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_do_refused),
};

static const char ipsecdp_sa_get_dump_refused[] =
	"not an attribute of sa-get dump requests (only keys)";

static const struct nla_policy ipsecdp_sa_get_dump_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_KEYS] = { .type = NLA_FLAG, },
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_dump_refused),
};

static const char ipsecdp_policy_get_do_refused[] =
	"not an attribute of policy-get requests (only policy)";

static const struct nla_policy ipsecdp_policy_get_do_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_do_refused),
};

static const char ipsecdp_policy_get_dump_refused[] =
	"policy-get dump takes no attributes";

static const struct nla_policy ipsecdp_policy_get_dump_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_dump_refused),
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

static const char ipsecdp_sa_get_refused[] =
	"not an attribute of sa-get requests (only sa, keys)";

static const struct nla_policy ipsecdp_sa_get_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = NLA_POLICY_NESTED(ipsecdp_sa_id_nl_policy),
	[IPSECDP_A_POLICY] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_KEYS] = { .type = NLA_FLAG, },
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_sa_get_refused),
};

static const char ipsecdp_policy_get_refused[] =
	"not an attribute of policy-get requests (only policy)";

static const struct nla_policy ipsecdp_policy_get_nl_policy[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_POLICY] = NLA_POLICY_NESTED(ipsecdp_pol_id_nl_policy),
	[IPSECDP_A_STATS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_HARD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_PAD] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_MATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_BATCH] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_BATCH_INDEX] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_BATCH_MSG] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_KEYS] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_FLOW] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_SA_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
	[IPSECDP_A_POLICY_COUNT] = IPSECDP_NL_REFUSE(ipsecdp_policy_get_refused),
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
