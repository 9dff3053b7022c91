#!/usr/bin/env python3
"""Adds rows to the not-implemented table (src/capi/not_implemented.rs) for every symbol
GnuTLS 3.7.9 exports that neither an `entry!` nor the table defines yet, and writes the C
types those rows need (src/capi/ctypes.rs).

A developer step, run when the table must grow (the build uses the committed files):
  tools/gen-table.py            append rows for missing symbols, regenerate ctypes.rs

Prototypes come from GnuTLS's installed headers (gcc -aux-info for the types, the header
text for the parameter names); each symbol's version node from the installed library
(objdump -T); the honest value of an `int` function from its man page (gnutls-doc): a
function documented to answer non-zero for "yes" answers 0, never a negative "yes".
"""
import os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import surface  # noqa: E402

REAL = "/usr/lib/x86_64-linux-gnu/libgnutls.so.30"
HEADERS = ["gnutls.h", "x509.h", "x509-ext.h", "abstract.h", "crypto.h", "ocsp.h", "pkcs11.h", "pkcs12.h",
           "pkcs7.h", "dtls.h", "openpgp.h", "tpm.h", "urls.h", "self-test.h", "socket.h", "system-keys.h", "compat.h"]
TABLE = os.path.join(ROOT, "src", "capi", "not_implemented.rs")
CTYPES = os.path.join(ROOT, "src", "capi", "ctypes.rs")

BASE = {
    "int": "c_int", "unsigned int": "c_uint", "unsigned": "c_uint", "char": "c_char", "signed char": "c_schar",
    "unsigned char": "c_uchar", "void": "c_void", "size_t": "size_t", "ssize_t": "ssize_t", "time_t": "time_t",
    "long int": "c_long", "long": "c_long", "unsigned long": "c_ulong", "long unsigned int": "c_ulong",
    "short int": "c_short", "short unsigned int": "c_ushort", "uint8_t": "u8", "uint16_t": "u16", "uint32_t": "u32",
    "uint64_t": "u64", "int64_t": "i64", "int32_t": "i32", "socklen_t": "libc::socklen_t", "FILE": "libc::FILE",
    "struct sockaddr": "libc::sockaddr", "struct iovec": "libc::iovec", "struct timespec": "libc::timespec",
    "double": "f64", "off_t": "libc::off_t", "unsigned long int": "c_ulong", "long long int": "i64",
    "long long unsigned int": "u64",
}

# Structs that programs fill or read field by field, written out as GnuTLS's headers lay them out.
STRUCTS = {
    "gnutls_pcert_st": "pub struct gnutls_pcert_st { pub pubkey: gnutls_pubkey_t, pub cert: gnutls_datum_t, pub r#type: gnutls_certificate_type_t }",
    "gnutls_library_config_st": "pub struct gnutls_library_config_st { pub name: *const c_char, pub value: *const c_char }",
    "gnutls_range_st": "pub struct gnutls_range_st { pub low: size_t, pub high: size_t }",
    "gnutls_typed_vdata_st": "pub struct gnutls_typed_vdata_st { pub r#type: gnutls_vdata_types_t, pub data: *mut c_uchar, pub size: c_uint }",
    "gnutls_ocsp_data_st": "pub struct gnutls_ocsp_data_st { pub version: c_uint, pub response: gnutls_datum_t, pub exptime: time_t, pub padding: [c_uchar; 32] }",
    "gnutls_cert_retr_st": "pub struct gnutls_cert_retr_st { pub version: c_uint, pub cred: gnutls_certificate_credentials_t, pub req_ca_rdn: *const gnutls_datum_t, pub nreqs: c_uint, pub pk_algos: *const gnutls_pk_algorithm_t, pub pk_algos_length: c_uint, pub padding: [c_uchar; 64] }",
    "gnutls_dtls_prestate_st": "pub struct gnutls_dtls_prestate_st { pub record_seq: c_uint, pub hsk_read_seq: c_uint, pub hsk_write_seq: c_uint }",
    "gnutls_keygen_data_st": "pub struct gnutls_keygen_data_st { pub r#type: gnutls_keygen_types_t, pub data: *mut c_uchar, pub size: c_uint }",
    "gnutls_x509_ava_st": "pub struct gnutls_x509_ava_st { pub oid: gnutls_datum_t, pub value: gnutls_datum_t, pub value_tag: c_ulong }",
    "gnutls_x509_ext_st": "pub struct gnutls_x509_ext_st { pub oid: *mut c_char, pub critical: c_uint, pub data: gnutls_datum_t }",
    "gnutls_x509_policy_qualifier": "pub struct gnutls_x509_policy_qualifier { pub r#type: gnutls_x509_qualifier_t, pub data: *mut c_char, pub size: c_uint }",
    "gnutls_x509_policy_st": "pub struct gnutls_x509_policy_st { pub oid: *mut c_char, pub qualifiers: c_uint, pub qualifier: [gnutls_x509_policy_qualifier; 8] }",
    "gnutls_pkcs7_signature_info_st": "pub struct gnutls_pkcs7_signature_info_st { pub algo: gnutls_sign_algorithm_t, pub sig: gnutls_datum_t, pub issuer_dn: gnutls_datum_t, pub signer_serial: gnutls_datum_t, pub issuer_keyid: gnutls_datum_t, pub signing_time: time_t, pub signed_attrs: gnutls_pkcs7_attrs_t, pub unsigned_attrs: gnutls_pkcs7_attrs_t, pub pad: [c_char; 64] }",
    "gnutls_custom_url_st": "pub struct gnutls_custom_url_st { pub name: *const c_char, pub name_size: c_uint, pub import_key: gnutls_privkey_import_url_func, pub import_crt: gnutls_x509_crt_import_url_func, pub import_pubkey: gnutls_pubkey_import_url_func, pub get_issuer: gnutls_get_raw_issuer_func, pub future1: *mut c_void, pub future2: *mut c_void }",
    "gnutls_retr2_cert": "pub union gnutls_retr2_cert { pub x509: *mut gnutls_x509_crt_t, pub pgp: gnutls_openpgp_crt_t }",
    "gnutls_retr2_key": "pub union gnutls_retr2_key { pub x509: gnutls_x509_privkey_t, pub pgp: gnutls_openpgp_privkey_t, pub pkcs11: gnutls_pkcs11_privkey_t }",
    "gnutls_retr2_st": "pub struct gnutls_retr2_st { pub cert_type: gnutls_certificate_type_t, pub key_type: gnutls_privkey_type_t, pub cert: gnutls_retr2_cert, pub ncerts: c_uint, pub key: gnutls_retr2_key, pub deinit_all: c_uint }",
    "gnutls_params_union": "pub union gnutls_params_union { pub dh: gnutls_dh_params_t, pub rsa_export: gnutls_rsa_params_t }",
    "gnutls_params_st": "pub struct gnutls_params_st { pub r#type: gnutls_params_type_t, pub params: gnutls_params_union, pub deinit: c_int }",
}

# GnuTLS's private helpers (GNUTLS_PRIVATE_3_4, GNUTLS_FIPS140_3_4) have no public prototype;
# their signatures, from GnuTLS 3.7.9's lib/ sources, with internal structs as opaque pointers.
PRIVATE = {
    "_dsa_generate_dss_g": "fn(params: *mut c_void, digest_size: c_uint, digest: *const u8, progress_ctx: *mut c_void, progress: *mut c_void, index: c_uint) -> c_int = 0",
    "_dsa_generate_dss_pq": "fn(pub_: *mut c_void, params: *mut c_void, seed_length: c_uint, seed: *mut c_void, progress_ctx: *mut c_void, progress: *mut c_void, p_bits: c_uint, q_bits: c_uint) -> c_int = 0",
    "_dsa_validate_dss_g": "fn(pub_: *mut c_void, domain_seed_size: c_uint, domain_seed: *const u8, index: c_uint) -> c_int = 0",
    "_dsa_validate_dss_pq": "fn(pub_: *mut c_void, cert: *mut c_void) -> c_int = 0",
    "dsa_generate_dss_keypair": "fn(params: *mut c_void, y: *mut c_void, x: *mut c_void, seed_length: size_t, seed: *mut c_void, random_ctx: *mut c_void, random: *mut c_void, progress_ctx: *mut c_void, progress: *mut c_void, p_bits: c_uint, q_bits: c_uint) -> c_int = 0",
    "_rsa_generate_fips186_4_keypair": "fn(pub_: *mut c_void, key: *mut c_void, seed_length: c_uint, seed: *mut u8, progress_ctx: *mut c_void, progress: *mut c_void, n_size: c_uint) -> c_int = 0",
    "_gnutls13_psk_ext_iter_next_binder": "fn(iter: *mut c_void, binder: *mut gnutls_datum_t) -> c_int",
    "_gnutls13_psk_ext_iter_next_identity": "fn(iter: *mut c_void, psk: *mut c_void) -> c_int",
    "_gnutls13_psk_ext_parser_init": "fn(p: *mut c_void, data: *const u8, len: size_t) -> c_int",
    "_gnutls_anti_replay_check": "fn(anti_replay: *mut c_void, client_ticket_age: u32, ticket_creation_time: *mut libc::timespec, id: *mut gnutls_datum_t) -> c_int",
    "_gnutls_bin2hex": "fn(old: *const c_void, oldlen: size_t, buffer: *mut c_char, buffer_size: size_t, separator: *const c_char) -> *mut c_char",
    "_gnutls_cidr_to_string": "fn(ip: *const c_void, ip_size: c_uint, out: *mut c_char, out_size: c_uint) -> *const c_char",
    "_gnutls_cipher_get_iv": "fn(handle: gnutls_cipher_hd_t, iv: *mut c_void, iv_size: size_t) -> c_int",
    "_gnutls_cipher_to_entry": "fn(c: gnutls_cipher_algorithm_t) -> *const c_void",
    "_gnutls_crypto_register_cipher": "fn(algorithm: gnutls_cipher_algorithm_t, priority: c_int, init: *mut c_void, setkey: *mut c_void, setiv: *mut c_void, encrypt: *mut c_void, decrypt: *mut c_void, deinit: *mut c_void) -> c_int",
    "_gnutls_decode_ber_rs_raw": "fn(sig_value: *const gnutls_datum_t, r: *mut gnutls_datum_t, s: *mut gnutls_datum_t) -> c_int",
    "_gnutls_digest_exists": "fn(algo: gnutls_digest_algorithm_t) -> c_uint",
    "_gnutls_ecc_curve_is_supported": "fn(curve: gnutls_ecc_curve_t) -> c_int = 0",
    "_gnutls_encode_ber_rs_raw": "fn(sig_value: *mut gnutls_datum_t, r: *const gnutls_datum_t, s: *const gnutls_datum_t) -> c_int",
    "_gnutls_global_init_skip": "fn() -> c_int = 0",
    "_gnutls_global_set_gettime_function": "fn(gettime_function: *mut c_void)",
    "_gnutls_iov_iter_init": "fn(iter: *mut c_void, iov: *const giovec_t, iov_count: size_t, block_size: size_t) -> c_int",
    "_gnutls_iov_iter_next": "fn(iter: *mut c_void, data: *mut *mut u8) -> isize",
    "_gnutls_iov_iter_sync": "fn(iter: *mut c_void, data: *const u8, data_size: size_t) -> c_int",
    "_gnutls_ip_to_string": "fn(ip: *const c_void, ip_size: c_uint, out: *mut c_char, out_size: c_uint) -> *const c_char",
    "_gnutls_lib_force_operational": "fn()",
    "_gnutls_lib_simulate_error": "fn()",
    "_gnutls_mac_to_entry": "fn(c: gnutls_mac_algorithm_t) -> *const c_void",
    "_gnutls_mpi_log": "fn(prefix: *const c_char, a: *mut c_void)",
    "_gnutls_pkcs11_token_get_url": "fn(info: *mut c_void, detailed: c_uint, url: *mut *mut c_char, flags: c_uint) -> c_int",
    "_gnutls_pkcs12_string_to_key": "fn(me: *const c_void, id: c_uint, salt: *const u8, salt_size: c_uint, iter: c_uint, pw: *const c_char, req_keylen: c_uint, keybuf: *mut u8) -> c_int",
    "_gnutls_prf_raw": "fn(mac: gnutls_mac_algorithm_t, master_size: size_t, master: *const c_void, label_size: size_t, label: *const c_char, seed_size: size_t, seed: *const u8, outsize: size_t, out: *mut c_char) -> c_int",
    "_gnutls_record_overhead": "fn(ver: *const c_void, cipher: *const c_void, mac: *const c_void, max: c_uint) -> size_t",
    "_gnutls_resolve_priorities": "fn(priorities: *const c_char) -> *mut c_char",
    "_gnutls_server_name_set_raw": "fn(session: gnutls_session_t, type_: gnutls_server_name_type_t, name: *const c_void, name_length: size_t) -> c_int",
    "_gnutls_set_session_ticket_key_rotation_callback": "fn(session: gnutls_session_t, cb: *mut c_void)",
    "_gnutls_supplemental_deinit": "fn()",
    "_gnutls_ucs2_to_utf8": "fn(data: *const c_void, size: size_t, output: *mut gnutls_datum_t, be: c_uint) -> c_int",
    "_gnutls_utcTime2gtime": "fn(ttime: *const c_char) -> time_t",
    "_gnutls_utf8_to_ucs2": "fn(data: *const c_void, size: size_t, output: *mut gnutls_datum_t, be: c_uint) -> c_int",
    "_gnutls_version_to_entry": "fn(version: gnutls_protocol_t) -> *const c_void",
    "_gnutls_x509_generalTime2gtime": "fn(ttime: *const c_char) -> time_t",
    "_gnutls_x509_name_constraints_merge": "fn(nc: gnutls_x509_name_constraints_t, nc2: gnutls_x509_name_constraints_t) -> c_int",
    "_gnutls_buffer_append_str": "fn(dest: *mut c_void, src: *const c_char) -> c_int",
    "_gnutls_buffer_clear": "fn(buf: *mut c_void)",
    "_gnutls_buffer_init": "fn(buf: *mut c_void)",
    "_gnutls_buffer_pop_datum": "fn(str_: *mut c_void, data: *mut gnutls_datum_t, req_size: size_t)",
    "_gnutls_buffer_to_datum": "fn(str_: *mut c_void, data: *mut gnutls_datum_t, is_str: c_uint) -> c_int",
    "_gnutls_buffer_unescape": "fn(dest: *mut c_void) -> c_int",
    "_gnutls_hello_set_default_version": "fn(session: gnutls_session_t, major: c_uchar, minor: c_uchar)",
    "_gnutls_record_set_default_version": "fn(session: gnutls_session_t, major: c_uchar, minor: c_uchar)",
    "_gnutls_rsa_pms_set_version": "fn(session: gnutls_session_t, major: c_uchar, minor: c_uchar)",
    "_gnutls_log": "fn(fmt: *const c_char)",
    "_gnutls_pkcs7_unpad": "fn(data: *mut gnutls_datum_t, block_size: c_uint) -> c_int",
}

# Reason families, by name prefix (first match wins); everything else is "not-yet".
FAMILIES = [
    ("dtls", r"^gnutls_(dtls_|record_get_discarded|heartbeat_|srtp_)"),
    ("psk", r"^gnutls_(psk_|hex_|.*_psk_)"),
    ("srp", r"^gnutls_(srp_|.*_srp)"),
    ("anon", r"^gnutls_anon_"),
    ("pkcs11_hardware", r"^(gnutls_pkcs11_|_gnutls_pkcs11_|gnutls_x509_crt_import_pkcs11|gnutls_x509_crt_list_import_pkcs11|gnutls_privkey_import_pkcs11|gnutls_pubkey_import_pkcs11|gnutls_.*_pkcs11)"),
    ("tpm", r"^gnutls_(tpm_|.*_tpm_|.*_tpm)"),
    ("openpgp", r"^gnutls_(openpgp_|.*_openpgp)"),
    ("rehandshake", r"^gnutls_(rehandshake|safe_renegotiation_status)$"),
    ("private", r"^_"),
    ("fips140", r"^(gnutls_fips140_|dsa_generate_dss_keypair)"),
]


def aux_prototypes():
    with tempfile.TemporaryDirectory() as d:
        c, aux = os.path.join(d, "t.c"), os.path.join(d, "t.aux")
        open(c, "w").write("".join(f"#include <gnutls/{h}>\n" for h in HEADERS))
        subprocess.check_call(["gcc", "-w", "-c", c, "-o", os.devnull, "-aux-info", aux])
        out = {}
        for line in open(aux):
            if m := re.search(r"\*/\s*extern\s+(.*?)\s*\b(\w+)\s*\((.*)\);", line):
                out[m.group(2)] = (m.group(1), m.group(3))
        return out


def header_text():
    t = "".join(open(f"/usr/include/gnutls/{h}").read() for h in HEADERS)
    t = re.sub(r"/\*.*?\*/", " ", t, flags=re.S)
    t = re.sub(r"^\s*#.*$", " ", t, flags=re.M)
    return t


def split_top(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        parts.append(cur.strip())
    return parts


def param_names(text, name, n):
    m = re.search(rf"\b{name}\s*\(((?:[^()]|\([^()]*\))*(?:\([^()]*\([^()]*\)[^()]*\))?(?:[^()]|\([^()]*\))*)\)\s*(?:__\w+\s*(?:\(\([^;]*\)\))?\s*)*;", text)
    names = []
    if m:
        for p in split_top(m.group(1)):
            if fp := re.search(r"\(\s*\*\s*(\w+)\s*\)", p):
                names.append(fp.group(1))
            elif ids := re.findall(r"\b([A-Za-z_]\w*)\s*(?:\[[^\]]*\])?\s*$", p):
                names.append(ids[-1])
            else:
                names.append("")
    out = []
    for i in range(n):
        nm = names[i] if i < len(names) else ""
        if not nm or nm in BASE or nm.endswith("_t") or nm in ("void", "const", "int", "unsigned", "char"):
            nm = f"arg{i}"
        if nm in ("type", "ref", "fn", "in", "mod", "match", "move", "self", "loop", "use", "impl", "where", "str", "crate", "box", "priv", "final", "override", "macro", "yield", "async", "await", "dyn", "try", "abstract", "become", "do", "extern", "virtual", "typeof", "unsized", "pub", "static", "struct", "trait", "enum", "union", "let", "mut", "as", "break", "continue", "else", "false", "true", "for", "if", "return", "super", "unsafe", "while", "const"):
            nm += "_"
        out.append(nm)
    # The same name twice (unnamed parameters) would not compile.
    seen = {}
    for i, nm in enumerate(out):
        if nm in seen:
            out[i] = f"{nm}{i}"
        seen[nm] = 1
    return out


class Types:
    def __init__(self, text):
        self.text = text
        self.needed = set()

    def rust(self, c, ret=False):
        c = re.sub(r"\s+", " ", c.strip())
        if ret and c == "void":
            return None
        # Function pointer written out: RET (*)(ARGS)
        if m := re.fullmatch(r"(.*?)\s*\(\s*\*\s*\)\s*\((.*)\)", c):
            r, args = m.group(1), m.group(2)
            rr = self.rust(r, ret=True)
            a = [] if args.strip() in ("", "void") else [self.rust(x) for x in split_top(args)]
            return f"Option<unsafe extern \"C\" fn({', '.join(a)}){' -> ' + rr if rr else ''}>"
        # A function-type typedef taken by pointer: NAME (*)
        if m := re.fullmatch(r"(\w+)\s*\(\s*\*\s*\)", c):
            self.needed.add(m.group(1))
            return f"*mut {m.group(1)}"
        if m := re.fullmatch(r"(.*?)\s*\[\s*\w*\s*\]", c):
            return f"*mut {self.rust(m.group(1))}"
        if re.search(r"\*\s*const$", c):
            c = re.sub(r"\s*const$", "", c)  # a const pointer parameter is a pointer to C
        if c.endswith("*"):
            inner = c[:-1].strip()
            const = False
            if re.search(r"\*\s*const$", inner):
                const, inner = True, re.sub(r"\s*const$", "", inner)
            elif "*" not in inner and re.match(r"^const\b", inner):
                const, inner = True, inner[len("const"):].strip()
            elif "*" not in inner and re.search(r"\bconst$", inner):
                const, inner = True, re.sub(r"\s*const$", "", inner)
            return f"*{'const' if const else 'mut'} {self.rust(inner)}"
        c = re.sub(r"^const\s+", "", c)
        c = re.sub(r"\s+const$", "", c)
        if c in BASE:
            return BASE[c]
        if c.startswith("struct "):
            tag = c.split()[1]
            self.needed.add(tag)
            return tag
        if c.startswith("enum "):
            return "c_uint"
        self.needed.add(c)
        return c


def family(name):
    for fam, rx in FAMILIES:
        if re.search(rx, name):
            return fam
    return "not_yet"


def returns_doc(name):
    try:
        page = subprocess.run(["man", "-P", "cat", "3", name], capture_output=True, text=True, timeout=10,
                              env=dict(os.environ, MANWIDTH="200")).stdout
    except Exception:
        return ""
    m = re.search(r"\nRETURNS\n(.*?)(\n[A-Z][A-Z ]+\n|\Z)", page, flags=re.S)
    return re.sub(r"\s+", " ", m.group(1)) if m else ""


# Man pages the heuristic below reads wrongly, decided by hand: an `int` that is an
# enumeration value or a size answers 0 ("unknown"); an error convention keeps the code.
HONEST = {"gnutls_range_split": "", "gnutls_ecc_curve_get_size": " = 0", "gnutls_sign_algorithm_get": " = 0",
          "gnutls_sign_algorithm_get_client": " = 0", "gnutls_x509_dn_oid_known": " = 0",
          "gnutls_openpgp_crt_check_email": " = 0", "gnutls_openpgp_crt_check_hostname": " = 0",
          "gnutls_openpgp_crt_check_hostname2": " = 0"}


def honest(name, rtype):
    """The honest answer of an `int` function whose man page says it answers non-zero for yes."""
    if name in HONEST:
        return HONEST[name]
    if rtype != "c_int":
        return ""
    doc = returns_doc(name).lower()
    if not doc:
        return ""
    code_words = ("negative", "error code", "gnutls_e_", "error value", "on error")
    yes_words = ("non-zero", "nonzero", "non zero", "true", "returns 1", "will return 1", "zero if", "0 if", "1 if")
    if any(w in doc for w in yes_words) and not any(w in doc for w in code_words):
        return " = 0"
    return ""


def rust_defined():
    """{type name: module path} the Rust source defines already (outside ctypes.rs)."""
    names = {}
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            path = os.path.join(dirpath, f)
            if f.endswith(".rs") and path != CTYPES:
                rel = os.path.relpath(path, os.path.join(ROOT, "src"))[:-3]
                module = "crate::" + rel.replace("/mod", "").replace("/", "::")
                for n in re.findall(r"^pub (?:type|struct|union) (\w+)", open(path).read(), flags=re.M):
                    names[n] = module
    return names


def typedefs(text):
    """{name: declaration} of every typedef in GnuTLS's headers, whitespace collapsed."""
    flat = re.sub(r"\s+", " ", text)
    out = {}
    for m in re.finditer(r"typedef ([^;{}]*?);", flat):
        d = m.group(1).strip()
        if fp := re.search(r"\(\s*\*\s*(\w+)\s*\)\s*\(", d):
            out[fp.group(1)] = ("fnptr", d)
        elif ft := re.fullmatch(r"(.*?)\b(\w+)\s*\((.*)\)", d):
            out[ft.group(2)] = ("fntype", d)
        elif h := re.fullmatch(r"(const )?struct (\w+) ?\* ?(\w+)", d):
            out[h.group(3)] = ("handle", (bool(h.group(1)), h.group(2)))
        elif a := re.fullmatch(r"(\w[\w ]*?) ?\* ?(\w+)", d):
            out[a.group(2)] = ("alias", a.group(1) + " *")
        elif a := re.fullmatch(r"(\w[\w ]*?) (\w+)", d):
            out[a.group(2)] = ("alias", a.group(1))
    return out


def param_types(args):
    """Parameter declarations without their names ("const char *label" -> "const char *")."""
    out = []
    for p in split_top(args):
        p = p.strip()
        if p in ("void", ""):
            continue
        if "(" in p:
            out.append(re.sub(r"\(\s*\*\s*\w+\s*\)", "(*)", p))
            continue
        m = re.fullmatch(r"(.*?[\s\*])(\w+)(\s*\[[^\]]*\])?", p)
        words = p.replace("*", " ").split()
        if m and len(words) > 1 and m.group(2) not in BASE and not m.group(2).endswith("_t") \
                and m.group(2) not in ("int", "char", "long", "unsigned", "void", "short"):
            p = m.group(1).strip() + (" *" if m.group(3) else "")
        out.append(re.sub(r"\s*\*", " *", p).strip())
    return out


def gen_ctypes(types, text):
    defs = typedefs(text)
    have = rust_defined()
    items, fn_typedefs, tags = [], [], set()
    done = set()
    pending = sorted(types.needed)
    while pending:
        name = pending.pop(0)
        if name in done or name in BASE.values():
            continue
        if name in have:
            # Defined by a chapter or the core; the rows reach it through ctypes.
            if have[name] not in ("crate::constants", "crate::types", "crate::capi::types"):
                items.append(f"pub use {have[name]}::{name};\n")
            done.add(name)
            continue
        done.add(name)
        before = set(types.needed)
        if name in STRUCTS:
            items.append("#[repr(C)]\n#[derive(Clone, Copy)]\n" + STRUCTS[name] + "\n")
            for t in re.findall(r":\s*(?:\[)?(\w+)", STRUCTS[name]):
                types.needed.add(t)
        elif name in defs:
            kind, d = defs[name]
            if kind == "handle":
                const, tag = d
                items.append(f"pub type {name} = *{'const' if const else 'mut'} {tag};\n")
                if tag in have and have[tag] not in ("crate::constants", "crate::types", "crate::capi::types"):
                    items.append(f"pub use {have[tag]}::{tag};\n")
                    done.add(tag)
                elif tag not in have and tag not in done:
                    done.add(tag)
                    items.append(f"/// Opaque: GnuTLS's object, not offered by gnutls-rustls yet.\npub struct {tag} {{\n    _private: (),\n}}\n")
            elif kind == "fnptr":
                m = re.fullmatch(r"(.*?)\(\s*\*\s*\w+\s*\)\s*\((.*)\)", d)
                ret, args = m.group(1).strip(), m.group(2)
                rr = types.rust(ret, ret=True)
                a = [types.rust(x) for x in param_types(args)]
                items.append(f"pub type {name} = Option<unsafe extern \"C\" fn({', '.join(a)}){' -> ' + rr if rr else ''}>;\n")
            elif kind == "fntype":
                # cbindgen can only declare function pointers; GnuTLS declares these as function
                # types taken by pointer, so the C typedef goes to cbindgen.toml (after_includes).
                items.append(f"/// cbindgen:ignore\n/// The C function type `{name}` (declared in the header through cbindgen.toml).\npub struct {name} {{\n    _private: (),\n}}\n")
                fn_typedefs.append(d)
                for tn in re.findall(r"\b(gnutls_\w+)\b", d):
                    if tn != name:
                        types.needed.add(tn)
            elif kind == "alias":
                items.append(f"pub type {name} = {types.rust(d)};\n")
        elif name.startswith("gnutls_") and re.search(rf"\benum\b[^;]*\}}\s*{name}\s*;", text):
            items.append(f"pub type {name} = c_uint;\n")
        else:
            print(f"type {name}: not found in GnuTLS's headers", file=sys.stderr)
        pending += sorted(set(types.needed) - before)
    head = ["// @generated by tools/gen-table.py from GnuTLS 3.7.9's installed headers; do not edit.",
            "//! C types that only the C surface needs: GnuTLS's handles (opaque until a chapter",
            "//! implements them), callback types and the structs programs fill in.",
            "#![allow(non_camel_case_types, dead_code, unused_imports)]",
            "use libc::{c_char, c_int, c_long, c_uchar, c_uint, c_ulong, c_void, size_t, ssize_t, time_t};",
            "", "use crate::constants::*;", "use crate::capi::types::*;", ""]
    open(CTYPES, "w").write("\n".join(head) + "\n".join(items))
    return fn_typedefs


CBINDGEN = os.path.join(ROOT, "cbindgen.toml")
FT_BEGIN, FT_END = "/* GnuTLS's function types (tools/gen-table.py): */", "/* end of function types */"


def write_function_types(fn_typedefs, text):
    """cbindgen declares only function pointers; GnuTLS declares these callbacks as function
    types. Their C typedefs go into cbindgen.toml's after_includes, preceded by the typedefs
    they name (C11 allows the same typedef twice; cbindgen repeats them later)."""
    defs = typedefs(text)
    forward, seen = [], set()
    for d in fn_typedefs:
        for name in re.findall(r"\b(gnutls_\w+)\b", d)[1:]:
            if name in seen:
                continue
            seen.add(name)
            kind, v = defs.get(name, (None, None))
            if kind == "handle":
                forward.append(f"typedef {'const ' if v[0] else ''}struct {v[1]} *{name};")
            elif name in STRUCTS or name == "gnutls_datum_t":
                forward.append(f"typedef struct {name} {name};")
            else:
                forward.append(f"typedef unsigned int {name};")
        for tag in re.findall(r"struct (\w+)", d):
            if tag not in seen:
                seen.add(tag)
                forward.append(f"struct {tag};")
    block = FT_BEGIN + "\n" + "\n".join(forward) + "\n" + "\n".join(f"typedef {d};" for d in fn_typedefs) + "\n" + FT_END
    cfg = open(CBINDGEN).read()
    if FT_BEGIN in cfg:
        cfg = cfg[:cfg.index(FT_BEGIN)] + block + cfg[cfg.index(FT_END) + len(FT_END):]
    else:
        cfg = cfg.replace('\n"""\n', "\n" + block + '\n"""\n', 1)
    open(CBINDGEN, "w").write(cfg)


def prune(table, implemented):
    """Drops the rows of functions a chapter now implements."""
    lines = open(table).read().split("\n")
    keep = [l for l in lines if not ((m := re.match(r"^\s*(?:#\[[^\]]*\]\s*)*(\w+) \w+ \w+: fn\(", l)) and m.group(1) in implemented)]
    open(table, "w").write("\n".join(keep))
    return len(lines) - len(keep)


def main():
    implemented = {e.name for e in surface.exports() if e.status == "implemented"}
    print(f"{prune(TABLE, implemented)} rows now implemented, removed")
    protos = aux_prototypes()
    text = header_text()
    real = surface.real_symbols()
    have = surface.exported_names() | {s for _, s in surface.stray_exports()}
    types = Types(text)
    rows = []
    for sym, (node, kind) in sorted(real.items()):
        if sym in have or kind != "func":
            continue
        fam = family(sym)
        if sym in PRIVATE:
            sig = PRIVATE[sym]
            for t in re.findall(r"\b(gnutls_\w+_t|giovec_t)\b", sig):
                types.needed.add(t)
            rows.append(f"    #[doc = \"cbindgen:ignore\"] {sym} {node} {fam}: {sig};")
            continue
        if sym not in protos:
            print(f"no prototype for {sym}", file=sys.stderr)
            continue
        ret_c, args_c = protos[sym]
        ret_c = re.sub(r"\b(extern|inline|static)\b", "", ret_c).strip()
        args = [] if args_c.strip() in ("void", "") else split_top(args_c)
        names = param_names(text, sym, len(args))
        rs = [f"{n}: {types.rust(a)}" for n, a in zip(names, args)]
        rret = types.rust(ret_c, ret=True)
        tail = f" -> {rret}{honest(sym, rret)}" if rret else ""
        rows.append(f"    {sym} {node} {fam}: fn({', '.join(rs)}){tail};")
    print(f"{len(rows)} new rows; {len(types.needed)} type names used")
    if "--dry-run" in sys.argv:
        print("\n".join(rows[:40]))
        print(sorted(types.needed))
        return
    surface.append_rows(TABLE, rows)
    # The types every row of the table names, not only the new ones.
    skip = set(BASE.values()) | {"Option", "unsafe", "extern", "fn", "mut", "const", "libc", "C"}
    for line in open(TABLE):
        if m := re.match(r"^\s*(?:#\[[^\]]*\]\s*)*\w+ \w+ \w+: (fn\(.*);", line):
            sig = re.sub(r"\b\w+: ", "", m.group(1)).replace("libc::", "libc_")
            types.needed |= {w for w in re.findall(r"\b[A-Za-z_]\w*\b", sig) if w not in skip
                             and not w.startswith("libc_") and not w.startswith("c_") and w not in ("u8", "u16", "u32", "u64", "i64", "isize", "usize")}
    # And every type ctypes.rs declares already: the chapters that implement a function keep
    # using the C types its rows needed.
    if os.path.exists(CTYPES):
        declared = open(CTYPES).read()
        types.needed |= set(re.findall(r"^pub type (\w+)", declared, flags=re.M))
        # Structs and function types too (a C struct a chapter reads, a callback it calls).
        types.needed |= {n for n in re.findall(r"^pub (?:struct|union) (\w+)", declared, flags=re.M) if n in STRUCTS or n in typedefs(text)}
    fn_typedefs = gen_ctypes(types, text)
    write_function_types(fn_typedefs, text)


if __name__ == "__main__":
    main()
