/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * ipsecdp: generic netlink API of the ipsecdp IPsec datapath.
 *
 * Shared by the kernel module and by ipsecctl. All integers are in host
 * byte order except SPIs, which are carried as NLA_U32 in host order too
 * (the kernel converts). Addresses are raw binary attributes of 4 (IPv4)
 * or 16 (IPv6) bytes in network byte order; their length must match the
 * family attribute of the same nest.
 */
#ifndef _UAPI_LINUX_IPSECDP_H
#define _UAPI_LINUX_IPSECDP_H

#include <linux/types.h>

#define IPSECDP_GENL_NAME	"ipsecdp"
#define IPSECDP_GENL_VERSION	1
#define IPSECDP_MCGRP_EVENTS	"events"

#define IPSECDP_ALG_NAME_MAX	64	/* incl. NUL, like CRYPTO_MAX_ALG_NAME */
#define IPSECDP_KEY_MAX		128	/* bytes */
#define IPSECDP_REPLAY_MAX	4096	/* packets */
#define IPSECDP_MAX_TMPL	2

enum ipsecdp_cmd {
	IPSECDP_CMD_UNSPEC,
	IPSECDP_CMD_SA_ADD,		/* A_SA */
	IPSECDP_CMD_SA_DEL,		/* A_SA: family, dst, proto, spi */
	IPSECDP_CMD_SA_GET,		/* do: A_SA key; dump: all SAs */
	IPSECDP_CMD_SA_FLUSH,		/* optional A_SA with only proto */
	IPSECDP_CMD_POLICY_ADD,		/* A_POLICY */
	IPSECDP_CMD_POLICY_DEL,		/* A_POLICY: selector + dir */
	IPSECDP_CMD_POLICY_GET,		/* dump: all policies */
	IPSECDP_CMD_POLICY_FLUSH,
	IPSECDP_CMD_STATS_GET,		/* reply: A_STATS */
	IPSECDP_CMD_SA_EXPIRE,		/* event: A_SA + A_HARD */
	IPSECDP_CMD_ACQUIRE,		/* event: A_POLICY + A_FLOW of packet */
	/*
	 * A_POLICY describing a packet: family, src, dst (full addresses),
	 * proto, sport_min = source port (ICMP type), dport_min =
	 * destination port (ICMP code), dir. Reply: A_MATCH, plus A_POLICY
	 * (the policy the datapath would apply) and A_SA (the SA of its
	 * first template) when there are.
	 */
	IPSECDP_CMD_POLICY_MATCH,
	/*
	 * Atomic batches. BEGIN opens a batch for the sending socket; SA and
	 * policy add / del / flush requests carrying A_BATCH are then only
	 * checked and staged; COMMIT applies them all or none; ABORT (or
	 * closing the socket, or 120 s without a request) drops them.
	 * A failed COMMIT first replies A_BATCH_INDEX (0-based, in staging
	 * order) and A_BATCH_MSG, then the error.
	 */
	IPSECDP_CMD_BATCH_BEGIN,
	IPSECDP_CMD_BATCH_COMMIT,
	IPSECDP_CMD_BATCH_ABORT,
	/*
	 * Replace an existing SA (same dst, proto, spi) or policy (same
	 * selector and dir) in one step: -ENOENT if there is none. Lookups
	 * see either the old or the new object, never neither.
	 */
	IPSECDP_CMD_SA_UPDATE,		/* A_SA, as SA_ADD */
	IPSECDP_CMD_POLICY_UPDATE,	/* A_POLICY, as POLICY_ADD */
	__IPSECDP_CMD_MAX,
};

#define IPSECDP_CMD_MAX (__IPSECDP_CMD_MAX - 1)

enum ipsecdp_attr {
	IPSECDP_A_UNSPEC,
	IPSECDP_A_SA,			/* nest: enum ipsecdp_sa_attr */
	IPSECDP_A_POLICY,		/* nest: enum ipsecdp_pol_attr */
	IPSECDP_A_STATS,		/* nest: enum ipsecdp_mib, u64 each */
	IPSECDP_A_HARD,			/* u8: expire event is hard */
	IPSECDP_A_PAD,
	IPSECDP_A_MATCH,		/* u8: enum ipsecdp_match */
	IPSECDP_A_BATCH,		/* flag: stage in the open batch */
	IPSECDP_A_BATCH_INDEX,		/* u32: failing batch entry */
	IPSECDP_A_BATCH_MSG,		/* string: why it failed */
	IPSECDP_A_KEYS,			/* flag: SA_GET dump includes keys */
	IPSECDP_A_FLOW,			/* nest: enum ipsecdp_flow_attr (acquire) */
	IPSECDP_A_SA_COUNT,		/* u32: SAs in the namespace (STATS_GET) */
	IPSECDP_A_POLICY_COUNT,		/* u32: policies (STATS_GET) */
	__IPSECDP_A_MAX,
};

#define IPSECDP_A_MAX (__IPSECDP_A_MAX - 1)

/*
 * The packet that triggered an acquire (IPSECDP_A_FLOW). Ports are only
 * present for protocols that have them; for ICMP they are type and code.
 */
enum ipsecdp_flow_attr {
	IPSECDP_FLOW_A_UNSPEC,
	IPSECDP_FLOW_A_FAMILY,		/* u16: AF_INET / AF_INET6 */
	IPSECDP_FLOW_A_SRC,		/* binary 4/16 */
	IPSECDP_FLOW_A_DST,		/* binary 4/16 */
	IPSECDP_FLOW_A_PROTO,		/* u8 */
	IPSECDP_FLOW_A_SPORT,		/* u16 (ICMP: type) */
	IPSECDP_FLOW_A_DPORT,		/* u16 (ICMP: code) */
	__IPSECDP_FLOW_A_MAX,
};

#define IPSECDP_FLOW_A_MAX (__IPSECDP_FLOW_A_MAX - 1)

enum ipsecdp_mode {
	IPSECDP_MODE_TRANSPORT,
	IPSECDP_MODE_TUNNEL,
};

/* SA flags (IPSECDP_SA_A_FLAGS) */
#define IPSECDP_SA_F_ESN	(1U << 0)
/* AH over IPv4: pad the header to 32 bits, not 64 (ip xfrm "flag align4") */
#define IPSECDP_SA_F_ALIGN4	(1U << 1)

enum ipsecdp_sa_attr {
	IPSECDP_SA_A_UNSPEC,
	IPSECDP_SA_A_FAMILY,		/* u16: AF_INET / AF_INET6 */
	IPSECDP_SA_A_SRC,		/* binary 4/16 */
	IPSECDP_SA_A_DST,		/* binary 4/16 */
	IPSECDP_SA_A_PROTO,		/* u8: IPPROTO_ESP / IPPROTO_AH */
	IPSECDP_SA_A_SPI,		/* u32 */
	IPSECDP_SA_A_MODE,		/* u8: enum ipsecdp_mode */
	IPSECDP_SA_A_REPLAY_WINDOW,	/* u32: packets, 0..IPSECDP_REPLAY_MAX */
	IPSECDP_SA_A_FLAGS,		/* u32: IPSECDP_SA_F_* */
	IPSECDP_SA_A_AEAD,		/* nest: enum ipsecdp_alg_attr */
	IPSECDP_SA_A_ENC,		/* nest: enum ipsecdp_alg_attr */
	IPSECDP_SA_A_AUTH,		/* nest: enum ipsecdp_alg_attr */
	IPSECDP_SA_A_REPLAY_SEQ,	/* u64: highest inbound seq seen */
	IPSECDP_SA_A_REPLAY_OSEQ,	/* u64: last outbound seq sent */
	IPSECDP_SA_A_LIFETIME,		/* nest: enum ipsecdp_lft_attr */
	IPSECDP_SA_A_CURLFT,		/* nest: enum ipsecdp_lft_attr (dump) */
	IPSECDP_SA_A_STATS,		/* nest: enum ipsecdp_sa_stat (dump) */
	IPSECDP_SA_A_PAD,
	__IPSECDP_SA_A_MAX,
};

#define IPSECDP_SA_A_MAX (__IPSECDP_SA_A_MAX - 1)

enum ipsecdp_alg_attr {
	IPSECDP_ALG_A_UNSPEC,
	IPSECDP_ALG_A_NAME,		/* string, crypto API name */
	IPSECDP_ALG_A_KEY,		/* binary (AEAD: key followed by salt) */
	IPSECDP_ALG_A_ICV_BITS,		/* u32: ICV / truncation length */
	__IPSECDP_ALG_A_MAX,
};

#define IPSECDP_ALG_A_MAX (__IPSECDP_ALG_A_MAX - 1)

enum ipsecdp_lft_attr {
	IPSECDP_LFT_A_UNSPEC,
	IPSECDP_LFT_A_SOFT_BYTES,	/* u64 */
	IPSECDP_LFT_A_HARD_BYTES,	/* u64 */
	IPSECDP_LFT_A_SOFT_PACKETS,	/* u64 */
	IPSECDP_LFT_A_HARD_PACKETS,	/* u64 */
	IPSECDP_LFT_A_SOFT_SECS,	/* u64: seconds after add */
	IPSECDP_LFT_A_HARD_SECS,	/* u64 */
	IPSECDP_LFT_A_BYTES,		/* u64: current (CURLFT only) */
	IPSECDP_LFT_A_PACKETS,		/* u64: current (CURLFT only) */
	IPSECDP_LFT_A_ADD_TIME,		/* u64: wall-clock secs (CURLFT only) */
	IPSECDP_LFT_A_PAD,
	__IPSECDP_LFT_A_MAX,
};

#define IPSECDP_LFT_A_MAX (__IPSECDP_LFT_A_MAX - 1)

enum ipsecdp_sa_stat {
	IPSECDP_SA_STAT_UNSPEC,
	IPSECDP_SA_STAT_IN_PACKETS,
	IPSECDP_SA_STAT_IN_BYTES,
	IPSECDP_SA_STAT_OUT_PACKETS,
	IPSECDP_SA_STAT_OUT_BYTES,
	IPSECDP_SA_STAT_REPLAY,		/* inbound replay drops */
	IPSECDP_SA_STAT_INTEGRITY,	/* inbound ICV failures */
	IPSECDP_SA_STAT_PAD,
	__IPSECDP_SA_STAT_MAX,
};

#define IPSECDP_SA_STAT_MAX (__IPSECDP_SA_STAT_MAX - 1)

enum ipsecdp_dir {
	IPSECDP_DIR_IN,
	IPSECDP_DIR_OUT,
	IPSECDP_DIR_FWD,
	__IPSECDP_DIR_MAX,
};

enum ipsecdp_action {
	IPSECDP_ACTION_ALLOW,		/* protect with templates, or bypass */
	IPSECDP_ACTION_BLOCK,		/* discard */
};

/* IPSECDP_CMD_POLICY_MATCH verdict (IPSECDP_A_MATCH). */
enum ipsecdp_match {
	IPSECDP_MATCH_NONE,		/* no policy: in clear */
	IPSECDP_MATCH_BYPASS,		/* allow without templates: in clear */
	IPSECDP_MATCH_BLOCK,		/* discarded */
	IPSECDP_MATCH_PROTECT,		/* protected by the SA given */
	IPSECDP_MATCH_NO_SA,		/* protect, no SA: dropped */
	IPSECDP_MATCH_NO_SA_USE,	/* protect (level use), no SA: clear */
};

enum ipsecdp_level {
	IPSECDP_LEVEL_REQUIRED,
	IPSECDP_LEVEL_USE,
};

enum ipsecdp_pol_attr {
	IPSECDP_POL_A_UNSPEC,
	IPSECDP_POL_A_FAMILY,		/* u16: selector family */
	IPSECDP_POL_A_DIR,		/* u8: enum ipsecdp_dir */
	IPSECDP_POL_A_PRIORITY,		/* u32: lower value wins */
	IPSECDP_POL_A_ACTION,		/* u8: enum ipsecdp_action */
	IPSECDP_POL_A_SRC,		/* binary 4/16 */
	IPSECDP_POL_A_SRC_PLEN,		/* u8 */
	IPSECDP_POL_A_DST,		/* binary 4/16 */
	IPSECDP_POL_A_DST_PLEN,		/* u8 */
	IPSECDP_POL_A_PROTO,		/* u8: 0 = any */
	IPSECDP_POL_A_SPORT_MIN,	/* u16 (ICMP: type) */
	IPSECDP_POL_A_SPORT_MAX,	/* u16 */
	IPSECDP_POL_A_DPORT_MIN,	/* u16 (ICMP: code) */
	IPSECDP_POL_A_DPORT_MAX,	/* u16 */
	IPSECDP_POL_A_TMPL,		/* nest, repeated: enum ipsecdp_tmpl_attr */
	IPSECDP_POL_A_INDEX,		/* u32: kernel-assigned id (dump) */
	IPSECDP_POL_A_STATS,		/* nest: enum ipsecdp_pol_stat (dump) */
	IPSECDP_POL_A_PAD,
	__IPSECDP_POL_A_MAX,
};

#define IPSECDP_POL_A_MAX (__IPSECDP_POL_A_MAX - 1)

/*
 * Which upper-layer protocols have ports, the one definition that the
 * kernel (selectors it accepts, packets it classifies, acquire events)
 * and ipsecctl share. As XFRM's decode_session: TCP, UDP, UDP-Lite, SCTP
 * and DCCP, whose header starts with the source and destination ports.
 * ICMP and ICMPv6 put type and code in the port fields (selectors' SPORT
 * and DPORT, flows'). Any other protocol takes no port or type selector:
 * its packets have none. Numbers, not IPPROTO_* names, so that this
 * header needs no <linux/in.h> (which clashes with the C library's).
 */
static inline int ipsecdp_proto_has_ports(__u8 proto)
{
	switch (proto) {
	case 6:		/* IPPROTO_TCP */
	case 17:	/* IPPROTO_UDP */
	case 33:	/* IPPROTO_DCCP */
	case 132:	/* IPPROTO_SCTP */
	case 136:	/* IPPROTO_UDPLITE */
		return 1;
	}
	return 0;
}

static inline int ipsecdp_proto_has_type_code(__u8 proto)
{
	return proto == 1 /* IPPROTO_ICMP */ || proto == 58 /* IPPROTO_ICMPV6 */;
}

enum ipsecdp_tmpl_attr {
	IPSECDP_TMPL_A_UNSPEC,
	IPSECDP_TMPL_A_FAMILY,		/* u16: family of SRC/DST if given */
	IPSECDP_TMPL_A_SRC,		/* binary 4/16 (optional) */
	IPSECDP_TMPL_A_DST,		/* binary 4/16 (optional) */
	IPSECDP_TMPL_A_PROTO,		/* u8: IPPROTO_ESP / IPPROTO_AH */
	IPSECDP_TMPL_A_MODE,		/* u8: enum ipsecdp_mode */
	IPSECDP_TMPL_A_SPI,		/* u32 (optional) */
	IPSECDP_TMPL_A_LEVEL,		/* u8: enum ipsecdp_level */
	__IPSECDP_TMPL_A_MAX,
};

#define IPSECDP_TMPL_A_MAX (__IPSECDP_TMPL_A_MAX - 1)

enum ipsecdp_pol_stat {
	IPSECDP_POL_STAT_UNSPEC,
	IPSECDP_POL_STAT_PACKETS,
	IPSECDP_POL_STAT_BYTES,
	IPSECDP_POL_STAT_PAD,
	__IPSECDP_POL_STAT_MAX,
};

#define IPSECDP_POL_STAT_MAX (__IPSECDP_POL_STAT_MAX - 1)

/*
 * Per-namespace counters, IPSECDP_A_STATS nest: attribute type is the
 * enum value, payload u64. Names and meanings follow /proc/net/xfrm_stat
 * without the "Xfrm" prefix (see Documentation/netlink.rst), and an
 * error counts where XFRM counts it: a bad ESP trailer after decryption
 * (pad length, padding bytes) and, once the SA is known, an AH length
 * that is not the SA's are InStateProtoError, as every error of XFRM's
 * esp_input()/ah_input() is. /proc/net/ipsecdp_stat shows the same
 * counters, "Name<tab>value" as /proc/net/xfrm_stat, with these names.
 */
enum ipsecdp_mib {
	IPSECDP_MIB_UNSPEC,
	IPSECDP_MIB_IN_ERROR,		/* InError: other inbound error */
	IPSECDP_MIB_IN_BUFFER_ERROR,	/* InBufferError: no memory */
	IPSECDP_MIB_IN_HDR_ERROR,	/* InHdrError: too short, misaligned */
	IPSECDP_MIB_IN_NO_STATES,	/* InNoStates: no SA for SPI */
	IPSECDP_MIB_IN_STATE_PROTO_ERROR, /* InStateProtoError: ICV, ESP trailer, AH length */
	IPSECDP_MIB_IN_STATE_MODE_ERROR, /* InStateModeError */
	IPSECDP_MIB_IN_STATE_SEQ_ERROR,	/* InStateSeqError: replay */
	IPSECDP_MIB_IN_STATE_EXPIRED,	/* InStateExpired */
	IPSECDP_MIB_IN_TMPL_MISMATCH,	/* InTmplMismatch */
	IPSECDP_MIB_IN_NO_POLS,		/* InNoPols */
	IPSECDP_MIB_IN_POL_BLOCK,	/* InPolBlock */
	IPSECDP_MIB_OUT_ERROR,		/* OutError */
	IPSECDP_MIB_OUT_NO_STATES,	/* OutNoStates */
	IPSECDP_MIB_OUT_STATE_PROTO_ERROR, /* OutStateProtoError */
	IPSECDP_MIB_OUT_STATE_SEQ_ERROR, /* OutStateSeqError: seq exhausted */
	IPSECDP_MIB_OUT_STATE_EXPIRED,	/* OutStateExpired */
	IPSECDP_MIB_OUT_POL_BLOCK,	/* OutPolBlock */
	IPSECDP_MIB_IN_PACKETS,		/* InPackets: ESP/AH accepted */
	IPSECDP_MIB_IN_BYTES,		/* InBytes */
	IPSECDP_MIB_OUT_PACKETS,	/* OutPackets: ESP/AH sent */
	IPSECDP_MIB_OUT_BYTES,		/* OutBytes */
	IPSECDP_MIB_IN_STATE_MISMATCH,	/* InStateMismatch: SA does not match the packet */
	IPSECDP_MIB_PAD,
	__IPSECDP_MIB_MAX,
};

#define IPSECDP_MIB_MAX (__IPSECDP_MIB_MAX - 1)

#endif /* _UAPI_LINUX_IPSECDP_H */
