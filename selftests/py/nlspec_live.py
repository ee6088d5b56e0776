#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The loaded module against its netlink spec (Documentation/netlink/ipsecdp.yaml).

usage: nlspec_live.py SPEC IPSECCTL

Run as root in a fresh network namespace with a dummy interface d0 of
10.66.0.1/24 up, the module loaded. Four checks, each line "ok: ..." or
"FAIL: ...", exit 1 if any failed:

 policy    the kernel's own policy dump (nlctrl CTRL_CMD_GETPOLICY) of
           every operation, walked through every nest, equals the policy
           the spec defines: which attributes each request accepts, their
           types, ranges, masks and lengths (scripts/nlgen.py's model; on
           6.1, whose genl_ops have one policy per command, do and dump
           merged);
 refusals  every attribute a request does not accept, at the top and in
           every nest a request reaches, sent alone: -EINVAL with the
           spec's message for that set as the extack message;
 replies   sa-get, policy-get (do and dump), stats-get and policy-match
           replies decode with the spec: each attribute is in its set,
           its length fits its type, enums and flags hold known values,
           top-level attributes are those the operation lists;
 events    every event of the spec (sa-add, sa-update, sa-del, sa-flush,
           policy-add, policy-update, policy-del, policy-flush, acquire,
           sa-expire), made by ipsecctl commands and a packet, decodes the
           same way with the attributes its event lists.
"""
import errno
import os
import platform
import socket
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "scripts"))
from nlgen import KernelGen, Spec  # noqa: E402

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 1, 10, 11
NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_ACK_TLVS = 0x200
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 1 << 15
NLA_TYPE_MASK = 0x3fff
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY, CTRL_CMD_GETPOLICY = 3, 10
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME, CTRL_ATTR_MCAST_GROUPS = 1, 2, 7
CTRL_ATTR_POLICY, CTRL_ATTR_OP_POLICY = 8, 9
CTRL_ATTR_POLICY_DO, CTRL_ATTR_POLICY_DUMP = 1, 2
CTRL_ATTR_MCAST_GRP_NAME, CTRL_ATTR_MCAST_GRP_ID = 1, 2
# enum netlink_policy_type_attr, enum netlink_attribute_type
PT_TYPE, PT_MIN_U, PT_MAX_U, PT_MIN_LEN, PT_MAX_LEN = 1, 4, 5, 6, 7
PT_IDX, PT_MAXTYPE, PT_MASK = 8, 9, 12
NL_TYPE = {"flag": 1, "u8": 2, "u16": 3, "u32": 4, "u64": 5, "binary": 10,
           "string": 12, "nest": 13}	# string: NLA_NUL_STRING
INT_SIZE = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}
INT_FMT = {"u8": "=B", "u16": "=H", "u32": "=I", "u64": "=Q"}

failed = 0


def ok(msg):
    print("ok: " + msg, flush=True)


def fail(msg):
    global failed
    failed += 1
    print("FAIL: " + msg, flush=True)


# ---------------------------------------------------------------------------
# netlink

def attr(atype, payload=b"", nested=False):
    t = atype | (NLA_F_NESTED if nested else 0)
    return struct.pack("=HH", 4 + len(payload), t) + payload + b"\0" * (-len(payload) % 4)


def attrs(buf):
    """[(type, payload, nested flag)] of a run of attributes."""
    out, off = [], 0
    while off + 4 <= len(buf):
        ln, t = struct.unpack_from("=HH", buf, off)
        if ln < 4 or off + ln > len(buf):
            raise ValueError(f"attribute length {ln} at {off} of {len(buf)}")
        out.append((t & NLA_TYPE_MASK, buf[off + 4:off + ln], bool(t & NLA_F_NESTED)))
        off += (ln + 3) & ~3
    return out


def adict(buf):
    return {t: p for t, p, _ in attrs(buf)}


def u(payload):
    return int.from_bytes(payload, sys.byteorder)


class Genl:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.setsockopt(SOL_NETLINK, NETLINK_CAP_ACK, 1)
        self.s.settimeout(10)
        self.seq = 0

    def request(self, ftype, cmd, body, dump=False, ver=1):
        """(messages [(cmd, attribute bytes)], errno, extack message)"""
        self.seq += 1
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        payload = struct.pack("=BBH", cmd, ver, 0) + body
        self.s.send(struct.pack("=IHHII", 16 + len(payload), ftype, flags,
                                self.seq, 0) + payload)
        msgs = []
        while True:
            data = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, t, fl, seq, _ = struct.unpack_from("=IHHII", data, off)
                m = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if seq != self.seq:
                    continue
                if t == NLMSG_DONE:
                    return msgs, 0, None
                if t == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", m)[0]
                    ext = None
                    if fl & NLM_F_ACK_TLVS:
                        a = adict(m[4 + 16:])
                        if NLMSGERR_ATTR_MSG in a:
                            ext = a[NLMSGERR_ATTR_MSG].rstrip(b"\0").decode()
                    if err or not dump:
                        return msgs, err, ext
                    continue
                msgs.append((m[0], m[4:]))

    def family(self, name):
        msgs, err, ext = self.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                                      attr(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
        if err:
            raise SystemExit(f"family {name}: errno {err} {ext or ''}")
        a = adict(msgs[0][1])
        groups = {}
        for _, g, _ in attrs(a.get(CTRL_ATTR_MCAST_GROUPS, b"")):
            ga = adict(g)
            groups[ga[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                u(ga[CTRL_ATTR_MCAST_GRP_ID])
        return u(a[CTRL_ATTR_FAMILY_ID]), groups


# ---------------------------------------------------------------------------
# the spec's model

class Model:
    def __init__(self, path):
        self.sp = Spec(path)
        self.kg = KernelGen(self.sp)
        self.consts = {n: d["value"] for n, d in self.sp.defs.items() if d["type"] == "const"}

    def num(self, v):
        if isinstance(v, int):
            return v
        words = str(v).split()
        val = self.consts[words[0]] if words[0] in self.consts else int(words[0], 0)
        if len(words) == 3:
            val = val - int(words[2]) if words[1] == "-" else val + int(words[2])
        return val

    def anum(self, setname):
        """attribute name -> number in a set (a subset: its base's numbers)"""
        return {a["name"]: a["_value"] for a in self.sp.base(setname)["attributes"]}

    def maxtype(self, setname):
        return max(a["_value"] for a in self.sp.base(setname)["attributes"])

    def expect(self, a):
        """The policy dump entry (dict) an accepted attribute must have."""
        t = a["type"]
        ck = a.get("checks", {})
        e = {PT_TYPE: NL_TYPE[t]}
        if t in INT_SIZE:
            enum = self.sp.defs.get(a.get("enum", ""))
            if enum and enum["type"] == "flags":
                e[PT_MASK] = sum(1 << i for _, _, i in self.sp.enum_entries(enum))
            else:
                e[PT_MIN_U] = self.num(ck.get("min", 0))
                e[PT_MAX_U] = self.num(ck.get("max", (1 << (8 * INT_SIZE[t])) - 1))
        elif t in ("string", "binary") and "max-len" in ck:
            e[PT_MAX_LEN] = self.num(ck["max-len"])
        elif t == "nest":
            e[PT_MAXTYPE] = self.maxtype(a["nested-attributes"])
        return e

    def nested_accept(self, setname):
        return [n for n, a in self.sp.attrs(setname) if a["type"] not in ("pad", "unused")]

    def nested_why(self, setname):
        s = self.sp.sets[setname]
        why = s["doc"].strip() if "subset-of" in s else f"{setname}: kernel to user only"
        return why.rstrip(".")

    def op_accept(self, op, kinds):
        """(top set, accepted names, refusal message), as nlgen.op_policy"""
        acc = []
        for k in kinds:
            if k in op:
                acc += [n for n, _ in self.kg.req_attrs(op, k)]
        what = op["name"] + (" dump" if kinds == ["dump"] else "")
        why = f"{what} takes no attributes"
        if acc:
            why = f"not an attribute of {what} requests (only {', '.join(acc)})"
        return self.kg.top_set(op), acc, why


def split_ops():
    """6.2+ has split do/dump policies; 6.1's genl_ops one per command."""
    rel = platform.release().split(".")
    return (int(rel[0]), int(rel[1])) >= (6, 2)


def op_kinds(op):
    """[(kinds, kernel dump slot)] of an operation on this kernel"""
    if "do" in op and "dump" in op and not split_ops():
        return [(["do", "dump"], CTRL_ATTR_POLICY_DO), (["do", "dump"], CTRL_ATTR_POLICY_DUMP)]
    return [([k], CTRL_ATTR_POLICY_DO if k == "do" else CTRL_ATTR_POLICY_DUMP)
            for k in ("do", "dump") if k in op]


# ---------------------------------------------------------------------------
# 1. the kernel's policies

def dump_policies(nl, fam):
    msgs, err, ext = nl.request(GENL_ID_CTRL, CTRL_CMD_GETPOLICY,
                                attr(CTRL_ATTR_FAMILY_ID, struct.pack("=H", fam)),
                                dump=True)
    if err:
        raise SystemExit(f"CTRL_CMD_GETPOLICY: errno {err} {ext or ''}")
    pols, ops = {}, {}
    for _, body in msgs:
        a = adict(body)
        if CTRL_ATTR_OP_POLICY in a:
            for cmd, slots, _ in attrs(a[CTRL_ATTR_OP_POLICY]):
                ops[cmd] = {t: u(p) for t, p, _ in attrs(slots)}
        if CTRL_ATTR_POLICY in a:
            for idx, entries, _ in attrs(a[CTRL_ATTR_POLICY]):
                for atype, desc, _ in attrs(entries):
                    pols.setdefault(idx, {})[atype] = {t: u(p) for t, p, _ in attrs(desc)}
    return pols, ops


def check_policy(m, pols, idx, setname, accept, where, seen, bad):
    """Compare kernel policy @idx with @setname accepting @accept."""
    if (idx, setname) in seen:
        return
    seen.add((idx, setname))
    got = pols.get(idx, {})
    want_attrs = dict(m.sp.attrs(setname))
    nums = m.anum(setname)
    for name, num in nums.items():
        here = f"{where} {setname}.{name}"
        a = want_attrs.get(name)
        if name not in accept or a is None or a["type"] in ("pad", "unused"):
            if num in got:
                bad.append(f"{here}: accepted by the kernel, refused by the spec")
            continue
        if num not in got:
            bad.append(f"{here}: refused by the kernel, accepted by the spec")
            continue
        want, have = m.expect(a), dict(got[num])
        sub = have.pop(PT_IDX, None)
        if have != want:
            bad.append(f"{here}: kernel {have}, spec {want}")
        if a["type"] == "nest":
            n = a["nested-attributes"]
            check_policy(m, pols, sub, n, m.nested_accept(n), f"{where} >", seen, bad)
    for num in got:
        if num not in nums.values():
            bad.append(f"{where} {setname}: kernel accepts attribute {num}, not in the spec")


def check_policies(m, nl, fam):
    pols, ops = dump_policies(nl, fam)
    n = 0
    for op in m.kg.ops:
        slots = ops.get(op["_value"], {})
        for kinds, slot in op_kinds(op):
            bad = []
            what = f"{op['name']} {'+'.join(kinds)}"
            if slot not in slots:
                fail(f"policy of {what}: the kernel reports none")
                continue
            top, acc, _ = m.op_accept(op, kinds)
            check_policy(m, pols, slots[slot], top, acc, what, set(), bad)
            for b in bad:
                fail("policy: " + b)
            n += 1
            if not bad:
                ok(f"policy of {what}: as the spec ({len(acc)} attributes at the top)")
    extra = set(ops) - {op["_value"] for op in m.kg.ops}
    if extra:
        fail(f"policy: the kernel has commands {sorted(extra)} the spec does not list")
    return n


# ---------------------------------------------------------------------------
# 2. refusals

def sample(a):
    """A payload of @a's type. Nests go without NLA_F_NESTED: with it, the
    kernel's strict check ("NLA_F_NESTED not expected") comes before the
    policy's own message for a refused attribute."""
    t = a["type"]
    if t in INT_SIZE:
        return struct.pack(INT_FMT[t], 1), False
    return {"flag": (b"", False), "string": (b"x\0", False), "binary": (b"\0" * 4, False),
            "nest": (b"", False), "pad": (b"\0" * 4, False)}[t]


def refusals(m, nl, fam):
    n = bad = 0
    for op in m.kg.ops:
        if "do" not in op:
            continue
        kinds = ["do", "dump"] if "dump" in op and not split_ops() else ["do"]
        top, acc, why = m.op_accept(op, kinds)
        # (set, accepted, message, wrap(inner attribute bytes) -> message body)
        todo = [(top, acc, why, lambda b: b)]
        seen = set()
        while todo:
            setname, accept, msg, wrap = todo.pop(0)
            if setname in seen:
                continue
            seen.add(setname)
            attrs_of = dict(m.sp.attrs(setname))
            for name, num in m.anum(setname).items():
                base = next(a for a in m.sp.base(setname)["attributes"] if a["name"] == name)
                if base["type"] == "unused":
                    continue
                if name in accept and name in attrs_of:
                    a = attrs_of[name]
                    if a["type"] == "nest":
                        sub = a["nested-attributes"]
                        todo.append((sub, m.nested_accept(sub), m.nested_why(sub),
                                     lambda b, w=wrap, k=num: w(attr(k, b, True))))
                    continue
                payload, nested = sample(base)
                _, err, ext = nl.request(fam, op["_value"], wrap(attr(num, payload, nested)))
                n += 1
                where = f"{op['name']}: {setname}.{name}"
                if err != errno.EINVAL or ext != msg:
                    bad += 1
                    fail(f"refusal {where}: errno {err}, \"{ext}\"; want EINVAL, \"{msg}\"")
    if not bad:
        ok(f"refusals: {n} attributes sent where a request does not take them,"
           " each refused with its set's message")
    return n


# ---------------------------------------------------------------------------
# 3. and 4. replies and events

def decode(m, setname, buf, where, bad, allowed=None):
    """Check @buf against @setname (full sets: replies and events)."""
    base = m.sp.base(setname)
    by_num = {a["_value"]: a for a in base["attributes"]}
    try:
        items = attrs(buf)
    except ValueError as e:
        bad.append(f"{where}: {e}")
        return
    for t, p, nested in items:
        a = by_num.get(t)
        if a is None or a["type"] == "unused":
            bad.append(f"{where}: attribute {t} is not in set {setname}")
            continue
        here = f"{where} {setname}.{a['name']}"
        if allowed is not None and a["name"] not in allowed:
            bad.append(f"{here}: not listed for this message")
        ty = a["type"]
        ck = a.get("checks", {})
        if ty in INT_SIZE:
            if len(p) != INT_SIZE[ty]:
                bad.append(f"{here}: {len(p)} bytes for a {ty}")
                continue
            v = u(p)
            enum = m.sp.defs.get(a.get("enum", ""))
            if enum and enum["type"] == "flags":
                mask = sum(1 << i for _, _, i in m.sp.enum_entries(enum))
                if v & ~mask:
                    bad.append(f"{here}: flags {v:#x} outside {mask:#x}")
            elif enum:
                lo = enum.get("value-start", 0)
                if not lo <= v < lo + len(enum["entries"]):
                    bad.append(f"{here}: {v} is not a value of enum {enum['name']}")
        elif ty == "pad":
            pass
        elif ty == "flag":
            if p:
                bad.append(f"{here}: a flag with {len(p)} bytes")
        elif ty == "string":
            if not p.endswith(b"\0"):
                bad.append(f"{here}: string without its NUL")
            elif "max-len" in ck and len(p) - 1 > m.num(ck["max-len"]):
                bad.append(f"{here}: string of {len(p) - 1} bytes")
        elif ty == "binary":
            if "max-len" in ck and len(p) > m.num(ck["max-len"]):
                bad.append(f"{here}: {len(p)} bytes, at most {m.num(ck['max-len'])}")
        elif ty == "nest":
            if not nested:
                bad.append(f"{here}: nest without NLA_F_NESTED")
            decode(m, a["nested-attributes"], p, here + " >", bad)


def listed(op, part):
    d = op.get(part[0])
    if part[0] == "event":
        return d.get("attributes", []) if d else []
    return ((d or {}).get(part[1]) or {}).get("attributes", [])


def check_msgs(m, label, msgs, op, part, bad):
    names = {o["_value"]: o for o in m.sp.ops}
    for cmd, body in msgs:
        if cmd != op["_value"]:
            bad.append(f"{label}: command {cmd} ({names.get(cmd, {}).get('name')}), "
                       f"want {op['name']}")
        decode(m, op["attribute-set"], body, label, bad, listed(op, part))


def ctl(ipsecctl, *args):
    r = subprocess.run([ipsecctl, *args], capture_output=True, text=True)
    if r.returncode:
        fail(f"ipsecctl {' '.join(args)}: exit {r.returncode}: {r.stderr.strip()}")


def send_udp(dst):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.sendto(b"acquire", (dst, 9))
    except OSError:
        pass	# EPERM/EAGAIN: the packet was dropped for want of an SA
    s.close()


def replies_events(m, nl, fam, groups, ipsecctl):
    ops = {o["name"]: o for o in m.sp.ops}
    ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    ev.bind((0, 0))
    ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groups["events"])
    gcm = "rfc4106(gcm(aes))"
    key = "0x" + "11" * 20
    cbc_a = ("auth-trunc", "hmac(sha256)", "0x" + "22" * 32, "128",
             "enc", "cbc(aes)", "0x" + "33" * 16)
    sa1 = ("src", "10.66.0.1", "dst", "10.66.0.2", "proto", "esp", "spi", "0x1001")
    ctl(ipsecctl, "sa", "add", *sa1, "mode", "transport", "aead", gcm, key, "128",
        "replay-window", "64", "flag", "esn", "encap", "espinudp", "4500", "4500", "10.66.0.9")
    ctl(ipsecctl, "sa", "update", *sa1, "mode", "transport", "aead", gcm, key, "128",
        "replay-window", "64", "flag", "esn", "encap", "espinudp", "4500", "4500", "10.66.0.9")
    ctl(ipsecctl, "sa", "add", "src", "10.66.0.2", "dst", "10.66.0.1", "proto", "esp",
        "spi", "0x1002", "mode", "tunnel", *cbc_a,
        "limit", "packet-soft", "100", "packet-hard", "200")
    ctl(ipsecctl, "sa", "add", "src", "10.66.0.1", "dst", "10.66.0.3", "proto", "ah",
        "spi", "0x1003", "mode", "transport", "auth-trunc", "hmac(sha256)",
        "0x" + "44" * 32, "128")
    ctl(ipsecctl, "sa", "add", "src", "10.66.0.1", "dst", "10.66.0.4", "proto", "esp",
        "spi", "0x1004", "mode", "transport", "aead", gcm, key, "128",
        "limit", "time-soft", "1", "time-hard", "2")
    pol = ("src", "10.66.0.1/32", "dst", "10.66.0.2/32", "proto", "udp", "dport", "9",
           "dir", "out")
    ctl(ipsecctl, "policy", "add", *pol, "priority", "10", "tmpl", "proto", "esp",
        "mode", "transport")
    ctl(ipsecctl, "policy", "update", *pol, "priority", "10", "tmpl", "proto", "esp",
        "mode", "transport", "level", "required")
    ctl(ipsecctl, "policy", "add", "src", "10.66.0.1/32", "dst", "10.66.0.5/32",
        "dir", "out", "tmpl", "proto", "esp", "mode", "transport")
    ctl(ipsecctl, "policy", "add", "src", "10.66.0.0/24", "dst", "10.66.0.0/24",
        "dir", "in", "action", "block")

    # replies
    n = 0
    sanum = m.anum("sa")
    top = m.anum("ipsecdp")
    pnum = m.anum("pol")
    sa_id = attr(top["sa"], attr(sanum["family"], struct.pack("=H", socket.AF_INET)) +
                 attr(sanum["dst"], socket.inet_aton("10.66.0.2")) +
                 attr(sanum["proto"], struct.pack("=B", socket.IPPROTO_ESP)) +
                 attr(sanum["spi"], struct.pack("=I", 0x1001)), True)
    pol_id = attr(top["policy"],
                  attr(pnum["family"], struct.pack("=H", socket.AF_INET)) +
                  attr(pnum["dir"], struct.pack("=B", 1)) +
                  attr(pnum["src"], socket.inet_aton("10.66.0.1")) +
                  attr(pnum["src-plen"], struct.pack("=B", 32)) +
                  attr(pnum["dst"], socket.inet_aton("10.66.0.5")) +
                  attr(pnum["dst-plen"], struct.pack("=B", 32)), True)
    match = attr(top["policy"],
                 attr(pnum["family"], struct.pack("=H", socket.AF_INET)) +
                 attr(pnum["dir"], struct.pack("=B", 1)) +
                 attr(pnum["src"], socket.inet_aton("10.66.0.1")) +
                 attr(pnum["dst"], socket.inet_aton("10.66.0.2")) +
                 attr(pnum["proto"], struct.pack("=B", socket.IPPROTO_UDP)) +
                 attr(pnum["dport-min"], struct.pack("=H", 9)), True)
    asks = [("sa-get", "do", sa_id, 1), ("sa-get", "dump", attr(top["keys"]), 4),
            ("sa-get", "dump", b"", 4),	# without keys
            ("policy-get", "do", pol_id, 1), ("policy-get", "dump", b"", 3),
            ("stats-get", "do", b"", 1), ("policy-match", "do", match, 1)]
    for name, kind, body, want in asks:
        op = ops[name]
        msgs, err, ext = nl.request(fam, op["_value"], body, dump=(kind == "dump"))
        bad = []
        if err:
            bad.append(f"errno {err} {ext or ''}")
        elif len(msgs) != want:
            bad.append(f"{len(msgs)} messages, want {want}")
        check_msgs(m, f"{name} {kind} reply", msgs, op, (kind, "reply"), bad)
        for b in bad:
            fail(f"{name} {kind}: {b}")
        if not bad:
            n += len(msgs)
            ok(f"{name} {kind}: {len(msgs)} replies decode with the spec")
    keyed = nl.request(fam, ops["sa-get"]["_value"], attr(top["keys"]), dump=True)[0]
    unkeyed = nl.request(fam, ops["sa-get"]["_value"], b"", dump=True)[0]
    if key[2:].encode() in b"".join(b.hex().encode() for _, b in unkeyed) or \
            key[2:].encode() not in b"".join(b.hex().encode() for _, b in keyed):
        fail("sa-get dump: keys only with the keys flag")

    # the rest of the events: acquire, sa-expire, deletes, flushes
    send_udp("10.66.0.5")
    time.sleep(2.5)		# 0x1004: soft after 1 s, hard after 2 s
    ctl(ipsecctl, "sa", "del", *sa1)
    ctl(ipsecctl, "policy", "del", *pol)
    ctl(ipsecctl, "sa", "flush")
    ctl(ipsecctl, "policy", "flush")
    want = {"sa-add": 4, "sa-update": 1, "policy-add": 3, "policy-update": 1,
            "acquire": 1, "sa-expire": 2, "sa-del": 2, "policy-del": 1,
            "sa-flush": 1, "policy-flush": 1}
    got = {}
    by_num = {o["_value"]: o for o in m.sp.ops}
    ev.settimeout(0.5)
    deadline = time.time() + 10
    bad = []
    while time.time() < deadline and any(got.get(k, 0) < v for k, v in want.items()):
        try:
            data = ev.recv(1 << 20)
        except socket.timeout:
            continue
        off = 0
        while off + 16 <= len(data):
            ln, t, _, _, _ = struct.unpack_from("=IHHII", data, off)
            body = data[off + 16:off + ln]
            off += (ln + 3) & ~3
            if t != fam:
                continue
            op = by_num.get(body[0])
            if op is None or "event" not in op:
                bad.append(f"event with command {body[0]}: not an event of the spec")
                continue
            got[op["name"]] = got.get(op["name"], 0) + 1
            check_msgs(m, f"{op['name']} event", [(body[0], body[4:])], op, ("event",), bad)
    for k, v in want.items():
        if got.get(k, 0) < v:
            bad.append(f"{k}: {got.get(k, 0)} events, want {v}")
    for b in bad:
        fail("events: " + b)
    if not bad:
        ok(f"events: {sum(got.values())} of {len(got)} kinds decode with the spec "
           f"({', '.join(f'{k} {v}' for k, v in sorted(got.items()))})")
    spec_events = {o["name"] for o in m.sp.ops if "event" in o}
    if spec_events - set(want):
        fail(f"events: the spec's {sorted(spec_events - set(want))} are not exercised")
    return n


def main():
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    m = Model(sys.argv[1])
    nl = Genl()
    fam, groups = nl.family(m.sp.name)
    npol = check_policies(m, nl, fam)
    nref = refusals(m, nl, fam)
    nrep = replies_events(m, nl, fam, groups, sys.argv[2])
    print(f"{npol} operation policies, {nref} refusals, {nrep} replies checked; "
          f"{failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
