"""Downloads, cached and honest: UCDP GED releases, ACLED's API and the GeoNames Iraq dump.

Each ``fetch_*`` function downloads into the user cache (:func:`hotspot._cache.cache_dir`:
``HOTSPOT_CACHE`` or pooch's per-user cache), reuses what is there on the next
call, and returns the same schema as the reader of a file you downloaded
yourself, with the provenance in ``frame.attrs["dataset"]`` (``name``,
``version``, ``licence``, ``citation``, ``path``, plus ``url``, ``sha256``,
``sha256_pinned`` and ``retrieved``):

* :func:`fetch_ucdp`: a UCDP GED annual release (one zipped CSV per version, URL
  pinned per version in ``hotspot/data/downloads.json``), filtered to one
  country, read with :func:`hotspot.incidents.read_ucdp`;
* :func:`fetch_acled`: ACLED's API (OAuth token from a myACLED email and
  password; pages of 5,000 events; backs off on HTTP 429), read with
  :func:`hotspot.incidents.read_acled`;
* :func:`fetch_geonames`: the GeoNames Iraq dump ``IQ.zip`` converted to the
  gazetteer schema by :func:`read_geonames`, which also reads a dump you
  downloaded yourself.

Checksums: where a sha256 is pinned, pooch checks the download against it. Where
none is known (UCDP releases, the daily GeoNames dump), the first download's
sha256 is recorded beside the file (``<file>.json``, with the URL and the date)
and said so in a warning; later calls check the cached file against it.

Without network or credentials each raises :class:`~hotspot.errors.DownloadError`
saying what to do instead (download by hand and which function reads the file,
or which environment variables to set). Credentials come from arguments or
environment variables only, and tokens are kept in memory, never on disk.

Examples
--------
>>> ucdp_release("19.1")["url"]
'https://ucdp.uu.se/downloads/ged/ged191-csv.zip'
>>> sorted(GEONAMES_COLUMNS)[:3]
['admin1_code', 'admin2_code', 'admin3_code']
"""

from __future__ import annotations

import contextlib
import csv
import difflib
import functools
import hashlib
import io
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timezone
from os import PathLike
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from hotspot._cache import cache_dir
from hotspot._data import data_path
from hotspot._dates import parse_dates
from hotspot._geonames import DUMP_NAME, GEONAMES_COLUMNS
from hotspot._io import sha256_file
from hotspot.errors import DatasetError, DownloadError
from hotspot.gazetteer import read_geonames  # converts the dump (the data layer's function)
from hotspot.incidents import ACLED_COLUMNS, read_acled, read_ucdp

__all__ = [
    "ACLED_ENV",
    "GEONAMES_COLUMNS",
    "fetch_acled",
    "fetch_geonames",
    "fetch_ucdp",
    "read_geonames",
    "ucdp_release",
    "ucdp_versions",
]

#: Environment variables :func:`fetch_acled` reads credentials from.
ACLED_ENV: dict[str, str] = {
    "email": "ACLED_EMAIL",
    "password": "ACLED_PASSWORD",
    "token": "ACLED_ACCESS_TOKEN",
    "key": "ACLED_KEY",
}

_USER_AGENT = "hotspot (https://pypi.org/project/hotspot/)"
_RETRY_STATUS = frozenset({429, 502, 503, 504})
_MAX_BACKOFF_S = 120.0
_sleep: Callable[[float], None] = time.sleep  # replaced in tests


@functools.cache
def _sources() -> dict[str, Any]:
    return json.loads(data_path("downloads.json").read_text(encoding="utf-8"))


def _today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


# --------------------------------------------------------------------------- pooch


def _retrieve(
    url: str,
    *,
    fname: str,
    folder: Path,
    known_hash: str | None,
    refresh: bool,
    progress: bool,
    offline_hint: str,
) -> tuple[Path, dict[str, Any]]:
    """Download ``url`` into ``folder/fname`` with pooch (once) and return it with its record.

    The record (``<fname>.json`` beside the file) holds the URL, the sha256, whether
    it was pinned and the download date; an unpinned file is checked against the
    record written on its first download.
    """
    import pooch  # lazy: only a download needs it

    path = folder / fname
    record_path = folder / f"{fname}.json"
    if refresh:
        for stale in (path, record_path):
            stale.unlink(missing_ok=True)
    try:
        got = pooch.retrieve(
            url,
            known_hash=f"sha256:{known_hash}" if known_hash else None,
            fname=fname,
            path=folder,
            progressbar=progress,
        )
    except Exception as exc:  # requests/pooch raise many kinds of network errors
        if isinstance(exc, ValueError) and "hash" in str(exc).lower():
            raise DatasetError(
                f"{url}: the download does not match the pinned sha256 {known_hash} ({exc}); "
                "the publisher may have re-issued the file. Nothing was kept."
            ) from exc
        raise DownloadError(f"could not download {url} ({exc}). {offline_hint}") from exc
    path = Path(got)
    digest = sha256_file(path)
    if record_path.exists():
        record = json.loads(record_path.read_text(encoding="utf-8"))
        if record.get("sha256") != digest:
            raise DatasetError(
                f"{path}: sha256 {digest} differs from the one recorded when it was downloaded "
                f"on {record.get('retrieved')} ({record.get('sha256')}); the cached file changed. "
                "Delete it or pass refresh=True to download it again"
            )
        return path, record
    record = {
        "url": url,
        "sha256": digest,
        "sha256_pinned": bool(known_hash),
        "retrieved": _today(),
        "bytes": path.stat().st_size,
    }
    record_path.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    if not known_hash:
        warnings.warn(
            f"no sha256 is pinned for {url}; recorded sha256 {digest} of this first download "
            f"in {record_path}; later calls check the cached file against it",
            UserWarning,
            stacklevel=3,
        )
    return path, record


# --------------------------------------------------------------------------- UCDP


def ucdp_versions() -> list[str]:
    """Return the UCDP GED releases :func:`fetch_ucdp` knows, oldest first.

    Returns
    -------
    list of str
        Versions such as ``"25.1"``.

    Examples
    --------
    >>> "19.1" in ucdp_versions()
    True
    """
    return [r["version"] for r in _sources()["ucdp"]["releases"]]


def ucdp_release(version: str) -> dict[str, Any]:
    """Return the pinned URL, sha256 (or None) and citation of a UCDP GED release.

    Parameters
    ----------
    version : str
        A release from :func:`ucdp_versions`, e.g. ``"25.1"``.

    Returns
    -------
    dict
        ``version``, ``url``, ``sha256`` (None when not pinned), ``citation``.

    Raises
    ------
    hotspot.errors.DatasetError
        If the version is not listed; the message lists the known ones.

    Examples
    --------
    >>> ucdp_release("25.1")["sha256"] is None
    True
    >>> ucdp_release("19")
    Traceback (most recent call last):
    ...
    hotspot.errors.DatasetError: version: '19' is not a UCDP GED release hotspot knows; ...
    """
    meta = _sources()["ucdp"]
    for release in meta["releases"]:
        if release["version"] == str(version):
            code = release["version"].replace(".", "")
            return {
                "version": release["version"],
                "url": meta["url"].format(code=code),
                "sha256": release["sha256"],
                "citation": meta["citation"].format(codebook=release["codebook"]),
            }
    raise DatasetError(
        f"version: {version!r} is not a UCDP GED release hotspot knows; expected one of "
        f"{', '.join(ucdp_versions())} (see {meta['page']})"
    )


def _csv_member(archive: zipfile.ZipFile, origin: str) -> str:
    members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
    if len(members) != 1:
        raise DatasetError(
            f"{origin}: expected one CSV file in the archive, found {members or 'none'}"
        )
    return members[0]


def _open_text(path: Path) -> Iterator[io.TextIOBase]:
    """Yield the UCDP CSV as text, from a zip (its one CSV member) or a plain CSV."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            member = _csv_member(archive, str(path))
            with archive.open(member) as raw:
                yield io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            yield fh


def _filter_country(path: Path, country: str, target: Path) -> int:
    """Write the header and the rows of ``country`` of a GED CSV to ``target``."""
    wanted = country.strip().casefold()
    seen: set[str] = set()
    kept = 0
    partial = target.with_suffix(".part")
    for text in _open_text(path):
        reader = csv.reader(text)
        header = next(reader, None)
        if header is None:
            raise DatasetError(f"{path}: the CSV is empty")
        columns = [c.strip().lower() for c in header]
        if "country" not in columns:
            raise DatasetError(
                f"{path}: no 'country' column; not a UCDP GED CSV (columns: {', '.join(header)})"
            )
        at = columns.index("country")
        with open(partial, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            for record in reader:
                value = record[at].strip() if len(record) > at else ""
                if value.casefold() == wanted:
                    writer.writerow(record)
                    kept += 1
                elif len(seen) < 1000:
                    seen.add(value)
    if not kept:
        partial.unlink(missing_ok=True)
        close = difflib.get_close_matches(country, sorted(seen), n=5, cutoff=0.5)
        raise DatasetError(
            f"country: no event in {path.name} has country {country!r}"
            + (f"; did you mean {', '.join(map(repr, close))}?" if close else "")
        )
    partial.replace(target)
    return kept


def fetch_ucdp(
    version: str | None = None,
    country: str = "Iraq",
    *,
    archive: str | PathLike[str] | None = None,
    refresh: bool = False,
    progress: bool = False,
) -> gpd.GeoDataFrame:
    """Download a UCDP GED release (once), keep one country and read it.

    The release's zipped CSV (tens of MB) is downloaded with pooch from its
    pinned URL into ``<cache>/ucdp/``; the rows of ``country`` are written to
    ``<cache>/ucdp/ged<version>-<country>-<sha12>.csv`` once and read with
    :func:`hotspot.incidents.read_ucdp` (whose row reports name lines of that
    file). GED is CC BY 4.0: cite the papers in ``attrs["dataset"]["citation"]``.

    Parameters
    ----------
    version : str, optional
        A release from :func:`ucdp_versions` (``"17.1"`` to ``"26.1"``); default
        the one in ``downloads.json`` (``"25.1"``, covering 1989-2024).
    country : str, default "Iraq"
        Value of GED's ``country`` column (case does not matter).
    archive : str or path-like, optional
        A release zip (or its CSV) you downloaded yourself: nothing is
        downloaded, the file is filtered and read the same way.
    refresh : bool, default False
        Download again even when the file is cached.
    progress : bool, default False
        Show a download progress bar.

    Returns
    -------
    geopandas.GeoDataFrame
        The :func:`~hotspot.incidents.read_ucdp` schema (EPSG:4326) with
        ``attrs["dataset"]``: ``name`` "UCDP GED", ``version``, ``licence``,
        ``citation``, ``path`` (the country CSV), ``url``, ``archive``,
        ``sha256`` (of the zip), ``sha256_pinned``, ``retrieved``, ``country``.

    Raises
    ------
    hotspot.errors.DownloadError
        Without network: the message gives the URL to download by hand and the
        call that reads the file (``fetch_ucdp(archive=...)``).
    hotspot.errors.DatasetError
        For an unknown version, a country with no events (with close names), or
        a download that does not match its sha256.

    Warns
    -----
    UserWarning
        On the first download of a release without a pinned sha256 (the one
        recorded is named), and for bad rows as :func:`read_ucdp` does.

    See Also
    --------
    hotspot.datasets.ucdp_iraq : the bundled GED 19.1 Iraq extract (no download).

    Examples
    --------
    >>> fetch_ucdp("18.2")
    Traceback (most recent call last):
    ...
    hotspot.errors.DatasetError: version: '18.2' is not a UCDP GED release hotspot knows; ...
    """
    meta = _sources()["ucdp"]
    release = ucdp_release(version or meta["default_version"])
    folder = cache_dir("ucdp")
    folder.mkdir(parents=True, exist_ok=True)
    code = release["version"].replace(".", "")
    if archive is not None:
        source = Path(archive)
        if not source.is_file():
            raise FileNotFoundError(f"archive: {source} does not exist")
        record = {
            "url": None,
            "sha256": sha256_file(source),
            "sha256_pinned": False,
            "retrieved": None,
        }
        if release["sha256"] and record["sha256"] != release["sha256"]:
            raise DatasetError(
                f"archive: {source} has sha256 {record['sha256']}, not the pinned "
                f"{release['sha256']} of GED {release['version']}"
            )
    else:
        source, record = _retrieve(
            release["url"],
            fname=f"ged{code}-csv.zip",
            folder=folder,
            known_hash=release["sha256"],
            refresh=refresh,
            progress=progress,
            offline_hint=(
                f"Without network access, download {release['url']} on a connected machine "
                f"(from {meta['page']}) and read it with "
                f"hotspot.download.fetch_ucdp({release['version']!r}, {country!r}, "
                "archive='<the zip>') or `hotspot fetch ucdp --from <the zip>`; or use the "
                "bundled GED 19.1 Iraq events: hotspot.datasets.ucdp_iraq()"
            ),
        )
    target = folder / f"ged{code}-{_slug(country)}-{record['sha256'][:12]}.csv"
    if refresh or not target.exists():
        _filter_country(source, country, target)
    frame = read_ucdp(target)
    frame.attrs["dataset"] = {
        "name": meta["dataset"],
        "version": release["version"],
        "licence": meta["licence"],
        "citation": release["citation"],
        "path": str(target),
        "url": record["url"],
        "archive": str(source),
        "sha256": record["sha256"],
        "sha256_pinned": record["sha256_pinned"],
        "retrieved": record["retrieved"],
        "country": country,
        "synthetic": False,
    }
    return frame


# --------------------------------------------------------------------------- HTTP


def _http(
    method: str,
    url: str,
    *,
    data: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 120,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request: (status, headers, body); HTTP errors are returned, not raised."""
    body = urllib.parse.urlencode(data).encode("ascii") if data is not None else None
    request = urllib.request.Request(
        url, data=body, method=method, headers={"User-Agent": _USER_AGENT, **(headers or {})}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()) if exc.headers else {}, exc.read() or b""


def _retry_after(headers: dict[str, str], attempt: int) -> float:
    value = {k.lower(): v for k, v in headers.items()}.get("retry-after", "")
    if value.strip().isdigit():
        return min(float(value), _MAX_BACKOFF_S)
    return min(2.0**attempt, _MAX_BACKOFF_S)


def _json(body: bytes, what: str) -> dict[str, Any]:
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DownloadError(f"{what}: the response is not JSON ({body[:200]!r})") from exc
    if not isinstance(document, dict):
        raise DownloadError(f"{what}: expected a JSON object, got {type(document).__name__}")
    return document


def _explain(document: dict[str, Any] | None, body: bytes) -> str:
    if document:
        for key in ("error_description", "message", "error", "messages"):
            if document.get(key):
                return str(document[key])
    return body[:300].decode("utf-8", "replace")


# --------------------------------------------------------------------------- ACLED

_TOKENS: dict[str, tuple[str, float]] = {}  # email -> (access token, expiry); memory only


def _acled_credentials(
    email: str | None, password: str | None, token: str | None, key: str | None
) -> tuple[str | None, str | None, str | None]:
    env = {name: os.environ.get(var) or None for name, var in ACLED_ENV.items()}
    email = email or env["email"]
    password = password or env["password"]
    token = token or env["token"]
    key = key or env["key"]
    if token or (email and password):
        return email, password, token
    page = _sources()["acled"]["page"]
    if key:
        raise DownloadError(
            "ACLED retired access keys (key + email) in 2025; its API now takes an OAuth token "
            "obtained with your myACLED email and password. Set ACLED_EMAIL and ACLED_PASSWORD "
            f"(or pass email= and password=), or ACLED_ACCESS_TOKEN with a token. See {page}"
        )
    raise DownloadError(
        "ACLED's API needs a myACLED account (free registration at https://acleddata.com): "
        "set the environment variables ACLED_EMAIL and ACLED_PASSWORD (or pass email= and "
        "password=), or ACLED_ACCESS_TOKEN with a token you obtained. Without an account, "
        "export Iraq from ACLED's Data Export Tool and read the CSV with "
        "hotspot.read_acled('<file>.csv')"
    )


def _acled_token(email: str, password: str, *, renew: bool = False) -> str:
    """Return an access token for ``email`` (OAuth password grant), kept in memory only."""
    cached = _TOKENS.get(email)
    if cached and not renew and cached[1] > time.time() + 60:
        return cached[0]
    meta = _sources()["acled"]
    try:
        status, _, body = _http(
            "POST",
            meta["token_url"],
            data={
                "username": email,
                "password": password,
                "grant_type": "password",
                "client_id": meta["client_id"],
            },
            headers={"Accept": "application/json"},
        )
    except (urllib.error.URLError, OSError) as exc:
        raise DownloadError(_acled_offline(exc)) from exc
    document = None
    with contextlib.suppress(UnicodeDecodeError, json.JSONDecodeError):
        document = json.loads(body.decode("utf-8"))
    if status != 200 or not isinstance(document, dict) or not document.get("access_token"):
        raise DownloadError(
            f"ACLED refused the login for {email!r} (HTTP {status}: "
            f"{_explain(document if isinstance(document, dict) else None, body)}); check "
            "ACLED_EMAIL and ACLED_PASSWORD (your myACLED login) and that the account has "
            "accepted ACLED's terms of use"
        )
    lifetime = float(document.get("expires_in") or 3600)
    _TOKENS[email] = (str(document["access_token"]), time.time() + lifetime)
    return _TOKENS[email][0]


def _acled_offline(exc: BaseException) -> str:
    return (
        f"could not reach ACLED's API ({exc}). Without network access, export the events from "
        "ACLED's Data Export Tool on a connected machine and read the CSV with "
        "hotspot.read_acled('<file>.csv')"
    )


def _day(value: str | date | None, name: str) -> str | None:
    """Return ``value`` as an ISO day, read as the incident readers read dates."""
    if value is None:
        return None
    start, _ = parse_dates([value])
    if pd.isna(start.iat[0]):
        raise DatasetError(f"{name}: {value!r} is not a date (expected e.g. 2017-10-16)")
    return start.iat[0].date().isoformat()


def fetch_acled(
    country: str = "Iraq",
    since: str | date | None = None,
    until: str | date | None = None,
    *,
    email: str | None = None,
    password: str | None = None,
    token: str | None = None,
    key: str | None = None,
    refresh: bool = False,
    page_size: int | None = None,
    max_retries: int = 5,
) -> gpd.GeoDataFrame:
    """Download ACLED events of one country and period through ACLED's API, cached.

    Authentication is what ACLED's API documentation gives as current (since
    2025): an OAuth access token from ``POST https://acleddata.com/oauth/token``
    (password grant, client ``acled``) with your myACLED email and password,
    sent as ``Authorization: Bearer``; tokens last 24 hours and are kept in
    memory only. Events come from ``https://acleddata.com/api/acled/read`` in
    pages of ``page_size`` (``limit``/``page``) until a short page; HTTP 429
    and 502-504 are retried after ``Retry-After`` (or 1, 2, 4 … s). The pages
    and the combined CSV (ACLED's export columns) are cached under
    ``<cache>/acled/<query>/``; the same query (country, since, until) is read
    from there without credentials or network, until ``refresh=True``. Without
    ``until`` the query ends today, so it is cached for the day.

    Parameters
    ----------
    country : str, default "Iraq"
        ACLED country name.
    since, until : str or date, optional
        First and last event day (inclusive); default from ACLED's first day
        (1997-01-01) to today.
    email, password : str, optional
        myACLED login; default the ``ACLED_EMAIL`` / ``ACLED_PASSWORD``
        environment variables.
    token : str, optional
        An access token obtained elsewhere (``ACLED_ACCESS_TOKEN``); used instead
        of the login.
    key : str, optional
        The retired ACLED access key (``ACLED_KEY``): given alone it raises a
        DownloadError explaining the move to OAuth.
    refresh : bool, default False
        Ask the API again even when the query is cached.
    page_size : int, optional
        Events per request (``limit``); default 5,000, ACLED's default page size.
    max_retries : int, default 5
        Retries of one request after HTTP 429/502/503/504.

    Returns
    -------
    geopandas.GeoDataFrame
        The :func:`~hotspot.incidents.read_acled` schema (EPSG:4326) with
        ``attrs["dataset"]``: ``name`` "ACLED", ``version`` (the retrieval day:
        ACLED is a living dataset), ``licence``, ``citation``, ``path`` (the
        cached CSV), ``url``, ``query``, ``pages``, ``retrieved``.

    Raises
    ------
    hotspot.errors.DownloadError
        Without credentials (the message names the environment variables), when
        the login or access is refused (HTTP 401/403), offline, or when ACLED
        keeps answering 429.
    hotspot.errors.DatasetError
        If ``since``/``until`` are not dates or ``since`` is after ``until``.

    Examples
    --------
    >>> fetch_acled(since="2024-05-01", until="2024-01-01")
    Traceback (most recent call last):
    ...
    hotspot.errors.DatasetError: since 2024-05-01 is after until 2024-01-01
    """
    meta = _sources()["acled"]
    first = _day(since, "since") or meta["first_day"]
    last = _day(until, "until") or _today()
    if first > last:
        raise DatasetError(f"since {first} is after until {last}")
    limit = int(page_size or meta["page_size"])
    if limit < 1:
        raise DatasetError(f"page_size: {page_size!r} must be a positive number of events")
    query = {
        "country": country,
        "event_date": f"{first}|{last}",
        "event_date_where": "BETWEEN",
        "limit": str(limit),
    }
    folder = cache_dir(
        "acled",
        f"{_slug(country)}-{first}-{last}-"
        + hashlib.sha256(json.dumps(query, sort_keys=True).encode()).hexdigest()[:8],
    )
    record_path = folder / "query.json"
    table_path = folder / "acled.csv"
    record = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else None
    if refresh or not (record and record.get("complete") and table_path.exists()):
        record = _acled_download(
            query,
            folder,
            credentials=_acled_credentials(email, password, token, key),
            max_retries=max_retries,
        )
    frame = read_acled(table_path)
    frame.attrs["dataset"] = {
        "name": meta["dataset"],
        "version": record["retrieved"][:10],
        "licence": meta["licence"],
        "citation": meta["citation"],
        "path": str(table_path),
        "url": meta["api_url"],
        "query": record["query"],
        "pages": record["pages"],
        "retrieved": record["retrieved"],
        "synthetic": False,
    }
    return frame


def _acled_download(
    query: dict[str, str],
    folder: Path,
    *,
    credentials: tuple[str | None, str | None, str | None],
    max_retries: int,
) -> dict[str, Any]:
    """Fetch every page of ``query``, cache the pages, write acled.csv and query.json."""
    meta = _sources()["acled"]
    email, password, token = credentials
    limit = int(query["limit"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("page-*.json"):
        stale.unlink()
    rows: list[dict[str, Any]] = []
    page = 1
    while True:
        params = {"_format": "json", **query, "page": str(page)}
        document = _acled_page(params, email, password, token, max_retries)
        (folder / f"page-{page:04d}.json").write_text(
            json.dumps(document, ensure_ascii=False), encoding="utf-8"
        )
        data = document.get("data") or []
        if not isinstance(data, list):
            raise DownloadError(f"ACLED page {page}: 'data' is not a list of events")
        rows.extend(data)
        if len(data) < limit:
            break
        page += 1
    columns = [c for c in ACLED_COLUMNS if any(c in r for r in rows[:1])] or list(ACLED_COLUMNS)
    for extra in (k for r in rows for k in r):
        if extra not in columns:
            columns.append(extra)
    partial = folder / "acled.csv.part"
    with open(partial, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n", restval="")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
    partial.replace(folder / "acled.csv")
    record = {
        "query": query,
        "url": meta["api_url"],
        "pages": page,
        "rows": len(rows),
        "retrieved": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "complete": True,
    }
    (folder / "query.json").write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    return record


def _acled_page(
    params: dict[str, str],
    email: str | None,
    password: str | None,
    token: str | None,
    max_retries: int,
) -> dict[str, Any]:
    meta = _sources()["acled"]
    url = f"{meta['api_url']}?{urllib.parse.urlencode(params)}"
    what = f"ACLED page {params['page']}"
    renewed = False
    attempt = 0
    while True:
        bearer = token or _acled_token(str(email), str(password))
        try:
            status, headers, body = _http(
                "GET",
                url,
                headers={"Authorization": f"Bearer {bearer}", "Accept": "application/json"},
            )
        except (urllib.error.URLError, OSError) as exc:
            raise DownloadError(_acled_offline(exc)) from exc
        if status in _RETRY_STATUS and attempt < max_retries:
            _sleep(_retry_after(headers, attempt))
            attempt += 1
            continue
        if status == 401 and token is None and not renewed:
            _acled_token(str(email), str(password), renew=True)
            renewed = True
            continue
        document = None
        if status == 200:
            document = _json(body, what)
            if document.get("success", True) is not False and "data" in document:
                return document
        if status in _RETRY_STATUS:
            raise DownloadError(
                f"{what}: ACLED still answers HTTP {status} after {max_retries} retries "
                "(rate limit or server busy); wait a while and call again: pages already "
                "fetched are not lost, the query is cached once complete"
            )
        reason = _explain(document, body)
        if status in (401, 403):
            raise DownloadError(
                f"{what}: ACLED denied access (HTTP {status}: {reason}). The token may have "
                "expired (they last 24 hours) or the account may lack API access: log in at "
                "https://acleddata.com, accept the terms of use and check your access level"
            )
        raise DownloadError(f"{what}: ACLED answered HTTP {status}: {reason}")


# --------------------------------------------------------------------------- GeoNames


def fetch_geonames(
    *, exclude_ids: Iterable[str] = (), refresh: bool = False, progress: bool = False
) -> pd.DataFrame:
    """Download the GeoNames Iraq dump (once) and convert it to gazetteer rows.

    ``https://download.geonames.org/export/dump/IQ.zip`` (CC BY 4.0; attribute
    GeoNames) goes with pooch into ``<cache>/geonames/``. GeoNames rebuilds its
    dumps daily, so no sha256 can be pinned: the download date and sha256 are
    recorded beside the file (``IQ.zip.json``) and reported in ``attrs``; later
    calls use and check that copy until ``refresh=True``.

    Parameters
    ----------
    exclude_ids : iterable of str, optional
        Gazetteer ids to leave out (see :func:`read_geonames`).
    refresh : bool, default False
        Download today's dump even when one is cached.
    progress : bool, default False
        Show a download progress bar.

    Returns
    -------
    pandas.DataFrame
        Gazetteer rows as :func:`read_geonames` returns them; ``attrs["dataset"]``
        adds ``url``, ``sha256``, ``sha256_pinned`` (False) and ``retrieved``.

    Raises
    ------
    hotspot.errors.DownloadError
        Without network: the message says to download IQ.zip by hand and convert
        it with :func:`read_geonames`.

    Warns
    -----
    UserWarning
        On a first download (the recorded sha256 is named).

    See Also
    --------
    read_geonames : the conversion, for a dump you downloaded yourself.
    """
    meta = _sources()["geonames"]
    folder = cache_dir("geonames")
    folder.mkdir(parents=True, exist_ok=True)
    path, record = _retrieve(
        meta["url"],
        fname=DUMP_NAME,
        folder=folder,
        known_hash=None,
        refresh=refresh,
        progress=progress,
        offline_hint=(
            f"Without network access, download {meta['url']} on a connected machine and "
            "convert it with hotspot.download.read_geonames('IQ.zip') or "
            "`hotspot fetch geonames --from IQ.zip`"
        ),
    )
    table = read_geonames(path, retrieved=record["retrieved"], exclude_ids=exclude_ids)
    table.attrs["dataset"].update(
        {
            "url": record["url"],
            "sha256": record["sha256"],
            "sha256_pinned": record["sha256_pinned"],
        }
    )
    return table
