#!/usr/bin/env bash
# Writes structure-aware seeds for one fuzz target into fuzz/corpus/TARGET/,
# derived from tests/fixtures (nothing here is committed; see docs/fuzzing.md).
#
#   bash tools/fuzz-seeds.sh TARGET
#
# Targets that read fixtures as they are need no seeds of their own (tools/fuzz.sh
# passes the fixture directories); the others take inputs in their own shape:
#   analyze_as   a kind byte, then a fixture
#   cert_der     the DER inside each PEM block of the certificate fixtures
#   policy_json  a policy, `----`, and its .probes lines
#   arn          every ARN, issuer URL and EKS endpoint in the fixtures, one per seed
#   eks_token    the presigned URL inside each token fixture
#   jwt          header and claims JSON of each JWT fixture, one per line
set -euo pipefail
cd "$(dirname "$0")/.."
t=${1:?usage: fuzz-seeds.sh TARGET}
out="fuzz/corpus/$t"
mkdir -p "$out"
F=tests/fixtures

# Stores stdin as a seed named after its hash (so reruns add nothing new).
put() {
  local tmp
  tmp=$(mktemp)
  cat >"$tmp"
  if [[ -s $tmp ]]; then
    mv "$tmp" "$out/seed-$(sha1sum "$tmp" | cut -c1-16)"
  else
    rm -f "$tmp"
  fi
}

# base64url or base64, padded or not, to bytes.
unb64() {
  local s
  s=$(tr -- '-_' '+/' | tr -d ' \n\r')
  while (( ${#s} % 4 )); do s+="="; done
  printf '%s' "$s" | base64 -d 2>/dev/null || true
}

fixtures() { # DIR [EXT…]: the inputs of a fixture directory, not their snapshots
  find "$F/$1" -maxdepth 1 -type f ! -name '*.expected' ! -name '*.probes' \
    ! -name '*.md' ! -name '*.openssl.txt' | sort
}

case $t in
analyze_as)
  # InputKind::CHOOSABLE order: kubeconfig certificate eks-token exec-credential
  # jwt trust-policy oidc-provider aws-auth service-account.
  kind_of() {
    case $1 in
    */kubeconfig/* | */kubeconfig-views/* | */exec/* | */explain/* | */input/*) echo 0 ;;
    */certs/*) echo 1 ;;
    */token/*.token) echo 2 ;;
    */token/*) echo 3 ;;
    */jwt/*) echo 4 ;;
    */trust-policy/*) echo 5 ;;
    */oidc/*) echo 6 ;;
    */aws-auth/*) echo 7 ;;
    */serviceaccount/*) echo 8 ;;
    esac
  }
  for d in "$F"/*/; do
    while read -r f; do
      k=$(kind_of "$f")
      [[ -n $k ]] && { printf "\\x0$k"; cat "$f"; } | put
    done < <(fixtures "$(basename "$d")")
  done
  ;;
cert_der)
  for f in $(fixtures certs); do
    awk '/^-----BEGIN /{b=1; s=""; next} /^-----END /{if (b) print s; b=0; next}
         b && !/:/ {s = s $0}' "$f" | while read -r body; do
      printf '%s' "$body" | unb64 | put
    done
  done
  for f in "$F"/certs/*.der; do put <"$f"; done
  ;;
policy_json)
  for f in $(fixtures trust-policy); do
    if [[ -f $f.probes ]]; then
      { cat "$f"; printf '\n----\n'; grep -v '^#' "$f.probes"; } | put
    fi
  done
  ;;
arn)
  grep -rhoE "arn:[a-z-]+:[a-z0-9-]*:[^\"' ,\\]*|https://[A-Za-z0-9.-]+(eks|oidc)[A-Za-z0-9./_-]*" \
    "$F" --exclude='*.expected' | sort -u | while read -r v; do printf '%s' "$v" | put; done
  for f in $(fixtures oidc); do put <"$f"; done
  ;;
eks_token)
  grep -rhoE 'k8s-aws-v1\.[A-Za-z0-9_-]+' "$F/token" "$F/kubeconfig" --exclude='*.expected' |
    sort -u | while read -r tok; do printf '%s' "${tok#k8s-aws-v1.}" | unb64 | put; done
  ;;
jwt)
  grep -rhoE 'eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*' "$F" --exclude='*.expected' |
    sort -u | while read -r tok; do
      IFS=. read -r h c _ <<<"$tok"
      { printf '%s' "$h" | unb64 | tr -d '\n'; printf '\n'; printf '%s' "$c" | unb64; } | put
    done
  ;;
*) ;;
esac
