#!/usr/bin/env bash
# Build the SPARQL 1.1 test server: Apache Jena Fuseki 5.6.0 (jena-fuseki-main, embedded Jetty) from
# Maven Central. Only its class path is resolved (tools/fuseki-server/target/classpath.txt);
# tests/fuseki_fixture.py starts it on 127.0.0.1 with an in-memory dataset. Idempotent: a second run that
# finds the class path built does nothing. Needs Java 17+ and Maven; uses Maven's default repository (~/.m2).
#   bash scripts/setup-fuseki.sh          # fetch if needed
#   bash scripts/setup-fuseki.sh --force  # resolve again
set -euo pipefail
scripts="$(cd "$(dirname "$0")" && pwd)"
cd "$scripts/../tools/fuseki-server"

force=0
[ "${1:-}" = "--force" ] && force=1

. "$scripts/java-maven.sh"

stamp=target/.built
if [ "$force" -eq 0 ] && [ -f "$stamp" ] && [ "$stamp" -nt pom.xml ] && [ -f target/classpath.txt ]; then
  echo "Fuseki test server already built (tools/fuseki-server/target)."
  exit 0
fi

echo "Building the Fuseki test server (first time: fetches Jena Fuseki 5.6.0 from Maven Central)..."
rm -f "$stamp"
mkdir -p target
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
touch "$stamp"
echo "Fuseki test server built: tools/fuseki-server/target."
