#!/usr/bin/env bash
# End-to-end KMS Decrypt load with wrk: Coffer (audit trail on, as shipped) on loopback, one SigV4-signed Decrypt
# request replayed by wrk (bench/http/sign_kms_decrypt.py signs it once), so the load generator spends almost no CPU
# on the two cores it shares with the server. Prints wrk's report with the latency distribution, the server's CPU per
# request (from /proc), and the audit events written.
# Usage: bench/http/kms-wrk.sh [seconds] [connections] [wrk-threads]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-20}"
connections="${2:-32}"
threads="${3:-1}"
for tool in wrk python3 curl dotnet; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done

work="$(mktemp -d)"
cleanup() { kill "${coffer_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release src/Coffer.Server -v q -nologo >/dev/null
port="${COFFER_PORT:-4694}"
dotnet artifacts/bin/Coffer.Server/release/coffer.dll --data-dir "$work/data" --urls "http://127.0.0.1:$port" \
  --Logging:LogLevel:Default=Warning >"$work/coffer.log" 2>&1 &
coffer_pid=$!
for _ in $(seq 1 150); do
  curl -fs "http://127.0.0.1:$port/_coffer/health" >/dev/null && break
  sleep 0.2
done

key=$(awk '/^\[default\]/{f=1} f&&/aws_access_key_id/{print $3; exit}' "$work/data/aws/credentials")
secret=$(awk '/^\[default\]/{f=1} f&&/aws_secret_access_key/{print $3; exit}' "$work/data/aws/credentials")
python3 bench/http/sign_kms_decrypt.py "http://127.0.0.1:$port" "$key" "$secret" "$work/decrypt.lua"

wrk -t1 -c"$connections" -d10s -s "$work/decrypt.lua" "http://127.0.0.1:$port/" >/dev/null   # warm-up (JIT, tiered compilation)
ticks_per_second=$(getconf CLK_TCK)
cpu() { awk '{print $14 + $15}' "/proc/$coffer_pid/stat"; }
before=$(cpu)
wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "$work/decrypt.lua" "http://127.0.0.1:$port/" | tee "$work/wrk.txt"
after=$(cpu)
grep -q 'Non-2xx' "$work/wrk.txt" && { echo "non-2xx responses: the replayed request was refused" >&2; exit 1; }
requests=$(awk '/requests in/{print $1}' "$work/wrk.txt")
python3 -c "print(f'server CPU per request: {($after - $before) / $ticks_per_second / $requests * 1e6:.0f} µs ({$requests} requests)')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
