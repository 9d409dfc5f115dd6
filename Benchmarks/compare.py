#!/usr/bin/env python3
"""Whole-process benchmarks of csvcheck against its baselines, back to back on the same machine.

usage: python3 Benchmarks/compare.py CSVCHECK_BINARY [--runs N] [--data DIR]

Generates the data sets with ../shared/bench/gen.py (seeded, so every run sees the same bytes),
then times each command N times (median wall seconds) and reads its peak memory with
/usr/bin/time. Prints a Markdown table: every figure is a ratio against a baseline measured in
the same run.
"""
import argparse, os, statistics, subprocess, sys, tempfile, time

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "bench"))


def generate(directory):
    files = {
        "clean": ["--clean", "-n", "1000000"],
        "dirty": ["--error-rate", "0.05", "-n", "1000000"],
        "utf16": ["--clean", "-n", "1000000", "--encoding", "utf-16le"],
        "cp1252": ["--clean", "-n", "1000000", "--encoding", "windows-1252"],
        "small": ["--clean", "-n", "2000"],
    }
    paths = {}
    for name, args in files.items():
        path = os.path.join(directory, name + ".csv")
        if not os.path.exists(path):
            subprocess.run([sys.executable, os.path.join(SHARED, "gen.py"), *args, "-o", path], check=True,
                           stderr=subprocess.DEVNULL)
        paths[name] = path
    return paths


def measure(command, runs):
    seconds, peaks = [], []
    for _ in range(runs):
        start = time.monotonic()
        result = subprocess.run(["/usr/bin/time", "-f", "%M", *command], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, text=True)
        seconds.append(time.monotonic() - start)
        peaks.append(int(result.stderr.strip().splitlines()[-1]))
    return statistics.median(seconds), max(peaks), result.returncode


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "csvcheck-bench-data"))
    args = parser.parse_args()
    os.makedirs(args.data, exist_ok=True)
    paths = generate(args.data)
    check = [args.binary, "--no-config", "--max-rows", "100000000", "--format", "json"]
    out = tempfile.mkdtemp(prefix="csvcheck-split-")

    rows = []
    def row(name, command, baseline=None, runs=args.runs):
        seconds, peak, status = measure(command, runs)
        rows.append((name, seconds, peak, status, baseline))
        return seconds

    py = row("python py_validate.py (clean)", [sys.executable, os.path.join(SHARED, "py_validate.py"), paths["clean"]],
             runs=max(1, args.runs // 2))
    clean = row("csvcheck clean, JSON", check + [paths["clean"]], ("py_validate", py))
    row("csvcheck dirty (5% errors), JSON", check + [paths["dirty"]], ("clean", clean))
    row("csvcheck UTF-16LE", check + [paths["utf16"]], ("clean", clean))
    row("csvcheck Windows-1252", check + [paths["cp1252"]], ("clean", clean))
    version = row("csvcheck --version", [args.binary, "--version"], runs=args.runs * 4)
    row("csvcheck 2,000 rows", check + [paths["small"]], ("--version", version), runs=args.runs * 4)

    def split_once():
        for name in os.listdir(out):
            os.remove(os.path.join(out, name))
        return [args.binary, "split", "--no-config", paths["clean"], "--out", out, "--force"]
    seconds = []
    for _ in range(args.runs):
        command = split_once()
        start = time.monotonic()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seconds.append(time.monotonic() - start)
    rows.append(("csvcheck split clean into 500 files", statistics.median(seconds), 0, 0, ("clean", clean)))

    print(f"| command | median s | peak MiB | exit | vs baseline |")
    print(f"|---|---:|---:|---:|---|")
    for name, seconds, peak, status, baseline in rows:
        ratio = ""
        if baseline:
            label, base = baseline
            if label in ("py_validate",):
                ratio = f"{base / seconds:.1f}x faster than {label}"
            elif label == "--version":
                ratio = f"+{(seconds - base) * 1000:.1f} ms over {label}"
            else:
                ratio = f"{seconds / base:.2f}x the {label} time"
        print(f"| {name} | {seconds:.3f} | {peak / 1024:.1f} | {status} | {ratio} |")


if __name__ == "__main__":
    main()
