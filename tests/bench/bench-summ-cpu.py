#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
# bench-summ-cpu.py: CPU time (user + sys) of whole commands, precisely.
#
#   bench-summ-cpu.py [--runs N] [--out DIR] LABEL=COMMAND ...
#
# Each COMMAND (split on blanks, no shell) runs N times (default 7); the
# commands take turns within a round, so a change of machine load hits all of
# them alike.  The CPU time of one run is the difference of
# getrusage(RUSAGE_CHILDREN) around it: the kernel's per-task runtime in
# microseconds, not the 10 ms ticks of /usr/bin/time's %U/%S.  Standard output
# goes to DIR/LABEL.out (or /dev/null); a failing command fails the script.
# Printed, per command: the median and the spread (min..max) in ms; then, if
# there are two or more commands, the ratio of every command's median to the
# first one's, and the median of the per-round ratios (the same rounds).
# Wall time is not the measure: on a shared machine it depends on the others.
import argparse
import os
import resource
import statistics
import subprocess
import sys


def cpu_seconds(cmd, out):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, stdout=out, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime -
                                                 before.ru_stime)


def main():
    ap = argparse.ArgumentParser(
        description="median CPU time (user+sys) of commands, via rusage")
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--out", help="directory for each command's stdout")
    ap.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    args = ap.parse_args()
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    jobs = []
    for spec in args.commands:
        label, sep, cmd = spec.partition("=")
        if not sep or not cmd.split():
            ap.error("expected LABEL=COMMAND, got %r" % spec)
        jobs.append((label, cmd.split()))
    times = {label: [] for label, _ in jobs}
    for _ in range(args.runs):
        for label, cmd in jobs:
            if args.out:
                with open(os.path.join(args.out, label + ".out"), "wb") as f:
                    times[label].append(cpu_seconds(cmd, f))
            else:
                times[label].append(cpu_seconds(cmd, subprocess.DEVNULL))
    for label, _ in jobs:
        t = times[label]
        print("%-10s %9.2f ms CPU  (min %.2f, max %.2f, %d runs)" %
              (label, 1e3 * statistics.median(t), 1e3 * min(t), 1e3 * max(t),
               len(t)))
    first = jobs[0][0]
    base = times[first]
    for label, _ in jobs[1:]:
        t = times[label]
        per_round = [b / a for a, b in zip(base, t) if a > 0]
        print("%-10s %9.1fx the CPU of %s (median of rounds %.1fx)" %
              (label, statistics.median(t) / max(statistics.median(base),
                                                 1e-9), first,
               statistics.median(per_round) if per_round else 0.0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
