#!/usr/bin/env python3
"""Validate tauri.conf.json and src-tauri/capabilities/*.json against Tauri's
JSON schemas, with the PyPI package `jsonschema` (see docs/mobile.md).

- tauri.conf.json: the config schema shipped in the pinned Tauri CLI
  (target/tools/tauri-cli/node_modules/@tauri-apps/cli/config.schema.json,
  installed by `cargo xtask bundle`; the same file as tauri-cli's
  config.schema.json crate file).
- capabilities that apply on this desktop: src-tauri/gen/schemas/desktop-schema.json
  (written by tauri-build, with the permissions of the plugins compiled in).
- capabilities for phones only (platforms without linux): their structure
  against the same schema, and each plugin permission against the plugin's own
  permission files in the cargo registry (the mobile schema exists only after
  a mobile build).

Exits 1 on the first problem. Usage: python3 xtask/mobile/check_config.py
"""
import glob
import json
import os
import sys

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLI_SCHEMA = os.path.join(
    ROOT, "target/tools/tauri-cli/node_modules/@tauri-apps/cli/config.schema.json")
CAP_SCHEMA = os.path.join(ROOT, "src-tauri/gen/schemas/desktop-schema.json")
# The plugin crate (pinned major 2) that defines each permission prefix.
PLUGIN_CRATES = {
    "geolocation": "tauri-plugin-geolocation-2.",
    "deep-link": "tauri-plugin-deep-link-2.",
    "sharekit": "tauri-plugin-sharekit-0.3.",
    "opener": "tauri-plugin-opener-2.",
    "dialog": "tauri-plugin-dialog-2.",
}


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def validate(instance, schema, what):
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(instance),
                    key=lambda e: list(e.path))
    for e in errors:
        print(f"{what}: {'/'.join(map(str, e.path))}: {e.message[:300]}")
    if errors:
        sys.exit(1)
    print(f"ok: {what}")


def plugin_permissions(prefix):
    """allow-/deny- ids and sets of the newest 2.x crate in the registry."""
    home = os.environ.get("CARGO_HOME", os.path.expanduser("~/.cargo"))
    crates = sorted(glob.glob(os.path.join(home, "registry/src/*", PLUGIN_CRATES[prefix] + "*")))
    if not crates:
        return None, None
    crate = crates[-1]
    ids = {"default"}
    for toml in glob.glob(os.path.join(crate, "permissions/**/*.toml"), recursive=True):
        with open(toml, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line.startswith("identifier ="):
                    ids.add(line.split("=", 1)[1].strip().strip('"'))
                elif line.startswith("[") and not line.startswith("[["):
                    ids.add(line.strip("[]"))
    return os.path.basename(crate), ids


def check_phone_capability(path, cap, schema):
    loose = json.loads(json.dumps(schema))
    loose["definitions"]["PermissionEntry"] = {"type": ["string", "object"]}
    validate(cap, loose, f"{os.path.relpath(path, ROOT)} (structure)")
    for perm in cap.get("permissions", []):
        ident = perm if isinstance(perm, str) else perm.get("identifier", "")
        prefix, _, name = ident.partition(":")
        if not name:
            continue  # Lotse's own commands, checked by the desktop build
        crate, ids = plugin_permissions(prefix)
        if ids is None:
            print(f"{path}: no {prefix} plugin crate in the cargo registry to check {ident}")
            sys.exit(1)
        if name not in ids:
            print(f"{path}: {crate} has no permission {name}")
            sys.exit(1)
        print(f"ok: {ident} exists in {crate}")


def main():
    validate(load(os.path.join(ROOT, "tauri.conf.json")), load(CLI_SCHEMA),
             "tauri.conf.json against the Tauri CLI's config.schema.json")
    schema = load(CAP_SCHEMA)
    for path in sorted(glob.glob(os.path.join(ROOT, "src-tauri/capabilities/*.json"))):
        cap = load(path)
        platforms = cap.get("platforms")
        if platforms is None or "linux" in platforms:
            validate(cap, schema, f"{os.path.relpath(path, ROOT)} against desktop-schema.json")
        else:
            check_phone_capability(path, cap, schema)


if __name__ == "__main__":
    main()
