#!/usr/bin/env bash
# Builds etcd, kube-apiserver and kubectl from the Go module proxy into the layout
# fabric8 kube-api-test expects:
#   ${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/<x.y.z>-<os>-<arch>/{etcd,kube-apiserver,kubectl}
# Skips the build when the three binaries exist and the stamp matches the pins.
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
# go.sum is committed and complete: never rewrite go.mod/go.sum. No VCS stamping
# (the repo state would make the binaries non-reproducible).
export GOFLAGS="-mod=readonly -buildvcs=false"

goos="$(go env GOOS)"
goarch="$(go env GOARCH)"
target="${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${KUBE_VERSION}-${goos}-${goarch}"
stamp_file="${target}/.kube-testenv.stamp"
bins=(etcd kube-apiserver kubectl kube-controller-manager)

# The stamp covers the pins and the exact dependency set (go.mod + go.sum).
deps_hash="$(cat go.mod go.sum | sha256sum | cut -d' ' -f1)"
stamp="kubernetes=v${KUBE_VERSION} etcd=v${ETCD_VERSION} ${goos}/${goarch} deps=${deps_hash}"

up_to_date() {
  [[ -f "$stamp_file" && "$(cat "$stamp_file")" == "$stamp" ]] || return 1
  local b
  for b in "${bins[@]}"; do [[ -x "${target}/${b}" ]] || return 1; done
}

if ! $force && up_to_date; then
  echo "kube-testenv: up to date in ${target} (${stamp%% deps=*})"
  exit 0
fi

start=$(date +%s)
# go.mod must agree with versions.env.
mod_version() { go list -m -f '{{if .Replace}}{{.Replace.Version}}{{else}}{{.Version}}{{end}}' "$1"; }
for check in "k8s.io/kubernetes v${KUBE_VERSION}" \
             "k8s.io/apiserver v0.${KUBE_VERSION#1.}" \
             "k8s.io/kubectl v0.${KUBE_VERSION#1.}" \
             "go.etcd.io/etcd/server/v3 v${ETCD_VERSION}"; do
  mod="${check% *}"; want="${check#* }"; got="$(mod_version "$mod")"
  if [[ "$got" != "$want" ]]; then
    echo "go.mod has ${mod} ${got}, versions.env wants ${want}; update go.mod and run go mod tidy" >&2
    exit 1
  fi
done

echo "kube-testenv: building kubernetes v${KUBE_VERSION} + etcd v${ETCD_VERSION} with $(go env GOVERSION) -> ${target}"
echo "+ go mod download"
go mod download
dl_done=$(date +%s)
echo "  module download took $((dl_done - start))s"

# Same version variables upstream's hack/lib/version.sh sets. buildDate is the
# module's commit time so that the binaries are reproducible.
build_date="$(go list -m -f '{{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' k8s.io/kubernetes)"
minor="${KUBE_VERSION#*.}"; minor="${minor%%.*}"
ldflags="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X ${pkg}.gitVersion=v${KUBE_VERSION}"
  ldflags+=" -X ${pkg}.gitMajor=${KUBE_VERSION%%.*}"
  ldflags+=" -X ${pkg}.gitMinor=${minor}"
  ldflags+=" -X ${pkg}.gitTreeState=clean"
  ldflags+=" -X ${pkg}.buildDate=${build_date}"
done
ldflags+=" -X go.etcd.io/etcd/api/v3/version.GitSHA=module-v${ETCD_VERSION}"

mkdir -p "$(dirname "$target")"
tmp="$(mktemp -d "${target}.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
echo "+ go build -trimpath -o <tmp> ./cmd/etcd ./cmd/kube-apiserver ./cmd/kubectl ./cmd/kube-controller-manager"
go build -trimpath -ldflags "$ldflags" -o "$tmp/" ./cmd/etcd ./cmd/kube-apiserver ./cmd/kubectl ./cmd/kube-controller-manager
build_done=$(date +%s)
echo "  compile took $((build_done - dl_done))s"

# Smoke-check the versions before installing.
"$tmp/kube-apiserver" --version
"$tmp/kubectl" version --client
"$tmp/etcd" --version

# Install only complete sets: kube-api-test picks the highest version directory it finds.
mkdir -p "$target"
rm -f "$stamp_file"
for b in "${bins[@]}"; do mv -f "$tmp/$b" "$target/$b"; done
(cd "$target" && sha256sum "${bins[@]}" > SHA256SUMS)
echo "$stamp" > "$stamp_file"

end=$(date +%s)
echo "kube-testenv: built into ${target} in $((end - start))s (download $((dl_done - start))s, compile $((build_done - dl_done))s)"
ls -l "${bins[@]/#/$target/}"
cat "$target/SHA256SUMS"
