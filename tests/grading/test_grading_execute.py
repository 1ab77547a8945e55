"""Running one notebook under limits: a cell that ignores interrupts, the time for the
whole notebook, and a crash, each costing only the cells that depend on it."""

from __future__ import annotations

import asyncio

from nbformat.v4 import new_code_cell, new_notebook

from mcourse.grading.execute import Limits, run_notebook


def _run(cells, **limits):
    nb = new_notebook(cells=[new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    execution = asyncio.run(run_notebook(nb, Limits(startup_seconds=30, **limits),
                                         isolation="process"))
    texts = ["".join(o.get("text", "") for o in c.outputs) for c in nb.cells]
    return execution, texts


def test_cell_that_ignores_the_interrupt_is_killed_and_later_cells_run():
    stubborn = ("while True:\n    try:\n        while True:\n            pass\n"
                "    except KeyboardInterrupt:\n        pass")
    execution, texts = _run(["x = 41", stubborn, "print(x + 1)"], cell_seconds=1.5,
                            notebook_seconds=30)
    assert [(e.code, e.cell) for e in execution.events] == [("cell_timeout", 2)]
    assert texts[2] == "42\n"  # a new kernel replayed cell 1, then ran cell 3


def test_time_for_the_whole_notebook():
    cells = ["import time"] + ["time.sleep(0.8)\nprint('done')"] * 6
    execution, texts = _run(cells, cell_seconds=5, notebook_seconds=2.5)
    codes = [e.code for e in execution.events]
    assert "notebook_timeout" in codes
    assert texts.count("done\n") in (2, 3) and texts[-1] == ""


def test_segfault_restarts_the_kernel():
    crash = "import ctypes\nctypes.string_at(0)"
    execution, texts = _run(["y = 'kept'", crash, "print(y)"], cell_seconds=5,
                            notebook_seconds=30)
    event = execution.events[0]
    assert event.code == "kernel_died" and event.cell == 2
    assert event.values["status"] == "SIGSEGV"
    assert texts[2] == "kept\n"


def test_warm_kernel_runs_one_notebook_after_another(tmp_path):
    """The teacher's reference runs in one warm kernel per worker: the same kernel process
    serves each student, each starts from an empty namespace, answers are each student's."""
    from grading_helpers import truth, write_source

    from mcourse.grading.answers import read_answers
    from mcourse.grading.assignment import load_assignment
    from mcourse.grading.execute import WarmKernel
    from mcourse.grading.reference import reference_notebook

    source = load_assignment(write_source(tmp_path / "T1_x.ipynb"))

    def notebook(*cells):
        nb = new_notebook(cells=[new_code_cell(c) for c in cells])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        return nb

    async def go():
        kernel = WarmKernel(Limits(startup_seconds=30))
        pids, answers = [], {}
        try:
            for sid in ("w1", "w2", "w3"):
                params = {**source.parameters, "STUDENT_ID": sid, "LANG": "en"}
                execution = await kernel.execute(reference_notebook(source, params))
                assert execution.events == []
                pids.append(kernel.run.client.km.provisioner.process.pid)
                answers[sid] = read_answers(execution.nb)[0]
            await kernel.execute(notebook("leak = 41", "import os\nopen('left', 'w').close()"))
            after = await kernel.execute(notebook(
                "import os\nprint('leak' in globals(), os.path.exists('left'))"))
            pids.append(kernel.run.client.km.provisioner.process.pid)
        finally:
            await kernel.close()
        return pids, answers, after

    pids, answers, after = asyncio.run(go())
    assert len(set(pids)) == 1  # one kernel process for all of them
    for sid, values in answers.items():
        right = truth(sid)
        assert values["q1"] == right["q1"] and values["q3"] == right["q3"]
        assert abs(values["q2"] - right["q2"]) < 1e-12
    assert after.events == [] and after.nb.cells[0].outputs, (after.events, after.nb)
    assert after.nb.cells[0].outputs[0]["text"] == "False False\n"
