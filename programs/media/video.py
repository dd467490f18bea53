"""Phone clips: read with ffprobe, refused unless they are short MP4, WebM or QuickTime
clips, and stored as a browser-playable copy without metadata, with a poster frame.

What a file is comes from reading it (ffprobe's container and codec), never from its
name or the type the browser claims. Every clip is written again by ffmpeg with
``-map_metadata -1``, so the phone's location, model and dates stay behind:

- MP4 or QuickTime with H.264 (4:2:0) video: the streams are copied into an MP4 with
  ``+faststart`` (the index first, so playback starts before the whole file arrives).
- WebM with VP8, VP9 or AV1: the streams are copied into a new WebM.
- anything else accepted (HEVC from an iPhone, 4:4:4 H.264, odd audio): re-encoded as
  H.264/AAC MP4, at most 1280 pixels on the long side.

ffmpeg and ffprobe come from Debian's ``ffmpeg`` package (``.ci/run`` and ``make run``
install it; README, "System packages"). Without them clips are refused with a clear
message and photos still work.
"""

from __future__ import annotations

import json
import shutil

# Fixed argument lists and no shell (see _run).
import subprocess  # nosec B404
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError

MAX_CLIP_SECONDS = 60
MAX_CLIP_BYTES = 100 * 1024 * 1024
MAX_SIDE = 1280
PROBE_TIMEOUT = 30
ENCODE_TIMEOUT = 600  # a minute of phone video re-encoded on a small server

MP4_FAMILY = "mov,mp4,m4a,3gp,3g2,mj2"  # ffprobe's name for MP4 and QuickTime alike
MATROSKA_FAMILY = "matroska,webm"
MP4_VIDEO = {"h264", "hevc"}
WEBM_VIDEO = {"vp8", "vp9", "av1"}
MP4_AUDIO = {"aac", "mp3"}
WEBM_AUDIO = {"opus", "vorbis"}
PLAYABLE_PIXELS = {"yuv420p", "yuvj420p"}

MISSING_TOOLS = (
    "Clips cannot be checked on this server because ffmpeg is not installed. "
    "Photos still work; whoever runs the server can install the Debian package “ffmpeg”."
)
NOT_A_CLIP = (
    "That file is not a video we can read. Upload an MP4, WebM or QuickTime (.mov) clip "
    "recorded on a phone."
)
WRONG_CODEC = (
    "This video is stored in a format browsers cannot play ({codec}). Record it again "
    "with the phone's camera app (H.264 or HEVC), or export it as MP4."
)


def tools_available() -> bool:
    return shutil.which("ffprobe") is not None and shutil.which("ffmpeg") is not None


def _run(args: list[str], *, timeout: int) -> subprocess.CompletedProcess:
    # Fixed program names and our own arguments; the file is passed as a path, never
    # through a shell. The programs are looked up on PATH like any Debian tool.
    return subprocess.run(  # noqa: S603  # nosec B603
        args, capture_output=True, timeout=timeout, check=False, stdin=subprocess.DEVNULL
    )


@dataclass(frozen=True)
class ClipInfo:
    container: str  # "mp4", "quicktime" or "webm"
    video_codec: str
    pixel_format: str
    audio_codec: str | None
    duration: float

    @property
    def copy_into(self) -> str | None:
        """The container the streams can be copied into unchanged, or None to re-encode."""
        if self.container == "webm":
            if self.audio_codec in (None, *WEBM_AUDIO):
                return "webm"
            return None
        if self.video_codec == "h264" and self.pixel_format in PLAYABLE_PIXELS:
            if self.audio_codec in (None, *MP4_AUDIO):
                return "mp4"
        return None


def probe(path: str | Path) -> ClipInfo:
    """What the file at ``path`` really is, or a ValidationError saying why it is refused."""
    if not tools_available():
        raise ValidationError(MISSING_TOOLS)
    result = _run(
        [
            "ffprobe",
            "-v",
            "error",
            "-print_format",
            "json",
            "-show_entries",
            "format=format_name,duration:format_tags=major_brand:stream=codec_type,codec_name,pix_fmt",
            str(path),
        ],
        timeout=PROBE_TIMEOUT,
    )
    try:
        found = json.loads(result.stdout or b"{}")
    except ValueError:
        found = {}
    fmt = found.get("format") or {}
    streams = found.get("streams") or []
    video = next((s for s in streams if s.get("codec_type") == "video"), None)
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    family = fmt.get("format_name", "")
    if result.returncode != 0 or video is None or family not in (MP4_FAMILY, MATROSKA_FAMILY):
        raise ValidationError(NOT_A_CLIP)
    codec = video.get("codec_name", "")
    if family == MATROSKA_FAMILY:
        container, allowed = "webm", WEBM_VIDEO
    else:
        brand = (fmt.get("tags") or {}).get("major_brand", "").strip()
        container, allowed = ("quicktime" if brand == "qt" else "mp4"), MP4_VIDEO
    if codec not in allowed:
        raise ValidationError(WRONG_CODEC.format(codec=codec or "unknown"))
    try:
        duration = float(fmt.get("duration", "nan"))
    except ValueError:
        duration = float("nan")
    if not duration > 0:  # also NaN: a stream that does not say how long it is
        raise ValidationError(NOT_A_CLIP)
    if duration > MAX_CLIP_SECONDS + 0.5:
        raise ValidationError(
            f"This clip is {duration:.0f} seconds long; clips may be at most "
            f"{MAX_CLIP_SECONDS} seconds. Please trim it and upload it again."
        )
    return ClipInfo(
        container=container,
        video_codec=codec,
        pixel_format=video.get("pix_fmt", ""),
        audio_codec=audio.get("codec_name") if audio else None,
        duration=duration,
    )


@dataclass(frozen=True)
class PreparedClip:
    video: bytes
    extension: str  # "mp4" or "webm"
    poster: bytes  # JPEG
    duration: Decimal


STRIP = ["-map_metadata", "-1", "-map_metadata:s", "-1", "-map_chapters", "-1"]
STREAMS = ["-map", "0:v:0", "-map", "0:a:0?", "-sn", "-dn"]
SCALE = f"scale='if(gte(iw,ih),min({MAX_SIDE},iw),-2)':'if(gte(iw,ih),-2,min({MAX_SIDE},ih))'"


def _encode_args(info: ClipInfo, source: Path, target: Path) -> list[str]:
    base = ["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", str(source), *STREAMS, *STRIP]
    copy_into = info.copy_into
    if copy_into == "webm":
        return [*base, "-c", "copy", "-f", "webm", str(target)]
    if copy_into == "mp4":
        return [*base, "-c", "copy", "-movflags", "+faststart", "-f", "mp4", str(target)]
    return [
        *base,
        "-vf",
        SCALE,
        "-c:v",
        "libx264",
        "-preset",
        "veryfast",
        "-crf",
        "23",
        "-pix_fmt",
        "yuv420p",
        "-c:a",
        "aac",
        "-b:a",
        "128k",
        "-movflags",
        "+faststart",
        "-f",
        "mp4",
        str(target),
    ]


def prepare_clip(upload) -> PreparedClip:
    """Check ``upload`` (a Django UploadedFile) and return the clip to store, or raise
    ValidationError with a message for the person uploading it."""
    if upload.size > MAX_CLIP_BYTES:
        raise ValidationError(
            f"This clip is larger than {MAX_CLIP_BYTES // (1024 * 1024)} MB. "
            "Please trim it or record it at a lower quality."
        )
    if not tools_available():
        raise ValidationError(MISSING_TOOLS)
    with tempfile.TemporaryDirectory(prefix="clip-") as folder:
        source = Path(folder) / "source"
        with source.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        info = probe(source)
        extension = "webm" if info.copy_into == "webm" else "mp4"
        target = Path(folder) / f"clip.{extension}"
        if _run(_encode_args(info, source, target), timeout=ENCODE_TIMEOUT).returncode != 0:
            raise ValidationError(NOT_A_CLIP)
        poster = Path(folder) / "poster.jpg"
        at = f"{min(1.0, info.duration / 2):.2f}"
        frame = [
            *("ffmpeg", "-nostdin", "-v", "error", "-y", "-ss", at, "-i", str(target)),
            *("-frames:v", "1", "-vf", SCALE, *STRIP, "-q:v", "4", str(poster)),
        ]
        if _run(frame, timeout=PROBE_TIMEOUT).returncode != 0 or not poster.exists():
            raise ValidationError(NOT_A_CLIP)
        return PreparedClip(
            video=target.read_bytes(),
            extension=extension,
            poster=poster.read_bytes(),
            duration=Decimal(f"{info.duration:.1f}"),
        )
