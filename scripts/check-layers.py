#!/usr/bin/env python3
"""Fails when a source file includes a header of a higher layer.

The layers run one way (docs/architecture.md):
    core <- io <- scenario <- model <- output <- batch <- analysis <- cli
A file may include headers of its own layer and of the layers to its left.
A file's layer is the folder it lives in (include/raices/<layer>/, sim/<layer>/,
analysis/ for the analysis layer, sim/cli/ for the command line); tests and
benchmarks sit above everything and are not checked.

Usage: scripts/check-layers.py [ROOT]   (exit 0 clean, 1 violations)
"""
import pathlib
import re
import sys

LAYERS = ["core", "io", "scenario", "model", "output", "batch", "analysis", "cli"]
RANK = {name: i for i, name in enumerate(LAYERS)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"raices/([a-z_]+)/[^"]+"')


def layer_of(path: pathlib.Path, root: pathlib.Path):
    parts = path.relative_to(root).parts
    if parts[:2] == ("include", "raices") and len(parts) > 3:
        return parts[2]
    if parts[0] == "sim" and len(parts) > 2:
        return parts[1]
    if parts[0] == "analysis":
        return "analysis"
    return None


def main() -> int:
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parent.parent)
    sources = [p for d in ("include", "sim", "analysis") for p in (root / d).rglob("*")
               if p.suffix in (".hpp", ".cpp", ".h")]
    bad, checked = [], 0
    for path in sorted(sources):
        layer = layer_of(path, root)
        if layer is None:
            continue
        if layer not in RANK:
            bad.append(f"{path.relative_to(root)}: folder '{layer}' is not a layer ({', '.join(LAYERS)})")
            continue
        checked += 1
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if m and m.group(1) in RANK and RANK[m.group(1)] > RANK[layer]:
                bad.append(f"{path.relative_to(root)}:{number}: the {layer} layer includes raices/{m.group(1)}/ "
                           f"(a layer above it: {' <- '.join(LAYERS)})")
    for b in bad:
        print(b, file=sys.stderr)
    print(f"check-layers: {checked} files, {len(bad)} include(s) against the layer order")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
