#!/usr/bin/env bash
# Build the Neo4j test server: Neo4j Community 5.26 (embedded, from Maven Central) and a small
# launcher that serves Bolt on 127.0.0.1 (tools/neo4j-launcher). Idempotent: a second run that finds
# everything built does nothing. Needs Java 17+ and Maven; uses Maven's default repository (~/.m2).
#   bash scripts/setup-neo4j.sh          # fetch and build if needed
#   bash scripts/setup-neo4j.sh --force  # rebuild
# Afterwards tools/neo4j-launcher/target/ holds neo4j-launcher.jar, classpath.txt and (when the JVM can make
# one) launcher.jsa, a class-data archive that makes the server start faster.
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
cd "$scripts/../tools/neo4j-launcher"

force=0
[ "${1:-}" = "--force" ] && force=1

. "$scripts/java-maven.sh"

stamp=target/.built
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ "$stamp" -nt pom.xml ] \
   && [ "$stamp" -nt src/main/java/scrgraph/Neo4jLauncher.java ] && [ -f target/classpath.txt ] \
   && [ -f target/neo4j-launcher.jar ]; then
  echo "Neo4j test server already built (tools/neo4j-launcher/target)."
  exit 0
fi

echo "Building the Neo4j test server (first time: fetches Neo4j 5.26 from Maven Central)..."
rm -f "$stamp" target/launcher.jsa
mvn -B -q package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt

# A class-data-sharing archive of one start: later starts load classes from it (faster start).
cp="$PWD/target/neo4j-launcher.jar:$(cat target/classpath.txt)"  # the same class path as tests/neo4j_fixture.py
if java -XX:ArchiveClassesAtExit="$PWD/target/launcher.jsa" -XX:+UseSerialGC -cp "$cp" scrgraph.Neo4jLauncher \
     < /dev/null > target/archive-run.log 2>&1 && grep -q READY target/archive-run.log; then
  echo "Class-data archive written (target/launcher.jsa)."
else
  rm -f target/launcher.jsa
  echo "No class-data archive (the server still starts, only slower); see target/archive-run.log."
fi
touch "$stamp"
echo "Neo4j test server built: tools/neo4j-launcher/target."
