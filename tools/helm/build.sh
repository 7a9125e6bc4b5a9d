#!/usr/bin/env bash
# Builds the helm binary from the Go module proxy (helm.sh/helm/v3, pinned in versions.env and
# go.mod) into
#   ${BULKHEAD_HELM_DIR:-$HOME/.bulkhead-tools}/helm/<x.y.z>-<os>-<arch>/helm
# Skips the build when the binary exists and the stamp matches the pins.
# Options: --force (rebuild even if up to date).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${here}/versions.env"

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h|--help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done

command -v go >/dev/null || { echo "go not found on PATH (need Go >= 1.26)" >&2; exit 1; }
cd "$here"
export CGO_ENABLED=0
# go.sum is committed and complete: never rewrite go.mod/go.sum; no VCS stamping.
export GOFLAGS="-mod=readonly -buildvcs=false"

goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
target="${BULKHEAD_HELM_DIR:-$HOME/.bulkhead-tools}/helm/${HELM_VERSION}-${goos}-${goarch}"
stamp_file="${target}/.helm.stamp"

deps_hash="$(cat go.mod go.sum | sha256sum | cut -d' ' -f1)"
stamp="helm=v${HELM_VERSION} ${goos}/${goarch} deps=${deps_hash}"

if ! $force && [[ -x "${target}/helm" && -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]]; then
  echo "helm: up to date in ${target} (${stamp%% deps=*})"
  exit 0
fi

got="$(go list -m -f '{{.Version}}' helm.sh/helm/v3)"
if [[ "$got" != "v${HELM_VERSION}" ]]; then
  echo "go.mod has helm.sh/helm/v3 ${got}, versions.env wants v${HELM_VERSION}; update go.mod and run go mod tidy" >&2
  exit 1
fi

start=$(date +%s)
echo "helm: building helm v${HELM_VERSION} with $(go env GOVERSION) -> ${target}"
go mod download
dl_done=$(date +%s)

# The version variables upstream's Makefile sets (internal/version); the git commit is unknown
# from a module zip, so GitCommit stays empty.
ldflags="-s -w"
ldflags+=" -X helm.sh/helm/v3/internal/version.version=v${HELM_VERSION}"
ldflags+=" -X helm.sh/helm/v3/internal/version.gitTreeState=clean"
# Upstream stamps the Kubernetes client version it was built against.
k8s_minor="$(go list -m -f '{{.Version}}' k8s.io/client-go)"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1"
ldflags+=" -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=$(echo "$k8s_minor" | cut -d. -f2)"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1"
ldflags+=" -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$(echo "$k8s_minor" | cut -d. -f2)"

mkdir -p "$(dirname "$target")"
tmp="$(mktemp -d "${target}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "+ go build -trimpath -o <tmp>/helm helm.sh/helm/v3/cmd/helm"
go build -trimpath -ldflags "$ldflags" -o "$tmp/helm" helm.sh/helm/v3/cmd/helm
build_done=$(date +%s)

"$tmp/helm" version

mkdir -p "$target"
rm -f "$stamp_file"
mv -f "$tmp/helm" "$target/helm"
(cd "$target" && sha256sum helm > SHA256SUMS)
echo "$stamp" > "$stamp_file"
end=$(date +%s)
echo "helm: built into ${target} in $((end - start))s (download $((dl_done - start))s, compile $((build_done - dl_done))s)"
cat "$target/SHA256SUMS"
