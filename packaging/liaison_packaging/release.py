"""The release build behind ``packaging/build``: bundle, .deb, relay wheel, SBOM, sums, signature.

Runs inside the build's own virtual environment (``build/release-venv``, installed from
``packaging/requirements-bundle.lock`` with ``--require-hashes`` by ``packaging/build``),
so what is frozen is exactly the locked set. Every step is deterministic given the
commit: file times are ``SOURCE_DATE_EPOCH`` (the last commit's time), archives are
written sorted with uid/gid 0 and no gzip name or time, ``PYTHONHASHSEED`` is fixed.
See docs/INSTALL.md ("Building a release") and packaging/README.md for the decisions.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
PACKAGING = HERE.parent
sys.path.insert(0, str(PACKAGING))

from liaison_packaging.debian import build_deb  # noqa: E402
from liaison_packaging.sbom import write_sbom  # noqa: E402

CHECKSUMS = "SHA256SUMS"
SIGNATURE = "SHA256SUMS.minisig"
#: The update manifest the desktop's update check reads (liaison_client/updates/update_check.py:
#: the same name, the same format); IT copies it with the artefacts to its update_source.
UPDATE_MANIFEST = "liaison-update.json"
UPDATE_SIGNATURE = UPDATE_MANIFEST + ".minisig"
#: Inside the bundle: what was built, and the SHA-256 of every other file in it.
BUILD_INFO = "build-info.json"
MANIFEST = "MANIFEST.sha256"


class SigningError(RuntimeError):
    """The release key did not sign (wrong password, unreadable key): the build fails."""


def log(message: str) -> None:
    print(f"packaging/build: {message}", file=sys.stderr, flush=True)


def run(cmd: list[str], **kwargs: object) -> None:
    subprocess.run(cmd, check=True, **kwargs)  # type: ignore[call-overload]


def stage_sources(root: Path, target: Path) -> None:
    """Copy the tracked files (as they are in the worktree) to ``target``.

    Why: setuptools and PyInstaller write build directories next to their input; a
    copy keeps the checkout clean and keeps untracked files out of the release.
    """
    if target.exists():
        shutil.rmtree(target)
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z"], check=True,
                            capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = root / name
        if source.is_file():
            dest = target / name
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)


def set_times(tree: Path, epoch: int) -> None:
    for path in [tree, *tree.rglob("*")]:
        os.utime(path, (epoch, epoch), follow_symlinks=False)


def write_manifest(bundle: Path) -> str:
    """``MANIFEST.sha256`` (sha256sum format) over every file of the bundle; its SHA-256."""
    lines = []
    for path in sorted(p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()):
        rel = path.relative_to(bundle).as_posix()
        if rel == MANIFEST:
            continue
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {rel}\n")
    data = "".join(lines).encode()
    (bundle / MANIFEST).write_bytes(data)
    return hashlib.sha256(data).hexdigest()


def deterministic_tar_gz(source: Path, arcroot: str, target: Path, epoch: int) -> None:
    """A tar.gz whose bytes depend only on the tree: sorted names, fixed time and owner."""
    def normalise(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.mtime = epoch
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o755 if (info.isdir() or info.mode & 0o111) else 0o644
        return info

    paths = sorted(source.rglob("*"), key=lambda p: p.relative_to(source).as_posix())
    with target.open("wb") as raw, \
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.PAX_FORMAT) as tar:
        tar.add(source, arcname=arcroot, recursive=False, filter=normalise)
        for path in paths:
            tar.add(path, arcname=f"{arcroot}/{path.relative_to(source).as_posix()}",
                    recursive=False, filter=normalise)


def write_update_manifest(out: Path, version: str) -> None:
    """``liaison-update.json``: the version and every artefact's SHA-256, so one signed file
    tells a workstation's update check what was published (nothing is downloaded from it:
    the officer or IT verifies the artefacts with ``liaison verify-build``)."""
    artefacts = [{"name": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
                 for path in sorted(out.iterdir())
                 if path.is_file() and path.name not in (CHECKSUMS, SIGNATURE, UPDATE_MANIFEST,
                                                         UPDATE_SIGNATURE)]
    body = {"version": version, "artefacts": artefacts}
    (out / UPDATE_MANIFEST).write_text(json.dumps(body, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")


def sha256sums(out: Path) -> None:
    lines = []
    for path in sorted(out.iterdir()):
        if path.is_file() and path.name not in (CHECKSUMS, SIGNATURE, UPDATE_SIGNATURE):
            lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.name}\n")
    (out / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def sign(out: Path, key: Path, comment: str) -> None:
    """Sign ``SHA256SUMS`` (and the update manifest, when the build wrote one) with the
    ``minisign`` tool (the password never passes Liaison code except as minisign's stdin
    when IT sets ``LIAISON_RELEASE_KEY_PASSWORD``)."""
    password = os.environ.get("LIAISON_RELEASE_KEY_PASSWORD")
    targets = [(CHECKSUMS, SIGNATURE)]
    if (out / UPDATE_MANIFEST).is_file():
        targets.append((UPDATE_MANIFEST, UPDATE_SIGNATURE))
    for name, signature in targets:
        cmd = ["minisign", "-S", "-s", str(key), "-m", str(out / name),
               "-x", str(out / signature), "-t", comment]
        stdin = None if password is None else (password + "\n").encode()
        done = subprocess.run(cmd, check=False, input=stdin, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE)
        if done.returncode != 0:
            reason = done.stderr.decode(errors="replace").strip().splitlines()
            raise SigningError(f"minisign could not sign {name} with {key}: "
                               f"{reason[-1] if reason else 'no reason given'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="release.py")
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument("--key", type=Path)
    parser.add_argument("--commit", required=True)
    args = parser.parse_args(argv)
    epoch = int(os.environ["SOURCE_DATE_EPOCH"])
    from datetime import UTC, datetime
    build_date = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    src = work / "src"
    log("staging the tracked sources")
    stage_sources(args.root, src)

    log("building the liaison wheel")
    wheel_dir = work / "wheel"
    shutil.rmtree(wheel_dir, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "--disable-pip-version-check", "-w", str(wheel_dir), str(src)], cwd=src)
    (wheel,) = wheel_dir.glob("liaison-*.whl")
    version = wheel.name.split("-")[1]
    run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall",
         "--disable-pip-version-check", str(wheel)])

    log(f"freezing liaison {version} with PyInstaller")
    pyi_dist, pyi_work, toc = work / "pyi-dist", work / "pyi-work", work / "toc.json"
    entry = src / "packaging" / "entry"
    env = {**os.environ, "LIAISON_ENTRY_DIR": str(entry), "LIAISON_TOC_OUT": str(toc)}
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--distpath", str(pyi_dist), "--workpath", str(pyi_work),
         str(src / "packaging" / "liaison.spec")], env=env, cwd=work)
    bundle = pyi_dist / "liaison"
    internal = bundle / "_internal"

    log("precompiling translations")
    compiled = internal / "ui" / "_resources" / "translations" / "compiled"
    run([sys.executable, "-m", "ui.translations", "--into", str(compiled)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, stdout=subprocess.DEVNULL)

    info = {"version": version, "commit": args.commit, "build_date": build_date,
            "source_date_epoch": epoch}
    (internal / BUILD_INFO).write_text(json.dumps(info, indent=1, sort_keys=True) + "\n",
                                       encoding="utf-8")
    set_times(bundle, epoch)
    manifest_sha = write_manifest(bundle)
    set_times(bundle, epoch)
    log(f"bundle manifest SHA-256 {manifest_sha}")

    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    tarball = out / f"liaison-desktop-{version}-linux-x86_64.tar.gz"
    log(f"writing {tarball.name}")
    deterministic_tar_gz(bundle, "liaison", tarball, epoch)

    log("writing the Debian package")
    build_deb(bundle, version, src / "resources" / "icons" / "liaison.svg",
              work / "deb", out, epoch)

    shutil.copy2(wheel, out / wheel.name)
    for unit in sorted((src / "packaging" / "systemd").glob("*.service")):
        shutil.copy2(unit, out / unit.name)

    log("writing sbom.cdx.json")
    write_sbom(json.loads(toc.read_text(encoding="utf-8")), bundle, version, epoch,
               out / "sbom.cdx.json")

    write_update_manifest(out, version)
    sha256sums(out)
    for path in out.iterdir():
        os.utime(path, (epoch, epoch))
    comment = f"liaison {version} commit {args.commit} built {build_date}"
    if args.key:
        try:
            sign(out, args.key, comment)
        except SigningError as error:
            log(f"error: {error}")
            return 1
        log(f"signed {CHECKSUMS} with {args.key}")
    else:
        log(f"UNSIGNED: no release key given (--key PATH or LIAISON_RELEASE_KEY); {CHECKSUMS} "
            f"has no {SIGNATURE}")
    log(f"done: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
