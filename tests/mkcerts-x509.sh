#!/bin/sh
# Certificates of many shapes for c-tests/x509_getters.c, made in $1/x509 at test time (so
# nothing with an expiry is committed): an ECDSA CA with name constraints; an Ed25519 leaf
# with SANs of every kind, policies, AIA, CRL distribution points, TLS features and key
# purposes; RSA-PSS, DSA, Ed448 and SHA-1 self-signed certificates with XMPP, KRB5 and IDNA
# names; an X.509 v1 certificate; a multi-valued RDN with otherName, dirName and RID names.
set -e
D="$1/x509"; mkdir -p "$D"; cd "$D"
gen() { certtool --generate-privkey --key-type "$1" --outfile "$2" >/dev/null 2>&1; }
cat > ca.tmpl <<'T'
cn = "NC Test CA"
ca
cert_signing_key
crl_signing_key
path_len = 2
nc_permit_dns = "example.com"
nc_exclude_dns = "bad.example.com"
nc_permit_ip = "192.0.2.0/24"
expiration_days = 365
T
cat > ext.tmpl <<'T'
cn = "ext.example.com"
organization = "Ext+Org, Inc."
unit = "R&D"
country = "DE"
dns_name = "ext.example.com"
dns_name = "*.wild.example.com"
ip_address = "192.0.2.7"
ip_address = "2001:db8::1"
email = "test@example.com"
uri = "https://example.com/x"
policy1 = 1.3.6.1.4.1.5484.1.10.99.1.0
policy1_txt = "This is a long policy to summarize"
policy1_url = "https://www.example.com/a"
policy2 = 2.23.140.1.2.1
ocsp_uri = "http://ocsp.example.com"
ca_issuers_uri = "http://ca.example.com/ca.crt"
crl_dist_points = "http://crl.example.com/ca.crl"
tls_feature = 5
key_purpose_oid = 1.3.6.1.5.5.7.3.1
key_purpose_oid = 1.3.6.1.5.5.7.3.4
key_purpose_oid = 1.2.3.4.5
signing_key
encryption_key
expiration_days = 365
serial = 0x00ff0102030405060708090a
T
cat > names.tmpl <<'T'
dn = "CN=multi,O=Org Ltd.,C=US"
xmpp_name = "juliet@im.example.com"
krb5_principal = "user@REALM.COM"
dns_name = "xn--bcher-kva.example"
email = "test@example.com"
email_protection_key
expiration_days = 30
T
gen ecdsa ec.key; gen ed25519 ed.key
certtool --generate-self-signed --load-privkey ec.key --template ca.tmpl --outfile ecca.pem >/dev/null 2>&1
certtool --generate-certificate --load-privkey ed.key --load-ca-certificate ecca.pem --load-ca-privkey ec.key \
    --template ext.tmpl --outfile ext.pem >/dev/null 2>&1
for k in rsa-pss dsa ed448; do
    gen "$k" "$k.key"
    certtool --generate-self-signed --load-privkey "$k.key" --template names.tmpl --outfile "$k.pem" >/dev/null 2>&1
done
gen rsa rsa.key
certtool --generate-self-signed --load-privkey rsa.key --hash SHA1 --template names.tmpl --outfile sha1.pem >/dev/null 2>&1
openssl req -x509 -newkey rsa:1024 -nodes -keyout v1.key -subj "/CN=v1 cert/emailAddress=a@b.c" -days 10 \
    -out v1.pem -set_serial 1 -config /dev/null >/dev/null 2>&1
printf '[req]\ndistinguished_name=dn\n[dn]\n[dir_sect]\nCN=Dir Name\nO=Dir Org\n' > mv.cnf
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:secp384r1 -nodes -keyout mv.key -multivalue-rdn \
    -subj "/CN=multi+UID=u1/O=Org, Ltd./serialNumber=1234/2.5.4.45=abc/C=US" \
    -addext "subjectAltName=IP:10.0.0.1,otherName:1.3.6.1.5.5.7.8.5;UTF8:x@y.z,otherName:1.2.3.4;UTF8:other,dirName:dir_sect,RID:1.2.3.4" \
    -days 10 -out mv.pem -config mv.cnf >/dev/null 2>&1
for f in ecca ext rsa-pss dsa ed448 sha1 v1 mv; do test -s "$f.pem"; done
