"""The user cache folder where downloads are kept.

One place decides where downloaded files live: the folder named by the
``HOTSPOT_CACHE`` environment variable when it is set, otherwise pooch's per-user
cache for ``hotspot`` (``~/.cache/hotspot`` on Linux,
``~/Library/Caches/hotspot`` on macOS, the local application-data folder on
Windows).

Examples
--------
>>> cache_dir("ucdp").name
'ucdp'
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["CACHE_ENV", "cache_dir"]

#: Environment variable that overrides the cache folder.
CACHE_ENV = "HOTSPOT_CACHE"


def cache_dir(*parts: str) -> Path:
    """Return the cache folder, or a sub-folder of it (not created).

    Parameters
    ----------
    *parts : str
        Sub-folder names, e.g. ``"ucdp"``.

    Returns
    -------
    pathlib.Path
        ``$HOTSPOT_CACHE/<parts>`` or ``pooch.os_cache("hotspot")/<parts>``.
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        root = Path(env)
    else:
        import pooch  # lazy: only a download or the default cache folder needs it

        root = Path(pooch.os_cache("hotspot"))
    return root.joinpath(*parts)
