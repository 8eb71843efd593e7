"""hotspot.download against stored responses (tests/data/); the network is replaced."""

from __future__ import annotations

import io
import json
import shutil
import urllib.error
import urllib.parse
import warnings
import zipfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from click.testing import CliRunner

from hotspot import download
from hotspot.cli import main
from hotspot.errors import DatasetError, DownloadError
from hotspot.gazetteer import COLUMNS, extend_gazetteer, load_gazetteer
from hotspot.incidents import INCIDENT_COLUMNS, read_acled, read_ucdp

DATA = Path(__file__).resolve().parent / "data"
GED_CSV = DATA / "ucdp_ged_mini.csv"
GEONAMES_TXT = DATA / "geonames_IQ_mini.txt"
SECRET = "s3cret-fixture-password"


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Cache in tmp, no credentials from the environment, no sleeping, no token memory."""
    monkeypatch.setenv("HOTSPOT_CACHE", str(tmp_path / "cache"))
    for variable in download.ACLED_ENV.values():
        monkeypatch.delenv(variable, raising=False)
    sleeps: list[float] = []
    monkeypatch.setattr(download, "_sleep", sleeps.append)

    def no_network(request, timeout=None):
        raise AssertionError(f"a test tried the network: {request.full_url}")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    download._TOKENS.clear()
    return sleeps


def _zip(tmp_path: Path, member: str, source: Path) -> Path:
    path = tmp_path / f"{member}.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(source, member)
    return path


class FakePooch:
    """Stands for pooch.retrieve: 'downloads' a local file into the cache folder."""

    def __init__(self, source: Path | None = None, error: Exception | None = None):
        self.source, self.error, self.calls = source, error, []

    def __call__(self, url, known_hash=None, fname=None, path=None, progressbar=False):
        self.calls.append({"url": url, "known_hash": known_hash, "fname": fname, "path": path})
        if self.error is not None:
            raise self.error
        Path(path).mkdir(parents=True, exist_ok=True)
        target = Path(path) / fname
        if not target.exists():
            shutil.copyfile(self.source, target)
        return str(target)


# ----------------------------------------------------------------------------- UCDP


def test_ucdp_release_urls_follow_ucdp_download_page():
    assert download.ucdp_versions()[0] == "17.1"
    assert "25.1" in download.ucdp_versions()
    release = download.ucdp_release("25.1")
    assert release["url"] == "https://ucdp.uu.se/downloads/ged/ged251-csv.zip"
    assert "Sundberg" in release["citation"] and "25.1" in release["citation"]
    assert "Högbladh" in download.ucdp_release("19.1")["citation"]
    with pytest.raises(DatasetError, match=r"'99\.1'.*17\.1.*26\.1"):
        download.fetch_ucdp("99.1")


def test_fetch_ucdp_downloads_once_records_sha256_and_keeps_one_country(monkeypatch, tmp_path):
    import pooch

    fake = FakePooch(_zip(tmp_path, "GEDEvent_v25_1.csv", GED_CSV))
    monkeypatch.setattr(pooch, "retrieve", fake)
    with pytest.warns(UserWarning, match=r"no sha256 is pinned.*recorded sha256"):
        events = download.fetch_ucdp("25.1", "iraq")
    assert fake.calls[0]["url"] == "https://ucdp.uu.se/downloads/ged/ged251-csv.zip"
    assert fake.calls[0]["known_hash"] is None
    assert Path(fake.calls[0]["path"]) == tmp_path / "cache" / "ucdp"
    assert events["id"].tolist() == ["900001", "900003", "900004"]  # the Syrian row is gone
    assert list(events.columns) == [*INCIDENT_COLUMNS[:-1], "issues", "geometry"]
    assert events["precision"].tolist() == [1, 2, 3]
    meta = events.attrs["dataset"]
    assert (meta["name"], meta["version"], meta["licence"]) == ("UCDP GED", "25.1", "CC BY 4.0")
    assert "Sundberg" in meta["citation"]
    assert meta["sha256_pinned"] is False and len(meta["sha256"]) == 64
    assert meta["retrieved"] and meta["url"].endswith("ged251-csv.zip")
    record = json.loads(Path(meta["archive"] + ".json").read_text(encoding="utf-8"))
    assert record["sha256"] == meta["sha256"]
    # the country file is a GED CSV the readers take as it is
    again = read_ucdp(meta["path"])
    assert again["id"].tolist() == events["id"].tolist()
    # a second call: no warning, same data from the cache
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        second = download.fetch_ucdp("25.1")
    assert second["id"].tolist() == events["id"].tolist()


def test_fetch_ucdp_notices_a_cached_file_that_changed(monkeypatch, tmp_path):
    import pooch

    monkeypatch.setattr(pooch, "retrieve", FakePooch(_zip(tmp_path, "ged.csv", GED_CSV)))
    with pytest.warns(UserWarning):
        events = download.fetch_ucdp("25.1")
    Path(events.attrs["dataset"]["archive"]).write_bytes(b"not the same file")
    with pytest.raises(DatasetError, match=r"differs from the one recorded.*refresh=True"):
        download.fetch_ucdp("25.1")


def test_fetch_ucdp_unknown_country_suggests_names(monkeypatch, tmp_path):
    import pooch

    monkeypatch.setattr(pooch, "retrieve", FakePooch(_zip(tmp_path, "ged.csv", GED_CSV)))
    with pytest.warns(UserWarning), pytest.raises(DatasetError, match=r"'Irak'.*'Iraq'"):
        download.fetch_ucdp("25.1", "Irak")


def test_fetch_ucdp_offline_says_what_to_do(monkeypatch):
    import pooch

    monkeypatch.setattr(pooch, "retrieve", FakePooch(error=ConnectionError("no route to host")))
    with pytest.raises(DownloadError) as caught:
        download.fetch_ucdp("24.1")
    message = str(caught.value)
    assert "ged241-csv.zip" in message and "no route to host" in message
    assert "archive=" in message and "hotspot.datasets.ucdp_iraq()" in message
    assert isinstance(caught.value, OSError)


def test_fetch_ucdp_reads_a_release_downloaded_by_hand(monkeypatch, tmp_path):
    import pooch

    monkeypatch.setattr(pooch, "retrieve", FakePooch(error=AssertionError("no download")))
    events = download.fetch_ucdp("23.1", archive=GED_CSV)
    assert len(events) == 3
    assert events.attrs["dataset"]["version"] == "23.1"
    assert events.attrs["dataset"]["url"] is None


# ----------------------------------------------------------------------------- ACLED


class FakeACLED:
    """Stands for urllib.request.urlopen, answering as ACLED's API documentation shows."""

    def __init__(self, pages=None, token_status=200, read_statuses=()):
        self.pages = pages or [DATA / "acled_iraq_page1.json", DATA / "acled_iraq_page2.json"]
        self.token_status = token_status
        self.read_statuses = list(read_statuses)  # served before the pages, one per request
        self.requests: list[urllib.request.Request] = []

    def __call__(self, request, timeout=None):
        self.requests.append(request)
        url = urllib.parse.urlsplit(request.full_url)
        if url.path == "/oauth/token":
            assert request.get_method() == "POST"
            if self.token_status != 200:
                return self._error(request, self.token_status, b'{"error": "invalid_grant"}')
            return _Response((DATA / "acled_token.json").read_bytes())
        assert url.path == "/api/acled/read"
        if self.read_statuses:
            status = self.read_statuses.pop(0)
            return self._error(
                request, status, b'{"message": "Too many requests"}', {"Retry-After": "7"}
            )
        page = int(urllib.parse.parse_qs(url.query)["page"][0])
        return _Response(self.pages[page - 1].read_bytes())

    @staticmethod
    def _error(request, status, body, headers=None):
        from email.message import Message

        message = Message()
        for key, value in (headers or {}).items():
            message[key] = value
        raise urllib.error.HTTPError(request.full_url, status, "error", message, io.BytesIO(body))

    def reads(self):
        return [r for r in self.requests if "/api/acled/read" in r.full_url]


class _Response(io.BytesIO):
    status = 200
    headers: dict[str, str] = {}  # noqa: RUF012


def test_fetch_acled_logs_in_pages_and_returns_the_read_acled_schema(monkeypatch):
    fake = FakeACLED()
    monkeypatch.setattr(urllib.request, "urlopen", fake)
    monkeypatch.setenv("ACLED_EMAIL", "analyst@example.org")
    monkeypatch.setenv("ACLED_PASSWORD", SECRET)
    events = download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", page_size=2)
    token_request = fake.requests[0]
    form = urllib.parse.parse_qs(token_request.data.decode())
    assert token_request.full_url == "https://acleddata.com/oauth/token"
    assert form == {
        "username": ["analyst@example.org"],
        "password": [SECRET],
        "grant_type": ["password"],
        "client_id": ["acled"],
    }
    reads = fake.reads()
    assert len(reads) == 2  # page 2 is short: the last
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(reads[0].full_url).query)
    assert query["country"] == ["Iraq"]
    assert query["event_date"] == ["2024-05-01|2024-05-31"]
    assert query["event_date_where"] == ["BETWEEN"]
    assert query["limit"] == ["2"] and query["page"] == ["1"]
    assert reads[0].get_header("Authorization") == "Bearer fixture-access-token-not-real"
    assert events["id"].tolist() == ["IRQ90001", "IRQ90002", "IRQ90003"]
    assert list(events.columns) == [*INCIDENT_COLUMNS[:-1], "issues", "geometry"]
    assert events["event_type"].tolist()[0] == "Explosions/Remote violence"
    assert events["precision"].tolist() == [2, 1, 1]
    meta = events.attrs["dataset"]
    assert meta["name"] == "ACLED" and "Terms of Use" in meta["licence"]
    assert meta["pages"] == 2 and meta["query"]["country"] == "Iraq"
    # the cached CSV is an ACLED export the reader takes as it is
    assert read_acled(meta["path"])["id"].tolist() == events["id"].tolist()
    # no credential or token is written to the cache
    for path in Path(meta["path"]).parent.iterdir():
        text = path.read_text(encoding="utf-8")
        assert SECRET not in text and "fixture-access-token" not in text


def test_fetch_acled_reads_a_cached_query_without_credentials_or_network(monkeypatch):
    monkeypatch.setattr(urllib.request, "urlopen", FakeACLED())
    first = download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", token="t", page_size=2)

    def offline(request, timeout=None):
        raise AssertionError("the network was used")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    again = download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", page_size=2)
    assert again["id"].tolist() == first["id"].tolist()
    with pytest.raises(DownloadError, match="ACLED_EMAIL and ACLED_PASSWORD"):
        download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", page_size=2, refresh=True)


def test_fetch_acled_backs_off_on_429(monkeypatch, isolated):
    fake = FakeACLED(read_statuses=[429, 429])
    monkeypatch.setattr(urllib.request, "urlopen", fake)
    events = download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", token="t", page_size=2)
    assert len(events) == 3
    assert isolated == [7.0, 7.0]  # Retry-After honoured
    assert not any("oauth" in r.full_url for r in fake.requests)  # the token was given


def test_fetch_acled_gives_up_after_max_retries(monkeypatch, isolated):
    monkeypatch.setattr(urllib.request, "urlopen", FakeACLED(read_statuses=[429] * 10))
    with pytest.raises(DownloadError, match=r"HTTP 429 after 3 retries"):
        download.fetch_acled("Iraq", "2024-05-01", "2024-05-31", token="t", max_retries=3)
    assert len(isolated) == 3


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({}, r"ACLED_EMAIL and ACLED_PASSWORD.*read_acled"),
        ({"email": "a@b.org"}, r"ACLED_EMAIL and ACLED_PASSWORD"),
        ({"email": "a@b.org", "key": "old-key"}, r"retired access keys"),
    ],
)
def test_fetch_acled_without_credentials_says_what_to_do(monkeypatch, kwargs, message):
    monkeypatch.setattr(urllib.request, "urlopen", FakeACLED())
    with pytest.raises(DownloadError, match=message) as caught:
        download.fetch_acled(since="2024-05-01", until="2024-05-31", **kwargs)
    assert isinstance(caught.value, OSError)


def test_fetch_acled_refused_login_and_denied_access(monkeypatch):
    monkeypatch.setattr(urllib.request, "urlopen", FakeACLED(token_status=401))
    with pytest.raises(DownloadError, match=r"refused the login.*HTTP 401.*invalid_grant"):
        download.fetch_acled(email="a@b.org", password="wrong", since="2024-05-01")
    monkeypatch.setattr(urllib.request, "urlopen", FakeACLED(read_statuses=[403]))
    with pytest.raises(DownloadError, match=r"denied access \(HTTP 403"):
        download.fetch_acled(token="t", since="2024-05-01", until="2024-05-31")


def test_fetch_acled_logs_in_again_when_the_token_expires(monkeypatch):
    fake = FakeACLED(read_statuses=[401])
    monkeypatch.setattr(urllib.request, "urlopen", fake)
    events = download.fetch_acled(
        email="a@b.org", password=SECRET, since="2024-05-01", until="2024-05-31", page_size=2
    )
    assert len(events) == 3
    assert sum("oauth/token" in r.full_url for r in fake.requests) == 2


def test_fetch_acled_offline(monkeypatch):
    def offline(request, timeout=None):
        raise urllib.error.URLError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(DownloadError, match=r"could not reach ACLED.*Data Export Tool"):
        download.fetch_acled(token="t", since="2024-05-01", until="2024-05-31")


def test_fetch_acled_checks_the_period():
    with pytest.raises(DatasetError, match=r"since: 'May' is not a date"):
        download.fetch_acled(since="May", token="t")


# ----------------------------------------------------------------------------- GeoNames


def test_read_geonames_accounts_for_every_line():
    rows = download.read_geonames(GEONAMES_TXT)
    report = rows.attrs["geonames_report"]
    lines = GEONAMES_TXT.read_text(encoding="utf-8").splitlines()
    assert report["lines"] == len(lines) == 16
    assert report["converted"] + sum(report["skipped"].values()) == report["lines"]
    assert report["skipped"] == {
        "A.ADM1 (governorate: skipped (admin units come from the bundled admin layers))": 1,
        "feature code S.SCH not mapped": 1,
        "latitude/longitude not numbers": 1,
        "malformed: not 19 tab-separated fields": 1,
        "outside Iraq": 1,
    }
    assert report["skipped_lines"]["malformed: not 19 tab-separated fields"] == [7]
    assert list(rows.columns) == list(COLUMNS)
    by_id = rows.set_index("id")
    assert by_id.loc["gn-9900001", ["feature_type", "governorate"]].tolist() == [
        "settlement",
        "Kirkuk",
    ]
    assert by_id.loc["gn-9900003", "feature_type"] == "mountain"
    assert by_id.loc["gn-9900020", "feature_type"] == "neighbourhood"  # PPLX: a town's quarter
    assert by_id.loc["gn-9900004", "feature_type"] == "valley"  # a wadi
    assert by_id.loc["gn-9900007", "feature_type"] == "river"  # leaves Iraq: kept
    assert by_id.loc["gn-9900009", "aliases"] == "Qa'idat Fixture"  # ORFX, FXB dropped
    assert "KIK" not in by_id.loc["gn-94787", "aliases"].split("|")
    assert rows.attrs["dataset"]["licence"] == "CC BY 4.0"


def test_read_geonames_zip_equals_txt_and_extends_the_bundled_gazetteer(tmp_path):
    from_zip = download.read_geonames(_zip(tmp_path, "IQ.txt", GEONAMES_TXT))
    from_txt = download.read_geonames(GEONAMES_TXT)
    assert from_zip["source"].str.endswith("IQ.txt.zip").all()
    pd.testing.assert_frame_equal(from_zip.drop(columns="source"), from_txt.drop(columns="source"))
    bundled = load_gazetteer()
    fresh = download.read_geonames(GEONAMES_TXT, exclude_ids=bundled["id"])
    assert "gn-94787" not in set(fresh["id"])  # Kirkuk is bundled already
    assert fresh.attrs["geonames_report"]["skipped"]["already in the gazetteer (same geonameid)"]
    combined = extend_gazetteer(bundled, fresh)
    # Daquq is bundled under another id: merged into it, not added beside it (#9)
    assert combined.attrs["merged"] == {"gn-9900012": "gn-90220"}
    assert len(combined) == len(bundled) + len(fresh) - 1


def test_fetch_geonames_records_date_and_sha256(monkeypatch, tmp_path):
    import pooch

    fake = FakePooch(_zip(tmp_path, "IQ.txt", GEONAMES_TXT))
    monkeypatch.setattr(pooch, "retrieve", fake)
    with pytest.warns(UserWarning, match="no sha256 is pinned"):
        rows = download.fetch_geonames()
    assert fake.calls[0]["url"] == "https://download.geonames.org/export/dump/IQ.zip"
    meta = rows.attrs["dataset"]
    assert meta["name"] == "GeoNames" and meta["sha256_pinned"] is False
    assert meta["version"] == f"dump of {meta['retrieved']}"
    assert len(meta["sha256"]) == 64
    assert rows["source"].str.contains(f"downloaded {meta['retrieved']}").all()


def test_fetch_geonames_offline(monkeypatch):
    import pooch

    monkeypatch.setattr(pooch, "retrieve", FakePooch(error=ConnectionError("offline")))
    with pytest.raises(DownloadError, match=r"IQ\.zip.*read_geonames\('IQ\.zip'\)"):
        download.fetch_geonames()


# ----------------------------------------------------------------------------- CLI


def test_cli_fetch_ucdp_writes_a_file_analyze_reads(tmp_path):
    out = tmp_path / "ged_iraq.csv"
    result = CliRunner().invoke(
        main, ["fetch", "ucdp", "--version", "25.1", "--from", str(GED_CSV), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "3 events (UCDP GED 25.1; licence: CC BY 4.0)" in result.output
    assert read_ucdp(out)["id"].tolist() == ["900001", "900003", "900004"]


def test_cli_fetch_acled_without_credentials_exits_1_with_advice(tmp_path):
    result = CliRunner().invoke(main, ["fetch", "acled", "--out", str(tmp_path / "a.csv")])
    assert result.exit_code == 1
    assert "ACLED_EMAIL and ACLED_PASSWORD" in result.output


def test_cli_fetch_acled_writes_the_export(monkeypatch, tmp_path):
    monkeypatch.setattr(
        urllib.request, "urlopen", FakeACLED(pages=[DATA / "acled_iraq_page2.json"])
    )
    monkeypatch.setenv("ACLED_ACCESS_TOKEN", "t")
    out = tmp_path / "acled.csv"
    result = CliRunner().invoke(
        main,
        ["fetch", "acled", "--since", "2024-05-01", "--until", "2024-05-31", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert read_acled(out)["id"].tolist() == ["IRQ90003"]


def test_cli_fetch_geonames_output_extends_the_geocoder(tmp_path):
    out = tmp_path / "gn.csv"
    result = CliRunner().invoke(
        main, ["fetch", "geonames", "--from", str(GEONAMES_TXT), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "already in the gazetteer" in result.output
    result = CliRunner().invoke(
        main, ["geocode", "--gazetteer", str(out), "--format", "csv", "Qaryat Fixtureiyah"]
    )
    assert result.exit_code == 0, result.output
    row = pd.read_csv(io.StringIO(result.stdout)).iloc[0]
    assert row["status"] == "resolved" and abs(row["lat"] - 35.21) < 1e-6


def test_cli_fetch_admin_writes_geojson(monkeypatch, tmp_path):
    import pooch

    layer = gpd.GeoDataFrame(
        {"shapeName": ["Kirkuk"], "shapeISO": [""], "shapeID": ["X-1"], "shapeType": ["ADM1"]},
        geometry=[shapely.box(43.5, 34.9, 44.9, 35.9)],
        crs=4326,
    )
    source = tmp_path / "gb.geojson"
    layer.to_file(source, engine="pyogrio")
    monkeypatch.setattr(pooch, "retrieve", FakePooch(source))
    out = tmp_path / "adm1.geojson"
    result = CliRunner().invoke(main, ["fetch", "admin", "--level", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert gpd.read_file(out)["name"].tolist() == ["Kirkuk"]


# ----------------------------------------------------------------------------- network


@pytest.mark.network
def test_fetch_geonames_for_real():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        rows = download.fetch_geonames()
    assert len(rows) > 1000
    assert (rows["feature_type"] == "settlement").sum() > 500


@pytest.mark.network
def test_fetch_ucdp_for_real():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        events = download.fetch_ucdp("19.1")
    # the bundled extract is the HDX copy of the same release
    assert abs(len(events) - 7473) < 50
