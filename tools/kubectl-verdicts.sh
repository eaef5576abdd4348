#!/bin/bash
# Records what a real kubectl thinks of every kubeconfig fixture, without
# letting it (or the exec plugins it starts) talk to anything:
#
#   tools/kubectl-verdicts.sh            # writes tests/fixtures/kubeconfig/kubectl-1.32.txt
#   KUBECTL_VERSION=1.33 tools/kubectl-verdicts.sh
#
# Each fixture is run as `kubectl --kubeconfig F get --raw /version` inside
# `unshare -n` (a network namespace with no interfaces up, not even loopback),
# with a throwaway HOME and fake AWS credentials. Because nothing can be
# reached, every run fails; *where* it fails is the verdict:
#
#   accepted            kubectl loaded and validated the config and got as far
#                       as connecting (or running the exec plugin)
#   rejected            kubectl refused the config before connecting
#   prompts             kubectl found no credential and asked for a username
#   localhost-fallback  kubectl silently replaced the server with
#                       http://localhost:8080 (empty or incomplete config)
#
# Files the fixtures point at (certificate-authority, client-certificate,
# client-key, tokenFile) do not exist on this machine. So that a missing file
# does not hide what kubectl thinks of the config itself, each run also gets a
# private mount namespace in which /etc, /home, /root and /var are overlaid with
# a scratch directory holding test certificates at those paths. Nothing
# outside the namespaces changes.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
version=${KUBECTL_VERSION:-1.32}
dispatcher=$(command -v kubectl || true)
kubectl=${KUBECTL:-$(dirname "$(readlink -f "${dispatcher:-/nonexistent}")")/kubectl.$version}
[ -x "$kubectl" ] || { echo "no kubectl $version at $kubectl (set KUBECTL=)" >&2; exit 2; }
# Refuse to run at all without network isolation.
unshare -n true 2>/dev/null || { echo "unshare -n does not work here; refusing to run kubectl with a network" >&2; exit 2; }
unshare -m -n true 2>/dev/null || { echo "unshare -m -n does not work here" >&2; exit 2; }

fixtures=tests/fixtures/kubeconfig
out=$fixtures/kubectl-$version.txt
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$root/tools/gen-fixture-certs.sh" "$scratch/certs" >/dev/null

# PATH for exec plugins: the AWS CLI may live in a pyenv shim.
plugin_path=/usr/local/bin:/usr/bin:/bin
[ -d /root/.pyenv/shims ] && plugin_path=/root/.pyenv/shims:$plugin_path

# The script run inside the namespaces: $1 = kubeconfig, $2 = file map.
cat > "$scratch/inner.sh" <<'INNER'
set -eu
cfg=$1; map=$2; work=$3
mount --make-rprivate /
if [ -s "$map" ]; then
  for top in etc home root var; do
    mkdir -p "$work/up-$top" "$work/wk-$top"
    mount -t overlay overlay -o "lowerdir=/$top,upperdir=$work/up-$top,workdir=$work/wk-$top" "/$top"
  done
  while IFS=' ' read -r kind path; do
    case "$path" in /etc/*|/home/*|/root/*|/var/*) ;; *) continue ;; esac
    mkdir -p "$(dirname "$path")"
    case "$kind" in
      certificate-authority) cat "$work/certs/ca.crt" >> "$path" ;;
      client-certificate) cat "$work/certs/client.crt" >> "$path" ;;
      client-key) cat "$work/certs/client.key" >> "$path" ;;
      tokenFile) printf 'fixture-token-from-file' > "$path" ;;
    esac
  done < "$map"
fi
exec "$KUBECTL" --kubeconfig "$cfg" get --raw /version --request-timeout=3s </dev/null
INNER

classify() { # $1 = output file
  if grep -q 'Please enter Username' "$1"; then echo prompts
  elif grep -Eq '(localhost|127\.0\.0\.1|\[::1\]):8080' "$1"; then echo localhost-fallback
  elif grep -Eq '^Unable to connect to the server:|network is unreachable|proxyconnect' "$1"; then echo accepted
  else echo rejected
  fi
}

first_line() { # kubectl's own error line (not an exec plugin's chatter or klog lines)
  local lines
  lines=$(grep -Ev '^[EWIF][0-9]{4} ' "$1" | grep -v '^[[:space:]]*$' || true)
  { printf '%s\n' "$lines" | grep -E -A1 '^(error|Error|Unable to connect|Please enter)' || printf '%s\n' "$lines"; } | awk '
    NR == 1 && /:[[:space:]]*$/ { head = $0; next }
    { if (head != "") print head " " $0; else print $0; exit }
    END { if (NR == 1 && head != "") print head }' | tr '\t' ' ' | cut -c1-220
}

{
  echo "# kubectl $version's verdict on each fixture: tools/kubectl-verdicts.sh (see its header)."
  echo "# fixture<TAB>verdict<TAB>kubectl's first error line"
  cd "$root"
  for f in $(ls $fixtures | grep -E '\.(ya?ml|json)$' | sort); do
    work=$scratch/run && rm -rf "$work" && mkdir -p "$work/home" && cp -r "$scratch/certs" "$work/certs"
    grep -Eo '^[[:space:]]*(certificate-authority|client-certificate|client-key|tokenFile):[[:space:]]*[^[:space:]]+' "$fixtures/$f" \
      | sed -E 's/^[[:space:]]*([A-Za-z-]+):[[:space:]]*"?([^"]*)"?$/\1 \2/' > "$work/files" || true
    set +e
    unshare -m -n env -i PATH="$plugin_path" PYENV_ROOT=/root/.pyenv HOME="$work/home" KUBECTL="$kubectl" \
      AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY \
      AWS_DEFAULT_REGION=us-west-2 \
      timeout 30 sh "$scratch/inner.sh" "$fixtures/$f" "$work/files" "$work" > "$work/out" 2>&1
    set -e
    printf '%s\t%s\t%s\n' "$f" "$(classify "$work/out")" "$(first_line "$work/out")"
  done
} > "$out.tmp"
mv "$out.tmp" "$out"
echo "wrote $out ($(grep -vc '^#' "$out") fixtures)"
