// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: keyed hash transforms for AH. */
#include <linux/netlink.h>
#include "crypto_glue/crypto.h"
#include "sa/sa.h"

int ipsecdp_ahash_init(struct ipsecdp_crypto *c,
		       const struct ipsecdp_sa_cfg *cfg,
		       struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_MOD(extack, "AH is not supported yet");
	return -EOPNOTSUPP;
}
