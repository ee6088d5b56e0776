/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/* Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py. */
/*
 * IPsec datapath (ESP, AH) beside XFRM: security associations (SAD),
 * security policies (SPD), counters, atomic configuration batches and
 * events, per network namespace. Every command needs CAP_NET_ADMIN in
 * the user namespace that owns the socket's network namespace.
 * Integers are in host byte order, SPIs included; addresses are raw 4
 * (AF_INET) or 16 (AF_INET6) bytes in network byte order, their length
 * given by the family attribute of the same nest.
 */
#ifndef _UAPI_LINUX_IPSECDP_H
#define _UAPI_LINUX_IPSECDP_H

#include <linux/types.h>

#define IPSECDP_GENL_NAME	"ipsecdp"
#define IPSECDP_GENL_VERSION	1
#define IPSECDP_MCGRP_EVENTS	"events"

/* Size of an algorithm name buffer, NUL included (CRYPTO_MAX_ALG_NAME). */
#define IPSECDP_ALG_NAME_MAX	64
/* Longest key in bytes (AEAD keys include their salt). */
#define IPSECDP_KEY_MAX	128
/* Largest anti-replay window, in packets. */
#define IPSECDP_REPLAY_MAX	4096
/* Templates per policy (a bundle of two SAs at most). */
#define IPSECDP_MAX_TMPL	2

enum ipsecdp_mode {
	IPSECDP_MODE_TRANSPORT,
	IPSECDP_MODE_TUNNEL,
};

/*
 * UDP encapsulation of ESP; the values are XFRM's (linux/udp.h
 * UDP_ENCAP_*).
 */
enum ipsecdp_encap_type {
	/* ESP in UDP (RFC 3948), the non-ESP marker for IKE; port 4500. */
	IPSECDP_ENCAP_TYPE_ESPINUDP = 2,
};

/* SA flags (sa.flags); defines in the uAPI header. */
/* 64-bit extended sequence numbers (RFC 4303 section 2.2.1). */
#define IPSECDP_SA_F_ESN	(1U << 0)
/*
 * AH over IPv4 only: the header padded to 32 bits instead of 64
 * (RFC 4302 section 2.6 allows both; ip xfrm "flag align4").
 */
#define IPSECDP_SA_F_ALIGN4	(1U << 1)

/* Policy flags (pol.flags); defines in the uAPI header. */
/*
 * Outbound: a packet whose templates found SAs, but not the
 * per-CPU SAs of the CPU sending it (pcpu-num), goes out on them
 * and raises an acquire event naming that CPU (pcpu-num), so that
 * a keying daemon can negotiate an SA for that CPU (RFC 9611; XFRM's
 * XFRM_POLICY_CPU_ACQUIRE).
 */
#define IPSECDP_POL_F_CPU_ACQUIRE	(1U << 0)

enum ipsecdp_dir {
	IPSECDP_DIR_IN,
	IPSECDP_DIR_OUT,
	IPSECDP_DIR_FWD,
	__IPSECDP_DIR_MAX,
};

enum ipsecdp_action {
	IPSECDP_ACTION_ALLOW,		/* Protect with the templates, or bypass (no template). */
	IPSECDP_ACTION_BLOCK,		/* Discard. */
};

/* Verdict of policy-match. */
enum ipsecdp_match {
	IPSECDP_MATCH_NONE,		/* No policy; the packet passes in clear. */
	IPSECDP_MATCH_BYPASS,		/* Allow policy without templates; in clear. */
	IPSECDP_MATCH_BLOCK,		/* Block policy; discarded. */
	IPSECDP_MATCH_PROTECT,		/* Protected by the SA given in the reply. */
	IPSECDP_MATCH_NO_SA,		/* Protect policy without an SA; dropped (acquire event). */
	/* Protect policy of level use without an SA; sent in clear. */
	IPSECDP_MATCH_NO_SA_USE,
};

enum ipsecdp_level {
	IPSECDP_LEVEL_REQUIRED,		/* No SA, no packet. */
	IPSECDP_LEVEL_USE,		/* Use an SA when there is one, else send in clear. */
};

/* Top-level attributes of every message. */
enum ipsecdp_attr {
	IPSECDP_A_UNSPEC,
	IPSECDP_A_SA,
	IPSECDP_A_POLICY,
	IPSECDP_A_STATS,		/* Namespace counters (stats-get reply). */
	/* sa-expire event only; 1 for a hard expiry (the SA is gone), 0 for soft. */
	IPSECDP_A_HARD,
	IPSECDP_A_PAD,
	IPSECDP_A_MATCH,		/* policy-match reply only. */
	/*
	 * On sa-add, sa-del, sa-flush, policy-add, policy-del and
	 * policy-flush: check and stage the request in the batch open on
	 * this socket instead of applying it.
	 */
	IPSECDP_A_BATCH,
	/* Failed batch-commit only; 0-based index of the failing entry, in staging order. */
	IPSECDP_A_BATCH_INDEX,
	IPSECDP_A_BATCH_MSG,		/* Failed batch-commit only; why that entry failed. */
	/* On an sa-get dump request; include the keys in the reply. */
	IPSECDP_A_KEYS,
	IPSECDP_A_FLOW,			/* acquire event only; the packet that triggered it. */
	IPSECDP_A_SA_COUNT,		/* stats-get reply; SAs in the namespace. */
	IPSECDP_A_POLICY_COUNT,		/* stats-get reply; policies in the namespace. */
	/*
	 * acquire event only, of a policy with flag cpu-acquire: the CPU
	 * whose per-CPU SA is missing (absent: no SA at all).
	 */
	IPSECDP_A_PCPU_NUM,
	__IPSECDP_A_MAX,
};

#define IPSECDP_A_MAX (__IPSECDP_A_MAX - 1)

/*
 * The packet of an acquire event. Ports only for TCP, UDP, UDP-Lite,
 * SCTP and DCCP; ICMP and ICMPv6 put type and code there.
 */
enum ipsecdp_flow_attr {
	IPSECDP_FLOW_A_UNSPEC,
	IPSECDP_FLOW_A_FAMILY,		/* AF_INET or AF_INET6. */
	IPSECDP_FLOW_A_SRC,
	IPSECDP_FLOW_A_DST,
	IPSECDP_FLOW_A_PROTO,
	IPSECDP_FLOW_A_SPORT,		/* Source port (ICMP type). */
	IPSECDP_FLOW_A_DPORT,		/* Destination port (ICMP code). */
	__IPSECDP_FLOW_A_MAX,
};

#define IPSECDP_FLOW_A_MAX (__IPSECDP_FLOW_A_MAX - 1)

/*
 * A security association. Identity: family, dst, proto, spi (sa-del,
 * sa-get); sa-add also needs src and the algorithms. curlft and stats
 * are only ever sent by the kernel.
 */
enum ipsecdp_sa_attr {
	IPSECDP_SA_A_UNSPEC,
	IPSECDP_SA_A_FAMILY,		/* AF_INET or AF_INET6. */
	IPSECDP_SA_A_SRC,
	IPSECDP_SA_A_DST,
	IPSECDP_SA_A_PROTO,		/* IPPROTO_ESP (50) or IPPROTO_AH (51). */
	/* In host byte order; any value (test vectors use reserved ones). */
	IPSECDP_SA_A_SPI,
	IPSECDP_SA_A_MODE,		/* Default transport. */
	IPSECDP_SA_A_REPLAY_WINDOW,	/* Packets, 0 (no replay protection) to replay-max. */
	IPSECDP_SA_A_FLAGS,
	IPSECDP_SA_A_AEAD,		/* ESP combined-mode algorithm; excludes enc and auth. */
	IPSECDP_SA_A_ENC,		/* ESP cipher, with or without auth. */
	IPSECDP_SA_A_AUTH,		/* Integrity algorithm; the only one for AH. */
	/* Highest inbound sequence number seen (above 2^32 needs esn). */
	IPSECDP_SA_A_REPLAY_SEQ,
	/* Last outbound sequence number sent (above 2^32 needs esn). */
	IPSECDP_SA_A_REPLAY_OSEQ,
	IPSECDP_SA_A_LIFETIME,		/* Soft and hard limits; sent back only when one is set. */
	/* Current bytes, packets and add time (kernel to user only). */
	IPSECDP_SA_A_CURLFT,
	IPSECDP_SA_A_STATS,		/* Per-SA counters (kernel to user only). */
	IPSECDP_SA_A_PAD,
	/*
	 * ESP only: UDP encapsulation (NAT traversal, RFC 3948); the SA's
	 * packets are sent and received in UDP between these ports.
	 */
	IPSECDP_SA_A_ENCAP,
	/*
	 * Per-CPU SA (RFC 9611; ip xfrm state "pcpu-num N"): an outbound
	 * SA that serves only packets sent on this CPU. Among the SAs a
	 * template without an SPI can use, a packet takes the one of its
	 * CPU, else one without pcpu-num (the fallback SA); SAs of other
	 * CPUs are passed over. Below the number of possible CPUs. Sent
	 * back only when set.
	 */
	IPSECDP_SA_A_PCPU_NUM,
	__IPSECDP_SA_A_MAX,
};

#define IPSECDP_SA_A_MAX (__IPSECDP_SA_A_MAX - 1)

/* An algorithm of an SA. */
enum ipsecdp_alg_attr {
	IPSECDP_ALG_A_UNSPEC,
	/* Crypto API name, e.g. "rfc4106(gcm(aes))", "cbc(aes)", "hmac(sha256)". */
	IPSECDP_ALG_A_NAME,
	/*
	 * The key; for an AEAD the key followed by the 4-byte salt. Sent
	 * back only to an sa-get dump that asks with keys.
	 */
	IPSECDP_ALG_A_KEY,
	/*
	 * ICV (truncation) length in bits, a multiple of 8. Required for
	 * ESP's AEAD and integrity algorithms; for AH, 0 or absent takes
	 * the algorithm's RFC length.
	 */
	IPSECDP_ALG_A_ICV_BITS,
	__IPSECDP_ALG_A_MAX,
};

#define IPSECDP_ALG_A_MAX (__IPSECDP_ALG_A_MAX - 1)

/*
 * UDP encapsulation of an SA (ip xfrm state "encap espinudp SPORT
 * DPORT OA"). Ports in host byte order.
 */
enum ipsecdp_encap_attr {
	IPSECDP_ENCAP_A_UNSPEC,
	IPSECDP_ENCAP_A_TYPE,		/* Required; espinudp. */
	IPSECDP_ENCAP_A_SPORT,		/* Source port of the SA's packets; required, not 0. */
	IPSECDP_ENCAP_A_DPORT,		/* Destination port of the SA's packets; required, not 0. */
	/*
	 * Original address of the peer behind the NAT, as the IKE daemon
	 * learnt it (family of the SA, or absent); kept and reported,
	 * unused by the datapath (it trusts the ESP ICV instead of the
	 * inner checksum, see Documentation/nat-traversal.rst).
	 */
	IPSECDP_ENCAP_A_OA,
	__IPSECDP_ENCAP_A_MAX,
};

#define IPSECDP_ENCAP_A_MAX (__IPSECDP_ENCAP_A_MAX - 1)

/*
 * Lifetimes. The six limits configure an SA (0 or 2^64-1: none); the
 * last three are the current values, in curlft only.
 */
enum ipsecdp_lft_attr {
	IPSECDP_LFT_A_UNSPEC,
	IPSECDP_LFT_A_SOFT_BYTES,
	IPSECDP_LFT_A_HARD_BYTES,
	IPSECDP_LFT_A_SOFT_PACKETS,
	IPSECDP_LFT_A_HARD_PACKETS,
	IPSECDP_LFT_A_SOFT_SECS,	/* Seconds after the SA was added. */
	IPSECDP_LFT_A_HARD_SECS,
	IPSECDP_LFT_A_BYTES,
	IPSECDP_LFT_A_PACKETS,
	/* Wall-clock time the SA was added, seconds since the epoch. */
	IPSECDP_LFT_A_ADD_TIME,
	IPSECDP_LFT_A_PAD,
	__IPSECDP_LFT_A_MAX,
};

#define IPSECDP_LFT_A_MAX (__IPSECDP_LFT_A_MAX - 1)

/* Per-SA counters. */
enum ipsecdp_sa_stat {
	IPSECDP_SA_STAT_UNSPEC,
	IPSECDP_SA_STAT_IN_PACKETS,
	IPSECDP_SA_STAT_IN_BYTES,
	IPSECDP_SA_STAT_OUT_PACKETS,
	IPSECDP_SA_STAT_OUT_BYTES,
	IPSECDP_SA_STAT_REPLAY,		/* Inbound packets dropped by the anti-replay window. */
	IPSECDP_SA_STAT_INTEGRITY,	/* Inbound packets whose ICV did not verify. */
	IPSECDP_SA_STAT_PAD,
	__IPSECDP_SA_STAT_MAX,
};

#define IPSECDP_SA_STAT_MAX (__IPSECDP_SA_STAT_MAX - 1)

/*
 * A security policy: direction, selector (family, prefixes, protocol,
 * port ranges), priority, action and up to max-tmpl templates. The
 * selector and the direction are its identity. index and stats are
 * only ever sent by the kernel.
 */
enum ipsecdp_pol_attr {
	IPSECDP_POL_A_UNSPEC,
	IPSECDP_POL_A_FAMILY,		/* Selector family, AF_INET or AF_INET6. */
	IPSECDP_POL_A_DIR,
	/* Lower value wins; on a tie the older policy. Default 0. */
	IPSECDP_POL_A_PRIORITY,
	IPSECDP_POL_A_ACTION,		/* Default allow. */
	/* Source prefix; absent means any. Host bits are cleared. */
	IPSECDP_POL_A_SRC,
	IPSECDP_POL_A_SRC_PLEN,		/* Default the full length when src is given, 0 when not. */
	IPSECDP_POL_A_DST,
	IPSECDP_POL_A_DST_PLEN,
	IPSECDP_POL_A_PROTO,		/* IP protocol, 0 for any. */
	/*
	 * Source port range minimum (ICMP: type); ports only with TCP, UDP,
	 * UDP-Lite, SCTP, DCCP (ipsecdp_proto_has_ports()), ICMP, ICMPv6.
	 * Default 0.
	 */
	IPSECDP_POL_A_SPORT_MIN,
	IPSECDP_POL_A_SPORT_MAX,	/* Default 65535. */
	IPSECDP_POL_A_DPORT_MIN,	/* Destination port range minimum (ICMP code). Default 0. */
	IPSECDP_POL_A_DPORT_MAX,
	/* A template; repeated, outermost transform last (at most max-tmpl). */
	IPSECDP_POL_A_TMPL,
	/* Kernel-assigned id, unique in the namespace (kernel to user only). */
	IPSECDP_POL_A_INDEX,
	IPSECDP_POL_A_STATS,		/* Packets and bytes matched (kernel to user only). */
	IPSECDP_POL_A_PAD,
	IPSECDP_POL_A_FLAGS,		/* Default none. */
	__IPSECDP_POL_A_MAX,
};

#define IPSECDP_POL_A_MAX (__IPSECDP_POL_A_MAX - 1)

/*
 * A template: which SA protects the flow. With spi, the SA of that
 * spi, dst, proto and mode; otherwise that of src, dst, proto and
 * mode. The addresses are the template's, or else the packet's.
 */
enum ipsecdp_tmpl_attr {
	IPSECDP_TMPL_A_UNSPEC,
	/* Family of src and dst; default the selector's. Tunnel mode only may differ. */
	IPSECDP_TMPL_A_FAMILY,
	/* Tunnel source; both src and dst or neither (tunnel mode needs both). */
	IPSECDP_TMPL_A_SRC,
	IPSECDP_TMPL_A_DST,
	IPSECDP_TMPL_A_PROTO,		/* IPPROTO_ESP or IPPROTO_AH; required. */
	IPSECDP_TMPL_A_MODE,
	IPSECDP_TMPL_A_SPI,		/* Optional, host byte order. */
	IPSECDP_TMPL_A_LEVEL,		/* Default required. */
	__IPSECDP_TMPL_A_MAX,
};

#define IPSECDP_TMPL_A_MAX (__IPSECDP_TMPL_A_MAX - 1)

/* Per-policy counters. */
enum ipsecdp_pol_stat {
	IPSECDP_POL_STAT_UNSPEC,
	IPSECDP_POL_STAT_PACKETS,
	IPSECDP_POL_STAT_BYTES,
	IPSECDP_POL_STAT_PAD,
	__IPSECDP_POL_STAT_MAX,
};

#define IPSECDP_POL_STAT_MAX (__IPSECDP_POL_STAT_MAX - 1)

/*
 * Namespace counters: the attribute type is the counter, the payload
 * a u64. Each doc starts with the counter's name in
 * /proc/net/xfrm_stat, without the "Xfrm" prefix.
 */
enum ipsecdp_mib {
	IPSECDP_MIB_UNSPEC,
	IPSECDP_MIB_IN_ERROR,		/* InError; other inbound errors. */
	IPSECDP_MIB_IN_BUFFER_ERROR,	/* InBufferError; no memory. */
	/*
	 * InHdrError; too short for the ESP or AH header, or an ESP
	 * payload too short or not in whole cipher blocks.
	 */
	IPSECDP_MIB_IN_HDR_ERROR,
	IPSECDP_MIB_IN_NO_STATES,	/* InNoStates; no SA for the SPI. */
	/*
	 * InStateProtoError; ICV check failed, bad ESP trailer (pad
	 * length, padding), or AH length not the SA's (as XFRM counts).
	 */
	IPSECDP_MIB_IN_STATE_PROTO_ERROR,
	/* InStateModeError; packet does not fit the SA's mode. */
	IPSECDP_MIB_IN_STATE_MODE_ERROR,
	IPSECDP_MIB_IN_STATE_SEQ_ERROR,	/* InStateSeqError; replayed or too old sequence number. */
	IPSECDP_MIB_IN_STATE_EXPIRED,	/* InStateExpired; SA past its hard lifetime. */
	/* InTmplMismatch; the protection does not satisfy the policy. */
	IPSECDP_MIB_IN_TMPL_MISMATCH,
	/* InNoPols; a decapsulated packet no policy accounts for. */
	IPSECDP_MIB_IN_NO_POLS,
	IPSECDP_MIB_IN_POL_BLOCK,	/* InPolBlock; block policy on input. */
	IPSECDP_MIB_OUT_ERROR,		/* OutError; other outbound errors. */
	IPSECDP_MIB_OUT_NO_STATES,	/* OutNoStates; protect policy without an SA. */
	IPSECDP_MIB_OUT_STATE_PROTO_ERROR,	/* OutStateProtoError; transform failed. */
	IPSECDP_MIB_OUT_STATE_SEQ_ERROR,	/* OutStateSeqError; sequence numbers exhausted. */
	IPSECDP_MIB_OUT_STATE_EXPIRED,	/* OutStateExpired; SA past its hard lifetime. */
	IPSECDP_MIB_OUT_POL_BLOCK,	/* OutPolBlock; block policy on output. */
	IPSECDP_MIB_IN_PACKETS,		/* InPackets; ESP/AH packets accepted (not in xfrm_stat). */
	IPSECDP_MIB_IN_BYTES,		/* InBytes; their bytes (not in xfrm_stat). */
	IPSECDP_MIB_OUT_PACKETS,	/* OutPackets; ESP/AH packets sent (not in xfrm_stat). */
	IPSECDP_MIB_OUT_BYTES,		/* OutBytes; their bytes (not in xfrm_stat). */
	/*
	 * InStateMismatch; the SA does not match the packet (a transport
	 * SA's source address; ESP in UDP for an SA without encapsulation
	 * or plain ESP for one with it).
	 */
	IPSECDP_MIB_IN_STATE_MISMATCH,
	IPSECDP_MIB_PAD,
	/*
	 * InEncapKeepalive; NAT-keepalives (RFC 3948 2.3, one byte 0xFF)
	 * received on an encapsulation port: dropped, no error (not in
	 * xfrm_stat).
	 */
	IPSECDP_MIB_IN_ENCAP_KEEPALIVE,
	/*
	 * InEncapError; UDP datagrams on an encapsulation port that are
	 * neither ESP nor IKE: short, truncated, a bad UDP checksum, an
	 * empty datagram or a non-ESP marker with nothing behind it (not
	 * in xfrm_stat).
	 */
	IPSECDP_MIB_IN_ENCAP_ERROR,
	__IPSECDP_MIB_MAX,
};

#define IPSECDP_MIB_MAX (__IPSECDP_MIB_MAX - 1)

enum ipsecdp_cmd {
	IPSECDP_CMD_UNSPEC,
	IPSECDP_CMD_SA_ADD,
	IPSECDP_CMD_SA_DEL,
	/* One SA by family, dst, proto and spi, or a dump of all SAs. */
	IPSECDP_CMD_SA_GET,
	IPSECDP_CMD_SA_FLUSH,
	IPSECDP_CMD_POLICY_ADD,
	IPSECDP_CMD_POLICY_DEL,
	IPSECDP_CMD_POLICY_GET,
	IPSECDP_CMD_POLICY_FLUSH,
	/* The namespace's counters and its numbers of SAs and policies. */
	IPSECDP_CMD_STATS_GET,
	IPSECDP_CMD_SA_EXPIRE,
	IPSECDP_CMD_ACQUIRE,
	IPSECDP_CMD_POLICY_MATCH,
	IPSECDP_CMD_BATCH_BEGIN,
	IPSECDP_CMD_BATCH_COMMIT,
	IPSECDP_CMD_BATCH_ABORT,	/* Drop the open batch (-ENOENT if none). */
	IPSECDP_CMD_SA_UPDATE,
	IPSECDP_CMD_POLICY_UPDATE,
	__IPSECDP_CMD_MAX,
};

#define IPSECDP_CMD_MAX (__IPSECDP_CMD_MAX - 1)

/* Which protocols have ports, shared by the module and ipsecctl. */
#include <linux/ipsecdp_proto.h>

#endif /* _UAPI_LINUX_IPSECDP_H */
