#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check a JSON document read from stdin with Python expressions.

usage: jassert.py 'EXPR' ['EXPR'...]
The document is bound to d; each EXPR must be true. Helpers: spi(n) finds
the object with that "spi" in the list d; pol(dir, src=None) finds a
policy. Prints "ok: EXPR" or "FAIL: EXPR (value ...)"; exit 1 on any
failure or if stdin is not valid JSON.
"""
import json
import sys


def main():
    raw = sys.stdin.read()
    try:
        d = json.loads(raw)
    except ValueError as e:
        print("FAIL: invalid JSON (%s): %r" % (e, raw[:500]))
        return 1

    def spi(n):
        for o in d:
            if o.get("spi") == n:
                return o
        raise KeyError("no object with spi 0x%x" % n)

    def pol(direction, src=None):
        for o in d:
            if o.get("dir") == direction and (src is None or
                                              o.get("src") == src):
                return o
        raise KeyError("no %s policy%s" % (direction,
                                           " from " + src if src else ""))

    env = {"d": d, "spi": spi, "pol": pol, "len": len, "any": any,
           "all": all, "isinstance": isinstance, "int": int, "str": str,
           "list": list, "dict": dict, "set": set, "sorted": sorted}
    bad = 0
    for expr in sys.argv[1:]:
        try:
            ok = bool(eval(expr, env))
            why = ""
        except Exception as e:      # report, don't crash
            ok, why = False, " (%s: %s)" % (type(e).__name__, e)
        if ok:
            print("ok: json: " + expr)
        else:
            print("FAIL: json: " + expr + why)
            bad += 1
    if bad:
        print("json was: " + raw[:1500])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
