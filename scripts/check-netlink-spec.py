#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/netlink/ipsecdp.yaml against the code.

Static checks (the default; `make lint` runs them):

* the uAPI header's enums and defines (names and values, implicit
  numbering, the __*_MAX sentinels and *_MAX defines) against the
  values the spec assigns, as a unified diff per enum;
* attribute types: the spec against the kernel's nla_policy tables
  (type, nested policy, length and value checks), against the types the
  kernel puts in its messages (nla_put_*, nla_nest_start, the padding
  attribute of nla_put_u64_64bit), and against the header's comments;
* operations against the genl ops table (do / dump, permission flags),
  the multicast groups, the family name and version;
* the spec itself: references, request attributes the kernel accepts.

--live (as root, module loaded) also compares the spec with what the
running kernel reports (nlctrl: family, operations, groups, the policy
dump) and decodes real replies and events with the spec. Exit status: 0
clean, 1 mismatch, 2 usage or parse error.
"""
import argparse
import ast
import difflib
import errno
import glob
import os
import re
import select
import socket
import struct
import sys
import time

try:
    import yaml
except ImportError:
    sys.exit("check-netlink-spec: python3-yaml is missing (apt-get install python3-yaml)")

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MOD_DIRS = ["core", "sa", "spd", "esp", "ah", "crypto_glue"]

SCALAR_BITS = {"u8": 8, "u16": 16, "u32": 32, "u64": 64,
               "s8": 8, "s16": 16, "s32": 32, "s64": 64}
SCALAR_LEN = {"u8": 1, "u16": 2, "u32": 4, "u64": 8,
              "s8": 1, "s16": 2, "s32": 4, "s64": 8}
ATTR_TYPES = {"unused", "pad", "flag", "binary", "bitfield32", "uint", "sint",
              "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "string",
              "nest", "indexed-array", "nest-type-value"}
NLA_TO_YAML = {
    "NLA_U8": "u8", "NLA_U16": "u16", "NLA_U32": "u32", "NLA_U64": "u64",
    "NLA_S8": "s8", "NLA_S16": "s16", "NLA_S32": "s32", "NLA_S64": "s64",
    "NLA_UINT": "uint", "NLA_SINT": "sint", "NLA_FLAG": "flag",
    "NLA_BINARY": "binary", "NLA_STRING": "string", "NLA_NUL_STRING": "string",
    "NLA_NESTED": "nest", "NLA_NESTED_ARRAY": "indexed-array",
    "NLA_BITFIELD32": "bitfield32", "NLA_MSECS": "u64",
}
PUT_TO_YAML = {
    "u8": "u8", "u16": "u16", "u32": "u32", "u64_64bit": "u64",
    "s8": "s8", "s16": "s16", "s32": "s32", "s64": "s64",
    "uint": "uint", "sint": "sint", "string": "string", "flag": "flag",
    "be16": "u16", "be32": "u32", "be64": "u64", "in_addr": "u32",
    "in6_addr": "binary", "bitfield32": "bitfield32", "msecs": "u64",
}
SIZEOF = {"struct in6_addr": 16, "struct in_addr": 4, "__be32": 4,
          "__be16": 2, "u8": 1, "u16": 2, "u32": 4, "u64": 8}
OP_FLAGS = {"GENL_ADMIN_PERM": "admin-perm",
            "GENL_UNS_ADMIN_PERM": "uns-admin-perm"}
MCGRP_FLAGS = {"GENL_MCAST_CAP_NET_ADMIN": "uns-admin-perm"}

# The keys the genetlink-legacy schema allows (additionalProperties: False).
SCHEMA = {
    "top": {"name", "doc", "protocol", "uapi-header", "c-family-name",
            "c-version-name", "max-by-define", "cmd-max-name",
            "cmd-cnt-name", "kernel-policy", "version", "definitions",
            "attribute-sets", "operations", "mcast-groups", "kernel-family"},
    "definition": {"name", "header", "type", "doc", "value", "value-start",
                   "entries", "render-max", "enum-name", "name-prefix",
                   "enum-cnt-name", "members"},
    "entry": {"name", "value", "doc"},
    "set": {"name", "name-prefix", "enum-name", "doc", "subset-of",
            "attr-cnt-name", "attr-max-name", "header", "attributes"},
    "attr": {"name", "type", "doc", "value", "type-value", "byte-order",
             "multi-attr", "nested-attributes", "enum", "enum-as-flags",
             "checks", "sub-type", "display-hint", "name-prefix", "struct"},
    "checks": {"flags-mask", "min", "max", "min-len", "max-len", "exact-len",
               "unterminated-ok"},
    "operations": {"enum-model", "name-prefix", "enum-name", "async-prefix",
                   "async-enum", "fixed-header", "list"},
    "op": {"name", "doc", "value", "attribute-set", "flags", "dont-validate",
           "config-cond", "fixed-header", "do", "dump", "notify", "event",
           "mcgrp"},
    "subop": {"request", "reply", "pre", "post"},
    "msg": {"attributes", "value"},
    "mcgrp": {"name", "c-define-name", "flags"},
}


def c_upper(name):
    return name.upper().replace("-", "_")


class Report:
    def __init__(self):
        self.errors = []
        self.warnings = []

    def err(self, where, msg):
        self.errors.append((where, msg))

    def warn(self, where, msg):
        self.warnings.append((where, msg))


# ---------------------------------------------------------------------------
# C parsing

def strip_comments(text, keep_line_comments=False):
    """Remove comments, keeping line numbers. With keep_line_comments, a
    comment that starts and ends on one line stays (enum entry notes)."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            chunk = text[i:j]
            if keep_line_comments and "\n" not in chunk:
                out.append(chunk)
            else:
                out.append("\n" * chunk.count("\n"))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text[i] == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def line_of(text, pos):
    return text.count("\n", 0, pos) + 1


def balanced(text, pos, open_ch, close_ch):
    """Index just past the bracket closing the one at text[pos]."""
    depth = 0
    for i in range(pos, len(text)):
        if text[i] == open_ch:
            depth += 1
        elif text[i] == close_ch:
            depth -= 1
            if depth == 0:
                return i + 1
    raise ValueError("unbalanced %s at offset %d" % (open_ch, pos))


def split_top(text, sep=","):
    """Split on sep outside (), {}, [] and string literals."""
    parts, depth, cur, instr = [], 0, [], False
    for ch in text:
        if instr:
            cur.append(ch)
            if ch == '"':
                instr = False
            continue
        if ch == '"':
            instr = True
        elif ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        if ch == sep and depth == 0:
            parts.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    if "".join(cur).strip():
        parts.append("".join(cur).strip())
    return parts


class Evaluator:
    """Integer C constant expressions over known names."""

    def __init__(self, names):
        self.names = names

    def __call__(self, expr):
        e = expr.strip()
        for k, v in SIZEOF.items():
            e = re.sub(r"sizeof\s*\(\s*%s\s*\)" % re.escape(k), str(v), e)
        e = re.sub(r"\b(0[xX][0-9a-fA-F]+|\d+)[uUlL]+\b", r"\1", e)
        e = re.sub(r"\bBIT\s*\(", "_bit(", e)
        tree = ast.parse(e, mode="eval")
        return self._eval(tree.body)

    def _eval(self, node):
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                raise KeyError(node.id)
            v = self.names[node.id]
            if not isinstance(v, int):
                raise KeyError(node.id)
            return v
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand)
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Invert):
            return ~self._eval(node.operand)
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "_bit":
            return 1 << self._eval(node.args[0])
        if isinstance(node, ast.BinOp):
            a, b = self._eval(node.left), self._eval(node.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b,
                   ast.Mult: lambda: a * b, ast.LShift: lambda: a << b,
                   ast.BitOr: lambda: a | b, ast.BitAnd: lambda: a & b}
            if type(node.op) in ops:
                return ops[type(node.op)]()
        raise ValueError("cannot evaluate %s" % ast.dump(node))


class Header:
    """Enums (entries, values, comments) and defines of the uAPI header."""

    def __init__(self, path):
        self.path = path
        raw = open(path).read()
        text = strip_comments(raw, keep_line_comments=True)
        self.values = {}        # every constant name -> int or str
        self.enums = {}         # enum name -> [entry dict]
        self.entry_enum = {}    # entry name -> enum name
        self.defines = {}       # define name -> (value, line)
        ev = Evaluator(self.values)
        for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\}\s*;", text, re.S):
            name, body = m.group(1), m.group(2)
            base = line_of(text, m.start(2))
            entries, val = [], 0
            for off, line in enumerate(body.split("\n")):
                cm = re.search(r"/\*(.*?)\*/", line)
                comment = cm.group(1).strip() if cm else ""
                code = re.sub(r"/\*.*?\*/", "", line).strip()
                if not code:
                    if comment and entries and not entries[-1]["comment"]:
                        entries[-1]["comment"] = comment
                    continue
                for item in [c for c in code.split(",") if c.strip()]:
                    em = re.match(r"^\s*(\w+)\s*(?:=\s*(.+?))?\s*$", item)
                    if not em:
                        raise ValueError("%s:%d: cannot parse enum entry %r"
                                         % (path, base + off, item))
                    if em.group(2) is not None:
                        val = ev(em.group(2))
                    entries.append({"name": em.group(1), "value": val,
                                    "comment": comment, "line": base + off})
                    self.values[em.group(1)] = val
                    self.entry_enum[em.group(1)] = name
                    val += 1
            self.enums[name] = entries
        plain = strip_comments(raw)
        for m in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+(\w+)[ \t]+(.+?)[ \t]*$",
                             plain, re.M):
            name, expr = m.group(1), m.group(2).strip()
            if expr.startswith('"'):
                value = ast.literal_eval(expr)
            else:
                try:
                    value = ev(expr)
                except (KeyError, ValueError, SyntaxError):
                    continue        # include guards and the like
            self.values[name] = value
            self.defines[name] = (value, line_of(plain, m.start()))


class Kernel:
    """Policy tables, put calls, genl ops, groups and family of the module."""

    def __init__(self, root, header, report):
        self.root = root
        self.header = header
        self.report = report
        self.policies = {}      # policy name -> {enum, entries, where}
        self.puts = {}          # attr name -> {yaml type: [where]}
        self.ops = {}           # cmd name -> {doit, dumpit, flags, where}
        self.mcgrps = []        # [(name, [flags], where)]
        self.family = {}
        self.files = []
        for d in MOD_DIRS:
            self.files += sorted(glob.glob(os.path.join(root, d, "*.c")))
        self.sources = {}
        for f in self.files:
            self.sources[f] = strip_comments(open(f).read())
        self.ev = Evaluator(header.values)
        for f, text in self.sources.items():
            self._policies(f, text)
        for f, text in self.sources.items():
            self._puts(f, text)
            self._genl(f, text)

    def rel(self, path, text, pos):
        return "%s:%d" % (os.path.relpath(path, self.root), line_of(text, pos))

    # -- nla_policy tables
    def _policies(self, path, text):
        pat = re.compile(r"(?:static\s+)?const\s+struct\s+nla_policy\s+(\w+)"
                         r"\s*\[[^\]]*\]\s*(?:__\w+\s*)?=\s*\{")
        for m in pat.finditer(text):
            end = balanced(text, m.end() - 1, "{", "}")
            body = text[m.end():end - 1]
            entries = {}
            enum = None
            for part in split_top(body):
                em = re.match(r"^\[\s*(\w+)\s*\]\s*=\s*(.+)$", part, re.S)
                if not em:
                    continue
                key, val = em.group(1), " ".join(em.group(2).split())
                where = self.rel(path, text, m.end() + body.find(part))
                if key not in self.header.entry_enum:
                    self.report.err(where, "policy %s: %s is not in the uAPI header"
                                    % (m.group(1), key))
                    continue
                enum = enum or self.header.entry_enum[key]
                entries[key] = self._policy_entry(val, where)
            self.policies[m.group(1)] = {"enum": enum, "entries": entries,
                                         "where": self.rel(path, text, m.start())}

    def _policy_entry(self, val, where):
        ent = {"nla": None, "type": None, "where": where, "checks": {},
               "nested": None}
        mm = re.match(r"^NLA_POLICY_(\w+)\s*\((.*)\)$", val)
        if mm:
            kind, args = mm.group(1), split_top(mm.group(2))
            if kind in ("NESTED", "NESTED_ARRAY"):
                ent["nla"] = "NLA_" + kind
                ent["nested"] = args[0]
            elif kind in ("MAX", "MIN", "RANGE", "FULL_RANGE", "MASK"):
                ent["nla"] = args[0]
                if kind == "MAX":
                    ent["checks"]["max"] = self.ev(args[1])
                elif kind == "MIN":
                    ent["checks"]["min"] = self.ev(args[1])
                elif kind == "RANGE":
                    ent["checks"]["min"] = self.ev(args[1])
                    ent["checks"]["max"] = self.ev(args[2])
                elif kind == "MASK":
                    ent["checks"]["mask"] = self.ev(args[1])
            elif kind == "EXACT_LEN":
                ent["nla"] = "NLA_BINARY"
                ent["checks"]["exact-len"] = self.ev(args[0])
            elif kind == "MIN_LEN":
                ent["nla"] = "NLA_BINARY"
                ent["checks"]["min-len"] = self.ev(args[0])
            elif kind == "MAX_LEN":
                ent["nla"] = "NLA_BINARY"
                ent["checks"]["max-len"] = self.ev(args[0])
            else:
                self.report.err(where, "unknown policy macro NLA_POLICY_%s: "
                                "teach scripts/check-netlink-spec.py" % kind)
        elif val.startswith("{"):
            fields = {}
            for f in split_top(val[1:-1]):
                fm = re.match(r"^\.(\w+)\s*=\s*(.+)$", f, re.S)
                if fm:
                    fields[fm.group(1)] = fm.group(2).strip()
            ent["nla"] = fields.get("type", "NLA_UNSPEC")
            if "len" in fields:
                ent["checks"]["len"] = self.ev(fields["len"])
            if "nested_policy" in fields:
                ent["nested"] = fields["nested_policy"]
        else:
            self.report.err(where, "cannot parse policy entry %r" % val)
        if ent["nla"] in ("NLA_BINARY", "NLA_STRING", "NLA_NUL_STRING") \
                and "len" in ent["checks"]:
            ent["checks"]["max-len"] = ent["checks"].pop("len")
        ent["checks"].pop("len", None)
        ent["type"] = NLA_TO_YAML.get(ent["nla"])
        return ent

    # -- types of what the kernel sends
    def _add_put(self, attr, ytype, where):
        if attr in self.header.entry_enum:
            self.puts.setdefault(attr, {}).setdefault(ytype, []).append(where)

    def _calls(self, text, fname):
        for m in re.finditer(r"\b%s\s*\(" % re.escape(fname), text):
            try:
                end = balanced(text, m.end() - 1, "(", ")")
            except ValueError:
                continue
            yield m.start(), split_top(text[m.end():end - 1])

    def _puts(self, path, text):
        for m in re.finditer(r"\bnla_put_(\w+)\s*\(", text):
            kind = m.group(1)
            if kind not in PUT_TO_YAML:
                continue
            end = balanced(text, m.end() - 1, "(", ")")
            args = split_top(text[m.end():end - 1])
            where = self.rel(path, text, m.start())
            if len(args) > 1:
                self._add_put(args[1], PUT_TO_YAML[kind], where)
            if kind == "u64_64bit" and len(args) > 3:
                self._add_put(args[3], "pad", where)
        for fname, ytype in (("nla_put", "binary"), ("nla_nest_start", "nest"),
                             ("nla_nest_start_noflag", "nest")):
            for pos, args in self._calls(text, fname):
                if len(args) > 1:
                    self._add_put(args[1], ytype, self.rel(path, text, pos))
        # helpers taking the attribute type as a parameter
        for f, ftext in self.sources.items():
            for name, idx, ytype in self._wrappers(ftext):
                for pos, args in self._calls(text, name):
                    if len(args) > idx:
                        self._add_put(args[idx], ytype,
                                      self.rel(path, text, pos))

    def _wrappers(self, text):
        if not hasattr(self, "_wrap_cache"):
            self._wrap_cache = {}
        if text in self._wrap_cache:
            return self._wrap_cache[text]
        found = []
        pat = re.compile(r"^(?:static\s+)?int\s+(\w+)\s*\(([^)]*)\)\s*\{", re.M)
        for m in pat.finditer(text):
            params = [p.strip().split()[-1].lstrip("*") if p.strip() else ""
                      for p in m.group(2).split(",")]
            end = balanced(text, m.end() - 1, "{", "}")
            body = text[m.end():end]
            for idx, p in enumerate(params):
                if not re.search(r"\b(type|attrtype|attr)\b", p):
                    continue
                if re.search(r"\bnla_put\s*\(\s*\w+\s*,\s*%s\s*," % p, body):
                    found.append((m.group(1), idx, "binary"))
                elif re.search(r"\bnla_nest_start\w*\s*\(\s*\w+\s*,\s*%s\s*\)" % p,
                               body):
                    found.append((m.group(1), idx, "nest"))
        self._wrap_cache[text] = found
        return found

    # -- genl ops, groups, family
    def _genl(self, path, text):
        for m in re.finditer(r"struct\s+genl_(?:small_)?ops\s+(\w+)\s*\[\s*\]"
                             r"\s*(?:__\w+\s*)?=\s*\{", text):
            end = balanced(text, m.end() - 1, "{", "}")
            body = text[m.end():end - 1]
            for part in split_top(body):
                if not part.startswith("{"):
                    continue
                fields = self._fields(part)
                where = self.rel(path, text, m.end() + body.find(part))
                cmd = fields.get("cmd")
                flags = [f.strip() for f in fields.get("flags", "0").split("|")
                         if f.strip() not in ("0", "")]
                self.ops[cmd] = {"doit": "doit" in fields,
                                 "dumpit": "dumpit" in fields,
                                 "flags": flags, "where": where}
        for m in re.finditer(r"struct\s+genl_multicast_group\s+(\w+)\s*\[\s*\]"
                             r"\s*(?:__\w+\s*)?=\s*\{", text):
            end = balanced(text, m.end() - 1, "{", "}")
            body = text[m.end():end - 1]
            for part in split_top(body):
                part = re.sub(r"^\[[^\]]*\]\s*=\s*", "", part)
                if not part.startswith("{"):
                    continue
                fields = self._fields(part)
                name = fields.get("name", "")
                name = self.header.values.get(name, name.strip('"'))
                flags = [f.strip() for f in fields.get("flags", "0").split("|")
                         if f.strip() not in ("0", "")]
                self.mcgrps.append((name, flags, self.rel(path, text, m.start())))
        for m in re.finditer(r"struct\s+genl_family\s+(\w+)[^=;(]*=\s*\{", text):
            end = balanced(text, m.end() - 1, "{", "}")
            self.family = self._fields(text[m.end() - 1:end])
            self.family["where"] = self.rel(path, text, m.start())

    @staticmethod
    def _fields(part):
        fields = {}
        for f in split_top(part.strip()[1:-1]):
            fm = re.match(r"^\.(\w+)\s*=\s*(.+)$", f, re.S)
            if fm:
                fields[fm.group(1)] = " ".join(fm.group(2).split())
        return fields


# ---------------------------------------------------------------------------
# The spec

class Spec:
    def __init__(self, path, report):
        self.path = path
        self.report = report
        with open(path) as f:
            self.y = yaml.safe_load(f)
        y = self.y
        self.family = y["name"]
        self.defs = {d["name"]: d for d in y.get("definitions", [])}
        self.sets = {s["name"]: s for s in y.get("attribute-sets", [])}
        self.ops = y["operations"]["list"]
        self.consts = {}
        for d in y.get("definitions", []):
            if d["type"] == "const":
                self.consts[d["name"]] = d["value"]
        self._schema()
        self._values()

    def where(self, *parts):
        return "%s: %s" % (os.path.relpath(self.path, REPO)
                           if self.path.startswith(REPO) else self.path,
                           " ".join(str(p) for p in parts))

    def _keys(self, obj, kind, where, required=()):
        if not isinstance(obj, dict):
            self.report.err(where, "expected a mapping")
            return
        for k in obj:
            if k not in SCHEMA[kind]:
                self.report.err(where, "unknown key %r (genetlink-legacy schema)" % k)
        for k in required:
            if k not in obj:
                self.report.err(where, "missing required key %r" % k)

    def _schema(self):
        y = self.y
        self._keys(y, "top", self.where("top level"),
                   ("name", "doc", "attribute-sets", "operations"))
        if y.get("protocol", "genetlink") not in ("genetlink", "genetlink-c",
                                                  "genetlink-legacy"):
            self.report.err(self.where("protocol"), "unknown protocol")
        for d in y.get("definitions", []):
            w = self.where("definition", d.get("name"))
            self._keys(d, "definition", w, ("name", "type"))
            if d.get("type") not in ("const", "enum", "flags", "struct"):
                self.report.err(w, "unknown definition type %r" % d.get("type"))
            for e in d.get("entries", []):
                if isinstance(e, dict):
                    self._keys(e, "entry", w, ("name",))
        for s in y.get("attribute-sets", []):
            w = self.where("attribute-set", s.get("name"))
            self._keys(s, "set", w, ("name", "attributes"))
            for a in s.get("attributes", []):
                wa = self.where("attribute", "%s.%s" % (s.get("name"), a.get("name")))
                self._keys(a, "attr", wa, ("name", "type"))
                if a.get("type") not in ATTR_TYPES:
                    self.report.err(wa, "unknown attribute type %r" % a.get("type"))
                if "checks" in a:
                    self._keys(a["checks"], "checks", wa)
                if a.get("nested-attributes") and a["nested-attributes"] not in self.sets:
                    self.report.err(wa, "nested-attributes %r: no such attribute-set"
                                    % a["nested-attributes"])
                if a.get("type") in ("nest", "indexed-array") and not a.get("nested-attributes"):
                    self.report.err(wa, "nest without nested-attributes")
                if a.get("enum") and a["enum"] not in self.defs:
                    self.report.err(wa, "enum %r: no such definition" % a["enum"])
        ops = y["operations"]
        self._keys(ops, "operations", self.where("operations"), ("list",))
        if ops.get("enum-model", "unified") != "unified":
            self.report.err(self.where("operations"), "only the unified enum model is checked")
        groups = [g["name"] for g in y.get("mcast-groups", {}).get("list", [])]
        for g in y.get("mcast-groups", {}).get("list", []):
            self._keys(g, "mcgrp", self.where("mcast-group", g.get("name")), ("name",))
        for op in self.ops:
            w = self.where("operation", op.get("name"))
            self._keys(op, "op", w, ("name", "doc"))
            aset = op.get("attribute-set")
            if aset and aset not in self.sets:
                self.report.err(w, "attribute-set %r: no such set" % aset)
                continue
            names = {a["name"] for a in self.sets[aset]["attributes"]} if aset else set()
            for kind in ("do", "dump"):
                if kind not in op:
                    continue
                self._keys(op[kind], "subop", w)
                for part in ("request", "reply"):
                    if part not in op[kind]:
                        continue
                    self._keys(op[kind][part], "msg", w)
                    for a in op[kind][part].get("attributes", []):
                        if a not in names:
                            self.report.err(w, "%s %s: attribute %r not in set %r"
                                            % (kind, part, a, aset))
            if "event" in op:
                for a in op["event"].get("attributes", []):
                    if a not in names:
                        self.report.err(w, "event: attribute %r not in set %r" % (a, aset))
            if ("event" in op or "notify" in op) and op.get("mcgrp") not in groups:
                self.report.err(w, "notification without a known mcgrp")
            for f in op.get("flags", []):
                if f not in ("admin-perm", "uns-admin-perm"):
                    self.report.err(w, "unknown flag %r" % f)

    def const_value(self, v):
        """A length or limit: integer, const name, or 'name - 1'."""
        if isinstance(v, int):
            return v
        m = re.match(r"^([0-9A-Za-z_-]+)( - 1)?$", str(v))
        if not m or m.group(1) not in self.consts:
            raise KeyError(v)
        return self.consts[m.group(1)] - (1 if m.group(2) else 0)

    def _values(self):
        """C names and values the spec assigns (as YNL would render them)."""
        fam = self.family
        self.rendered = {}      # key -> {enum, lines:[(name, value)], ...}
        for s in self.y.get("attribute-sets", []):
            prefix = s.get("name-prefix", "%s-a-%s-" % (fam, s["name"]))
            val, entries = 1, []
            for a in s["attributes"]:
                if "value" in a:
                    val = a["value"]
                a["_c"] = c_upper(prefix + a["name"])
                a["_value"] = val
                entries.append((a["_c"], val))
                val += 1
            cnt = c_upper(s.get("attr-cnt-name", "__" + prefix + "max"))
            entries.append((cnt, val))
            s["_max"] = val - 1
            s["_maxname"] = c_upper(s.get("attr-max-name", prefix + "max"))
            self.rendered["attribute-set " + s["name"]] = {
                "enum": s.get("enum-name"), "lines": entries, "obj": s,
                "max": (s["_maxname"], val - 1)}
        for d in self.y.get("definitions", []):
            if d["type"] not in ("enum", "flags"):
                continue
            prefix = d.get("name-prefix", "%s-%s-" % (fam, d["name"]))
            val = d.get("value-start", 0)
            entries = []
            for e in d["entries"]:
                e = e if isinstance(e, dict) else {"name": e}
                if "value" in e:
                    val = e["value"]
                cval = (1 << val) if d["type"] == "flags" else val
                entries.append((c_upper(prefix + e["name"]), cval))
                val += 1
            if d.get("render-max"):
                entries.append((c_upper(d.get("enum-cnt-name",
                                              "__" + prefix + "max")), val))
            d["_entries"] = entries
            self.rendered["%s %s" % (d["type"], d["name"])] = {
                "enum": d.get("enum-name"), "lines": entries, "obj": d}
        ops = self.y["operations"]
        prefix = ops.get("name-prefix", "%s-cmd-" % fam)
        val, entries = 1, []
        for op in self.ops:
            if "value" in op:
                val = op["value"]
            op["_c"] = c_upper(prefix + op["name"])
            op["_value"] = val
            entries.append((op["_c"], val))
            val += 1
        entries.append((c_upper(self.y.get("cmd-cnt-name", "__" + prefix + "max")), val))
        self.rendered["operations"] = {
            "enum": ops.get("enum-name"), "lines": entries, "obj": ops,
            "max": (c_upper(self.y.get("cmd-max-name", prefix + "max")), val - 1)}
        self.op_by_value = {op["_value"]: op for op in self.ops}


# ---------------------------------------------------------------------------
# Static checks

def enum_c(name):
    return name.replace("-", "_") if name else None


def check_values(spec, hdr, rep):
    """Every header enum against the spec's rendering, as a diff."""
    covered_enums, covered_defines = set(), set()
    hname = os.path.relpath(hdr.path, REPO)
    for key, r in spec.rendered.items():
        cname = enum_c(r["enum"])
        if cname and cname in hdr.enums:
            hent = hdr.enums[cname]
        else:
            # no enum of that name: defines (flags) or an enum found by entry
            first = r["lines"][0][0]
            owner = hdr.entry_enum.get(first)
            if cname and cname not in hdr.enums and owner:
                rep.err(spec.where(key), "enum-name %s, but %s is in enum %s"
                        % (cname, first, owner))
            if owner:
                cname, hent = owner, hdr.enums[owner]
            else:
                # defines only
                left, right = [], []
                for name, val in r["lines"]:
                    covered_defines.add(name)
                    hv = hdr.defines.get(name, (None,))[0]
                    left.append("%s = %s" % (name, hv if hv is not None else "(missing)"))
                    right.append("%s = %s" % (name, val))
                if left != right:
                    rep.err(spec.where(key), "differs from the header's defines:\n"
                            + "\n".join(difflib.unified_diff(
                                left, right, hname + " (defines)",
                                os.path.relpath(spec.path, REPO) + " " + key,
                                lineterm="")))
                continue
        covered_enums.add(cname)
        if key == "operations" and hent and hent[0]["value"] == 0 and \
                hent[0]["name"].endswith("_UNSPEC") and r["lines"][0][1] != 0:
            hent = hent[1:]     # YNL leaves command 0 unrendered
        left = ["%s = %d" % (e["name"], e["value"]) for e in hent]
        right = ["%s = %d" % (n, v) for n, v in r["lines"]]
        if left != right:
            rep.err(spec.where(key), "differs from enum %s:\n" % cname
                    + "\n".join(difflib.unified_diff(
                        left, right, "%s: enum %s" % (hname, cname),
                        "%s: %s" % (os.path.relpath(spec.path, REPO), key),
                        lineterm="")))
        if "max" in r and spec.y.get("max-by-define"):
            name, val = r["max"]
            covered_defines.add(name)
            if name not in hdr.defines:
                rep.err(spec.where(key), "header lacks #define %s (%d)" % (name, val))
            elif hdr.defines[name][0] != val:
                rep.err(spec.where(key), "#define %s is %s in the header, %d in the spec"
                        % (name, hdr.defines[name][0], val))
    for name in hdr.enums:
        if name not in covered_enums:
            rep.err("%s: enum %s" % (hname, name), "not described by the spec")
    # constants, family, groups
    fam = spec.family
    for d in spec.y.get("definitions", []):
        if d["type"] != "const":
            continue
        name = c_upper(d.get("name-prefix", fam + "-") + d["name"])
        covered_defines.add(name)
        hv = hdr.defines.get(name, (None,))[0]
        if hv != d["value"]:
            rep.err(spec.where("const", d["name"]), "%s is %s in the header, %s in the spec"
                    % (name, hv, d["value"]))
    for key, default, want in (("c-family-name", fam + "-family-name", fam),
                               ("c-version-name", fam + "-family-version",
                                spec.y.get("version", 1))):
        name = c_upper(spec.y.get(key, default))
        covered_defines.add(name)
        hv = hdr.defines.get(name, (None,))[0]
        if hv != want:
            rep.err(spec.where(key), "%s is %r in the header, %r in the spec"
                    % (name, hv, want))
    for g in spec.y.get("mcast-groups", {}).get("list", []):
        name = c_upper(g.get("c-define-name", "%s-mcgrp-%s" % (fam, g["name"])))
        covered_defines.add(name)
        hv = hdr.defines.get(name, (None,))[0]
        if hv != g["name"]:
            rep.err(spec.where("mcast-group", g["name"]),
                    "%s is %r in the header" % (name, hv))
    for name, (val, line) in hdr.defines.items():
        if name not in covered_defines:
            rep.err("%s:%d" % (hname, line), "#define %s (%s) not described by the spec"
                    % (name, val))


TYPE_WORDS = r"(u8|u16|u32|u64|s8|s16|s32|s64|binary|string|flag|nest)"


def check_comments(spec, hdr, rep):
    """What the header's entry comments state: type, enum, nesting, names."""
    by_c = {}
    for s in spec.y["attribute-sets"]:
        for a in s["attributes"]:
            by_c[a["_c"]] = (s, a)
    enum_of_set = {enum_c(s.get("enum-name")): s["name"]
                   for s in spec.y["attribute-sets"] if s.get("enum-name")}
    enum_of_def = {enum_c(d.get("enum-name")): d["name"]
                   for d in spec.y.get("definitions", []) if d.get("enum-name")}
    hname = os.path.relpath(hdr.path, REPO)
    for ename, entries in hdr.enums.items():
        for e in entries:
            if e["name"] not in by_c or not e["comment"]:
                continue
            s, a = by_c[e["name"]]
            where = "%s:%d: %s" % (hname, e["line"], e["name"])
            c = e["comment"]
            m = re.match(TYPE_WORDS + r"\b", c)
            if m and m.group(1) != a["type"]:
                rep.err(where, "header comment says %s, spec %s.%s is %s"
                        % (m.group(1), s["name"], a["name"], a["type"]))
            if m and m.group(1) == "nest" and "repeated" in c and not a.get("multi-attr"):
                rep.err(where, "repeated nest: spec lacks multi-attr")
            em = re.search(r"\benum (\w+)", c)
            if em and a["type"] == "nest":
                want = enum_of_set.get(em.group(1))
                if want != a.get("nested-attributes"):
                    rep.err(where, "header says nest of enum %s (set %s), spec says %s"
                            % (em.group(1), want, a.get("nested-attributes")))
            elif em:
                want = enum_of_def.get(em.group(1))
                if want != a.get("enum"):
                    rep.err(where, "header says enum %s (definition %s), spec enum: %s"
                            % (em.group(1), want, a.get("enum")))
            fm = re.search(r"\b(\w+)_\*", c)
            if fm:
                d = spec.defs.get(a.get("enum"), {})
                if not d.get("_entries") or not d["_entries"][0][0].startswith(fm.group(1)):
                    rep.err(where, "header says values %s_*, spec enum: %s"
                            % (fm.group(1), a.get("enum")))
            nm = re.match(r"^([A-Z][A-Za-z0-9]+)\b(?!\s*\()", c)
            if nm and not re.match(TYPE_WORDS, c):
                if not re.match(re.escape(nm.group(1)) + r"\b", a.get("doc", "")):
                    rep.err(where, "header names it %s; the spec's doc must start so"
                            % nm.group(1))


def check_types(spec, hdr, kern, rep):
    by_c = {}
    for s in spec.y["attribute-sets"]:
        for a in s["attributes"]:
            by_c[a["_c"]] = (s, a)
    set_of_enum = {enum_c(s.get("enum-name")): s for s in spec.y["attribute-sets"]}
    # what the kernel sends
    for attr, types in sorted(kern.puts.items()):
        if attr not in by_c:
            continue        # MIB counters put by index, other enums
        s, a = by_c[attr]
        if len(types) > 1:
            rep.err(attr, "the kernel puts it as several types: %s" % ", ".join(
                "%s (%s)" % (t, w[0]) for t, w in types.items()))
        for t, wheres in types.items():
            if t != a["type"]:
                rep.err(wheres[0], "kernel puts %s as %s; spec %s.%s is %s"
                        % (attr, t, s["name"], a["name"], a["type"]))
    for s in spec.y["attribute-sets"]:
        for a in s["attributes"]:
            if a["type"] == "unused" and a["_value"] != 0:
                rep.err(spec.where("attribute", s["name"] + "." + a["name"]),
                        "type unused for a value other than 0")
    # the policy tables
    root = None
    fpol = kern.family.get("policy")
    for pname, pol in sorted(kern.policies.items()):
        s = set_of_enum.get(pol["enum"])
        if s is None:
            rep.err(pol["where"], "policy %s (enum %s): no attribute-set for that enum"
                    % (pname, pol["enum"]))
            continue
        if pname == fpol:
            root = s
        for key, ent in pol["entries"].items():
            _, a = by_c.get(key, (None, None))
            if a is None:
                rep.err(ent["where"], "%s: not in the spec" % key)
                continue
            sa = "%s.%s" % (s["name"], a["name"])
            if ent["nla"] == "NLA_REJECT":
                a["_reject"] = True
                continue
            if ent["type"] is None:
                rep.err(ent["where"], "%s: policy type %s has no spec type" % (key, ent["nla"]))
                continue
            a["_accepted"] = True
            if ent["type"] != a["type"]:
                rep.err(ent["where"], "policy %s says %s for %s; spec %s is %s"
                        % (pname, ent["nla"], key, sa, a["type"]))
            if ent["nla"] == "NLA_STRING" and not a.get("checks", {}).get("unterminated-ok"):
                rep.err(ent["where"], "%s: NLA_STRING needs checks: "
                        "unterminated-ok in the spec" % key)
            if ent["nested"]:
                npol = kern.policies.get(ent["nested"])
                nset = set_of_enum.get(npol["enum"]) if npol else None
                want = nset["name"] if nset else "?"
                if a.get("nested-attributes") != want:
                    rep.err(ent["where"], "policy nests %s (set %s) in %s; spec says %s"
                            % (ent["nested"], want, key, a.get("nested-attributes")))
            ychecks = {}
            for k, v in a.get("checks", {}).items():
                if k in ("unterminated-ok", "flags-mask"):
                    continue
                try:
                    ychecks[k] = spec.const_value(v)
                except KeyError:
                    rep.err(spec.where("attribute", sa), "check %s: %r unknown" % (k, v))
            kchecks = dict(ent["checks"])
            kchecks.pop("mask", None)
            if ychecks != kchecks:
                rep.err(ent["where"], "%s: kernel checks %s, spec checks %s"
                        % (key, kchecks or "none", ychecks or "none"))
    if fpol and root is None:
        rep.err(kern.family.get("where", "?"), "family policy %s not found" % fpol)
    # attributes with checks that no policy enforces
    for s in spec.y["attribute-sets"]:
        for a in s["attributes"]:
            if a.get("checks") and not a.get("_accepted"):
                rep.err(spec.where("attribute", "%s.%s" % (s["name"], a["name"])),
                        "has checks, but no kernel policy accepts it")
    return root


def check_ops(spec, hdr, kern, root, strict, rep):
    opset = {op.get("attribute-set") for op in spec.ops if op.get("attribute-set")}
    if root is not None and opset != {root["name"]}:
        rep.err(spec.where("operations"), "operations use %s; the family policy is set %s"
                % (sorted(opset), root["name"]))
    if spec.y.get("kernel-policy") == "global" and not kern.family.get("policy"):
        rep.err(spec.where("kernel-policy"), "global, but the family has no .policy")
    # family fields
    fam = kern.family
    if fam:
        name = hdr.values.get(fam.get("name", ""), fam.get("name", "").strip('"'))
        if name != spec.family:
            rep.err(fam["where"], "family name %r, spec %r" % (name, spec.family))
        ver = hdr.values.get(fam.get("version", ""), None)
        if ver != spec.y.get("version", 1):
            rep.err(fam["where"], "family version %r, spec %r" % (ver, spec.y.get("version", 1)))
        if root is not None and fam.get("maxattr") and \
                hdr.values.get(fam["maxattr"]) != root["_max"]:
            rep.err(fam["where"], "maxattr %s, spec set %s ends at %d"
                    % (fam["maxattr"], root["name"], root["_max"]))
    else:
        rep.err("module sources", "no struct genl_family found")
    # requests only name attributes the kernel accepts
    if root is not None:
        for op in spec.ops:
            for kind in ("do", "dump"):
                req = op.get(kind, {}).get("request", {}).get("attributes", [])
                by_name = {x["name"]: x for x in root["attributes"]}
                for an in req:
                    a = by_name.get(an)
                    if a is not None and not a.get("_accepted"):
                        rep.err(spec.where("operation", op["name"], kind, "request"),
                                "%s: the kernel's policy rejects it (%s)"
                                % (an, "NLA_REJECT" if a.get("_reject") else "no entry"))
    # the ops table
    by_c = {op["_c"]: op for op in spec.ops}
    for cmd, k in sorted(kern.ops.items()):
        op = by_c.get(cmd)
        if op is None:
            rep.err(k["where"], "kernel op %s is not in the spec" % cmd)
            continue
        for has, kind in ((k["doit"], "do"), (k["dumpit"], "dump")):
            if has and kind not in op:
                rep.err(k["where"], "%s has a %sit; spec operation %s has no %s"
                        % (cmd, kind, op["name"], kind))
            if not has and kind in op:
                msg = ("spec operation %s has a %s; the module has no %sit for %s"
                       % (op["name"], kind, kind, cmd))
                (rep.err if strict else rep.warn)(k["where"], msg)
        kflags = sorted(OP_FLAGS.get(f, f) for f in k["flags"])
        if kflags != sorted(op.get("flags", [])):
            rep.err(k["where"], "%s flags %s; spec %s" % (cmd, k["flags"], op.get("flags", [])))
    for op in spec.ops:
        if op["_c"] not in kern.ops and ("do" in op or "dump" in op):
            msg = ("spec operation %s (%s) has a do/dump; the module registers no op"
                   % (op["name"], op["_c"]))
            (rep.err if strict else rep.warn)(spec.where("operation", op["name"]), msg)
    # multicast groups
    ygroups = [(g["name"], sorted(g.get("flags", [])))
               for g in spec.y.get("mcast-groups", {}).get("list", [])]
    kgroups = [(n, sorted(MCGRP_FLAGS.get(f, f) for f in fl)) for n, fl, _ in kern.mcgrps]
    if ygroups != kgroups:
        rep.err(kern.mcgrps[0][2] if kern.mcgrps else "module sources",
                "multicast groups %s; spec %s" % (kgroups, ygroups))


def run_static(args, rep):
    hdr = Header(args.header)
    spec = Spec(args.spec, rep)
    kern = Kernel(args.src, hdr, rep)
    if not kern.policies:
        rep.err(args.src, "no nla_policy tables found in %s" % ", ".join(MOD_DIRS))
    check_values(spec, hdr, rep)
    check_comments(spec, hdr, rep)
    root = check_types(spec, hdr, kern, rep)
    check_ops(spec, hdr, kern, root, args.strict, rep)
    nattrs = sum(len(s["attributes"]) for s in spec.y["attribute-sets"])
    return ("%d enums, %d attributes, %d operations, %d policy tables"
            % (len(hdr.enums), nattrs, len(spec.ops), len(kern.policies)))


# ---------------------------------------------------------------------------
# Live checks: generic netlink without libraries

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_DUMP = 1, 2, 4, 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLA_F_NESTED = 1 << 15
GENL_ID_CTRL = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP, NETLINK_CAP_ACK, NETLINK_EXT_ACK = 1, 10, 11
NL_ATTR_TYPES = {1: "flag", 2: "u8", 3: "u16", 4: "u32", 5: "u64", 6: "s8",
                 7: "s16", 8: "s32", 9: "s64", 10: "binary", 11: "string",
                 12: "string", 13: "nest", 14: "indexed-array",
                 15: "bitfield32", 16: "sint", 17: "uint"}
GENL_CMD_CAP_DO, GENL_CMD_CAP_DUMP = 2, 4
GENL_ADMIN_PERM, GENL_UNS_ADMIN_PERM = 1, 0x10


def nla_parse(data):
    out = []
    off = 0
    while off + 4 <= len(data):
        ln, typ = struct.unpack_from("=HH", data, off)
        if ln < 4 or off + ln > len(data):
            raise ValueError("malformed attribute at offset %d" % off)
        out.append((typ & 0x3fff, bool(typ & NLA_F_NESTED), data[off + 4:off + ln]))
        off += (ln + 3) & ~3
    return out


def nla(typ, payload, nested=False):
    hdr = struct.pack("=HH", 4 + len(payload), typ | (NLA_F_NESTED if nested else 0))
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


class NetlinkError(Exception):
    def __init__(self, err, msg, msgs=()):
        super().__init__("%s%s" % (os.strerror(err), ": " + msg if msg else ""))
        self.errno = err
        self.extack = msg
        self.msgs = list(msgs)      # replies that came before the error


class Genl:
    def __init__(self):
        self.sock = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.sock.bind((0, 0))
        for opt in (NETLINK_EXT_ACK, NETLINK_CAP_ACK):
            try:
                self.sock.setsockopt(SOL_NETLINK, opt, 1)
            except OSError:
                pass
        self.seq = int(time.time()) & 0xffff
        self.portid = self.sock.getsockname()[0]

    def request(self, family, cmd, attrs=b"", dump=False, version=1):
        self.seq += 1
        flags = NLM_F_REQUEST | (NLM_F_DUMP if dump else NLM_F_ACK)
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        self.sock.send(struct.pack("=IHHII", 16 + len(body), family, flags,
                                   self.seq, 0) + body)
        msgs = []
        while True:
            data = self.sock.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, typ, fl, seq, _ = struct.unpack_from("=IHHII", data, off)
                payload = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if seq != self.seq:
                    continue
                if typ == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", payload)[0]
                    if err:
                        raise NetlinkError(err, self._extack(fl, payload[4 + 16:]),
                                           msgs)
                    return msgs
                if typ == NLMSG_DONE:
                    err = -struct.unpack_from("=i", payload)[0] if len(payload) >= 4 else 0
                    if err:
                        raise NetlinkError(err, self._extack(fl, payload[4:]), msgs)
                    return msgs
                msgs.append((payload[0], nla_parse(payload[4:])))

    @staticmethod
    def _extack(flags, tlvs):
        """The message of an error's TLVs: after struct nlmsgerr (error
        and, capped, the request's header) or NLMSG_DONE's error."""
        if not flags & 0x200:       # NLM_F_ACK_TLVS
            return ""
        try:
            for typ, _, val in nla_parse(tlvs):
                if typ == 1:
                    return val.rstrip(b"\0").decode()
        except ValueError:
            pass
        return ""

    def family(self, name):
        msgs = self.request(GENL_ID_CTRL, 3, nla(2, name.encode() + b"\0"))
        info = {"ops": {}, "groups": {}}
        for typ, _, val in msgs[0][1]:
            if typ == 1:
                info["id"] = struct.unpack("=H", val[:2])[0]
            elif typ == 3:
                info["version"] = struct.unpack("=I", val)[0]
            elif typ == 5:
                info["maxattr"] = struct.unpack("=I", val)[0]
            elif typ == 6:
                for _, _, op in nla_parse(val):
                    d = {t: struct.unpack("=I", v)[0] for t, _, v in nla_parse(op)}
                    info["ops"][d[1]] = d.get(2, 0)
            elif typ == 7:
                for _, _, g in nla_parse(val):
                    d = {t: v for t, _, v in nla_parse(g)}
                    info["groups"][d[1].rstrip(b"\0").decode()] = \
                        struct.unpack("=I", d[2])[0]
        return info

    def policy(self, name):
        msgs = self.request(GENL_ID_CTRL, 10, nla(2, name.encode() + b"\0"), dump=True)
        pols, oppol = {}, {}
        for _, attrs in msgs:
            for typ, _, val in attrs:
                if typ == 8:                # CTRL_ATTR_POLICY
                    for idx, _, pv in nla_parse(val):
                        for at, _, av in nla_parse(pv):
                            d = {}
                            for t, _, v in nla_parse(av):
                                d[t] = struct.unpack("=Q" if len(v) == 8 else "=I", v)[0]
                            pols.setdefault(idx, {})[at] = d
                elif typ == 9:              # CTRL_ATTR_OP_POLICY
                    for cmd, _, ov in nla_parse(val):
                        oppol[cmd] = {t: struct.unpack("=I", v)[0]
                                      for t, _, v in nla_parse(ov)}
        return pols, oppol


def spec_set_attrs(spec, setname):
    return {a["_value"]: a for a in spec.sets[setname]["attributes"]}


def live_policy(spec, pols, idx, setname, path, seen, rep):
    if (idx, setname) in seen:
        return
    seen.add((idx, setname))
    attrs = spec_set_attrs(spec, setname)
    for at, d in sorted(pols.get(idx, {}).items()):
        where = "live policy %s attr %d" % (path, at)
        a = attrs.get(at)
        if a is None:
            rep.err(where, "the kernel accepts attribute %d in set %s; the spec lacks it"
                    % (at, setname))
            continue
        where = "live policy %s.%s" % (path, a["name"])
        ktype = NL_ATTR_TYPES.get(d.get(1), "?%s" % d.get(1))
        if ktype != a["type"]:
            rep.err(where, "kernel %s, spec %s" % (ktype, a["type"]))
            continue
        checks = {}
        for k, v in a.get("checks", {}).items():
            if k not in ("unterminated-ok", "flags-mask"):
                checks[k] = spec.const_value(v)
        if ktype in SCALAR_BITS and ktype.startswith("u"):
            full = (1 << SCALAR_BITS[ktype]) - 1
            kmin, kmax = d.get(4, 0), d.get(5, full)
            if kmin != checks.get("min", 0) or kmax != checks.get("max", full):
                rep.err(where, "kernel range %d..%d, spec %s..%s"
                        % (kmin, kmax, checks.get("min", 0), checks.get("max", full)))
        if ktype in ("binary", "string"):
            if d.get(7) != checks.get("max-len") or d.get(6) != checks.get("min-len"):
                rep.err(where, "kernel length %s..%s, spec %s..%s"
                        % (d.get(6), d.get(7), checks.get("min-len"), checks.get("max-len")))
        if ktype in ("nest", "indexed-array") and 8 in d:
            nset = a["nested-attributes"]
            if d.get(9) != spec.sets[nset]["_max"]:
                rep.err(where, "kernel nest maxtype %s, spec set %s ends at %d"
                        % (d.get(9), nset, spec.sets[nset]["_max"]))
            live_policy(spec, pols, d[8], nset, path + "." + a["name"], seen, rep)


def decode(spec, setname, attrs, where, rep, allowed=None, counts=None):
    """Check a message's attributes against the spec; return a dict."""
    known = spec_set_attrs(spec, setname)
    out, seen = {}, {}
    for typ, nested, val in attrs:
        a = known.get(typ)
        w = "%s: %s attr %d" % (where, setname, typ)
        if a is None:
            rep.err(w, "the kernel sent an attribute the spec does not have")
            continue
        w = "%s: %s.%s" % (where, setname, a["name"])
        if allowed is not None and a["name"] not in allowed:
            rep.err(w, "not among the attributes the spec lists (%s)" % ", ".join(allowed))
        seen[a["name"]] = seen.get(a["name"], 0) + 1
        if seen[a["name"]] > 1 and not a.get("multi-attr") and a["type"] != "pad":
            rep.err(w, "repeated, but the spec has no multi-attr")
        t = a["type"]
        if counts is not None:
            counts[(setname, a["name"])] = counts.get((setname, a["name"]), 0) + 1
        if t in SCALAR_LEN:
            if len(val) != SCALAR_LEN[t]:
                rep.err(w, "%d bytes, spec type %s" % (len(val), t))
                continue
            v = int.from_bytes(val, sys.byteorder, signed=t.startswith("s"))
        elif t == "flag":
            if val:
                rep.err(w, "flag with a payload")
            v = True
        elif t == "string":
            if not val.endswith(b"\0"):
                rep.err(w, "string without its NUL")
            v = val.rstrip(b"\0").decode(errors="replace")
        elif t in ("nest", "indexed-array"):
            if not nested:
                rep.err(w, "nest without NLA_F_NESTED")
            v = decode(spec, a["nested-attributes"], nla_parse(val), where, rep,
                       counts=counts)
        elif t == "pad":
            continue
        elif t == "unused":
            rep.err(w, "attribute 0 sent")
            continue
        else:
            v = val
            mx = a.get("checks", {}).get("max-len")
            if mx is not None and len(val) > spec.const_value(mx):
                rep.err(w, "%d bytes, longer than the spec's max-len" % len(val))
        if a.get("multi-attr"):
            out.setdefault(a["name"], []).append(v)
        else:
            out[a["name"]] = v
    return out


def encode(spec, setname, values):
    by_name = {a["name"]: a for a in spec.sets[setname]["attributes"]}
    out = b""
    for name, v in values.items():
        a = by_name[name]
        t = a["type"]
        if t in SCALAR_LEN:
            out += nla(a["_value"], v.to_bytes(SCALAR_LEN[t], sys.byteorder))
        elif t == "flag":
            out += nla(a["_value"], b"")
        elif t == "string":
            out += nla(a["_value"], v.encode() + b"\0")
        elif t == "nest":
            out += nla(a["_value"], encode(spec, a["nested-attributes"], v), nested=True)
        else:
            out += nla(a["_value"], v)
    return out


def op_named(spec, name):
    return next(op for op in spec.ops if op["name"] == name)


def run_live(args, rep):
    spec = Spec(args.spec, rep)
    g = Genl()
    try:
        fam = g.family(spec.family)
    except NetlinkError as e:
        rep.err("live", "family %s: %s (module not loaded?)" % (spec.family, e))
        return "no family"
    root = spec.sets[spec.ops[0]["attribute-set"]]
    if fam.get("version") != spec.y.get("version", 1):
        rep.err("live family", "version %s, spec %s"
                % (fam.get("version"), spec.y.get("version", 1)))
    if fam.get("maxattr") != root["_max"]:
        rep.err("live family", "maxattr %s, spec set %s ends at %d"
                % (fam.get("maxattr"), root["name"], root["_max"]))
    ygroups = [gr["name"] for gr in spec.y.get("mcast-groups", {}).get("list", [])]
    if sorted(fam["groups"]) != sorted(ygroups):
        rep.err("live family", "groups %s, spec %s" % (sorted(fam["groups"]), ygroups))
    # operations
    for op in spec.ops:
        kflags = fam["ops"].get(op["_value"])
        w = "live op %s (%d)" % (op["name"], op["_value"])
        wants = [("do", GENL_CMD_CAP_DO), ("dump", GENL_CMD_CAP_DUMP)]
        if kflags is None:
            if "do" in op or "dump" in op:
                (rep.err if args.strict else rep.warn)(w, "not registered by the module")
            continue
        for kind, bit in wants:
            if bool(kflags & bit) != (kind in op):
                msg = "kernel %s a %s" % ("has" if kflags & bit else "lacks", kind)
                if kind in op and not args.strict:
                    rep.warn(w, msg)
                else:
                    rep.err(w, msg)
        kperm = sorted(n for n, b in (("admin-perm", GENL_ADMIN_PERM),
                                      ("uns-admin-perm", GENL_UNS_ADMIN_PERM))
                       if kflags & b)
        if kperm != sorted(op.get("flags", [])):
            rep.err(w, "kernel flags %s, spec %s" % (kperm, op.get("flags", [])))
    for cmd in fam["ops"]:
        if cmd not in spec.op_by_value:
            rep.err("live op %d" % cmd, "registered by the module, not in the spec")
    # the policy the kernel validates requests with
    pols, oppol = g.policy(spec.family)
    roots = {v for d in oppol.values() for v in d.values()}
    if len(roots) != 1:
        rep.err("live policy", "expected one policy for every op (kernel-policy: global), got %s"
                % sorted(roots))
    for r in roots:
        live_policy(spec, pols, r, root["name"], root["name"], set(), rep)
    # real replies
    counts = {}
    fid = fam["id"]
    op = op_named(spec, "stats-get")
    for cmd, attrs in g.request(fid, op["_value"]):
        st = decode(spec, root["name"], attrs, "stats-get reply", rep,
                    op["do"]["reply"]["attributes"], counts)
        sset = next(a for a in root["attributes"] if a["name"] == "stats")
        nmib = len([a for a in spec.sets[sset["nested-attributes"]]["attributes"]
                    if a["type"] not in ("unused", "pad")])
        if len(st.get("stats", {})) != nmib:
            rep.err("stats-get reply", "%d counters, the spec has %d"
                    % (len(st.get("stats", {})), nmib))
    for name, req in (("sa-get", encode(spec, root["name"], {"keys": True})),
                      ("policy-get", b"")):
        op = op_named(spec, name)
        for cmd, attrs in g.request(fid, op["_value"], req, dump=True):
            if cmd != op["_value"]:
                rep.err(name + " dump", "reply command %d" % cmd)
            decode(spec, root["name"], attrs, name + " dump", rep,
                   op["dump"]["reply"]["attributes"], counts)
    op = op_named(spec, "policy-match")
    req = encode(spec, root["name"], {"policy": {
        "dir": 1, "family": socket.AF_INET,
        "src": socket.inet_aton(args.match_src), "dst": socket.inet_aton(args.match_dst)}})
    for cmd, attrs in g.request(fid, op["_value"], req):
        decode(spec, root["name"], attrs, "policy-match reply", rep,
               op["do"]["reply"]["attributes"], counts)
    live_refusals(spec, g, fid, root, pols, roots, rep, counts)
    summary = "family id %d, %d ops, %d policies" % (fid, len(fam["ops"]), len(pols))
    if args.listen:
        summary += ", " + listen_events(spec, g, fam, root, args, rep, counts)
    if args.show_attrs:
        for (s, a), n in sorted(counts.items()):
            print("  seen %s.%s x%d" % (s, a, n))
    return summary


def expect_refusal(g, fid, cmd, req, where, want_errno, want_msg, rep):
    try:
        g.request(fid, cmd, req)
    except NetlinkError as e:
        if e.errno != want_errno or (want_msg and e.extack != want_msg):
            rep.err(where, "%s; want %s, %r" % (e, errno.errorcode[want_errno], want_msg))
        return e
    rep.err(where, "accepted; want %s" % errno.errorcode[want_errno])
    return None


def live_refusals(spec, g, fid, root, pols, roots, rep, counts):
    """What Documentation/netlink.rst promises about refusals."""
    enc = lambda v: encode(spec, root["name"], v)   # noqa: E731
    sa_get = op_named(spec, "sa-get")["_value"]
    stats = op_named(spec, "stats-get")["_value"]
    # a required attribute missing: extack names it
    expect_refusal(g, fid, sa_get, enc({"sa": {"family": socket.AF_INET}}),
                   "live sa-get without dst", errno.EINVAL,
                   "ipsecdp: missing destination address", rep)
    # strict validation: a nest must carry NLA_F_NESTED
    sa_attr = next(a for a in root["attributes"] if a["name"] == "sa")
    expect_refusal(g, fid, sa_get,
                   nla(sa_attr["_value"], encode(spec, "sa", {"family": socket.AF_INET})),
                   "live nest without NLA_F_NESTED", errno.EINVAL,
                   "NLA_F_NESTED is missing", rep)
    # attributes the kernel only sends are refused in any request
    accepted = set()
    for r in roots:
        accepted |= set(pols.get(r, {}))
    for a in root["attributes"]:
        if a["_value"] == 0 or a["_value"] in accepted:
            continue
        payload = b"\0" * SCALAR_LEN.get(a["type"], 0)
        expect_refusal(g, fid, stats, nla(a["_value"], payload,
                                          nested=a["type"] == "nest"),
                       "live request with %s" % a["name"], errno.EINVAL, None, rep)
    # a failing batch-commit: reply with the entry, then the error
    begin = op_named(spec, "batch-begin")["_value"]
    commit = op_named(spec, "batch-commit")
    g.request(fid, begin)
    expect_refusal(g, fid, begin, b"", "live second batch-begin", errno.EBUSY,
                   "ipsecdp: a batch is already open on this socket", rep)
    g.request(fid, op_named(spec, "sa-del")["_value"], enc({
        "sa": {"family": socket.AF_INET, "dst": socket.inet_aton("10.255.255.254"),
               "proto": 50, "spi": 0xfffffff0}, "batch": True}))
    e = expect_refusal(g, fid, commit["_value"], b"", "live batch-commit",
                       errno.ENOENT, "ipsecdp: batch not applied: see the failing entry",
                       rep)
    if e is not None:
        if len(e.msgs) != 1:
            rep.err("live batch-commit", "%d replies before the error, want 1" % len(e.msgs))
        for _, attrs in e.msgs:
            d = decode(spec, root["name"], attrs, "batch-commit reply", rep,
                       commit["do"]["reply"]["attributes"], counts)
            if d.get("batch-index") != 0 or d.get("batch-msg") != "no such SA":
                rep.err("live batch-commit", "reply %s, want index 0, 'no such SA'" % d)
    expect_refusal(g, fid, op_named(spec, "batch-abort")["_value"], b"",
                   "live batch-abort after commit", errno.ENOENT,
                   "ipsecdp: no batch open on this socket (BATCH_BEGIN first)", rep)


def listen_events(spec, g, fam, root, args, rep, counts):
    ev = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
    ev.bind((0, 0))
    ev.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, fam["groups"]["events"])
    if args.ready:
        open(args.ready, "w").close()
    seen = {}
    deadline = time.time() + args.listen
    want = set(args.expect_events.split(",")) if args.expect_events else set()
    while time.time() < deadline and not want <= set(seen):
        r, _, _ = select.select([ev], [], [], max(0.0, deadline - time.time()))
        if not r:
            break
        data = ev.recv(1 << 20)
        off = 0
        while off + 16 <= len(data):
            ln, typ, _, _, _ = struct.unpack_from("=IHHII", data, off)
            payload = data[off + 16:off + ln]
            off += (ln + 3) & ~3
            if typ != fam["id"]:
                continue
            op = spec.op_by_value.get(payload[0])
            if op is None or "event" not in op:
                rep.err("live event", "command %d is not a notification of the spec"
                        % payload[0])
                continue
            seen[op["name"]] = seen.get(op["name"], 0) + 1
            decode(spec, root["name"], nla_parse(payload[4:]), op["name"] + " event",
                   rep, op["event"].get("attributes", []), counts)
    for name in sorted(want - set(seen)):
        rep.err("live events", "no %s notification seen" % name)
    return "events " + (", ".join("%s x%d" % kv for kv in sorted(seen.items())) or "none")


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--spec", default=os.path.join(REPO, "Documentation/netlink/ipsecdp.yaml"))
    ap.add_argument("--header", default=os.path.join(REPO, "include/uapi/linux/ipsecdp.h"))
    ap.add_argument("--src", default=REPO, help="module source tree (core/, sa/, ...)")
    ap.add_argument("--strict", action="store_true",
                    help="a do/dump in the spec that the module lacks is an error")
    ap.add_argument("--live", action="store_true",
                    help="also check against the loaded module (root)")
    ap.add_argument("--live-only", action="store_true", help="skip the static checks")
    ap.add_argument("--listen", type=float, default=0,
                    help="--live: validate events for this many seconds")
    ap.add_argument("--expect-events", default="",
                    help="--listen: comma-separated notifications that must arrive")
    ap.add_argument("--ready", help="--listen: touch this file once subscribed")
    ap.add_argument("--match-src", default="10.255.0.1")
    ap.add_argument("--match-dst", default="10.255.0.2")
    ap.add_argument("--show-attrs", action="store_true")
    args = ap.parse_args()

    rep = Report()
    summary = []
    try:
        if not args.live_only:
            summary.append(run_static(args, rep))
        if args.live or args.live_only:
            summary.append(run_live(args, rep))
    except (OSError, ValueError, KeyError, TypeError, StopIteration,
            yaml.YAMLError) as e:
        print("check-netlink-spec: %s: %s" % (type(e).__name__, e), file=sys.stderr)
        return 2
    for where, msg in rep.warnings:
        print("warning: %s: %s" % (where, msg))
    for where, msg in rep.errors:
        print("error: %s: %s" % (where, msg))
    if rep.errors:
        print("check-netlink-spec: %d error(s): the spec and the code disagree"
              % len(rep.errors))
        return 1
    print("check-netlink-spec: OK (%s)" % "; ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
