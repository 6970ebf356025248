"""``liaison_VERSION_amd64.deb`` from the frozen bundle, with dpkg-deb.

Depends lists exactly the system libraries the bundle needs: the ELF ``NEEDED`` entries of
every shared object and program in the bundle, minus the sonames the bundle ships itself,
each mapped to the Debian package that owns it on the build machine (``ldconfig -p`` then
``dpkg -S``; the same data dpkg-shlibdeps reads, without a debian/ source tree). A soname
no installed package provides is printed, so a gap is visible rather than silent.

One non-library dependency is added by name: the Noto CJK font, which the transcript PDF
embeds (liaison_client/transcripts/pdf_writer.py looks for it under /usr/share/fonts) and
which the desktop uses for Chinese text. It is read from the system rather than bundled:
Debian keeps it patched and shared with other programs, and an ELF scan cannot see it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

#: Debian packages the bundle reads data from (not found by the ELF scan).
DATA_DEPENDS = ("fonts-noto-cjk",)

DESKTOP_ENTRY = """[Desktop Entry]
Type=Application
Name=Liaison
Name[zh_CN]=Liaison 联络
Comment=End-to-end encrypted channels for customs liaison officers
Exec=liaison-desktop
Icon=liaison-desktop
Terminal=false
Categories=Network;InstantMessaging;
StartupWMClass=liaison-desktop
"""


def is_elf(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"\x7fELF"


def needed_sonames(bundle: Path) -> tuple[set[str], set[str]]:
    """(sonames the bundle's ELF files need, file names the bundle ships)."""
    needed: set[str] = set()
    shipped: set[str] = set()
    for path in bundle.rglob("*"):
        if not path.is_file() or path.is_symlink():
            shipped.add(path.name)
            continue
        shipped.add(path.name)
        if not is_elf(path):
            continue
        dynamic = subprocess.run(["readelf", "-d", str(path)], capture_output=True,
                                 text=True, check=False).stdout
        for line in dynamic.splitlines():
            if "(NEEDED)" in line and "[" in line:
                needed.add(line.split("[", 1)[1].rstrip("]"))
    return needed, shipped


def library_paths() -> dict[str, str]:
    """soname → path for the x86-64 libraries ``ldconfig`` knows."""
    paths: dict[str, str] = {}
    listing = subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, text=True,
                             check=True).stdout
    for line in listing.splitlines()[1:]:
        if "=>" not in line or "x86-64" not in line:
            continue
        name = line.strip().split(" ", 1)[0]
        paths.setdefault(name, line.split("=>", 1)[1].strip())
    return paths


def owning_package(path: str) -> str | None:
    candidates = {path, os.path.realpath(path)}
    for candidate in list(candidates):
        if candidate.startswith("/usr/lib/"):
            candidates.add(candidate[len("/usr"):])
        elif candidate.startswith("/lib/"):
            candidates.add("/usr" + candidate)
    for candidate in sorted(candidates):
        found = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True,
                               check=False)
        if found.returncode == 0:
            return found.stdout.split(":", 1)[0].strip()
    return None


def system_dependencies(bundle: Path) -> tuple[list[str], list[str]]:
    """(Debian packages the bundle depends on, sonames no installed package provides)."""
    needed, shipped = needed_sonames(bundle)
    paths = library_paths()
    packages: set[str] = set()
    unresolved: list[str] = []
    for soname in sorted(needed - shipped):
        package = owning_package(paths[soname]) if soname in paths else None
        if package is None:
            unresolved.append(soname)
        else:
            packages.add(package)
    return sorted(packages), unresolved


def installed_size_kib(tree: Path) -> int:
    return sum((p.stat().st_size + 1023) // 1024 for p in tree.rglob("*")
               if p.is_file() and not p.is_symlink())


def build_deb(bundle: Path, version: str, icon: Path, staging: Path, out: Path,
              epoch: int) -> Path:
    if staging.exists():
        shutil.rmtree(staging)
    opt = staging / "opt" / "liaison"
    shutil.copytree(bundle, opt, symlinks=True)
    bin_dir = staging / "usr" / "bin"
    bin_dir.mkdir(parents=True)
    for program in ("liaison", "liaison-desktop"):
        (bin_dir / program).symlink_to(f"/opt/liaison/{program}")
    apps = staging / "usr" / "share" / "applications"
    apps.mkdir(parents=True)
    (apps / "liaison-desktop.desktop").write_text(DESKTOP_ENTRY, encoding="utf-8")
    icons = staging / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
    icons.mkdir(parents=True)
    shutil.copy2(icon, icons / "liaison-desktop.svg")

    libraries, unresolved = system_dependencies(bundle)
    depends = sorted({*libraries, *DATA_DEPENDS})
    for soname in unresolved:
        print(f"packaging/build: warning: {soname} is needed by the bundle but no installed "
              "Debian package provides it; not in Depends", file=sys.stderr)
    control_dir = staging / "DEBIAN"
    control_dir.mkdir()
    control = (
        "Package: liaison\n"
        f"Version: {version}\n"
        "Architecture: amd64\n"
        "Section: net\n"
        "Priority: optional\n"
        "Maintainer: Liaison release team <release@liaison.invalid>\n"
        f"Installed-Size: {installed_size_kib(staging)}\n"
        f"Depends: {', '.join(depends)}\n"
        "Description: End-to-end encrypted channels for customs liaison officers\n"
        " The Liaison desktop app and command-line client, self-contained in /opt/liaison\n"
        " (built with PyInstaller); the relay server ships separately as a wheel.\n"
    )
    (control_dir / "control").write_text(control, encoding="utf-8")
    for path in [staging, *staging.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755 if (path.is_dir() or path.stat().st_mode & 0o111) else 0o644)
        os.utime(path, (epoch, epoch), follow_symlinks=False)
    target = out / f"liaison_{version}_amd64.deb"
    subprocess.run(["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build",
                    str(staging), str(target)], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
    return target
