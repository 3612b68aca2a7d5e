"""Run the ``labourbrand`` command: ``python -m labourbrand``."""

from labourbrand.cli import main


# The guard keeps `pytest --doctest-modules src` from running the command on import.
if __name__ == "__main__":
    raise SystemExit(main())
