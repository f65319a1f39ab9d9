#!/usr/bin/env bash
# Runs the test suite with the wall clock a year ahead (libfaketime), so that a test depending on today's date
# fails here before the calendar gets to it: FAKETIME_OFFSET=+365d bash Tools/checks/year-ahead.sh.
#
# Debian's faketime is used through its library rather than its `faketime` wrapper, for two reasons that
# Tools/checks/faketime-timers.c explains: the monotonic clocks stay real (FAKETIME_DONT_FAKE_MONOTONIC=1), and
# a small shim preloaded first keeps libfaketime from moving absolute timer deadlines, which would make every
# sleep and timer of the suite fire a year late. The test bundle (all Swift Testing) is run directly, because
# SwiftPM's own `swift test` driver stalls under libfaketime; it must already be built (`swift test` does that).
set -euo pipefail
cd "$(dirname "$0")/../.."
library=/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1
[ -f "$library" ] || { echo "year-ahead: $library is missing (apt-get install faketime)" >&2; exit 2; }
shim="$(mktemp -d)/faketime-timers.so"
gcc -shared -fPIC -O2 -o "$shim" Tools/checks/faketime-timers.c
bundle="$(swift build --show-bin-path)/ChainDeskPackageTests.xctest"
[ -x "$bundle" ] || { echo "year-ahead: build the tests first (swift build --build-tests)" >&2; exit 2; }
export LD_PRELOAD="$shim $library" FAKETIME="${FAKETIME_OFFSET:-+365d}" FAKETIME_DONT_FAKE_MONOTONIC=1
echo "year-ahead: the suite's wall clock reads $(date -u +%Y-%m-%d)"
# Under a hard cap, so that a hang fails the run instead of holding it.
timeout --kill-after=30 1500 "$bundle" --testing-library swift-testing "$@"
