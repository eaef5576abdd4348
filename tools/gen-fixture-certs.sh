#!/bin/sh
# Generates the test-only CA and client certificate embedded in the kubeconfig
# fixtures (tests/fixtures/kubeconfig/). Validity is pinned around the fixture
# clock (registry::DOC_NOW = 2026-01-01) so snapshots do not depend on the day
# they were made. Keys are throwaway test keys; they protect nothing.
#
#   tools/gen-fixture-certs.sh OUT_DIR
set -eu
out=${1:?usage: $0 OUT_DIR}
mkdir -p "$out"
cd "$out"
rm -rf db && mkdir db && : > db/index.txt && echo 1000 > db/serial
cat > ca.cnf <<'CNF'
[ca]
default_ca = fixture
[fixture]
database = db/index.txt
serial = db/serial
new_certs_dir = db
default_md = sha256
policy = any
unique_subject = no
copy_extensions = copy
[any]
commonName = supplied
organizationName = optional
[v3_ca]
basicConstraints = critical,CA:true
keyUsage = critical,digitalSignature,keyEncipherment,keyCertSign
subjectKeyIdentifier = hash
[v3_client]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
CNF
openssl req -new -newkey rsa:2048 -nodes -keyout ca.key -out ca.csr -subj "/CN=kubernetes" 2>/dev/null
openssl ca -batch -config ca.cnf -selfsign -keyfile ca.key -in ca.csr -out ca.crt -notext \
  -startdate 20250101000000Z -enddate 20341230000000Z -extensions v3_ca 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout client.key -out client.csr \
  -subj "/O=kubeadm:cluster-admins/CN=kubernetes-admin" 2>/dev/null
openssl ca -batch -config ca.cnf -cert ca.crt -keyfile ca.key -in client.csr -out client.crt -notext \
  -startdate 20250901000000Z -enddate 20260901000000Z -extensions v3_client 2>/dev/null
openssl rsa -in client.key -out client.key -traditional 2>/dev/null
for f in ca.crt client.crt client.key; do base64 -w0 "$f" > "$f.b64"; done
