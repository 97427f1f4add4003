"""Walking an untrusted library through the real pipeline: odd names, deep trees,
links, temp files, special files, permissions and folders that go away.

Every case runs `update_library` on real files and checks the database rows,
the problems people see and the search results: a bad entry costs only itself.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from enablement_desktop.library import update as update_mod
from enablement_desktop.library.update import RunSummary
from resources.docgen import write_pdf, write_pptx, write_text
from tests.support.indexed import Library, empty_library

FOLDER_KEPT = " — its files keep their last indexed version"


@pytest.fixture()
def library(tmp_path: Path) -> Iterator[Library]:
    with empty_library(tmp_path) as lib:
        yield lib


def counts(summary: RunSummary) -> tuple[int, int, int, int, int]:
    return summary.scanned, summary.added, summary.unchanged, summary.failed, summary.removed


# Names ---------------------------------------------------------------------

ODD_NAMES = [
    "é" * 126 + ".md",  # 255 bytes in UTF-8: the ext4/APFS/NTFS name limit
    "🚀" * 63 + ".md",  # 255 bytes of four-byte characters
    "🙂 launch deck.md",
    "עברית \u200fמצגת.md",  # right-to-left, with a right-to-left mark
    "عرض تقديمي.md",
    "日本語の資料.md",
    "cafe\u0301 decomposed.md",  # NFD as macOS writes it: kept, not normalised
    "  leading spaces.md",
    "trailing space .md",
    "-rf --help.md",
    "--.md",
    "#1 pick.md",
    "100% sure.md",
    "a%20b%2F.md",
    "back\\slash.md",
    "tab\there.md",
    "quotes \"and\" 'these'.md",
    "semi;colon & amp = $HOME.md",
]


def test_long_unicode_and_odd_names_are_indexed_under_their_exact_names(library):
    names = list(ODD_NAMES)
    try:
        library.md("new\nline.md", "probe")
        names.append("new\nline.md")
    except OSError:  # the filesystem refuses newlines (not ext4): nothing to test then
        pass
    for n, name in enumerate(names):
        library.md(name, f"oddname{n}x")
    long_pdf = "x" * 251 + ".pdf"
    write_pdf(library.root / long_pdf, ["# Long\nThe marker longpdfx is here."])
    long_folder = "f" * 255
    library.md(f"{long_folder}/{'n' * 252}.md", "longfolderx")

    summary = library.update()

    expected = {*names, long_pdf, f"{long_folder}/{'n' * 252}.md"}
    assert library.assets() == dict.fromkeys(expected, 0)
    assert library.problems() == {}
    assert counts(summary) == (len(expected), len(expected), 0, 0, 0)
    for n, name in enumerate(names):
        assert library.paths(f"oddname{n}x") == [name]
        assert (library.root / name).is_file()  # the stored path opens the file
    assert library.paths("longpdfx") == [long_pdf]
    assert library.paths("longfolderx") == [f"{long_folder}/{'n' * 252}.md"]
    assert counts(library.update()) == (len(expected), 0, len(expected), 0, 0)


def test_a_name_that_is_not_utf8_is_a_problem_and_the_rest_is_indexed(library):
    # Linux allows any bytes in a name; the database and synced events need text.
    root = os.fsencode(library.root)
    with open(os.path.join(root, b"bad \xff name.md"), "wb") as fh:
        fh.write(b"# Notes\nThe marker badbytesx is here.\n")
    os.mkdir(os.path.join(root, b"folder \xfe"))
    with open(os.path.join(root, b"folder \xfe", b"inside.md"), "wb") as fh:
        fh.write(b"# Notes\nThe marker insidebadx is here.\n")
    library.md("good.md", "goodx")

    summary = library.update()

    assert library.assets() == {"good.md": 0}
    renamed = "the name is not valid UTF-8 text — rename it"
    assert library.problems() == {
        "bad \ufffd name.md": ("unreadable", renamed),
        "folder \ufffd/": ("unreadable", renamed + FOLDER_KEPT),
    }
    assert counts(summary) == (1, 1, 0, 1, 0)
    assert library.paths("goodx") == ["good.md"]
    assert library.paths("badbytesx") == library.paths("insidebadx") == []


def test_deep_nesting_is_walked(library):
    deep = "/".join(f"level-{n:03}" for n in range(100))
    library.md(f"{deep}/bottom.md", "bottomx")
    library.md("top.md", "topx")

    summary = library.update()

    assert library.assets() == {f"{deep}/bottom.md": 0, "top.md": 0}
    assert counts(summary) == (2, 2, 0, 0, 0)
    assert library.paths("bottomx") == [f"{deep}/bottom.md"]


@pytest.mark.skipif(os.mkdir not in os.supports_dir_fd, reason="needs mkdir(dir_fd=)")
def test_a_folder_beyond_the_path_length_limit_is_a_problem_not_a_crash(library):
    # Built relative to open folders: the full path is longer than any call accepts.
    parts = [f"{n:02}" + "d" * 240 for n in range(20)]
    fd = os.open(library.root, os.O_RDONLY)
    try:
        for part in parts:
            os.mkdir(part, dir_fd=fd)
            inner = os.open(part, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
        out = os.open("far.md", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
        os.write(out, b"# Far\nThe marker farawayx is here.\n")
        os.close(out)
    finally:
        os.close(fd)
    library.md("near.md", "nearx")

    summary = library.update()

    problems = library.problems()
    [(folder, (reason, detail))] = problems.items()
    assert "/".join(parts).startswith(folder) and folder.endswith("/")
    assert len(os.fsencode(library.root / folder)) > 4000
    assert (reason, detail) == ("unreadable", "the path is too long for this system — move it higher up "
                                "or shorten folder names" + FOLDER_KEPT)
    assert library.assets() == {"near.md": 0}
    assert counts(summary) == (1, 1, 0, 0, 0)
    assert library.paths("nearx") == ["near.md"]


# Links, temp files, special files -------------------------------------------


def test_symlink_loops_and_folder_aliases_are_walked_once(library, tmp_path):
    library.md("decks/pitch.md", "pitchx")
    os.symlink("..", library.root / "decks/up")  # a loop: decks/up/decks/up/...
    os.symlink("decks", library.root / "alias")  # sorts before the real folder
    outside = tmp_path / "elsewhere"
    write_text(outside / "shared.md", "# Shared\nThe marker sharedx is here.\n")
    os.symlink(outside, library.root / "linked")

    summary = library.update()

    # The real path is the identity; a link reaching outside the library is followed once.
    assert library.assets() == {"decks/pitch.md": 0, "linked/shared.md": 0}
    assert library.problems() == {}
    assert counts(summary) == (2, 2, 0, 0, 0)
    assert library.paths("pitchx") == ["decks/pitch.md"]
    assert library.paths("sharedx") == ["linked/shared.md"]


def test_dangling_and_looping_file_links_are_problems_until_fixed(library):
    library.md("good.md", "goodx")
    os.symlink("drafts/pricing.md", library.root / "pricing.md")
    os.symlink("self.pdf", library.root / "self.pdf")

    summary = library.update()

    assert library.problems() == {
        "pricing.md": ("unreadable", "a link to drafts/pricing.md, which does not exist"),
        "self.pdf": ("unreadable", "a link that leads back to itself (link loop)"),
    }
    assert library.assets() == {"good.md": 0}
    assert counts(summary) == (1, 1, 0, 2, 0)
    assert library.paths("goodx") == ["good.md"]

    library.md("drafts/pricing.md", "pricingx")
    (library.root / "self.pdf").unlink()
    fixed = library.update()

    assert library.problems() == {}
    assert sorted(library.paths("pricingx")) == ["drafts/pricing.md", "pricing.md"]
    assert counts(fixed) == (3, 2, 1, 0, 0)


def test_hidden_and_office_temp_files_are_skipped(library):
    write_pptx(library.root / "deck.pptx", [{"title": "Pitch", "bullets": ["The marker realdeckx"]}])
    temporary = [
        "~$deck.pptx",  # PowerPoint's owner file while the deck is open
        "~WRL0001.tmp",
        "deck.pptx.tmp",
        "notes.md~",
        "report.pdf.part",
        "report.pdf.crdownload",
        ".hidden.md",
        ".git/notes.md",
    ]
    for name in temporary:
        write_text(library.root / name, "# Temp\nThe marker tempfilex is here.\n")
    write_pptx(library.root / "~$pitch.pptx", [{"title": "Owner", "bullets": ["The marker ownerx"]}])
    # LibreOffice's lock file: a hidden name ending in '#'.
    write_text(library.root / ".~lock.deck.pptx#", ",ana,laptop,26.11.2026 20:15,file:///home/ana/.config;")

    summary = library.update()

    assert library.assets() == {"deck.pptx": 0}
    assert library.problems() == {}
    assert counts(summary) == (1, 1, 0, 0, 0)
    assert library.paths("realdeckx") == ["deck.pptx"]
    assert library.paths("tempfilex") == library.paths("ownerx") == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_with_a_document_name_is_skipped_not_read(library):
    # Opening a FIFO waits for a writer forever. Were one handed to the pool,
    # the short timeout would record it as "timed out" and fail this test.
    os.mkfifo(library.root / "pipe.pdf")
    os.mkfifo(library.root / "pipe.txt")
    library.md("good.md", "goodx")

    summary = library.update(workers=2, timeout_s=10)

    assert library.problems() == {}
    assert library.assets() == {"good.md": 0}
    assert counts(summary) == (1, 1, 0, 0, 0)


# Permissions ----------------------------------------------------------------


def deny(path: Path) -> None:
    """chmod 000, or skip: root reads through any mode (the patched tests cover root)."""
    path.chmod(0)
    if os.access(path, os.R_OK):
        path.chmod(0o755 if path.is_dir() else 0o644)
        pytest.skip("chmod does not deny root; see the *_simulated tests")


def refuse_opening(monkeypatch: pytest.MonkeyPatch, *names: str) -> None:
    """Opening these files fails as after chmod 000, for every opener the pipeline uses."""

    def guarded(real: Callable) -> Callable:
        def opener(file, *args, **kwargs):
            if isinstance(file, str | bytes | os.PathLike) and os.path.basename(os.fsdecode(file)) in names:
                raise PermissionError(errno.EACCES, "Permission denied", os.fsdecode(file))
            return real(file, *args, **kwargs)

        return opener

    for module, name in ((io, "open"), (builtins, "open"), (os, "open")):
        monkeypatch.setattr(module, name, guarded(getattr(module, name)))


def refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path, error: OSError) -> None:
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(os.fsdecode(path)) == folder:
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)


def _secret_costs_only_itself(library: Library, summary: RunSummary) -> None:
    assert library.problems() == {"secret.md": ("unreadable", "Permission denied")}
    assert library.assets() == {"good.md": 0}
    assert counts(summary) == (2, 1, 0, 1, 0)
    assert library.paths("goodx") == ["good.md"]
    assert library.paths("secretx") == []


def test_unreadable_file_is_a_problem_until_it_can_be_read(library):
    library.md("good.md", "goodx")
    secret = library.md("secret.md", "secretx")
    deny(secret)
    try:
        _secret_costs_only_itself(library, library.update(workers=2))
        assert counts(library.update(workers=2)) == (2, 0, 1, 1, 0)
    finally:
        secret.chmod(0o644)
    # chmod leaves size and mtime alone: the file is retried because it opens now.
    fixed = library.update(workers=2)
    assert counts(fixed) == (2, 1, 1, 0, 0)
    assert library.problems() == {}
    assert library.paths("secretx") == ["secret.md"]


def test_unreadable_file_is_a_problem_until_it_can_be_read_simulated(library, monkeypatch):
    library.md("good.md", "goodx")
    library.md("secret.md", "secretx")
    with monkeypatch.context() as patch:
        refuse_opening(patch, "secret.md")
        _secret_costs_only_itself(library, library.update())
        # Still refused: the cheap open fails, so no reader is started for it.
        patch.setattr(update_mod, "ExtractPool", lambda *a, **k: pytest.fail("still unreadable"))
        again = library.update()
    assert counts(again) == (2, 0, 1, 1, 0)
    fixed = library.update()
    assert counts(fixed) == (2, 1, 1, 0, 0)
    assert library.problems() == {}
    assert library.paths("secretx") == ["secret.md"]


def _indexed_team_folder(library: Library) -> None:
    library.md("top.md", "topx")
    library.md("team/plan.md", "planx")
    write_pdf(library.root / "team/deep/brief.pdf", ["# Brief\nThe marker briefx is here."])
    assert counts(library.update()) == (3, 3, 0, 0, 0)
    library.md("team/new.md", "newx")  # appears while the folder is shut: not seen yet


def _team_folder_kept(library: Library, summary: RunSummary, why: str) -> None:
    assert library.problems() == {"team/": ("unreadable", why + FOLDER_KEPT)}
    assert library.assets() == {"top.md": 0, "team/plan.md": 0, "team/deep/brief.pdf": 0}
    assert counts(summary) == (1, 0, 1, 0, 0)
    assert library.paths("planx") == ["team/plan.md"]
    assert library.paths("briefx") == ["team/deep/brief.pdf"]


def _team_folder_back(library: Library) -> None:
    back = library.update()
    assert counts(back) == (4, 1, 3, 0, 0)
    assert library.problems() == {}
    assert library.paths("newx") == ["team/new.md"]


def test_unreadable_folder_keeps_its_assets(library):
    _indexed_team_folder(library)
    team = library.root / "team"
    deny(team)
    try:
        _team_folder_kept(library, library.update(), "permission denied")
    finally:
        team.chmod(0o755)
    _team_folder_back(library)


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.EIO, "Input/output error"), "Input/output error"),  # a network share dropping out
    ],
)
def test_unreadable_folder_keeps_its_assets_simulated(library, monkeypatch, error, why):
    _indexed_team_folder(library)
    with monkeypatch.context() as patch:
        refuse_listing(patch, library.root / "team", error)
        _team_folder_kept(library, library.update(), why)
    _team_folder_back(library)


def test_problems_in_an_unreadable_folder_are_kept_not_retried(library, monkeypatch):
    library.md("top.md", "topx")
    (library.root / "team").mkdir()
    (library.root / "team/empty.pdf").write_bytes(b"")
    library.update()
    assert library.problems() == {"team/empty.pdf": ("damaged", "empty file (0 bytes)")}
    with monkeypatch.context() as patch:
        refuse_listing(patch, library.root / "team", PermissionError(errno.EACCES, "Permission denied"))
        library.update()
        assert set(library.problems()) == {"team/", "team/empty.pdf"}
    # Listed again and unchanged: still known as damaged, so not read again.
    again = library.update()
    assert library.problems() == {"team/empty.pdf": ("damaged", "empty file (0 bytes)")}
    assert counts(again) == (2, 0, 1, 1, 0)


# The library root -------------------------------------------------------------


def _indexed(library: Library) -> None:
    library.md("a.md", "alphax")
    library.md("sub/b.md", "bravox")
    assert counts(library.update()) == (2, 2, 0, 0, 0)


def _nothing_changed(library: Library) -> None:
    assert library.assets() == {"a.md": 0, "sub/b.md": 0}
    assert library.paths("alphax") == ["a.md"]
    assert library.paths("bravox") == ["sub/b.md"]


def test_missing_library_root_is_a_clear_error_and_nothing_is_deleted(library):
    _indexed(library)
    away = library.root.with_name("unplugged")
    library.root.rename(away)

    with pytest.raises(FileNotFoundError, match="does not exist or is not reachable"):
        library.update()
    _nothing_changed(library)

    away.rename(library.root)
    assert counts(library.update()) == (2, 0, 2, 0, 0)


def test_library_root_that_is_a_file_is_a_clear_error(library):
    _indexed(library)
    shutil.rmtree(library.root)
    library.root.write_text("not a folder")
    with pytest.raises(FileNotFoundError, match="does not exist or is not reachable"):
        library.update()
    _nothing_changed(library)


def test_unreadable_library_root_is_a_clear_error_and_nothing_is_deleted(library, monkeypatch):
    _indexed(library)
    with monkeypatch.context() as patch:
        refuse_listing(patch, library.root, PermissionError(errno.EACCES, "Permission denied"))
        with pytest.raises(OSError, match=r"cannot be read \(permission denied\); nothing was changed"):
            library.update()
    _nothing_changed(library)
    status = library.ctx.db.execute("SELECT status FROM index_runs ORDER BY id DESC LIMIT 1").fetchone()
    assert status == ("failed",)
    assert counts(library.update()) == (2, 0, 2, 0, 0)
