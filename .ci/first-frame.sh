#!/usr/bin/env bash
# Measures the time from starting `lattice play tutorial` in a fresh 80×24
# tmux pane to the first frame on screen, over several runs.
# Usage: bash .ci/first-frame.sh [runs]   (needs tmux; builds the binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
bin=$(mktemp -d)/lattice
go build -o "$bin" ./cmd/lattice
sock="lattice-ff-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -rf "$(dirname "$bin")"' EXIT
for i in $(seq "$runs"); do
  start=$(date +%s%N)
  tmux -L "$sock" new-session -d -s ff -x 80 -y 24 "$bin play tutorial"
  while ! tmux -L "$sock" capture-pane -t ff -p 2>/dev/null | grep -q "Tutorial"; do
    sleep 0.002
  done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to first frame"
  tmux -L "$sock" kill-server 2>/dev/null || true
done
