#!/usr/bin/env bash
# Where the hot path's time goes: runs JMH benchmarks under async-profiler (fetched from Maven
# Central, tools.profiler:async-profiler) and prints, for each, what share of the benchmark
# thread's CPU samples the library's own code takes (ProfileShares). Flame graphs and the collapsed
# stacks go to amocrm-client-benchmarks/target/profile/.
#
#   bash amocrm-client-benchmarks/profile.sh                     # HotPathBenchmark.library and .bare
#   bash amocrm-client-benchmarks/profile.sh 'StreamingBenchmark'  # any JMH regular expression
#
# The profiler's own signal handling slows every call several times: compare shares, not times.
set -euo pipefail
cd "$(dirname "$0")/.."

module=amocrm-client-benchmarks
out=$module/target/profile
jar=$module/target/benchmarks.jar
version=4.1
regex=${1:-'HotPathBenchmark\.(library|bare)$'}

mvn -B -q -Dstyle.color=never -pl "$module" -am package -DskipTests
mkdir -p "$out/lib"
mvn -B -q -Dstyle.color=never dependency:copy -Dartifact="tools.profiler:async-profiler:$version" \
  -DoutputDirectory="$out/lib"
case "$(uname -m)" in
  x86_64) arch=linux-x64 ;;
  aarch64) arch=linux-arm64 ;;
  *) echo "async-profiler has no library for $(uname -m)" >&2; exit 1 ;;
esac
unzip -o -q "$out/lib/async-profiler-$version.jar" "$arch/libasyncProfiler.so" -d "$out/lib"
lib=$(cd "$out/lib/$arch" && pwd)/libasyncProfiler.so

# cpu samples need perf events; where the kernel refuses them, itimer samples the same way.
event=cpu
if [ "$(cat /proc/sys/kernel/perf_event_paranoid 2>/dev/null || echo 3)" -gt 2 ]; then
  event=itimer
fi
java -Damocrm.bench.dir="$module/target/bench-data" -jar "$jar" "$regex" -f 1 -wi 5 -w 2 -i 5 -r 4 \
  -prof "async:libPath=$lib;event=$event;interval=200000;output=collapsed,flamegraph;dir=$out" \
  | tee "$out/jmh.txt"
java -cp "$jar" io.github.farolero.amocrm.benchmarks.ProfileShares "$out"
