#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""bench/report.py: the benchmark's numbers, from raw runs to tables.

  report.py tcrypt [FILE]
      (in the VM) tcrypt speed-test lines of a kernel log (default: stdin):
      one line "ALG DIR DRIVER KEYBITS BLOCK MB/s" per result

  report.py summarize --log LOG --out DIR [--command CMD] [--chart-dir D]
      (on the host) every "BENCH-JSON" and "BENCH-META" line of LOG (a VM
      console log or a captured stdout): medians per row and stack, the
      ratio ipsecdp/XFRM; writes DIR/results.json and DIR/results.md and
      the chart's data files into D (default DIR) for bench/chart.gp

  report.py table LOG
      the markdown tables only, to stdout

  report.py rst RESULTS.json
      the tables as reStructuredText, for Documentation/performance.rst
"""

import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

STACKS = ("plain", "xfrm", "ipsecdp")
SECTIONS = {
    "tcp": "TCP throughput (iperf3, Mbit/s received)",
    "udp": "UDP packet rate (iperf3 -u -l SIZE -b 0, packets/s received)",
    "latency": "Ping round-trip time (ms, lower is better; idle and under one TCP stream)",
    "flows": "Many flows, one SA pair each (iperf3 TCP, Mbit/s received in all)",
    "scale": "SPD and SAD scale (one AES-GCM-128 transport IPv4 TCP flow, Mbit/s)",
    "load": "Configuration load time (ms, lower is better)",
    "memory": "Kernel memory per entry (slab + per-CPU growth while loading, bytes, lower is better)",
}


TC_HEAD = re.compile(r"testing speed of (?:multibuffer )?(\S+) \((\S+)\) (encryption|decryption)")
TC_RES = re.compile(r"\((\d+) bit key, (\d+) byte blocks\): (\d+) operations in (\d+) seconds \((\d+) bytes\)")


def tcrypt(path):
    cur = None
    f = open(path) if path and path != "-" else sys.stdin
    for line in f:
        m = TC_HEAD.search(line)
        if m:
            cur = m.groups()
            continue
        m = TC_RES.search(line)
        if m and cur:
            blk, secs, nbytes = int(m.group(2)), int(m.group(4)), int(m.group(5))
            print(cur[0], "encrypt" if cur[2] == "encryption" else "decrypt",
                  cur[1], m.group(1), blk, "%.1f" % (nbytes / secs / 1e6))


def parse_log(path):
    recs, meta = [], {}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.replace("\r", "").rstrip("\n")
            for tag, sink in (("BENCH-JSON ", recs), ("BENCH-META ", meta)):
                i = line.find(tag)
                if i < 0:
                    continue
                try:
                    obj = json.loads(line[i + len(tag):])
                except ValueError:
                    print("report: unparsable line skipped: %s" % line[:120], file=sys.stderr)
                    continue
                if tag == "BENCH-JSON ":
                    sink.append(obj)
                else:
                    sink.update(obj)
    return recs, meta


def med(vals):
    v = [x for x in vals if x is not None]
    return statistics.median(v) if v else None


def spread(vals, m):
    """A cell: the median, then the runs' min-max when there are several."""
    v = [x for x in vals if x is not None]
    if len(v) < 2:
        return fmt(m)
    return "%s (%s-%s)" % (fmt(m), fmt(min(v)), fmt(max(v)))


def noisy(vals):
    """Runs of one cell more than a factor 2 apart (a stalled host), or a
    failed run: the median is less sure."""
    v = [x for x in vals if x is not None]
    return len(v) != len(vals) or (len(v) > 1 and min(v) > 0 and max(v) / min(v) > 2) or \
        (len(v) > 1 and min(v) <= 0)


def rows_of(recs):
    """Rows in first-seen order: {section, case, unit, better, stacks:
    {stack: [values]}, plain_key}; plain-only rows that other rows name
    as their plain_key are folded into those rows' plain column."""
    rows, index = [], {}
    for r in recs:
        if r["section"] == "crypto":
            continue
        key = (r["section"], r["case"])
        if key not in index:
            index[key] = {"section": r["section"], "case": r["case"], "unit": r["unit"],
                          "better": r.get("better", "higher"), "stacks": {},
                          "runs": {}, "plain_key": None}
            rows.append(index[key])
        row = index[key]
        row["stacks"].setdefault(r["stack"], []).append(r["value"])
        row["runs"].setdefault(r["stack"], []).append(r)
        if r.get("plain_key"):
            row["plain_key"] = r["plain_key"]
    used = set()
    for row in rows:
        pk = row["plain_key"]
        if pk and (row["section"], pk) in index:
            src = index[(row["section"], pk)]
            row["stacks"]["plain"] = src["stacks"].get("plain", [])
            used.add((row["section"], pk))
    out = []
    for row in rows:
        if (row["section"], row["case"]) in used:
            continue
        meds = {s: med(row["stacks"].get(s, [])) for s in STACKS}
        x, d = meds["xfrm"], meds["ipsecdp"]
        row["median"] = meds
        row["ratio"] = round(d / x, 3) if x and d is not None else None
        row["noisy"] = any(noisy(row["stacks"].get(s, [])) for s in ("xfrm", "ipsecdp"))
        out.append(row)
    # tput.sh runs its rows in a random order: list them in a fixed one
    # (natural sort of the case names; other sections keep theirs)

    def key(ir):
        i, r = ir
        if r["section"] not in ("tcp", "udp", "latency"):
            return (r["section"], i)
        return (r["section"], [int(t) if t.isdigit() else t
                               for t in re.split(r"(\d+)", r["case"])])
    return [r for _, r in sorted(enumerate(out), key=key)]


def crypto_rows(recs):
    rows, index = [], {}
    for r in recs:
        if r["section"] != "crypto":
            continue
        key = r["case"]
        if key not in index:
            index[key] = {"case": key, "driver": r.get("driver"), "block": r.get("block"),
                          "values": []}
            rows.append(index[key])
        index[key]["values"].append(r["value"])
    for row in rows:
        m = med(row["values"])
        row["MB_s"] = m
        row["Mbit_s"] = round(m * 8, 1) if m is not None else None
    return rows


def fmt(v, unit=""):
    if v is None:
        return "–"
    if abs(v) < 10:
        return "%.2f" % v
    if abs(v) < 100:
        return "%.1f" % v
    return "{:,}".format(int(round(v)))


def markdown(rows, crows, meta, runs_note=True):
    out = []
    settings = meta.get("settings", {})
    for sec, title in SECTIONS.items():
        srows = [r for r in rows if r["section"] == sec]
        if not srows:
            continue
        out.append("### " + title)
        out.append("")
        has_plain = any(r["median"]["plain"] is not None for r in srows)
        head = ["case"] + (["no IPsec"] if has_plain else []) + ["XFRM", "ipsecdp", "ipsecdp/XFRM"]
        out.append("| " + " | ".join(head) + " |")
        out.append("|" + "|".join(["---"] + ["---:"] * (len(head) - 1)) + "|")
        for r in srows:
            m = r["median"]
            cells = [r["case"]]
            if has_plain:
                cells.append(fmt(m["plain"]))
            cells += [spread(r["stacks"].get("xfrm", []), m["xfrm"]),
                      spread(r["stacks"].get("ipsecdp", []), m["ipsecdp"]),
                      ("%.2f" % r["ratio"] if r["ratio"] is not None else "–") +
                      (" (!)" if r["noisy"] else "")]
            out.append("| " + " | ".join(cells) + " |")
        out.append("")
    if crows:
        out.append("### Crypto ceiling (tcrypt, one CPU, MB/s of payload)")
        out.append("")
        out.append("| transform, direction | driver | buffer | MB/s | Mbit/s |")
        out.append("|---|---|---:|---:|---:|")
        for r in crows:
            out.append("| %s | %s | %s B | %s | %s |" % (r["case"], r["driver"] or "?", r["block"],
                                                        fmt(r["MB_s"]), fmt(r["Mbit_s"])))
        out.append("")
    if runs_note and settings:
        out.append("Median of %s run(s) per cell (iperf3: %s s each), the runs' min-max "
                   "in brackets; ratio of the medians > 1: ipsecdp "
                   "is faster (throughput) or slower (load time, latency); (!): the runs of a cell "
                   "differ by more than a factor 2 or one failed (see results.json)." %
                   (settings.get("BENCH_RUNS", "?"), settings.get("BENCH_SECS", "?")))
        out.append("")
    return "\n".join(out)


def host_info():
    info = {"host": platform.node(), "vm_cpu": os.environ.get("VM_CPU", "max")}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["host_cpu"] = line.split(":", 1)[1].strip()
                    break
        info["host_cpus"] = os.cpu_count()
        q = subprocess.run(["qemu-system-x86_64", "--version"], capture_output=True, text=True)
        info["qemu"] = q.stdout.splitlines()[0] if q.stdout else None
    except OSError:
        pass
    return info


def chart_data(rows, crows, d):
    """One whitespace-separated file per chart panel: label plain xfrm ipsecdp."""
    os.makedirs(d, exist_ok=True)

    def short(case):
        s = case.replace("AES-GCM-128", "GCM").replace("ChaCha20-Poly1305", "ChaCha")
        s = s.replace("transport", "tr").replace("tunnel", "tun").replace(", 1 stream", " -P1")
        s = s.replace(", 4 streams", " -P4").replace("policies", "pol").replace(",000", "k")
        s = s.replace("into A: ", "").replace(" unrelated", "").replace(": the increments above", "")
        return s.replace('"', "'")

    def val(v, scale=1.0):
        return "?" if v is None else "%g" % (v * scale)

    for sec, scale in (("tcp", 1.0), ("udp", 1e-3), ("scale", 1.0), ("load", 1e-3)):
        with open(os.path.join(d, sec + ".dat"), "w") as f:
            f.write("# label plain xfrm ipsecdp\n")
            for r in rows:
                if r["section"] != sec:
                    continue
                m = r["median"]
                f.write('"%s" %s %s %s\n' % (short(r["case"]), val(m["plain"], scale),
                                             val(m["xfrm"], scale), val(m["ipsecdp"], scale)))
    with open(os.path.join(d, "crypto.dat"), "w") as f:
        f.write("# label MB/s\n")
        for r in crows:
            lab = r["case"].replace("rfc4106(gcm(aes))", "GCM-128").replace(
                "rfc7539esp(chacha20,poly1305)", "ChaCha")
            f.write('"%s" %s\n' % (lab, val(r["MB_s"])))
    # which panels have data (gnuplot cannot plot an empty file)
    with open(os.path.join(d, "panels.gp"), "w") as f:
        for sec in ("tcp", "udp", "scale", "load"):
            f.write("has_%s = %d\n" % (sec, any(r["section"] == sec for r in rows)))
        f.write("has_crypto = %d\n" % bool(crows))


def summarize(args):
    log = args["--log"]
    out = args["--out"]
    recs, meta = parse_log(log)
    rows = rows_of(recs)
    crows = crypto_rows(recs)
    settings = dict(meta.get("settings", {}))
    for k, v in sorted(meta.items()):
        if k.startswith("settings_"):
            settings.update({"%s.%s" % (k[9:], n): x for n, x in v.items()})
    res = {
        "date": meta.get("date") or time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "command": args.get("--command"),
        "machine": dict(host_info(), **meta.get("machine", {})),
        "settings": settings,
        "phases_s": meta.get("phases_s", {}),
        "disclosure": meta.get("disclosure"),
        "wall": args.get("--wall"),
        "rows": [{"section": r["section"], "case": r["case"], "unit": r["unit"],
                  "better": r["better"], "median": r["median"],
                  "ratio_ipsecdp_xfrm": r["ratio"], "noisy": r["noisy"],
                  "runs": {s: r["stacks"].get(s, []) for s in STACKS if r["stacks"].get(s)}}
                 for r in rows],
        "crypto": [{"case": r["case"], "driver": r["driver"], "block": r["block"],
                    "MB_s": r["MB_s"], "Mbit_s": r["Mbit_s"], "runs": r["values"]}
                   for r in crows],
        "raw": recs,
    }
    for k, v in meta.items():
        if k.startswith("phase_"):
            res["phases_s"][k[6:]] = v
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "results.json"), "w") as f:
        json.dump(res, f, indent=1)
        f.write("\n")
    m = res["machine"]
    head = ["# ipsecdp benchmark", "",
            "- date: %s" % res["date"],
            "- command: `%s`" % (res["command"] or "?"),
            "- guest: kernel %s, %s vCPUs (QEMU TCG, -cpu %s), %s MiB" % (
                m.get("kernel", "?"), m.get("vcpus", "?"), m.get("vm_cpu", "max"),
                m.get("mem_mib", "?")),
            "- host: %s, %s CPUs, %s" % (m.get("host_cpu", "?"), m.get("host_cpus", "?"),
                                         m.get("qemu", "?")),
            "- settings: %s" % ", ".join("%s=%s" % kv for kv in sorted(settings.items())),
            "- phases (s): %s" % ", ".join("%s %s" % kv for kv in res["phases_s"].items()),
            ""]
    if res["disclosure"]:
        head.insert(-1, "- what else differs, or could: %s" % res["disclosure"])
    if res["wall"]:
        head.insert(-1, "- wall time: %s" % res["wall"])
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(head) + "\n" + markdown(rows, crows, meta))
    chart_data(rows, crows, args.get("--chart-dir") or out)
    failed = sum(1 for r in recs if r.get("value") is None)
    print("report: %d measurements (%d failed), %d rows -> %s/results.{json,md}" %
          (len(recs), failed, len(rows), out))


def rst_table(head, body):
    cols = list(zip(*([head] + body)))
    w = [max(len(c) for c in col) for col in cols]
    rule = "  ".join("=" * n for n in w)
    num = [all(re.match(r"^[-0-9.,]+$", c) for c in col[1:]) for col in cols]

    def line(cells):
        return "  ".join((c.rjust(n) if num[i] else c.ljust(n))
                         for i, (c, n) in enumerate(zip(cells, w))).rstrip()
    return [rule, line(head), rule] + [line(b) for b in body] + [rule, ""]


def rst(path):
    with open(path) as f:
        res = json.load(f)
    out = []
    rows = res["rows"]
    for sec, title in SECTIONS.items():
        srows = [r for r in rows if r["section"] == sec]
        if not srows:
            continue
        out += ["**%s**" % title, ""]
        has_plain = any(r["median"].get("plain") is not None for r in srows)
        head = ["case"] + (["no IPsec"] if has_plain else []) + ["XFRM", "ipsecdp", "ratio"]
        body = []
        for r in srows:
            m = r["median"]
            cells = [r["case"]] + ([fmt(m.get("plain"))] if has_plain else [])
            runs = r.get("runs", {})
            cells += [spread(runs.get("xfrm", []), m.get("xfrm")),
                      spread(runs.get("ipsecdp", []), m.get("ipsecdp")),
                      ("%.2f" % r["ratio_ipsecdp_xfrm"] if r["ratio_ipsecdp_xfrm"] is not None else "-") +
                      (" (!)" if r.get("noisy") else "")]
            body.append([c.replace("–", "-") for c in cells])
        out += rst_table(head, body)
    if res.get("crypto"):
        out += ["**Crypto ceiling (tcrypt, one vCPU, 1,420-byte buffers)**", ""]
        body = [[r["case"], r["driver"] or "?", fmt(r["MB_s"]), fmt(r["Mbit_s"])]
                for r in res["crypto"]]
        out += rst_table(["transform, direction", "driver", "MB/s", "Mbit/s"], body)
    print("\n".join(out))


def main():
    a = sys.argv[1:]
    if not a:
        print(__doc__)
        return 2
    if a[0] == "tcrypt":
        tcrypt(a[1] if len(a) > 1 else None)
    elif a[0] == "table" and len(a) == 2:
        recs, meta = parse_log(a[1])
        print(markdown(rows_of(recs), crypto_rows(recs), meta))
    elif a[0] == "rst" and len(a) == 2:
        rst(a[1])
    elif a[0] == "summarize":
        opts = {}
        i = 1
        while i < len(a):
            opts[a[i]] = a[i + 1]
            i += 2
        summarize(opts)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
