#!/usr/bin/env bash
# Cluster lifecycle through the RDS control plane, in-process on real files: create-to-available, fill, snapshot, copy and
# restore (the copy under another key) of an N MiB cluster, encrypted against unencrypted in one run (after a 1 MiB warm-up
# of each). Prints a Markdown table with the ratios.
# Usage: bench/clusters/cluster-bench.sh [size-MiB (default 1024)] [data directory (default a temp dir)]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/Coffer.ClusterBench -v q -nologo >/dev/null
exec dotnet artifacts/bin/Coffer.ClusterBench/release/coffer-cluster-bench.dll "$@"
