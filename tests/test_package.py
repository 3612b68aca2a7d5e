from __future__ import annotations

import subprocess
import sys

import pytest

import labourbrand
from labourbrand import exceptions


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return set(out.split())


HEAVY = {
    "numpy",
    "pandas",
    "hypothesis",
    "cattrs",
    "pluggy",
    "matplotlib",
    "dask",
    "tqdm",
    "starlette",
    "uvicorn",
    "jsonschema",
}


def test_import_is_light() -> None:
    """`import labourbrand` loads none of cattrs, pluggy, numpy, pandas, hypothesis."""
    assert not _modules_after("import labourbrand") & HEAVY


def test_domain_use_stays_light() -> None:
    """Regions, brands and the lifecycle work without the heavy libraries."""
    code = (
        "import labourbrand as lb\n"
        "lb.regions.shaanxi()['610924']\n"
        "lb.brands.packaged()\n"
        "lb.lifecycle.to_mermaid()"
    )
    assert not _modules_after(code) & HEAVY


def test_serialization_loads_cattrs_on_first_use() -> None:
    """Using serialization is what loads cattrs."""
    loaded = _modules_after(
        "import labourbrand as lb\nlb.serialization.to_json(lb.Fen(1))"
    )
    assert "cattrs" in loaded
    assert "hypothesis" not in loaded


def test_policy_loads_pluggy_on_first_use() -> None:
    """Building a Policy is what loads pluggy; hypothesis and numpy stay out."""
    loaded = _modules_after(
        "import labourbrand as lb\nlb.Policy.shaanxi(entry_points=False)"
    )
    assert "pluggy" in loaded
    assert not loaded & {"hypothesis", "numpy", "pandas"}


def test_the_command_and_schemas_leave_the_service_unloaded() -> None:
    """The command's parser and the JSON Schemas load neither Starlette nor uvicorn: the service is loaded by serve."""
    loaded = _modules_after(
        "import labourbrand.cli, labourbrand.schema as s\n"
        "labourbrand.cli._parser()\n"
        "s.schema('Decision')"
    )
    assert not loaded & {"starlette", "uvicorn", "jsonschema", "numpy"}
    assert "starlette" in _modules_after("import labourbrand.service")


def test_batch_path_loads_numpy_on_first_use() -> None:
    """The policy package loads numpy only when the batch path is used."""
    assert "numpy" not in _modules_after("import labourbrand.policy")
    assert "numpy" in _modules_after("import labourbrand.policy as p\np.BatchResult")


def test_all_is_sorted_and_resolvable() -> None:
    """Every public name resolves and __all__ is sorted."""
    from labourbrand import plugins, policy

    for module in (labourbrand, exceptions, policy, plugins):
        # Sorted as ruff's RUF022 sorts: CONSTANTS, then Classes, then functions.
        def kind(name: str) -> tuple[int, str]:
            return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)

        assert module.__all__ == sorted(module.__all__, key=kind)
        for name in module.__all__:
            assert getattr(module, name) is not None


def test_version_and_dir() -> None:
    """__version__ comes from the installed metadata; dir lists the submodules."""
    assert isinstance(labourbrand.__version__, str)
    assert {"lifecycle", "regions", "serialization"} <= set(dir(labourbrand))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        labourbrand.nope  # noqa: B018
    from labourbrand import policy

    with pytest.raises(
        AttributeError, match=r"'labourbrand\.policy' has no attribute 'nope'"
    ):
        policy.nope  # noqa: B018


def test_every_error_is_a_labourbrand_error() -> None:
    """The whole hierarchy roots at LabourBrandError; builtin mixins are kept."""
    errors = [getattr(exceptions, n) for n in exceptions.__all__ if n.endswith("Error")]
    assert all(issubclass(e, exceptions.LabourBrandError) for e in errors)
    assert issubclass(exceptions.InvalidArgumentError, ValueError)
    assert issubclass(exceptions.UnknownRegionError, LookupError)
    assert issubclass(exceptions.LabourBrandDeprecationWarning, FutureWarning)


def test_structured_errors() -> None:
    """Errors carry their facts as attributes and build their own message."""
    import pendulum

    err = exceptions.NotInForceError(
        "threshold", on=pendulum.Date(2022, 1, 1), first_day=pendulum.Date(2022, 4, 29)
    )
    assert err.first_day == pendulum.Date(2022, 4, 29)
    assert "not in force before then" in str(err)
    perr = exceptions.PluginResultError(
        "negative amount", plugin_name="xian", hook="labourbrand_award_rule", value=-1
    )
    assert perr.plugin_name == "xian"
    assert perr.hook == "labourbrand_award_rule"
    assert (
        str(perr)
        == "plugin 'xian', hook 'labourbrand_award_rule': negative amount; got -1 (type=int)"
    )
    data = exceptions.DataError("f.json", ["a @ $.x", "b @ $.y"])
    assert str(data).startswith("f.json: 2 invalid fields")
    assert "1 invalid field\n" in str(exceptions.DataError("f.json", ["a @ $"]))
