#!/usr/bin/env bash
# make-media.sh — the small media files tests/e2e/faults.test.mjs serves through its fault routes.
#
#   h264.mp4        2 s, 180x320, H.264 (libx264, baseline) in MP4, no audio
#   hevc.mp4        the same picture in HEVC (libx265, tagged hvc1): a codec Chromium cannot decode
#                   without a hardware decoder (Debian's Chromium plays H.264, so H.264 alone is not
#                   an unplayable codec there; the test asks canPlayType which one is)
#   truncated.webm  the first 45% of www/demo/media/ns-ep1-s2.webm (VP9/Opus, 6 s), cut mid-cluster
#
# Usage: bash tests/e2e/media/make-media.sh   (needs ffmpeg with libx264 and libx265)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
DEMO="$HERE/../../../www/demo/media"
common=(-v error -y -f lavfi -i "testsrc2=size=180x320:rate=24:duration=2" -pix_fmt yuv420p -crf 35
  -movflags +faststart -map_metadata -1 -fflags +bitexact -flags:v +bitexact)
ffmpeg "${common[@]}" -c:v libx264 -profile:v baseline "$HERE/h264.mp4"
ffmpeg "${common[@]}" -c:v libx265 -tag:v hvc1 -x265-params log-level=error:info=0 "$HERE/hevc.mp4"
size=$(stat -c %s "$DEMO/ns-ep1-s2.webm")
head -c $((size * 45 / 100)) "$DEMO/ns-ep1-s2.webm" > "$HERE/truncated.webm"
