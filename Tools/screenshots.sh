#!/usr/bin/env bash
# Writes a PNG of every web page of the demo office, as a director and a leader see them, into a folder (default
# ./screenshots), to look at: bash Tools/screenshots.sh [FOLDER]. Needs Debian's chromium, fonts-wqy-microhei,
# python3-websocket and python3-prometheus-client (as .ci/run installs them); runs the same browser check as CI.
set -euo pipefail
cd "$(dirname "$0")/.."
folder="$(realpath -m "${1:-screenshots}")"
swift build --product chaindesk-server >/dev/null
swift build --product chaindesk >/dev/null
/usr/bin/python3 Tools/checks/dashboard.py --bin "$(swift build --show-bin-path)" --screenshots "$folder"
