"""How the harness process is started: inside bubblewrap, as an unprivileged uid, or plainly.

- ``bwrap``: bubblewrap (what Flatpak uses) gives the harness its own user, mount, PID, network,
  IPC and UTS namespaces, uid 65534, a read-only view of the interpreter's standard library and
  NumPy alone, a size-bounded private ``/tmp``, no network, and the seccomp filter of
  :mod:`grader.sandbox.seccomp`; it dies with the grader, and when the harness (PID 1 of its
  namespace) ends, the kernel ends everything it started.
- ``uid``: where user namespaces are refused (Docker's default profile, Gradescope) and the grader
  is root: the harness runs as uid 65534 with the same seccomp filter and limits, in a private
  scratch folder; it sees the file system as that uid may (see the README's threat model).
- ``none``: a plain child process with limits, for ``grader check`` on a student's own machine,
  where there is nothing to protect from the student.
"""

from __future__ import annotations

import enum
import functools
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import BadInput
from grader.sandbox import seccomp

NOBODY = 65534
HERE = Path(__file__).resolve().parent
#: The files of the harness, bound into the sandbox; they import nothing from the grader.
HARNESS_FILES = ("harness.py", "wire.py", "library.py", "restricted.py")
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS")
#: glibc keeps freed blocks up to 32 MiB in the heap: vectorized code that allocates large
#: temporaries then pays no page faults per call (timing spread ±17% → ±5%, docs/benchmarks.md).
MALLOC = {"MALLOC_MMAP_THRESHOLD_": str(32 * 1024 * 1024), "MALLOC_TRIM_THRESHOLD_": str(1 << 30)}


class Isolation(str, enum.Enum):
    BWRAP = "bwrap"
    UID = "uid"
    NONE = "none"


class IsolationUnavailable(BadInput, RuntimeError):
    """Asked for isolation that this machine cannot give."""


INSTALL_HINT = ("install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap; Fedora: dnf install bubblewrap), "
                "or run the grader as root so that student code can run as an unprivileged uid, "
                "or pass --no-isolation to grade without protection")


@dataclass(frozen=True)
class Limits:
    """What one harness process may use: wall time per call and in all (enforced by the grader),
    memory, file size and scratch (rlimits and bwrap, set before it starts)."""

    call_seconds: float = 5.0
    total_seconds: float = 60.0
    memory_mb: int = 1024
    #: Also the most a call's results may hold.
    file_mb: int = 16
    scratch_mb: int = 64

    @property
    def cpu_seconds(self) -> int:
        return int(self.total_seconds) + 2


@dataclass
class Launch:
    """Everything subprocess.Popen needs to start one harness, and what to clean up after it."""

    argv: list[str]
    env: dict[str, str]
    cwd: str
    preexec: object
    pass_fds: tuple[int, ...] = ()
    popen: dict = field(default_factory=dict)
    info_fd: int | None = None
    cleanup: list[Path] = field(default_factory=list)


def interpreter() -> str:
    """The real interpreter behind a virtual environment's python: what the sandbox can run."""
    return os.path.realpath(getattr(sys, "_base_executable", None) or sys.executable)


def site_dirs() -> list[Path]:
    """What the harness imports besides the standard library: NumPy's package folder, its bundled
    libraries (wheels put OpenBLAS beside it), and RestrictedPython."""
    import numpy
    import RestrictedPython

    package = Path(numpy.__file__).resolve().parent
    restricted = Path(RestrictedPython.__file__).resolve().parent
    return [p for p in (package, package.parent / "numpy.libs", restricted) if p.is_dir()]


def _environment(home: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": home, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0", "PYTHONDONTWRITEBYTECODE": "1"}
    return env | MALLOC | {name: "1" for name in THREAD_VARIABLES}


def die_with_parent() -> None:
    """Ask the kernel to SIGKILL this process when its parent dies (Linux; elsewhere nothing)."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)


def _limit(limits: Limits, cpu: int | None):
    """The preexec function: limits, a core to run on, death with the grader, and (when asked)
    the seccomp filter."""

    def apply(with_seccomp: bool):
        die_with_parent()
        mb = 1024 * 1024
        for which, value in ((resource.RLIMIT_AS, limits.memory_mb * mb), (resource.RLIMIT_CPU, limits.cpu_seconds),
                             (resource.RLIMIT_FSIZE, limits.file_mb * mb), (resource.RLIMIT_CORE, 0), (resource.RLIMIT_NOFILE, 64)):
            resource.setrlimit(which, (value, value))
        if cpu is not None and hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, {cpu})
        if with_seccomp:
            seccomp.install()

    return apply


@functools.lru_cache(maxsize=1)
def bwrap_works() -> bool:
    """Whether bubblewrap is installed and may create namespaces here (tried once), on a machine
    our seccomp filter knows."""
    if not shutil.which("bwrap") or not seccomp.supported():
        return False
    try:
        trial = subprocess.run(["bwrap", "--ro-bind", "/", "/", "--unshare-all", "--uid", str(NOBODY), "--gid", str(NOBODY), "true"],
                               capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return trial.returncode == 0


@functools.lru_cache(maxsize=1)
def uid_works() -> bool:
    """Whether the grader may run the interpreter as uid 65534 (it is root, the interpreter is
    reachable for that uid, and the seccomp filter exists for this machine)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not seccomp.supported():
        return False
    try:
        trial = subprocess.run([interpreter(), "-I", "-S", "-c", "pass"], user=NOBODY, group=NOBODY, extra_groups=[],
                               capture_output=True, timeout=20, cwd="/")
    except (OSError, subprocess.SubprocessError):
        return False
    return trial.returncode == 0


def best() -> Isolation | None:
    """The strongest isolation this machine gives, or None."""
    if bwrap_works():
        return Isolation.BWRAP
    if uid_works():
        return Isolation.UID
    return None


def require(isolation: Isolation) -> None:
    works = {Isolation.BWRAP: bwrap_works, Isolation.UID: uid_works}.get(isolation)
    if works is not None and not works():
        raise IsolationUnavailable(f"isolation {isolation.value!r} is not available on this machine: {INSTALL_HINT}")


def launch(isolation: Isolation, limits: Limits, cpu: int | None, hidden: tuple[Path, ...], channel: tuple[int, int]) -> Launch:
    """How to start one harness under ``isolation``; ``hidden`` are folders it must not see, and
    ``channel`` the (commands, replies) descriptors it inherits."""
    fds = [str(fd) for fd in channel]
    if isolation is Isolation.BWRAP:
        return _bwrap(limits, cpu, hidden, fds)
    root = _private_root()
    argv = [interpreter(), "-I", "-S", str(root / "harness.py"), str(root / "site"), *fds]
    apply = _limit(limits, cpu)
    env = _environment(str(root))
    if isolation is Isolation.UID:
        return Launch(argv, env, str(root), lambda: apply(True), popen={"user": NOBODY, "group": NOBODY, "extra_groups": []}, cleanup=[root])
    return Launch(argv, env, str(root), lambda: apply(False), cleanup=[root])


def _private_root() -> Path:
    """A folder with the harness files and a site folder that holds NumPy and RestrictedPython alone."""
    root = Path(tempfile.mkdtemp(prefix="grader-harness-"))
    for name in HARNESS_FILES:
        shutil.copyfile(HERE / name, root / name)
    (root / "site").mkdir()
    for source in site_dirs():
        (root / "site" / source.name).symlink_to(source)
    root.chmod(0o755)
    return root


def _system_binds() -> list[str]:
    args = []
    for top in ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    prefix = Path(interpreter()).parent.parent
    if not str(prefix).startswith("/usr/") and prefix != Path("/usr"):
        args += ["--ro-bind", str(prefix), str(prefix)]
    return args


def _covers(prefix: Path) -> list[str]:
    """tmpfs over every installed-package folder below the interpreter's prefix: the standard
    library stays, third-party packages (the grader itself, if installed there) vanish."""
    library = prefix / "lib"
    return [arg for site in sorted(library.glob("python3*/site-packages")) + sorted(library.glob("python3*/dist-packages"))
            for arg in ("--tmpfs", str(site))]


def _bwrap(limits: Limits, cpu: int | None, hidden: tuple[Path, ...], fds: list[str]) -> Launch:
    filter_read, filter_write = os.pipe()
    os.write(filter_write, seccomp.program())
    os.close(filter_write)
    info_read, info_write = os.pipe()
    prefix = Path(interpreter()).parent.parent
    visible = [Path("/usr"), prefix]
    covered = [arg for path in hidden if any(_inside(path, v) for v in visible) for arg in ("--tmpfs", str(path))]
    argv = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1", "--uid", str(NOBODY), "--gid", str(NOBODY),
            "--hostname", "sandbox", *_system_binds(), *_covers(prefix), *_covers(Path("/usr")), *_covers(Path("/usr/local")), *covered,
            "--proc", "/proc", "--dev", "/dev", "--size", str(limits.scratch_mb * 1024 * 1024), "--tmpfs", "/tmp"]
    for source in site_dirs():
        argv += ["--ro-bind", str(source), f"/sandbox/site/{source.name}"]
    for name in HARNESS_FILES:
        argv += ["--ro-bind", str(HERE / name), f"/sandbox/{name}"]
    argv += ["--remount-ro", "/", "--chdir", "/tmp", "--clearenv"]
    for key, value in _environment("/tmp").items():
        argv += ["--setenv", key, value]
    argv += ["--seccomp", str(filter_read), "--info-fd", str(info_write), interpreter(), "-I", "-S", "/sandbox/harness.py", "/sandbox/site", *fds]
    apply = _limit(limits, cpu)
    return Launch(argv, {}, "/", lambda: apply(False), pass_fds=(filter_read, info_write), info_fd=info_read)


def _inside(path: Path, folder: Path) -> bool:
    try:
        Path(path).resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
