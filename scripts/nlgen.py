#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generate the netlink code of ipsecdp from its YNL spec.

Documentation/netlink/ipsecdp.yaml is the source; this writes
  include/uapi/linux/ipsecdp.h    the uAPI header (defines, enums)
  include/ipsecdp_mib_names.h     the counters' names (module and ipsecctl)
  core/nl_gen.h, core/nl_gen.c    per-operation nla_policy tables and ops
  tools/ipsecctl/nlprint_gen.[ch] ipsecctl's attribute and command tables

  scripts/nlgen.py            regenerate the files
  scripts/nlgen.py --check    exit 1 and show a diff if any file differs
                              (make lint; selftests/tests/19-netlink-spec.sh)
  --spec FILE, --root DIR     another spec, another tree to write or check
                              (its files in the folders it has)

The kernel's policy of an operation's request accepts the attributes its
do (or dump) request lists; every other one of the set is refused with a
message naming the operation. Nests are checked with the attribute set
"<op>-req" when the spec has it (a subset whose nests point to subsets),
else with the operation's set. The checks an attribute has in the spec
(max, min, max-len, and a flags enum: the mask) are written once, as
ATTR_CHECK; a policy is "[0 ... max] = refused", then IPSECDP_NLA(ATTR)
for each attribute it takes, a nested set's policy just before the first
policy that points to it. A subset may change only nested-attributes.
Split do/dump operations need 6.2; for 6.1 a table of genl_ops with one
policy per command (do and dump merged) is generated beside it.
"""
import argparse
import difflib
import os
import sys

import yaml

GEN = "Do not edit: generated from Documentation/netlink/ipsecdp.yaml by scripts/nlgen.py."


def cname(*parts):
    return "_".join(p for p in parts if p).upper().replace("-", "_")


def lname(*parts):
    return cname(*parts).lower()


class Spec:
    def __init__(self, path):
        with open(path) as f:
            self.y = yaml.safe_load(f)
        self.name = self.y["name"]
        self.defs = {d["name"]: d for d in self.y.get("definitions", [])}
        self.sets = {s["name"]: s for s in self.y["attribute-sets"]}
        self.ops = self.y["operations"]["list"]
        self.op_prefix = self.y["operations"]["name-prefix"]
        self._values()

    def _values(self):
        for s in self.sets.values():
            if "subset-of" in s:
                continue
            v = 0
            for a in s["attributes"]:
                v = a.get("value", v)
                a["_value"] = v
                if a["type"] == "unused" and v:
                    raise SystemExit(f"nlgen: {s['name']}.{a['name']}: unused only as 0")
                v += 1
        for s in self.sets.values():
            for a in s.get("attributes", []) if "subset-of" in s else []:
                if set(a) - {"name", "nested-attributes"}:
                    raise SystemExit(f"nlgen: {s['name']}.{a['name']}: a subset may "
                                     "change only nested-attributes (checks are per set)")
        v = 1
        for op in self.ops:
            v = op.get("value", v)
            op["_value"] = v
            v += 1

    # ---- names ----
    def set_prefix(self, s):
        return s.get("name-prefix", self.name + "-a-" + s["name"] + "-")

    def attr_c(self, setname, attr):
        base = self.base(setname)
        return cname(self.set_prefix(base) + attr)

    def enum_entries(self, d):
        out = []
        for i, e in enumerate(d["entries"]):
            if isinstance(e, str):
                e = {"name": e}
            out.append((e["name"], e.get("doc"), i))
        return out

    def def_prefix(self, d):
        return d.get("name-prefix", self.name + "-" + d["name"] + "-")

    def expr(self, v):
        """A check's value: a number, or a const name, maybe with '- 1'."""
        if isinstance(v, int):
            return str(v)
        words = str(v).split()
        if words[0] in self.defs:
            words[0] = cname(self.name, words[0])
        return " ".join(words)

    # ---- sets ----
    def base(self, setname):
        s = self.sets[setname]
        return self.sets[s["subset-of"]] if "subset-of" in s else s

    def attrs(self, setname):
        """(name, attribute) of a set; a subset's with its overrides."""
        s = self.sets[setname]
        base = self.base(setname)
        by_name = {a["name"]: a for a in base["attributes"]}
        if s is base:
            return [(a["name"], a) for a in base["attributes"]]
        out = []
        for a in s["attributes"]:
            full = dict(by_name[a["name"]])
            full.update(a)
            out.append((a["name"], full))
        return out

    def max_c(self, setname):
        base = self.base(setname)
        return cname(self.set_prefix(base) + "max")


def packed(entries, width=100):
    """Table @entries, tab-indented, as many to a line as fit in @width."""
    out, line = [], ""
    for ent in entries:
        if line and len(f"\t{line} {ent}".expandtabs(8)) > width:
            out.append(f"\t{line}")
            line = ""
        line = f"{line} {ent}" if line else ent
    return out + ([f"\t{line}"] if line else [])


def hdr_comment(doc, indent=""):
    lines = [ln.rstrip() for ln in doc.strip().splitlines()]
    if len(lines) == 1 and len(indent.expandtabs(8)) + len(lines[0]) + 6 <= 100:
        return [f"{indent}/* {lines[0]} */"]
    return [f"{indent}/*"] + [f"{indent} * {ln}".rstrip() for ln in lines] + [f"{indent} */"]


def entry_line(name, doc, last=","):
    text = f"\t{name}{last}"
    if doc:
        first = doc.strip().splitlines()[0]
        if len(doc.strip().splitlines()) == 1:
            pad = "\t" * max(1, (40 - len(text.expandtabs(8)) + 7) // 8)
            cand = f"{text}{pad}/* {first} */"
            if len(cand.expandtabs(8)) <= 100:
                return [cand]
        return hdr_comment(doc, "\t") + [text]
    return [text]


# ---------------------------------------------------------------------------
# include/uapi/linux/ipsecdp.h

def gen_uapi(sp):
    y = sp.y
    guard = "_UAPI_LINUX_" + cname(sp.name) + "_H"
    o = ["/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */",
         "/* " + GEN + " */", "/*"]
    o += [f" * {ln}".rstrip() for ln in y["doc"].strip().splitlines()]
    o += [" */", f"#ifndef {guard}", f"#define {guard}", "",
          "#include <linux/types.h>", "",
          f"#define {cname(y['c-family-name'])}\t\"{sp.name}\"",
          f"#define {cname(y['c-version-name'])}\t{y['version']}"]
    for g in y["mcast-groups"]["list"]:
        o.append(f"#define {cname(sp.name, 'mcgrp', g['name'])}\t\"{g['name']}\"")
    o.append("")
    for d in y["definitions"]:
        if d["type"] != "const":
            continue
        o += hdr_comment(d["doc"]) if d.get("doc") else []
        o.append(f"#define {cname(sp.name, d['name'])}\t{d['value']}")
    for d in y["definitions"]:
        if d["type"] == "const":
            continue
        o.append("")
        if d.get("doc"):
            o += hdr_comment(d["doc"])
        pre = sp.def_prefix(d)
        if d["type"] == "flags":
            for name, doc, i in sp.enum_entries(d):
                if doc:
                    o += hdr_comment(doc)
                o.append(f"#define {cname(pre + name)}\t(1U << {i})")
            continue
        o.append(f"enum {lname(d['enum-name'])} {{")
        start = d.get("value-start")
        for name, doc, i in sp.enum_entries(d):
            first = f" = {start}" if i == 0 and start is not None else ""
            o += entry_line(cname(pre + name) + first, doc)
        if d.get("render-max"):
            o.append(f"\t__{cname(pre + 'max')},")
        o.append("};")
    for s in y["attribute-sets"]:
        if "subset-of" in s:
            continue
        pre = sp.set_prefix(s)
        o.append("")
        if s.get("doc"):
            o += hdr_comment(s["doc"])
        o.append(f"enum {lname(s['enum-name'])} {{")
        for a in s["attributes"]:
            o += entry_line(cname(pre + a["name"]), a.get("doc"))
        o += [f"\t__{cname(pre + 'max')},", "};", "",
              f"#define {cname(pre + 'max')} (__{cname(pre + 'max')} - 1)"]
    pre = sp.op_prefix
    o += ["", f"enum {lname(y['operations']['enum-name'])} {{",
          f"\t{cname(pre + 'unspec')},"]
    for op in sp.ops:
        doc = op.get("doc", "").strip().splitlines()
        o += entry_line(cname(pre + op["name"]), doc[0] if len(doc) == 1 else None)
    o += [f"\t__{cname(pre + 'max')},", "};", "",
          f"#define {cname(pre + 'max')} (__{cname(pre + 'max')} - 1)", "",
          "/* Which protocols have ports, shared by the module and ipsecctl. */",
          f"#include <linux/{sp.name}_proto.h>", "",
          f"#endif /* {guard} */"]
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# include/ipsecdp_mib_names.h

def gen_mib_names(sp):
    s = sp.sets["mib"]
    pre = sp.set_prefix(s)
    o = ["/* SPDX-License-Identifier: GPL-2.0 */",
         "/* " + GEN + " */",
         "/*",
         " * Names of enum ipsecdp_mib, the first word of each counter's doc in",
         " * the spec: /proc/net/ipsecdp_stat (core/stats.c) and ipsecctl stats.",
         " */",
         "#ifndef _IPSECDP_MIB_NAMES_H",
         "#define _IPSECDP_MIB_NAMES_H", "",
         f"static const char * const ipsecdp_mib_names[__{cname(pre + 'max')}] = {{"]
    for a in s["attributes"]:
        if a["type"] in ("unused", "pad"):
            continue
        name = a["doc"].split(";")[0].strip()
        o.append(f"\t[{cname(pre + a['name'])}] = \"{name}\",")
    o += ["};", "", "#endif /* _IPSECDP_MIB_NAMES_H */"]
    return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# core/nl_gen.h, core/nl_gen.c

NLA = {"u8": "NLA_U8", "u16": "NLA_U16", "u32": "NLA_U32", "u64": "NLA_U64",
       "flag": "NLA_FLAG"}


class KernelGen:
    def __init__(self, sp):
        self.sp = sp
        self.nested = []	# nested sets reached from requests, in order
        self.used = set()	# the attributes some request accepts (their checks)
        self.ops = [op for op in sp.ops if "do" in op or "dump" in op]
        for op in self.ops:
            for kind in ("do", "dump"):
                if kind in op:
                    for name, a in self.req_attrs(op, kind):
                        if a["type"] == "nest":
                            self.reach(a["nested-attributes"])

    def top_set(self, op):
        req = op["name"] + "-req"
        return req if req in self.sp.sets else op["attribute-set"]

    def req_attrs(self, op, kind):
        want = (op[kind].get("request") or {}).get("attributes", [])
        return [(n, a) for n, a in self.sp.attrs(self.top_set(op)) if n in want]

    def reach(self, setname):
        if setname in self.nested:
            return
        self.nested.append(setname)
        for n, a in self.sp.attrs(setname):
            if a["type"] == "nest":
                self.reach(a["nested-attributes"])

    def pol_name(self, setname):
        return f"{lname(self.sp.name, setname)}_nl_policy"

    def policy_entry(self, setname, a):
        sp = self.sp
        t = a["type"]
        ck = a.get("checks", {})
        if t == "nest":
            return f"NLA_POLICY_NESTED({self.pol_name(a['nested-attributes'])})"
        if t in ("u8", "u16", "u32", "u64"):
            enum = sp.defs.get(a.get("enum", ""))
            if enum and enum["type"] == "flags":
                pre = sp.def_prefix(enum)
                bits = " | ".join(cname(pre + n) for n, _, _ in sp.enum_entries(enum))
                return f"NLA_POLICY_MASK({NLA[t]}, {bits})"
            mx = ck.get("max")
            if enum and mx is not None:
                entries = sp.enum_entries(enum)
                if entries[-1][2] == mx:
                    mx = cname(sp.def_prefix(enum) + entries[-1][0])
            if mx is not None and "min" in ck:
                return f"NLA_POLICY_RANGE({NLA[t]}, {sp.expr(ck['min'])}, {sp.expr(mx)})"
            if mx is not None:
                return f"NLA_POLICY_MAX({NLA[t]}, {sp.expr(mx)})"
            if "min" in ck:
                return f"NLA_POLICY_MIN({NLA[t]}, {sp.expr(ck['min'])})"
            return f"{{ .type = {NLA[t]}, }}"
        if t == "flag":
            return "{ .type = NLA_FLAG, }"
        if t == "string":
            ln = f" .len = {sp.expr(ck['max-len'])}," if "max-len" in ck else ""
            return f"{{ .type = NLA_NUL_STRING,{ln} }}"
        if t == "binary":
            ln = f" .len = {sp.expr(ck['max-len'])}," if "max-len" in ck else ""
            return f"{{ .type = NLA_BINARY,{ln} }}"
        raise SystemExit(f"nlgen: {setname}.{a['name']}: no policy for type {t}")

    def checks(self):
        """Each attribute's checks, once: a macro naming its policy entry."""
        sp = self.sp
        o = []
        done = set()
        for s in self.nested + [self.top_set(op) for op in self.ops]:
            base = sp.base(s)
            if base["name"] in done:
                continue
            done.add(base["name"])
            for a in base["attributes"]:
                if a["type"] in ("unused", "nest", "pad"):
                    continue
                key = sp.attr_c(s, a["name"])
                if key not in self.used:
                    continue
                entry = self.policy_entry(s, a)
                line = f"#define {key}_CHECK\t{entry}"
                if len(line.expandtabs(8)) > 100:
                    line = f"#define {key}_CHECK \\\n\t{entry}"
                o.append(line)
        return o

    def policy(self, name, setname, accept, why, static):
        """The policy of @setname accepting @accept; others refused (@why)."""
        sp = self.sp
        attrs = dict(sp.attrs(setname))
        real = [a for a in sp.base(setname)["attributes"] if a["type"] != "unused"]
        o = [f"{'static ' if static else ''}const struct nla_policy "
             f"{name}[{sp.max_c(setname)} + 1] = {{"]
        if any(a["name"] not in accept for a in real):
            msg = f"\"{why.rstrip('.')}\""
            if len(f"\t\tIPSECDP_NL_REFUSE({msg}),".expandtabs(8)) > 100:
                var = name.replace("_nl_policy", "_refused")
                o[:0] = [f"static const char {var}[] =", f"\t{msg};", ""]
                msg = var
            o += [f"\t[0 ... {sp.max_c(setname)}] =", f"\t\tIPSECDP_NL_REFUSE({msg}),"]
        ents = []
        for a in real:
            if a["name"] not in accept:
                continue
            key = sp.attr_c(setname, a["name"])
            if a["type"] == "nest":
                ents.append(f"[{key}] = {self.policy_entry(setname, attrs[a['name']])},")
            else:
                ents.append(f"IPSECDP_NLA({key}),")
                self.used.add(key)
        return o + packed(ents) + ["};"]

    def nested_policy(self, setname):
        s = self.sp.sets[setname]
        accept = [n for n, a in self.sp.attrs(setname) if a["type"] not in ("pad", "unused")]
        if "subset-of" in s:
            why = s["doc"].strip()
        else:
            why = f"{setname}: kernel to user only"
        return self.policy(self.pol_name(setname), setname, accept, why, False)

    def need(self, setname, out, done):
        """@setname's policy into @out once, after the nests it points to."""
        if setname in done:
            return
        done.add(setname)
        for _, a in self.sp.attrs(setname):
            if a["type"] == "nest":
                self.need(a["nested-attributes"], out, done)
        out += [""] + self.nested_policy(setname)

    def op_policy(self, op, kinds, suffix):
        accept = []
        for k in kinds:
            if k in op:
                accept += [n for n, _ in self.req_attrs(op, k)]
        what = op["name"] + (" dump" if kinds == ["dump"] else "")
        why = f"{what} takes no attributes"
        if accept:
            why = f"not an attribute of {what} requests (only {', '.join(accept)})"
        name = f"{lname(self.sp.name, op['name'])}{suffix}_nl_policy"
        return name, self.policy(name, self.top_set(op), accept, why, True)

    def handler(self, op, kind):
        return f"{lname(self.sp.name)}_nl_{lname(op['name'])}_{kind}it"

    def flags(self, op):
        f = ["GENL_UNS_ADMIN_PERM" for x in op.get("flags", []) if x == "uns-admin-perm"]
        f += ["GENL_ADMIN_PERM" for x in op.get("flags", []) if x == "admin-perm"]
        return f

    def n_split(self):
        return sum(("do" in op) + ("dump" in op) for op in self.ops)

    def gen_h(self):
        sp = self.sp
        o = ["/* SPDX-License-Identifier: GPL-2.0 */", "/* " + GEN + " */",
             "#ifndef _IPSECDP_NL_GEN_H", "#define _IPSECDP_NL_GEN_H", "",
             "#include <net/genetlink.h>", "#include <net/netlink.h>",
             "#include <linux/ipsecdp.h>", "",
             "/* Policies of the nests of requests, for the handlers' parsing */"]
        for s in self.nested:
            o.append(f"extern const struct nla_policy {self.pol_name(s)}[{sp.max_c(s)} + 1];")
        o += ["", "/* Handlers (core/genetlink.c, nl_sa.c, nl_policy.c, nl_batch.c) */"]
        for op in self.ops:
            if "do" in op:
                o.append(f"int {self.handler(op, 'do')}(struct sk_buff *skb, struct genl_info *info);")
            if "dump" in op:
                o.append(f"int {self.handler(op, 'dump')}(struct sk_buff *skb, "
                         "struct netlink_callback *cb);")
        o += ["", "#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS",
              f"extern const struct genl_split_ops ipsecdp_nl_ops[{self.n_split()}];",
              "#else",
              f"extern const struct genl_ops ipsecdp_nl_ops[{len(self.ops)}];",
              "#endif", "", "#endif /* _IPSECDP_NL_GEN_H */"]
        return "\n".join(o) + "\n"

    def gen_c(self):
        sp = self.sp
        o = ["// SPDX-License-Identifier: GPL-2.0", "/* " + GEN + " */",
             "#include \"core/compat.h\"", "#include \"core/nl_gen.h\"", "",
             "/* Not accepted in this request: refused, saying why */",
             "#define IPSECDP_NL_REFUSE(msg) \\",
             "\t{ .type = NLA_REJECT, .reject_message = (msg), }", "",
             "/*",
             " * Each attribute's checks (ATTR_CHECK), written once; IPSECDP_NLA(ATTR)",
             " * is its entry in a policy. A request's policy refuses every attribute",
             " * of its set ([0 ... max]: netlink never looks up 0) and then takes",
             " * the checks of the ones it accepts: the later initializer wins",
             " * (-Wno-override-init for this file, Kbuild.objs; sparse allows",
             " * overriding a whole-array range). Nests are named in each policy:",
             " * which policy a nest has depends on the request.",
             " */",
             "#define IPSECDP_NLA(attr) \\", "\t[attr] = attr##_CHECK", "@CHECKS@"]
        common, split, full = [], [], []
        done = set()
        for op in self.ops:
            both = "do" in op and "dump" in op
            for k in ("do", "dump"):
                if k in op:
                    for _, a in self.req_attrs(op, k):
                        if a["type"] == "nest":
                            self.need(a["nested-attributes"], common, done)
                    name, pol = self.op_policy(op, [k], "_" + k)
                    if both:
                        split += [""] + pol
                    else:
                        common += [""] + pol
                    op["_" + k] = name
            if both:
                name, pol = self.op_policy(op, ["do", "dump"], "")
                full += [""] + pol
                op["_full"] = name
            else:
                op["_full"] = op["_do"] if "do" in op else op["_dump"]
        o += common
        o += ["", "#ifdef IPSECDP_HAVE_GENL_SPLIT_OPS"] + split
        o += ["", "const struct genl_split_ops ipsecdp_nl_ops[] = {"]
        for op in self.ops:
            for k in ("do", "dump"):
                if k not in op:
                    continue
                cap = "GENL_CMD_CAP_DO" if k == "do" else "GENL_CMD_CAP_DUMP"
                o += ["\t{",
                      f"\t\t.cmd\t\t= {cname(sp.op_prefix + op['name'])},",
                      f"\t\t.{k}it\t\t= {self.handler(op, k)},",
                      f"\t\t.policy\t\t= {op['_' + k]},",
                      f"\t\t.maxattr\t= {sp.max_c(op['attribute-set'])},",
                      f"\t\t.flags\t\t= {' | '.join(self.flags(op) + [cap])},",
                      "\t},"]
        o += ["};", "#else"] + full
        o += ["", "const struct genl_ops ipsecdp_nl_ops[] = {"]
        for op in self.ops:
            o += ["\t{", f"\t\t.cmd\t\t= {cname(sp.op_prefix + op['name'])},"]
            for k in ("do", "dump"):
                if k in op:
                    o.append(f"\t\t.{k}it\t\t= {self.handler(op, k)},")
            o += [f"\t\t.policy\t\t= {op['_full']},",
                  f"\t\t.maxattr\t= {sp.max_c(op['attribute-set'])},"]
            if self.flags(op):
                o.append(f"\t\t.flags\t\t= {' | '.join(self.flags(op))},")
            o.append("\t},")
        o += ["};", "#endif"]
        at = o.index("@CHECKS@")
        o[at:at + 1] = self.checks()
        return "\n".join(o) + "\n"


# ---------------------------------------------------------------------------
# tools/ipsecctl/nlprint_gen.h, tools/ipsecctl/nlprint_gen.c

# How ipsecctl shows a value beyond its type (the spec has no display hints
# for these): (attribute name, type) -> the printer's type.
TOOL_HINT = {("family", "u16"): "NLP_FAMILY", ("spi", "u32"): "NLP_SPI",
             ("src", "binary"): "NLP_ADDR", ("dst", "binary"): "NLP_ADDR"}
TOOL_TYPE = {"u8": "NLP_U8", "u16": "NLP_U16", "u32": "NLP_U32", "u64": "NLP_U64",
             "string": "NLP_STR", "binary": "NLP_BIN", "flag": "NLP_FLAG",
             "nest": "NLP_NEST"}
NLP_TYPES = list(dict.fromkeys(list(TOOL_TYPE.values()) + list(TOOL_HINT.values())))


def tool_type(setname, a):
    t = a["type"]
    if (a["name"], t) in TOOL_HINT:
        return TOOL_HINT[(a["name"], t)]
    if t not in TOOL_TYPE:
        raise SystemExit(f"nlgen: {setname}.{a['name']}: no printer for type {t}")
    return TOOL_TYPE[t]


def tool_sets(sp):
    """The sets reached from the top one, each after the sets it nests."""
    order = []

    def reach(s):
        if s in order:
            return
        for _, a in sp.attrs(s):
            if a["type"] == "nest":
                reach(a["nested-attributes"])
        order.append(s)
    reach(sp.name)
    return order


def gen_tool_h(sp):
    return "\n".join([
        "/* SPDX-License-Identifier: GPL-2.0 */", "/* " + GEN + " */",
        "/*",
        " * ipsecctl: the attributes (name, type, nest) of every attribute set",
        " * reached from the top one, and the commands' names, for the printer",
        " * of requests (nlprint.c).",
        " */",
        "#ifndef _IPSECCTL_NLPRINT_GEN_H", "#define _IPSECCTL_NLPRINT_GEN_H", "",
        f"#include <linux/{sp.name}.h>", "",
        "/* The spec's type, or how the value is shown (ADDR, FAMILY, SPI) */",
        "enum nlp_type {"] + [f"\t{t}," for t in NLP_TYPES] + [
        "};", "",
        "struct nlp_set;", "",
        "struct nlp_attr {",
        "\tconst char *name;\t\t/* NULL: not an attribute of the set */",
        "\tenum nlp_type type;",
        "\tconst struct nlp_set *nest;\t/* NLP_NEST: the nested set */",
        "};", "",
        "struct nlp_set {",
        "\tint max;",
        "\tconst struct nlp_attr *attrs;\t/* [0..max] */",
        "};", "",
        f"extern const struct nlp_set nlp_set_{lname(sp.name)};",
        f"extern const char * const nlp_cmd_names[{cname(sp.op_prefix + 'max')} + 1];",
        "", "#endif /* _IPSECCTL_NLPRINT_GEN_H */"]) + "\n"


def gen_tool(sp):
    o = ["// SPDX-License-Identifier: GPL-2.0", "/* " + GEN + " */",
         "#include \"nlprint_gen.h\"", "",
         "/* [IPSECDP_SA_A_SPI] = { \"SPI\", NLP_SPI }: NLP(SA_A_, SPI, SPI) */",
         "#define NLP(pre, a, t) \\", "\t[IPSECDP_##pre##a] = { #a, NLP_##t }",
         "#define NLP_NEST(pre, a, set) \\",
         "\t[IPSECDP_##pre##a] = { #a, NLP_NEST, &nlp_set_##set }"]
    top = cname(sp.name) + "_"
    for s in tool_sets(sp):
        var = f"nlp_{lname(s)}_attrs"
        o += ["", f"static const struct nlp_attr {var}[{sp.max_c(s)} + 1] = {{"]
        ents = []
        for _, a in sp.attrs(s):
            if a["type"] in ("unused", "pad"):
                continue
            t = tool_type(s, a)
            key = sp.attr_c(s, a["name"])
            if not key.startswith(top):
                raise SystemExit(f"nlgen: {key}: the tool's tables want the prefix {top}")
            pre = key[len(top):-len(cname(a["name"]))]
            if t == "NLP_NEST":
                ents.append(f"NLP_NEST({pre}, {cname(a['name'])}, "
                            f"{lname(a['nested-attributes'])}),")
            else:
                ents.append(f"NLP({pre}, {cname(a['name'])}, {t[len('NLP_'):]}),")
        o += packed(ents) + ["};", "", f"{'' if s == sp.name else 'static '}const struct nlp_set "
              f"nlp_set_{lname(s)} = {{ {sp.max_c(s)}, {var} }};"]
    o += ["", f"const char * const nlp_cmd_names[{cname(sp.op_prefix + 'max')} + 1] = {{"]
    for op in sp.ops:
        o.append(f"\t[{cname(sp.op_prefix + op['name'])}] = \"{cname(op['name'])}\",")
    o.append("};")
    return "\n".join(o) + "\n"


def outputs(sp):
    k = KernelGen(sp)
    return {
        "include/uapi/linux/ipsecdp.h": gen_uapi(sp),
        "include/ipsecdp_mib_names.h": gen_mib_names(sp),
        "core/nl_gen.h": k.gen_h(),
        "core/nl_gen.c": k.gen_c(),
        "tools/ipsecctl/nlprint_gen.h": gen_tool_h(sp),
        "tools/ipsecctl/nlprint_gen.c": gen_tool(sp),
    }


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--spec", default=None)
    ap.add_argument("--root", default=root)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    spec = args.spec or os.path.join(root, "Documentation/netlink/ipsecdp.yaml")
    sp = Spec(spec)
    rc = 0
    for rel, text in outputs(sp).items():
        path = os.path.join(args.root, rel)
        if not os.path.isdir(os.path.dirname(path)):
            continue	# a tree without this part (a copy of the module's files)
        old = open(path).read() if os.path.exists(path) else ""
        if old == text:
            continue
        if args.check:
            rc = 1
            print(f"nlgen: {rel} is not what {os.path.relpath(spec, args.root)} generates:")
            sys.stdout.writelines(difflib.unified_diff(
                old.splitlines(True), text.splitlines(True), rel, rel + " (generated)"))
        else:
            with open(path, "w") as f:
                f.write(text)
            print(f"nlgen: wrote {rel}")
    if rc:
        print("nlgen: run scripts/nlgen.py and commit the result")
    return rc


if __name__ == "__main__":
    sys.exit(main())
