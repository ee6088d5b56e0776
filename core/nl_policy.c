// SPDX-License-Identifier: GPL-2.0
/* ipsecdp: generic netlink commands on security policies. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/inetdevice.h>
#include <linux/percpu.h>
#include <linux/socket.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include "core/ipsecdp.h"
#include "core/nl_priv.h"
#include "spd/spd.h"

/* ---- parsing ---- */

static int ipsecdp_nl_parse_prefix(const struct nlattr *addr_attr,
				   const struct nlattr *plen_attr, u16 family,
				   union ipsecdp_addr *addr, u8 *plen,
				   struct netlink_ext_ack *extack)
{
	u8 max = family == AF_INET ? 32 : 128;
	union ipsecdp_addr a;
	int err;

	memset(addr, 0, sizeof(*addr));
	*plen = 0;
	if (plen_attr) {
		*plen = nla_get_u8(plen_attr);
		if (*plen > max) {
			NL_SET_ERR_MSG_ATTR(extack, plen_attr,
					    "prefix length too long for family");
			return -EINVAL;
		}
	}
	if (!addr_attr) {
		/* no address: any */
		if (*plen) {
			NL_SET_ERR_MSG_ATTR(extack, plen_attr,
					    "prefix length without address");
			return -EINVAL;
		}
		return 0;
	}

	err = ipsecdp_nl_parse_addr(addr_attr, family, &a, extack);
	if (err)
		return err;
	if (!plen_attr)
		*plen = max;

	/* like ip xfrm: the host bits are silently cleared */
	if (family == AF_INET)
		addr->a4 = a.a4 & inet_make_mask(*plen);
	else
		ipv6_addr_prefix(&addr->in6, &a.in6, *plen);
	return 0;
}

static int ipsecdp_nl_parse_range(struct nlattr **tb, int min_type,
				  int max_type, u16 *min, u16 *max,
				  struct netlink_ext_ack *extack)
{
	*min = tb[min_type] ? nla_get_u16(tb[min_type]) : 0;
	*max = tb[max_type] ? nla_get_u16(tb[max_type]) : U16_MAX;
	if (*min > *max) {
		NL_SET_ERR_MSG_ATTR(extack,
				    tb[max_type] ? tb[max_type] : tb[min_type],
				    "port range min > max");
		return -EINVAL;
	}
	return 0;
}

static int ipsecdp_nl_parse_sel(const struct nlattr *nest, struct nlattr **tb,
				struct ipsecdp_sel *sel,
				struct netlink_ext_ack *extack)
{
	static const int port_types[] = {
		IPSECDP_POL_A_SPORT_MIN, IPSECDP_POL_A_SPORT_MAX,
		IPSECDP_POL_A_DPORT_MIN, IPSECDP_POL_A_DPORT_MAX,
	};
	int err, i;

	memset(sel, 0, sizeof(*sel));
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_POL_A_FAMILY,
			   "missing address family"))
		return -EINVAL;
	err = ipsecdp_nl_parse_family(tb[IPSECDP_POL_A_FAMILY], &sel->family,
				      extack);
	if (err)
		return err;

	err = ipsecdp_nl_parse_prefix(tb[IPSECDP_POL_A_SRC],
				      tb[IPSECDP_POL_A_SRC_PLEN], sel->family,
				      &sel->saddr, &sel->splen, extack);
	if (err)
		return err;
	err = ipsecdp_nl_parse_prefix(tb[IPSECDP_POL_A_DST],
				      tb[IPSECDP_POL_A_DST_PLEN], sel->family,
				      &sel->daddr, &sel->dplen, extack);
	if (err)
		return err;

	if (tb[IPSECDP_POL_A_PROTO])
		sel->proto = nla_get_u8(tb[IPSECDP_POL_A_PROTO]);
	/* include/uapi/linux/ipsecdp.h says which protocols have ports */
	if (!ipsecdp_proto_has_ports(sel->proto) &&
	    !ipsecdp_proto_has_type_code(sel->proto)) {
		for (i = 0; i < ARRAY_SIZE(port_types); i++) {
			if (tb[port_types[i]]) {
				NL_SET_ERR_MSG_ATTR(extack, tb[port_types[i]],
						    "ports only valid with tcp, udp, udplite, sctp or dccp (icmp, ipv6-icmp: type and code)");
				return -EINVAL;
			}
		}
	}
	err = ipsecdp_nl_parse_range(tb, IPSECDP_POL_A_SPORT_MIN,
				     IPSECDP_POL_A_SPORT_MAX, &sel->sport_min,
				     &sel->sport_max, extack);
	if (err)
		return err;
	return ipsecdp_nl_parse_range(tb, IPSECDP_POL_A_DPORT_MIN,
				      IPSECDP_POL_A_DPORT_MAX,
				      &sel->dport_min, &sel->dport_max,
				      extack);
}

static int ipsecdp_nl_parse_tmpl_addrs(const struct nlattr *nest,
				       struct nlattr **tb,
				       struct ipsecdp_tmpl *t,
				       struct netlink_ext_ack *extack)
{
	struct nlattr *src = tb[IPSECDP_TMPL_A_SRC];
	struct nlattr *dst = tb[IPSECDP_TMPL_A_DST];
	int err;

	if (!src && !dst) {
		if (t->mode == IPSECDP_MODE_TUNNEL) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "tunnel template needs both src and dst");
			return -EINVAL;
		}
		return 0;
	}
	if (!src || !dst) {
		NL_SET_ERR_MSG_ATTR(extack, src ? src : dst,
				    "template needs both src and dst, or neither");
		return -EINVAL;
	}

	err = ipsecdp_nl_parse_addr(src, t->family, &t->saddr, extack);
	if (err)
		return err;
	err = ipsecdp_nl_parse_addr(dst, t->family, &t->daddr, extack);
	if (err)
		return err;
	t->has_addrs = true;
	return 0;
}

/*
 * @cur_family: the family of the packet this template protects: the
 * selector's, or that of the tunnel template before it.
 */
static int ipsecdp_nl_parse_tmpl(const struct nlattr *nest, u16 cur_family,
				 struct ipsecdp_tmpl *t,
				 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IPSECDP_TMPL_A_MAX + 1];
	int err;

	err = nla_parse_nested(tb, IPSECDP_TMPL_A_MAX, nest,
			       ipsecdp_tmpl_nl_policy, extack);
	if (err)
		return err;

	memset(t, 0, sizeof(*t));
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_TMPL_A_PROTO,
			   "missing template protocol"))
		return -EINVAL;
	t->proto = nla_get_u8(tb[IPSECDP_TMPL_A_PROTO]);
	if (t->proto != IPPROTO_ESP && t->proto != IPPROTO_AH) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_TMPL_A_PROTO],
				    "unsupported protocol: only esp and ah");
		return -EPROTONOSUPPORT;
	}

	t->mode = IPSECDP_MODE_TRANSPORT;
	if (tb[IPSECDP_TMPL_A_MODE])
		t->mode = nla_get_u8(tb[IPSECDP_TMPL_A_MODE]);
	t->level = IPSECDP_LEVEL_REQUIRED;
	if (tb[IPSECDP_TMPL_A_LEVEL])
		t->level = nla_get_u8(tb[IPSECDP_TMPL_A_LEVEL]);
	if (tb[IPSECDP_TMPL_A_SPI]) {
		t->has_spi = true;
		t->spi = htonl(nla_get_u32(tb[IPSECDP_TMPL_A_SPI]));
	}

	t->family = cur_family;
	if (tb[IPSECDP_TMPL_A_FAMILY]) {
		err = ipsecdp_nl_parse_family(tb[IPSECDP_TMPL_A_FAMILY],
					      &t->family, extack);
		if (err)
			return err;
		if (t->mode == IPSECDP_MODE_TRANSPORT &&
		    t->family != cur_family) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_TMPL_A_FAMILY],
					    "transport template family differs from the packet it protects (the selector's, or the tunnel template's before it)");
			return -EINVAL;
		}
	}

	return ipsecdp_nl_parse_tmpl_addrs(nest, tb, t, extack);
}

static int ipsecdp_nl_parse_tmpls(const struct nlattr *nest,
				  struct ipsecdp_policy *pol,
				  struct netlink_ext_ack *extack)
{
	u16 family = pol->sel.family;
	const struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		struct ipsecdp_tmpl *t = &pol->tmpl[pol->ntmpl];

		if (nla_type(a) != IPSECDP_POL_A_TMPL)
			continue;
		if (pol->ntmpl >= IPSECDP_MAX_TMPL) {
			NL_SET_ERR_MSG_ATTR(extack, a, "at most 2 templates");
			return -E2BIG;
		}
		err = ipsecdp_nl_parse_tmpl(a, family, t, extack);
		if (err)
			return err;
		/* later templates protect the packet this one makes */
		if (t->mode == IPSECDP_MODE_TUNNEL)
			family = t->family;
		pol->ntmpl++;
	}
	return 0;
}

static int ipsecdp_nl_parse_policy(const struct nlattr *nest,
				   struct nlattr **tb,
				   struct ipsecdp_policy *pol,
				   struct netlink_ext_ack *extack)
{
	int err;

	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_POL_A_DIR,
			   "missing policy direction"))
		return -EINVAL;
	pol->dir = nla_get_u8(tb[IPSECDP_POL_A_DIR]);

	err = ipsecdp_nl_parse_sel(nest, tb, &pol->sel, extack);
	if (err)
		return err;

	if (tb[IPSECDP_POL_A_PRIORITY])
		pol->priority = nla_get_u32(tb[IPSECDP_POL_A_PRIORITY]);
	pol->action = IPSECDP_ACTION_ALLOW;
	if (tb[IPSECDP_POL_A_ACTION])
		pol->action = nla_get_u8(tb[IPSECDP_POL_A_ACTION]);
	/* unknown flags: refused by the policy (a mask) */
	if (tb[IPSECDP_POL_A_FLAGS])
		pol->flags = nla_get_u32(tb[IPSECDP_POL_A_FLAGS]);

	err = ipsecdp_nl_parse_tmpls(nest, pol, extack);
	if (err)
		return err;
	if (pol->action == IPSECDP_ACTION_BLOCK && pol->ntmpl) {
		NL_SET_ERR_MSG_ATTR(extack, tb[IPSECDP_POL_A_TMPL],
				    "block policy cannot have templates");
		return -EINVAL;
	}
	return 0;
}

/* The IPSECDP_A_POLICY nest of a request, parsed with its @policy. */
static int ipsecdp_nl_pol_attrs(struct genl_info *info, struct nlattr **tb,
				const struct nla_policy *policy)
{
	struct nlattr *nest = info->attrs[IPSECDP_A_POLICY];

	if (IPSECDP_NL_REQ(info->extack, NULL, info->attrs, IPSECDP_A_POLICY,
			   "missing policy attributes"))
		return -EINVAL;
	return nla_parse_nested(tb, IPSECDP_POL_A_MAX, nest, policy,
				info->extack);
}

/* ---- replies ---- */

static int ipsecdp_nl_put_tmpl(struct sk_buff *skb,
			       const struct ipsecdp_tmpl *t)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, IPSECDP_POL_A_TMPL);
	if (!nest ||
	    nla_put_u16(skb, IPSECDP_TMPL_A_FAMILY, t->family) ||
	    (t->has_addrs &&
	     (ipsecdp_nl_put_addr(skb, IPSECDP_TMPL_A_SRC, t->family,
				  &t->saddr) ||
	      ipsecdp_nl_put_addr(skb, IPSECDP_TMPL_A_DST, t->family,
				  &t->daddr))) ||
	    nla_put_u8(skb, IPSECDP_TMPL_A_PROTO, t->proto) ||
	    nla_put_u8(skb, IPSECDP_TMPL_A_MODE, t->mode) ||
	    (t->has_spi &&
	     nla_put_u32(skb, IPSECDP_TMPL_A_SPI, ntohl(t->spi))) ||
	    nla_put_u8(skb, IPSECDP_TMPL_A_LEVEL, t->level))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_pol_stats(struct sk_buff *skb,
				    const struct ipsecdp_policy *pol)
{
	struct ipsecdp_pol_stats st = {};
	struct nlattr *nest;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct ipsecdp_pol_stats *s = per_cpu_ptr(pol->stats, cpu);

		st.packets += READ_ONCE(s->packets);
		st.bytes += READ_ONCE(s->bytes);
	}

	nest = nla_nest_start(skb, IPSECDP_POL_A_STATS);
	if (!nest ||
	    nla_put_u64_64bit(skb, IPSECDP_POL_STAT_PACKETS, st.packets,
			      IPSECDP_POL_STAT_PAD) ||
	    nla_put_u64_64bit(skb, IPSECDP_POL_STAT_BYTES, st.bytes,
			      IPSECDP_POL_STAT_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int ipsecdp_nl_put_sel(struct sk_buff *skb,
			      const struct ipsecdp_sel *sel)
{
	if (nla_put_u16(skb, IPSECDP_POL_A_FAMILY, sel->family) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_POL_A_SRC, sel->family,
				&sel->saddr) ||
	    nla_put_u8(skb, IPSECDP_POL_A_SRC_PLEN, sel->splen) ||
	    ipsecdp_nl_put_addr(skb, IPSECDP_POL_A_DST, sel->family,
				&sel->daddr) ||
	    nla_put_u8(skb, IPSECDP_POL_A_DST_PLEN, sel->dplen) ||
	    nla_put_u8(skb, IPSECDP_POL_A_PROTO, sel->proto) ||
	    nla_put_u16(skb, IPSECDP_POL_A_SPORT_MIN, sel->sport_min) ||
	    nla_put_u16(skb, IPSECDP_POL_A_SPORT_MAX, sel->sport_max) ||
	    nla_put_u16(skb, IPSECDP_POL_A_DPORT_MIN, sel->dport_min) ||
	    nla_put_u16(skb, IPSECDP_POL_A_DPORT_MAX, sel->dport_max))
		return -EMSGSIZE;
	return 0;
}

/* An IPSECDP_A_POLICY nest describing @pol; the caller cancels on error. */
int ipsecdp_nl_policy_fill(struct sk_buff *skb, struct ipsecdp_policy *pol)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, IPSECDP_A_POLICY);
	if (!nest ||
	    nla_put_u8(skb, IPSECDP_POL_A_DIR, pol->dir) ||
	    nla_put_u32(skb, IPSECDP_POL_A_PRIORITY, pol->priority) ||
	    nla_put_u8(skb, IPSECDP_POL_A_ACTION, pol->action) ||
	    ipsecdp_nl_put_sel(skb, &pol->sel) ||
	    nla_put_u32(skb, IPSECDP_POL_A_INDEX, pol->index) ||
	    ipsecdp_nl_put_pol_stats(skb, pol) ||
	    (pol->flags && nla_put_u32(skb, IPSECDP_POL_A_FLAGS, pol->flags)))
		return -EMSGSIZE;
	for (i = 0; i < pol->ntmpl; i++)
		if (ipsecdp_nl_put_tmpl(skb, &pol->tmpl[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* ---- commands ---- */

/*
 * POLICY_ADD, or POLICY_UPDATE: replace the policy of the same selector
 * and direction.
 */
static int ipsecdp_nl_policy_set(struct genl_info *info, bool update)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_POL_A_MAX + 1];
	struct ipsecdp_policy *pol;
	int err;

	err = ipsecdp_nl_pol_attrs(info, tb, ipsecdp_pol_cfg_nl_policy);
	if (err)
		return err;

	pol = ipsecdp_policy_alloc();
	if (!pol)
		return -ENOMEM;
	err = ipsecdp_nl_parse_policy(info->attrs[IPSECDP_A_POLICY], tb, pol,
				      info->extack);
	if (!err && info->attrs[IPSECDP_A_BATCH]) {
		err = ipsecdp_batch_policy_add(info, pol);
	} else if (!err) {
		mutex_lock(&pn->cfg_lock);
		if (update)
			err = ipsecdp_policy_update(pn, pol, info->extack);
		else
			err = ipsecdp_policy_add(pn, pol, info->extack);
		mutex_unlock(&pn->cfg_lock);
	}
	/* on success the SPD or the batch owns the policy */
	if (err)
		ipsecdp_policy_free(pol);
	return err;
}

int ipsecdp_nl_policy_add(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_policy_set(info, false);
}

int ipsecdp_nl_policy_update(struct sk_buff *skb, struct genl_info *info)
{
	return ipsecdp_nl_unbatched(info) ?: ipsecdp_nl_policy_set(info, true);
}

/* The selector and direction of a request (POLICY_DEL, POLICY_GET). */
static int ipsecdp_nl_parse_pol_id(struct genl_info *info, struct nlattr **tb,
				   u8 *dir, struct ipsecdp_sel *sel)
{
	struct nlattr *nest = info->attrs[IPSECDP_A_POLICY];
	int err;

	err = ipsecdp_nl_pol_attrs(info, tb, ipsecdp_pol_id_nl_policy);
	if (err)
		return err;
	if (IPSECDP_NL_REQ(info->extack, nest, tb, IPSECDP_POL_A_DIR,
			   "missing policy direction"))
		return -EINVAL;
	*dir = nla_get_u8(tb[IPSECDP_POL_A_DIR]);
	return ipsecdp_nl_parse_sel(nest, tb, sel, info->extack);
}

/* One policy, by selector and direction. */
int ipsecdp_nl_policy_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_POL_A_MAX + 1];
	struct ipsecdp_policy *pol;
	struct ipsecdp_sel sel;
	struct sk_buff *msg;
	void *hdr;
	u8 dir;
	int err;

	err = ipsecdp_nl_parse_pol_id(info, tb, &dir, &sel);
	if (err)
		return err;

	msg = ipsecdp_nl_reply_new(info, IPSECDP_CMD_POLICY_GET, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->cfg_lock);
	pol = ipsecdp_policy_find(pn, dir, &sel);
	if (pol) {
		err = ipsecdp_nl_policy_fill(msg, pol);
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "no such policy");
		err = -ENOENT;
	}
	mutex_unlock(&pn->cfg_lock);
	return ipsecdp_nl_reply_send(info, msg, hdr, err);
}

int ipsecdp_nl_policy_del(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_POL_A_MAX + 1];
	struct ipsecdp_sel sel;
	u8 dir;
	int err;

	err = ipsecdp_nl_parse_pol_id(info, tb, &dir, &sel);
	if (err)
		return err;

	if (info->attrs[IPSECDP_A_BATCH])
		return ipsecdp_batch_policy_del(info, dir, &sel);
	mutex_lock(&pn->cfg_lock);
	err = ipsecdp_policy_del(pn, dir, &sel, info->extack);
	mutex_unlock(&pn->cfg_lock);
	return err;
}

int ipsecdp_nl_policy_get_dumpit(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct ipsecdp_nl_dump d = IPSECDP_NL_DUMP(skb, cb,
						   IPSECDP_CMD_POLICY_GET);
	struct ipsecdp_net *pn = ipsecdp_pernet(sock_net(skb->sk));
	struct ipsecdp_policy *pol;
	void *hdr;
	int dir;

	mutex_lock(&pn->cfg_lock);
	for (dir = 0; dir < __IPSECDP_DIR_MAX && !d.err; dir++) {
		list_for_each_entry(pol, &pn->spd.by_dir[dir], list) {
			hdr = ipsecdp_nl_dump_start(&d);
			if (hdr)
				ipsecdp_nl_dump_end(&d, hdr,
						    ipsecdp_nl_policy_fill(skb, pol));
			if (d.err)
				break;
		}
	}
	mutex_unlock(&pn->cfg_lock);
	return ipsecdp_nl_dump_done(&d);
}

int ipsecdp_nl_policy_flush(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));

	if (info->attrs[IPSECDP_A_BATCH])
		return ipsecdp_batch_policy_flush(info);
	mutex_lock(&pn->cfg_lock);
	ipsecdp_policy_flush(pn);
	mutex_unlock(&pn->cfg_lock);
	return 0;
}

/* The packet of a POLICY_MATCH request: full addresses, ports, dir. */
static int ipsecdp_nl_parse_match(const struct nlattr *nest,
				  struct nlattr **tb, u8 *dir,
				  struct ipsecdp_flow *fl,
				  struct netlink_ext_ack *extack)
{
	int err;

	memset(fl, 0, sizeof(*fl));
	if (IPSECDP_NL_REQ(extack, nest, tb, IPSECDP_POL_A_DIR,
			   "missing policy direction"))
		return -EINVAL;
	*dir = nla_get_u8(tb[IPSECDP_POL_A_DIR]);
	err = ipsecdp_nl_parse_ends(nest, tb, IPSECDP_POL_A_FAMILY,
				    IPSECDP_POL_A_SRC, IPSECDP_POL_A_DST,
				    &fl->family, &fl->saddr, &fl->daddr, extack);
	if (err)
		return err;
	if (tb[IPSECDP_POL_A_PROTO])
		fl->proto = nla_get_u8(tb[IPSECDP_POL_A_PROTO]);
	if (tb[IPSECDP_POL_A_SPORT_MIN])
		fl->sport = nla_get_u16(tb[IPSECDP_POL_A_SPORT_MIN]);
	if (tb[IPSECDP_POL_A_DPORT_MIN])
		fl->dport = nla_get_u16(tb[IPSECDP_POL_A_DPORT_MIN]);
	return 0;
}

/* What the datapath would do with a packet: the same lookup. */
int ipsecdp_nl_policy_match_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ipsecdp_net *pn = ipsecdp_pernet(genl_info_net(info));
	struct nlattr *tb[IPSECDP_POL_A_MAX + 1];
	struct ipsecdp_sa *sas[IPSECDP_MAX_TMPL];
	struct ipsecdp_policy *pol;
	unsigned int nsa = 0;
	struct ipsecdp_flow fl;
	struct sk_buff *msg;
	u8 dir, verdict;
	void *hdr;
	int err;

	err = ipsecdp_nl_pol_attrs(info, tb, ipsecdp_pol_match_nl_policy);
	if (err)
		return err;
	err = ipsecdp_nl_parse_match(info->attrs[IPSECDP_A_POLICY], tb, &dir,
				     &fl, info->extack);
	if (err)
		return err;

	msg = ipsecdp_nl_reply_new(info, IPSECDP_CMD_POLICY_MATCH, &hdr);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->cfg_lock);
	rcu_read_lock();
	verdict = ipsecdp_spd_decide(pn, dir, &fl, &pol, sas, &nsa);
	err = nla_put_u8(msg, IPSECDP_A_MATCH, verdict);
	if (!err && pol)
		err = ipsecdp_nl_policy_fill(msg, pol);
	/* the first SA applied (a bundle's inner one), as ipsecctl shows */
	if (!err && nsa)
		err = ipsecdp_nl_sa_fill(msg, sas[0]);
	rcu_read_unlock();
	mutex_unlock(&pn->cfg_lock);
	return ipsecdp_nl_reply_send(info, msg, hdr, err);
}
