"""The layers run one way (docs/architecture.md): scripts/check-layers.py
passes on the tree and fails, naming file and line, on an include that points up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import SOURCE_DIR

SCRIPT = SOURCE_DIR / "scripts" / "check-layers.py"


def run(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True, timeout=60)


def test_the_tree_keeps_the_layer_order():
    r = run(SOURCE_DIR)
    assert r.returncode == 0, r.stderr
    assert " 0 include(s) against the layer order" in r.stdout
    checked = int(r.stdout.split()[1])
    assert checked > 100  # it really read the sources


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text)


def test_an_include_pointing_up_is_reported_with_file_and_line(tmp_path):
    write(tmp_path, "include/raices/scenario/ok.hpp", '#include "raices/core/calendar.hpp"\n')
    write(tmp_path, "sim/scenario/bad.cpp", '// reads the model\n#include "raices/io/csv.hpp"\n#include "raices/model/phases.hpp"\n')
    write(tmp_path, "analysis/report.cpp", '#include "raices/cli/commands.hpp"\n')
    r = run(tmp_path)
    assert r.returncode == 1
    assert "sim/scenario/bad.cpp:3: the scenario layer includes raices/model/" in r.stderr
    assert "analysis/report.cpp:1: the analysis layer includes raices/cli/" in r.stderr
    assert "2 include(s) against the layer order" in r.stdout


def test_a_folder_that_is_no_layer_is_reported(tmp_path):
    write(tmp_path, "sim/utils/helpers.cpp", '#include "raices/core/text.hpp"\n')
    r = run(tmp_path)
    assert r.returncode == 1
    assert "folder 'utils' is not a layer" in r.stderr
