"""A build split across CI runners gives the site one build gives, byte for byte.

`playbook build --shard I/N` renders a deterministic share of the partners' pages and PDFs into
its own cache; the caches merge by copying their files into one; `playbook build --assemble`
builds the site from it without rendering. The shards run here as separate processes on
separate copies of the project, as CI runners would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator.publish.exports as exports
from conftest import AS_OF, ROOT, Project, copy_project
from generator.cli import cli
from generator.errors import UserError
from generator.publish.buildcache import CACHE_DIR, BuildCache
from generator.publish.exports import KINDS, pdf_key
from generator.publish.partners import HEADS
from generator.publish.shards import Shard

SHARDS = 3


def tree(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def playbook(root: Path, *args: str) -> subprocess.Popen[str]:
    command = [str(Path(sys.executable).parent / "playbook"), "-C", str(root), *args]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "COLUMNS": "200"}
    return subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True
    )


def finished(process: subprocess.Popen[str]) -> str:
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    return output


@pytest.mark.slow
def test_shards_and_their_assembly_build_what_one_build_builds(
    tmp_path: Path, shipped_site: Path
) -> None:
    """The runners restore last run's PDFs, but for one partner per shard (its assessment
    changed, say): each shard renders every page of its partners and that partner's PDFs."""
    changed = [next(s for s in SHIPPED if Shard(i, SHARDS).takes(s)) for i in range(1, SHARDS + 1)]
    runners = [
        restored(shipped_site.parent, copy_project(tmp_path / f"runner-{i}"), changed)
        for i in range(1, SHARDS + 1)
    ]
    running = [
        playbook(root, "build", "--shard", f"{i}/{SHARDS}", "--as-of", AS_OF)
        for i, root in enumerate(runners, start=1)
    ]
    outputs = [" ".join(finished(process).split()) for process in running]
    taken = [int(text.split(": ", 1)[1].split(" of ")[0]) for text in outputs]
    assert sum(taken) == len(SHIPPED) and all(taken), outputs  # each partner in one shard
    assert all(
        f"({n} rendered, 0 unchanged; 2 of {2 * n} PDFs" in t
        for n, t in zip(taken, outputs, strict=True)
    )
    assert not any((root / "site").exists() for root in runners)  # shards build no site

    final = copy_project(tmp_path / "assembly")
    for root in runners[:-1]:  # one runner's cache is missing: nothing is built
        shutil.copytree(root / CACHE_DIR, final / CACHE_DIR, dirs_exist_ok=True)
    assemble = ["-C", str(final), "build", "--assemble", "--as-of", AS_OF]
    incomplete = CliRunner().invoke(cli, assemble)
    assert incomplete.exit_code == 1, incomplete.output
    assert "partners are not in" in " ".join(incomplete.output.split())
    assert not (final / "site").exists()

    shutil.copytree(runners[-1] / CACHE_DIR, final / CACHE_DIR, dirs_exist_ok=True)
    assembled = CliRunner().invoke(cli, assemble)
    assert assembled.exit_code == 0, assembled.output
    assert "(0 rendered, 10 unchanged; 0 of 20 PDFs rendered)" in " ".join(assembled.output.split())

    reference, built = tree(shipped_site), tree(final / "site")
    assert built.keys() == reference.keys()
    assert sum(name.endswith(".pdf") for name in built) >= 20
    assert sorted(name for name in reference if built[name] != reference[name]) == []
    assert not list((final / CACHE_DIR / "shards").glob("*.json"))  # folded into the cache's own


SHIPPED = sorted(p.name for p in (ROOT / "assessments").iterdir() if p.is_dir())


def restored(built: Path, runner: Path, changed: list[str]) -> Path:
    """A runner's cache as restored from the last run: the PDFs of the shipped build but the
    ``changed`` partners' (and no pages: the shards render every page of their partners)."""
    source = BuildCache.for_project(built)
    heads = source.read("heads.json", HEADS)
    assert heads is not None
    stale = {pdf_key(heads[slug][0], kind, "a4") for slug in changed for kind in KINDS}
    cache = BuildCache.for_project(runner)
    shutil.copytree(source.folder / "pdf", cache.folder / "pdf")
    for key in stale:
        (cache.folder / "pdf" / f"{key}.pdf").unlink()
    index = source.read("pdf-index.json", exports._INDEX)
    assert index is not None and stale <= index.keys()
    cache.write(
        "pdf-index.json", exports._INDEX, {k: v for k, v in index.items() if k not in stale}
    )
    return runner


def test_every_partner_is_in_exactly_one_shard_whatever_the_count() -> None:
    slugs = [f"partner-{i}" for i in range(500)]
    for count in (1, 2, 3, 7):
        owners = [[i for i in range(1, count + 1) if Shard(i, count).takes(s)] for s in slugs]
        assert all(len(found) == 1 for found in owners)
        sizes = [sum(found == [i] for found in owners) for i in range(1, count + 1)]
        assert min(sizes) > 500 / count * 0.7  # roughly even


@pytest.mark.parametrize("text", ["0/3", "4/3", "3", "a/b", "1/0", ""])
def test_a_shard_is_i_of_n(text: str) -> None:
    with pytest.raises(UserError, match="I/N"):
        Shard.parse(text)


def test_a_shard_builds_no_site_and_refuses_site_options(site_project: Project) -> None:
    result = site_project.run("build", "--shard", "1/2", "--site-dir", "elsewhere")
    assert result.exit_code == 1
    assert "--shard renders into the cache only" in result.output


def test_the_example_workflow_runs_every_shard_once_and_assembles_on_the_same_day() -> None:
    import yaml

    workflow = yaml.safe_load((ROOT / ".github/workflows/sharded-build.yml").read_text())
    jobs = workflow["jobs"]
    count = int(workflow["env"]["SHARDS"])
    assert jobs["shard"]["strategy"]["matrix"]["shard"] == list(range(1, count + 1))
    runs = {name: " ".join(s.get("run", "") for s in job["steps"]) for name, job in jobs.items()}
    day = "--as-of ${{ needs.day.outputs.as_of }}"
    assert "playbook build --shard ${{ matrix.shard }}/${{ env.SHARDS }} " + day in runs["shard"]
    assert "playbook build --assemble " + day in runs["assemble"]
    uploads = [s for s in jobs["shard"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert uploads and uploads[0]["with"]["include-hidden-files"] is True  # .playbook-cache/
    merge = [s for s in jobs["assemble"]["steps"] if "download-artifact" in s.get("uses", "")]
    assert merge and merge[0]["with"]["merge-multiple"] is True
    assert merge[0]["with"]["path"].rstrip("/") == str(CACHE_DIR)
