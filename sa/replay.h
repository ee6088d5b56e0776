/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsecdp: inbound anti-replay window (RFC 4303 3.4.3, Appendix A),
 * shared by ESP and AH. A bitmap of @window bits, O(1) per packet.
 */
#ifndef _IPSECDP_REPLAY_H
#define _IPSECDP_REPLAY_H

#include <linux/spinlock.h>
#include <linux/types.h>

struct ipsecdp_replay {
	spinlock_t	lock;		/* protects top and bitmap */
	u32		window;		/* packets; 0 = no replay check */
	bool		esn;
	u64		top;		/* highest authenticated seq */
	unsigned long	*bitmap;	/* round_up(window, BITS_PER_LONG) */
	unsigned int	nbits;
};

int ipsecdp_replay_init(struct ipsecdp_replay *r, u32 window, u64 top,
			bool esn);
void ipsecdp_replay_destroy(struct ipsecdp_replay *r);

/*
 * Before the ICV check: infer the full 64-bit sequence number from the
 * low 32 bits on the wire (ESN) and reject packets that are certainly
 * replayed or left of the window. Returns 0 or -EBADMSG (replay).
 */
int ipsecdp_replay_check(struct ipsecdp_replay *r, u32 seq_lo, u64 *seq);

/* After the ICV check: record @seq; -EBADMSG if it raced a duplicate. */
int ipsecdp_replay_advance(struct ipsecdp_replay *r, u64 seq);

u64 ipsecdp_replay_top(struct ipsecdp_replay *r);

/*
 * The window in XFRM's bitmaps (@nwords 32-bit words), for its netlink
 * API: with @ring, bit (s - 1) % window stands for sequence number s, as
 * in struct xfrm_replay_state_esn; without, bit i for top - i, as in
 * struct xfrm_replay_state. _get returns the top; _set makes @top the
 * top and the marked numbers the seen ones (none when @bmp is NULL).
 */
u64 ipsecdp_replay_get(struct ipsecdp_replay *r, u32 *bmp,
		       unsigned int nwords, bool ring);
void ipsecdp_replay_set(struct ipsecdp_replay *r, u64 top, const u32 *bmp,
			unsigned int nwords, bool ring);

#endif /* _IPSECDP_REPLAY_H */
