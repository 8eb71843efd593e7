"""Find the gazetteer places mentioned in free text (the public path of :mod:`hotspot.geocoding`).

The implementation lives in :mod:`hotspot.geocoding.extract`; this module keeps
``hotspot.extract`` importable as before.

Examples
--------
>>> extract_places("Clashes in Kirkuk.")["surface"].tolist()
['Kirkuk']
"""

from hotspot.geocoding.extract import EXTRACT_COLUMNS, extract_places

__all__ = ["EXTRACT_COLUMNS", "extract_places"]
