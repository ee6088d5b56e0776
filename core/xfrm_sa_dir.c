// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: XFRMA_SA_DIR and XFRMA_SA_PCPU of an XFRM NEWSA or UPDSA.
 *
 * Since 6.10 an SA may say its direction (XFRMA_SA_DIR), and since 6.13
 * (Debian's 6.12 has it) an outbound one the CPU it serves
 * (XFRMA_SA_PCPU, RFC 9611), which XFRM takes only with a direction.
 * XFRM refuses what a direction rules out: replay state on an outbound
 * SA, sending state on an inbound one, flags of the other direction.
 * These checks run first and give XFRM's messages, so that a daemon
 * sees the same refusal from either stack; the SA keeps its direction
 * only to give it back (ipsecdp's SAs serve whichever way they are
 * found), its CPU is ipsecdp's pcpu-num.
 *
 * Built only against headers that have both (IPSECDP_HAVE_XFRMA_SA_PCPU);
 * older ones make ipsecdp ignore them, as those kernels' XFRM does.
 */
#include <linux/xfrm.h>
#include <net/netlink.h>
#include "core/xfrm_nl.h"
#include "sa/sa.h"

#ifdef IPSECDP_HAVE_XFRMA_SA_PCPU

/* The ESN replay state against the direction (XFRM's verify_replay()). */
static const char *ipsecdp_xfrm_dir_esn(const struct xfrm_replay_state_esn *rs,
					bool esn, u8 dir)
{
	u32 seq = dir == XFRM_SA_DIR_OUT ? rs->oseq : rs->seq;
	u32 hi = dir == XFRM_SA_DIR_OUT ? rs->oseq_hi : rs->seq_hi;

	if (dir == XFRM_SA_DIR_OUT) {
		if (rs->replay_window)
			return "Replay window should be 0 for output SA";
		if (rs->seq || rs->seq_hi)
			return "Replay seq and seq_hi should be 0 for output SA";
	} else if (rs->oseq || rs->oseq_hi) {
		return "Replay oseq and oseq_hi should be 0 for input SA";
	}
	if (!esn && hi)
		return dir == XFRM_SA_DIR_OUT ?
		       "Replay oseq_hi should be 0 in non-ESN mode for output SA" :
		       "Replay seq_hi should be 0 in non-ESN mode for input SA";
	if (!esn && seq == U32_MAX)
		return dir == XFRM_SA_DIR_OUT ?
		       "Replay oseq should be less than 0xFFFFFFFF in non-ESN mode for output SA" :
		       "Replay seq should be less than 0xFFFFFFFF in non-ESN mode for input SA";
	if (esn && seq == U32_MAX && hi == U32_MAX)
		return dir == XFRM_SA_DIR_OUT ?
		       "Replay oseq and oseq_hi should be less than 0xFFFFFFFF for output SA" :
		       "Replay seq and seq_hi should be less than 0xFFFFFFFF for input SA";
	if (dir == XFRM_SA_DIR_OUT && rs->bmp_len)
		return "Replay bmp_len should 0 for output SA";
	return NULL;
}

/* What an outbound SA may not have (XFRM's verify_newsa_info()). */
static const char *ipsecdp_xfrm_dir_out(const struct xfrm_usersa_info *p,
					struct nlattr **attrs)
{
	const struct xfrm_replay_state *r;

	if (p->flags & XFRM_STATE_DECAP_DSCP)
		return "Flag DECAP_DSCP should not be set for output SA";
	if (p->flags & XFRM_STATE_ICMP)
		return "Flag ICMP should not be set for output SA";
	if (p->flags & XFRM_STATE_WILDRECV)
		return "Flag WILDRECV should not be set for output SA";
	if (p->replay_window)
		return "Replay window should be 0 for output SA";
	if (attrs[XFRMA_REPLAY_VAL]) {
		r = nla_data(attrs[XFRMA_REPLAY_VAL]);
		if (r->seq || r->bitmap)
			return "Replay seq and bitmap should be 0 for output SA";
	}
	return NULL;
}

/* What an inbound SA may not have. */
static const char *ipsecdp_xfrm_dir_in(const struct xfrm_usersa_info *p,
				       struct nlattr **attrs)
{
	u32 xflags = 0;

	if (p->flags & XFRM_STATE_NOPMTUDISC)
		return "Flag NOPMTUDISC should not be set for input SA";
	if (attrs[XFRMA_SA_EXTRA_FLAGS])
		xflags = nla_get_u32(attrs[XFRMA_SA_EXTRA_FLAGS]);
	if (xflags & XFRM_SA_XFLAG_DONT_ENCAP_DSCP)
		return "Flag DONT_ENCAP_DSCP should not be set for input SA";
	if (xflags & XFRM_SA_XFLAG_OSEQ_MAY_WRAP)
		return "Flag OSEQ_MAY_WRAP should not be set for input SA";
	return NULL;
}

int ipsecdp_xfrm_sa_dir(const struct xfrm_usersa_info *p,
			struct nlattr **attrs, struct ipsecdp_sa_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	struct nlattr *esn = attrs[XFRMA_REPLAY_ESN_VAL];
	const char *why = NULL;
	u8 dir = 0;

	if (attrs[XFRMA_SA_DIR])
		dir = nla_get_u8(attrs[XFRMA_SA_DIR]);
	/* a short ESN attribute is refused later, with its own message */
	if (dir && esn && nla_len(esn) >= sizeof(struct xfrm_replay_state_esn))
		why = ipsecdp_xfrm_dir_esn(nla_data(esn),
					   p->flags & XFRM_STATE_ESN, dir);
	if (!why && dir == XFRM_SA_DIR_OUT)
		why = ipsecdp_xfrm_dir_out(p, attrs);
	if (!why && dir == XFRM_SA_DIR_IN)
		why = ipsecdp_xfrm_dir_in(p, attrs);
	if (!why && !dir && attrs[XFRMA_SA_PCPU])
		why = "SA_PCPU only supported with SA_DIR";
	if (why) {
		/* NL_SET_ERR_MSG() takes a literal; these are */
		if (extack)
			extack->_msg = why;
		return -EINVAL;
	}
	cfg->xfrm_dir = dir;
	return ipsecdp_sa_cfg_pcpu(cfg, attrs[XFRMA_SA_PCPU], extack);
}

#else

int ipsecdp_xfrm_sa_dir(const struct xfrm_usersa_info *p,
			struct nlattr **attrs, struct ipsecdp_sa_cfg *cfg,
			struct netlink_ext_ack *extack)
{
	return 0;
}

#endif
