"""Files → typed values: the readers of the data shipped with the package (private).

DESIGN's first stage has its floor here. Each module reads one kind of file
into the value types of the module that owns them, and nothing else:

- :mod:`~labourbrand._files.regions`: ``data/regions.csv``,
  ``special_units.csv`` and ``designations.csv`` → :class:`~labourbrand.regions.RegionRegistry`;
- :mod:`~labourbrand._files.brands`: ``data/brands.csv`` and ``progress.csv`` →
  :class:`~labourbrand.brands.Brand` and :class:`~labourbrand.brands.ReportedFigure`;
- :mod:`~labourbrand._files.common`: what they share, ``read_rows`` for CSV,
  ``read_toml`` and the ``… @ $.path`` wording of every problem, which
  :class:`~labourbrand.exceptions.DataError` prefixes with the file.

The policy's own files (its parameters and clauses) are read by
``labourbrand.policy._parameter_files`` and ``labourbrand.policy._clause_files``
with the same shared helpers: the readers live beside the types they build, so
that no package reaches into another's private modules.

Imports go one way. These modules import the type modules at module level;
a type module imports a reader only inside the public function that needs it
(:func:`labourbrand.regions.shaanxi`, :func:`labourbrand.brands.packaged`,
:func:`labourbrand.policy.clauses.clauses`,
:func:`labourbrand.policy.parameters.load_parameters`, …), so there is no
import cycle and the public names stay where they were.

Why the readers are written by hand rather than through
:func:`labourbrand.serialization.make_converter`: the import budget.
``import labourbrand`` must not load cattrs, and neither should the first
question about a region, a clause or a parameter: the packaged data is read on
first use by code that needs only attrs, pendulum and the standard library.
The readers also do what a converter would not: CSV cells are all strings
(``"2009-03"`` is a partial date, a blank cell is "unknown", the zone keys and
city-level powers are derived from the rows), and TOML parameter tables are
keyed by day. Their errors keep the converter's shape, one line per bad field
ending ``@ $.path``, so a reader of :class:`~labourbrand.exceptions.DataError`
cannot tell the two apart.
"""
