#!/usr/bin/env python3
"""Every row of the not-implemented table answers the honest value of its C convention, and
never success: a C program compiled against our header calls each public one with zeroed
arguments and checks what it returns (GNUTLS_E_UNIMPLEMENTED_FEATURE for int codes, the
row's own value where the table gives one, 0 for unsigned and sizes, NULL for pointers,
(time_t)-1 for times). It also checks that GNUTLS_DEBUG_LEVEL=1 names each such function
once, however often it is called.

    python3 tests/honest-errors.py [--lib build/lib]

Prints one line per failure and ends with "N passed, N failed".
"""
import os, re, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TABLE = os.path.join(ROOT, "src", "capi", "not_implemented.rs")
ROW = re.compile(r"^\s*(#\[[^\]]*\]\s*)*(\w+) (\w+) (\w+): fn\((.*)\)(?: -> ([^=;]+?)(?: = ([^;]+))?)?;$")


def rows():
    for line in open(TABLE):
        m = ROW.match(line.rstrip())
        if m and not (m.group(1) or "").count("cbindgen:ignore"):
            yield m.group(2), (m.group(6) or "").strip(), (m.group(7) or "").strip()


def expectation(rtype, value):
    """The C comparison a row's answer must pass, or None for void functions."""
    if not rtype:
        return None
    if value:
        return f"== {value}"
    if rtype in ("c_int", "ssize_t", "isize"):
        return "== GNUTLS_E_UNIMPLEMENTED_FEATURE"
    if rtype == "time_t":
        return "== (time_t)-1"
    return "== 0"  # unsigned values, enumerations, sizes, pointers, callbacks


def prototypes(include):
    with tempfile.TemporaryDirectory() as d:
        c, aux = os.path.join(d, "t.c"), os.path.join(d, "t.aux")
        open(c, "w").write("#include <gnutls/gnutls.h>\n")
        subprocess.check_call(["gcc", "-w", "-c", c, "-o", os.devnull, "-aux-info", aux, "-I", include])
        out = {}
        for line in open(aux):
            if m := re.search(r"\*/\s*extern\s+(.*?)\s*\b(gnutls_\w+)\s*\((.*)\);", line):
                out[m.group(2)] = (m.group(1), m.group(3))
        return out


def split_params(s):
    parts, depth, cur = [], 0, ""
    for ch in s:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [p for p in parts + [cur.strip()] if p and p != "void"]


def zero(ctype):
    if "*" in ctype or "(" in ctype:
        return "0"
    if re.search(r"\b(gnutls_datum_t|gnutls_\w+_st)\b", ctype):
        return f"({ctype.replace('const ', '')}){{0}}"
    return "0"


def main():
    lib = sys.argv[sys.argv.index("--lib") + 1] if "--lib" in sys.argv else os.path.join(ROOT, "build", "lib")
    include = os.path.join(ROOT, "include")
    protos = prototypes(include)
    body, names = [], []
    for name, rtype, value in rows():
        if name not in protos:
            continue
        ret, params = protos[name]
        args = ", ".join(zero(p) for p in split_params(params))
        check = expectation(rtype, value)
        names.append(name)
        if check is None:
            body.append(f"  {name}({args}); pass++;")
        else:
            body.append(f"  if (({name}({args})) {check}) pass++; else {{ fail++; printf(\"FAIL %s: not the honest value\\n\", \"{name}\"); }}")
        body.append(f"  {name}({args});")  # a second call, which must not be logged again
    src = "\n".join([
        "#include <stdio.h>", "#include <time.h>", "#include <gnutls/gnutls.h>",
        "int main(void) {", "  int pass = 0, fail = 0;",
        *body,
        '  printf("%d passed, %d failed\\n", pass, fail);',
        "  return fail != 0;", "}"])
    with tempfile.TemporaryDirectory() as d:
        c, exe = os.path.join(d, "honest.c"), os.path.join(d, "honest")
        open(c, "w").write(src)
        r = subprocess.run(["gcc", "-std=gnu11", "-w", c, "-o", exe, "-I", include, "-L", lib, "-lgnutls"],
                           capture_output=True, text=True)
        if r.returncode:
            print("FAIL build:", r.stderr.strip()[-2000:])
            print("0 passed, 1 failed")
            return 1
        env = dict(os.environ, LD_LIBRARY_PATH=lib, GNUTLS_DEBUG_LEVEL="1")
        first = subprocess.run([exe], capture_output=True, text=True, timeout=60, env=env)
        out = first.stdout
        lines = first.stderr.splitlines()
    m = re.search(r"(\d+) passed, (\d+) failed", out)
    passed, failed = (int(m.group(1)), int(m.group(2))) if m else (0, 1)
    for line in out.splitlines():
        if line.startswith("FAIL"):
            print(line)
    if first.returncode not in (0, 1):
        print(f"FAIL run: exit {first.returncode} (a crash?)")
        failed += 1
    # Each function named once in the log, at level 1.
    logged = [l for l in lines if "not implemented in gnutls-rustls" in l]
    seen = [re.search(r"(gnutls_\w+): not implemented", l).group(1) for l in logged if re.search(r"(gnutls_\w+): not implemented", l)]
    if sorted(set(seen)) != sorted(seen):
        print("FAIL log: a function was named more than once")
        failed += 1
    else:
        passed += 1
    missing = [n for n in names if n not in set(seen)]
    if missing:
        print(f"FAIL log: {len(missing)} functions not named at GNUTLS_DEBUG_LEVEL=1, e.g. {missing[:3]}")
        failed += 1
    else:
        passed += 1
    print(f"# {len(names)} public honest-error functions called with zeroed arguments")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
