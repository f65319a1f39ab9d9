#!/usr/bin/env bash
# ChainDesk's RPC against its two baselines, side by side in one run: a raw SwiftNIO TCP echo (the physical floor)
# and gRPC (grpc-swift-2 over HTTP/2, Tools/grpc-baseline). Release builds; every server and client a separate
# process on loopback; 64-byte unary echoes with 1 and with 64 calls in flight on one connection. Prints the
# figures and the ratios the benchmark goals are stated in (docs/benchmarks.md), and the framing bytes per unary
# round trip of ChainDesk (its own byte counters) and of gRPC (counted by the weak-link proxy, unthrottled).
#
#   Tools/bench-compare.sh            # SECONDS_PER_RUN=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product chaindesk-bench
(cd Tools/grpc-baseline && swift build -c release)
bench="$(swift build -c release --show-bin-path)/chaindesk-bench"
grpc="$(cd Tools/grpc-baseline && swift build -c release --show-bin-path)/grpc-echo-bench"
seconds="${SECONDS_PER_RUN:-5}"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

port_of() { # waits for a line naming the port ("listening on PORT", "weak link on HOST:PORT → …") in $1
    for _ in $(seq 200); do
        line="$(grep -m1 -E "listening on|weak link on" "$1" || true)"
        if [ -n "$line" ]; then sed -E 's/.* on ([^ ]*:)?([0-9]+).*/\2/' <<<"${line/]/}"; return; fi
        sleep 0.05
    done
    echo "a server did not start: $(cat "$1")" >&2; exit 1
}

"$bench" serve --kind chaindesk >"$work/chaindesk" 2>&1 &
"$bench" serve --kind raw >"$work/raw" 2>&1 &
"$grpc" serve --port 0 >"$work/grpc" 2>&1 &
chaindesk_port="$(port_of "$work/chaindesk")"
raw_port="$(port_of "$work/raw")"
grpc_port="$(port_of "$work/grpc")"

for flight in 1 64; do
    "$bench" echo-run --kind chaindesk --port "$chaindesk_port" --in-flight "$flight" --seconds "$seconds" >"$work/chaindesk-$flight.json"
    "$bench" echo-run --kind raw --port "$raw_port" --in-flight "$flight" --seconds "$seconds" >"$work/raw-$flight.json"
    "$grpc" run --port "$grpc_port" --in-flight "$flight" --seconds "$seconds" >"$work/grpc-$flight.json"
done

# gRPC's bytes per call, through a counting proxy that adds no delay.
"$bench" weaklink --to "127.0.0.1:$grpc_port" --kbps 0 --rtt 0 --report-every 0.5 >"$work/link" 2>&1 &
link_port="$(port_of "$work/link")"
"$grpc" run --port "$link_port" --in-flight 1 --seconds 1 >"$work/grpc-counted.json"
sleep 1.2

python3 - "$work" <<'PY'
import json, re, sys
work = sys.argv[1]
r = {(k, f): json.load(open(f"{work}/{k}-{f}.json")) for k in ("chaindesk", "raw", "grpc") for f in (1, 64)}
print(f"{'':28}{'1 in flight':>26}{'64 in flight':>40}")
for k, name in (("chaindesk", "ChainDesk RPC"), ("grpc", "gRPC (grpc-swift-2, HTTP/2)"), ("raw", "raw TCP echo")):
    one, many = r[(k, 1)], r[(k, 64)]
    print(f"{name:28}{one['calls_per_second']:>9} /s p50 {one['p50_us']:>5} µs p99 {one['p99_us']:>5} µs"
          f"{many['calls_per_second']:>11} /s p50 {many['p50_us']:>6} µs p99 {many['p99_us']:>6} µs p99.9 {many['p999_us']:>6} µs")
c, g, e = r[("chaindesk", 64)]["calls_per_second"], r[("grpc", 64)]["calls_per_second"], r[("raw", 64)]["calls_per_second"]
print(f"64 in flight: ChainDesk / gRPC = {c / g:.1f}x, ChainDesk / raw echo = {100 * c / e:.0f}%")
print(f"1 in flight: p50 ChainDesk / raw echo = {r[('chaindesk', 1)]['p50_us'] / max(1, r[('raw', 1)]['p50_us']):.2f}x")
counted = json.load(open(f"{work}/grpc-counted.json"))
up, down = map(int, re.findall(r"up (\d+) B, down (\d+) B", open(f"{work}/link").read())[-1])
grpc_framing = (up + down) / counted["calls"] - 2 * 64
print(f"framing per unary round trip: ChainDesk {r[('chaindesk', 1)]['framing_bytes']} B, gRPC {grpc_framing:.0f} B")
PY
