/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: every difference between the kernels we build for (6.1 and
 * 6.12) lives here, so the rest of the code reads as one kernel's.
 */
#ifndef _IPSECDP_COMPAT_H
#define _IPSECDP_COMPAT_H

#include <linux/crypto.h>

/*
 * Crypto completion callbacks: 6.3 passed the request's data pointer
 * instead of the crypto_async_request (Kbuild detects which).
 */
#ifdef IPSECDP_HAVE_CRYPTO_CB_DATA
#define IPSECDP_CRYPTO_CB_ARGS		void *ipsecdp_cb_data, int err
#define IPSECDP_CRYPTO_CB_DATA()	(ipsecdp_cb_data)
#else
#define IPSECDP_CRYPTO_CB_ARGS		struct crypto_async_request *ipsecdp_cb_req, int err
#define IPSECDP_CRYPTO_CB_DATA()	(ipsecdp_cb_req->data)
#endif

/* <asm/unaligned.h> became <linux/unaligned.h> in 6.12. */
#ifdef IPSECDP_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>
#else
#include <asm/unaligned.h>
#endif

/* GSO helpers moved to <net/gso.h> in 6.5. */
#ifdef IPSECDP_HAVE_NET_GSO_H
#include <net/gso.h>
#else
#include <linux/netdevice.h>
#endif

/*
 * Formatted extack messages arrived in 6.2; before, the plain message
 * (a string literal) is used.
 */
#include <linux/netlink.h>
#ifdef NL_SET_ERR_MSG_FMT_MOD
#define IPSECDP_ERR_FMT(extack, plain, fmt, ...) \
	NL_SET_ERR_MSG_FMT_MOD(extack, fmt, ##__VA_ARGS__)
#else
#define IPSECDP_ERR_FMT(extack, plain, fmt, ...) \
	NL_SET_ERR_MSG_MOD(extack, plain)
#endif

/*
 * The UDP socket table: one per namespace since 6.2 (Kbuild detects it),
 * one global table before. udp4/6_lib_lookup(), which would hide this,
 * are exported only when NF_SOCKET or NF_TPROXY is built.
 */
#include <net/udp.h>
#ifdef IPSECDP_HAVE_NETNS_UDP_TABLE
#define IPSECDP_UDP_TABLE(net)	((net)->ipv4.udp_table)
#else
#define IPSECDP_UDP_TABLE(net)	(&udp_table)
#endif

/* ---- genetlink section (owned by core/genetlink.c) ---- */

/*
 * Split do/dump operations arrived in 6.2 (Kbuild detects them); 6.1
 * takes one genl_ops per command, with one policy for do and dump
 * (core/nl_gen.c has both tables).
 */
#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS
#define IPSECDP_GENL_OPS_INIT \
	.split_ops = ipsecdp_nl_ops, .n_split_ops = ARRAY_SIZE(ipsecdp_nl_ops)
#else
#define IPSECDP_GENL_OPS_INIT \
	.ops = ipsecdp_nl_ops, .n_ops = ARRAY_SIZE(ipsecdp_nl_ops)
#endif

#endif /* _IPSECDP_COMPAT_H */
