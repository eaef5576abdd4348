#!/usr/bin/env bash
# Generates the certificate corpus under tests/fixtures/certs/ and the
# kubeconfigs that embed it (tests/fixtures/kubeconfig/cert-*.yaml), plus the
# `openssl x509 -noout -text` output of every certificate (NAME.openssl.txt)
# that the parity test compares eksplain's decoding against.
#
# Every date is explicit (`openssl ca -startdate/-enddate`), relative to the
# fixed documentation clock 2026-01-01T00:00:00Z, so judgements such as
# "expired" do not drift. Keys are random: re-running produces an equivalent
# corpus with new keys, serial numbers kept, so the snapshots (fingerprints,
# key identifiers) must be regenerated and reviewed afterwards:
#   tools/gen-certs.sh && UPDATE_SNAPSHOTS=1 cargo test --test fixtures
# The private keys written here are throwaway test keys.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=$root/tests/fixtures/certs
kc=$root/tests/fixtures/kubeconfig
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/new"
rm -f "$out"/*.pem "$out"/*.der "$out"/*.key "$out"/*.openssl.txt "$out"/*.expected "$kc"/cert-*.yaml "$kc"/cert-*.yaml.expected

export OPENSSL_CONF=$work/ca.cnf
cat >"$work/ca.cnf" <<EOF
[ ca ]
default_ca = local
[ local ]
dir = $work
database = $work/index.txt
new_certs_dir = $work/new
serial = $work/serial
policy = anything
unique_subject = no
email_in_dn = no
copy_extensions = none
default_md = sha256
[ anything ]
countryName = optional
stateOrProvinceName = optional
localityName = optional
organizationName = optional
organizationalUnitName = optional
commonName = optional
emailAddress = optional
[ req ]
distinguished_name = dn
[ dn ]
[ root_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, digitalSignature, keyEncipherment, keyCertSign
subjectKeyIdentifier = hash
subjectAltName = DNS:kubernetes
[ intermediate_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, digitalSignature, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
subjectAltName = DNS:kubernetes, DNS:kubernetes.default, DNS:kubernetes.default.svc, DNS:kubernetes.default.svc.cluster.local, IP:10.96.0.1, IP:172.18.0.2, IP:::1
[ self_signed_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
subjectAltName = DNS:api.internal.example.com, IP:192.0.2.10, URI:spiffe://cluster.local/ns/default/sa/api, email:ops@example.com
[ client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[ client_ec ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[ client_server_only ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
authorityKeyIdentifier = keyid
EOF
: >"$work/index.txt"

rsa_key() { openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:$2" -out "$1" 2>/dev/null; }
ec_key() { openssl genpkey -algorithm EC -pkeyopt "ec_paramgen_curve:$2" -out "$1"; }
ed_key() { openssl genpkey -algorithm ED25519 -out "$1"; }

# issue NAME KEY SUBJECT EXTENSIONS SERIAL START END SIGNER_CERT SIGNER_KEY [extra openssl ca args...]
# SIGNER_CERT "self" makes a self-signed certificate.
issue() {
  local name=$1 key=$2 subj=$3 ext=$4 serial=$5 start=$6 end=$7 cert=$8 cakey=$9
  shift 9
  openssl req -new -key "$key" -subj "$subj" -out "$work/$name.csr"
  echo "$serial" >"$work/serial"
  local signer=(-cert "$cert" -keyfile "$cakey")
  [ "$cert" = self ] && signer=(-selfsign -keyfile "$key")
  openssl ca -batch -notext -preserveDN -in "$work/$name.csr" -out "$work/$name.crt" \
    -extensions "$ext" -startdate "$start" -enddate "$end" "${signer[@]}" "$@" 2>/dev/null
  # openssl ca prints a text dump before the PEM unless -notext; keep only the PEM.
  openssl x509 -in "$work/$name.crt" -out "$work/$name.crt"
}

record() { # record NAME: the PEM fixture and openssl's view of it
  cp "$work/$1.crt" "$out/$1.pem"
  {
    openssl x509 -in "$out/$1.pem" -noout -text
    openssl x509 -in "$out/$1.pem" -noout -fingerprint -sha256
    openssl x509 -in "$out/$1.pem" -noout -fingerprint -sha1
  } >"$out/$1.openssl.txt"
}

Y10=(20250101000000Z 20350101000000Z)   # CAs: valid 2025–2035
Y1=(20250601000000Z 20260601000000Z)    # leaves: valid until five months after 2026-01-01

# --- Certificate authorities -------------------------------------------------
rsa_key "$work/ca.key" 2048
issue ca-rsa2048 "$work/ca.key" "/CN=kubernetes" root_ca 00D4A1E5C3B29F6A71 "${Y10[@]}" self x
record ca-rsa2048

rsa_key "$work/ca4096.key" 4096
issue ca-rsa4096 "$work/ca4096.key" "/O=Example Corp/OU=Platform/CN=example-root-ca" root_ca 1000 "${Y10[@]}" self x -md sha384
record ca-rsa4096

ec_key "$work/ca-p256.key" P-256
issue ca-ec-p256 "$work/ca-p256.key" "/CN=eksplain-test-p256-ca" root_ca 2A "${Y10[@]}" self x
record ca-ec-p256
# Same name, new key: the CA of a recreated kind/kubeadm cluster (the rule docs' CRT017 example).
ec_key "$work/ca-p256-regenerated.key" P-256
issue ca-ec-p256-regenerated "$work/ca-p256-regenerated.key" "/CN=eksplain-test-p256-ca" root_ca 2B "${Y10[@]}" self x

ec_key "$work/ca-p384.key" P-384
issue ca-ec-p384 "$work/ca-p384.key" "/C=DE/L=Berlin/O=Example GmbH/CN=eksplain-test-p384-ca" root_ca 3B9ACA00 "${Y10[@]}" self x -md sha384
record ca-ec-p384

ed_key "$work/ca-ed.key"
issue ca-ed25519 "$work/ca-ed.key" "/CN=eksplain-test-ed25519-ca" root_ca 0ED25519 "${Y10[@]}" self x -md default
record ca-ed25519

# Another CA with the same name as ca-rsa2048: what a cluster whose CA was
# regenerated (kubeadm reset, new kind cluster) looks like.
rsa_key "$work/ca-other.key" 2048
issue ca-rsa2048-regenerated "$work/ca-other.key" "/CN=kubernetes" root_ca 00B7E3F2A4C6D8E0F1 "${Y10[@]}" self x
record ca-rsa2048-regenerated

# An intermediate under the 4096-bit root.
rsa_key "$work/int.key" 2048
issue intermediate-ca "$work/int.key" "/O=Example Corp/CN=example-intermediate-ca" intermediate_ca 1001 "${Y10[@]}" "$work/ca-rsa4096.crt" "$work/ca4096.key" -md sha256
record intermediate-ca

# --- Servers -------------------------------------------------------------------
rsa_key "$work/server.key" 2048
issue server-rsa2048 "$work/server.key" "/CN=kube-apiserver" server 5E1F0A "${Y1[@]}" "$work/ca-rsa2048.crt" "$work/ca.key"
record server-rsa2048

# A self-signed server certificate (not a CA) — what people paste into
# certificate-authority-data when they copy the server's own certificate.
ec_key "$work/selfsrv.key" P-256
issue self-signed-server "$work/selfsrv.key" "/O=Example/CN=api.internal.example.com" self_signed_server 77 "${Y1[@]}" self x
record self-signed-server

# A server certificate under the intermediate, for chain bundles.
ec_key "$work/chainsrv.key" P-256
issue server-under-intermediate "$work/chainsrv.key" "/CN=api.example.com" server 1002 "${Y1[@]}" "$work/intermediate-ca.crt" "$work/int.key"
record server-under-intermediate

# --- Clients ---------------------------------------------------------------------
# kubeadm's admin.conf before 1.29: O=system:masters, PKCS#1 RSA key.
openssl genrsa -traditional -out "$work/admin.key" 2048 2>/dev/null
issue client-admin-rsa "$work/admin.key" "/O=system:masters/CN=kubernetes-admin" client 4F3C2B1A09887766 "${Y1[@]}" "$work/ca-rsa2048.crt" "$work/ca.key"
record client-admin-rsa
cp "$work/admin.key" "$out/client-admin-rsa.key.pem"

# A developer with two groups, EC P-256 key in SEC1 form ("EC PRIVATE KEY").
openssl ecparam -name prime256v1 -genkey -noout -out "$work/jane.key"
issue client-jane-ec "$work/jane.key" "/O=dev/O=qa/CN=jane" client_ec 0A11CE "${Y1[@]}" "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-jane-ec
cp "$work/jane.key" "$out/client-jane-ec.key.pem"

# P-384 client, PKCS#8 key.
ec_key "$work/p384c.key" P-384
issue client-p384 "$work/p384c.key" "/O=ops/CN=deploy-bot" client_ec 0B0B "${Y1[@]}" "$work/ca-ec-p384.crt" "$work/ca-p384.key" -md sha384
record client-p384
cp "$work/p384c.key" "$out/client-p384.key.pem"

# Ed25519 client, PKCS#8 key.
ed_key "$work/edc.key"
issue client-ed25519 "$work/edc.key" "/O=dev/CN=ed" client_ec 0ED0 "${Y1[@]}" "$work/ca-ed25519.crt" "$work/ca-ed.key" -md default
record client-ed25519
cp "$work/edc.key" "$out/client-ed25519.key.pem"

# RSA-PSS signature by the 4096-bit root.
rsa_key "$work/pss.key" 2048
issue client-rsa-pss "$work/pss.key" "/O=dev/CN=pss-user" client 0C0C "${Y1[@]}" "$work/ca-rsa4096.crt" "$work/ca4096.key" -md sha256 -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
record client-rsa-pss

# Same subject as an admin, signed by the regenerated CA of the same name.
issue client-signed-by-regenerated-ca "$work/admin.key" "/O=system:masters/CN=kubernetes-admin" client 4F3C2B1A09887767 "${Y1[@]}" "$work/ca-rsa2048-regenerated.crt" "$work/ca-other.key"
record client-signed-by-regenerated-ca

# Signed by a CA of another name.
issue client-signed-by-other-ca "$work/jane.key" "/O=dev/CN=jane" client_ec 0A11CF "${Y1[@]}" "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-signed-by-other-ca

# Time: expired, not yet valid, expiring 14 days after 2026-01-01.
issue client-expired "$work/jane.key" "/O=dev/CN=jane" client_ec 0E01 20240101000000Z 20250101000000Z "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-expired
issue client-not-yet-valid "$work/jane.key" "/O=dev/CN=jane" client_ec 0E02 20260601000000Z 20270601000000Z "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-not-yet-valid
issue client-expiring-soon "$work/jane.key" "/O=dev/CN=jane" client_ec 0E03 20250115000000Z 20260115000000Z "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-expiring-soon

# Weak signatures and keys.
issue client-sha1 "$work/admin.key" "/O=dev/CN=legacy" client 05A1 "${Y1[@]}" "$work/ca-rsa2048.crt" "$work/ca.key" -md sha1
record client-sha1
issue client-md5 "$work/admin.key" "/O=dev/CN=ancient" client 03D5 "${Y1[@]}" "$work/ca-rsa2048.crt" "$work/ca.key" -md md5
record client-md5
openssl genrsa -traditional -out "$work/weak.key" 1024 2>/dev/null
issue client-rsa1024 "$work/weak.key" "/O=dev/CN=weak" client 1024 "${Y1[@]}" "$work/ca-rsa2048.crt" "$work/ca.key"
record client-rsa1024

# Usage and identity problems.
issue client-server-auth-only "$work/jane.key" "/O=dev/CN=jane" client_server_only 0F01 "${Y1[@]}" "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-server-auth-only
issue client-no-cn "$work/jane.key" "/O=dev" client_ec 0F02 "${Y1[@]}" "$work/ca-ec-p256.crt" "$work/ca-p256.key"
record client-no-cn

# --- Keys that do not fit --------------------------------------------------------
openssl genrsa -traditional -out "$out/unrelated-rsa.key.pem" 2048 2>/dev/null
openssl pkcs8 -topk8 -in "$work/jane.key" -passout pass:test -v2 aes-256-cbc -out "$out/client-jane-ec.encrypted-pkcs8.key.pem"
openssl rsa -in "$work/admin.key" -traditional -aes256 -passout pass:test -out "$out/client-admin-rsa.encrypted-legacy.key.pem" 2>/dev/null

# --- Bundles ---------------------------------------------------------------------
cat "$work/server-under-intermediate.crt" "$work/intermediate-ca.crt" "$work/ca-rsa4096.crt" >"$out/bundle-chain.pem"
cat "$work/server-under-intermediate.crt" "$work/ca-rsa4096.crt" >"$out/bundle-missing-intermediate.pem"
cat "$work/intermediate-ca.crt" "$work/server-under-intermediate.crt" >"$out/bundle-wrong-order.pem"
cat "$work/ca-rsa2048.crt" "$work/ca-rsa2048-regenerated.crt" >"$out/bundle-two-roots.pem"
{ cat "$work/client-jane-ec.crt"; cat "$work/jane.key"; } >"$out/client-jane-ec-with-key.pem"

# DER, as `openssl x509 -outform der` writes it.
openssl x509 -in "$work/ca-ec-p256.crt" -outform der -out "$out/ca-ec-p256.der"
openssl x509 -in "$work/ca-rsa2048.crt" -outform der -out "$work/ca-rsa2048.der"
# base64 of DER on one line (what `base64 -w0 ca.der` prints).
base64 -w0 "$out/ca-ec-p256.der" >"$out/ca-ec-p256.der.b64"; echo >>"$out/ca-ec-p256.der.b64"

# --- kubeconfigs -----------------------------------------------------------------
b64() { base64 -w0 "$1"; }

kubeconfig() { # kubeconfig FILE CLUSTER CA_FIELD_LINE USER USER_FIELD_LINES...
  local file=$1 name=$2 ca_line=$3 user=$4
  shift 4
  {
    echo "apiVersion: v1"
    echo "clusters:"
    echo "- cluster:"
    echo "    $ca_line"
    echo "    server: https://172.18.0.2:6443"
    echo "  name: $name"
    echo "contexts:"
    echo "- context:"
    echo "    cluster: $name"
    echo "    user: $user"
    echo "  name: $user@$name"
    echo "current-context: $user@$name"
    echo "kind: Config"
    echo "preferences: {}"
    echo "users:"
    echo "- name: $user"
    echo "  user:"
    for l in "$@"; do echo "    $l"; done
  } >"$kc/$file"
}

kubeconfig cert-kubeadm-admin.yaml kubernetes "certificate-authority-data: $(b64 "$work/ca-rsa2048.crt")" kubernetes-admin \
  "client-certificate-data: $(b64 "$work/client-admin-rsa.crt")" \
  "client-key-data: $(b64 "$work/admin.key")"

kubeconfig cert-ec-developer.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-jane-ec.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

# The rule docs' examples of CRT017 and CRT018: cert-ec-developer.yaml with one value
# swapped (small EC keys keep the page's rule reference light).
kubeconfig cert-ec-ca-regenerated.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256-regenerated.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-jane-ec.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

openssl ecparam -name prime256v1 -genkey -noout -out "$work/unrelated-ec.key"
kubeconfig cert-ec-key-mismatch.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-jane-ec.crt")" \
  "client-key-data: $(b64 "$work/unrelated-ec.key")"

kubeconfig cert-ed25519.yaml edge "certificate-authority-data: $(b64 "$work/ca-ed25519.crt")" ed \
  "client-certificate-data: $(b64 "$work/client-ed25519.crt")" \
  "client-key-data: $(b64 "$work/edc.key")"

kubeconfig cert-client-from-regenerated-ca.yaml kubernetes "certificate-authority-data: $(b64 "$work/ca-rsa2048.crt")" kubernetes-admin \
  "client-certificate-data: $(b64 "$work/client-signed-by-regenerated-ca.crt")" \
  "client-key-data: $(b64 "$work/admin.key")"

kubeconfig cert-client-from-other-ca.yaml kubernetes "certificate-authority-data: $(b64 "$work/ca-rsa2048.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-signed-by-other-ca.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

kubeconfig cert-key-mismatch.yaml kubernetes "certificate-authority-data: $(b64 "$work/ca-rsa2048.crt")" kubernetes-admin \
  "client-certificate-data: $(b64 "$work/client-admin-rsa.crt")" \
  "client-key-data: $(b64 "$out/unrelated-rsa.key.pem")"

kubeconfig cert-key-encrypted.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-jane-ec.crt")" \
  "client-key-data: $(b64 "$out/client-jane-ec.encrypted-pkcs8.key.pem")"

kubeconfig cert-ca-is-server-cert.yaml internal "certificate-authority-data: $(b64 "$work/self-signed-server.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-jane-ec.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

kubeconfig cert-expired-client.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-expired.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

kubeconfig cert-swapped-cert-and-key.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/jane.key")" \
  "client-key-data: $(b64 "$work/client-jane-ec.crt")"

kubeconfig cert-ca-file-path.yaml kubernetes "certificate-authority: /etc/kubernetes/pki/ca.crt" kubelet \
  "client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem" \
  "client-key: /var/lib/kubelet/pki/kubelet-client-current.pem"

kubeconfig cert-client-server-auth-only.yaml dev "certificate-authority-data: $(b64 "$work/ca-ec-p256.crt")" jane \
  "client-certificate-data: $(b64 "$work/client-server-auth-only.crt")" \
  "client-key-data: $(b64 "$work/jane.key")"

# Encoding mistakes in certificate-authority-data, one file each (kubectl
# refuses to load a file with any of them, whatever the current context).
ca_b64=$(b64 "$work/ca-ec-p256.crt")
ca_user=("client-certificate-data: $(b64 "$work/client-jane-ec.crt")" "client-key-data: $(b64 "$work/jane.key")")

# A plain scalar wrapped over several lines: YAML folds the breaks into spaces.
wrapped="certificate-authority-data: $(echo "$ca_b64" | cut -c1-76)"
while read -r l; do wrapped+=$'\n'"      $l"; done < <(echo "$ca_b64" | cut -c77- | fold -w76)
kubeconfig cert-ca-wrapped-plain-scalar.yaml dev "$wrapped" jane "${ca_user[@]}"

# The same wrapped in a literal block scalar: newlines kept, which kubectl skips.
block="certificate-authority-data: |"
while read -r l; do block+=$'\n'"      $l"; done < <(echo "$ca_b64" | fold -w76)
kubeconfig cert-ca-wrapped-block-scalar.yaml dev "$block" jane "${ca_user[@]}"

# Padding stripped (a PEM whose base64 needs padding: add newlines until it does).
cp "$work/ca-ec-p256.crt" "$work/padded.crt"
while ! base64 -w0 "$work/padded.crt" | grep -q '='; do echo >>"$work/padded.crt"; done
kubeconfig cert-ca-padding-stripped.yaml dev "certificate-authority-data: $(b64 "$work/padded.crt" | tr -d '=')" jane "${ca_user[@]}"

kubeconfig cert-ca-stray-character.yaml dev "certificate-authority-data: $(echo "$ca_b64" | cut -c1-100)*$(echo "$ca_b64" | cut -c101-)" jane "${ca_user[@]}"

kubeconfig cert-ca-der-not-pem.yaml dev "certificate-authority-data: $(base64 -w0 "$out/ca-ec-p256.der")" jane "${ca_user[@]}"

pem_block="certificate-authority-data: |"
while read -r l; do pem_block+=$'\n'"      $l"; done <"$work/ca-ec-p256.crt"
kubeconfig cert-ca-pem-not-base64.yaml dev "$pem_block" jane "${ca_user[@]}"

# --- Pasted inputs that do not decode ----------------------------------------------
head -n 8 "$work/ca-ec-p256.crt" >"$out/truncated-no-end.pem"
# Valid base64, but the DER inside is cut after 200 bytes.
{
  echo "-----BEGIN CERTIFICATE-----"
  openssl x509 -in "$work/ca-ec-p256.crt" -outform der | head -c 200 | base64 -w 64
  echo "-----END CERTIFICATE-----"
} >"$out/truncated-der.pem"
# base64 of DER in the URL-safe alphabet (what some JWT/JWK tools print).
base64 -w0 "$work/ca-rsa2048.der" | tr '+/' '-_' >"$out/ca-rsa2048.der.urlsafe.b64" || true
ssh-keygen -q -t ed25519 -N '' -C eksplain-test -f "$work/ssh" && cp "$work/ssh" "$out/openssh-ed25519.key.pem"

echo "wrote $(ls "$out" | wc -l) files to $out and $(ls "$kc"/cert-*.yaml | wc -l) kubeconfigs"
