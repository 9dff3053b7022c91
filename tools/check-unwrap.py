#!/usr/bin/env python3
"""Fails when non-test code under src/ calls .unwrap() or .expect( without saying why it
cannot fail: C input must never reach a panic (README, brief). A call is accepted when its
line, or the comment lines just above it, say "cannot fail".
    python3 tools/check-unwrap.py [SRC_DIR]"""
import os
import re
import sys


def sites(root):
    for dp, _, fs in os.walk(root):
        for f in sorted(fs):
            if not f.endswith(".rs"):
                continue
            path = os.path.join(dp, f)
            lines = open(path, encoding="utf-8").read().split("\n")
            end = len(lines)
            for i, l in enumerate(lines):
                # The unit tests: a #[cfg(test)] module, to the end of the file by convention.
                if l.strip().startswith("#[cfg(test)]") and i + 1 < len(lines) and \
                        re.match(r"\s*(pub(\(crate\))? )?mod \w+", lines[i + 1]):
                    end = i
                    break
            for i, l in enumerate(lines[:end]):
                code = l.split("//")[0]
                if not re.search(r"\.unwrap\(\)|\.expect\(", code):
                    continue
                j, said = i, "cannot fail" in l
                while not said and j > 0 and lines[j - 1].strip().startswith("//"):
                    j -= 1
                    said = "cannot fail" in lines[j]
                if not said:
                    yield "%s:%d: %s" % (path, i + 1, l.strip())


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")
    bad = list(sites(root))
    for b in bad:
        print(b)
    if bad:
        print("check-unwrap: %d unwrap/expect calls without a 'cannot fail' comment" % len(bad))
        return 1
    print("check-unwrap: no unexplained unwrap/expect outside tests")
    return 0


if __name__ == "__main__":
    sys.exit(main())
