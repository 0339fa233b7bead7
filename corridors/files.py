"""Writing output files safely: atomic, exclusive unless asked, never through special files.

Every file corridors writes (``--output``, ``--map``, ``--chart``, the OSM extension tables,
``explore_routes(path=...)``) goes through :func:`atomic_path` or :func:`write_text`:

* the content is written to a temporary file created *exclusively* under an unpredictable
  name in the target's own directory (so no planted symbolic link can redirect it), then
  renamed onto the target in one step: readers see the old file or the new one, never half;
* without ``overwrite`` an existing target is never replaced, even one that appears while the
  file is being written (the final step is a hard link, which fails if the name exists);
* with ``overwrite`` only a regular file is replaced: a directory, symbolic link, device node,
  FIFO or socket is refused (``-o /dev/null --force`` does not replace ``/dev/null``);
* on any error, including Ctrl-C, the temporary file is removed and the target is untouched.

A new file gets the usual permissions (``0666`` less the umask); a replaced file keeps its mode.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from corridors.errors import OutputError, OutputExistsError

__all__ = ["atomic_path", "check_target", "write_text"]


def _what(mode: int) -> str:
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not a regular file"


def _hint(option: str | None) -> str:
    return f"choose another {option}" if option else "choose another path"


def check_target(path: str | os.PathLike[str], *, overwrite: bool = False,
                 option: str | None = None) -> Path:
    """Check that ``path`` may be written, before any work is done.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    overwrite : bool
        Whether an existing regular file may be replaced.
    option : str, optional
        The command-line option that named the file (``"--output"``), for the message.

    Returns
    -------
    Path

    Raises
    ------
    OutputExistsError
        If something is there that must not be replaced.
    OutputError
        If the directory does not exist or is not writable.
    """
    target = Path(path)
    try:
        st = target.lstat()
    except FileNotFoundError:
        parent = target.parent
        if not parent.is_dir():
            raise OutputError(errno.ENOENT, f"cannot write {target}: the directory {parent} "
                              f"does not exist; create it or {_hint(option)}") from None
        _check_writable(target, option)
        return target
    except OSError as exc:
        raise OutputError(exc.errno, f"cannot write {target}: {exc.strerror}") from None
    if not stat.S_ISREG(st.st_mode):
        raise OutputExistsError(errno.EEXIST, f"{target} is {_what(st.st_mode)}, which is "
                                f"never replaced; {_hint(option)}" + (
                                    " (write to standard output with '-')"
                                    if option == "--output" else ""))
    if not overwrite:
        force = "add --force" if option else "pass overwrite=True"
        raise OutputExistsError(errno.EEXIST, f"{target} exists; {_hint(option)} or {force}")
    _check_writable(target, option)  # the replacement is written beside it, then renamed
    return target


def _check_writable(target: Path, option: str | None) -> None:
    parent = target.parent
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(errno.EACCES, f"cannot write {target}: the directory {parent} "
                          f"is not writable by you; {_hint(option)}")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], *, overwrite: bool = False,
                option: str | None = None) -> Iterator[Path]:
    """Yield a temporary path to write; on success it becomes ``path`` in one step.

    For libraries that write by file name (matplotlib's ``savefig``, folium's ``save``): the
    temporary name keeps the target's suffix, so the format is chosen the same way.

    Parameters
    ----------
    path : str or path-like
        The file to write.
    overwrite : bool
        Replace an existing regular file (never anything else).
    option : str, optional
        The command-line option that named the file, for messages.

    Yields
    ------
    Path
        An empty file, created exclusively next to the target; write it by name.

    Raises
    ------
    OutputExistsError, OutputError
        See :func:`check_target`; the check is repeated when the file is put in place.
    """
    target = check_target(path, overwrite=overwrite, option=option)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".tmp{target.suffix}",
                                    dir=target.parent)
    except OSError as exc:
        raise OutputError(exc.errno, f"cannot write in {target.parent}: {exc.strerror}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        _commit(tmp, target, overwrite=overwrite, option=option)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _commit(tmp: Path, target: Path, *, overwrite: bool, option: str | None) -> None:
    try:
        st = target.lstat()
    except FileNotFoundError:
        st = None
    if st is not None:
        check_target(target, overwrite=overwrite, option=option)  # raises unless allowed
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask()
    os.chmod(tmp, mode)
    if overwrite:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)  # fails if the name exists, atomically
    except FileExistsError:
        raise OutputExistsError(errno.EEXIST, f"{target} appeared while it was being written; "
                                f"{_hint(option)}") from None
    except OSError:  # a file system without hard links: the check above is the best we have
        if os.path.lexists(target):
            raise OutputExistsError(errno.EEXIST, f"{target} exists; {_hint(option)}") from None
        os.replace(tmp, target)


def write_text(path: str | os.PathLike[str], text: str, *, overwrite: bool = False,
               option: str | None = None) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_path`.

    Returns
    -------
    Path
        The file written.
    """
    with atomic_path(path, overwrite=overwrite, option=option) as tmp:
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    return Path(path)
