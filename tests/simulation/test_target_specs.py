"""The simulation counts one county, one brand as Policy.targets does: the reading and the tolerance in force."""

from __future__ import annotations

import pytest

from labourbrand.simulation import Scenario, _setup


def _spec(toml: str) -> object:
    scenario = Scenario.from_toml('name = "x"\n' + toml, entry_points=False)
    targets = _setup.setup(scenario).targets
    return next(t for t in targets if t.parameter == "target_brands_per_county")


@pytest.mark.parametrize(
    ("toml", "required", "units"),
    [
        ("", 107, 107),
        ('[interpretations]\none_county_one_brand_units = "counties_only"\n', 76, 76),
        ("[parameters]\ntarget_county_shortfall = 5\n", 102, 107),
    ],
    ids=["default", "counties-only", "five-may-fall-short"],
)
def test_one_county_one_brand_spec(toml: str, required: int, units: int) -> None:
    """Under the default every unit is required; the reading and a tolerance change the units and the number."""
    spec = _spec(toml)
    assert spec.required == required  # type: ignore[attr-defined]
    assert len(spec.units) == units  # type: ignore[attr-defined]
