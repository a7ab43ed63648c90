#!/usr/bin/env bash
# Copies the CustomResourceDefinitions the build generates from the Java classes
# (holdfast-operator/target/classes/META-INF/fabric8) into the Helm chart and the plain manifests.
# CustomResourceDefinitionCopiesTest fails the build when the copies are stale: run this then.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -B -q -o process-classes -pl holdfast-operator -am -Dspotbugs.skip=true -Dpmd.skip=true
generated=holdfast-operator/target/classes/META-INF/fabric8
rm -f charts/holdfast/crds/*.yaml
: > deploy/kubernetes/crds.yaml
for f in "$generated"/*.holdfast.dev-v1.yml; do
  name="$(basename "$f" -v1.yml)"
  cp "$f" "charts/holdfast/crds/$name.yaml"
  { echo "---"; cat "$f"; } >> deploy/kubernetes/crds.yaml
done
echo "refreshed $(ls charts/holdfast/crds | wc -l) CRDs"
