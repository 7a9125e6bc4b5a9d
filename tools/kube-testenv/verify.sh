#!/usr/bin/env bash
# Smoke test for the binaries built by build.sh: starts etcd + kube-apiserver on
# 127.0.0.1 (random free ports, temp dir), checks `kubectl get ns default` as an
# admin client certificate (system:masters), checks that PodSecurity and
# ValidatingAdmissionPolicy admission are active, prints start-up time, cleans up.
# Usage: tools/kube-testenv/verify.sh [binary-dir]   (KEEP=1 keeps the temp dir)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=versions.env
source "${here}/versions.env"
bin="${1:-${KUBE_API_TEST_DIR:-$HOME/.kubeapitest}/k8s/${KUBE_VERSION}-$(go env GOOS 2>/dev/null || echo linux)-$(go env GOARCH 2>/dev/null || echo amd64)}"
for b in etcd kube-apiserver kubectl; do [[ -x "$bin/$b" ]] || { echo "missing $bin/$b (run build.sh)" >&2; exit 1; }; done

work="$(mktemp -d /tmp/kube-testenv-verify.XXXXXX)"
etcd_pid=""; api_pid=""
cleanup() {
  [[ -n "$api_pid" ]] && kill "$api_pid" 2>/dev/null && wait "$api_pid" 2>/dev/null || true
  [[ -n "$etcd_pid" ]] && kill "$etcd_pid" 2>/dev/null && wait "$etcd_pid" 2>/dev/null || true
  if [[ "${KEEP:-0}" == 1 ]]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
etcd_port=$(free_port); peer_port=$(free_port); api_port=$(free_port)

# PKI: client CA + admin client cert, service-account signing key.
pki="$work/pki"; mkdir -p "$pki"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=kube-testenv-ca" \
  -keyout "$pki/ca.key" -out "$pki/ca.crt" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/O=system:masters/CN=kube-testenv-admin" \
  -keyout "$pki/admin.key" -out "$pki/admin.csr" 2>/dev/null
openssl x509 -req -in "$pki/admin.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
  -days 1 -out "$pki/admin.crt" 2>/dev/null
openssl genrsa -out "$pki/sa.key" 2048 2>/dev/null
openssl rsa -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null

t0=$(date +%s.%N)
"$bin/etcd" --name default --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:${etcd_port}" --advertise-client-urls "http://127.0.0.1:${etcd_port}" \
  --listen-peer-urls "http://127.0.0.1:${peer_port}" --initial-advertise-peer-urls "http://127.0.0.1:${peer_port}" \
  --initial-cluster "default=http://127.0.0.1:${peer_port}" >"$work/etcd.log" 2>&1 &
etcd_pid=$!
until curl -fsS "http://127.0.0.1:${etcd_port}/health" >/dev/null 2>&1; do
  kill -0 "$etcd_pid" 2>/dev/null || { cat "$work/etcd.log" >&2; exit 1; }; sleep 0.1
done
t1=$(date +%s.%N)

api_flags=(
  --etcd-servers="http://127.0.0.1:${etcd_port}"
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 --secure-port="${api_port}"
  --cert-dir="$work/serving"
  --client-ca-file="$pki/ca.crt"
  --authorization-mode=RBAC
  --enable-admission-plugins=NamespaceLifecycle,PodSecurity,ValidatingAdmissionPolicy
  --disable-admission-plugins=ServiceAccount
  --service-account-issuer=https://kubernetes.default.svc
  --service-account-key-file="$pki/sa.pub"
  --service-account-signing-key-file="$pki/sa.key"
  --service-cluster-ip-range=10.0.0.0/24
  --allow-privileged=true  # otherwise privileged pods fail validation before PodSecurity sees them
)
printf '%q ' "$bin/kube-apiserver" "${api_flags[@]}" > "$work/apiserver.cmd"
"$bin/kube-apiserver" "${api_flags[@]}" >"$work/apiserver.log" 2>&1 &
api_pid=$!

cat > "$work/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:${api_port}
    certificate-authority: $work/serving/apiserver.crt
users:
- name: admin
  user:
    client-certificate: $pki/admin.crt
    client-key: $pki/admin.key
contexts:
- name: local
  context: {cluster: local, user: admin}
current-context: local
KC
export KUBECONFIG="$work/kubeconfig"
# kube-api-test's readiness check: `kubectl get ns default`.
until [[ -f "$work/serving/apiserver.crt" ]] && "$bin/kubectl" get ns default >/dev/null 2>&1; do
  kill -0 "$api_pid" 2>/dev/null || { tail -50 "$work/apiserver.log" >&2; exit 1; }
  if (( $(date +%s) - ${t1%.*} > 120 )); then echo "apiserver not ready after 120s" >&2; tail -50 "$work/apiserver.log" >&2; exit 1; fi
  sleep 0.2
done
t2=$(date +%s.%N)

"$bin/kubectl" get ns default
"$bin/kubectl" version
grep -o 'Loaded [0-9]* validating admission controller(s) successfully in the following order: .*' "$work/apiserver.log" | head -1 || true

# PodSecurity: a privileged pod is rejected in a namespace that enforces "restricted".
"$bin/kubectl" create ns pss-check >/dev/null
"$bin/kubectl" label ns pss-check pod-security.kubernetes.io/enforce=restricted >/dev/null
if out=$("$bin/kubectl" -n pss-check run priv --image=busybox --privileged 2>&1); then
  echo "FAIL: privileged pod was admitted: $out" >&2; exit 1
fi
grep -q 'violates PodSecurity' <<<"$out" || { echo "FAIL: unexpected error: $out" >&2; exit 1; }
echo "PodSecurity OK: ${out:0:110}..."

# ValidatingAdmissionPolicy: deny ConfigMaps named "forbidden".
"$bin/kubectl" apply -f - >/dev/null <<'YAML'
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: deny-forbidden-cm}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: [""]
      apiVersions: ["v1"]
      operations: ["CREATE"]
      resources: ["configmaps"]
  validations:
  - expression: "object.metadata.name != 'forbidden'"
    message: "configmap name 'forbidden' is not allowed"
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: deny-forbidden-cm}
spec:
  policyName: deny-forbidden-cm
  validationActions: [Deny]
YAML
vap_ok=false
for _ in $(seq 1 50); do  # the policy is picked up asynchronously
  if out=$("$bin/kubectl" create configmap forbidden 2>&1); then
    "$bin/kubectl" delete configmap forbidden >/dev/null
  elif grep -q "is not allowed" <<<"$out"; then vap_ok=true; break
  fi
  sleep 0.2
done
$vap_ok || { echo "FAIL: ValidatingAdmissionPolicy not enforced: $out" >&2; exit 1; }
echo "ValidatingAdmissionPolicy OK: $out"

printf 'etcd healthy after %.2fs; kube-apiserver ready (kubectl get ns default) %.2fs after start\n' \
  "$(awk "BEGIN{print $t1 - $t0}")" "$(awk "BEGIN{print $t2 - $t1}")"
echo "kube-apiserver command: $(cat "$work/apiserver.cmd")"
echo "VERIFY OK"
