#!/usr/bin/env python3
"""The library's C surface, read from its one source: the `entry!`, `data!` and
`not_implemented!` uses under src/capi/. Everything that lists exports is made from here.

  surface.py map                 the version script (GnuTLS's nodes, chained as GnuTLS chains them)
  surface.py status              symbols.tsv: symbol, node, status, reason (gnutls-rustls-check reads it)
  surface.py matrix [--check]    MATRIX.md (with --check: fail when the committed one is stale)
  surface.py check LIB           the built library against the source and against GnuTLS 3.7.9:
                                 every symbol@node GnuTLS defines, ours defines, and nothing else
  surface.py census              the Debian 12 packages whose every import is implemented, and
                                 the symbols that keep the others from it
  surface.py snapshot            rewrite abi/gnutls-3.7.9.symbols from the installed GnuTLS
"""
import collections, os, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CAPI = os.path.join(ROOT, "src", "capi")
SNAPSHOT = os.path.join(ROOT, "abi", "gnutls-3.7.9.symbols")
REAL = "/usr/lib/x86_64-linux-gnu/libgnutls.so.30"
IMPORTS = os.path.join(ROOT, "..", "shared", "abi", "debian", "imports.tsv")
MATRIX = os.path.join(ROOT, "MATRIX.md")
# GnuTLS 3.7.9's version nodes in chain order; the two side nodes hang off GNUTLS_3_4.
NODES = ["GNUTLS_3_4", "GNUTLS_3_6_0", "GNUTLS_3_6_2", "GNUTLS_3_6_3", "GNUTLS_3_6_4", "GNUTLS_3_6_5",
         "GNUTLS_3_6_6", "GNUTLS_3_6_8", "GNUTLS_3_6_9", "GNUTLS_3_6_10", "GNUTLS_3_6_12", "GNUTLS_3_6_13",
         "GNUTLS_3_6_14", "GNUTLS_3_7_0", "GNUTLS_3_7_2", "GNUTLS_3_7_3", "GNUTLS_3_7_4", "GNUTLS_3_7_5",
         "GNUTLS_3_7_7"]
SIDE_NODES = {"GNUTLS_FIPS140_3_4": "GNUTLS_3_4", "GNUTLS_PRIVATE_3_4": "GNUTLS_3_4"}
DEFAULT_NODE = "GNUTLS_3_4"


class Export:
    def __init__(self, name, node, status, reason, file):
        self.name, self.node, self.status, self.reason, self.file = name, node, status, reason, file


def macro_blocks(text, macro):
    """The bodies of every `macro! { ... }` in text."""
    for m in re.finditer(rf"(?<![\w]){macro}!\s*\{{", text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            c = text[i]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
            elif c == "/" and text.startswith("//", i):
                i = text.index("\n", i)
            elif c == '"':
                i += 1
                while text[i] != '"':
                    i += 2 if text[i] == "\\" else 1
            i += 1
        yield text[m.end():i - 1]


def top_level(body):
    """body with everything inside braces blanked out, so only item heads remain."""
    out, depth = [], 0
    for c in body:
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0:
            out.append(c)
            continue
        out.append(" " if c != "\n" else "\n")
    return "".join(out)


def exports():
    """Every export the source defines, in file order."""
    found = []
    for f in sorted(os.listdir(CAPI)):
        if not f.endswith(".rs"):
            continue
        path = os.path.join(CAPI, f)
        text = open(path).read()
        for body in macro_blocks(text, "entry"):
            for m in re.finditer(r"(?:#\[node\((\w+)\)\]\s*)?pub fn (\w+)\s*\(", top_level(body)):
                found.append(Export(m.group(2), m.group(1) or DEFAULT_NODE, "implemented", "", f))
        for body in macro_blocks(text, "data"):
            for m in re.finditer(r"(?:#\[node\((\w+)\)\]\s*)?pub static (?:mut )?(\w+)\s*:", top_level(body)):
                found.append(Export(m.group(2), m.group(1) or DEFAULT_NODE, "implemented", "", f))
        for body in macro_blocks(text, "not_implemented"):
            for m in re.finditer(r"^\s*(?:#\[[^\]]*\]\s*)*(\w+) (\w+) (\w+): fn\(", body, flags=re.M):
                found.append(Export(m.group(1), m.group(2), "honest-error", m.group(3).replace("_", "-"), f))
    return found


def exported_names():
    return {e.name for e in exports()}


def stray_exports():
    """`#[no_mangle]` written by hand anywhere in src/: every export goes through the macros."""
    stray = []
    for dirpath, _, files in os.walk(os.path.join(ROOT, "src")):
        for f in files:
            if f.endswith(".rs"):
                text = open(os.path.join(dirpath, f)).read()
                text = re.sub(r"macro_rules!\s*\w+\s*\{.*?\n\}\n", "", text, flags=re.S)
                for m in re.finditer(r"#\[no_mangle\]\s*pub\s+(?:unsafe\s+)?(?:extern\s+\"C\"\s+fn|static\s+mut|static)\s+(\w+)", text):
                    stray.append((os.path.relpath(os.path.join(dirpath, f), ROOT), m.group(1)))
    return stray


def real_symbols():
    """{symbol: (node, kind)} as GnuTLS 3.7.9 defines them (the committed snapshot)."""
    out = {}
    for line in open(SNAPSHOT):
        if line.startswith("#") or not line.strip():
            continue
        f = line.rstrip("\n").split("\t")
        out[f[0]] = (f[1], f[2])
    return out


def dynamic_symbols(lib):
    """{symbol: node} defined in lib's dynamic symbol table."""
    out = {}
    for line in subprocess.check_output(["objdump", "-T", lib], text=True, env=dict(os.environ, LC_ALL="C")).splitlines():
        f = line.split()
        if len(f) >= 6 and "*UND*" not in f and not f[-1].startswith("GNUTLS_") and f[-2] not in ("Base",):
            out[f[-1]] = f[-2].strip("()")
    return out


def write_map(out):
    by_node = collections.defaultdict(list)
    for e in exports():
        by_node[e.node].append(e.name)
    # Hand-written exports fail `check`, but still link under GnuTLS's node meanwhile.
    real = real_symbols()
    for _, s in stray_exports():
        by_node[real.get(s, (DEFAULT_NODE,))[0]].append(s)
    lines = ["# Generated by tools/surface.py map from src/capi/ (entry!, data!, not_implemented!); do not edit.", ""]
    for i, node in enumerate(NODES + list(SIDE_NODES)):
        lines.append(f"{node} {{")
        if by_node[node]:
            lines.append("  global:")
            lines += [f"    {s};" for s in sorted(by_node[node])]
        if i == 0:
            lines.append("  local:\n    *;")
        parent = SIDE_NODES.get(node) or (NODES[i - 1] if i > 0 else None)
        lines.append(f"}}{' ' + parent if parent else ''};")
        lines.append("")
    out.write("\n".join(lines))


def write_status(out):
    out.write("symbol\tnode\tstatus\treason\n")
    for e in sorted(exports(), key=lambda e: e.name):
        out.write(f"{e.name}\t{e.node}\t{e.status}\t{e.reason}\n")


def package_imports():
    """{Debian 12 package: the symbols its objects import}."""
    imports = collections.defaultdict(set)
    if os.path.exists(IMPORTS):
        for line in open(IMPORTS).read().splitlines()[1:]:
            f = line.split("\t")
            if len(f) >= 4:
                imports[f[0]].add(f[2])
    return imports


def census():
    """{symbol: number of Debian 12 packages importing it}."""
    counts = collections.Counter()
    for syms in package_imports().values():
        counts.update(syms)
    return dict(counts)


def packages_done(ex):
    """(packages whose every import is implemented, {symbol: packages it alone keeps from it})."""
    done, alone = [], collections.Counter()
    for pkg, syms in package_imports().items():
        todo = [s for s in syms if s not in ex or ex[s].status != "implemented"]
        if not todo:
            done.append(pkg)
        elif len(todo) == 1:
            alone[todo[0]] += 1
    return sorted(done), alone


# The real programs the tests run (tests/run.py), by the object the census records.
TESTED_PROGRAMS = ["/usr/bin/wget", "/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4.8.0", "/usr/bin/qemu-nbd",
                   "/usr/bin/qemu-img", "/usr/bin/dirmngr", "/usr/sbin/chronyd", "/usr/bin/gnutls-cli",
                   "/usr/bin/gnutls-serv", "/usr/bin/gnutls-cli-debug", "/usr/bin/certtool", "/usr/bin/danetool",
                   "/usr/lib/x86_64-linux-gnu/libgnutls-dane.so.0.4.1", "/usr/bin/msmtp"]


def program_lines(ex):
    """One line per tested program: how many of its imports are implemented."""
    imports = collections.defaultdict(set)
    if os.path.exists(IMPORTS):
        for line in open(IMPORTS).read().splitlines()[1:]:
            f = line.split("\t")
            if len(f) >= 4 and f[1] in TESTED_PROGRAMS:
                imports[f[1]].add(f[2])
    lines = []
    for obj in TESTED_PROGRAMS:
        syms = imports.get(obj, set())
        impl = sum(1 for s in syms if s in ex and ex[s].status == "implemented")
        honest = sorted({ex[s].reason for s in syms if s in ex and ex[s].status != "implemented"})
        missing = sum(1 for s in syms if s not in ex)
        lines.append(f"| `{os.path.basename(obj)}` | {len(syms)} | {impl} | {len(syms) - impl - missing}"
                     f"{' (' + ', '.join(honest) + ')' if honest else ''} | {missing} |")
    return lines


def chapter(file):
    return file[:-3].replace("_", " ")


def matrix_text():
    ex = {e.name: e for e in exports()}
    counts = census()
    real = real_symbols()
    total = len(real)
    impl = sum(1 for s in real if s in ex and ex[s].status == "implemented")
    by_reason = collections.Counter(ex[s].reason for s in real if s in ex and ex[s].status != "implemented")
    lines = [
        "# MATRIX: every GnuTLS 3.7.9 export in gnutls-rustls",
        "",
        "Generated by `tools/surface.py matrix` from `src/capi/` (the `entry!` and `data!` uses are implemented,",
        "the rows of `src/capi/not_implemented.rs` answer the honest value of their convention:",
        "`GNUTLS_E_UNIMPLEMENTED_FEATURE`, NULL or 0). `make check` fails when this file is stale.",
        "\"Debian\" is how many Debian 12 packages import the symbol (`shared/abi/debian/imports.tsv`).",
        "",
        f"**{impl} of {total} implemented**; honest errors by reason: "
        + ", ".join(f"{r} {n}" for r, n in sorted(by_reason.items(), key=lambda x: (-x[1], x[0]))) + ".",
        "",
        f"**{len(packages_done(ex)[0])} of {len(package_imports())} Debian 12 packages** have every import implemented "
        "(`tools/surface.py census` lists them and what blocks the others).",
        "",
        "Real programs the tests run, by what they import (census of their Debian 12 binaries):",
        "",
        "| program | imports | implemented | honest errors | missing |",
        "|---|---:|---:|---:|---:|",
        *program_lines(ex),
        "",
        "| function | node | status | chapter | Debian |",
        "|---|---|---|---|---:|",
    ]
    for s in sorted(real, key=lambda s: (-counts.get(s, 0), s)):
        e = ex.get(s)
        status = "**missing**" if not e else ("implemented" if e.status == "implemented" else f"honest error ({e.reason})")
        lines.append(f"| `{s}` | {real[s][0]} | {status} | {chapter(e.file) if e else ''} | {counts.get(s, 0)} |")
    return "\n".join(lines) + "\n"


def check(lib):
    problems = []
    ex = exports()
    seen = collections.Counter(e.name for e in ex)
    problems += [f"{s}: defined {n} times in src/capi" for s, n in seen.items() if n > 1]
    problems += [f"{f}: {s} is exported with a hand-written #[no_mangle]; use entry!/data!/not_implemented!"
                 for f, s in stray_exports()]
    real = real_symbols()
    if os.path.exists(REAL):
        installed = dynamic_symbols(REAL)
        snap = {s: n for s, (n, _) in real.items()}
        if installed != snap:
            diff = sorted(set(installed.items()) ^ set(snap.items()))
            problems.append(f"abi/gnutls-3.7.9.symbols differs from {REAL}: {diff[:5]}")
    ours = dynamic_symbols(lib)
    want = {s: n for s, (n, _) in real.items()}
    for s in sorted(set(want) | set(ours)):
        if s not in ours:
            problems.append(f"{s}@{want[s]}: GnuTLS defines it, ours does not")
        elif s not in want:
            problems.append(f"{s}@{ours[s]}: ours defines it, GnuTLS 3.7.9 does not")
        elif ours[s] != want[s]:
            problems.append(f"{s}: ours under {ours[s]}, GnuTLS under {want[s]}")
    src = {e.name: e.node for e in ex}
    for s, n in src.items():
        if ours.get(s) != n:
            problems.append(f"{s}: source says {n}, the library exports it under {ours.get(s)}")
    head = subprocess.check_output(["objdump", "-p", lib], text=True)
    if not re.search(r"SONAME\s+libgnutls\.so\.30\b", head):
        problems.append("SONAME is not libgnutls.so.30")
    for p in problems:
        print("ABI:", p)
    impl = sum(1 for e in ex if e.status == "implemented")
    print(f"ABI: {len(ours)} symbol@node pairs of {os.path.basename(lib)} against GnuTLS 3.7.9's {len(want)} "
          f"({impl} implemented, {len(ex) - impl} honest errors): {'identical' if not problems else str(len(problems)) + ' problems'}")
    return 1 if problems else 0


def main():
    cmd = sys.argv[1] if len(sys.argv) > 1 else "check"
    if cmd == "map":
        write_map(sys.stdout)
    elif cmd == "status":
        write_status(sys.stdout)
    elif cmd == "matrix":
        text = matrix_text()
        if "--check" in sys.argv:
            if not os.path.exists(MATRIX) or open(MATRIX).read() != text:
                print("MATRIX.md is stale: run `python3 tools/surface.py matrix > MATRIX.md` and commit")
                return 1
            print("MATRIX.md is current")
        else:
            sys.stdout.write(text)
    elif cmd == "check":
        return check(sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "build", "lib", "libgnutls.so.30"))
    elif cmd == "census":
        ex = {e.name: e for e in exports()}
        done, alone = packages_done(ex)
        blocking = collections.Counter()
        for syms in package_imports().values():
            todo = [s for s in syms if s not in ex or ex[s].status != "implemented"]
            blocking.update(todo)
        print(f"{len(done)} of {len(package_imports())} Debian 12 packages have every import implemented:")
        print("  " + " ".join(done))
        print("symbols blocking most packages (blocked / blocked by it alone):")
        for s, n in blocking.most_common(30):
            print(f"  {s} {n} / {alone.get(s, 0)}")
    elif cmd == "snapshot":
        rows = []
        for line in subprocess.check_output(["objdump", "-T", REAL], text=True).splitlines():
            f = line.split()
            if len(f) >= 7 and f[-3] != "*UND*" and not f[-1].startswith("GNUTLS_"):
                kind = "func" if f[2] == "DF" else "object"
                rows.append(f"{f[-1]}\t{f[-2].strip('()')}\t{kind}" + (f"\t{int(f[-3], 16)}" if kind == "object" else ""))
        with open(SNAPSHOT, "w") as out:
            out.write("# GnuTLS 3.7.9 (Debian 12) libgnutls.so.30: every export's symbol, version node, kind, and the size of data objects.\n"
                      "# Written by `tools/surface.py snapshot` from objdump -T; `make check` compares it with the installed library.\n")
            out.write("\n".join(sorted(rows)) + "\n")
    else:
        print(__doc__)
        return 2
    return 0


def append_rows(table, rows):
    """Adds rows at the end of the table's not_implemented! block (tools/gen-table.py)."""
    text = open(table).read()
    i = text.rindex("}")
    open(table, "w").write(text[:i].rstrip("\n") + "\n" + "\n".join(rows) + "\n" + text[i:])


if __name__ == "__main__":
    sys.exit(main())
