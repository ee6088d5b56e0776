// SPDX-License-Identifier: GPL-2.0
/*
 * ipsecdp: GRO of decapsulated packets.
 *
 * Without it every decrypted TCP segment goes up the stack alone, and
 * its receiver acknowledges every second one: per-packet costs that the
 * same flow in clear, received by GRO, spreads over some 45 segments.
 * XFRM's tunnels hand decapsulated packets to GRO through gro_cells; so
 * does ipsecdp's tunnel mode, through a NAPI instance of its own on each
 * CPU: the inner packets a tunnel SA decapsulates while the CPU is in one
 * softirq (a NIC's poll, a veth's backlog) are queued, and this CPU's
 * poll hands them to GRO, which merges those of one flow, and delivers
 * them. (Transport mode does not: GRO delivers through the device's
 * packet taps, which XFRM's transport mode does not pass again either.)
 *
 * The inbound policy check needs to know which SAs removed a packet's
 * protection (core/input.c), and nothing in the packet may claim it.
 * While the poll runs, the packets it has handed to GRO are listed, each
 * with its chain of SAs; everything GRO delivers is delivered before the
 * poll returns (it stops short of its budget and completes, so that the
 * NAPI core has nothing left to flush after it), and a packet GRO
 * delivers is one of those it was handed, the others of a merge being
 * appended to it. GRO is flushed whenever the chain changes, so a merge
 * never mixes packets of two chains. A packet that leaves the call chain
 * (RPS) would lose its note and count as cleartext: where the receiving
 * device has RPS, or GRO off, packets are delivered one by one as before
 * (core/input.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/percpu.h>
#include <linux/skbuff.h>
#ifdef IPSECDP_HAVE_NETDEV_RX_QUEUE_H
#include <net/netdev_rx_queue.h>
#endif
#ifdef IPSECDP_HAVE_NET_RPS_H
#include <net/rps.h>
#endif
#include "core/gro.h"
#include "core/stats.h"
#include "sa/sa.h"

static bool ipsecdp_rx_gro = true;
module_param_named(rx_gro, ipsecdp_rx_gro, bool, 0644);
MODULE_PARM_DESC(rx_gro, "Hand decapsulated packets to GRO (default: yes)");

/* at most this many packets wait for the poll on one CPU */
#define IPSECDP_GRO_QLEN	1000
/* packets handed to GRO in one poll (below the NAPI weight, 64) */
#define IPSECDP_GRO_BATCH	(NAPI_POLL_WEIGHT - 1)

/* What a packet carries while it waits for the poll. */
struct ipsecdp_gro_cb {
	struct ipsecdp_sa	*sa[IPSECDP_MAX_NESTING];	/* held */
	struct net_device	*dev;				/* held */
	u8			n;
};

#define IPSECDP_GRO_CB(skb)	((struct ipsecdp_gro_cb *)(skb)->cb)

struct ipsecdp_gro_cell {
	struct napi_struct	napi;
	struct sk_buff_head	queue;
	/* the packets of this poll so far, their SAs and devices (held) */
	struct ipsecdp_rx_note	note[IPSECDP_GRO_BATCH];
	struct net_device	*dev[IPSECDP_GRO_BATCH];
	unsigned int		n;
};

static struct ipsecdp_gro_cell __percpu *ipsecdp_gro_cells;
/*
 * The cell whose poll runs on this CPU: its own, or that of a CPU gone
 * offline, whose NAPI instances the core moves to another CPU.
 */
static DEFINE_PER_CPU(struct ipsecdp_gro_cell *, ipsecdp_gro_polling);
/* the NAPI instances need a device: one that is never registered */
static struct net_device *ipsecdp_gro_dev;

static void ipsecdp_gro_put_chain(struct ipsecdp_sa * const *sa,
				  unsigned int n, struct net_device *dev)
{
	while (n--)
		ipsecdp_sa_put(sa[n]);
	dev_put(dev);
}

static bool ipsecdp_gro_same_chain(const struct ipsecdp_rx_note *note,
				   const struct ipsecdp_gro_cb *cb)
{
	return note->n == cb->n &&
	       !memcmp(note->sa, cb->sa, cb->n * sizeof(cb->sa[0]));
}

/* Drop what this poll's packets held: GRO has delivered them all. */
static void ipsecdp_gro_release(struct ipsecdp_gro_cell *cell)
{
	unsigned int i, n = cell->n;

	cell->n = 0;
	for (i = 0; i < n; i++)
		ipsecdp_gro_put_chain(cell->note[i].sa, cell->note[i].n,
				      cell->dev[i]);
}

static int ipsecdp_gro_poll(struct napi_struct *napi, int budget)
{
	struct ipsecdp_gro_cell *cell = container_of(napi,
						     struct ipsecdp_gro_cell,
						     napi);
	unsigned int limit = min(budget - 1, IPSECDP_GRO_BATCH);
	struct sk_buff *skb;
	unsigned int done;

	if (budget <= 1)	/* netpoll (budget 0): no GRO work here */
		return 0;
	__this_cpu_write(ipsecdp_gro_polling, cell);
	while (cell->n < limit && (skb = __skb_dequeue(&cell->queue))) {
		const struct ipsecdp_gro_cb *cb = IPSECDP_GRO_CB(skb);
		struct ipsecdp_rx_note *note = &cell->note[cell->n];

		/* another chain of SAs: what GRO holds goes up first */
		if (cell->n && !ipsecdp_gro_same_chain(note - 1, cb))
			napi_gro_flush(napi, false);
		note->skb = skb;
		note->n = cb->n;
		memcpy(note->sa, cb->sa, cb->n * sizeof(cb->sa[0]));
		cell->dev[cell->n] = cb->dev;
		cell->n++;
		napi_gro_receive(napi, skb);	/* may deliver at once */
	}
	done = cell->n;
	/* flushes GRO and delivers the rest, with the notes in place */
	napi_complete_done(napi, done);
	ipsecdp_gro_release(cell);
	__this_cpu_write(ipsecdp_gro_polling, NULL);
	if (!skb_queue_empty(&cell->queue))
		napi_schedule(napi);
	return done;
}

const struct ipsecdp_rx_note *ipsecdp_gro_note_of(const struct sk_buff *skb)
{
	const struct ipsecdp_gro_cell *cell;
	unsigned int i;

	cell = __this_cpu_read(ipsecdp_gro_polling);
	if (!cell)
		return NULL;
	for (i = cell->n; i--; )
		if (cell->note[i].skb == skb)
			return &cell->note[i];
	return NULL;
}

/*
 * Would RPS steer @skb, received on skb->dev, to a backlog when GRO
 * delivers it? As get_rps_cpu() asks: only where the device's receive
 * queue has an RPS map or flow table (rps_needed alone stays on for
 * good once a device with a map has been destroyed).
 */
static bool ipsecdp_gro_rps(const struct sk_buff *skb)
{
#ifdef CONFIG_RPS
	const struct net_device *dev = skb->dev;
	const struct netdev_rx_queue *rxq = dev->_rx;

	if (!static_branch_unlikely(&rps_needed))
		return false;
	if (skb_rx_queue_recorded(skb)) {
		u16 i = skb_get_rx_queue(skb);

		if (i >= dev->real_num_rx_queues)
			return true;
		rxq += i;
	}
	return rcu_access_pointer(rxq->rps_map) ||
	       rcu_access_pointer(rxq->rps_flow_table);
#else
	return false;
#endif
}

bool ipsecdp_gro_wanted(const struct sk_buff *skb)
{
	return READ_ONCE(ipsecdp_rx_gro) && !netif_elide_gro(skb->dev) &&
	       !skb_cloned(skb) && !ipsecdp_gro_rps(skb);
}

/*
 * Queue @skb, decapsulated by @chain (outermost first), for this CPU's
 * poll; bottom halves off. Takes its own references; consumes @skb.
 */
void ipsecdp_gro_queue(struct sk_buff *skb, struct ipsecdp_sa * const *chain,
		       unsigned int n)
{
	struct ipsecdp_gro_cell *cell = this_cpu_ptr(ipsecdp_gro_cells);
	struct ipsecdp_gro_cb *cb = IPSECDP_GRO_CB(skb);
	struct ipsecdp_sa *sa = chain[n - 1];
	unsigned int i;

	if (unlikely(skb_queue_len(&cell->queue) >= IPSECDP_GRO_QLEN)) {
		IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_BUFFER_ERROR);
		kfree_skb(skb);
		return;
	}
	for (i = 0; i < n; i++) {
		/* the caller holds each: this cannot fail */
		if (WARN_ON_ONCE(!ipsecdp_sa_hold(chain[i]))) {
			while (i--)
				ipsecdp_sa_put(chain[i]);
			IPSECDP_INC_STATS(sa->pn, IPSECDP_MIB_IN_ERROR);
			kfree_skb(skb);
			return;
		}
		cb->sa[i] = chain[i];
	}
	cb->n = n;
	cb->dev = skb->dev;
	dev_hold(cb->dev);
	__skb_queue_tail(&cell->queue, skb);
	if (skb_queue_len(&cell->queue) == 1)
		napi_schedule(&cell->napi);
}

static void ipsecdp_gro_dev_free(void)
{
#ifdef IPSECDP_HAVE_ALLOC_NETDEV_DUMMY
	free_netdev(ipsecdp_gro_dev);
#else
	kfree(ipsecdp_gro_dev);
#endif
	ipsecdp_gro_dev = NULL;
}

int ipsecdp_gro_init(void)
{
	int cpu;

	BUILD_BUG_ON(sizeof(struct ipsecdp_gro_cb) >
		     sizeof_field(struct sk_buff, cb));
#ifdef IPSECDP_HAVE_ALLOC_NETDEV_DUMMY
	ipsecdp_gro_dev = alloc_netdev_dummy(0);
#else
	ipsecdp_gro_dev = kzalloc(sizeof(*ipsecdp_gro_dev), GFP_KERNEL);
	if (ipsecdp_gro_dev)
		init_dummy_netdev(ipsecdp_gro_dev);
#endif
	if (!ipsecdp_gro_dev)
		return -ENOMEM;

	ipsecdp_gro_cells = alloc_percpu(struct ipsecdp_gro_cell);
	if (!ipsecdp_gro_cells)
		goto err_dev;
	for_each_possible_cpu(cpu) {
		struct ipsecdp_gro_cell *cell = per_cpu_ptr(ipsecdp_gro_cells,
							    cpu);

		__skb_queue_head_init(&cell->queue);
		/* no busy polling: sockets never poll this instance */
		netif_napi_add_tx(ipsecdp_gro_dev, &cell->napi,
				  ipsecdp_gro_poll);
		napi_enable(&cell->napi);
	}
	return 0;

err_dev:
	ipsecdp_gro_dev_free();
	return -ENOMEM;
}

/* After every namespace's SAs are gone: each queued packet held one. */
void ipsecdp_gro_exit(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct ipsecdp_gro_cell *cell = per_cpu_ptr(ipsecdp_gro_cells,
							    cpu);
		struct sk_buff *skb;

		napi_disable(&cell->napi);
		while ((skb = __skb_dequeue(&cell->queue))) {
			const struct ipsecdp_gro_cb *cb = IPSECDP_GRO_CB(skb);

			ipsecdp_gro_put_chain(cb->sa, cb->n, cb->dev);
			kfree_skb(skb);
		}
		__netif_napi_del(&cell->napi);
	}
	synchronize_net();	/* before the instances' memory goes */
	free_percpu(ipsecdp_gro_cells);
	ipsecdp_gro_cells = NULL;
	ipsecdp_gro_dev_free();
}
