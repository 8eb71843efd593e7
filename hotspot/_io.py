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
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from os import PathLike
from pathlib import Path

import pandas as pd

from hotspot._sanitize import csv_safe
from hotspot.errors import HotspotError, OutputError, caller_stacklevel

try:  # POSIX: advisory locks on the folder itself, no lock file needed
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # POSIX: the file-size limit tells "file too large" from a full disk
    import resource
except ImportError:  # pragma: no cover - Windows
    resource = None  # type: ignore[assignment]

__all__ = [
    "MANIFEST",
    "OutputRun",
    "atomic_file",
    "check_inputs",
    "output_run",
    "sha256_file",
    "write_csv",
    "write_text",
]

#: Name of the manifest a run writes into its folder.
MANIFEST = "hotspot_manifest.json"
_STAGING_PREFIX = ".hotspot-staging-"
_LOCK_FILE = ".hotspot.lock"  # only where the folder itself cannot be locked
_ACTIVE: dict[str, OutputRun] = {}  # staging folder (real path) -> its run


# Write faults that say nothing about our code: the machine cannot hold the file.
# errno -> (the cause, what to do)
_FAULTS = {
    errno.ENOSPC: (
        "the disk is full (no space left on the device)",
        "free some space or choose another output folder",
    ),
    errno.EDQUOT: (
        "the disk quota is exceeded",
        "free some space or choose another output folder",
    ),
    errno.EFBIG: (
        "the file would be larger than this process's file size limit (ulimit -f)",
        "raise the limit (ulimit -f unlimited) or choose another output folder",
    ),
    errno.EROFS: ("it is on a read-only file system", "choose another output folder"),
}
# The same, as libraries that do not keep the errno (GDAL, SQLite) word them.
_FAULT_WORDS = {
    "no space left": errno.ENOSPC,
    "disk is full": errno.ENOSPC,
    "quota exceeded": errno.EDQUOT,
    "file too large": errno.EFBIG,
    "read-only file system": errno.EROFS,
}
# What a path that exists but is not a file holds, for messages.
_SPECIAL = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _not_writable(path: Path, exc: OSError) -> OutputError:
    if exc.errno in _FAULTS:
        cause, remedy = _FAULTS[exc.errno]
        return OutputError(f"cannot write to {_shown(path)}: {cause}; {remedy}{_unchanged(path)}")
    reason = exc.strerror or type(exc).__name__
    return OutputError(
        f"cannot write to {_shown(path)}: {reason.lower()}; choose another output folder or "
        "make this one writable"
    )


def _run_of(path: Path) -> OutputRun | None:
    """Return the run whose staging folder is ``path`` or holds it (None outside any run)."""
    for candidate in (path, path.parent):
        run = _ACTIVE.get(os.path.realpath(candidate))
        if run is not None:
            return run
    return None


def _shown(path: Path) -> Path:
    """Name a file in a run's staging folder by its final place, for messages."""
    run = _run_of(path)
    if run is None:
        return path
    return (
        run.folder
        if os.path.realpath(path) == os.path.realpath(run.path)
        else run.folder / path.name
    )


def _unchanged(path: Path) -> str:
    run = _run_of(path)
    return f"; nothing in {run.folder} was changed" if run is not None else ""


def _fault(exc: BaseException, written: Path | None, folder: Path) -> int | None:
    """Return the errno of a write fault behind ``exc`` (see :data:`_FAULTS`), or None.

    Read from the exception and its causes, else from what the machine says:
    the file written has reached the process's file size limit, the disk or the
    quota has no room left, the file system is read-only. Libraries that write
    through C code (GDAL, SQLite) lose the errno and word the fault their way.
    """
    seen = exc
    for _ in range(8):  # the exception, its cause, its context...
        if isinstance(seen, OSError) and seen.errno in _FAULTS:
            return seen.errno
        text = str(seen).lower()
        for words, number in _FAULT_WORDS.items():
            if words in text:
                return number
        following = seen.__cause__ or seen.__context__
        if following is None:
            break
        seen = following
    if isinstance(exc, HotspotError) or (
        type(exc).__module__ == "builtins" and not isinstance(exc, OSError)
    ):
        return None  # our own checks and plain programming errors: not the machine's
    try:
        soft = resource.getrlimit(resource.RLIMIT_FSIZE)[0] if resource else None
        if (
            soft is not None
            and soft != resource.RLIM_INFINITY
            and written is not None
            and written.is_file()
            and written.stat().st_size >= soft
        ):
            return errno.EFBIG
    except (OSError, ValueError):  # pragma: no cover - not POSIX
        pass
    try:
        info = os.statvfs(folder)
    except (AttributeError, OSError):  # pragma: no cover - not POSIX
        return None
    if info.f_flag & getattr(os, "ST_RDONLY", 1):
        return errno.EROFS
    if info.f_bavail == 0 or (info.f_favail == 0 and info.f_files):
        return errno.ENOSPC
    return None


def _fault_error(path: Path, number: int, exc: BaseException) -> OutputError:
    cause, remedy = _FAULTS[number]
    detail = " ".join(str(exc).split())[:200]
    return OutputError(
        f"cannot write {_shown(path)}: {cause} ({detail}); {remedy}{_unchanged(path)}"
    )


def _check_target(path: Path) -> None:
    """Refuse to replace anything at ``path`` that is neither a regular file nor a link."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _not_writable(path.parent, exc) from exc
    if stat.S_ISREG(mode) or stat.S_ISLNK(mode):
        return
    kind = next((name for test, name in _SPECIAL if test(mode)), "not a regular file")
    if kind == "a folder":
        raise OutputError(f"cannot write {path}: a folder has that name; move it away")
    raise OutputError(
        f"cannot write {path}: it is {kind}, not a regular file; hotspot writes a file by "
        "replacing what has its name, so it never writes to devices, pipes or sockets; "
        "give the name of a file"
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
        a device, a FIFO or a socket (only a regular file or a link is ever
        replaced), nothing was written, or the machine cannot hold the file
        (disk full, quota, file size limit, read-only file system: named).

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
    _check_target(path)
    try:
        private = Path(tempfile.mkdtemp(prefix=f".{path.name[:40]}.", suffix=".tmp", dir=parent))
    except OSError as exc:
        raise _not_writable(parent, exc) from exc
    try:
        temporary = private / path.name
        try:
            yield temporary
        except Exception as exc:
            number = _fault(exc, temporary, parent)
            if number is not None:
                raise _fault_error(path, number, exc) from exc
            raise
        if not temporary.is_file():
            raise OutputError(f"nothing was written for {path}")
        _fsync(temporary)
        _replace(temporary, path)
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _replace(source: Path, target: Path) -> None:
    _check_target(target)
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
    recovered : str
        What was found of an earlier run interrupted while moving its files
        into place, and what was done about it (empty when nothing).
    """

    folder: Path
    path: Path
    known: set[str] = field(default_factory=set)
    written: dict[str, Path] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    recovered: str = ""
    _committing: bool = False

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
            files[name] = {"bytes": source.stat().st_size, "sha256": sha256_file(source)}
        previous = _earlier_files(self.folder)
        # The journal: before the first move the manifest says that a commit is
        # under way and which files it moves (so it never vouches for a mixed
        # set); the next run completes or reports it (see _recover).
        self._committing = True
        _write_manifest(
            self.folder,
            {
                **_header(),
                "state": "committing",
                "files": {},
                "commit": {
                    "staging": self.path.name,
                    "files": files,
                    "failed": dict(self.failed),
                    "previous": {name: sorted(h) for name, h in previous.items()},
                    "known": sorted(self.known),
                },
                "note": _JOURNAL_NOTE,
            },
        )
        for name in staged:
            _replace(self.path / name, self.folder / name)
            self.written[name] = self.folder / name
        self.removed = _remove_earlier(self.folder, previous, self.known, set(staged))
        _write_manifest(self.folder, _final_manifest(files, self.failed, self.removed))
        self._committing = False
        self.written[MANIFEST] = self.folder / MANIFEST


_JOURNAL_NOTE = (
    "a hotspot run is moving its files into place, or was interrupted while doing so: "
    "the files in this folder may be a mix of two runs and none is vouched for; the next "
    "hotspot run into this folder completes the move from the staging folder named under "
    "'commit' or, if it is gone, replaces the files"
)


def _header() -> dict[str, str]:
    return {
        "generator": f"hotspot {_version()}",
        "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _final_manifest(files: dict, failed: dict[str, str], removed: list[str]) -> dict:
    return {
        **_header(),
        "state": "complete",
        "files": files,
        "failed": dict(failed),
        "removed": list(removed),
        "note": "files in this folder not listed under 'files' are not from this run",
    }


def _write_manifest(folder: Path, manifest: dict) -> None:
    """Replace the folder's manifest atomically and make the renames before it durable."""
    write_text(folder / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _version() -> str:
    try:
        return metadata.version("hotspot")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "unknown"


def sha256_file(path: str | PathLike[str]) -> str:
    """Return the SHA-256 of a file's bytes as hex, read in 1 MiB blocks.

    The one file hash of hotspot: manifests, download records, cache checks.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> _ = path.write_bytes(b"abc")
    >>> sha256_file(path)[:16]
    'ba7816bf8f01cfea'
    """
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


def _manifest_document(folder: Path) -> dict:
    """Return the folder's manifest ({} when missing, unreadable or not a regular file)."""
    path = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):  # never follow a planted link
            return {}
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}


def _entries(files: object) -> dict[str, dict]:
    """Plain-named file entries of a manifest section (anything else is ignored)."""
    if not isinstance(files, dict):
        return {}
    return {name: e for name, e in files.items() if _plain_name(name) and isinstance(e, dict)}


def _earlier_files(folder: Path) -> dict[str, set[str]]:
    """Files of earlier runs, each with the SHA-256 it may have (plain names only).

    From the manifest's ``files``; for a commit that was interrupted, from the
    files it was moving and those of the run before it (either may be there).
    """
    document = _manifest_document(folder)
    out: dict[str, set[str]] = {}

    def add(name: str, digest: object) -> None:
        out.setdefault(name, set())
        if isinstance(digest, str):
            out[name].add(digest)

    for name, entry in _entries(document.get("files")).items():
        add(name, entry.get("sha256"))
    commit = document.get("commit")
    if document.get("state") == "committing" and isinstance(commit, dict):
        for name, entry in _entries(commit.get("files")).items():
            add(name, entry.get("sha256"))
        previous = commit.get("previous")
        if isinstance(previous, dict):
            for name, digests in previous.items():
                if _plain_name(name) and isinstance(digests, list):
                    for digest in digests:
                        add(name, digest)
    return out


def _remove_earlier(
    folder: Path, earlier: dict[str, set[str]], known: set[str], kept: set[str]
) -> list[str]:
    """Remove files of earlier runs that this run did not write (see :func:`_remove_stale`)."""
    candidates = (set(earlier) | known) - kept - {MANIFEST}
    return [
        name
        for name in sorted(candidates)
        if _remove_stale(folder / name, earlier.get(name, set()), name in known)
    ]


def _remove_stale(path: Path, digests: set[str], ours: bool) -> bool:
    """Remove an earlier run's file; a file changed since that run is left alone.

    Files with one of our own output names (``ours``) are always removed; other
    files only if an earlier manifest lists them with the same SHA-256. Folders
    are never removed and links are removed, never followed.
    """
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(info.st_mode):
        return False
    if not ours:
        if not stat.S_ISREG(info.st_mode) or not digests:
            return False
        if sha256_file(path) not in digests:
            return False
    try:
        os.unlink(path)
    except OSError:
        return False
    return True


def _regular(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _recover(folder: Path) -> str:
    """Complete, or report, a commit an earlier run left unfinished (we hold the lock).

    The journal (a manifest in state ``"committing"``) lists the files that run
    was moving with their SHA-256. Each is either in place already or still in
    the run's staging folder (a real folder, never a link): then the move is
    completed, the earlier files that run did not write are removed and its
    manifest is written. If a file is in neither place, nothing is moved; the
    message says so and this run's own commit replaces the mix.
    """
    document = _manifest_document(folder)
    commit = document.get("commit")
    if document.get("state") != "committing" or not isinstance(commit, dict):
        return ""
    files = _entries(commit.get("files"))
    name = commit.get("staging")
    staging = (
        folder / name
        if isinstance(name, str)
        and name.startswith(_STAGING_PREFIX)
        and _plain_name(name.removeprefix("."))
        and stat.S_ISDIR(_lstat_mode(folder / name))  # a real folder, never a link
        else None
    )
    missing, moves = [], []
    for file_name, entry in files.items():
        final = folder / file_name
        if _regular(final) and sha256_file(final) == entry.get("sha256"):
            continue
        source = staging / file_name if staging is not None else None
        if source is not None and _regular(source) and sha256_file(source) == entry.get("sha256"):
            moves.append((source, final))
        else:
            missing.append(file_name)
    what = f"an earlier hotspot run into {folder} was interrupted while moving its files into place"
    if missing:
        return (
            f"{what}, and its move could not be completed ({len(missing)} of its files are "
            f"neither in place nor in its staging folder: {', '.join(missing[:5])}); its files "
            "are replaced by this run's"
        )
    for source, final in moves:
        _replace(source, final)
    earlier = {
        n: set(d)
        for n, d in (commit.get("previous") or {}).items()
        if _plain_name(n) and isinstance(d, list)
    }
    known = {n for n in commit.get("known") or [] if _plain_name(n)}
    removed = _remove_earlier(folder, earlier, known, set(files))
    failed = commit.get("failed") if isinstance(commit.get("failed"), dict) else {}
    manifest = _final_manifest(files, failed, removed)
    manifest["recovered"] = f"{what}; the move was completed by a later run"
    _write_manifest(folder, manifest)
    return f"{what}; its move was completed from its staging folder ({len(moves)} file(s))"


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return 0


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


def check_inputs(
    folder: str | PathLike[str],
    inputs: Iterable[str | PathLike[str]],
    *,
    known: Iterable[str] = (),
) -> None:
    """Refuse a run into ``folder`` that would overwrite or remove one of its input files.

    A run replaces the files it writes and removes earlier outputs (see
    :func:`output_run`): an input file that is one of them, by its path or as
    the same file (a link, the same inode), would be lost without a word.

    Parameters
    ----------
    folder : str or path-like
        The output folder.
    inputs : iterable of str or path-like
        The files the run reads (those that do not exist are ignored).
    known : iterable of str
        Names this kind of run may write or remove (``known`` of :func:`output_run`).

    Raises
    ------
    OutputError
        Naming the input, the output it would be, and suggesting another folder.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "summary.txt").write_text("mine")
    >>> check_inputs(folder, [folder / "summary.txt"], known=["summary.txt"])
    Traceback (most recent call last):
    ...
    hotspot.errors.OutputError: .../summary.txt: this input file would be overwritten or removed ...
    """
    folder = Path(folder)
    files = [Path(p) for p in inputs]
    if not files or not folder.is_dir():
        return
    earlier = set(_earlier_files(folder))
    names = sorted(set(known) | {MANIFEST} | earlier)
    targets = {}
    for name in names:
        with contextlib.suppress(OSError):
            info = os.stat(folder / name)  # through a link: the file it would replace
            targets.setdefault((info.st_dev, info.st_ino), name)
    for path in files:
        try:
            info = os.stat(path)
        except OSError:
            continue
        name = targets.get((info.st_dev, info.st_ino))
        if name is None:
            continue
        what = "its output" if name in known or name == MANIFEST else "an earlier output"
        direct = path.name == name and path.parent.resolve() == folder.resolve()
        same = "" if direct else f" (the same file as {folder / name})"
        raise OutputError(
            f"{path}: this input file would be overwritten or removed by the run, as {what} "
            f"{name} in {folder}{same}; nothing was written. Give another output folder "
            "(--out), or move the input out of it"
        )


@contextlib.contextmanager
def output_run(
    folder: str | PathLike[str],
    *,
    known: Iterable[str] = (),
    inputs: Iterable[str | PathLike[str]] = (),
) -> Iterator[OutputRun]:
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
    inputs : iterable of str or path-like
        Files the run reads: the run is refused, before anything is written,
        when one of them would be overwritten or removed (:func:`check_inputs`).

    Yields
    ------
    OutputRun
        Write into ``run.path``; record outputs that failed with ``run.fail``.

    Raises
    ------
    OutputError
        If the folder cannot be created or written, another run holds it, or
        the run would overwrite or remove one of its ``inputs``.

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
    known = set(known)
    joined = _ACTIVE.get(os.path.realpath(folder))
    check_inputs(joined.folder if joined is not None else folder, inputs, known=known)
    if joined is not None:
        joined.known.update(known)
        yield joined
        return
    _make_folder(folder)
    handle = _lock(folder)
    try:
        recovered = _recover(folder)
        if recovered:
            warnings.warn(recovered, UserWarning, stacklevel=caller_stacklevel())
        _clear_leftovers(folder)
        try:
            staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=folder))
        except OSError as exc:
            raise _not_writable(folder, exc) from exc
        run = OutputRun(folder=folder, path=staging, known=known, recovered=recovered)
        key = os.path.realpath(staging)
        _ACTIVE[key] = run
        try:
            yield run
            run._commit()
        finally:
            del _ACTIVE[key]
            if not run._committing:  # a commit cut short keeps its files for the next run
                shutil.rmtree(staging, ignore_errors=True)
    finally:
        _unlock(handle)
