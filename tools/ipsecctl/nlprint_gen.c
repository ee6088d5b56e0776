// SPDX-License-Identifier: GPL-2.0
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
#include "nlprint_gen.h"

static const struct nlp_attr nlp_alg_attrs[IPSECDP_ALG_A_MAX + 1] = {
	[IPSECDP_ALG_A_NAME] = { "NAME", NLP_STR },
	[IPSECDP_ALG_A_KEY] = { "KEY", NLP_BIN },
	[IPSECDP_ALG_A_ICV_BITS] = { "ICV_BITS", NLP_U32 },
};

static const struct nlp_set nlp_set_alg = { IPSECDP_ALG_A_MAX, nlp_alg_attrs };

static const struct nlp_attr nlp_lft_attrs[IPSECDP_LFT_A_MAX + 1] = {
	[IPSECDP_LFT_A_SOFT_BYTES] = { "SOFT_BYTES", NLP_U64 },
	[IPSECDP_LFT_A_HARD_BYTES] = { "HARD_BYTES", NLP_U64 },
	[IPSECDP_LFT_A_SOFT_PACKETS] = { "SOFT_PACKETS", NLP_U64 },
	[IPSECDP_LFT_A_HARD_PACKETS] = { "HARD_PACKETS", NLP_U64 },
	[IPSECDP_LFT_A_SOFT_SECS] = { "SOFT_SECS", NLP_U64 },
	[IPSECDP_LFT_A_HARD_SECS] = { "HARD_SECS", NLP_U64 },
	[IPSECDP_LFT_A_BYTES] = { "BYTES", NLP_U64 },
	[IPSECDP_LFT_A_PACKETS] = { "PACKETS", NLP_U64 },
	[IPSECDP_LFT_A_ADD_TIME] = { "ADD_TIME", NLP_U64 },
};

static const struct nlp_set nlp_set_lft = { IPSECDP_LFT_A_MAX, nlp_lft_attrs };

static const struct nlp_attr nlp_sa_stat_attrs[IPSECDP_SA_STAT_MAX + 1] = {
	[IPSECDP_SA_STAT_IN_PACKETS] = { "IN_PACKETS", NLP_U64 },
	[IPSECDP_SA_STAT_IN_BYTES] = { "IN_BYTES", NLP_U64 },
	[IPSECDP_SA_STAT_OUT_PACKETS] = { "OUT_PACKETS", NLP_U64 },
	[IPSECDP_SA_STAT_OUT_BYTES] = { "OUT_BYTES", NLP_U64 },
	[IPSECDP_SA_STAT_REPLAY] = { "REPLAY", NLP_U64 },
	[IPSECDP_SA_STAT_INTEGRITY] = { "INTEGRITY", NLP_U64 },
};

static const struct nlp_set nlp_set_sa_stat = { IPSECDP_SA_STAT_MAX, nlp_sa_stat_attrs };

static const struct nlp_attr nlp_encap_attrs[IPSECDP_ENCAP_A_MAX + 1] = {
	[IPSECDP_ENCAP_A_TYPE] = { "TYPE", NLP_U16 },
	[IPSECDP_ENCAP_A_SPORT] = { "SPORT", NLP_U16 },
	[IPSECDP_ENCAP_A_DPORT] = { "DPORT", NLP_U16 },
	[IPSECDP_ENCAP_A_OA] = { "OA", NLP_BIN },
};

static const struct nlp_set nlp_set_encap = { IPSECDP_ENCAP_A_MAX, nlp_encap_attrs };

static const struct nlp_attr nlp_sa_attrs[IPSECDP_SA_A_MAX + 1] = {
	[IPSECDP_SA_A_FAMILY] = { "FAMILY", NLP_FAMILY },
	[IPSECDP_SA_A_SRC] = { "SRC", NLP_ADDR },
	[IPSECDP_SA_A_DST] = { "DST", NLP_ADDR },
	[IPSECDP_SA_A_PROTO] = { "PROTO", NLP_U8 },
	[IPSECDP_SA_A_SPI] = { "SPI", NLP_SPI },
	[IPSECDP_SA_A_MODE] = { "MODE", NLP_U8 },
	[IPSECDP_SA_A_REPLAY_WINDOW] = { "REPLAY_WINDOW", NLP_U32 },
	[IPSECDP_SA_A_FLAGS] = { "FLAGS", NLP_U32 },
	[IPSECDP_SA_A_AEAD] = { "AEAD", NLP_NEST, &nlp_set_alg },
	[IPSECDP_SA_A_ENC] = { "ENC", NLP_NEST, &nlp_set_alg },
	[IPSECDP_SA_A_AUTH] = { "AUTH", NLP_NEST, &nlp_set_alg },
	[IPSECDP_SA_A_REPLAY_SEQ] = { "REPLAY_SEQ", NLP_U64 },
	[IPSECDP_SA_A_REPLAY_OSEQ] = { "REPLAY_OSEQ", NLP_U64 },
	[IPSECDP_SA_A_LIFETIME] = { "LIFETIME", NLP_NEST, &nlp_set_lft },
	[IPSECDP_SA_A_CURLFT] = { "CURLFT", NLP_NEST, &nlp_set_lft },
	[IPSECDP_SA_A_STATS] = { "STATS", NLP_NEST, &nlp_set_sa_stat },
	[IPSECDP_SA_A_ENCAP] = { "ENCAP", NLP_NEST, &nlp_set_encap },
};

static const struct nlp_set nlp_set_sa = { IPSECDP_SA_A_MAX, nlp_sa_attrs };

static const struct nlp_attr nlp_tmpl_attrs[IPSECDP_TMPL_A_MAX + 1] = {
	[IPSECDP_TMPL_A_FAMILY] = { "FAMILY", NLP_FAMILY },
	[IPSECDP_TMPL_A_SRC] = { "SRC", NLP_ADDR },
	[IPSECDP_TMPL_A_DST] = { "DST", NLP_ADDR },
	[IPSECDP_TMPL_A_PROTO] = { "PROTO", NLP_U8 },
	[IPSECDP_TMPL_A_MODE] = { "MODE", NLP_U8 },
	[IPSECDP_TMPL_A_SPI] = { "SPI", NLP_SPI },
	[IPSECDP_TMPL_A_LEVEL] = { "LEVEL", NLP_U8 },
};

static const struct nlp_set nlp_set_tmpl = { IPSECDP_TMPL_A_MAX, nlp_tmpl_attrs };

static const struct nlp_attr nlp_pol_stat_attrs[IPSECDP_POL_STAT_MAX + 1] = {
	[IPSECDP_POL_STAT_PACKETS] = { "PACKETS", NLP_U64 },
	[IPSECDP_POL_STAT_BYTES] = { "BYTES", NLP_U64 },
};

static const struct nlp_set nlp_set_pol_stat = { IPSECDP_POL_STAT_MAX, nlp_pol_stat_attrs };

static const struct nlp_attr nlp_pol_attrs[IPSECDP_POL_A_MAX + 1] = {
	[IPSECDP_POL_A_FAMILY] = { "FAMILY", NLP_FAMILY },
	[IPSECDP_POL_A_DIR] = { "DIR", NLP_U8 },
	[IPSECDP_POL_A_PRIORITY] = { "PRIORITY", NLP_U32 },
	[IPSECDP_POL_A_ACTION] = { "ACTION", NLP_U8 },
	[IPSECDP_POL_A_SRC] = { "SRC", NLP_ADDR },
	[IPSECDP_POL_A_SRC_PLEN] = { "SRC_PLEN", NLP_U8 },
	[IPSECDP_POL_A_DST] = { "DST", NLP_ADDR },
	[IPSECDP_POL_A_DST_PLEN] = { "DST_PLEN", NLP_U8 },
	[IPSECDP_POL_A_PROTO] = { "PROTO", NLP_U8 },
	[IPSECDP_POL_A_SPORT_MIN] = { "SPORT_MIN", NLP_U16 },
	[IPSECDP_POL_A_SPORT_MAX] = { "SPORT_MAX", NLP_U16 },
	[IPSECDP_POL_A_DPORT_MIN] = { "DPORT_MIN", NLP_U16 },
	[IPSECDP_POL_A_DPORT_MAX] = { "DPORT_MAX", NLP_U16 },
	[IPSECDP_POL_A_TMPL] = { "TMPL", NLP_NEST, &nlp_set_tmpl },
	[IPSECDP_POL_A_INDEX] = { "INDEX", NLP_U32 },
	[IPSECDP_POL_A_STATS] = { "STATS", NLP_NEST, &nlp_set_pol_stat },
};

static const struct nlp_set nlp_set_pol = { IPSECDP_POL_A_MAX, nlp_pol_attrs };

static const struct nlp_attr nlp_mib_attrs[IPSECDP_MIB_MAX + 1] = {
	[IPSECDP_MIB_IN_ERROR] = { "IN_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_BUFFER_ERROR] = { "IN_BUFFER_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_HDR_ERROR] = { "IN_HDR_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_NO_STATES] = { "IN_NO_STATES", NLP_U64 },
	[IPSECDP_MIB_IN_STATE_PROTO_ERROR] = { "IN_STATE_PROTO_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_STATE_MODE_ERROR] = { "IN_STATE_MODE_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_STATE_SEQ_ERROR] = { "IN_STATE_SEQ_ERROR", NLP_U64 },
	[IPSECDP_MIB_IN_STATE_EXPIRED] = { "IN_STATE_EXPIRED", NLP_U64 },
	[IPSECDP_MIB_IN_TMPL_MISMATCH] = { "IN_TMPL_MISMATCH", NLP_U64 },
	[IPSECDP_MIB_IN_NO_POLS] = { "IN_NO_POLS", NLP_U64 },
	[IPSECDP_MIB_IN_POL_BLOCK] = { "IN_POL_BLOCK", NLP_U64 },
	[IPSECDP_MIB_OUT_ERROR] = { "OUT_ERROR", NLP_U64 },
	[IPSECDP_MIB_OUT_NO_STATES] = { "OUT_NO_STATES", NLP_U64 },
	[IPSECDP_MIB_OUT_STATE_PROTO_ERROR] = { "OUT_STATE_PROTO_ERROR", NLP_U64 },
	[IPSECDP_MIB_OUT_STATE_SEQ_ERROR] = { "OUT_STATE_SEQ_ERROR", NLP_U64 },
	[IPSECDP_MIB_OUT_STATE_EXPIRED] = { "OUT_STATE_EXPIRED", NLP_U64 },
	[IPSECDP_MIB_OUT_POL_BLOCK] = { "OUT_POL_BLOCK", NLP_U64 },
	[IPSECDP_MIB_IN_PACKETS] = { "IN_PACKETS", NLP_U64 },
	[IPSECDP_MIB_IN_BYTES] = { "IN_BYTES", NLP_U64 },
	[IPSECDP_MIB_OUT_PACKETS] = { "OUT_PACKETS", NLP_U64 },
	[IPSECDP_MIB_OUT_BYTES] = { "OUT_BYTES", NLP_U64 },
	[IPSECDP_MIB_IN_STATE_MISMATCH] = { "IN_STATE_MISMATCH", NLP_U64 },
	[IPSECDP_MIB_IN_ENCAP_KEEPALIVE] = { "IN_ENCAP_KEEPALIVE", NLP_U64 },
	[IPSECDP_MIB_IN_ENCAP_ERROR] = { "IN_ENCAP_ERROR", NLP_U64 },
};

static const struct nlp_set nlp_set_mib = { IPSECDP_MIB_MAX, nlp_mib_attrs };

static const struct nlp_attr nlp_flow_attrs[IPSECDP_FLOW_A_MAX + 1] = {
	[IPSECDP_FLOW_A_FAMILY] = { "FAMILY", NLP_FAMILY },
	[IPSECDP_FLOW_A_SRC] = { "SRC", NLP_ADDR },
	[IPSECDP_FLOW_A_DST] = { "DST", NLP_ADDR },
	[IPSECDP_FLOW_A_PROTO] = { "PROTO", NLP_U8 },
	[IPSECDP_FLOW_A_SPORT] = { "SPORT", NLP_U16 },
	[IPSECDP_FLOW_A_DPORT] = { "DPORT", NLP_U16 },
};

static const struct nlp_set nlp_set_flow = { IPSECDP_FLOW_A_MAX, nlp_flow_attrs };

static const struct nlp_attr nlp_ipsecdp_attrs[IPSECDP_A_MAX + 1] = {
	[IPSECDP_A_SA] = { "SA", NLP_NEST, &nlp_set_sa },
	[IPSECDP_A_POLICY] = { "POLICY", NLP_NEST, &nlp_set_pol },
	[IPSECDP_A_STATS] = { "STATS", NLP_NEST, &nlp_set_mib },
	[IPSECDP_A_HARD] = { "HARD", NLP_U8 },
	[IPSECDP_A_MATCH] = { "MATCH", NLP_U8 },
	[IPSECDP_A_BATCH] = { "BATCH", NLP_FLAG },
	[IPSECDP_A_BATCH_INDEX] = { "BATCH_INDEX", NLP_U32 },
	[IPSECDP_A_BATCH_MSG] = { "BATCH_MSG", NLP_STR },
	[IPSECDP_A_KEYS] = { "KEYS", NLP_FLAG },
	[IPSECDP_A_FLOW] = { "FLOW", NLP_NEST, &nlp_set_flow },
	[IPSECDP_A_SA_COUNT] = { "SA_COUNT", NLP_U32 },
	[IPSECDP_A_POLICY_COUNT] = { "POLICY_COUNT", NLP_U32 },
};

const struct nlp_set nlp_set_ipsecdp = { IPSECDP_A_MAX, nlp_ipsecdp_attrs };

const char * const nlp_cmd_names[IPSECDP_CMD_MAX + 1] = {
	[IPSECDP_CMD_SA_ADD] = "SA_ADD",
	[IPSECDP_CMD_SA_DEL] = "SA_DEL",
	[IPSECDP_CMD_SA_GET] = "SA_GET",
	[IPSECDP_CMD_SA_FLUSH] = "SA_FLUSH",
	[IPSECDP_CMD_POLICY_ADD] = "POLICY_ADD",
	[IPSECDP_CMD_POLICY_DEL] = "POLICY_DEL",
	[IPSECDP_CMD_POLICY_GET] = "POLICY_GET",
	[IPSECDP_CMD_POLICY_FLUSH] = "POLICY_FLUSH",
	[IPSECDP_CMD_STATS_GET] = "STATS_GET",
	[IPSECDP_CMD_SA_EXPIRE] = "SA_EXPIRE",
	[IPSECDP_CMD_ACQUIRE] = "ACQUIRE",
	[IPSECDP_CMD_POLICY_MATCH] = "POLICY_MATCH",
	[IPSECDP_CMD_BATCH_BEGIN] = "BATCH_BEGIN",
	[IPSECDP_CMD_BATCH_COMMIT] = "BATCH_COMMIT",
	[IPSECDP_CMD_BATCH_ABORT] = "BATCH_ABORT",
	[IPSECDP_CMD_SA_UPDATE] = "SA_UPDATE",
	[IPSECDP_CMD_POLICY_UPDATE] = "POLICY_UPDATE",
};
