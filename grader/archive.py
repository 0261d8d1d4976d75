"""Zip files whose bytes depend only on their contents (fixed times, sorted names), so that
re-running a generation writes the same archives."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping

EPOCH = (1980, 1, 1, 0, 0, 0)


def zip_bytes(files: Mapping[str, str | bytes], executable: frozenset[str] = frozenset()) -> bytes:
    """The archive of ``files`` (name → contents); names in ``executable`` get mode 755."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=EPOCH)
            info.external_attr = (0o755 if name in executable else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, files[name])
    return buffer.getvalue()
