#!/usr/bin/env bash
# Runs a command with heap allocations counted: chaindesk-bench then reports allocations per call.
#   Tools/malloc-count/run.sh .build/release/chaindesk-bench rpc
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
library="${TMPDIR:-/tmp}/chaindesk-malloc-count.so"
cc -O2 -shared -fPIC -o "$library" "$here/malloc_count.c"
LD_PRELOAD="$library" "$@"
