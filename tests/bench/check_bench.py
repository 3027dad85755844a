#!/usr/bin/env python3
"""Wall time and peak RSS of `ats-guard check` on a full production input.

The input is the strong set of scripts/make-secrets-volume.sh with an RSA-4096 JWT key,
its JWKS, a TLS certificate and key, and a database CA, in a kubelet-layout volume.
Each run is a fresh process (as an init container is); figures are medians.

Usage: tests/bench/check_bench.py [BINARY] [RUNS]     (defaults: build/ats-guard, 31)
Needs GNU time and valgrind: scripts/install-deps.sh bench
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def load_env(path):
    env = {"PATH": "/usr/bin:/bin"}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                key, _, value = line.partition("=")
                env[key] = value
    return env


def run_once(argv, env):
    # GNU time reports the child's peak RSS. Python's own wait4() cannot: a child forked
    # from this interpreter inherits its 13 MB high-water mark before exec.
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M %x"] + argv, env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    rss_kb, code = proc.stderr.strip().splitlines()[-1].split()[-2:]
    return elapsed, int(rss_kb), int(code)


def heap_peak_kib(argv, env):
    """Peak heap of one run under valgrind massif (None when valgrind is missing)."""
    if subprocess.run(["which", "valgrind"], capture_output=True).returncode != 0:
        return None
    with tempfile.NamedTemporaryFile() as out:
        subprocess.run(["valgrind", "--tool=massif", "--massif-out-file=" + out.name] + argv,
                       env=env, capture_output=True)
        peaks = [int(line.split("=")[1]) + 0 for line in open(out.name)
                 if line.startswith("mem_heap_B=")]
        return max(peaks) / 1024 if peaks else None


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "build", "ats-guard")
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 31
    with tempfile.TemporaryDirectory() as tmp:
        volume = os.path.join(tmp, "secrets")
        subprocess.run([os.path.join(ROOT, "scripts", "make-secrets-volume.sh"), volume, "4096"],
                       check=True)
        env = load_env(os.path.join(ROOT, "tests", "fixtures", "production.env"))
        argv = [binary, "check", "--secrets-dir", volume, "--audit-log", "off",
                "--termination-log", os.path.join(tmp, "term")]
        run_once(argv, env)  # warm the page cache
        samples = [run_once(argv, env) for _ in range(runs)]
        heap = heap_peak_kib(argv, env)
    codes = {code for _, _, code in samples}
    if codes != {0}:
        sys.exit(f"check exited with {codes}, expected 0: the fixture should pass")
    times = sorted(s[0] * 1000 for s in samples)
    rss = sorted(s[1] / 1024 for s in samples)
    print(f"check on a full production input (RSA-4096, JWKS, TLS cert+key, DB CA), {runs} runs")
    print(f"  wall time  median {statistics.median(times):.1f} ms   "
          f"min {times[0]:.1f}   max {times[-1]:.1f}   (target < 50 ms)")
    print(f"  peak RSS   median {statistics.median(rss):.1f} MiB  "
          f"min {rss[0]:.1f}   max {rss[-1]:.1f}   (target < 8 MiB)")
    if heap is not None:
        print(f"  peak heap  {heap:.0f} KiB (valgrind massif, one run): the rest of RSS is "
              f"pages of the mapped binary and glibc")


if __name__ == "__main__":
    main()
