"""Output files: atomic, exclusive unless asked, never through links or special files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from corridors.cli import main
from corridors.errors import CorridorsError, OutputError, OutputExistsError
from corridors.files import atomic_path, check_target, write_text

posix_only = pytest.mark.skipif(os.name != "posix", reason="symlinks, FIFOs and modes")

ROUTE = ["route", "almaty", "alat_port", "--format", "json"]


def _route(tiny_dir: Path, *extra: str) -> list[str]:
    return [*ROUTE, "--data", str(tiny_dir), *extra]


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if ".tmp" in p.name)


# ----------------------------------------------------------------------- the library
def test_write_text_creates_a_new_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    assert write_text(target, "ünïcode\n") == target
    assert target.read_text(encoding="utf-8") == "ünïcode\n"
    assert _leftovers(tmp_path) == []


@posix_only
def test_a_new_file_follows_the_umask_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        write_text(tmp_path / "new.txt", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o640
    kept = tmp_path / "kept.txt"
    kept.write_text("old", encoding="utf-8")
    os.chmod(kept, 0o604)
    write_text(kept, "new", overwrite=True)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o604 and kept.read_text() == "new"


def test_an_existing_file_is_kept_without_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("keep", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="exists") as info:
        write_text(target, "new")
    assert isinstance(info.value, FileExistsError) and isinstance(info.value, CorridorsError)
    assert not str(info.value).startswith("[Errno")
    assert target.read_text(encoding="utf-8") == "keep"
    assert _leftovers(tmp_path) == []


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(OutputExistsError, match=r"exists|appeared"):
        with atomic_path(target) as tmp:
            tmp.write_text("mine", encoding="utf-8")
            target.write_text("theirs", encoding="utf-8")  # another process got there first
    assert target.read_text(encoding="utf-8") == "theirs"
    assert _leftovers(tmp_path) == []


def test_an_error_while_writing_leaves_no_temp_file_and_no_target(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise RuntimeError("disk full")
    assert not target.exists() and _leftovers(tmp_path) == []
    target.write_text("old", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt):
        with atomic_path(target, overwrite=True) as tmp:
            tmp.write_text("half", encoding="utf-8")
            raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "old" and _leftovers(tmp_path) == []


def test_the_temp_name_is_unpredictable_and_keeps_the_suffix(tmp_path: Path) -> None:
    names = set()
    for _ in range(3):
        with atomic_path(tmp_path / "map.png", overwrite=True) as tmp:
            assert tmp.parent == tmp_path and tmp.suffix == ".png"
            names.add(tmp.name)
            tmp.write_bytes(b"x")
    assert len(names) == 3


@posix_only
def test_a_planted_symlink_at_the_old_temp_name_is_not_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    for name in (".out.txt.tmp", ".out.tmp.txt"):
        (tmp_path / name).symlink_to(victim)
    write_text(tmp_path / "out.txt", "new")
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "new"


@posix_only
@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory", "device"])
def test_special_files_are_never_replaced_even_with_overwrite(tmp_path: Path,
                                                              kind: str) -> None:
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "real.txt").write_text("keep", encoding="utf-8")
        target.symlink_to(tmp_path / "real.txt")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "directory":
        target.mkdir()
    else:
        target = Path("/dev/null")
        if not target.exists():
            pytest.skip("no /dev/null")
    before = target.lstat()
    with pytest.raises(OutputExistsError, match="never replaced"):
        write_text(target, "x", overwrite=True)
    after = target.lstat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    if kind == "symlink":
        assert (tmp_path / "real.txt").read_text(encoding="utf-8") == "keep"


def test_a_missing_directory_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        check_target(tmp_path / "no" / "such" / "out.txt", option="--output")


# ----------------------------------------------------------------------- the command line
def test_output_is_written_and_not_clobbered(tiny_dir: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "route.json"
    assert main(_route(tiny_dir, "-o", str(out))) == 0
    first = out.read_text(encoding="utf-8")
    assert '"legs"' in first
    out.write_text("mine", encoding="utf-8")
    assert main(_route(tiny_dir, "-o", str(out))) == 2
    err = capsys.readouterr().err
    assert "exists" in err and "--force" in err and "[Errno" not in err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(_route(tiny_dir, "-o", str(out), "--force")) == 0
    assert out.read_text(encoding="utf-8") == first
    assert _leftovers(tmp_path) == []


@posix_only
def test_output_does_not_follow_a_planted_temp_symlink(tiny_dir: Path, tmp_path: Path) -> None:
    """The old writer wrote ``.NAME.tmp`` beside the target, following a symlink there."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    (tmp_path / ".route.json.tmp").symlink_to(victim)
    assert main(_route(tiny_dir, "-o", str(tmp_path / "route.json"), "--force")) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert '"legs"' in (tmp_path / "route.json").read_text(encoding="utf-8")


@posix_only
@pytest.mark.parametrize("kind", ["symlink", "fifo", "directory"])
def test_force_never_replaces_special_files(tiny_dir: Path, tmp_path: Path, kind: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "real.json").write_text("keep", encoding="utf-8")
        target.symlink_to(tmp_path / "real.json")
    elif kind == "fifo":
        os.mkfifo(target)
    else:
        target.mkdir()
    assert main(_route(tiny_dir, "-o", str(target), "--force")) == 2
    err = capsys.readouterr().err
    assert "never replaced" in err and "'-'" in err
    assert target.is_symlink() if kind == "symlink" else not target.is_symlink()
    if kind == "fifo":
        assert stat.S_ISFIFO(target.lstat().st_mode)
    if kind == "symlink":
        assert (tmp_path / "real.json").read_text(encoding="utf-8") == "keep"


def test_dash_writes_to_standard_output(tiny_dir: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_route(tiny_dir, "-o", "-", "--force")) == 0
    assert '"legs"' in capsys.readouterr().out


def test_an_unwritable_output_fails_before_any_work(tiny_dir: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    import corridors.network

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("the network was loaded for an output that cannot be written")

    monkeypatch.setattr(corridors.network, "load_network", boom)
    assert main(_route(tiny_dir, "-o", str(tmp_path / "nodir" / "r.json"))) == 2
    assert "does not exist" in capsys.readouterr().err


@posix_only
def test_map_and_chart_do_not_follow_planted_temp_symlinks(tiny_dir: Path,
                                                           tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    for name in (".map.tmp.png", ".chart.tmp.svg"):  # the old writer's temp names
        (tmp_path / name).symlink_to(victim)
    argv = ["route", "almaty", "alat_port", "--data", str(tiny_dir),
            "--map", str(tmp_path / "map.png"), "--chart", str(tmp_path / "chart.svg")]
    assert main(argv) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (tmp_path / "map.png").read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in (tmp_path / "chart.svg").read_bytes()[:500]


@posix_only
def test_map_never_replaces_a_special_file(tiny_dir: Path, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "map.png"
    os.mkfifo(target)
    argv = ["route", "almaty", "alat_port", "--data", str(tiny_dir), "--map", str(target),
            "--force"]
    assert main(argv) == 2
    assert "never replaced" in capsys.readouterr().err
    assert stat.S_ISFIFO(target.lstat().st_mode)
