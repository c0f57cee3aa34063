"""Cycles per household-month, by phase, from profiled bench_run results.

Reads the JSON of `build/bench/bench_run ... --profile` runs, adds the machine
(CPU model, AVX2/AVX-512 flags from /proc/cpuinfo, load average) and the
commit, and writes bench/results/phase_cycles.json and phase_cycles.md.

    /usr/bin/python3 bench/phase_cycles.py OUT_STEM RUN.json [RUN.json ...]
"""
import json
import os
import subprocess
import sys


def machine():
    model, flags = "unknown", set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key.strip() == "model name" and model == "unknown":
                    model = value.strip()
                if key.strip() == "flags" and not flags:
                    flags = set(value.split())
    except OSError:
        pass
    simd = sorted(x for x in flags if x in ("avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"))
    return {"cpu_model": model, "simd_flags": simd, "logical_cpus": os.cpu_count(),
            "load_average_at_summary": list(os.getloadavg())}


def commit():
    try:
        rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def main():
    stem, paths = sys.argv[1], sys.argv[2:]
    runs = [json.load(open(p)) for p in paths]
    out = {"commit": commit(), "machine": machine(), "runs": []}
    for r in runs:
        pc = r["phase_cycles"]
        out["runs"].append({"scale": r["scale"], "months": r["months"], "start": r.get("start"), "threads": r["threads"],
                            "households": r["households"], "binary_revision": r["git_revision"],
                            "step_seconds": r["seconds"]["step"], "write_seconds": r["seconds"]["write"],
                            "counter_ghz": pc["counter_ghz"],
                            "household_parts": pc["household_parts"], "household_parts_total": pc["household_parts_total"],
                            "month_parts": pc["month_parts"],
                            "write_cycles_per_household_month": r["seconds"]["write"] * pc["counter_ghz"] * 1e9 / pc["household_months"]})
    with open(stem + ".json", "w") as f:
        json.dump(out, f, indent=2)
        f.write("\n")
    m = out["machine"]
    head = "| part | " + " | ".join(f"{r['threads']} thread{'s' if r['threads'] > 1 else ''}" for r in out["runs"]) + " |"
    lines = [f"Cycles per household-month (rdtsc reference cycles at {out['runs'][0]['counter_ghz']:.2f} GHz), "
             f"commit {out['commit']}, {m['cpu_model']}, {m['logical_cpus']} logical CPUs, SIMD flags {' '.join(m['simd_flags']) or 'none'}; "
             + ", ".join(f"scale {r['scale']} ({r['households']:,} households) x {r['months']} months from {r['start']}" for r in out["runs"][:1])
             + ". Household parts are summed over threads (CPU cycles); the month parts are serial wall cycles.",
             "", head, "|---|" + "---|" * len(out["runs"])]
    names = list(out["runs"][0]["household_parts"].keys())
    for n in names:
        lines.append(f"| {n} | " + " | ".join(f"{r['household_parts'][n]:.1f}" for r in out["runs"]) + " |")
    lines.append("| **household phases, all** | " + " | ".join(f"**{r['household_parts_total']:.1f}**" for r in out["runs"]) + " |")
    for n in out["runs"][0]["month_parts"]:
        lines.append(f"| {n} | " + " | ".join(f"{r['month_parts'][n]:.1f}" for r in out["runs"]) + " |")
    lines.append("| output writing | " + " | ".join(f"{r['write_cycles_per_household_month']:.1f}" for r in out["runs"]) + " |")
    with open(stem + ".md", "w") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
