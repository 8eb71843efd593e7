"""Safe, atomic output files and folders: the one way hotspot writes to disk.

Two tools, used by every writer (GeoJSON, GeoPackage, CSV, HTML, PNG, text):

* :func:`atomic_file` — write one file under a temporary name in a private
  folder beside the target, then move it onto the final name with
  :func:`os.replace`. A reader never sees a half-written file, a killed process
  leaves the old file (or none) under the final name, and a symbolic link
  planted at the final name is replaced, never followed.
* :func:`output_run` — write a set of files as one run into a folder: an
  exclusive lock on the folder (a second run into it at the same time is
  refused), a private staging folder inside it that the writers fill, and on
  success every staged file moved into place, the outputs of earlier runs that
  this run did not write removed, and a manifest (:data:`MANIFEST`) listing the
  run's files with their size and SHA-256. On failure the folder is left as it
  was (except for leftovers of the staging folder, cleared by the next run).

Writers called with a path inside an active run's staging folder join that
run instead of starting another (so ``GapResult.to_files`` works on its own and
inside ``Analysis.write``).

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with output_run(folder, known=["old.txt"]) as run:
...     _ = write_text(run.path / "a.txt", "hello")
>>> sorted(p.name for p in folder.iterdir())
['a.txt', 'hotspot_manifest.json']
>>> sorted(run.written)
['a.txt', 'hotspot_manifest.json']
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from os import PathLike
from pathlib import Path

import pandas as pd

from hotspot._sanitize import csv_safe
from hotspot.errors import OutputError

try:  # POSIX: advisory locks on the folder itself, no lock file needed
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MANIFEST",
    "OutputRun",
    "atomic_file",
    "output_run",
    "write_csv",
    "write_text",
]

#: Name of the manifest a run writes into its folder.
MANIFEST = "hotspot_manifest.json"
_STAGING_PREFIX = ".hotspot-staging-"
_LOCK_FILE = ".hotspot.lock"  # only where the folder itself cannot be locked
_ACTIVE: dict[str, OutputRun] = {}  # staging folder (real path) -> its run


def _not_writable(path: Path, exc: OSError) -> OutputError:
    reason = exc.strerror or type(exc).__name__
    return OutputError(
        f"cannot write to {path}: {reason.lower()}; choose another output folder or make "
        "this one writable"
    )


def _fsync(path: Path) -> None:
    """Flush a file's content to disk (so a crash cannot leave it empty)."""
    with contextlib.suppress(OSError), open(path, "rb") as fh:
        os.fsync(fh.fileno())


@contextlib.contextmanager
def atomic_file(path: str | PathLike[str]) -> Iterator[Path]:
    """Yield a temporary path to write; on success move it onto ``path`` atomically.

    The temporary file sits in a fresh private folder beside ``path`` (same
    file system, so the move is atomic) and has the same name, so writers that
    choose a format by the file extension work unchanged. If the block raises,
    or writes nothing, ``path`` is left as it was.

    Parameters
    ----------
    path : str or path-like
        The final file. Its folder must exist. A symbolic link there is
        replaced by the file, never followed.

    Yields
    ------
    pathlib.Path
        Where to write.

    Raises
    ------
    OutputError
        If the folder is missing or not writable, the final name is a folder,
        or nothing was written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(target) as tmp:
    ...     _ = tmp.write_text("done")
    >>> target.read_text()
    'done'
    """
    path = Path(path)
    parent = path.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: the folder {parent} does not exist")
    try:
        private = Path(tempfile.mkdtemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _not_writable(parent, exc) from exc
    try:
        temporary = private / path.name
        yield temporary
        if not temporary.is_file():
            raise OutputError(f"nothing was written for {path}")
        _fsync(temporary)
        _replace(temporary, path)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _replace(source: Path, target: Path) -> None:
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {target}: a folder has that name; move it away")
    try:
        os.replace(source, target)
    except OSError as exc:
        raise _not_writable(target.parent, exc) from exc


def write_text(path: str | PathLike[str], text: str) -> Path:
    """Write UTF-8 text atomically (see :func:`atomic_file`).

    Parameters
    ----------
    path : str or path-like
        The file.
    text : str
        Its content.

    Returns
    -------
    pathlib.Path
        The file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> write_text(pathlib.Path(tempfile.mkdtemp()) / "s.txt", "ok").read_text()
    'ok'
    """
    path = Path(path)
    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def write_csv(frame: pd.DataFrame, path: str | PathLike[str], **options: object) -> Path:
    """Write a table as UTF-8 CSV atomically, with spreadsheet formulas neutralised.

    Text cells that a spreadsheet would run as formulas are prefixed with
    ``'`` (:func:`hotspot._sanitize.csv_safe`); numbers are untouched.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path : str or path-like
        The file.
    **options
        Passed to :meth:`pandas.DataFrame.to_csv` (``index`` defaults to False).

    Returns
    -------
    pathlib.Path
        The file.

    Examples
    --------
    >>> import tempfile, pathlib, pandas as pd
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "t.csv"
    >>> print(write_csv(pd.DataFrame({"a": ["=1+1", "-2"]}), out).read_text(), end="")
    a
    '=1+1
    -2
    """
    options.setdefault("index", False)
    path = Path(path)
    with atomic_file(path) as tmp:
        csv_safe(frame).to_csv(tmp, encoding="utf-8", **options)
    return path


# --------------------------------------------------------------------------- runs


@dataclass
class OutputRun:
    """One run of outputs into a folder (see :func:`output_run`).

    Attributes
    ----------
    folder : pathlib.Path
        The output folder.
    path : pathlib.Path
        The private staging folder to write into (inside ``folder``).
    known : set of str
        File names this kind of run can write; any of them left from an earlier
        run and not written now is removed.
    written : dict of str to pathlib.Path
        After the run: name → final path of every file written (the manifest
        included).
    failed : dict of str to str
        Outputs that could not be written, with the reason (also in the manifest).
    removed : list of str
        Files of earlier runs removed because this run did not write them.
    """

    folder: Path
    path: Path
    known: set[str] = field(default_factory=set)
    written: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    def fail(self, name: str, reason: str) -> None:
        """Record that output ``name`` was not written, and why.

        Parameters
        ----------
        name : str
            The file name.
        reason : str
            One line for the manifest and the summary.
        """
        self.failed[name] = reason
        with contextlib.suppress(FileNotFoundError):
            (self.path / name).unlink()

    def _commit(self) -> None:
        staged = sorted(
            entry.name
            for entry in os.scandir(self.path)
            if entry.is_file(follow_symlinks=False) and entry.name != MANIFEST
        )
        files = {}
        for name in staged:
            source = self.path / name
            _fsync(source)
            files[name] = {"bytes": source.stat().st_size, "sha256": _sha256(source)}
        previous = _read_manifest(self.folder)
        for name in staged:
            _replace(self.path / name, self.folder / name)
            self.written[name] = self.folder / name
        candidates = (set(previous) | self.known) - set(staged) - {MANIFEST}
        for name in sorted(candidates):
            if _remove_stale(self.folder / name, previous.get(name), name in self.known):
                self.removed.append(name)
        manifest = {
            "generator": f"hotspot {_version()}",
            "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "files": files,
            "failed": dict(self.failed),
            "removed": list(self.removed),
            "note": "files in this folder not listed under 'files' are not from this run",
        }
        (self.path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        _fsync(self.path / MANIFEST)
        _replace(self.path / MANIFEST, self.folder / MANIFEST)
        self.written[MANIFEST] = self.folder / MANIFEST
        with contextlib.suppress(OSError):  # make the renames durable
            fd = os.open(self.folder, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _version() -> str:
    try:
        return metadata.version("hotspot")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _plain_name(name: object) -> bool:
    return (
        isinstance(name, str)
        and bool(name)
        and not name.startswith(".")
        and "\x00" not in name
        and os.path.basename(name) == name
        and (os.altsep is None or os.altsep not in name)
    )


def _read_manifest(folder: Path) -> dict[str, dict]:
    """Files listed by an earlier run's manifest (plain names only; {} when unreadable)."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # never follow a planted link
            return {}
        files = json.loads(path.read_text(encoding="utf-8")).get("files", {})
    except (OSError, ValueError, AttributeError):
        return {}
    if not isinstance(files, dict):
        return {}
    return {name: e for name, e in files.items() if _plain_name(name) and isinstance(e, dict)}


def _remove_stale(path: Path, entry: dict | None, ours: bool) -> bool:
    """Remove an earlier run's file; a file changed since that run is left alone.

    Files with one of our own output names (``ours``) are always removed; other
    files only if the earlier manifest lists them with the same SHA-256. Folders
    are never removed and links are removed, never followed.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    if not ours:
        if not stat.S_ISREG(info.st_mode) or entry is None:
            return False
        if entry.get("sha256") != _sha256(path):
            return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _lock(folder: Path) -> object:
    """Take the folder's run lock or raise :class:`OutputError` if another run holds it."""
    busy = OutputError(
        f"another hotspot run is writing to {folder}; wait for it to finish or choose "
        "another output folder"
    )
    if fcntl is not None:
        try:
            fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as exc:
            raise _not_writable(folder, exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                os.close(fd)
                raise busy from exc
            # A file system without locks (some network shares): write unlocked,
            # still atomically.
        return fd
    lock = folder / _LOCK_FILE  # pragma: no cover - Windows
    try:  # pragma: no cover
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError as exc:  # pragma: no cover
        raise OutputError(
            f"{busy} (if no run is active, delete {lock}: a run was interrupted)"
        ) from exc
    os.close(fd)  # pragma: no cover
    return lock  # pragma: no cover


def _unlock(handle: object) -> None:
    if isinstance(handle, int):
        os.close(handle)  # closing the descriptor releases the lock
    else:  # pragma: no cover - Windows lock file
        with contextlib.suppress(OSError):
            os.unlink(handle)  # type: ignore[arg-type]


def _clear_leftovers(folder: Path) -> None:
    """Remove staging folders of earlier runs that were killed (we hold the lock)."""
    for entry in os.scandir(folder):
        if entry.name.startswith(_STAGING_PREFIX) and entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)


def _make_folder(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"cannot write to {folder}: it exists and is not a folder") from exc
    except OSError as exc:
        raise _not_writable(folder, exc) from exc
    if not folder.is_dir():
        raise OutputError(f"cannot write to {folder}: it exists and is not a folder")


@contextlib.contextmanager
def output_run(folder: str | PathLike[str], *, known: Iterable[str] = ()) -> Iterator[OutputRun]:
    """Write a set of output files into ``folder`` as one safe run.

    Parameters
    ----------
    folder : str or path-like
        The output folder; created when missing.
    known : iterable of str
        Names this kind of run may write; those left by earlier runs and not
        written by this one are removed (so an old PNG does not survive a run
        without one). Other files of earlier runs are removed when the earlier
        manifest lists them unchanged; anything else in the folder is left
        alone and is not in the new manifest.

    Yields
    ------
    OutputRun
        Write into ``run.path``; record outputs that failed with ``run.fail``.

    Raises
    ------
    OutputError
        If the folder cannot be created or written, or another run holds it.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> with output_run(folder) as outer:
    ...     with output_run(outer.path) as inner:  # a writer inside the run joins it
    ...         _ = write_text(inner.path / "b.txt", "x")
    >>> inner is outer, sorted(outer.written)
    (True, ['b.txt', 'hotspot_manifest.json'])
    """
    folder = Path(folder)
    joined = _ACTIVE.get(os.path.realpath(folder))
    if joined is not None:
        joined.known.update(known)
        yield joined
        return
    _make_folder(folder)
    handle = _lock(folder)
    try:
        _clear_leftovers(folder)
        try:
            staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=folder))
        except OSError as exc:
            raise _not_writable(folder, exc) from exc
        run = OutputRun(folder=folder, path=staging, known=set(known))
        key = os.path.realpath(staging)
        _ACTIVE[key] = run
        try:
            yield run
            run._commit()
        finally:
            del _ACTIVE[key]
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        _unlock(handle)
