#!/bin/bash
# Seconds from `backstride serve` to the first 200 on /, and the server's CPU seconds by then.
# usage: benchmarks/serve_start.sh [PORT]   (SQLite in a temp dir; see BENCHMARKS.md)
PORT=${1:-8911}
BIN=${BACKSTRIDE:-.venv/bin/backstride}
D=$(mktemp -d)
start=$(date +%s.%N)
HOME=$D XDG_DATA_HOME=$D/data $BIN serve --port "$PORT" --db "$D/b.sqlite" >"$D/out" 2>&1 &
PID=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/")" = 200 ]; do
  kill -0 $PID 2>/dev/null || { cat "$D/out"; exit 1; }
  sleep 0.05
done
end=$(date +%s.%N)
cpu=$(awk '{printf "%.2f", ($14+$15)/100}' /proc/$PID/stat)
echo "wall=$(echo "$end - $start" | bc)s cpu=${cpu}s"
kill -INT $PID; wait $PID 2>/dev/null
rm -rf "$D"
