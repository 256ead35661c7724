#!/usr/bin/env bash
# Measures the time from starting `lattice play tutorial` in a fresh 80×24
# tmux pane to its first frame, and subtracts the same harness's time for a
# program that prints at once (tmux start-up and polling), over several runs.
# Usage: bash .ci/first-frame.sh [runs]   (needs tmux; builds the binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
dir=$(mktemp -d)
bin=$dir/lattice
go build -o "$bin" ./cmd/lattice
sock="lattice-ff-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$dir"' EXIT

# time_to MARKER CMD...: milliseconds until MARKER shows in the pane.
time_to() {
  local marker=$1; shift
  local start end
  start=$(date +%s%N)
  tmux -L "$sock" new-session -d -s ff -x 80 -y 24 "$*"
  until tmux -L "$sock" capture-pane -t ff -p 2>/dev/null | grep -q "$marker"; do
    sleep 0.002
  done
  end=$(date +%s%N)
  tmux -L "$sock" kill-server 2>/dev/null || true
  echo $(( (end - start) / 1000000 ))
}

total=0 base_total=0
for i in $(seq "$runs"); do
  base=$(time_to READY "sh -c 'echo READY; sleep 10'")
  t=$(time_to Tutorial "$bin play tutorial")
  echo "run $i: lattice ${t} ms, harness ${base} ms, first frame ≈ $(( t - base )) ms"
  total=$(( total + t )); base_total=$(( base_total + base ))
done
echo "mean first frame ≈ $(( (total - base_total) / runs )) ms over $runs runs"
