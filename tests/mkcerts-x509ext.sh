#!/bin/sh
# Certificates for c-tests/x509_ext.c, made per run by openssl in DIR/x509ext: a CA with
# every extension the x509-ext API has an object for, leaves to check its name
# constraints against, and leaves with SCT lists.
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
# Certificate Transparency SCT lists (RFC 6962 3.3) as raw DER: three SCTs (ECDSA-SHA256,
# RSA-SHA256, ECDSA-SHA384); a v1 SCT then one of version 2; a list longer than its string.
[sct]
1.3.6.1.4.1.11129.2.4.2 = DER:0482024302410076007368e486f324304150c720446a42822ade9a97329c0e6a9b6c7c45fadf398a6c0000015aeaebb093000004030047304502210082f3e9c695dc6b8d1b11818d5701919e286de8d47f7c3eb3100c485f79e578280220e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322be20edc45cc012f007587a1c9221c25d99e8b0f854522860aa57a1d860f1dad48db814459a097c07c0000018bcfe56be700000401010078147cbab9fcc8de16b367202cd2851e0932934e63fab9d8a9b036f0fa4c63362de4175efc2df1a9c0ba14e6c294c8b5d09d19cdf07dab1895c4715a7045b57778147cbab9fcc8de16b367202cd2851e0932934e63fab9d8a9b036f0fa4c63362de4175efc2df1a9c0ba14e6c294c8b5d09d19cdf07dab1895c4715a7045b57778147cbab9fcc8de16b367202cd2851e0932934e63fab9d8a9b036f0fa4c63362de4175efc2df1a9c0ba14e6c294c8b5d09d19cdf07dab1895c4715a7045b57778147cbab9fcc8de16b367202cd2851e0932934e63fab9d8a9b036f0fa4c63362de4175efc2df1a9c0ba14e6c294c8b5d09d19cdf07dab1895c4715a7045b577009600790e5d6719bf64790c2044a4640efdc9e415723922e3e50fe7f1928b7c57d3c2000003bb2cc3d800000005030067306502310019879519649e79e586acdfb3454cce416601500a2e2df2cbb5a7b188015e69abc5837d4cb268264cabf325f6c793d3c60230005592a5b82587d380ea1b061c0d6e62ca6b892e91e70f25eb8f2d84b9b42514beec9160fb3b0c0ab7664eeba4f8c4a5
[sct_v2]
1.3.6.1.4.1.11129.2.4.2 = DER:0481f200f00076007368e486f324304150c720446a42822ade9a97329c0e6a9b6c7c45fadf398a6c00000174876e8000000004030047304502210082f3e9c695dc6b8d1b11818d5701919e286de8d47f7c3eb3100c485f79e578280220e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322be20edc45cc007601bd3887e1d1bafa08e2eb66421907cbab2c557f4cbf24dc29a9ffb2890111548800000174876e8001000004030047304502210082f3e9c695dc6b8d1b11818d5701919e286de8d47f7c3eb3100c485f79e578280220e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322be20edc45cc
[sct_broken]
1.3.6.1.4.1.11129.2.4.2 = DER:047500780076007368e486f324304150c720446a42822ade9a97329c0e6a9b6c7c45fadf398a6c00000174876e8000000004030047304502210082f3e9c695dc6b8d1b11818d5701919e286de8d47f7c3eb3100c485f79e578280220e8bc163c82eee18733288c7d4ac636db3a6deb013ef2d37b68322b
CNF
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key -out ca.pem \
    -config ext.cnf -extensions ca -days 30 -set_serial 0x00851234 2>/dev/null
for l in proxy proxy2 leaf_in leaf_out leaf_cn leaf_uri sct sct_v2 sct_broken; do
    cn=$l
    [ $l = leaf_cn ] && cn=www.example.com
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout $l.key -out $l.pem \
        -subj "/O=gnutls-rustls test/CN=$cn" -config ext.cnf -extensions $l -days 30 2>/dev/null
done
# A CN that is no permitted name, on a server certificate without SANs.
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout leaf_cn_out.key -out leaf_cn_out.pem \
    -subj "/O=gnutls-rustls test/CN=www.other.test" -config ext.cnf -extensions leaf_cn -days 30 2>/dev/null
