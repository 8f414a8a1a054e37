#!/usr/bin/env bash
# End-to-end load: signed STS GetCallerIdentity over HTTP on loopback, Coffer against moto_server (the peer), one run.
# Reports requests per second of each and the ratio. Usage: bench/http/sts-load.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
duration="${1:-10}"
connections="${2:-32}"
for tool in wrk moto_server python3; do
  command -v "$tool" >/dev/null || { echo "needs $tool (apt-get install wrk; pip install 'moto[server]')" >&2; exit 1; }
done

work="$(mktemp -d)"
cleanup() { kill "${coffer_pid:-}" "${moto_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build -c Release src/Coffer.Server -v q -nologo >/dev/null
coffer_port=4690; moto_port=4691
dotnet artifacts/bin/Coffer.Server/release/coffer.dll --data-dir "$work/data" --urls "http://127.0.0.1:$coffer_port" \
  --Logging:LogLevel:Default=Warning >"$work/coffer.log" 2>&1 &
coffer_pid=$!
moto_server -p "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
for _ in $(seq 1 100); do
  if curl -fs "http://127.0.0.1:$coffer_port/_coffer/health" >/dev/null && curl -s "http://127.0.0.1:$moto_port/" >/dev/null; then break; fi
  sleep 0.2
done

key=$(awk '/^\[default\]/{f=1} f&&/aws_access_key_id/{print $3; exit}' "$work/data/aws/credentials")
secret=$(awk '/^\[default\]/{f=1} f&&/aws_secret_access_key/{print $3; exit}' "$work/data/aws/credentials")
python3 bench/http/sign_request.py "http://127.0.0.1:$coffer_port" "$key" "$secret" "$work/coffer.lua"
python3 bench/http/sign_request.py "http://127.0.0.1:$moto_port" testing testing "$work/moto.lua"

run() { # url script -> requests/s
  wrk -t2 -c"$connections" -d"${duration}s" -s "$2" "$1" | tee "$work/last.txt" >&2
  grep -q 'Non-2xx' "$work/last.txt" && { echo "non-2xx responses: the signed request was refused" >&2; exit 1; }
  awk '/Requests\/sec/{print $2}' "$work/last.txt"
}
wrk -t1 -c4 -d2s -s "$work/coffer.lua" "http://127.0.0.1:$coffer_port/" >/dev/null   # warm-up (JIT)
coffer_rps=$(run "http://127.0.0.1:$coffer_port/" "$work/coffer.lua")
moto_rps=$(run "http://127.0.0.1:$moto_port/" "$work/moto.lua")
echo "coffer: $coffer_rps req/s   moto_server: $moto_rps req/s   ratio coffer/moto: $(python3 -c "print(f'{$coffer_rps/$moto_rps:.1f}')")"
