// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: anti-replay window with 64-bit extended sequence numbers
 * (RFC 4303 section 3.4.3 and Appendix A).
 *
 * The window is a circular bitmap indexed by sequence number modulo its
 * size (a multiple of BITS_PER_LONG, at least the window). Advancing the
 * right edge clears the bits it passes over word by word, so the cost per
 * packet is bounded by the window size / BITS_PER_LONG, never by the jump.
 */
#include <linux/bitmap.h>
#include <linux/errno.h>
#include <linux/slab.h>
#include "sa/replay.h"

int ipsecdp_replay_init(struct ipsecdp_replay *r, u32 window, u64 top,
			bool esn)
{
	spin_lock_init(&r->lock);
	r->window = window;
	r->esn = esn;
	r->top = esn ? top : (u32)top;
	r->nbits = 0;
	r->bitmap = NULL;
	if (!window)
		return 0;

	r->nbits = round_up(window, BITS_PER_LONG);
	r->bitmap = bitmap_zalloc(r->nbits, GFP_KERNEL);
	return r->bitmap ? 0 : -ENOMEM;
}

void ipsecdp_replay_destroy(struct ipsecdp_replay *r)
{
	bitmap_free(r->bitmap);
	r->bitmap = NULL;
}

/* RFC 4303 Appendix A2.2: the high half the sender most likely used. */
static u64 ipsecdp_replay_infer(const struct ipsecdp_replay *r, u32 seq_lo)
{
	u32 w = max_t(u32, r->window, 1);
	u32 tl = lower_32_bits(r->top);
	u32 th = upper_32_bits(r->top);
	u32 bottom = tl - w + 1;	/* may wrap: window spans two halves */

	if (tl >= w - 1) {
		if (seq_lo < bottom)
			th++;
	} else if (seq_lo >= bottom) {
		th--;
	}
	return ((u64)th << 32) | seq_lo;
}

static bool ipsecdp_replay_seen(const struct ipsecdp_replay *r, u64 seq)
{
	if (seq > r->top)
		return false;
	if (r->top - seq >= r->window)
		return true;
	return test_bit(seq % r->nbits, r->bitmap);
}

int ipsecdp_replay_check(struct ipsecdp_replay *r, u32 seq_lo, u64 *seq)
{
	int err = 0;

	spin_lock_bh(&r->lock);
	*seq = r->esn ? ipsecdp_replay_infer(r, seq_lo) : seq_lo;
	if (!*seq)
		err = -EBADMSG;		/* never sent: the first is 1 */
	else if (r->window && ipsecdp_replay_seen(r, *seq))
		err = -EBADMSG;
	spin_unlock_bh(&r->lock);
	return err;
}

/* Clear the bits of sequence numbers (from, to], circularly. */
static void ipsecdp_replay_clear(struct ipsecdp_replay *r, u64 from, u64 to)
{
	unsigned int start, len;

	if (to - from >= r->nbits) {
		bitmap_zero(r->bitmap, r->nbits);
		return;
	}
	start = (from + 1) % r->nbits;
	len = to - from;
	if (start + len > r->nbits) {
		bitmap_clear(r->bitmap, start, r->nbits - start);
		len -= r->nbits - start;
		start = 0;
	}
	bitmap_clear(r->bitmap, start, len);
}

int ipsecdp_replay_advance(struct ipsecdp_replay *r, u64 seq)
{
	int err = 0;

	spin_lock_bh(&r->lock);
	if (!r->window) {
		if (seq > r->top)
			r->top = seq;
		goto out;
	}
	if (seq > r->top) {
		ipsecdp_replay_clear(r, r->top, seq);
		r->top = seq;
	} else if (ipsecdp_replay_seen(r, seq)) {
		err = -EBADMSG;
		goto out;
	}
	__set_bit(seq % r->nbits, r->bitmap);
out:
	spin_unlock_bh(&r->lock);
	return err;
}

u64 ipsecdp_replay_top(struct ipsecdp_replay *r)
{
	u64 top;

	spin_lock_bh(&r->lock);
	top = r->top;
	spin_unlock_bh(&r->lock);
	return top;
}

/* XFRM's bit for sequence number @seq of the window (see replay.h) */
static unsigned int ipsecdp_replay_xbit(const struct ipsecdp_replay *r,
					u64 seq, bool ring)
{
	return ring ? (seq - 1) % r->window : r->top - seq;
}

u64 ipsecdp_replay_get(struct ipsecdp_replay *r, u32 *bmp,
		       unsigned int nwords, bool ring)
{
	unsigned int b, x;
	u64 top, seq;

	memset(bmp, 0, nwords * sizeof(*bmp));
	spin_lock_bh(&r->lock);
	top = r->top;
	for_each_set_bit(b, r->bitmap, r->nbits) {	/* none if no window */
		/* the number of the window that bit b stands for, if any */
		if (b > top)
			continue;
		seq = top - (top - b) % r->nbits;
		if (!seq || top - seq >= r->window)
			continue;
		x = ipsecdp_replay_xbit(r, seq, ring);
		if (x < nwords * 32)
			bmp[x / 32] |= 1U << (x % 32);
	}
	spin_unlock_bh(&r->lock);
	return top;
}

void ipsecdp_replay_set(struct ipsecdp_replay *r, u64 top, const u32 *bmp,
			unsigned int nwords, bool ring)
{
	u64 seq;

	spin_lock_bh(&r->lock);
	r->top = r->esn ? top : (u32)top;
	if (r->window) {
		bitmap_zero(r->bitmap, r->nbits);
		for (seq = r->top; bmp && seq && r->top - seq < r->window; seq--) {
			unsigned int x = ipsecdp_replay_xbit(r, seq, ring);

			/* past a flat bitmap: taken as seen, never replayed */
			if (x >= nwords * 32 ? !ring :
			    bmp[x / 32] & (1U << (x % 32)))
				__set_bit(seq % r->nbits, r->bitmap);
		}
	}
	spin_unlock_bh(&r->lock);
}
