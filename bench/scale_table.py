#!/usr/bin/env python3
"""The growth table of `make bench-scale`: each read's p50/p99 at the first and the last scale, their ratio,
and how it grows. Arguments: the JSON files of bench/scale_measure.py, smallest scale first."""

import json
import sys

import scale_measure


def growth(ratio, scale_ratio):
    """Constant, growing slower than the data, or linear: from the ratio of the medians."""
    if ratio < 1.5:
        return "constant"
    return "linear" if ratio >= 0.5 * scale_ratio else "sublinear"


def main():
    runs = [json.load(open(path)) for path in sys.argv[1:]]
    first, last = runs[0], runs[-1]
    scale_ratio = last["scale"] / first["scale"]
    a, b = f"at {first['scale']:g}", f"at {last['scale']:g}"
    print(f"\nGrowth from scale {first['scale']:g} to {last['scale']:g} (the data {scale_ratio:g}× as large); "
          f"times in ms, p50/p99 of {first['runs']} timings of each; the growth from the medians\n")
    print(f"| read | p50/p99 {a} | p50/p99 {b} | ratio p50/p99 | growth | answer bytes {b} |")
    print("|---|---:|---:|---:|---|---:|")
    later = {row["name"]: row for row in last["reads"] + last["commands"]}
    for row in first["reads"] + first["commands"]:
        other = later.get(row["name"])
        if not other:
            continue
        r50, r99 = other["p50_ms"] / row["p50_ms"], other["p99_ms"] / row["p99_ms"]
        print(f"| {row['name']} | {row['p50_ms']:.1f} / {row['p99_ms']:.1f} | {other['p50_ms']:.1f} / "
              f"{other['p99_ms']:.1f} | {r50:.1f}× / {r99:.1f}× | {growth(r50, scale_ratio)} | {scale_measure.size_text(other)} |")
    for key, label, unit in [("db_bytes", "database file", "MiB"), ("startup_ms", "start-up to /readyz", "ms"),
                             ("idle_rss_mib", "idle RSS", "MiB"), ("peak_rss_mib", "peak RSS after the reads", "MiB")]:
        x, y = first[key], last[key]
        if unit == "MiB" and key == "db_bytes":
            x, y = x / 2**20, y / 2**20
        print(f"| {label} | {x:,.1f} {unit} | {y:,.1f} {unit} | {y / x:.1f}× | {growth(y / x, scale_ratio)} | |")


if __name__ == "__main__":
    main()
