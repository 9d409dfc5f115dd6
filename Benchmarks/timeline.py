#!/usr/bin/env python3
"""Where one csvcheck run spends its wall time, thread by thread (needs `perf`).

usage: python3 Benchmarks/timeline.py BINARY FILE [BUCKET_MS]

Runs BINARY on FILE twice (`--no-config --format json --max-rows 100000000`, output
discarded), under perf each time:

1. `perf record -F 20000`: for every BUCKET_MS slice of the run (5 ms by default), how many
   samples each thread has (at 20 kHz, 100 in a 5 ms slice is a thread busy all along) and its
   most sampled function. Shows the single-threaded start, when the worker joins, when it
   backs the tables with pages, and the tail.
2. `perf record -e sched:sched_switch -g`: the main thread's time off the CPU, by why it left
   it: waiting on a futex (a semaphore: the next chunk, the worker's block), on the
   memory-map lock (munmap, mmap, mprotect), in a page fault, or preempted while runnable
   (another thread took its core).

A tool for finding what to change, not a measurement: perf itself costs time, and one run
says little (see README.md for how figures are measured).
"""
import collections
import os
import re
import subprocess
import sys
import tempfile


def run_perf(args, binary, path, data):
    command = ["perf", "record", "-q", "-o", data] + args + [
        binary, "--no-config", "--format", "json", "--max-rows", "100000000", path]
    with open(os.devnull, "wb") as sink:
        subprocess.run(command, stdout=sink, stderr=subprocess.DEVNULL, check=False)


def short(symbol):
    symbol = symbol.strip()
    for prefix in ("$s8CSVCheck", "$s7CSVCore"):
        symbol = symbol.replace(prefix, "")
    return symbol[:22]


def busy_table(data, bucket_ms):
    script = subprocess.run(["perf", "script", "-i", data, "-F", "tid,time,ip,sym"],
                            capture_output=True, text=True).stdout
    samples = []
    for line in script.splitlines():
        parts = line.split(None, 3)
        if len(parts) < 4:
            continue
        samples.append((float(parts[1].rstrip(":")), int(parts[0]), short(parts[3])))
    if not samples:
        sys.exit("perf recorded no samples (is perf allowed here?)")
    start = min(s[0] for s in samples)
    threads = sorted({s[1] for s in samples})
    slices = collections.defaultdict(collections.Counter)
    for time, thread, symbol in samples:
        slices[(int((time - start) * 1000 / bucket_ms), thread)][symbol] += 1
    last = max(int((s[0] - start) * 1000 / bucket_ms) for s in samples)
    print("samples per %g ms slice, by thread (first is the main thread), top function" % bucket_ms)
    print("  ms    " + " | ".join("%-27s" % ("thread %d" % t) for t in threads))
    for index in range(last + 1):
        cells = []
        for thread in threads:
            counter = slices[(index, thread)]
            top = counter.most_common(1)[0][0] if counter else ""
            cells.append("%3d %-23s" % (sum(counter.values()), top))
        print("%6.0f  " % (index * bucket_ms) + " | ".join(cells))


SWITCH = re.compile(r"\s(\d+)\s+\[\d+\]\s+([\d.]+):.*prev_pid=(\d+) .*prev_state=(\S+) ==> .*next_pid=(\d+)")


def off_cpu(data):
    script = subprocess.run(["perf", "script", "-i", data], capture_output=True, text=True).stdout
    main = None
    left = None
    totals = collections.Counter()
    counts = collections.Counter()
    for block in script.split("\n\n"):
        match = SWITCH.search(block.split("\n", 1)[0])
        if not match:
            continue
        time, previous, state, following = float(match.group(2)), int(match.group(3)), match.group(4), int(match.group(5))
        if main is None:
            main = previous
        if following == main and left:
            totals[left[1]] += (time - left[0]) * 1000
            counts[left[1]] += 1
            left = None
        if previous == main:
            if state.startswith("R"):
                why = "preempted (runnable)"
            elif "__vm_munmap" in block or "mmap_region" in block or "mprotect" in block:
                why = "memory-map lock (munmap, mmap, mprotect)"
            elif "futex" in block:
                why = "futex (a semaphore or lock)"
            elif "page_fault" in block or "handle_mm_fault" in block:
                why = "page fault"
            else:
                why = "other (state %s)" % state
            left = (time, why)
    print("\nmain thread off the CPU:")
    for why, total in totals.most_common():
        print("  %7.2f ms in %3d spells: %s" % (total, counts[why], why))


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[2])
    binary, path = sys.argv[1], sys.argv[2]
    bucket_ms = float(sys.argv[3]) if len(sys.argv) > 3 else 5.0
    with tempfile.TemporaryDirectory() as folder:
        samples = os.path.join(folder, "samples.data")
        switches = os.path.join(folder, "switches.data")
        run_perf(["-F", "20000"], binary, path, samples)
        busy_table(samples, bucket_ms)
        run_perf(["-e", "sched:sched_switch", "-g"], binary, path, switches)
        off_cpu(switches)


if __name__ == "__main__":
    main()
