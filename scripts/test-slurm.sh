#!/usr/bin/env bash
# Runs the Slurm templates (scripts/slurm/) on a real Slurm: installs Debian's
# slurm-wlm and munge if missing, brings up munged, slurmctld and slurmd on
# localhost with their configuration, state and logs in a temporary
# directory, submits both templates on a tiny ensemble and checks the job
# states (scontrol: accounting is off), that the outputs equal a serial
# `raices batch` bit for bit (creation time aside), that the array's final
# step names runs left out of an array with gaps, that a plain srun (no PMIx)
# is refused, and that a cancelled job finishes when resubmitted. Stops the
# daemons it started, by PID, on every way out. docs/cluster.md, section 4.
#
#   scripts/test-slurm.sh        (as root, after scripts/build.sh; RAICES_BINARY=... for another binary)
#
# Ends with "N passed, N failed"; exits 1 if a check failed or Slurm could not
# be brought up. RAICES_SLURM_KEEP=1 keeps the temporary directory (logs, job
# outputs) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
raices=$(realpath -m "${RAICES_BINARY:-build/raices}")
PYTHON=/usr/bin/python3  # Debian's: it has h5py
WAIT_JOB=120             # seconds a job may take from submission to its end
passed=0
failed=0
summary_printed=""

say() { echo "test-slurm: $*"; }
die() { echo "test-slurm: error: $*" >&2; exit 1; }
check() {  # DESCRIPTION COMMAND...: one test
  local what=$1
  shift
  if "$@"; then
    passed=$((passed + 1)); say "PASS $what"
  else
    failed=$((failed + 1)); say "FAIL $what"
  fi
}

# --- packages -------------------------------------------------------------
policy_added=""
install_packages() {
  local missing=() p
  for p in slurm-wlm munge libpmix2; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return
  # Their maintainer scripts would start the system's munge and Slurm
  # daemons, which this script would then leave running: policy-rc.d's 101
  # forbids that (Debian's invoke-rc.d policy layer).
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=/usr/sbin/policy-rc.d
  fi
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$policy_added" ]; then rm -f "$policy_added"; policy_added=""; fi
}

# --- daemons --------------------------------------------------------------
# Variables of an enclosing Slurm job would steer sbatch and srun.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SRUN|SALLOC|SQUEUE)_' || true)
work=""
daemon_pids=()                               # started by this script, in start order

stop_pid() {  # PID: TERM, up to 10 s, then KILL
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$pid" 2>/dev/null && { say "PID $pid ignored SIGTERM: SIGKILL"; kill -KILL "$pid" 2>/dev/null || true; }
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? i pid
  trap - EXIT INT TERM
  if [ -n "$policy_added" ]; then rm -f "$policy_added"; fi
  if [ ${#daemon_pids[@]} -gt 0 ] && [ -n "${SLURM_CONF:-}" ]; then
    # Jobs first, so that no slurmstepd outlives its slurmd.
    local jobs
    jobs=$(timeout 10 squeue -h -o %A 2>/dev/null | sort -u | tr '\n' ' ')
    # shellcheck disable=SC2086  # one word per job id
    [ -z "$jobs" ] || timeout 10 scancel --full --quiet $jobs 2>/dev/null || true
    for i in $(seq 50); do [ -z "$(timeout 10 squeue -h 2>/dev/null)" ] && break; sleep 0.2; done
  fi
  for (( i = ${#daemon_pids[@]} - 1; i >= 0; i-- )); do stop_pid "${daemon_pids[i]}"; done
  # A job step of this cluster holds its slurmd.log open.
  for pid in $(pgrep -x slurmstepd || true); do
    if [ -n "$work" ] && find "/proc/$pid/fd" -lname "$work/*" 2>/dev/null | grep -q .; then
      say "slurmstepd $pid left over: stopping it"; stop_pid "$pid"
    fi
  done
  if [ -n "$work" ]; then
    if [ "$status" -ne 0 ]; then
      for f in "$work"/log/*; do [ -s "$f" ] && { echo "--- tail of $f"; tail -n 15 "$f"; }; done
    fi
    if [ "${RAICES_SLURM_KEEP:-0}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
  fi
  # Stopped short (an error, a signal): the checks not run count as one failure.
  [ -n "$summary_printed" ] || echo "$passed passed, $((failed + 1)) failed"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

[ "$(id -u)" -eq 0 ] || die "run as root: it installs packages and runs the Slurm daemons as SlurmUser=root"
[ -x "$raices" ] || die "no binary $raices: run scripts/build.sh first"
ldd "$raices" | grep -q libmpi || die "$raices was built without MPI (install libopenmpi-dev and rebuild)"

until_true() {  # SECONDS COMMAND...: polls every 0.2 s; false on timeout
  local deadline=$(( $(date +%s) + $1 ))
  shift
  until "$@"; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

free_port() {  # the first of ports P, P+1 with nothing listening on either
  local p
  for p in 16817 26817 36817 46817; do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && ! (exec 3<>"/dev/tcp/127.0.0.1/$((p + 1))") 2>/dev/null; then
      echo "$p"; return 0
    fi
  done
  return 1
}

start_munge() {
  # munged wants its key private and every directory above its socket
  # executable by all (clients connect as other users on a real cluster).
  mkdir -m 0711 "$work/munge"
  mkdir -m 0700 "$work/munge-key"
  dd if=/dev/urandom of="$work/munge-key/munge.key" bs=1024 count=1 status=none
  chmod 0400 "$work/munge-key/munge.key"
  munged --foreground --socket="$work/munge/munge.socket" --key-file="$work/munge-key/munge.key" \
    --pid-file="$work/munge/munged.pid" --seed-file="$work/munge-key/munged.seed" \
    --log-file="$work/log/munged.log" > "$work/log/munged.out" 2>&1 &
  daemon_pids+=($!)
  until_true 10 test -S "$work/munge/munge.socket" || die "munged did not start"
}

write_slurm_conf() {
  local port cpus mem
  port=$(free_port) || die "no free pair of ports for slurmctld and slurmd"
  cpus=$(nproc); [ "$cpus" -ge 2 ] || cpus=2  # the templates' defaults ask for 2 CPUs
  mem=$(( $(awk '/^MemTotal:/ {print $2}' /proc/meminfo) * 9 / 10240 ))
  mkdir -p "$work/etc" "$work/state" "$work/spool" "$work/tmpfs"
  cat > "$work/etc/slurm.conf" <<EOF
# A single-node test cluster on localhost (scripts/test-slurm.sh).
ClusterName=raices-test
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$work/munge/munge.socket
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
TmpFS=$work/tmpfs
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
# none, as on many sites: the MPI template must ask for PMIx itself.
MpiDefault=none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
ReturnToService=2
MinJobAge=600
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=test Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
  export SLURM_CONF=$work/etc/slurm.conf
}

slurm_ready() {
  timeout 5 scontrol ping 2>/dev/null | grep -q "is UP" && timeout 5 sinfo -h -o %t 2>/dev/null | grep -qx idle
}

start_slurm() {
  slurm_started=$(date +%s.%N)
  slurmctld -D -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
  daemon_pids+=($!)
  slurmd -D -f "$SLURM_CONF" -N localhost > "$work/log/slurmd.out" 2>&1 &
  daemon_pids+=($!)
  until_true 30 slurm_ready || die "Slurm did not come up"
  slurm_started=$(awk -v a="$slurm_started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
}

# --- jobs -----------------------------------------------------------------
# One line per job or array task: ID STATE RUNTIME EXITCODE.
job_lines() {
  timeout 10 scontrol -o show job "$1" 2>/dev/null | awk '{
    id = ""; aj = ""; task = ""; state = ""; rt = ""; ec = ""
    for (i = 1; i <= NF; i++) {
      k = $i; sub(/=.*/, "", k); v = substr($i, length(k) + 2)
      if (k == "JobId") id = v; else if (k == "ArrayJobId") aj = v; else if (k == "ArrayTaskId") task = v
      else if (k == "JobState") state = v; else if (k == "RunTime") rt = v; else if (k == "ExitCode") ec = v
    }
    print (task != "" ? aj "_" task : id), state, rt, ec
  }'
}

daemons_alive() {
  local pid
  for pid in "${daemon_pids[@]}"; do kill -0 "$pid" 2>/dev/null || return 1; done
}

job_over() {
  daemons_alive || return 0  # no use waiting: wait_job says so
  local lines
  lines=$(job_lines "$1")
  [ -n "$lines" ] && awk '$2 !~ /^(COMPLETED|FAILED|CANCELLED|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY|PREEMPTED|BOOT_FAIL|DEADLINE)$/ {exit 1}' <<< "$lines"
}

submitted_at=()
job=""
submit() {  # LABEL SBATCH-ARGS...: sets job to the job id
  local label=$1
  shift
  job=$(sbatch --parsable --chdir="$work" --output="$work/jobs/$label-%j.out" "$@") || die "sbatch $label failed"
  job=${job%%;*}
  submitted_at[job]=$(date +%s.%N)
}

# Waits for the job (every task of an array) to end, logs id, state, run
# time and exit code of each, and the seconds from submission to the end.
wait_job() {  # LABEL ID
  local label=$1 id=$2 ok=0
  until_true "$WAIT_JOB" job_over "$id" || ok=1
  daemons_alive || die "a Slurm or munge daemon died"
  local took
  took=$(awk -v a="${submitted_at[$id]}" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
  say "job $label $id: $(job_lines "$id" | awk '{printf "%s%s %s (run %s, exit %s)", sep, $1, $2, $3, $4; sep = "; "}')," \
      "${took} s from submission"
  [ "$ok" -eq 0 ] || { say "job $id did not end within $WAIT_JOB s"; scancel "$id" 2>/dev/null || true; }
}

all_states() {  # ID STATE: every job line is in STATE
  local lines
  lines=$(job_lines "$1")
  [ -n "$lines" ] && awk -v s="$2" '$2 != s {exit 1}' <<< "$lines"
}

job_output() {  # LABEL ID: the job's (or array's) output files, concatenated
  cat "$work/jobs/$1-$2.out" 2>/dev/null || true
}

# The batch directory holds every run, each done and with the manifest's
# checksum, each bit-identical to the serial batch's file (creation time aside).
same_as_serial() {  # DIR SERIAL-DIR
  "$PYTHON" - "$1" "$2" "$root/tests/python" <<'EOF'
import csv, hashlib, sys
from pathlib import Path
batch, serial = Path(sys.argv[1]), Path(sys.argv[2])
sys.path.insert(0, sys.argv[3])
from test_determinism import differences
def rows(d):
    with open(d / "manifest.csv", newline="") as f:
        return list(csv.DictReader(f))
got, want = rows(batch), rows(serial)
problems = []
if [r["id"] for r in got] != [r["id"] for r in want]:
    problems.append(f"runs {[r['id'] for r in got]} != {[r['id'] for r in want]}")
for r in got:
    out = batch / r["output"]
    if r["status"] != "done":
        problems.append(f"{r['id']}: {r['status']}")
    elif hashlib.sha256(out.read_bytes()).hexdigest() != r["sha256"]:
        problems.append(f"{r['id']}: checksum differs from the manifest's")
    else:
        problems += [f"{r['id']}: {d}" for d in differences(serial / r["output"], out)]
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
EOF
}

manifest_has_done() { [ -f "$1/manifest.csv" ] && awk -F, 'NR > 1 && $8 == "done" {f = 1} END {exit !f}' "$1/manifest.csv"; }
has_pending() { awk -F, 'NR > 1 && $8 == "pending" {f = 1} END {exit !f}' "$1/manifest.csv"; }
output_has() { grep -q -- "$2" <<< "$1"; }

# --- the test -------------------------------------------------------------
started=$(date +%s)
install_packages
work=$(mktemp -d "${TMPDIR:-/tmp}/raices-slurm.XXXXXX")
chmod 0711 "$work"
mkdir -p "$work/log" "$work/jobs"
start_munge
write_slurm_conf
start_slurm
say "Slurm $(sinfo -V | awk '{print $2}') up on localhost in $slurm_started s: $(sinfo -h -o '%c CPUs, %m MB')," \
    "daemons ${daemon_pids[*]} (munged slurmctld slurmd), in $work"
export RAICES=$raices
array_sbatch=$root/scripts/slurm/raices-array.sbatch
mpi_sbatch=$root/scripts/slurm/raices-batch.sbatch

# 2 scenarios x 2 replicates, 2019-2020 at scale 0.002 (about a second a run);
# the cancel test's runs are longer so that the job can be caught mid-batch.
cat > "$work/ensemble.yaml" <<EOF
description: Slurm test, baseline and pillar IV, 2 replicates, scale 0.002, 2019-2020
replicates: {count: 2, base_seed: 11}
scenarios:
  - path: $root/tests/data/scenarios/tiny.yaml
  - path: $root/scenarios/pillar4-security.yaml
    set: {scale: 0.002, period.start: 2019-01, period.end: 2020-12}
EOF
cat > "$work/cancel.yaml" <<EOF
description: Slurm cancel test, 4 replicates, scale 0.02, 2019-2020
replicates: {count: 4, base_seed: 21}
scenarios:
  - path: $root/tests/data/scenarios/tiny.yaml
    set: {scale: 0.02}
EOF
# A Morris design (2 trajectories x 3 points x 2 seeds, and the baselines) for
# the MPI template: `raices sensitivity` spreads its runs over the ranks.
cat > "$work/sensitivity.yaml" <<EOF
method: morris
scenario: $root/tests/data/compare/tiny-intervention.yaml
baseline: $root/tests/data/scenarios/tiny.yaml
seeds: [3, 4]
sample_size: 2
levels: 4
seed: 5
bootstrap: 20
parameters:
  parameters.aspiration.prevalence: {min: 1.5, max: 2.5}
  interventions.violence-prevention.effects.extortion: {min: -0.9, max: -0.1}
outputs:
  averted: {series: departures, years: [2019, 2020], averted: true}
EOF
t=$(date +%s.%N)
"$raices" sensitivity "$work/sensitivity.yaml" -o "$work/serial-sensitivity" --threads 1 -q
"$raices" batch "$work/ensemble.yaml" -o "$work/serial" --threads 1 -q > /dev/null
"$raices" batch "$work/cancel.yaml" -o "$work/serial-cancel" --threads 1 -q > /dev/null
say "serial batches done in $(awk -v a="$t" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}') s"

# Everything the node can queue at once, submitted with the templates' own
# sizes (2 CPUs for the MPI job, 1 per array task).
submit array --array=0-1 "$array_sbatch" "$work/ensemble.yaml" "$work/array"; array=$job
submit merge --dependency=afterany:"$array" "$array_sbatch" "$work/ensemble.yaml" "$work/array"; merge=$job
submit mpi "$mpi_sbatch" "$work/ensemble.yaml" "$work/mpi"; mpi=$job
RAICES_LAUNCHER=srun submit plain-srun "$mpi_sbatch" "$work/ensemble.yaml" "$work/plain-srun"; plain=$job
submit gaps --array=0,2 "$array_sbatch" "$work/ensemble.yaml" "$work/gaps"; gaps=$job
submit gaps-merge --dependency=afterany:"$gaps" "$array_sbatch" "$work/ensemble.yaml" "$work/gaps"; gaps_merge=$job
submit sensitivity "$root/scripts/slurm/raices-mpi.sbatch" sensitivity "$work/sensitivity.yaml" -o "$work/sensitivity" -q
sensitivity=$job
for j in array:$array merge:$merge mpi:$mpi plain-srun:$plain gaps:$gaps gaps-merge:$gaps_merge sensitivity:$sensitivity; do
  wait_job "${j%%:*}" "${j#*:}"
done

check "array template: both tasks COMPLETED" all_states "$array" COMPLETED
check "array template: final merge COMPLETED" all_states "$merge" COMPLETED
check "array template: outputs identical to the serial batch" same_as_serial "$work/array" "$work/serial"
check "MPI template: COMPLETED" all_states "$mpi" COMPLETED
mpi_out=$(job_output mpi "$mpi")
check "MPI template: srun --mpi=pmix gave one job of 2 ranks" output_has "$mpi_out" "on 2 ranks"
check "MPI template: rank 1 did runs" output_has "$mpi_out" "(rank 1)"
check "MPI template: outputs identical to the serial batch" same_as_serial "$work/mpi" "$work/serial"
check "plain srun (MpiDefault=none): FAILED" all_states "$plain" FAILED
check "plain srun: the message names --mpi=pmix" output_has "$(job_output plain-srun "$plain")" "srun --mpi=pmix"
check "plain srun: no run started" test ! -e "$work/plain-srun/manifest.csv"
check "MPI template, sensitivity: COMPLETED" all_states "$sensitivity" COMPLETED
check "MPI template, sensitivity: 2 ranks" output_has "$(job_output sensitivity "$sensitivity")" "2 ranks x 1 threads"
for f in design.csv runs.csv indices.csv; do
  check "MPI template, sensitivity: $f identical to the serial analysis" \
    cmp -s "$work/sensitivity/$f" "$work/serial-sensitivity/$f"
done
check "array with gaps (0,2 of 0-2): tasks COMPLETED" all_states "$gaps" COMPLETED
check "array with gaps: each task warns of the missing index" \
  output_has "$(cat "$work"/jobs/gaps-*.out)" "warning: the array has 2 of the 3 indices 0-2"
check "array with gaps: final merge FAILED" all_states "$gaps_merge" FAILED
check "array with gaps: final merge names the run left out" \
  output_has "$(job_output gaps-merge "$gaps_merge")" "1 run not done: tiny/seed-12 (run 1, pending)"

# Redo the missing index alone, with the array's task count.
RAICES_TASK_COUNT=3 submit gaps-redo --array=1 "$array_sbatch" "$work/ensemble.yaml" "$work/gaps"; gaps_redo=$job
submit gaps-merge2 --dependency=afterany:"$gaps_redo" "$array_sbatch" "$work/ensemble.yaml" "$work/gaps"; gaps_merge2=$job
wait_job gaps-redo "$gaps_redo"
wait_job gaps-merge2 "$gaps_merge2"
check "array with gaps: index 1 resubmitted, COMPLETED" all_states "$gaps_redo" COMPLETED
check "array with gaps: final merge now COMPLETED" all_states "$gaps_merge2" COMPLETED
check "array with gaps: outputs identical to the serial batch" same_as_serial "$work/gaps" "$work/serial"

# Cancel the MPI job once a run is done, resubmit: the batch finishes,
# keeping what the first job did.
submit cancel "$mpi_sbatch" "$work/cancel.yaml" "$work/cancel"; cancelled=$job
if until_true "$WAIT_JOB" manifest_has_done "$work/cancel"; then scancel "$cancelled"; fi
wait_job cancel "$cancelled"
say "cancelled with $(awk -F, 'NR > 1 && $8 == "done"' "$work/cancel/manifest.csv" | wc -l) of 4 runs done"
check "cancel: the job is CANCELLED" all_states "$cancelled" CANCELLED
check "cancel: runs left pending" has_pending "$work/cancel"
submit resubmit "$mpi_sbatch" "$work/cancel.yaml" "$work/cancel"; resumed=$job
wait_job resubmit "$resumed"
say "resubmitted: $(job_output resubmit "$resumed" | grep '^batch ' || true)"
check "cancel: the resubmitted job COMPLETED" all_states "$resumed" COMPLETED
check "cancel: the resubmitted job kept the first job's runs" \
  output_has "$(job_output resubmit "$resumed")" "4 done ([1-9] kept from before)"
check "cancel: outputs identical to the serial batch" same_as_serial "$work/cancel" "$work/serial-cancel"

say "took $(( $(date +%s) - started )) s"
echo "$passed passed, $failed failed"
summary_printed=yes
[ "$failed" -eq 0 ]
