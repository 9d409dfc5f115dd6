#!/usr/bin/env python3
"""Whole-process benchmarks of csvcheck against its baselines, back to back on the same machine.

usage: python3 Benchmarks/compare.py CSVCHECK_BINARY [--runs N] [--data DIR] [--before OTHER_BINARY]
                                     [--only clean,dirty,...]

Generates the data sets with ../shared/bench/gen.py (seeded, so every run sees the same bytes),
then measures in rounds: each round runs Python's baseline, then every csvcheck command once in a
seeded random order, so a baseline and the command compared with it are always measured within
seconds of each other, a machine that slows down or speeds up during the run moves both, and no
command always runs right after another (or right after Python). Reports the median wall seconds over the rounds, the
median CPU seconds (user + system, from wait4), and the peak memory (max RSS). Every ratio is
against a baseline measured in the same rounds. With --before, an older csvcheck binary is
measured in the same rounds too (the "before" column).

Prints a Markdown table, then the paired ratios: each round's command divided by its baseline
in that same round (py_validate by the clean check; the dirty, UTF-16LE and Windows-1252 checks
by the clean check), with their median and quartiles over the rounds and the rounds that meet
the target of issue 6. A ratio of two medians compares a fast round of one command with a slow
round of the other when the machine drifts (run to run, a median of 9 rounds moved by 15% here);
a paired ratio does not.
"""
import argparse, os, random, resource, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench"))

DATA = {
    "clean": ["--clean", "-n", "1000000"],
    "dirty": ["--error-rate", "0.05", "-n", "1000000"],
    "utf16": ["--clean", "-n", "1000000", "--encoding", "utf-16le"],
    "cp1252": ["--clean", "-n", "1000000", "--encoding", "windows-1252"],
    "small": ["--clean", "-n", "2000"],
}


def generate(directory):
    paths = {}
    for name, args in DATA.items():
        path = os.path.join(directory, name + ".csv")
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(SHARED, "gen.py"), *args, "-o", path], check=True,
                           stderr=subprocess.DEVNULL)
        paths[name] = path
    return paths


def run_once(command, before=None):
    """Wall seconds, CPU seconds, peak RSS in KiB and exit status of one run."""
    if before:
        before()
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5, help="rounds over the large files")
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "csvcheck-bench-data"))
    parser.add_argument("--before", help="an older csvcheck binary, measured in the same rounds")
    parser.add_argument("--only", help="comma-separated subset: py,clean,dirty,utf16,cp1252,start,split")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    os.makedirs(args.data, exist_ok=True)
    paths = generate(args.data)
    out = tempfile.mkdtemp(prefix="csvcheck-split-")

    def check(binary, name):
        return [binary, "--no-config", "--max-rows", "100000000", "--format", "json", paths[name]]

    def clear_out():
        for entry in os.listdir(out):
            os.remove(os.path.join(out, entry))

    binaries = [("now", args.binary)] + ([("before", args.before)] if args.before else [])
    # (key, label, command, setup) for the large files, measured in rounds.
    commands = []
    if not only or "py" in only:
        commands.append(("py", "python py_validate.py (clean)",
                         [sys.executable, os.path.join(SHARED, "py_validate.py"), paths["clean"]], None))
    for tag, binary in binaries:
        for key, label in [("clean", "clean, JSON"), ("dirty", "dirty (5% errors), JSON"),
                           ("utf16", "UTF-16LE, JSON"), ("cp1252", "Windows-1252, JSON")]:
            if not only or key in only:
                commands.append((f"{key}:{tag}", f"csvcheck {label}", check(binary, key), None))
        if not only or "split" in only:
            commands.append((f"split:{tag}", "csvcheck split clean into 500 files",
                             [binary, "split", "--no-config", paths["clean"], "--out", out, "--force"], clear_out))

    results = {key: [] for key, _, _, _ in commands}
    for round_number in range(args.runs):
        # Python first, then the csvcheck commands in a seeded shuffle: a command measured right
        # after another runs measurably slower or faster (10% on the dirty file; a clean check
        # right after Python's 124 MiB were freed, 10-15% slower), so every command takes every
        # place. (Reversing every other round, as before, left the first csvcheck command right
        # after Python in half the rounds, and the `before` binary never there.)
        shuffled = [c for c in commands if c[0] != "py"]
        random.Random(round_number).shuffle(shuffled)
        ordered = [c for c in commands if c[0] == "py"] + shuffled
        for key, _, command, setup in ordered:
            results[key].append(run_once(command, setup))

    # Start-up: a 2,000-row file against --version, many short rounds.
    start_rounds = args.runs * 40
    if not only or "start" in only:
        for tag, binary in binaries:
            results[f"version:{tag}"] = []
            results[f"small:{tag}"] = []
        for round_number in range(start_rounds):
            for tag, binary in (binaries if round_number % 2 == 0 else list(reversed(binaries))):
                pair = [("version", [binary, "--version"]), ("small", check(binary, "small"))]
                for name, command in (pair if round_number % 4 < 2 else list(reversed(pair))):
                    results[f"{name}:{tag}"].append(run_once(command))

    def median(key, index):
        return statistics.median(r[index] for r in results[key])

    def peak(key):
        return max(r[2] for r in results[key]) / 1024

    def status(key):
        return results[key][-1][3]

    print("| command | binary | median wall s | median CPU s | peak MiB | exit | vs baseline |")
    print("|---|---|---:|---:|---:|---:|---|")

    def line(key, label, tag, ratio=""):
        print(f"| {label} | {tag} | {median(key, 0):.3f} | {median(key, 1):.3f} | {peak(key):.1f} | {status(key)} | {ratio} |")

    if "py" in results:
        line("py", "python py_validate.py (clean)", "python")
    for tag, _ in binaries:
        clean = f"clean:{tag}"
        if clean in results:
            ratio = ""
            if "py" in results:
                ratio = f"{median('py', 0) / median(clean, 0):.1f}x faster than py_validate (wall)"
            line(clean, "csvcheck clean, JSON", tag, ratio)
        for key, label in [("dirty", "dirty (5% errors), JSON"), ("utf16", "UTF-16LE, JSON"),
                           ("cp1252", "Windows-1252, JSON"), ("split", "split clean into 500 files")]:
            full = f"{key}:{tag}"
            if full in results:
                ratio = f"{median(full, 0) / median(clean, 0):.2f}x the clean time" if clean in results else ""
                line(full, f"csvcheck {label}", tag, ratio)
        if f"version:{tag}" in results:
            line(f"version:{tag}", "csvcheck --version", tag)
            extra_wall = (median(f"small:{tag}", 0) - median(f"version:{tag}", 0)) * 1000
            extra_cpu = (median(f"small:{tag}", 1) - median(f"version:{tag}", 1)) * 1000
            line(f"small:{tag}", "csvcheck 2,000 rows, JSON", tag,
                 f"+{extra_wall:.1f} ms wall, +{extra_cpu:.1f} ms CPU over --version ({start_rounds} rounds)")


    # Paired ratios: each round against its baseline in the same round.
    def paired(key, base, invert=False):
        pairs = zip(results[key], results[base])
        return [(b[0] / a[0]) if invert else (a[0] / b[0]) for a, b in pairs]

    def quartiles(values):
        if len(values) < 2:
            return values[0], values[0], values[0]
        q = statistics.quantiles(values, n=4, method="inclusive")
        return q[0], statistics.median(values), q[2]

    targets = [("py", "py_validate / clean (wall)", 28.0, True), ("dirty", "dirty / clean", 2.0, False),
               ("utf16", "UTF-16LE / clean", 1.5, False), ("cp1252", "Windows-1252 / clean", 1.5, False)]
    rows = []
    for tag, _ in binaries:
        clean = f"clean:{tag}"
        if clean not in results:
            continue
        for key, label, target, higher in targets:
            full = "py" if key == "py" else f"{key}:{tag}"
            if full not in results:
                continue
            values = paired(clean, "py", invert=True) if key == "py" else paired(full, clean)
            low, mid, high = quartiles(values)
            met = sum(1 for v in values if (v >= target if higher else v <= target))
            bound = f"at least {target:g}x" if higher else f"at most {target:g}x"
            rows.append(f"| {label} | {tag} | {mid:.2f}x | {low:.2f}x - {high:.2f}x | {bound} | {met} of {len(values)} |")
    if rows:
        print()
        print("| paired ratio (same round) | binary | median | quartiles | target | rounds meeting it |")
        print("|---|---|---:|---:|---|---:|")
        for row in rows:
            print(row)


if __name__ == "__main__":
    main()
