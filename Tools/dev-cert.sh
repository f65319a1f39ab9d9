#!/usr/bin/env bash
# Writes a self-signed certificate and key for development TLS: dev-cert.pem and dev-key.pem in the given folder.
# Clients trust it with TLS.client(trustRoots: "<folder>/dev-cert.pem", hostname: "localhost").
set -euo pipefail
dir="${1:-.}"
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 365 \
    -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/dev-key.pem" -out "$dir/dev-cert.pem" 2>/dev/null
echo "wrote $dir/dev-cert.pem and $dir/dev-key.pem"
