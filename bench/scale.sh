#!/usr/bin/env bash
# A big city's year (`make bench-scale`): for each scale, bench/scale_fill.py fills a database with a city of a
# million inhabitants' year times that scale, bench/scale_measure.py times every officer-facing read and a few
# resident commands on it; then one table shows how each read grows from the first scale to the last.
#
# Environment: BENCH_SCALES ("0.1 1"), BENCH_RUNS (30 timings of each read), BUILD_DIR (build-bench),
# BENCH_NO_BUILD (1: use what is built), KEEP (1: keep the temporary folder with the databases and logs).
# A full-size database takes about 1.6 GB: a scale the disk has no room for is skipped, with a word why.
set -euo pipefail
export PYTHONDONTWRITEBYTECODE=1  # no __pycache__ in bench/

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
build="${BUILD_DIR:-$repo/build-bench}"
scales="${BENCH_SCALES:-0.1 1}"
gib_per_scale=3  # the full-size file is 1.5 GiB (its old journal and outbox rows emptied): twice that, to be safe

source bench/common.sh
if [ "${BENCH_NO_BUILD:-0}" != 1 ]; then
  echo "bench-scale: building buurtbot (Release) in $build"
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DBUURTBOT_TESTS=OFF >/dev/null
  nice cmake --build "$build" -j "$(nproc)" --target buurtbot >/dev/null
fi
echo "bench-scale: on $(machine); SQLite $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)') (generator)," \
  "buurtbot $(git rev-parse --short HEAD)"
echo "bench-scale: load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
bench_workdir scale

free_gib() { df -k --output=avail "$work" | tail -1 | awk '{ printf "%.1f", $1 / 1048576 }'; }
results=()
for scale in $scales; do
  need="$(awk -v s="$scale" -v g="$gib_per_scale" 'BEGIN { printf "%.1f", s * g }')"
  if awk -v f="$(free_gib)" -v n="$need" 'BEGIN { exit !(f < n) }'; then
    echo "bench-scale: scale $scale needs about $need GiB in $work and $(free_gib) GiB are free: skipped"
    continue
  fi
  db="$work/scale-$scale.db"
  echo "bench-scale: filling $db at scale $scale"
  python3 bench/scale_fill.py --db "$db" --scale "$scale" --binary "$build/buurtbot" --config config/demo.yaml
  python3 bench/scale_measure.py --binary "$build/buurtbot" --config config/demo.yaml --repo "$repo" --db "$db" \
    --log "$work/scale-$scale.log" --port "$(free_port)" --scale "$scale" --runs "${BENCH_RUNS:-30}" \
    --out "$work/scale-$scale.json"
  results+=("$work/scale-$scale.json")
  [ -n "${KEEP:-}" ] || rm -f "$db" "$db-wal" "$db-shm"
done

[ "${#results[@]}" -ge 2 ] && python3 bench/scale_table.py "${results[@]}"
[ -n "${KEEP:-}" ] && echo "bench-scale: the databases, logs and figures are kept in $work"
exit 0
