/* SPDX-License-Identifier: GPL-2.0 */
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
/*
 * Names of enum ipsecdp_mib, the first word of each counter's doc in
 * the spec: /proc/net/ipsecdp_stat (core/stats.c) and ipsecctl stats.
 */
#ifndef _IPSECDP_MIB_NAMES_H
#define _IPSECDP_MIB_NAMES_H

static const char * const ipsecdp_mib_names[__IPSECDP_MIB_MAX] = {
	[IPSECDP_MIB_IN_ERROR] = "InError",
	[IPSECDP_MIB_IN_BUFFER_ERROR] = "InBufferError",
	[IPSECDP_MIB_IN_HDR_ERROR] = "InHdrError",
	[IPSECDP_MIB_IN_NO_STATES] = "InNoStates",
	[IPSECDP_MIB_IN_STATE_PROTO_ERROR] = "InStateProtoError",
	[IPSECDP_MIB_IN_STATE_MODE_ERROR] = "InStateModeError",
	[IPSECDP_MIB_IN_STATE_SEQ_ERROR] = "InStateSeqError",
	[IPSECDP_MIB_IN_STATE_EXPIRED] = "InStateExpired",
	[IPSECDP_MIB_IN_TMPL_MISMATCH] = "InTmplMismatch",
	[IPSECDP_MIB_IN_NO_POLS] = "InNoPols",
	[IPSECDP_MIB_IN_POL_BLOCK] = "InPolBlock",
	[IPSECDP_MIB_OUT_ERROR] = "OutError",
	[IPSECDP_MIB_OUT_NO_STATES] = "OutNoStates",
	[IPSECDP_MIB_OUT_STATE_PROTO_ERROR] = "OutStateProtoError",
	[IPSECDP_MIB_OUT_STATE_SEQ_ERROR] = "OutStateSeqError",
	[IPSECDP_MIB_OUT_STATE_EXPIRED] = "OutStateExpired",
	[IPSECDP_MIB_OUT_POL_BLOCK] = "OutPolBlock",
	[IPSECDP_MIB_IN_PACKETS] = "InPackets",
	[IPSECDP_MIB_IN_BYTES] = "InBytes",
	[IPSECDP_MIB_OUT_PACKETS] = "OutPackets",
	[IPSECDP_MIB_OUT_BYTES] = "OutBytes",
	[IPSECDP_MIB_IN_STATE_MISMATCH] = "InStateMismatch",
	[IPSECDP_MIB_IN_ENCAP_KEEPALIVE] = "InEncapKeepalive",
	[IPSECDP_MIB_IN_ENCAP_ERROR] = "InEncapError",
};

#endif /* _IPSECDP_MIB_NAMES_H */
