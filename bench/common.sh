# Shared by bench/run.sh, bench/crash.sh and bench/scale.sh (sourced): a scratch directory that is removed at exit
# (kept with KEEP=1), the background processes started there, a free loopback port and the machine.

# Sets `work` to a new scratch directory named after $1 and arranges the cleanup of `pids` and `work`.
bench_workdir() {
  work="$(mktemp -d "/tmp/buurtbot-$1.XXXXXX")"
  pids=()
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ -n "${KEEP:-}" ] || rm -rf "$work"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The machine the figures come from: cores, CPU model, memory and kernel.
machine() {
  local cpu mem
  cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //') (family $(grep -m1 'cpu family' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), model $(grep -m1 -P '^model\t' /proc/cpuinfo | cut -d: -f2 | tr -d ' '), $(grep -m1 'cpu MHz' /proc/cpuinfo | cut -d: -f2 | tr -d ' ' | cut -d. -f1) MHz)"
  mem="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "$(nproc) cores, $cpu, $mem, $(uname -sr)"
}
