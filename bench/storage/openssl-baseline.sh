#!/usr/bin/env bash
# The openssl baseline for the page cipher: AES-256-GCM on 4 KiB buffers, on this machine.
#
#   bench/storage/openssl-baseline.sh [seconds]      # default 3 s per variant
#
# Prints MB/s (10^6 bytes a second, openssl's own unit) and µs per 4 KiB buffer for:
#   evp          `openssl speed -evp aes-256-gcm -bytes 4096`: a stream of Update calls under one key and IV, no
#                per-buffer IV, AAD or tag. The figure the storage issue names; an upper bound for a page cipher.
#   evp-decrypt  the same, decrypting.
#   aead         `-aead`: per buffer, a fresh IV, 13 bytes of AAD, Update and Final with the tag (TLS-like), i.e.
#                what sealing one page costs. The fairer comparison for PageCipher.Encrypt.
#   aead-decrypt the same, decrypting (on OpenSSL 3.0 the tag check is not part of the timing loop's result).
# Compare with the MB/s column of PageCipherBenchmarks (docs/benchmarks.md, "Storage").
set -euo pipefail

seconds="${1:-3}"
openssl version
echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-14s %10s %12s\n' variant 'MB/s' 'µs / 4 KiB'

run() {
    local name="$1"; shift
    local bytes_per_second
    # -mr prints "+F:<n>:AES-256-GCM:<bytes per second>" for the single -bytes size.
    bytes_per_second="$(openssl speed -mr "$@" -evp aes-256-gcm -bytes 4096 -seconds "$seconds" 2>/dev/null \
        | awk -F: '/^\+F:/ { print $4 }')"
    if [[ -z "$bytes_per_second" ]]; then
        printf '%-14s %10s\n' "$name" 'n/a (this openssl does not support these flags)'
        return
    fi

    awk -v n="$name" -v b="$bytes_per_second" 'BEGIN { printf "%-14s %10.0f %12.2f\n", n, b / 1e6, 4096 / b * 1e6 }'
}

run evp
run evp-decrypt -decrypt
run aead -aead
run aead-decrypt -aead -decrypt
