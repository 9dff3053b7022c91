#!/usr/bin/env python3
"""The library's export list, three ways, which must agree:
  - the source: every `#[no_mangle]` item under src/;
  - the version script libgnutls.map (checked in; it carries each symbol's version node);
  - the built library's dynamic symbol table (objdump -T).
Also checks each node against ../shared/abi/targets.tsv (what real programs import).

  exports.py check [LIB]   verify all of the above (LIB defaults to build/lib/libgnutls.so.30)
  exports.py add           add symbols found in the source but missing from the map, under
                           the node targets.tsv gives (GNUTLS_3_4 otherwise)
"""
import os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MAP = os.path.join(ROOT, "libgnutls.map")
TARGETS = os.path.join(ROOT, "..", "shared", "abi", "targets.tsv")
# GnuTLS 3.7.9's version nodes, in chain order; programs record which node they need.
NODES = ["GNUTLS_3_4", "GNUTLS_3_6_0", "GNUTLS_3_6_2", "GNUTLS_3_6_3", "GNUTLS_3_6_4", "GNUTLS_3_6_5",
         "GNUTLS_3_6_6", "GNUTLS_3_6_8", "GNUTLS_3_6_9", "GNUTLS_3_6_10", "GNUTLS_3_6_12", "GNUTLS_3_6_13",
         "GNUTLS_3_6_14", "GNUTLS_3_7_0", "GNUTLS_3_7_2", "GNUTLS_3_7_3", "GNUTLS_3_7_4", "GNUTLS_3_7_5",
         "GNUTLS_3_7_7"]
SIDE_NODES = {"GNUTLS_FIPS140_3_4": "GNUTLS_3_4", "GNUTLS_PRIVATE_3_4": "GNUTLS_3_4"}


def source_exports():
    names = set()
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            if f.endswith(".rs"):
                text = open(os.path.join(dirpath, f)).read()
                for m in re.finditer(r"#\[no_mangle\]\s*pub\s+(?:unsafe\s+)?(?:extern\s+\"C\"\s+fn|static\s+mut|static)\s+(\w+)", text):
                    names.add(m.group(1))
    return names


def read_map():
    nodes, node = {}, None
    for line in open(MAP):
        line = line.split("#")[0].strip()
        if m := re.match(r"^(\w+)\s*\{", line):
            node = m.group(1)
        elif m := re.match(r"^(\w+);$", line):
            if node and m.group(1) not in ("local",):
                nodes[m.group(1)] = node
    return nodes


def write_map(symbols):
    out = ["# libgnutls.so.30's exports and their GnuTLS version nodes (checked by tools/exports.py).", ""]
    for i, node in enumerate(NODES + list(SIDE_NODES)):
        mine = sorted(s for s, n in symbols.items() if n == node)
        out.append(f"{node} {{")
        if mine:
            out.append("  global:")
            out += [f"    {s};" for s in mine]
        if i == 0:
            out.append("  local:\n    *;")
        parent = SIDE_NODES.get(node) or (NODES[i - 1] if i > 0 else None)
        out.append(f"}}{' ' + parent if parent else ''};")
        out.append("")
    open(MAP, "w").write("\n".join(out))


REAL = "/usr/lib/x86_64-linux-gnu/libgnutls.so.30"


def real_nodes():
    """The node the installed real GnuTLS exports each symbol under, when it is installed."""
    t = {}
    if os.path.exists(REAL):
        for line in subprocess.check_output(["objdump", "-T", REAL], text=True).splitlines():
            f = line.split()
            if len(f) >= 7 and f[-3] != "*UND*" and f[-1].startswith("gnutls_"):
                t[f[-1]] = f[-2].strip("()")
    return t


def targets():
    t = real_nodes()
    if os.path.exists(TARGETS):
        for line in open(TARGETS).read().splitlines()[1:]:
            f = line.split("\t")
            if len(f) >= 2:
                t[f[0]] = f[1]
    return t


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    src, tg = source_exports(), targets()
    mapped = read_map() if os.path.exists(MAP) else {}
    if cmd == "add":
        for s in src - set(mapped):
            mapped[s] = tg.get(s, "GNUTLS_3_4")
        for s in set(mapped) - src:
            del mapped[s]
        write_map(mapped)
        print(f"{len(mapped)} symbols in {MAP}")
        return 0
    errors = []
    for s in sorted(src - set(mapped)):
        errors.append(f"{s}: exported in src/ but missing from libgnutls.map")
    for s in sorted(set(mapped) - src):
        errors.append(f"{s}: in libgnutls.map but not exported by src/")
    for s, n in sorted(mapped.items()):
        if s in tg and tg[s] != n:
            errors.append(f"{s}: node {n} in libgnutls.map, GnuTLS exports it under {tg[s]}")
    lib = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "build", "lib", "libgnutls.so.30")
    dyn = {}
    for line in subprocess.check_output(["objdump", "-T", lib], text=True).splitlines():
        f = line.split()
        if len(f) >= 7 and f[-3] != "*UND*" and re.match(r"^(gnutls_|GNUTLS)", f[-1]):
            dyn[f[-1]] = f[-2]
    for s, n in sorted(mapped.items()):
        if s not in dyn:
            errors.append(f"{s}: not in {lib}'s dynamic symbols")
        elif dyn[s] != n:
            errors.append(f"{s}: exported under {dyn[s]}, map says {n}")
    for s in sorted(set(dyn) - set(mapped)):
        if s.startswith("gnutls_"):
            errors.append(f"{s}: exported by the library but not in the map")
    soname = subprocess.check_output(["objdump", "-p", lib], text=True)
    if not re.search(r"SONAME\s+libgnutls\.so\.30\b", soname):
        errors.append("SONAME is not libgnutls.so.30")
    for node in NODES + list(SIDE_NODES):
        if not re.search(rf"\b{node}\b", soname):
            errors.append(f"version node {node} is not defined")
    for e in errors:
        print("ABI:", e)
    print(f"ABI: {len(mapped)} exports checked against source, map and {os.path.basename(lib)}: "
          f"{'OK' if not errors else str(len(errors)) + ' problems'}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
