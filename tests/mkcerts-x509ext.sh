#!/bin/sh
# Certificates for c-tests/x509_ext.c, made per run by openssl in DIR/x509ext: a CA with
# every extension the x509-ext API has an object for, and leaves to check its name
# constraints against.
set -e
out="$1/x509ext"
mkdir -p "$out"
cd "$out"
cat > ext.cnf <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
O = gnutls-rustls test
CN = x509ext CA
[ca]
basicConstraints = critical,CA:TRUE,pathlen:2
keyUsage = critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always,issuer:always
subjectAltName = @san
issuerAltName = DNS:issuer.example.com,email:ca@example.com
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/,caIssuers;URI:http://ca.example.com/ca.der
crlDistributionPoints = URI:http://crl.example.com/a.crl,URI:http://crl.example.com/b.crl
certificatePolicies = 1.2.3.4,@pol1,2.23.140.1.2.1
nameConstraints = critical,permitted;DNS:example.com,permitted;email:example.org,permitted;email:.example.org,permitted;IP:10.0.0.0/255.0.0.0,excluded;DNS:bad.example.com,excluded;IP:2001:db8::/ffff:ffff::
inhibitAnyPolicy = 2
extendedKeyUsage = serverAuth,clientAuth,1.3.6.1.5.5.7.3.9
2.5.29.16 = DER:3022800f32303234303130313030303030305a810f32303330303130313030303030305a
[san]
DNS.1 = www.example.com
DNS.2 = example.com
email.1 = user@example.org
URI.1 = http://example.com/path
IP.1 = 192.0.2.1
IP.2 = 2001:db8::1
RID.1 = 1.2.3.4.5
dirName.1 = dir_sect
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:upn@example.com
otherName.2 = 1.2.3.4;UTF8:some other name
[dir_sect]
O = dir org
CN = dir name
[pol1]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = https://cps.example.com/cps
userNotice.1 = @notice
[notice]
explicitText = "Explicit notice text"
organization = "Org"
noticeNumbers = 1, 2
[proxy]
basicConstraints = critical,CA:FALSE
proxyCertInfo = critical,language:id-ppl-anyLanguage,pathlen:3,policy:text:ProxyPolicyText
subjectAltName = DNS:proxy.example.com
[proxy2]
proxyCertInfo = critical,language:id-ppl-inheritAll
[leaf_in]
subjectAltName = DNS:www.example.com,email:a@example.org,IP:10.1.2.3
[leaf_out]
subjectAltName = DNS:bad.example.com,IP:11.0.0.1,email:a@other.test
[leaf_cn]
extendedKeyUsage = serverAuth
[leaf_uri]
subjectAltName = URI:http://example.com/
CNF
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -config ext.cnf -extensions ca -days 30 -set_serial 0x00851234 2>/dev/null
for l in proxy proxy2 leaf_in leaf_out leaf_cn leaf_uri; do
    cn=$l
    [ $l = leaf_cn ] && cn=www.example.com
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $l.key -out $l.pem \
        -subj "/O=gnutls-rustls test/CN=$cn" -config ext.cnf -extensions $l -days 30 2>/dev/null
done
# A CN that is no permitted name, on a server certificate without SANs.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf_cn_out.key -out leaf_cn_out.pem \
    -subj "/O=gnutls-rustls test/CN=www.other.test" -config ext.cnf -extensions leaf_cn -days 30 2>/dev/null
