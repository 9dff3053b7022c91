#!/usr/bin/env python3
"""A FAKE status table for the packaging tests, until the real generator writes
build/lib/gnutls-rustls/symbols.tsv: every export of LIB (objdump -T) as `implemented`,
except a few families the README documents as honest errors, picked by name.

  fake-symbols-tsv.py LIB > symbols.tsv
"""
import re, subprocess, sys

FAMILIES = [(r"^gnutls_dtls_", "dtls"), (r"^gnutls_srp_", "srp"), (r"^gnutls_psk_", "psk"),
            (r"^gnutls_pkcs11_", "pkcs11-hardware"), (r"^gnutls_ocsp_resp_", "not-yet"),
            (r"^gnutls_session_ticket_send$", "not-yet"), (r"^gnutls_session_set_id$", "not-yet")]
out = subprocess.run(["objdump", "-T", sys.argv[1]], check=True, stdout=subprocess.PIPE,
                     universal_newlines=True).stdout
print("symbol\tnode\tstatus\treason")
for line in out.splitlines():
    m = re.match(r"^[0-9a-f]+\s.{7}\s(\S+)\s+[0-9a-f]+\s+\(?([\w.]+)\)?\s+(\S+)\s*$", line)
    if not m or m.group(1) == "*UND*" or m.group(2) == m.group(3):
        continue
    fam = next((f for rx, f in FAMILIES if re.search(rx, m.group(3))), "")
    print(f"{m.group(3)}\t{m.group(2)}\t{'honest-error' if fam else 'implemented'}\t{fam}")
