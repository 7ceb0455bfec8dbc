"""ingest.display_path names a file as its resolved path, relative to the project inside it. It
resolves a file's folder once per run and looks at the file itself with one lstat: the names must be
those of the definition (Path.resolve, then relative_to the project), through linked folders, linked
files, "..", and after a link moved between runs (forget_display_paths)."""
import os
from pathlib import Path

import pytest

from pipeline.ingest import display_path, forget_display_paths
from pipeline.paths import PROJECT_ENV


def defined(path: Path, project: Path) -> str:
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(project.resolve()).as_posix()
    except ValueError:
        return resolved.as_posix()


@pytest.fixture
def tree(tmp_path, monkeypatch):
    project, outside = tmp_path / "project", tmp_path / "outside"
    (project / "raw" / "sub").mkdir(parents=True)
    (outside / "docs").mkdir(parents=True)
    for f in (project / "raw" / "a.txt", project / "raw" / "sub" / "b.txt", outside / "docs" / "c.txt"):
        f.write_text("x", encoding="utf-8")
    (project / "linked-docs").symlink_to(outside / "docs")                 # a folder linked into the project
    (project / "raw" / "link.txt").symlink_to(outside / "docs" / "c.txt")  # a file linked
    (outside / "into-project").symlink_to(project / "raw")                  # outside, pointing in
    monkeypatch.chdir(project)
    monkeypatch.setenv(PROJECT_ENV, str(project))
    forget_display_paths()
    yield project, outside
    forget_display_paths()


NAMES = ["raw/a.txt", "./raw/a.txt", "raw/sub/../a.txt", "raw/sub/b.txt", "linked-docs/c.txt", "raw/link.txt",
         "linked-docs/../raw/a.txt", "raw", ".", "missing/x.txt"]


@pytest.mark.parametrize("name", NAMES)
def test_relative_names_as_defined(tree, name):
    project, _ = tree
    assert display_path(Path(name)) == defined(Path(name), project)


def test_absolute_and_outside_names_as_defined(tree):
    project, outside = tree
    for p in (project / "raw" / "a.txt", outside / "docs" / "c.txt", outside / "into-project" / "a.txt",
              outside / "into-project" / ".." / "docs" / "c.txt"):
        assert display_path(p) == defined(p, project), p
    assert display_path(outside / "into-project" / "a.txt") == "raw/a.txt"


def test_a_moved_link_is_seen_by_the_next_run(tree):
    project, outside = tree
    assert display_path(Path("linked-docs/c.txt")) == (outside / "docs" / "c.txt").resolve().as_posix()
    (project / "linked-docs").unlink()
    (project / "linked-docs").symlink_to(project / "raw")
    forget_display_paths()            # every run begins with it (outputs.session.run_session)
    assert display_path(Path("linked-docs/c.txt")) == "raw/c.txt"


def test_another_working_folder_names_relative_paths_from_there(tree, monkeypatch):
    project, outside = tree
    monkeypatch.chdir(outside)
    assert display_path(Path("docs/c.txt")) == (outside / "docs" / "c.txt").resolve().as_posix()
    assert display_path(Path("into-project/a.txt")) == "raw/a.txt"
    assert os.getcwd() == str(outside)
