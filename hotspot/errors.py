"""Exceptions raised by hotspot.

Every error subclasses a built-in (``ValueError`` or ``LookupError``; ``OSError``
for a failed download) so that callers who do not know about hotspot can still
catch it, and carries a message that names the file, row or field at fault and
what was expected.

Examples
--------
>>> from hotspot.errors import GazetteerError
>>> issubclass(GazetteerError, ValueError)
True
"""

from __future__ import annotations

import sys

__all__ = [
    "BoundaryError",
    "CRSError",
    "DatasetError",
    "DateError",
    "DownloadError",
    "GazetteerError",
    "HotspotError",
    "IncidentError",
    "OutputError",
    "PlaceNotFoundError",
    "VocabularyError",
    "caller_stacklevel",
]


class HotspotError(Exception):
    """Base class of every error raised on purpose by hotspot."""


class GazetteerError(HotspotError, ValueError):
    """A gazetteer (bundled or user-supplied) breaks the schema.

    The message lists every bad row, not only the first.
    """


class PlaceNotFoundError(HotspotError, LookupError):
    """A place name could not be resolved and the caller asked for a hard failure."""


class CRSError(HotspotError, ValueError):
    """A layer has no CRS, a wrong CRS, or layers disagree on their CRS."""


class BoundaryError(HotspotError, ValueError):
    """A boundary layer is unusable: empty, invalid, outside Iraq or missing a field."""


class IncidentError(HotspotError, ValueError):
    """Incident data has bad rows (reported with their row numbers)."""


class DatasetError(HotspotError, ValueError):
    """A dataset request is wrong: an unknown dataset or release, a bad period or country.

    Also raised when a data file does not match the checksum its registry records.
    """


class DownloadError(HotspotError, OSError):
    """A download failed: no network, no credentials, refused or rate-limited access.

    It subclasses ``OSError`` (as ``ConnectionError`` and ``requests``' errors do),
    so ``except OSError`` around network code catches it. The message says what to
    do instead: where to download the file by hand and which function reads it,
    or which environment variables hold the credentials.
    """


class DateError(HotspotError, ValueError):
    """A date option (``since``, ``until``, ``report_date``...) is not a date.

    The message names the option, the value given and the forms accepted.
    """


class VocabularyError(HotspotError, ValueError):
    """A report vocabulary file (event terms, role cues) has bad columns, roles or terms."""


class OutputError(HotspotError, ValueError):
    """An output folder or file cannot be written: not writable, not a folder, or in use.

    The message names the folder or file, the reason and what to do.
    """


def caller_stacklevel() -> int:
    """Return the ``stacklevel`` that makes a warning blame the first caller outside hotspot.

    Warnings about the user's data (a sheet skipped, a layer chosen, an earlier
    run recovered) then point at the user's line, whichever hotspot function
    raised them.

    Returns
    -------
    int
        The ``stacklevel`` to pass to :func:`warnings.warn` from the calling function.

    Examples
    --------
    >>> caller_stacklevel() >= 1
    True
    """
    frame = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_globals.get("__name__", "").startswith("hotspot."):
        frame = frame.f_back
        level += 1
    return level
