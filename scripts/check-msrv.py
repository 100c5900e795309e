#!/usr/bin/env python3
"""The workspace's `rust-version` must be true: no locked dependency may need a newer Rust.

Only one toolchain can be installed here, so the MSRV is checked in two parts: this script
compares every locked package's declared `rust-version` with the workspace's, and clippy's
`incompatible_msrv` lint (on by default, `-D warnings` in CI) rejects standard-library APIs
newer than the workspace's `rust-version` in our own code.
"""
import json, subprocess, sys

meta = json.loads(subprocess.check_output(["cargo", "metadata", "--format-version", "1", "--locked"]))
members = set(meta["workspace_members"])
def version(v):
    return tuple(int(x) for x in v.split(".")[:3])
ours = {p["rust_version"] for p in meta["packages"] if p["id"] in members}
if len(ours) != 1 or None in ours:
    sys.exit(f"every workspace crate must inherit one rust-version, found {sorted(map(str, ours))}")
msrv = ours.pop()
newer = sorted(
    (p["name"], p["version"], p["rust_version"])
    for p in meta["packages"]
    if p["id"] not in members and p.get("rust_version") and version(p["rust_version"]) > version(msrv)
)
if newer:
    for n, v, rv in newer:
        print(f"{n} {v} needs Rust {rv}, the workspace declares {msrv}", file=sys.stderr)
    sys.exit(1)
print(f"rust-version {msrv}: every locked dependency builds with it")
