"""A multi-task srun step whose tasks are not one MPI job (plain srun under
MpiDefault=none) is refused before any work (docs/cluster.md section 4).

srun marks each task of a step with SLURM_STEP_NUM_TASKS; here the variable
is set by hand, so no Slurm is needed. scripts/test-slurm.sh checks the same
on a real Slurm.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

MPIRUN = shutil.which("mpirun")
LAUNCHER_VARIABLES = ("OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK", "PMI_SIZE", "RAICES_MPI",
                      "SLURM_STEP_NUM_TASKS")


def environment(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in LAUNCHER_VARIABLES}
    env.update(extra)
    return env


def check(raices_binary, tiny_scenario, env, launcher=()) -> subprocess.CompletedProcess:
    return subprocess.run([*launcher, str(raices_binary), "check", str(tiny_scenario)], env=env,
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def test_task_of_a_split_srun_step_is_refused(raices_binary, tiny_scenario):
    proc = check(raices_binary, tiny_scenario, environment(SLURM_STEP_NUM_TASKS="2"))
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: srun started 2 tasks"), proc.stderr
    assert "srun --mpi=pmix" in lines[0]
    assert proc.stdout == ""


@pytest.mark.parametrize("extra", [{"SLURM_STEP_NUM_TASKS": "1"}, {"SLURM_STEP_NUM_TASKS": "2", "RAICES_MPI": "0"}, {}],
                         ids=["one-task-step", "RAICES_MPI=0", "no-slurm"])
def test_other_launches_run(raices_binary, tiny_scenario, extra):
    proc = check(raices_binary, tiny_scenario, environment(**extra))
    assert proc.returncode == 0, proc.stderr


@pytest.mark.skipif(MPIRUN is None, reason="mpirun is not installed")
def test_mpirun_inside_a_multi_task_step_runs(raices_binary, tiny_scenario):
    """mpirun's ranks inherit the step's variables; their world is what mpirun asked for."""
    proc = check(raices_binary, tiny_scenario, environment(SLURM_STEP_NUM_TASKS="2"),
                 launcher=(MPIRUN, "-np", "2", "--oversubscribe", "--allow-run-as-root"))
    assert proc.returncode == 0, proc.stderr
