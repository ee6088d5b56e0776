// SPDX-License-Identifier: GPL-2.0
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
#include "nlprint_gen.h"

/* [IPSECDP_SA_A_SPI] = { "SPI", NLP_SPI }: NLP(SA_A_, SPI, SPI) */
#define NLP(pre, a, t) \
	[IPSECDP_##pre##a] = { #a, NLP_##t }
#define NLP_NEST(pre, a, set) \
	[IPSECDP_##pre##a] = { #a, NLP_NEST, &nlp_set_##set }

static const struct nlp_attr nlp_alg_attrs[IPSECDP_ALG_A_MAX + 1] = {
	NLP(ALG_A_, NAME, STR), NLP(ALG_A_, KEY, BIN), NLP(ALG_A_, ICV_BITS, U32),
};

static const struct nlp_set nlp_set_alg = { IPSECDP_ALG_A_MAX, nlp_alg_attrs };

static const struct nlp_attr nlp_lft_attrs[IPSECDP_LFT_A_MAX + 1] = {
	NLP(LFT_A_, SOFT_BYTES, U64), NLP(LFT_A_, HARD_BYTES, U64), NLP(LFT_A_, SOFT_PACKETS, U64),
	NLP(LFT_A_, HARD_PACKETS, U64), NLP(LFT_A_, SOFT_SECS, U64), NLP(LFT_A_, HARD_SECS, U64),
	NLP(LFT_A_, BYTES, U64), NLP(LFT_A_, PACKETS, U64), NLP(LFT_A_, ADD_TIME, U64),
};

static const struct nlp_set nlp_set_lft = { IPSECDP_LFT_A_MAX, nlp_lft_attrs };

static const struct nlp_attr nlp_sa_stat_attrs[IPSECDP_SA_STAT_MAX + 1] = {
	NLP(SA_STAT_, IN_PACKETS, U64), NLP(SA_STAT_, IN_BYTES, U64),
	NLP(SA_STAT_, OUT_PACKETS, U64), NLP(SA_STAT_, OUT_BYTES, U64), NLP(SA_STAT_, REPLAY, U64),
	NLP(SA_STAT_, INTEGRITY, U64),
};

static const struct nlp_set nlp_set_sa_stat = { IPSECDP_SA_STAT_MAX, nlp_sa_stat_attrs };

static const struct nlp_attr nlp_encap_attrs[IPSECDP_ENCAP_A_MAX + 1] = {
	NLP(ENCAP_A_, TYPE, U16), NLP(ENCAP_A_, SPORT, U16), NLP(ENCAP_A_, DPORT, U16),
	NLP(ENCAP_A_, OA, BIN),
};

static const struct nlp_set nlp_set_encap = { IPSECDP_ENCAP_A_MAX, nlp_encap_attrs };

static const struct nlp_attr nlp_sa_attrs[IPSECDP_SA_A_MAX + 1] = {
	NLP(SA_A_, FAMILY, FAMILY), NLP(SA_A_, SRC, ADDR), NLP(SA_A_, DST, ADDR),
	NLP(SA_A_, PROTO, U8), NLP(SA_A_, SPI, SPI), NLP(SA_A_, MODE, U8),
	NLP(SA_A_, REPLAY_WINDOW, U32), NLP(SA_A_, FLAGS, U32), NLP_NEST(SA_A_, AEAD, alg),
	NLP_NEST(SA_A_, ENC, alg), NLP_NEST(SA_A_, AUTH, alg), NLP(SA_A_, REPLAY_SEQ, U64),
	NLP(SA_A_, REPLAY_OSEQ, U64), NLP_NEST(SA_A_, LIFETIME, lft), NLP_NEST(SA_A_, CURLFT, lft),
	NLP_NEST(SA_A_, STATS, sa_stat), NLP_NEST(SA_A_, ENCAP, encap), NLP(SA_A_, PCPU_NUM, U32),
};

static const struct nlp_set nlp_set_sa = { IPSECDP_SA_A_MAX, nlp_sa_attrs };

static const struct nlp_attr nlp_tmpl_attrs[IPSECDP_TMPL_A_MAX + 1] = {
	NLP(TMPL_A_, FAMILY, FAMILY), NLP(TMPL_A_, SRC, ADDR), NLP(TMPL_A_, DST, ADDR),
	NLP(TMPL_A_, PROTO, U8), NLP(TMPL_A_, MODE, U8), NLP(TMPL_A_, SPI, SPI),
	NLP(TMPL_A_, LEVEL, U8),
};

static const struct nlp_set nlp_set_tmpl = { IPSECDP_TMPL_A_MAX, nlp_tmpl_attrs };

static const struct nlp_attr nlp_pol_stat_attrs[IPSECDP_POL_STAT_MAX + 1] = {
	NLP(POL_STAT_, PACKETS, U64), NLP(POL_STAT_, BYTES, U64),
};

static const struct nlp_set nlp_set_pol_stat = { IPSECDP_POL_STAT_MAX, nlp_pol_stat_attrs };

static const struct nlp_attr nlp_pol_attrs[IPSECDP_POL_A_MAX + 1] = {
	NLP(POL_A_, FAMILY, FAMILY), NLP(POL_A_, DIR, U8), NLP(POL_A_, PRIORITY, U32),
	NLP(POL_A_, ACTION, U8), NLP(POL_A_, SRC, ADDR), NLP(POL_A_, SRC_PLEN, U8),
	NLP(POL_A_, DST, ADDR), NLP(POL_A_, DST_PLEN, U8), NLP(POL_A_, PROTO, U8),
	NLP(POL_A_, SPORT_MIN, U16), NLP(POL_A_, SPORT_MAX, U16), NLP(POL_A_, DPORT_MIN, U16),
	NLP(POL_A_, DPORT_MAX, U16), NLP_NEST(POL_A_, TMPL, tmpl), NLP(POL_A_, INDEX, U32),
	NLP_NEST(POL_A_, STATS, pol_stat), NLP(POL_A_, FLAGS, U32),
};

static const struct nlp_set nlp_set_pol = { IPSECDP_POL_A_MAX, nlp_pol_attrs };

static const struct nlp_attr nlp_mib_attrs[IPSECDP_MIB_MAX + 1] = {
	NLP(MIB_, IN_ERROR, U64), NLP(MIB_, IN_BUFFER_ERROR, U64), NLP(MIB_, IN_HDR_ERROR, U64),
	NLP(MIB_, IN_NO_STATES, U64), NLP(MIB_, IN_STATE_PROTO_ERROR, U64),
	NLP(MIB_, IN_STATE_MODE_ERROR, U64), NLP(MIB_, IN_STATE_SEQ_ERROR, U64),
	NLP(MIB_, IN_STATE_EXPIRED, U64), NLP(MIB_, IN_TMPL_MISMATCH, U64),
	NLP(MIB_, IN_NO_POLS, U64), NLP(MIB_, IN_POL_BLOCK, U64), NLP(MIB_, OUT_ERROR, U64),
	NLP(MIB_, OUT_NO_STATES, U64), NLP(MIB_, OUT_STATE_PROTO_ERROR, U64),
	NLP(MIB_, OUT_STATE_SEQ_ERROR, U64), NLP(MIB_, OUT_STATE_EXPIRED, U64),
	NLP(MIB_, OUT_POL_BLOCK, U64), NLP(MIB_, IN_PACKETS, U64), NLP(MIB_, IN_BYTES, U64),
	NLP(MIB_, OUT_PACKETS, U64), NLP(MIB_, OUT_BYTES, U64), NLP(MIB_, IN_STATE_MISMATCH, U64),
	NLP(MIB_, IN_ENCAP_KEEPALIVE, U64), NLP(MIB_, IN_ENCAP_ERROR, U64),
};

static const struct nlp_set nlp_set_mib = { IPSECDP_MIB_MAX, nlp_mib_attrs };

static const struct nlp_attr nlp_flow_attrs[IPSECDP_FLOW_A_MAX + 1] = {
	NLP(FLOW_A_, FAMILY, FAMILY), NLP(FLOW_A_, SRC, ADDR), NLP(FLOW_A_, DST, ADDR),
	NLP(FLOW_A_, PROTO, U8), NLP(FLOW_A_, SPORT, U16), NLP(FLOW_A_, DPORT, U16),
};

static const struct nlp_set nlp_set_flow = { IPSECDP_FLOW_A_MAX, nlp_flow_attrs };

static const struct nlp_attr nlp_ipsecdp_attrs[IPSECDP_A_MAX + 1] = {
	NLP_NEST(A_, SA, sa), NLP_NEST(A_, POLICY, pol), NLP_NEST(A_, STATS, mib),
	NLP(A_, HARD, U8), NLP(A_, MATCH, U8), NLP(A_, BATCH, FLAG), NLP(A_, BATCH_INDEX, U32),
	NLP(A_, BATCH_MSG, STR), NLP(A_, KEYS, FLAG), NLP_NEST(A_, FLOW, flow),
	NLP(A_, SA_COUNT, U32), NLP(A_, POLICY_COUNT, U32), NLP(A_, PCPU_NUM, U32),
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
