#!/usr/bin/env python3
"""Writes the third-party licence notice that goes into a release archive beside the binary.

Every crate compiled into `itsm-ai` for the target (normal dependencies, followed from the
package; not dev or build dependencies) is listed with its version, licence expression and
repository, then each licence or notice file the crate ships (LICENSE*, LICENCE*, COPYING*,
NOTICE*, UNLICENSE), identical texts printed once with the crates that share them. A crate that
ships no licence file is named as such: its licence expression is all the package holds.

    python3 scripts/third-party-licenses.py [TARGET] > THIRD-PARTY-LICENSES.txt

Needs only cargo (offline, from Cargo.lock) and the crates' sources in the cargo registry, which
any build has already downloaded. The output is the same for the same Cargo.lock.
"""

import json
import os
import subprocess
import sys

NOTICE_PREFIXES = ("license", "licence", "copying", "notice", "unlicense")


def metadata(target):
    command = ["cargo", "metadata", "--format-version", "1", "--locked", "--offline"]
    if target:
        command += ["--filter-platform", target]
    return json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)


def shipped(meta):
    """The packages of the normal dependency graph of the root, without the root."""
    nodes = {node["id"]: node for node in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    seen, stack = set(), [root]
    while stack:
        node = nodes[stack.pop()]
        for dep in node["deps"]:
            if any(k["kind"] is None for k in dep["dep_kinds"]) and dep["pkg"] not in seen:
                seen.add(dep["pkg"])
                stack.append(dep["pkg"])
    packages = {p["id"]: p for p in meta["packages"]}
    return sorted((packages[i] for i in seen), key=lambda p: (p["name"], p["version"]))


def notice_files(package):
    folder = os.path.dirname(package["manifest_path"])
    names = sorted(
        n for n in os.listdir(folder)
        if n.lower().startswith(NOTICE_PREFIXES) and os.path.isfile(os.path.join(folder, n))
    )
    if package.get("license_file"):
        extra = os.path.normpath(os.path.join(folder, package["license_file"]))
        if os.path.isfile(extra) and os.path.basename(extra) not in names:
            names.append(os.path.relpath(extra, folder))
    texts = []
    for name in names:
        with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
            texts.append((name, f.read().strip() + "\n"))
    return texts


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else None
    packages = shipped(metadata(target))
    out = sys.stdout
    out.write("Third-party software in itsm-ai\n")
    out.write("================================\n\n")
    out.write(
        "itsm-ai is MIT OR Apache-2.0. It is built with the %d crates below, each under its own\n"
        "licence; their licence and notice files follow the list.\n\n" % len(packages)
    )
    by_text = {}
    for p in packages:
        label = "%s %s" % (p["name"], p["version"])
        files = notice_files(p)
        where = p.get("repository") or "https://crates.io/crates/%s" % p["name"]
        note = "" if files else "  (ships no licence file)"
        out.write("- %s: %s, %s%s\n" % (label, p.get("license") or "no licence given", where, note))
        for name, text in files:
            by_text.setdefault(text, []).append("%s (%s)" % (label, name))
    for text, owners in sorted(by_text.items(), key=lambda item: item[1][0]):
        out.write("\n" + "-" * 78 + "\n")
        out.write("Used by: %s\n\n" % ", ".join(owners))
        out.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
