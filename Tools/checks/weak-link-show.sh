#!/usr/bin/env bash
# What one field command costs on a weak mobile link: `chaindesk enterprise show` through chaindesk-bench's
# weak-link simulator (256 kbit/s, 300 ms round trip by default), against a demo node on loopback. Prints each
# run's wall time and the TCP connections the command opened (counted by the simulator).
#
#   Tools/checks/weak-link-show.sh                  # the debug build of this checkout, 3 runs
#   BIN=/path/to/bin RUNS=5 Tools/checks/weak-link-show.sh
#
# BIN names a folder holding chaindesk, chaindesk-server and chaindesk-bench, so that two builds (before and
# after a change) can be measured one after the other in the same session.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin="${BIN:-$(swift build --show-bin-path)}"
runs="${RUNS:-3}"
kbps="${KBPS:-256}"
rtt="${RTT:-300}"
enterprise="${ENTERPRISE:-豪顺}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

wait_for() { # a pattern in a file, for up to 20 s
    for _ in $(seq 400); do grep -q "$1" "$2" && return; sleep 0.05; done
    echo "not started: $(cat "$2")" >&2
    exit 1
}

"$bin/chaindesk-server" --demo --port 0 --web-port 0 --data-dir "$work/data" >"$work/node" 2>"$work/node.err" &
wait_for "listening on" "$work/node"
node="$(sed -n 's/^chaindesk-server listening on \([^ ]*\).*/\1/p' "$work/node")"
password="$(sed -n 's/^ *password: \(.*\)$/\1/p' "$work/node" | tail -1)"
"$bin/chaindesk-bench" weaklink --to "$node" --kbps "$kbps" --rtt "$rtt" --report-every 0.2 >"$work/link" 2>&1 &
wait_for "weak link on" "$work/link"
link="$(sed -n 's/^weak link on \([^ ]*\) .*/\1/p' "$work/link")"
connections() { grep -o "connections [0-9]*" "$work/link" | tail -1 | cut -d' ' -f2; }

export XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_DATA_HOME="$work/share"
echo "$password" | "$bin/chaindesk" login --server "$link" --user wu-fangyi --password-stdin --no-sync >/dev/null
echo "enterprise show $enterprise through $kbps kbit/s, $rtt ms ($bin)"
for run in $(seq "$runs"); do
    sleep 0.5
    before="$(connections)"
    start="$(date +%s.%N)"
    "$bin/chaindesk" enterprise show "$enterprise" --server "$link" >/dev/null
    end="$(date +%s.%N)"
    sleep 0.5
    seconds="$(python3 -c "print(f'{$end - $start:.2f}')")"
    echo "run $run: $seconds s, $(($(connections) - before)) connection(s)"
done
