"""The models behind every lesson give the same results on any CPU, hash seed or thread count.

Each environment runs ``fingerprints.py`` in its own interpreter (numpy reads
``NPY_DISABLE_CPU_FEATURES`` and Python ``PYTHONHASHSEED`` only at start-up), all in
parallel, and every model's fingerprint must match the reference run. Switching
off SIMD levels this machine lacks is harmless, so the same environments run on
machines with and without AVX-512.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from numpy._core._multiarray_umath import __cpu_dispatch__

SCRIPT = Path(__file__).with_name("fingerprints.py")
# What the lessons compute with (fingerprints.MODELS): a model left out of it fails here.
LESSON_MODELS = {"timeline", "supply", "feed", "posts", "network", "funnel", "repurchase", "live", "promotions",
                 "scorecard", "diagnosis_and_plan", "datagen"}
# Inherited settings that would make the reference run something other than the default.
CLEARED = ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES", "OPENBLAS_CORETYPE", "OPENBLAS_NUM_THREADS",
           "OMP_NUM_THREADS", "PYTHONHASHSEED")


def simd_levels(dispatch) -> dict[str, list[str]]:
    """Values of NPY_DISABLE_CPU_FEATURES that switch off SIMD levels, named for what they remove.

    Built from the levels this numpy build dispatches to (numpy 2.x names them X86_V3,
    X86_V4, AVX512_ICL, ...; it rejects a name it does not dispatch to, such as AVX2).
    Each value also lists every higher level, since a higher level implies the lower.

    >>> simd_levels(["X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"])["no AVX2 or AVX-512"]
    ['X86_V3', 'X86_V4', 'AVX512_ICL', 'AVX512_SPR']
    >>> simd_levels(["ASIMDHP", "ASIMDDP"])
    {'baseline SIMD only': ['ASIMDHP', 'ASIMDDP']}
    """
    dispatch = list(dispatch)
    avx512 = [name for name in dispatch if name == "X86_V4" or name.startswith("AVX512")]
    levels = {}
    if avx512:
        levels["no AVX-512"] = avx512
    if "X86_V3" in dispatch:
        levels["no AVX2 or AVX-512"] = ["X86_V3"] + avx512
    elif dispatch:
        levels["baseline SIMD only"] = dispatch
    return levels


def environments(dispatch) -> dict[str, dict[str, str]]:
    """The environments compared with the reference run (the first one)."""
    envs = {"reference": {"PYTHONHASHSEED": "0"},
            "another hash seed, one BLAS thread": {"PYTHONHASHSEED": "1729", "OPENBLAS_NUM_THREADS": "1",
                                                   "OMP_NUM_THREADS": "1"}}
    for name, off in simd_levels(dispatch).items():
        env = {"PYTHONHASHSEED": "0", "NPY_DISABLE_CPU_FEATURES": " ".join(off)}
        if name == "no AVX2 or AVX-512":
            env["OPENBLAS_CORETYPE"] = "Sandybridge"  # OpenBLAS picks its kernels by CPU too: AVX, no AVX2
        envs[name] = env
    return envs


@pytest.fixture(scope="module")
def runs():
    base = {key: value for key, value in os.environ.items() if key not in CLEARED}
    procs = {name: subprocess.Popen([sys.executable, str(SCRIPT)], env={**base, **extra}, text=True,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for name, extra in environments(__cpu_dispatch__).items()}
    results = {}
    for name, proc in procs.items():
        out, err = proc.communicate()
        assert proc.returncode == 0, f"{name}: fingerprints.py failed:\n{err[-3000:]}"
        results[name] = json.loads(out)
    return results


def test_every_simd_level_and_hash_seed_is_tried(runs):
    assert len(runs) >= 3
    assert {run["hash_seed"] for run in runs.values()} == {"0", "1729"}
    if "X86_V3" in __cpu_dispatch__:
        assert {"no AVX-512", "no AVX2 or AVX-512"} <= set(runs)


def test_numpy_accepted_every_setting(runs):
    for name, run in runs.items():
        state = run["numpy"]
        assert state["warnings"] == [], f"{name}: numpy ignored part of NPY_DISABLE_CPU_FEATURES"
        assert state["still_on"] == [], f"{name}: {state['still_on']} still on"


def test_every_lesson_model_gives_identical_results_in_every_environment(runs):
    reference = runs["reference"]["models"]
    assert set(reference) == LESSON_MODELS
    differ = {name: sorted(model for model, value in run["models"].items() if value != reference[model])
              for name, run in runs.items()}
    assert all(not models for models in differ.values()), f"results differ from the reference run: {differ}"
