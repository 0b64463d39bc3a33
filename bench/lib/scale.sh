# Sourced by the scale scripts: the workload they generate, and a watch over a running `replaygate run`.

# The bundled-default workload as `generate` makes it: the `mix` office week in New York time, one seed; a week starts
# Monday 00:00 there (MIX_WEEK_START). Each script adds the span, the rate and the output.
MIX=(mix --timezone America/New_York --seed 20260105)
MIX_WEEK_START=2026-01-05T05:00:00Z

# sample_run PID LIMIT EVERY: until PID exits, reads its peak RSS (VmHWM) every second and its live heap every EVERY
# seconds (a class histogram, which collects first: what a full collection leaves, a lower bound of the true peak;
# those collections are in the run's wall time); stops it after LIMIT seconds (0: never). Sets `rss` and `live` (MiB,
# the largest seen) and `stopped` (" (stopped)" when it was).
sample_run() {
  local pid=$1 limit=$2 every=$3 tick=0 r l
  live=0
  rss=0
  stopped=
  while kill -0 "$pid" 2>/dev/null; do
    sleep 1
    if (( limit > 0 && tick >= limit )); then
      kill "$pid" 2>/dev/null || true
      stopped=" (stopped)"
      break
    fi
    r=$(awk '/VmHWM/ { print int($2 / 1024) }' "/proc/$pid/status" 2>/dev/null) || true
    (( ${r:-0} > rss )) && rss=$r
    (( ++tick % every )) && continue
    l=$(jcmd "$pid" GC.class_histogram 2>/dev/null | awk '/^Total/ { print int($3 / 1048576) }') || true
    (( ${l:-0} > live )) && live=$l
  done
  return 0
}
