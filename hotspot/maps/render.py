"""Headless Chromium: find it, run it with the network off, print maps to PNG and PDF.

Chromium is found through ``HOTSPOT_CHROMIUM`` (the path of a Chrome, Chromium
or Edge executable) or in the usual places on Linux, macOS and Windows
(:func:`find_chromium`). It runs with a throw-away profile and every request
sent to a closed local proxy, so a map that needs the network fails visibly
instead of fetching anything; Chromium and every process it started are killed
at the timeout.

Maps are rendered in their print mode (``#print`` in the URL): the same page
without web controls (zoom buttons, layer control, attribution box, time
filter); the scale bar and the north arrow stay.

Examples
--------
>>> isinstance(find_chromium(), (str, type(None)))
True
"""

from __future__ import annotations

import os
import platform
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from os import PathLike
from pathlib import Path

from hotspot._io import atomic_file

__all__ = [
    "CHROMIUM_ENV",
    "PNG_TIMEOUT_BASE_S",
    "PNG_TIMEOUT_PER_MB_S",
    "find_chromium",
    "map_to_png",
    "png_timeout",
    "print_to_pdf",
    "run_chromium",
]

#: Environment variable naming the Chromium (Chrome, Edge) executable to use.
CHROMIUM_ENV = "HOTSPOT_CHROMIUM"
#: Seconds the PNG step is given, at least and per MB of HTML (see :func:`png_timeout`).
PNG_TIMEOUT_BASE_S = 60.0
PNG_TIMEOUT_PER_MB_S = 10.0

_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "microsoft-edge",
    "msedge",
)
_MACOS_APPS = (
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Chromium.app/Contents/MacOS/Chromium",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
_WINDOWS_APPS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Chromium\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
)


def chromium_candidates(
    system: str | None = None, environ: Mapping[str, str] | None = None
) -> Iterator[str]:
    r"""Yield the places where Chromium is looked for, in order (paths or names on PATH).

    Parameters
    ----------
    system : str, optional
        ``"Linux"``, ``"Darwin"`` or ``"Windows"``; default this machine's.
    environ : mapping, optional
        Environment variables; default ``os.environ``.

    Yields
    ------
    str
        ``HOTSPOT_CHROMIUM`` first when set, then the usual install places.

    Examples
    --------
    >>> env = {"PROGRAMFILES": r"C:\Program Files", "HOTSPOT_CHROMIUM": "/opt/c"}
    >>> list(chromium_candidates("Windows", env))[:2]
    ['/opt/c', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe']
    """
    system = system or platform.system()
    environ = os.environ if environ is None else environ
    if environ.get(CHROMIUM_ENV):
        yield environ[CHROMIUM_ENV]
    if system == "Windows":
        for base in ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
            if environ.get(base):
                for app in _WINDOWS_APPS:
                    yield environ[base].rstrip("\\") + "\\" + app
    elif system == "Darwin":
        homes = ["/Applications"]
        if environ.get("HOME"):
            homes.append(environ["HOME"].rstrip("/") + "/Applications")
        for home in homes:
            for app in _MACOS_APPS:
                yield f"{home}/{app}"
    yield from _NAMES


def _executable(candidate: str) -> str | None:
    if os.sep in candidate or "/" in candidate or "\\" in candidate:
        path = Path(candidate)
        return str(path) if path.is_file() and os.access(path, os.X_OK) else None
    return shutil.which(candidate)


def find_chromium() -> str | None:
    """Return the path of a Chromium, Chrome or Edge executable, or None.

    ``HOTSPOT_CHROMIUM`` wins when it names an executable; otherwise the usual
    places of this system are tried (:func:`chromium_candidates`).

    Returns
    -------
    str or None

    Examples
    --------
    >>> isinstance(find_chromium(), (str, type(None)))
    True
    """
    for candidate in chromium_candidates():
        found = _executable(candidate)
        if found:
            return found
    return None


def _chromium_or_error() -> str:
    exe = find_chromium()
    if exe is not None:
        return exe
    chosen = os.environ.get(CHROMIUM_ENV)
    if chosen:
        raise FileNotFoundError(
            f"{CHROMIUM_ENV}={chosen!r} is not an executable file; point it at Chrome, "
            "Chromium or Edge, or unset it"
        )
    raise FileNotFoundError(
        "no Chromium found: install it (Debian: apt-get install chromium; macOS and "
        f"Windows: Google Chrome or Edge) or set {CHROMIUM_ENV} to its path"
    )


_CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
]
# No network at all: every request goes to a closed local proxy.
_NO_NETWORK = ["--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]


def run_chromium(
    args: list[str], *, timeout: float = 90, network: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a throw-away profile, the network off by default.

    Parameters
    ----------
    args : list of str
        Extra arguments (e.g. ``--screenshot=out.png`` and a file URL).
    timeout : float, default 90
        Seconds before giving up; Chromium and every process it started are
        then killed.
    network : bool, default False
        Let the page fetch from the network (only for maps with online tiles).

    Returns
    -------
    subprocess.CompletedProcess
        With ``stdout`` (e.g. the DOM for ``--dump-dom``).

    Raises
    ------
    FileNotFoundError
        If no Chromium is found (the message says how to install or name one).
    subprocess.TimeoutExpired
        If Chromium did not finish within ``timeout`` seconds.
    """
    exe = _chromium_or_error()
    flags = _CHROMIUM_FLAGS + ([] if network else _NO_NETWORK)
    with tempfile.TemporaryDirectory(prefix="hotspot-chromium-") as profile:
        command = [exe, *flags, f"--user-data-dir={profile}", *args]
        posix = os.name == "posix"
        with subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=posix,  # its own process group, killed as a whole
        ) as process:
            try:
                stdout, stderr = process.communicate(timeout=timeout)
            except subprocess.TimeoutExpired:
                _kill_tree(process, posix)
                process.communicate()
                raise
        return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _kill_tree(process: subprocess.Popen, posix: bool) -> None:
    """Kill Chromium and the renderer processes it started."""
    if posix:
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except OSError:
            pass
    process.kill()


def png_timeout(html_path: str | PathLike[str]) -> float:
    """Default seconds to render a saved map to PNG: it grows with the file's size.

    ``PNG_TIMEOUT_BASE_S`` plus ``PNG_TIMEOUT_PER_MB_S`` per MB of HTML (60 s
    plus 10 s per MB).

    Parameters
    ----------
    html_path : str or path-like
        The saved map.

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "m.html"
    >>> _ = page.write_bytes(b"x" * 3_000_000)
    >>> png_timeout(page)
    90.0
    """
    size_mb = Path(html_path).stat().st_size / 1e6
    return PNG_TIMEOUT_BASE_S + PNG_TIMEOUT_PER_MB_S * size_mb


def _check_timeout(timeout: object) -> None:
    if not (isinstance(timeout, (int, float)) and not isinstance(timeout, bool) and timeout > 0):
        raise ValueError(f"timeout={timeout!r}: expected a positive number of seconds")


_MODES = {"print": "#print", "bare": "#print&bare", "screen": ""}


def map_to_png(
    html_path: str | PathLike[str],
    png_path: str | PathLike[str],
    *,
    width: int = 1600,
    height: int = 1000,
    wait_ms: int = 4000,
    timeout: float | None = None,
    mode: str = "print",
    scale: float = 1,
    network: bool = False,
) -> Path:
    """Render a saved map to PNG with headless Chromium (no network by default).

    Parameters
    ----------
    html_path : str or path-like
        A map saved by :func:`save_map` (offline).
    png_path : str or path-like
        Output ``.png``; replaced atomically, left as it was when rendering fails.
    width, height : int
        Window size in pixels.
    wait_ms : int, default 4000
        Virtual time given to the page's scripts before the screenshot.
    timeout : float, optional
        Seconds before Chromium is stopped; default :func:`png_timeout`, which
        grows with the size of the map.
    mode : {"print", "bare", "screen"}, default "print"
        ``"print"``: the map without web controls (the briefing layout);
        ``"bare"``: the map alone (for the PDF, which sets the title, legend and
        sources around it); ``"screen"``: as a browser shows it.
    scale : float, default 1
        Device pixels per CSS pixel (2 for print: the PNG is twice ``width`` ×
        ``height``, with the same layout).
    network : bool, default False
        Allow network requests (maps with online ``tiles``).

    Returns
    -------
    pathlib.Path
        The PNG.

    Raises
    ------
    FileNotFoundError
        If Chromium is not found.
    ValueError
        If ``timeout`` is not a positive number of seconds or ``mode`` is unknown.
    RuntimeError
        If Chromium timed out or wrote no PNG (the message says which and
        quotes its error output).
    """
    if mode not in _MODES:
        raise ValueError(f"mode={mode!r}: expected one of {', '.join(_MODES)}")
    html_path = Path(html_path)
    if timeout is None:
        timeout = png_timeout(html_path)
    _check_timeout(timeout)
    png_path = Path(png_path).resolve()
    with atomic_file(png_path) as tmp:
        try:
            done = run_chromium(
                [
                    f"--screenshot={tmp}",
                    f"--window-size={width},{height}",
                    f"--force-device-scale-factor={scale:g}",
                    f"--virtual-time-budget={wait_ms}",
                    html_path.resolve().as_uri() + _MODES[mode],
                ],
                timeout=timeout,
                network=network,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"Chromium did not render {html_path.name} within {timeout:.0f} s; give it "
                "more time (timeout=, or --png-timeout on the command line) or skip the PNG"
            ) from exc
        if not tmp.exists():
            raise RuntimeError(
                f"Chromium wrote no PNG for {html_path}: {done.stderr[-800:].strip()}"
            )
    return png_path


def print_to_pdf(
    html_path: str | PathLike[str],
    pdf_path: str | PathLike[str],
    *,
    timeout: float = 60,
    wait_ms: int = 2000,
) -> Path:
    """Print an HTML page to PDF with headless Chromium (no network, no header or footer).

    The page sets its paper size with CSS (``@page { size: A4 landscape }``).

    Parameters
    ----------
    html_path : str or path-like
        The page (e.g. from :func:`hotspot.maps.briefing_page`).
    pdf_path : str or path-like
        Output ``.pdf``; replaced atomically, left as it was when printing fails.
    timeout : float, default 60
        Seconds before Chromium is stopped.
    wait_ms : int, default 2000
        Virtual time given to the page before printing.

    Returns
    -------
    pathlib.Path
        The PDF.

    Raises
    ------
    FileNotFoundError
        If Chromium is not found.
    RuntimeError
        If Chromium timed out or wrote no PDF.
    """
    _check_timeout(timeout)
    html_path = Path(html_path)
    pdf_path = Path(pdf_path).resolve()
    with atomic_file(pdf_path) as tmp:
        try:
            done = run_chromium(
                [
                    f"--print-to-pdf={tmp}",
                    "--no-pdf-header-footer",
                    "--print-to-pdf-no-header",  # the same, for Chromium before 120
                    f"--virtual-time-budget={wait_ms}",
                    html_path.resolve().as_uri(),
                ],
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise RuntimeError(
                f"Chromium did not print {html_path.name} within {timeout:.0f} s; give it "
                "more time (--png-timeout on the command line) or skip the PDF"
            ) from exc
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise RuntimeError(
                f"Chromium wrote no PDF for {html_path}: {done.stderr[-800:].strip()}"
            )
    return pdf_path
