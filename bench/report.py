#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""make bench's report: tables, JSON and a plot from okvm_bench's output.

Reads the results log of each POWER bench boot (tests/qemu/run-ppc.sh
with OKVM_BENCH=full: okvm_bench against kvm_hv and okvm in one boot) and
the MIPS model's switch counts (tests/unit, test_mips_switch.out), and
writes under bench/results/:

  <date>-v1.md, <date>-v2.md, <date>-mips.md   the tables
  <date>.png                                   ratio bars + MIPS curve
  latest.json                                  every figure

Ratios are okvm / kvm_hv from the same boot; absolute times under TCG
mean little across runs (Documentation/testing.rst).
"""

import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys

WORKLOADS = [
    ("hcall_roundtrip", "L2 hcall -> userspace -> L2"),
    ("mmio_roundtrip", "L2 MMIO load -> KVM_EXIT_MMIO -> L2"),
    ("fault_in_4k", "first touch of a 4 KiB page (64 MiB slot)"),
    ("vcpu_lifecycle", "vCPU create + first run + close"),
    ("vm_lifecycle", "VM create + close"),
    ("onereg_gpr", "KVM_GET_REGS after an exit"),
    ("onereg_one", "KVM_GET_ONE_REG (TAR) after an exit"),
    ("l0_hcalls_per_exit", "L0 hcalls per hcall exit"),
    ("gsb_bytes_per_exit", "GSB bytes per hcall exit"),
    ("bytes_per_vm", "memory per VM"),
    ("bytes_per_vcpu", "memory per vCPU"),
]

TIMED = re.compile(r"^(\S+) median_us (\S+) p99_us (\S+) reps (\d+)$")
VALUE = re.compile(r"^(\S+) value (\S+) unit (\S+)$")


def parse_bench(path):
    """{label: {name: figure}} from the @@ sections of one results log."""
    out, label = {}, None
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^@@ begin bench (\S+) okvm_bench$", line)
            if m:
                label = m.group(1)
                out[label] = {}
                continue
            if line.startswith("@@ end"):
                label = None
                continue
            if label is None:
                continue
            m = TIMED.match(line)
            if m:
                out[label][m.group(1)] = {
                    "median": float(m.group(2)), "p99": float(m.group(3)),
                    "reps": int(m.group(4)), "unit": "us"}
                continue
            m = VALUE.match(line)
            if m:
                out[label][m.group(1)] = {"median": float(m.group(2)),
                                          "unit": m.group(3), "reps": None}
    return out


def api_table(figs):
    """The JSON object of one API: workload -> kvm_hv, okvm, ratio."""
    ours, theirs = figs.get("okvm", {}), figs.get("kvm_hv", {})
    table = {}
    for name, _ in WORKLOADS:
        key = name
        if name in ("l0_hcalls_per_exit", "gsb_bytes_per_exit"):
            key = name + ".hcall_roundtrip"
        o, k = ours.get(key), theirs.get(key)
        if o is None and k is None:
            continue
        ov = o["median"] if o else None
        kv = k["median"] if k else None
        table[name] = {
            "kvm_hv": kv, "okvm": ov,
            "unit": (o or k)["unit"],
            "ratio": round(ov / kv, 3) if ov is not None and kv else None,
            "reps": (o or k)["reps"],
        }
        if o and "p99" in o:
            table[name]["okvm_p99"] = o["p99"]
        if k and "p99" in k:
            table[name]["kvm_hv_p99"] = k["p99"]
    return table


def fmt(v):
    if v is None:
        return "n/a"
    return f"{v:.3g}" if isinstance(v, float) and abs(v) < 1000 else f"{v:,.0f}"


def api_markdown(api, table, date):
    lines = [f"# okvm vs kvm_hv, {api} ({date})", "",
             "| workload | kvm_hv | okvm | unit | ratio okvm/kvm_hv | reps |",
             "|---|---|---|---|---|---|"]
    desc = dict(WORKLOADS)
    for name, row in table.items():
        lines.append(f"| {name}: {desc[name]} | {fmt(row['kvm_hv'])} | "
                     f"{fmt(row['okvm'])} | {row['unit']} | "
                     f"{fmt(row['ratio'])} | {row['reps'] or ''} |")
    return "\n".join(lines) + "\n"


def parse_mips(path):
    rows = []
    with open(path) as f:
        for line in f:
            m = re.match(r"^# (GuestID|no GuestID)\s+(\d+)\s+(\d+)\s+(\d+)\s+"
                         r"(\d+)\s+(\d+)\s+(\d+)", line)
            if m:
                rows.append({"mode": m.group(1), "tlb_size": int(m.group(2)),
                             "wired": int(m.group(3)),
                             "tlbgr": int(m.group(4)),
                             "tlbgwi": int(m.group(5)),
                             "mfgc0": int(m.group(6)),
                             "mtgc0": int(m.group(7))})
    return rows


def mips_markdown(rows, date):
    lines = [f"# MIPS VZ: model operations per vCPU switch ({date})", "",
             "From the CP0/TLB model (tests/unit/test_mips_switch.c): one "
             "switch is put(A) + load(B) in the steady state.", "",
             "| mode | guest TLB size | wired | TLBGR | TLBGWI | MFGC0 | MTGC0 |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['mode']} | {r['tlb_size']} | {r['wired']} | "
                     f"{r['tlbgr']} | {r['tlbgwi']} | {r['mfgc0']} | "
                     f"{r['mtgc0']} |")
    return "\n".join(lines) + "\n"


def plot(png, tables, mips, workdir):
    """Ratio bars per API, and TLBGR+TLBGWI against TLB size (wired 8)."""
    gp = shutil.which("gnuplot")
    if not gp:
        print("report: no gnuplot: no plot (scripts/setup bench installs it)")
        return False
    bars = os.path.join(workdir, "ratios.dat")
    with open(bars, "w") as f:
        for name, _ in WORKLOADS:
            v = [tables.get(api, {}).get(name, {}).get("ratio")
                 for api in ("v1", "v2")]
            if any(x is not None for x in v):
                f.write(f"{name} " + " ".join("NaN" if x is None else str(x)
                                              for x in v) + "\n")
    curve = os.path.join(workdir, "mips.dat")
    with open(curve, "w") as f:
        for mode in ("GuestID", "no GuestID"):
            for r in mips:
                if r["mode"] == mode and r["wired"] == 8:
                    f.write(f"{r['tlb_size']} {r['tlbgr'] + r['tlbgwi']}\n")
            f.write("\n\n")
    script = f"""
set terminal pngcairo noenhanced size 1200,500 font ",9"
set output "{png}"
set multiplot layout 1,2
set title "okvm / kvm_hv, same boot (lower is better)"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics rotate by -35
set yrange [0:*]
set grid ytics
plot "{bars}" using 2:xtic(1) title "v1", "" using 3 title "v2", 1 with lines dt 2 lc rgb "black" notitle
unset style
set title "MIPS VZ: TLBGR + TLBGWI per switch (wired 8)"
set xlabel "guest TLB entries"
set ylabel "operations"
set xtics norotate
set logscale x 2
plot "{curve}" index 0 using 1:2 with linespoints title "GuestID", "" index 1 using 1:2 with linespoints title "no GuestID"
unset multiplot
"""
    r = subprocess.run([gp], input=script, text=True, capture_output=True)
    if r.returncode:
        print("report: gnuplot failed:\n" + r.stderr)
        return False
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--v1", help="results.log of the v1 bench boot")
    ap.add_argument("--v2", help="results.log of the v2 bench boot")
    ap.add_argument("--mips", help="test_mips_switch.out of tests/unit")
    ap.add_argument("--out", default="bench/results")
    ap.add_argument("--work", default="build/bench-report")
    args = ap.parse_args()

    date = datetime.date.today().isoformat()
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.work, exist_ok=True)
    # a run of one API (make bench-ppc-v1) keeps the others' figures
    latest_path = os.path.join(args.out, "latest.json")
    try:
        with open(latest_path) as f:
            latest = json.load(f)
    except (OSError, ValueError):
        latest = {}
    tables = {api: latest[api] for api in ("v1", "v2") if api in latest}
    if "mips" in latest:
        mips_rows = latest["mips"].get("switch_ops", [])
    else:
        mips_rows = []
    for api, path in (("v1", args.v1), ("v2", args.v2)):
        if not path or not os.path.exists(path):
            continue
        figs = parse_bench(path)
        if not figs.get("okvm"):
            print(f"report: {api}: no okvm figures in {path}")
            continue
        tables[api] = api_table(figs)
        latest[api] = tables[api]
        md = api_markdown(api, tables[api], date)
        with open(os.path.join(args.out, f"{date}-{api}.md"), "w") as f:
            f.write(md)
        print(md)
    mips = parse_mips(args.mips) if args.mips and os.path.exists(args.mips) else []
    if not mips:
        mips = mips_rows
    else:
        latest["mips"] = {"switch_ops": mips}
        md = mips_markdown(mips, date)
        with open(os.path.join(args.out, f"{date}-mips.md"), "w") as f:
            f.write(md)
        print(md)
    with open(latest_path, "w") as f:
        json.dump(latest, f, indent=1, sort_keys=True)
        f.write("\n")
    png = os.path.join(args.out, f"{date}.png")
    if plot(png, tables, mips, args.work):
        print(f"report: plot in {png}")
    return 0 if tables else 1


if __name__ == "__main__":
    sys.exit(main())
