#!/usr/bin/env bash
# Builds ChainDesk's libFuzzer targets (FuzzTesting/, Swift with -sanitize=fuzzer,address) and runs each one for a
# while, seeded from the golden vectors (Protocol/vectors) and the kept crashers (FuzzTesting/Crashers/TARGET).
#
#   Tools/fuzz.sh                           # every target, 60 s each
#   FUZZ_SECONDS=600 Tools/fuzz.sh FuzzFrames
#   Tools/fuzz.sh --regressions             # only replay the kept crashers through their targets
#   FUZZ_CORPUS=~/chaindesk-corpus Tools/fuzz.sh   # keep what each target learns, and start from it next time
#
# A crash, a leak-free hang past 10 s, or an input using more than 2 GiB stops the run with its input saved as
# FuzzTesting/Crashers/TARGET/crash-… (or timeout-…, oom-…): fix the cause, keep the file (it is replayed by every
# later run, in CI too), and commit both. Prints each target's executions and their rate.
set -euo pipefail
cd "$(dirname "$0")/.."
# libFuzzer and AddressSanitizer print their own reports; Swift's backtracer would only delay them.
export SWIFT_BACKTRACE=enable=no
targets=(FuzzFrames FuzzSettings FuzzInflate FuzzMessages FuzzDomain FuzzConnection)
regressions_only=no
chosen=()
for argument in "$@"; do
    case "$argument" in
        --regressions) regressions_only=yes ;;
        Fuzz*) chosen+=("$argument") ;;
        *) echo "unknown argument: $argument (targets: ${targets[*]})" >&2; exit 64 ;;
    esac
done
[ ${#chosen[@]} -gt 0 ] && targets=("${chosen[@]}")
seconds="${FUZZ_SECONDS:-60}"

# SwiftPM passes its two --sanitize options to swiftc as two -sanitize= flags, and swiftc keeps only the last: the
# code would get AddressSanitizer but no coverage instrumentation, and libFuzzer would mutate blind. The combined
# flag, last on the command line, gives both.
flags=(-c debug --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address)
(cd FuzzTesting && swift build "${flags[@]}")
bin="$(cd FuzzTesting && swift build "${flags[@]}" --show-bin-path)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" <<'PYTHON'
import json, os, sys, zlib
work = sys.argv[1]
def put(target, name, data):
    folder = os.path.join(work, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
opening_len = None
for file in ["frames.json", "frames-invalid.json", "compression.json", "preface.json", "varint.json"]:
    vectors = json.load(open(os.path.join("Protocol/vectors", file)))["vectors"]
    for vector in vectors:
        data = bytes.fromhex(vector["input"])
        if vector.get("decoder") == "frames":
            control = (0 if vector["sender"] == "client" else 1) | (2 if vector.get("awaiting_settings") else 0) | (63 << 2)
            put("FuzzFrames", vector["name"], bytes([control]) + data)
            if vector["sender"] == "client" and not vector.get("awaiting_settings"):
                put("FuzzConnection", vector["name"], data)
        elif vector.get("decoder") == "preface":
            put("FuzzSettings", vector["name"], data)
dictionary = open("Protocol/dictionaries/crm-v1.dict", "rb").read()
samples = ["东莞豪顺 精密制造 链主 走访", "enterprise project contact " * 20, "", "a" * 5000]
for index, text in enumerate(samples):
    put("FuzzInflate", f"plain-{index}", zlib.compress(text.encode()))
    packer = zlib.compressobj(zdict=dictionary)
    put("FuzzInflate", f"dictionary-{index}", packer.compress(text.encode()) + packer.flush())
for selector in range(0, 70, 7):
    put("FuzzMessages", f"empty-{selector}", bytes([selector]))
    put("FuzzMessages", f"fields-{selector}", bytes([selector, 0x0A, 0x03, 0x61, 0x62, 0x63, 0x10, 0x96, 0x01]))
# FuzzDomain: one byte picks the operation (FuzzTesting/Sources/FuzzDomain), then its values.
def text(t):
    data = t.encode()
    return bytes([len(data)]) + data
today = bytes([0, 126, 10, 19])  # 2026-11-20: year 1900 + 126, month index 10, day index 19
for index, amount in enumerate(["240亿", "2.4亿元", "5000万", "1,200万元", "１２万", "9223372036854775807", "1万亿元"]):
    put("FuzzDomain", f"money-{index}", bytes([0]) + text(amount))
for index, day in enumerate(["+7d", "-3d", "+2w", "+7天", "tomorrow", "昨天", "2026-11-08", "2026年11月8日"]):
    put("FuzzDomain", f"day-{index}", bytes([3]) + text(day) + today)
put("FuzzDomain", "pair-overflow", bytes([1]) + (2**63 - 1).to_bytes(8, "big") + (10**8).to_bytes(8, "big"))
put("FuzzDomain", "capital", bytes([6]) + today + (10**9).to_bytes(8, "big") + bytes([2]) + (10**8).to_bytes(8, "big")
    + bytes(8) + bytes([30]) + (2**63 - 1).to_bytes(8, "big") + bytes(8) + bytes([40, 11]))
PYTHON

status=0
for target in "${targets[@]}"; do
    crashers="FuzzTesting/Crashers/$target"
    mkdir -p "$work/$target" "$crashers"
    kept=("$crashers"/*)
    if [ -e "${kept[0]}" ]; then
        echo "== $target: replaying ${#kept[@]} kept crashers"
        "$bin/$target" -runs=0 "${kept[@]}" >"$work/$target.replay" 2>&1 || {
            tail -30 "$work/$target.replay" >&2; echo "$target: a kept crasher fails again" >&2; status=1; continue
        }
    fi
    [ "$regressions_only" = yes ] && continue
    echo "== $target: fuzzing for $seconds s"
    options=()
    # New inputs go to the first folder: the kept corpus when there is one (the seeds are read from the second).
    corpus_dirs=("$work/$target")
    if [ -n "${FUZZ_CORPUS:-}" ]; then
        mkdir -p "$FUZZ_CORPUS/$target"
        corpus_dirs=("$FUZZ_CORPUS/$target" "$work/$target")
    fi
    # A connection's tasks are freed on other threads after the input is done, so every input would look like a
    # leak to libFuzzer, and a leak check (a scan of the whole heap) after each one cut the rate tenfold.
    [ "$target" = FuzzConnection ] && options+=(-detect_leaks=0)
    if ! "$bin/$target" "${options[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$crashers/" "${corpus_dirs[@]}" >"$work/$target.log" 2>&1; then
        tail -40 "$work/$target.log" >&2
        echo "$target: found a failing input, saved under $crashers/" >&2
        status=1
        continue
    fi
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")"
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/$target.log")"
    # The last status line's edge count and corpus size: without coverage, libFuzzer prints neither.
    coverage="$(grep -o 'cov: [0-9]*' "$work/$target.log" | tail -1 | grep -o '[0-9]*' || true)"
    corpus="$(grep -o 'corp: [0-9]*' "$work/$target.log" | tail -1 | grep -o '[0-9]*' || true)"
    if [ -z "$coverage" ]; then
        echo "$target: libFuzzer saw no coverage: the target was built without coverage instrumentation" >&2
        status=1
        continue
    fi
    echo "$target: $runs executions, $rate per second, $coverage edges covered, $corpus inputs kept, no failure"
done
exit $status
