#!/usr/bin/env bash
# A real full disk (ENOSPC) under the store: generates a small office on a tmpfs, shrinks the tmpfs to leave 1 MiB
# to spare, writes from 8 concurrent writers until the disk is full, then checks that the error says so, that the file passes SQLite's
# integrity check and holds every write that was acknowledged, and that writing resumes once the tmpfs is grown.
# Needs root (it mounts the tmpfs) and a release build of chaindesk-bench.
#
#   Tools/checks/disk-full.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
bench="${BENCH:-.build/release/chaindesk-bench}"
[ "$(id -u)" = 0 ] || { echo "disk-full.sh needs root to mount a tmpfs" >&2; exit 77; }
[ -x "$bench" ] || { echo "build it first: swift build -c release --product chaindesk-bench" >&2; exit 1; }
work="$(mktemp -d)"
disk="$work/disk"
mkdir "$disk"
trap 'umount "$disk" 2>/dev/null || true; rm -rf "$work"' EXIT

# Generated in place (the store's WAL included), then the tmpfs is shrunk to what it holds plus 1 MiB.
mount -t tmpfs -o size=64m tmpfs "$disk"
"$bench" store-generate --path "$disk/office.sqlite" --enterprises 200 --interactions 1000 >/dev/null
mount -o remount,size=$(($(du -sk "$disk" | cut -f1) + 1024))k "$disk"

set +e
"$bench" store-writer --path "$disk/office.sqlite" --writers 8 --seconds 60 --prefix full >"$work/acked" 2>"$work/error"
status=$?
set -e
echo "the writer stopped (exit $status) after $(wc -l <"$work/acked") acknowledged writes: $(tail -1 "$work/error")"
[ -s "$work/acked" ] || { echo "FAIL: no write was acknowledged before the disk filled" >&2; exit 1; }
grep -q "disk is full" "$work/error" || { echo "FAIL: the error does not say the disk is full" >&2; exit 1; }

mount -o remount,size=64m "$disk"
python3 - "$disk/office.sqlite" "$work/acked" <<'PYTHON'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
check = db.execute("PRAGMA integrity_check").fetchone()[0]
assert check == "ok", f"integrity check: {check}"
acknowledged = [line.strip() for line in open(sys.argv[2]) if line.strip()]
stored = {row[0] for row in db.execute("SELECT id FROM interaction")}
lost = [id for id in acknowledged if id not in stored]
assert not lost, f"lost {len(lost)} acknowledged writes, e.g. {lost[:3]}"
print(f"integrity ok; all {len(acknowledged)} acknowledged writes are stored")
PYTHON
"$bench" store-writer --path "$disk/office.sqlite" --writers 8 --seconds 2 --prefix after >"$work/after"
echo "with space again: $(wc -l <"$work/after") more writes acknowledged in 2 s"
