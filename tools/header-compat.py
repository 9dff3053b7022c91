#!/usr/bin/env python3
"""Checks include/gnutls/gnutls.h against GnuTLS's real headers (libgnutls28-dev):
every prototype we declare must read the same as the real one (gcc -aux-info), and every
constant, type and struct layout must equal the real one (static assertions compiled
against the real headers). Exit status 1 on any difference.
"""
import os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OURS = os.path.join(ROOT, "include", "gnutls", "gnutls.h")
REAL_INCLUDES = ["gnutls/" + h for h in ("gnutls.h", "x509.h", "x509-ext.h", "abstract.h", "crypto.h", "ocsp.h", "pkcs11.h",
                                          "pkcs12.h", "pkcs7.h", "dtls.h", "openpgp.h", "tpm.h", "urls.h", "self-test.h",
                                          "socket.h", "system-keys.h", "compat.h")]


def aux_info(source, flags):
    with tempfile.TemporaryDirectory() as d:
        c, aux = os.path.join(d, "t.c"), os.path.join(d, "t.aux")
        open(c, "w").write(source)
        subprocess.check_call(["gcc", "-w", "-c", c, "-o", os.devnull, "-aux-info", aux] + flags)
        protos = {}
        for line in open(aux):
            m = re.search(r"\*/\s*extern\s+(.*?)\s*\b(gnutls_\w+)\s*\((.*)\);", line)
            if m:
                protos[m.group(2)] = re.sub(r"\s+", " ", f"{m.group(1)} ({m.group(3)})")
        return protos


def split_params(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return parts + [cur.strip()]


def normal(proto, typedef_names):
    """One spelling per type: cbindgen tags every struct (`typedef struct X {...} X`), so
    `struct X` and `X` are the same type where X is a typedef of GnuTLS's; a top-level
    `const` on a by-value parameter is not part of the function's type."""
    proto = re.sub(r"\bstruct (\w+)", lambda m: m.group(1) if m.group(1) in typedef_names else m.group(0), proto)
    m = re.fullmatch(r"(.*?) \((.*)\)", proto)
    if not m:
        return proto
    params = [re.sub(r"^const (\w+) ?$", r"\1", p) if "*" not in p and "(" not in p else re.sub(r"\*\s*const\s*$", "*", p)
              for p in split_params(m.group(2))]
    return f"{m.group(1)} ({', '.join(p.strip() for p in params)})"


def real_typedef_names(real_text):
    return set(re.findall(r"\}\s*(\w+)\s*;", real_text)) | set(re.findall(r"typedef\s+struct\s+\w+\s+(\w+)\s*;", real_text)) \
        | {"giovec_t", "gnutls_datum_t"}


def main():
    header = open(OURS).read()
    problems = []
    real_text = "".join(open(f"/usr/include/{h}").read() for h in REAL_INCLUDES)
    names = real_typedef_names(real_text)
    ours = aux_info("#include <gnutls/gnutls.h>\n", ["-I", os.path.join(ROOT, "include")])
    real = aux_info("".join(f"#include <{h}>\n" for h in REAL_INCLUDES), [])
    for name, proto in sorted(ours.items()):
        if name not in real:
            problems.append(f"{name}: declared by us, not by GnuTLS")
        elif normal(real[name], names) != normal(proto, names):
            problems.append(f"{name}: ours `{proto}`, GnuTLS `{real[name]}`")

    # A macro of ours that GnuTLS's headers lack would land in every program's namespace.
    real_names = set(re.findall(r"\b[A-Za-z_]\w*\b", real_text))
    for name in re.findall(r"^#define (\w+)", header, flags=re.M):
        if name not in real_names and not name.startswith("GNUTLS_RUSTLS"):
            problems.append(f"{name}: a macro of ours that GnuTLS's headers do not define")

    checks = ["#include <stddef.h>"] + [f"#include <{h}>" for h in REAL_INCLUDES]
    n_consts = n_types = 0
    for m in re.finditer(r"^#define (GNUTLS_\w+) (.+)$", header, flags=re.M):
        name, value = m.group(1), m.group(2).strip()
        if value.startswith('"'):
            if name != "GNUTLS_RUSTLS_VERSION":
                checks.append(f'_Static_assert(sizeof({name}) == sizeof({value}) && __builtin_strcmp({name}, {value}) == 0, "{name}");')
        else:
            checks.append(f'_Static_assert((long long)({name}) == (long long)({value}), "{name} differs");')
        n_consts += 1
    # Scalar and function-pointer typedefs: the same declaration under another name must be
    # compatible with GnuTLS's type. Handles are pointers to the same struct tags.
    for m in re.finditer(r"^typedef ([^{};]*);$", header, flags=re.M):
        decl = m.group(1)
        if decl.startswith("struct "):
            continue
        if (h := re.fullmatch(r"(const )?(\w+) \*(\w+)", decl)) and h.group(2) != "void":
            const, tag, name = h.group(1) or "", h.group(2), h.group(3)
            checks.append(f'_Static_assert(__builtin_types_compatible_p({const}struct {tag} *, {name}), "handle {name}");')
            n_types += 1
            continue
        decl = re.sub(r"\bstruct (\w+)", lambda m: m.group(1) if m.group(1) in names else m.group(0), decl)
        ids = re.findall(r"\b(\w+)\b", decl)
        if fp := re.search(r"\(\*(\w+)\)", decl):
            name = fp.group(1)
        elif ft := re.match(r"[^(]*?\b(\w+)\s*\(", decl):
            name = ft.group(1)  # a function type
        else:
            name = ids[-1]
        checks.append("typedef " + re.sub(rf"\b{name}\b", "ours_" + name, decl, count=1) + ";")
        if re.search(rf"\b{name}\b", real_text):
            checks.append(f'_Static_assert(__builtin_types_compatible_p(ours_{name}, {name}), "type {name} differs");')
        n_types += 1
    # Exported variables (gnutls_free and the other allocators) have GnuTLS's types.
    for m in re.finditer(r"^extern (\w+) (gnutls_\w+);$", header, flags=re.M):
        checks.append(f'_Static_assert(__builtin_types_compatible_p(__typeof__({m.group(2)}), ours_{m.group(1)}), "variable {m.group(2)}");')
        n_types += 1
    # Structs: same size and the same members at the same offsets.
    for m in re.finditer(r"^typedef (struct|union) (?:\w+ )?\{(.*?)\} (\w+);", header, flags=re.M | re.S):
        kind, body, name = m.groups()
        if name not in names:
            continue  # a union GnuTLS declares inside its struct; checked as part of that struct
        body = re.sub(r"\bstruct (\w+)", lambda m: m.group(1) if m.group(1) in names else m.group(0), body)
        for ikind, inner, inner_body in re.findall(r"^typedef (struct|union) (\w+) \{(.*?)\} \w+;", header, flags=re.M | re.S):
            if inner not in names:
                body = re.sub(rf"\b(?:(?:struct|union) )?{inner}\b", f"{ikind} {{{inner_body}}}", body)
        checks.append(f'_Static_assert(sizeof({name}) == sizeof(struct {{{body}}}), "size of {name}");')
        for field in re.findall(r"(\w+)(?:\[\w+\])?;", re.sub(r"\{[^{}]*\}", "", body)):
            checks.append(f"_Static_assert(offsetof({name}, {field}) == offsetof(struct {{{body}}}, {field}), \"{name}.{field}\");")
        n_types += 1
    with tempfile.TemporaryDirectory() as d:
        c = os.path.join(d, "compat.c")
        open(c, "w").write("\n".join(checks) + "\n")
        if os.environ.get("KEEP"): open(os.environ["KEEP"], "w").write("\n".join(checks))
        r = subprocess.run(["gcc", "-std=gnu11", "-fsyntax-only", c], capture_output=True, text=True)
        for line in r.stderr.splitlines():
            if "error" in line:
                problems.append(line.split("error: ", 1)[-1])
    for p in problems:
        print("header:", p)
    print(f"header: {len(ours)} prototypes, {n_consts} constants, {n_types} types compared with GnuTLS 3.7.9's headers: "
          f"{'OK' if not problems else str(len(problems)) + ' differences'}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
