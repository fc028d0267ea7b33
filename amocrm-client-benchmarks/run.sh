#!/usr/bin/env bash
# Every figure of docs/BENCHMARKS.md in one run: builds the module (and what it needs), records the
# machine, runs every JMH benchmark (single fork, -prof gc), then the paired runner (the paired
# ratios and the harness figures). Results go to amocrm-client-benchmarks/target/results/:
#   machine.txt   the machine (nproc, CPU model, JDK, kernel, file system, load before and after)
#   jmh.txt/json  JMH's output (scores with 99.9 % error bars, gc.alloc.rate.norm per operation)
#   paired.txt    the paired runner's output; paired.md its tables; paired-rounds.csv every round
#
#   bash amocrm-client-benchmarks/run.sh           # the full run: about 20 minutes on 2 cores
#   bash amocrm-client-benchmarks/run.sh --smoke   # about 2 minutes: proves it runs, no figures
#
# Extra arguments: JMH_ARGS and PAIRED_ARGS (environment) are appended to each, e.g.
#   JMH_ARGS='HotPath' PAIRED_ARGS='--only=hot-path' bash amocrm-client-benchmarks/run.sh
# Measure on a quiet machine: the load average is recorded before and after.
set -euo pipefail
cd "$(dirname "$0")/.."

module=amocrm-client-benchmarks
out=$module/target/results
data=$module/target/bench-data
jar=$module/target/benchmarks.jar

mvn -B -q -Dstyle.color=never -pl "$module" -am package -DskipTests

rm -rf "$out" "$data"
mkdir -p "$out" "$data"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(grep -m1 MemTotal /proc/meminfo | awk '{printf "%.0f GiB", $2/1048576}')"
  echo "kernel: $(uname -srm)"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "files: $(df -T "$data" | awk 'NR==2 {print $2 " on " $1}')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"
cat "$out/machine.txt"

jmh=(-prof gc -rf json -rff "$out/jmh.json")
paired=(--out="$out")
if [ "${1:-}" = "--smoke" ]; then
  jmh+=(-f 1 -wi 0 -i 1 -r 200ms -p leads=2000)
  paired+=(--smoke)
fi
# shellcheck disable=SC2206 # word splitting of the extra arguments is meant
jmh+=(${JMH_ARGS:-})
# shellcheck disable=SC2206
paired+=(${PAIRED_ARGS:-})

start=$(date +%s)
java -Damocrm.bench.dir="$data" -jar "$jar" "${jmh[@]}" | tee "$out/jmh.txt"
java -Damocrm.bench.dir="$data" -cp "$jar" io.github.farolero.amocrm.benchmarks.Paired \
  "${paired[@]}" | tee "$out/paired.txt"
{
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "run time: $(( $(date +%s) - start )) s"
} >> "$out/machine.txt"
tail -n 2 "$out/machine.txt"
echo "results: $out"
