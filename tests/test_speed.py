"""utils.speed: the per-chapter speed table's specs, timer and writer (the measurement itself: python3 tasks.py speed)."""
import keras
import pytest

from utils import backends, speed


def test_every_spec_builds_with_its_loss_and_data():
    assert len({s.chapter for s in speed.SPECS}) == len(speed.SPECS)
    for spec in speed.SPECS:
        namespace = {"keras": keras}
        exec(spec.build, namespace)
        model = namespace["build"]()
        n_inputs = len(model.inputs)
        assert n_inputs == len(spec.inputs), spec.chapter
        assert "LOSS" in namespace and spec.batch > 0 and spec.steps_per_epoch > 0, spec.chapter


def test_timer_runs_a_spec_here_and_write_renders_a_table(tmp_path):
    here = backends.InProcess()
    here.run(speed._TIMER)
    spec = next(s for s in speed.SPECS if s.chapter == "01")
    out = here.run(f"RESULT.update(time_spec({spec.build!r}, {list(spec.inputs)!r}, {spec.target!r}, 8, 1e-3, False))")
    assert out["ms_per_step"] > 0 and len(out["epoch_s"]) == speed.TIMED_EPOCHS
    rows = [{"chapter": "01", "model": spec.name, "option": o, "ms_per_step": ms, "s_per_epoch": ms * 25 / 1000,
             "first_fit_s": 1.0, "batch": 32, "steps_per_epoch": 25, "vs_fastest": ms / 2.0}
            for o, ms in (("tensorflow", 4.0), ("jax", 2.0))]
    speed.write(rows, [spec], csv_path=tmp_path / "s.csv", md_path=tmp_path / "s.md")
    text = (tmp_path / "s.md").read_text()
    assert "| 01 | SimpleRNN(50) | 32 × 25 | 0.1 (2.0×) | 0.05 (1.0×) |" in text
    assert (tmp_path / "s.csv").read_text().splitlines()[0].startswith("chapter,model,option,ms_per_step")


def test_measure_checks_its_arguments():
    with pytest.raises(TypeError, match="specs"):
        speed.measure(["01"])
