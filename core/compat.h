/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: every difference between the kernels we build for (6.1 and
 * 6.12) lives here, so the rest of the code reads as one kernel's.
 */
#ifndef _IPSECDP_COMPAT_H
#define _IPSECDP_COMPAT_H

#include <linux/version.h>
#include <linux/crypto.h>

/*
 * Crypto completion callbacks: 6.3 passed the request's data pointer
 * instead of the crypto_async_request.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define IPSECDP_CRYPTO_CB_ARGS		void *ipsecdp_cb_data, int err
#define IPSECDP_CRYPTO_CB_DATA()	(ipsecdp_cb_data)
#else
#define IPSECDP_CRYPTO_CB_ARGS		struct crypto_async_request *ipsecdp_cb_req, int err
#define IPSECDP_CRYPTO_CB_DATA()	(ipsecdp_cb_req->data)
#endif

/* ---- genetlink section (owned by core/genetlink.c) ---- */

#endif /* _IPSECDP_COMPAT_H */
