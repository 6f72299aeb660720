#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the output of okvm's QEMU boots into a table and a tally.

Reads the results console written by tests/qemu/init ("@@ begin NAME",
raw lines, "@@ end NAME rc=N", finally "@@ done") and the kernel console
log, and writes <outdir>/<suite>.txt (the report) and <outdir>/<suite>.tally
(one line: "passed failed skipped").  Exits 1 if anything failed.

  results.py ppc  --suite S --outdir D --console C --results R [...]
  results.py mips --suite S --outdir D --board NAME CONSOLE RESULTS [...]

Counting:
  * okvm's KTAP results count as they are: ok = passed, not ok = failed,
    "# SKIP" = skipped; a binary that crashes, times out or reports fewer
    results than its plan adds one failure.
  * kvm_hv (Debian's in-tree KVM, run on the same binaries) is only a
    comparison: its passes count as passed, anything else as skipped.
  * checks of the boot itself ("okvm loads", "okvm rmmod", "no splat", ...)
    and init's "check: NAME" sections count as passed or failed.
"""

import argparse
import re
import sys
from pathlib import Path

# Real splats only: a VOF boot prints "WARNING: nvram corruption detected"
# and "lnx,oops-log" lines that are harmless.
SPLAT_RE = re.compile(r"BUG:|WARNING: CPU:|Oops|Call Trace|cut here|"
                      r"Kernel panic|Reserved instruction")
KTAP_RE = re.compile(r"^(not ok|ok) (\d+)(?: -)? ?([^#]*?)\s*"
                     r"(?:#\s*(\w+)\b\s*(.*))?$")
PLAN_RE = re.compile(r"^1\.\.(\d+)")
KMSG_MARK = "okvmtest: "

PASS, FAIL, SKIP = "ok", "FAIL", "SKIP"


class Section:
    def __init__(self, name):
        self.name = name
        self.lines = []
        self.rc = None          # None: the guest never finished this step


def read_results(path):
    """Sections of the results console, by name, and whether it finished."""
    sections, cur, done = {}, None, False
    try:
        text = Path(path).read_text(errors="replace")
    except FileNotFoundError:
        return sections, False
    for line in text.replace("\r", "").splitlines():
        if line.startswith("@@ begin "):
            cur = Section(line[len("@@ begin "):])
            sections[cur.name] = cur
        elif line.startswith("@@ end ") and cur:
            m = re.search(r" rc=(\d+)$", line)
            cur.rc = int(m.group(1)) if m else None
            cur = None
        elif line == "@@ done":
            done = True
        elif cur:
            cur.lines.append(line)
    return sections, done


def read_console(path):
    try:
        return Path(path).read_text(errors="replace").replace("\r", "") \
                         .splitlines()
    except FileNotFoundError:
        return []


def find_splats(console, start_marker):
    """Splat lines logged after start_marker, each with the phase it
    happened in (the last "okvmtest: ..." marker before it)."""
    found, phase, started = [], None, False
    for line in console:
        if KMSG_MARK in line:
            phase = line.split(KMSG_MARK, 1)[1].strip()
            if phase == start_marker:
                started = True
        if started and SPLAT_RE.search(line):
            found.append((phase, line.strip()))
    return found, started


def parse_ktap(sec):
    """(results, problem, diag): results is [(test, status, note)];
    problem describes a run that did not finish properly, else None; diag
    maps a failed test to the lines the binary printed while running it."""
    results, plan, diag, pending = [], None, {}, []
    for line in sec.lines:
        m = PLAN_RE.match(line)
        if m and plan is None:
            plan = int(m.group(1))
            continue
        m = KTAP_RE.match(line)
        if not m:
            pending.append(line)
            continue
        verdict, _, name, directive, reason = m.groups()
        directive = (directive or "").upper()
        if directive == "SKIP":
            status = SKIP
        elif directive == "XFAIL" or verdict == "ok":
            status = PASS
        elif directive == "TODO":
            status = SKIP
        else:
            status = FAIL
        name = name.strip() or f"#{m.group(2)}"
        results.append((name, status, (reason or "").strip()))
        if status == FAIL:
            diag[name] = pending
        pending = []

    # kselftest exit codes: 0 pass, 1 fail, 4 all skipped.
    problem = None
    if sec.rc is None:
        problem = "did not finish (guest died?)"
    elif sec.rc in (124, 143):
        problem = f"timed out (rc={sec.rc})"
    elif sec.rc not in (0, 1, 4):
        problem = f"exit status {sec.rc}"
    elif plan is None:
        problem = "no KTAP plan"
    elif len(results) != plan:
        problem = f"{len(results)} of {plan} planned results"
    if problem:
        diag["(binary)"] = pending
    return results, problem, diag


class Report:
    def __init__(self, suite, title):
        self.suite = suite
        self.title = title
        self.rows = []          # (name, cells...)
        self.notes = []
        self.file_only = []     # long logs: in the .txt, not on stdout
        self.passed = self.failed = self.skipped = 0

    def count(self, status, informational=False):
        if status == PASS:
            self.passed += 1
        elif status == FAIL and not informational:
            self.failed += 1
        elif status is not None:
            self.skipped += 1

    def check(self, name, ok, detail="", cells=1, prefix="check: "):
        status = PASS if ok else FAIL
        self.count(status)
        cell = status + (f" ({detail})" if detail else "")
        self.rows.append((prefix + name, cell) + ("",) * (cells - 1))

    def write(self, outdir, header):
        widths = [max(len(r[i]) for r in self.rows + [header])
                  for i in range(len(header))]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        out = [f"{self.suite}: {self.title}", "",
               fmt.format(*header).rstrip(),
               fmt.format(*("-" * w for w in widths))]
        out += [fmt.format(*r).rstrip() for r in self.rows]
        out += [""] + self.notes
        out.append(f"{self.suite}: passed {self.passed}, "
                   f"failed {self.failed}, skipped {self.skipped}")
        text = "\n".join(out) + "\n"
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        (outdir / f"{self.suite}.txt").write_text(
            text + "".join(l + "\n" for l in [""] + self.file_only))
        (outdir / f"{self.suite}.tally").write_text(
            f"{self.passed} {self.failed} {self.skipped}\n")
        sys.stdout.write(text)
        return 1 if self.failed else 0


def section_text(sec, indent="    "):
    if not sec or not sec.lines:
        return [indent + "(nothing)"]
    return [indent + l for l in sec.lines]


def tail(console, n=30):
    """The end of the console log, or from the first splat on."""
    for i, line in enumerate(console):
        if SPLAT_RE.search(line):
            return ["    " + l for l in console[max(i - 2, 0):i + n]]
    return ["    " + l for l in console[-n:]] or ["    (empty)"]


def boot_notes(rep, args, done, console):
    if args.seconds:
        rep.notes.append(f"boot took {args.seconds} s")
    if not done:
        why = ("QEMU timed out" if args.qemu_rc in (124, 137)
               else "the guest stopped early")
        rep.notes += [f"guest did not finish ({why}); console tail:"]
        rep.notes += tail(console)


def do_ppc(args):
    rep = Report(args.suite, args.title)
    sec, done = read_results(args.results)
    console = read_console(args.console)
    boot_notes(rep, args, done, console)

    # A boot that hangs in the kvm_hv phase, after okvm was unloaded,
    # loses the comparison only: shown, not counted against okvm.
    rm_done = sec.get("rmmod okvm") is not None and \
        sec["rmmod okvm"].rc is not None
    if done or not rm_done:
        rep.check("guest finished", done, cells=2)
    else:
        rep.rows.append(("info: guest finished", "",
                         "no: hung in the kvm_hv phase"))
        rep.count(SKIP)

    ins = sec.get("insmod okvm")
    loaded = ins is not None and ins.rc == 0
    rep.check("okvm loads", loaded, "" if loaded else
              "not attempted" if ins is None else
              "insmod did not return" if ins.rc is None else
              f"insmod rc={ins.rc}", cells=2)
    if ins is not None and (ins.lines or ins.rc != 0):
        rep.notes += ["insmod okvm:"] + section_text(ins)
    rep.notes += ["kernel log after insmod okvm:"]
    rep.notes += section_text(sec.get("dmesg okvm"))

    # After every selftest closed its fds, okvm holds no object at all.
    objs = sec.get("okvm objects")
    if loaded:
        counts = {}
        for line in objs.lines if objs else []:
            f = line.split()
            if len(f) == 2 and f[1].lstrip("-").isdigit():
                counts[f[0]] = int(f[1])
        left = {k: v for k, v in counts.items() if v}
        ok = bool(counts) and not left
        rep.check("okvm objects all freed", ok, "" if ok else
                  "no debugfs okvm/objects" if not counts else
                  " ".join(f"{k}={v}" for k, v in left.items()), cells=2)
        if objs is not None:
            rep.notes += ["okvm objects after the selftests:"] + section_text(objs)

    # Benchmarks print figures; they are shown, never counted.
    for name, b in sec.items():
        if name.startswith("bench "):
            rep.notes += [f"{name}:"] + section_text(b)

    rm = sec.get("rmmod okvm")
    if loaded:
        ok = rm is not None and rm.rc == 0
        rep.check("okvm rmmod", ok, "" if ok else "not attempted"
                  if rm is None else f"rc={rm.rc}", cells=2)
        if rm is not None and rm.rc != 0:
            rep.notes += ["rmmod okvm:"] + section_text(rm)
    else:
        rep.rows.append(("check: okvm rmmod", SKIP + " (not loaded)", ""))
        rep.count(SKIP)

    # okvm is unloaded before the kvm_hv phase starts: what the kernel
    # reports from then on is kvm_hv's, shown for comparison, not counted.
    splats, started = find_splats(console, "insmod okvm")
    kvm_hv_phase = False
    ours, theirs = [], []
    for p, l in splats:
        kvm_hv_phase = kvm_hv_phase or p == "kvm_hv phase" or \
            (p or "").startswith("kvm_hv") or (p or "").startswith("insmod kvm")
        (theirs if kvm_hv_phase else ours).append((p, l))
    rep.check("no splat", started and not ours,
              "" if started else "okvm never loaded", cells=2)
    if ours:
        rep.notes += ["splats (phase: line):"]
        rep.notes += [f"    {p}: {l}" for p, l in ours[:40]]
    if theirs:
        rep.rows.append(("info: kvm_hv phase splat-free", "", "no"))
        rep.notes += ["kvm_hv phase splats (not counted; phase: line):"]
        rep.notes += [f"    {p}: {l}" for p, l in theirs[:40]]

    # A debug kernel: kmemleak, scanned after okvm's phase, must be empty.
    leak = sec.get("kmemleak")
    if leak is not None:
        ok = leak.rc == 0 and not any(l.strip() for l in leak.lines)
        rep.check("kmemleak reports nothing", ok,
                  "" if ok else f"{len(leak.lines)} lines", cells=2)
        if not ok:
            rep.notes += ["kmemleak:"] + section_text(leak)

    # Boot-specific checks of init (make qemu-ppc-install): "check: NAME"
    # sections, passed when their commands exited 0.
    for name, c in sec.items():
        if name.startswith("check: "):
            ok = c.rc == 0
            rep.check(name[len("check: "):], ok, "" if ok else
                      "did not finish" if c.rc is None else f"rc={c.rc}",
                      cells=2)
            rep.notes += [f"{name}:"] + section_text(c)

    # v1: loading okvm while kvm_hv owns the partition table is refused.
    refused = sec.get("okvm refused while kvm_hv loaded")
    if refused is not None:
        ok = refused.rc == 0
        rep.check("okvm refused while kvm_hv loaded (-EBUSY)", ok,
                  "" if ok else f"rc={refused.rc}", cells=2)
        rep.notes += ["okvm insmod with kvm_hv loaded:"] + section_text(refused)

    # kvm_hv is informational: shown, not tallied.
    kvm_sections = [s for n, s in sec.items()
                    if n.startswith("insmod ") and n != "insmod okvm"]
    kvm_ok = bool(kvm_sections) and all(s.rc == 0 for s in kvm_sections)
    rep.rows.append(("info: kvm_hv loads", "",
                     PASS if kvm_ok else "no" if kvm_sections else "-"))
    if kvm_sections and not kvm_ok:
        rep.notes += ["kvm_hv insmod:"]
        for s in kvm_sections:
            rep.notes += section_text(s)

    # The side-by-side table, rows in okvm's order, then kvm_hv's extras.
    table = {}          # (binary, test) -> {label: (status, note)}
    order = []
    failures = []
    for name, s in sec.items():
        parts = name.split(" ", 2)
        if parts[0] != "test" or len(parts) != 3:
            continue
        label, binary = parts[1], parts[2]
        results, problem, diag = parse_ktap(s)
        if problem:
            results = results + [("(binary)", FAIL, problem)]
        if label == "okvm":
            for test, lines in diag.items():
                failures += [f"  {binary}: {test}"]
                failures += ["    " + l for l in lines[-12:]]
        for test, status, note in results:
            key = (binary, test)
            if key not in table:
                table[key] = {}
                order.append(key)
            table[key][label] = (status, note)

    # Every cell counts once; a missing one ("-") as skipped.
    for key in order:
        cells = []
        for label in ("okvm", "kvm_hv"):
            status, note = table[key].get(label, (None, ""))
            rep.count(status or SKIP, informational=(label == "kvm_hv"))
            cell = status or "-"
            if note and status != PASS:
                cell += f" ({note[:37] + '...' if len(note) > 40 else note})"
            cells.append(cell)
        rep.rows.append((f"{key[0]}: {key[1]}", *cells))

    if failures:
        rep.notes += ["okvm failures, with what the test printed:"] + failures
    l2_linux(rep, sec)
    rep.notes += [f"raw results: {args.results}",
                  f"guest console: {args.console}"]
    rep.file_only += ["guest kernel log:"] + section_text(sec.get("dmesg"))
    return rep.write(args.outdir, ("test", "okvm", "kvm_hv"))


L2_MARK = "okvm-l2-42"
L2_TIME_RE = re.compile(r"^l2-prompt-secs: ([0-9.]+)")


def l2_linux(rep, sec):
    """make qemu-l2-linux: QEMU in the L1 booted a Linux L2 ("l2 <dev>")."""
    times = {}
    if not any(n.startswith("l2 ") for n in sec):
        return
    for label in ("okvm", "kvm_hv"):
        s = sec.get(f"l2 {label}")
        if s is None:
            if label == "okvm":
                rep.check("L2 Linux: shell, uname, poweroff", False,
                          "not attempted", cells=2)
            continue
        text = "\n".join(s.lines)
        uname = any(l.startswith("Linux ") and "ppc64le" in l
                    for l in s.lines)
        ok = s.rc == 0 and L2_MARK in text and uname
        for l in s.lines:
            m = L2_TIME_RE.match(l)
            if m:
                times[label] = float(m.group(1))
        detail = "" if ok else ("no prompt" if label not in times else
                                "no command output" if L2_MARK not in text
                                else f"rc={s.rc}")
        if label == "okvm":
            rep.check("L2 Linux: shell, uname, poweroff", ok, detail,
                      cells=2)
        else:
            rep.rows.append(("info: L2 Linux on kvm_hv", "",
                             PASS if ok else "no: " + detail))
        rep.notes += [f"L2 console through {label}:"] + section_text(s)
    if times:
        rep.notes.insert(0, "boot to the L2's prompt: " + ", ".join(
            f"{k} {v:.1f} s" for k, v in times.items()))


def do_mips(args):
    rep = Report(args.suite, args.title)
    for name, console_path, results_path, seconds in args.board:
        sec, done = read_results(results_path)
        console = read_console(console_path)
        ins = sec.get("insmod okvm")
        out = "\n".join(ins.lines) if ins else ""
        said = [l for l in (sec.get("dmesg okvm").lines
                            if sec.get("dmesg okvm") else [])
                if "okvm" in l]
        lsmod = sec.get("lsmod")
        still_loaded = lsmod is not None and any(
            l.split()[:1] == ["okvm"] for l in lsmod.lines)

        if not done or ins is None:
            ok, detail = False, "guest did not finish"
        elif ins.rc == 0 or still_loaded:
            ok, detail = False, "okvm loaded"
        elif "No such device" not in out:
            ok, detail = False, "not ENODEV"
        elif not said:
            ok, detail = False, "okvm logged nothing"
        else:
            ok, detail = True, ""
        rep.check(f"{name}: okvm refuses with ENODEV", ok, detail,
                  prefix="")

        splats, started = find_splats(console, "insmod okvm")
        rep.check(f"{name}: no splat", started and not splats,
                  "" if started else "okvm never tried", prefix="")

        rep.notes.append(f"{name} ({seconds} s):")
        rep.notes += section_text(ins) + ["    " + l.strip() for l in said]
        if splats:
            rep.notes += [f"    splat: {l}" for _, l in splats[:20]]
        if not done:
            rep.notes += tail(console)
    return rep.write(args.outdir, ("check", "result"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)

    ppc = sub.add_parser("ppc")
    ppc.add_argument("--console", required=True)
    ppc.add_argument("--results", required=True)
    ppc.add_argument("--qemu-rc", type=int, default=0)
    ppc.add_argument("--seconds", default="")

    mips = sub.add_parser("mips")
    mips.add_argument("--board", nargs=4, action="append", required=True,
                      metavar=("NAME", "CONSOLE", "RESULTS", "SECONDS"))

    for p in (ppc, mips):
        p.add_argument("--suite", required=True)
        p.add_argument("--outdir", required=True)
        p.add_argument("--title", default="")

    args = ap.parse_args()
    return do_ppc(args) if args.cmd == "ppc" else do_mips(args)


if __name__ == "__main__":
    sys.exit(main())
