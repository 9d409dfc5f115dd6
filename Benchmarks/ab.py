#!/usr/bin/env python3
"""Interleaved A/B timing of csvcheck binaries on one file.

usage: python3 Benchmarks/ab.py FILE ROUNDS BINARY [BINARY ...]
       (a BINARY written BINARY@OTHER_FILE runs on OTHER_FILE instead: the same binary on the
       clean and the dirty file gives their ratio)

Each round runs every binary once on FILE (`--no-config --format json --max-rows 100000000`,
output discarded), in a random order, so that a machine whose speed drifts over minutes moves
all of them alike. Reports each binary's median wall time and median CPU time (user + system,
from wait4) over the rounds, and its wall time as a ratio of the first binary's.

Meant for one change at a time: 31 to 41 rounds resolve about 3% on this machine, whose speed
drifts by tens of percent (see README.md). compare.py gives the figures against the targets.
"""
import os
import random
import statistics
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[2])
    path, rounds, binaries = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    wall = {b: [] for b in binaries}
    cpu = {b: [] for b in binaries}
    for _ in range(rounds):
        order = binaries[:]
        random.shuffle(order)
        for binary in order:
            start = time.perf_counter()
            program, _, other = binary.partition("@")
            process = subprocess.Popen(
                [program, "--no-config", "--format", "json", "--max-rows", "100000000", other or path],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(process.pid, 0)
            wall[binary].append(time.perf_counter() - start)
            cpu[binary].append(usage.ru_utime + usage.ru_stime)
    base = statistics.median(wall[binaries[0]])
    for binary in binaries:
        median = statistics.median(wall[binary])
        print(f"{binary:40s} wall {median * 1000:7.1f} ms  cpu {statistics.median(cpu[binary]) * 1000:7.1f} ms"
              f"  {median / base:5.3f}x")


if __name__ == "__main__":
    main()
