# Shared by bench/run.sh and bench/crash.sh (sourced): a scratch directory that is removed at exit
# (kept with KEEP=1), the background processes started there, and a free loopback port.

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
