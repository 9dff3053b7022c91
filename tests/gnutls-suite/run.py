#!/usr/bin/env python3
"""GnuTLS 3.7.9's own C test suite (tests/*.c, tests/tls13/*.c, ...) as an
executable spec for gnutls-rustls.

    python3 tests/gnutls-suite/run.py [--lib DIR] [--system-only | --ours-only]
        [-k PATTERN] [-j N] [--timeout S] [--update-expected] [--keep]

1. fetch: Debian's gnutls28 source package (the version of the installed
   libgnutls30) into build/gnutls-src, adding a deb-src entry if apt has none.
2. build: every C test of tests/Makefile.am's `ctests`/`cpptests` (with the
   conditionals as Debian configures them) against the SYSTEM headers
   (pkg-config gnutls) into build/gnutls-suite/bin; a test that does not
   compile or link (lib/ internals, gnulib) is "not built" with the
   compiler's first error line.  Cached: nothing is rebuilt when its binary
   (or its recorded failure) is newer than its sources.
3. run: each binary on the system libgnutls.so.30 and on ours
   (LD_LIBRARY_PATH=DIR), with upstream's TESTS_ENVIRONMENT, in a fresh
   working directory, in its own process group, killed after --timeout.

Only the Python standard library is used.  Output: one line per test, a
summary, and the closing line "N passed, N failed, N skipped", where failed
counts tests that pass on the system library and not on ours and are not in
expected-failures.txt.  Exit status 1 when that count is not 0.
"""

import argparse
import concurrent.futures
import fnmatch
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
BUILD = os.path.join(ROOT, "build")
SRC_PARENT = os.path.join(BUILD, "gnutls-src")
OUT = os.path.join(BUILD, "gnutls-suite")
EXPECTED = os.path.join(HERE, "expected-failures.txt")
SYSTEM_LIBDIR = "/usr/lib/x86_64-linux-gnu"
SRC_LIST = "/etc/apt/sources.list.d/gnutls-rustls-src.sources"

# tests/Makefile.am's automake conditionals, as Debian 12 configures GnuTLS
# (debian/rules: --enable-cxx --enable-libdane --without-tpm
# --enable-openssl-compatibility; the rest are configure's defaults).
CONDITIONALS = {
    "WINDOWS": False, "WANT_TEST_SUITE": False, "ENABLE_MINITASN1": False,
    "HAVE_SECCOMP_TESTS": False, "STRICT_DER_TIME": True,
    "DISABLE_SYSTEM_CONFIG": False, "HAVE_CMOCKA": True, "ENABLE_PKCS11": True,
    "P11KIT_0_23_11_API": True, "ENABLE_OCSP": True, "ENABLE_DANE": True,
    "ENABLE_OPENSSL": True, "HAVE_FORK": True, "ENABLE_TPM2": False,
    "ENABLE_KTLS": False, "ENABLE_TROUSERS": False, "HAVE_PKCS11_TRUST_STORE": True,
    "ENABLE_CXX": True, "ENABLE_SSL3": False, "ENABLE_GOST": True,
}

# What the tests #ifdef on, as Debian's build defines it (see README.md).
CONFIG_H = """/* Written by tests/gnutls-suite/run.py: what GnuTLS's tests #ifdef on,
 * as Debian 12 configures GnuTLS 3.7.9 (no zlib/brotli/zstd, no FIPS,
 * no seccomp tests, SSL 3.0 off, SHA-1 signatures not allowed). */
#ifndef GNUTLS_SUITE_CONFIG_H
#define GNUTLS_SUITE_CONFIG_H
#ifndef _GNU_SOURCE
# define _GNU_SOURCE 1
#endif
#define ENABLE_OCSP 1
#define ENABLE_ALPN 1
#define ENABLE_SSL2 1
#define ENABLE_DTLS_SRTP 1
#define ENABLE_HEARTBEAT 1
#define ENABLE_SRP 1
#define ENABLE_PSK 1
#define ENABLE_ANON 1
#define ENABLE_DHE 1
#define ENABLE_ECDHE 1
#define ENABLE_GOST 1
#define ENABLE_PKCS11 1
#define ENABLE_NON_SUITEB_CURVES 1
#define STRICT_DER_TIME 1
#define HAVE_LIBIDN2 1
#define HAVE___REGISTER_ATFORK 1
#define HAVE_VASPRINTF 1
#define HAVE_SETITIMER 1
#define HAVE_NANOSLEEP 1
#define HAVE_CLOCK_GETTIME 1
#define HAVE_LINUX_GETRANDOM 1
/* upstream config.h defines it: gnutls_free(a) then also sets a = NULL */
#define GNUTLS_INTERNAL_BUILD 1
#endif
"""

# Debian packages the build needs (tools and -dev packages), by the file
# that shows each is there.
NEEDED_PACKAGES = [
    ("gcc", "/usr/bin/gcc"), ("g++", "/usr/bin/g++"),
    ("pkg-config", "/usr/bin/pkg-config"), ("binutils", "/usr/bin/nm"),
    ("dpkg-dev", "/usr/bin/dpkg-source"),
    ("libgnutls28-dev", "/usr/include/gnutls/gnutls.h"),
    ("nettle-dev", "/usr/include/nettle/nettle-meta.h"),
    ("libp11-kit-dev", "/usr/include/p11-kit-1/p11-kit/pkcs11.h"),
    ("libcmocka-dev", "/usr/include/cmocka.h"),
    # the pkcs11/ tests use SoftHSM (they skip with 77 without it)
    ("softhsm2", "/usr/bin/softhsm2-util"),
]

# Tests that take longer than the default timeout on the system library
# (seconds measured on a 2-core machine: DTLS retransmission/loss timers,
# the rng-op-* loops); they get this timeout when it is above --timeout.
SLOW = {
    "dtls-rehandshake-anon": 150, "dtls-rehandshake-cert": 150, "dtls-rehandshake-cert-2": 150,  # 61 s
    "mini-loss-time": 150,             # 60 s
    "mini-dtls-hello-verify-48": 90,   # 30 s
    "rng-op-key": 90, "rng-op-random": 90, "rng-op-nonce": 60,  # 27, 25, 15 s
    "tls13/key_update": 60,            # 15 s
}

CLASSES = ["pass", "skip", "fail", "timeout", "crash", "symbol", "not-built"]
FAILING = {"fail", "timeout", "crash", "symbol", "skip"}

_live = set()            # process groups of running tests
_live_lock = threading.Lock()
_stop = threading.Event()  # set on ^C: no new test starts


def log(msg):
    print(msg, flush=True)


def run_bounded(cmd, timeout, **kw):
    """subprocess.run in its own session; the whole group is killed on timeout."""
    p = subprocess.Popen(cmd, start_new_session=True, **kw)
    with _live_lock:
        _live.add(p.pid)
    try:
        out, err = p.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _killpg(p.pid)
        out, err = p.communicate()
        raise
    finally:
        _killpg(p.pid)
        with _live_lock:
            _live.discard(p.pid)
    return subprocess.CompletedProcess(cmd, p.returncode, out, err)


def _killpg(pgid):
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


# ---------------------------------------------------------------- phase 1: fetch

def installed_version():
    r = run_bounded(["dpkg-query", "-W", "-f", "${source:Version}", "libgnutls30"], 30,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return r.stdout.strip() if r.returncode == 0 else ""


def source_dir():
    if os.path.isdir(SRC_PARENT):
        for d in sorted(os.listdir(SRC_PARENT)):
            p = os.path.join(SRC_PARENT, d)
            if d.startswith("gnutls28-") and os.path.isfile(os.path.join(p, "tests", "Makefile.am")):
                return p
    return None


def apt(args, timeout):
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = run_bounded(["apt-get"] + args, timeout, env=env, stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        log(r.stdout[-3000:])
        sys.exit("apt-get %s failed (exit %d)" % (" ".join(args), r.returncode))
    return r.stdout


def ensure_packages():
    missing = [pkg for pkg, path in NEEDED_PACKAGES if not os.path.exists(path)]
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("missing packages %s; as root: apt-get install %s" % (missing, " ".join(missing)))
    log("# installing " + " ".join(missing))
    apt(["update", "-q"], 600)
    apt(["install", "-y", "-q", "--no-install-recommends"] + missing, 1200)


def debian_deb_src_stanzas():
    """deb-src twins of the configured Debian `deb` entries (same mirror)."""
    stanzas = []
    for d in ["/etc/apt/sources.list.d"]:
        for f in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if not f.endswith(".sources") or os.path.join(d, f) == SRC_LIST:
                continue
            for block in open(os.path.join(d, f)).read().split("\n\n"):
                fields = {}
                for line in block.splitlines():
                    if ":" in line and not line.lstrip().startswith("#"):
                        k, v = line.split(":", 1)
                        fields[k.strip()] = v.strip()
                if ("deb" in fields.get("Types", "").split() and "debian" in fields.get("URIs", "")
                        and "main" in fields.get("Components", "").split()):
                    s = "Types: deb-src\nURIs: %s\nSuites: %s\nComponents: main\n" % (
                        fields["URIs"], fields.get("Suites", "bookworm"))
                    if "Signed-By" in fields:
                        s += "Signed-By: %s\n" % fields["Signed-By"]
                    stanzas.append(s)
    lines = []
    for f in ["/etc/apt/sources.list"]:
        if os.path.isfile(f):
            for line in open(f):
                w = line.split()
                if w and w[0] == "deb" and "debian" in line and "main" in w:
                    lines.append("deb-src " + line.split(None, 1)[1].strip())
    return stanzas, lines


def fetch():
    d = source_dir()
    if d:
        return d
    if os.geteuid() != 0:
        sys.exit("GnuTLS source missing in %s and not root: cannot apt-get source" % SRC_PARENT)
    version = installed_version()
    r = run_bounded(["apt-cache", "showsrc", "gnutls28"], 60, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL, text=True)
    if "Package: gnutls28" not in r.stdout:
        stanzas, lines = debian_deb_src_stanzas()
        if stanzas:
            with open(SRC_LIST, "w") as f:
                f.write("# deb-src for tests/gnutls-suite/run.py (gnutls-rustls)\n\n" + "\n".join(stanzas))
        elif lines:
            with open(SRC_LIST.replace(".sources", ".list"), "w") as f:
                f.write("# deb-src for tests/gnutls-suite/run.py (gnutls-rustls)\n" + "\n".join(lines) + "\n")
        else:
            with open(SRC_LIST, "w") as f:
                f.write("Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\n"
                        "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n"
                        "Types: deb-src\nURIs: http://deb.debian.org/debian-security\nSuites: bookworm-security\n"
                        "Components: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n")
        log("# added a deb-src entry; apt-get update")
        apt(["update", "-q"], 600)
    os.makedirs(SRC_PARENT, exist_ok=True)
    cwd = os.getcwd()
    os.chdir(SRC_PARENT)
    try:
        spec = "gnutls28=" + version if version else "gnutls28"
        log("# apt-get source " + spec)
        try:
            apt(["source", "-q", spec], 900)
        except SystemExit:
            if not version:
                raise
            log("# version %s not in the archive; taking the newest gnutls28 source" % version)
            apt(["source", "-q", "gnutls28"], 900)
    finally:
        os.chdir(cwd)
    d = source_dir()
    if not d:
        sys.exit("apt-get source gnutls28 left no gnutls28-*/tests/Makefile.am in " + SRC_PARENT)
    return d


# ---------------------------------------------------------------- Makefile.am

def parse_makefile_am(path):
    """Variables of an automake file, with if/else/endif evaluated."""
    text = open(path).read().replace("\\\n", " ")
    vars_, stack = {}, []
    for line in text.splitlines():
        s = line.strip()
        if not s or s.startswith("#"):
            continue
        m = re.match(r"if\s+(!?)(\w+)$", s)
        if m:
            v = CONDITIONALS.get(m.group(2), False)
            stack.append(v != bool(m.group(1)))
            continue
        if s == "else":
            stack[-1] = not stack[-1]
            continue
        if s.startswith("endif"):
            stack.pop()
            continue
        if not all(stack):
            continue
        m = re.match(r"([\w]+)\s*(\+?=)\s*(.*)$", s)
        if m and not line.startswith("\t"):
            name, op, val = m.groups()
            val = val.split(" #")[0]
            if op == "+=":
                vars_[name] = vars_.get(name, "") + " " + val
            else:
                vars_[name] = val
    return vars_


def expand(vars_, val, depth=0):
    """Expands the file's own variables; configure's (@-substituted) ones stay $(NAME)."""
    if depth > 10:
        return val
    return re.sub(r"\$\((\w+)\)", lambda m: expand(vars_, vars_[m.group(1)], depth + 1)
                  if m.group(1) in vars_ else m.group(0), val)


def canon(name):
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


LDADD_MAP = {
    "-lpthread": ["-lpthread"], "$(LIBDL)": ["-ldl"], "$(CMOCKA_LDADD)": ["-lcmocka"],
    "$(CMOCKA_LIBS)": ["-lcmocka"], "$(NETTLE_LIBS)": ["@nettle"],
    "../extra/libgnutls-openssl.la": ["-lgnutls-openssl"],
    "../libdane/libgnutls-dane.la": ["-lgnutls-dane"],
    "../lib/libgnutlsxx.la": ["-lgnutlsxx"], "-lcrypt32": ["-lcrypt32"],
}


def discover(src):
    """[(name, sources, extra_cflags, extra_libs, lang)] from tests/Makefile.am."""
    tdir = os.path.join(src, "tests")
    v = parse_makefile_am(os.path.join(tdir, "Makefile.am"))
    tests = []
    for lang, var in (("c", "ctests"), ("c++", "cpptests")):
        for name in v.get(var, "").split():
            c = canon(name)
            srcs = v.get(c + "_SOURCES")
            if srcs:
                srcs = [s for s in srcs.split() if s.endswith((".c", ".cpp"))]
            else:
                srcs = [name + (".cpp" if lang == "c++" else ".c")]
            cflags = v.get(c + "_CFLAGS", "").split() + v.get(c + "_CXXFLAGS", "").split()
            cflags = [f for f in cflags if f.startswith("-D")]
            ldadd = expand(v, v.get(c + "_LDADD", "$(LDADD)")).split()
            libs = []
            for tok in ldadd:
                libs += LDADD_MAP.get(tok, [])
            if "$(NETTLE_CFLAGS)" in v.get(c + "_CPPFLAGS", ""):
                libs.append("@nettle")
            # the cmocka tests have their own main() and no libutils
            if "libutils.la" in ldadd:
                libs.append("@utils")
            tests.append((name, srcs, cflags, sorted(set(libs)), lang))
    return tests


def test_env(src):
    """Upstream's TESTS_ENVIRONMENT (tests/Makefile.am) with absolute paths."""
    t = os.path.join(src, "tests")
    lib = os.path.join(OUT, "lib")
    return {
        "LC_ALL": "C",
        "LSAN_OPTIONS": "suppressions=%s/gnutls-asan.supp" % t,
        "CAFILE": t + "/cert-tests/data/ca-certs.pem",
        "P11MOCKLIB1": lib + "/libpkcs11mock1.so",
        "P11MOCKLIB2": lib + "/libpkcs11mock2.so",
        "P11MOCKLIB4": lib + "/libpkcs11mock4.so",
        "PKCS12_MANY_CERTS_FILE": t + "/cert-tests/data/pkcs12_5certs.p12",
        "PKCS12FILE": t + "/cert-tests/data/client.p12",
        "PKCS12PASSWORD": "foobar",
        "PKCS12FILE_2": t + "/cert-tests/data/pkcs12_2certs.p12",
        "PKCS12PASSWORD_2": "",
        "PKCS12PATH": t + "/cert-tests/data/",
        "X509CERTDIR": t + "/x509cert-dir/",
        "GNUTLS_SYSTEM_PRIORITY_FILE": t + "/system.prio",
        "PSK_FILE": t + "/psk.passwd",
        "OPENSSL_ia32cap": "0x00000000",
        "EXEEXT": "",
        "GNUTLS_TEST_SUITE_RUN": "1",
        "builddir": ".",          # get_tmpname(): temp files in the test's own directory
        "top_builddir": src,
        "abs_top_builddir": src,
        "libdir": SYSTEM_LIBDIR,
        "srcdir": t,
        "ENABLE_SSL3": "0",
        "ENABLE_GOST": "1",
    }


# ---------------------------------------------------------------- phase 2: build

def pkgconfig(*mods):
    r = run_bounded(["pkg-config", "--cflags", "--libs"] + list(mods), 30,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit("pkg-config %s: %s" % (" ".join(mods), r.stderr.strip()))
    return r.stdout.split()


def first_error(text):
    lines = [l for l in text.splitlines() if l.strip()]
    for l in lines:
        if re.search(r"\berror\b|undefined reference|multiple definition|\bfatal\b", l):
            return l.strip()
    return lines[0].strip() if lines else "(no output)"


def newest_mtime(paths):
    return max((os.path.getmtime(p) for p in paths if os.path.exists(p)), default=0)


def build(src, tests, jobs):
    tdir = os.path.join(src, "tests")
    for d in ("obj", "bin", "lib"):
        os.makedirs(os.path.join(OUT, d), exist_ok=True)
    cfg = os.path.join(OUT, "config.h")
    if not os.path.exists(cfg) or open(cfg).read() != CONFIG_H:
        with open(cfg, "w") as f:
            f.write(CONFIG_H)
    gnutls = pkgconfig("gnutls")
    p11 = pkgconfig("p11-kit-1")
    nettle = pkgconfig("nettle", "hogweed")
    cppflags = ["-DHAVE_CONFIG_H", "-I" + OUT, "-I" + tdir, "-I" + os.path.join(src, "doc", "examples")]
    cflags = ["-O1", "-g0", "-w", "-pthread"] + [f for f in gnutls + p11 if f.startswith("-I")]
    ldflags = ["-Wl,-z,lazy"] + [f for f in gnutls if not f.startswith("-I")] + ["-lpthread", "-ldl"]
    # the flags are part of what a binary is built from: a stamp file that
    # changes (and so rebuilds everything) only when they do
    stampf = os.path.join(OUT, "flags.stamp")
    stamp_text = "\n".join([" ".join(cppflags), " ".join(cflags), " ".join(ldflags),
                            " ".join(nettle)]) + "\n"
    if not os.path.exists(stampf) or open(stampf).read() != stamp_text:
        with open(stampf, "w") as f:
            f.write(stamp_text)
    headers = [os.path.join(tdir, f) for f in os.listdir(tdir) if f.endswith(".h")]
    hdr_time = newest_mtime(headers + [cfg, stampf])

    def compile_(cmd, out, timeout=180):
        r = run_bounded(cmd, timeout, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        return r.returncode == 0 and os.path.exists(out), r.stdout

    # libutils: utils.c seccomp.c utils-adv.c (upstream's libutils.la)
    libutils = os.path.join(OUT, "lib", "libutils.a")
    usrc = [os.path.join(tdir, f) for f in ("utils.c", "seccomp.c", "utils-adv.c")]
    if not os.path.exists(libutils) or os.path.getmtime(libutils) < max(newest_mtime(usrc), hdr_time):
        objs = []
        for s in usrc:
            o = os.path.join(OUT, "obj", "utils-" + os.path.basename(s) + ".o")
            ok, out = compile_(["gcc"] + cppflags + cflags + ["-c", s, "-o", o], o)
            if not ok:
                sys.exit("tests/%s does not build against the system headers:\n%s" % (os.path.basename(s), out))
            objs.append(o)
        if os.path.exists(libutils):
            os.unlink(libutils)
        r = run_bounded(["ar", "rcs", libutils] + objs, 60)
        if r.returncode != 0:
            sys.exit("ar failed for " + libutils)
    # PKCS#11 mock modules (P11MOCKLIB1/2/4)
    for n, s in (("1", "pkcs11-mock.c"), ("2", "pkcs11-mock2.c"), ("4", "pkcs11-mock4.c")):
        so = os.path.join(OUT, "lib", "libpkcs11mock%s.so" % n)
        sp = os.path.join(tdir, "pkcs11", s)
        if os.path.exists(sp) and (not os.path.exists(so) or os.path.getmtime(so) < max(os.path.getmtime(sp), hdr_time)):
            ok, out = compile_(["gcc", "-shared", "-fPIC"] + cppflags + cflags + [sp, "-o", so], so)
            if not ok:
                log("# libpkcs11mock%s not built: %s" % (n, first_error(out)))

    results = {}

    def one(t):
        name, srcs, xcflags, xlibs, lang = t
        if _stop.is_set():
            return name, False, "interrupted", False
        binp = os.path.join(OUT, "bin", name)
        errp = binp + ".build-error"
        paths = [os.path.join(tdir, s) for s in srcs]
        missing = [s for s in srcs if not os.path.exists(os.path.join(tdir, s))]
        if missing:
            return name, False, "source missing: " + " ".join(missing), False
        stamp = max(newest_mtime(paths), hdr_time, os.path.getmtime(libutils))
        if os.path.exists(binp) and os.path.getmtime(binp) >= stamp:
            return name, True, "", True
        if os.path.exists(errp) and os.path.getmtime(errp) >= stamp:
            return name, False, open(errp).read().strip(), True
        os.makedirs(os.path.dirname(binp), exist_ok=True)
        libs = []
        for l in xlibs:
            libs += {"@nettle": nettle, "@utils": [libutils]}.get(l, [l])
        cc = "g++" if lang == "c++" else "gcc"
        cmd = [cc] + cppflags + cflags + xcflags + paths + ["-o", binp + ".tmp"] + libs + ldflags
        if lang == "c":
            cmd.insert(1, "-std=gnu11")
        ok, out = compile_(cmd, binp + ".tmp")
        if ok:
            os.replace(binp + ".tmp", binp)
            if os.path.exists(errp):
                os.unlink(errp)
            return name, True, "", False
        if os.path.exists(binp + ".tmp"):
            os.unlink(binp + ".tmp")
        if os.path.exists(binp):
            os.unlink(binp)
        err = first_error(out).replace(tdir + "/", "tests/")
        if _stop.is_set():
            return name, False, "interrupted", False
        with open(errp, "w") as f:
            f.write(err + "\n")
        return name, False, err, False

    cached = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for name, ok, err, was_cached in ex.map(one, tests):
            results[name] = (ok, err)
            cached += was_cached
    return results, cached


# ---------------------------------------------------------------- phase 3: run

def classify(rc, timed_out, stderr):
    # a missing symbol is the root cause even when a child died of it and its
    # parent then waited forever or aborted
    if "symbol lookup error" in stderr:
        return "symbol"
    if timed_out:
        return "timeout"
    if rc < 0:
        return "crash"
    if rc == 0:
        return "pass"
    if rc == 77:
        return "skip"
    return "fail"


def detail_of(cls, rc, stdout, stderr, timed_out=False):
    if cls == "symbol":
        m = re.search(r"undefined symbol: ([\w@.]+)(?:, version (\w+))?", stderr)
        if m:
            return "missing " + m.group(1) + ("@" + m.group(2) if m.group(2) else "") + \
                (" (then timed out)" if timed_out else "")
        return next(l for l in stderr.splitlines() if "symbol lookup error" in l).strip()
    if cls == "crash":
        try:
            sig = signal.Signals(-rc).name
        except ValueError:
            sig = "signal %d" % -rc
        return sig + ": " + first_line(stderr, stdout)
    if cls == "timeout":
        return "killed after timeout: " + first_line(stderr, stdout, last=True)
    if cls in ("fail", "skip"):
        return "exit %d: %s" % (rc, first_line(stderr, stdout, last=(cls == "fail")))
    return ""


def first_line(stderr, stdout, last=False):
    for text in (stderr, stdout):
        lines = [l.strip() for l in text.splitlines() if l.strip()]
        if lines:
            l = lines[-1] if last else lines[0]
            return l.replace("\t", " ")[:200]
    return "(no output)"


def run_one(name, which, libdir, env_base, timeout, keep):
    if _stop.is_set():
        return "fail", 1, 0.0, "interrupted"
    binp = os.path.join(OUT, "bin", name)
    work = os.path.join(OUT, "work", which, name)
    logs = os.path.join(OUT, "logs", which)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    os.makedirs(os.path.dirname(os.path.join(logs, name)), exist_ok=True)
    env = dict(env_base)
    env["TMPDIR"] = work
    if libdir:
        env["LD_LIBRARY_PATH"] = libdir
    else:
        env.pop("LD_LIBRARY_PATH", None)
    outp, errp = os.path.join(logs, name + ".out"), os.path.join(logs, name + ".err")
    t0 = time.monotonic()
    timed_out = False
    with open(outp, "wb") as fo, open(errp, "wb") as fe:
        p = subprocess.Popen([binp], cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=fo,
                             stderr=fe, start_new_session=True)
        with _live_lock:
            _live.add(p.pid)
        try:
            p.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            timed_out = True
            _killpg(p.pid)
            p.wait()
        finally:
            _killpg(p.pid)        # forked servers/children left behind
            with _live_lock:
                _live.discard(p.pid)
    secs = time.monotonic() - t0
    stdout = open(outp, errors="replace").read()
    stderr = open(errp, errors="replace").read()
    cls = classify(p.returncode, timed_out, stderr)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return cls, p.returncode, secs, detail_of(cls, p.returncode, stdout, stderr, timed_out)


DURATIONS = os.path.join(OUT, "durations.tsv")


def previous_durations():
    """Seconds each test took when it last ran (either library), to start the longest first."""
    d = {}
    try:
        for line in open(DURATIONS):
            n, secs = line.rstrip("\n").split("\t")
            d[n] = float(secs)
    except (OSError, ValueError):
        pass
    return d


def save_durations(*results):
    d = previous_durations()
    for res in results:
        for n, r in res.items():
            d[n] = r[2]
    with open(DURATIONS + ".tmp", "w") as f:
        for n in sorted(d):
            f.write("%s\t%.2f\n" % (n, d[n]))
    os.replace(DURATIONS + ".tmp", DURATIONS)


SYSTEM_TSV = os.path.join(OUT, "system-results.tsv")


def load_system():
    d = {}
    try:
        for line in open(SYSTEM_TSV):
            n, cls, rc, secs, det = line.rstrip("\n").split("\t")
            d[n] = (cls, int(rc), float(secs), det)
    except (OSError, ValueError):
        pass
    return d


def save_system(res):
    d = load_system()
    d.update(res)
    with open(SYSTEM_TSV + ".tmp", "w") as f:
        for n in sorted(d):
            cls, rc, secs, det = d[n]
            f.write("%s\t%s\t%d\t%.2f\t%s\n" % (n, cls, rc, secs, det.replace("\t", " ").replace("\n", " ")))
    os.replace(SYSTEM_TSV + ".tmp", SYSTEM_TSV)


def run_all(names, which, libdir, env_base, timeout, jobs, keep):
    res = {}
    prev = previous_durations()
    order = sorted(names, key=lambda n: -max(prev.get(n, 0), SLOW.get(n, 0) / 2.5))
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        futs = {ex.submit(run_one, n, which, libdir, env_base, max(timeout, SLOW.get(n, 0)), keep): n
                for n in order}
        try:
            for f in concurrent.futures.as_completed(futs):
                res[futs[f]] = f.result()
        except BaseException:
            _stop.set()             # queued tests return at once; running ones are killed
            for f in futs:
                f.cancel()
            with _live_lock:
                for pg in list(_live):
                    _killpg(pg)
            raise
    return res


def probe_loaded(binp, libdir, env_base):
    """LD_DEBUG=libs: which libgnutls.so.30 the dynamic loader really maps."""
    env = dict(env_base, LD_DEBUG="libs")
    if libdir:
        env["LD_LIBRARY_PATH"] = libdir
    r = run_bounded([binp], 30, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE, text=True, errors="replace", cwd=OUT)
    m = re.search(r"calling init: (\S*libgnutls\.so\.30)", r.stderr)
    return os.path.realpath(m.group(1)) if m else None


# ---------------------------------------------------------------- expected failures

def load_expected():
    exp = {}
    if os.path.exists(EXPECTED):
        for line in open(EXPECTED):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            exp[parts[0]] = (parts[1] if len(parts) > 1 else "not-yet", parts[2] if len(parts) > 2 else "")
    return exp


def write_expected(exp):
    header = ("# GnuTLS 3.7.9 test-suite tests expected to fail on gnutls-rustls (tests/gnutls-suite/run.py).\n"
              "# name<TAB>reason-family<TAB>free text.  Families: dtls psk srp anon rehandshake pkcs11\n"
              "# old-tls (SSL 3.0/TLS 1.0/1.1) rustls (a limit rustls imposes) internals not-yet ...\n"
              "# Rewritten by run.py --update-expected (keeps the reasons of tests still failing).\n")
    with open(EXPECTED + ".tmp", "w") as f:
        f.write(header)
        for n in sorted(exp):
            fam, text = exp[n]
            f.write("%s\t%s\t%s\n" % (n, fam, text.replace("\t", " ")))
    os.replace(EXPECTED + ".tmp", EXPECTED)


# ---------------------------------------------------------------- main

def select(names, pattern):
    if not pattern:
        return names
    if any(c in pattern for c in "*?["):
        return [n for n in names if fnmatch.fnmatch(n, pattern)]
    return [n for n in names if pattern in n]


def imported_missing(names, libdir):
    """Per binary: the libgnutls symbols it imports that ours does not define."""
    def defined(lib):
        r = run_bounded(["nm", "-D", "--defined-only", lib], 60, stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL, text=True)
        return {l.split()[-1].split("@")[0] for l in r.stdout.splitlines() if l.strip()}
    sysdef = defined(os.path.join(SYSTEM_LIBDIR, "libgnutls.so.30"))
    ours = defined(os.path.join(libdir, "libgnutls.so.30"))
    miss = {}
    bins = [os.path.join(OUT, "bin", n) for n in names]
    for i in range(0, len(bins), 50):
        chunk = bins[i:i + 50]
        r = run_bounded(["nm", "-D", "--undefined-only"] + chunk, 120, stdout=subprocess.PIPE,
                        stderr=subprocess.DEVNULL, text=True)
        cur = None
        for l in r.stdout.splitlines():
            if l.endswith(":") and l[:-1] in chunk:
                cur = os.path.relpath(l[:-1], os.path.join(OUT, "bin"))
                continue
            if cur and l.strip():
                s = l.split()[-1].split("@")[0]
                if s in sysdef and s not in ours:
                    miss.setdefault(cur, set()).add(s)
    return miss


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lib", default=os.path.join(BUILD, "lib"),
                    help="directory holding our libgnutls.so.30 (default: build/lib)")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--system-only", action="store_true", help="run on the system library only")
    g.add_argument("--ours-only", action="store_true", help="run on ours only")
    ap.add_argument("-k", metavar="PATTERN", help="tests whose name contains PATTERN (or matches it as a glob)")
    ap.add_argument("-j", type=int, default=2, metavar="N", help="parallel compiles and tests (default 2)")
    ap.add_argument("--timeout", type=float, default=30, metavar="S", help="per-test timeout (default 30 s)")
    ap.add_argument("--update-expected", action="store_true",
                    help="rewrite expected-failures.txt from this run")
    ap.add_argument("--keep", action="store_true", help="keep each test's working directory")
    a = ap.parse_args()
    libdir = os.path.abspath(a.lib)
    if not a.system_only and not os.path.exists(os.path.join(libdir, "libgnutls.so.30")):
        sys.exit("no libgnutls.so.30 in %s (build it with make, or pass --lib DIR)" % libdir)
    phases = []

    t = time.monotonic()
    ensure_packages()
    src = fetch()
    phases.append(("fetch", time.monotonic() - t))
    log("# source: " + os.path.relpath(src, ROOT))

    t = time.monotonic()
    alltests = discover(src)
    tests = [x for x in alltests if x[0] in set(select([x[0] for x in alltests], a.k))]
    built, cached = build(src, tests, max(1, a.j))
    phases.append(("build", time.monotonic() - t))
    nbuilt = sum(1 for ok, _ in built.values() if ok)
    log("# %d tests in tests/Makefile.am (%d selected): %d built, %d not built (%d up to date, not rebuilt)"
        % (len(alltests), len(tests), nbuilt, len(tests) - nbuilt, cached))

    names = [x[0] for x in tests]
    runnable = [n for n in names if built[n][0]]
    env_base = {k: v for k, v in os.environ.items() if k not in ("LD_LIBRARY_PATH", "LD_PRELOAD")}
    env_base.update(test_env(src))

    sysres, oursres = {}, {}
    if runnable:
        probe_bin = os.path.join(OUT, "bin", runnable[0])
        for candidate in ("global-init", "gnutls-strcodes", "hex"):
            if candidate in runnable:
                probe_bin = os.path.join(OUT, "bin", candidate)
                break
    if not a.ours_only and runnable:
        got = probe_loaded(probe_bin, None, env_base)
        log("# system run loads " + str(got))
        t = time.monotonic()
        sysres = run_all(runnable, "system", None, env_base, a.timeout, max(1, a.j), a.keep)
        phases.append(("run system", time.monotonic() - t))
        save_system(sysres)
    elif runnable:
        # --ours-only: judge against the system library's last recorded run
        prev = load_system()
        sysres = {n: prev[n] for n in runnable if n in prev}
        if sysres:
            log("# --ours-only: system classes of %d tests from the last system run (%s)"
                % (len(sysres), os.path.relpath(SYSTEM_TSV, ROOT)))
    if not a.system_only and runnable:
        got = probe_loaded(probe_bin, libdir, env_base)
        want = os.path.realpath(os.path.join(libdir, "libgnutls.so.30"))
        log("# ours run loads %s (LD_DEBUG=libs probe with %s)" % (got, os.path.basename(probe_bin)))
        if got != want:
            sys.exit("LD_LIBRARY_PATH=%s does not load %s (loader mapped %s)" % (libdir, want, got))
        t = time.monotonic()
        oursres = run_all(runnable, "ours", libdir, env_base, a.timeout, max(1, a.j), a.keep)
        phases.append(("run ours", time.monotonic() - t))

    expected = load_expected()
    # A test that passes on GnuTLS and fails on ours once more, alone: a second failure is
    # a failure; a pass is reported as flaky (timing under load), never hidden.
    flaky = []
    if oursres and sysres:
        retry = [n for n in oursres if n in sysres and sysres[n][0] == "pass"
                 and oursres[n][0] not in ("pass", "skip") and n not in expected]
        if retry:
            log("# retrying alone the %d tests that failed on ours only: %s" % (len(retry), " ".join(retry)))
            again = run_all(retry, "ours", libdir, env_base, a.timeout, 1, a.keep)
            for n in retry:
                if again.get(n, ("",))[0] == "pass":
                    flaky.append(n)
                    oursres[n] = again[n]
    save_durations(sysres, oursres)
    lines, rows = [], []
    verdicts = {}
    unexpected = []
    for n in sorted(names):
        ok, err = built[n]
        s = sysres.get(n) if sysres else None
        o = oursres.get(n) if oursres else None
        sc = s[0] if s else ("not-built" if not ok else "-")
        oc = o[0] if o else ("not-built" if not ok else "-")
        fam = expected.get(n, (None, ""))[0]
        if not ok:
            v, why = "SKIP", "not built: " + err
        elif a.system_only:
            v = {"pass": "PASS", "skip": "SKIP"}.get(sc, "FAIL")
            why = s[3]
        elif s and sc != "pass":
            v, why = "SKIP", "system did not pass: " + (s[3] or sc)
        elif oc == "pass":
            v, why = "PASS", ""
            if fam:
                why = "UNEXPECTEDLY PASSING: listed as %s in expected-failures.txt; remove it" % fam
                unexpected.append(n)
        elif not s and oc == "skip":
            v, why = "SKIP", o[3]
        elif fam:
            v, why = "XFAIL", "%s: %s" % (fam, o[3])
        else:
            v, why = "FAIL", o[3]
        verdicts[n] = (v, sc, oc, o[3] if o else "")
        lines.append("%s %s: system=%s ours=%s%s" % (v, n, sc, oc, " (%s)" % why if why else ""))
        rows.append([n, "yes" if ok else "no", err if not ok else "",
                     sc, str(s[1]) if s else "", "%.2f" % s[2] if s else "", s[3] if s else "",
                     oc, str(o[1]) if o else "", "%.2f" % o[2] if o else "", o[3] if o else "",
                     v, fam or ""])
    for l in lines:
        log(l)

    with open(os.path.join(OUT, "results.tsv"), "w") as f:
        f.write("\t".join(["name", "built", "build_error", "system", "system_rc", "system_secs",
                           "system_detail", "ours", "ours_rc", "ours_secs", "ours_detail",
                           "verdict", "expected_family"]) + "\n")
        for r in rows:
            f.write("\t".join(c.replace("\t", " ").replace("\n", " ") for c in r) + "\n")

    # summary
    log("")
    log("# summary (%d tests; %d built, %d not built)" % (len(names), nbuilt, len(names) - nbuilt))
    log("#   %-10s %8s %8s" % ("class", "system", "ours"))
    for c in CLASSES:
        ns = sum(1 for r in rows if r[3] == c)
        no = sum(1 for r in rows if r[7] == c)
        log("#   %-10s %8s %8s" % (c, ns if sysres else "-", no if not a.system_only else "-"))
    if oursres:
        sp = [r for r in rows if r[3] == "pass" or (not sysres and r[1] == "yes")]
        log("# ours on the %d tests %s: %s" % (
            len(sp), "built" if not sysres else "the system passes", ", ".join("%s %d" % (c, sum(1 for r in sp if r[7] == c)) for c in CLASSES
                                if any(r[7] == c for r in sp))))
        syms = {}
        for r in rows:
            if r[7] == "symbol" and r[10].startswith("missing "):
                syms.setdefault(r[10][8:].split()[0], []).append(r[0])
        if syms:
            log("# symbol lookup errors: %d tests, %d distinct first-missing symbols; top 20:"
                % (sum(len(v) for v in syms.values()), len(syms)))
            for sname, ts in sorted(syms.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:20]:
                log("#   %4d  %s" % (len(ts), sname))
            miss = imported_missing(runnable, libdir)
            counts = {}
            for ss in miss.values():
                for s1 in ss:
                    counts[s1] = counts.get(s1, 0) + 1
            log("# statically: %d built tests import %d libgnutls symbols ours lacks; most imported:"
                % (len(miss), len(counts)))
            log("#   " + ", ".join("%s %d" % kv for kv in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:20]))
    nx = sum(1 for v in verdicts.values() if v[0] == "XFAIL")
    if unexpected:
        log("# UNEXPECTEDLY PASSING (%d): on expected-failures.txt but pass now; remove them "
            "(or run --update-expected): %s" % (len(unexpected), " ".join(unexpected)))
    log("# phases: " + ", ".join("%s %.1fs" % p for p in phases))
    log("# results: " + os.path.relpath(os.path.join(OUT, "results.tsv"), ROOT))

    if a.update_expected:
        if a.system_only:
            sys.exit("--update-expected needs a run on ours")
        new = dict(expected)
        added = removed = 0
        for n, (v, sc, oc, det) in verdicts.items():
            if v == "FAIL":
                new[n] = ("not-yet", "ours=%s: %s" % (oc, det))
                added += 1
            elif v == "PASS" and n in new:
                del new[n]
                removed += 1
        write_expected(new)
        log("# expected-failures.txt: %d entries (%d added, %d removed)" % (len(new), added, removed))

    if flaky:
        log("# FLAKY (%d): failed on ours, then passed alone: %s" % (len(flaky), " ".join(flaky)))
    npass = sum(1 for v in verdicts.values() if v[0] == "PASS")
    nfail = sum(1 for v in verdicts.values() if v[0] == "FAIL")
    nskip = sum(1 for v in verdicts.values() if v[0] == "SKIP")
    if nx:
        log("# %d expected failures (XFAIL) counted as skipped" % nx)
    log("%d passed, %d failed, %d skipped" % (npass, nfail, nskip + nx))
    return 1 if nfail and not a.update_expected else 0


def _on_signal(signum, frame):
    _stop.set()
    with _live_lock:
        for pg in list(_live):
            _killpg(pg)
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGINT, _on_signal)   # even when started with SIGINT ignored
    signal.signal(signal.SIGTERM, _on_signal)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        with _live_lock:
            for pg in list(_live):
                _killpg(pg)
        log("# interrupted")
        sys.exit(130)
