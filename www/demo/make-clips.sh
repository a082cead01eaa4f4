#!/usr/bin/env bash
# make-clips.sh — generate the demo media for www/demo/catalog.json.
#
# Every clip is synthesised from ffmpeg's built-in test sources (lavfi: testsrc2,
# smptebars, mandelbrot, life, cellauto, rgbtestsrc, gradients), so the demo
# needs no external footage and carries no licence baggage.
#
# Output (all in www/demo/media/, next to this script):
#   <clip>.webm        360x640 (vertical), 24 fps, VP9 (yuv420p, CRF, one keyframe
#                      at the start and then every 5 s) + a quiet Opus sine tone
#                      (mono, 16 kb/s) so autoplay-with-sound handling is exercised.
#                      Episode title, segment label and dialogue are drawn in.
#   <clip>.webp        poster: one WebP frame taken at 1 s (same picture the clip
#                      opens on). Posters are always WebP (ffmpeg's libwebp).
#   <clip>.en.vtt      WebVTT captions matching the drawn text (label, then dialogue)
#   <clip>.zh-CN.vtt   Simplified-Chinese captions, for the clips that have them
#   <series>.webp      series poster (title card)
#
# Usage:   bash www/demo/make-clips.sh            # (re)build what is missing/stale
#          FORCE=1 bash www/demo/make-clips.sh    # rebuild everything
#
# Idempotent: a clip is rebuilt only when one of its outputs is missing or older
# than this script (or FORCE=1); output is bit-exact (no timestamps/encoder tags),
# so re-running produces identical files. Captions are always rewritten (cheap).
# Requirements: ffmpeg with libvpx-vp9, libopus, libwebp, drawtext (libfreetype);
# fonts-dejavu-core (apt-get install -y fonts-dejavu-core).
# Keep the committed media under 5 MB:  du -sh www/demo/media
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
OUT="$HERE/media"
SCRIPT="$HERE/$(basename "${BASH_SOURCE[0]}")"
FORCE="${FORCE:-0}"
FONT_DIR=/usr/share/fonts/truetype/dejavu
FONT_BOLD="$FONT_DIR/DejaVuSans-Bold.ttf"
FONT="$FONT_DIR/DejaVuSans.ttf"
W=360 H=640 FPS=24
CRF="${CRF:-45}"

for f in "$FONT" "$FONT_BOLD"; do
  [[ -r "$f" ]] || { echo "missing font $f — apt-get install -y fonts-dejavu-core" >&2; exit 1; }
done
command -v ffmpeg >/dev/null || { echo "ffmpeg not found" >&2; exit 1; }

mkdir -p "$OUT"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# Background per "look" (one look per episode, so each episode is recognisable).
# Sources are fully determined (fixed seeds/colours) so output is reproducible.
# Heavy sources are rendered small and scaled up to keep the clips tiny.
source_for() {
  case "$1" in
    testsrc2)   echo "testsrc2=size=180x320:rate=$FPS,scale=$W:$H" ;;
    smptebars)  echo "smptebars=size=${W}x${H}:rate=$FPS" ;;
    mandelbrot) echo "mandelbrot=size=180x320:rate=$FPS:end_pts=4000,scale=$W:$H" ;;
    life)       echo "life=size=90x160:rate=$FPS:mold=10:ratio=0.1:seed=7:life_color=#00ff88:death_color=#002211,scale=$W:$H:flags=neighbor" ;;
    cellauto)   echo "cellauto=size=90x160:rate=$FPS:rule=110:seed=3,scale=$W:$H:flags=neighbor" ;;
    rgbtestsrc) echo "rgbtestsrc=size=${W}x${H}:rate=$FPS" ;;
    gradients)  echo "gradients=size=${W}x${H}:rate=$FPS:speed=0.02:nb_colors=3:c0=0x0b1d51:c1=0x7a3fa0:c2=0xe07a5f:x0=40:y0=80:x1=320:y1=560" ;;
    *) echo "unknown look $1" >&2; return 1 ;;
  esac
}

# Clip table. Fields, '|'-separated:
#   clip | look | hue° | seconds | episode title | segment label | line 1 | line 2 | tone Hz
#   | zh label | zh line 1 | zh line 2      (zh fields optional; present => .zh-CN.vtt)
# Line 1 is shown from 2.5 s to mid-way to the end, line 2 from there to the end.
CLIPS=$(cat <<'EOF'
af-ep1-s1|testsrc2|0|8|EP1 The Call|Unknown number|Your phone buzzes at midnight.|Unknown number. Answer it?|330|陌生号码|午夜，你的手机响了。|陌生号码。接不接？
af-ep1-s2|testsrc2|60|8|EP1 The Call|Answered|"This is your bank's security desk."|"Your account is at risk."|349
af-ep1-s3|testsrc2|180|6|EP1 The Call|Let it ring|It rings again. And again.|Then a text: "Call us back."|294
af-ep2-s1|smptebars|0|8|EP2 The Officer|Officer Li|"I'm Officer Li, city police."|"Your card was used in a crime."|392
af-ep2-s2|smptebars|90|8|EP2 The Officer|ID given|"Thank you. Now, to protect you..."|"...move your savings to a safe account."|370
af-ep2-s3|smptebars|180|7|EP2 The Officer|Badge number|"Badge 4471," he says.|It sounds rehearsed.|415
af-ep2-s4|smptebars|270|7|EP2 The Officer|Calling 110|"Hang up on them. Never transfer money."|"Police never ask for your savings."|440
af-ep3-s1|mandelbrot|0|8|EP3 The Visit|A knock|Knock, knock.|"Delivery for you!"|262
af-ep3-s2|mandelbrot|90|7|EP3 The Visit|Door open|A courier hands you a phone.|Officer Li is on the line.|277
af-ep3-s3|mandelbrot|180|6|EP3 The Visit|Peephole|Nobody there.|Just a phone left on the mat.|247
af-ep3-s4|mandelbrot|270|7|EP3 The Visit|That voice|"Badge 4471" - the same voice.|You keep the chain on.|233
af-ep4-s1|life|0|9|EP4 The Transfer|The deadline|"Transfer 50,000 in ten minutes..."|"...or you will be arrested."|494
af-ep4-s2|life|120|7|EP4 The Transfer|Sent|The line goes dead.|So does your balance.|220
af-ep4-s3|life|240|7|EP4 The Transfer|Sirens|Sirens outside.|The caller panics and hangs up.|523
af-ep4-s4|life|60|7|EP4 The Transfer|Silence|"Who is Officer Li, really?"|A long pause. Then: click.|466
af-ep5-s1|cellauto|0|8|EP5 Aftermath|The next day|News: a scam ring busted downtown.|Your phone buzzes again.|587
af-ep5-s2|cellauto|120|6|EP5 Aftermath|Warn them|You call your parents first.|"Never transfer. Hang up. Call 110."|659
af-ep5-s3|cellauto|240|6|EP5 Aftermath|Keep quiet|You delete the number.|You tell no one.|196
ns-ep1-s1|gradients|0|8|EP1 Last Bus|Last bus|The last bus. One other passenger.|Your stop is next.|300|末班车|末班车。只有一位乘客。|下一站就是你家。
ns-ep1-s2|gradients|120|6|EP1 Last Bus|Get off|You step into the cold.|The bus pulls away.|320|下车|你走进寒风里。|公交车开走了。
ns-ep1-s3|gradients|240|6|EP1 Last Bus|Stay on|You stay on past your stop.|The passenger smiles.|280|坐过站|你坐过了站。|那位乘客笑了。
ns-ep2-s1|rgbtestsrc|0|7|EP2 The Diner|The diner|A diner, open all night.|Coffee, black.|360|小餐馆|通宵营业的小餐馆。|一杯黑咖啡。
ns-ep2-s2|rgbtestsrc|180|7|EP2 The Diner|The cook|"Rough night?" asks the cook.|"Aren't they all."|380|厨师|"今晚不顺？"厨师问。|"哪晚顺过。"
ns-ep3-s1|smptebars|40|8|EP3 Dawn|Dawn|The sky turns grey, then gold.|Shift's over.|400|黎明|天空由灰变金。|下班了。
EOF
)

vtt_time() { # milliseconds -> HH:MM:SS.mmm
  local ms=$1
  printf '%02d:%02d:%02d.%03d' $((ms / 3600000)) $((ms / 60000 % 60)) $((ms / 1000 % 60)) $((ms % 1000))
}

write_vtt() { # file label line1 line2 duration_s
  local file=$1 label=$2 l1=$3 l2=$4 dur_ms=$(($5 * 1000))
  local mid=$(( (2500 + dur_ms) / 2 ))
  {
    echo "WEBVTT"
    echo
    echo "1"
    echo "$(vtt_time 0) --> $(vtt_time 2500)"
    echo "$label"
    echo
    echo "2"
    echo "$(vtt_time 2500) --> $(vtt_time "$mid")"
    echo "$l1"
    echo
    echo "3"
    echo "$(vtt_time "$mid") --> $(vtt_time "$dur_ms")"
    echo "$l2"
  } >"$file"
}

# Append drawtext filters for one piece of text, word-wrapped to $width chars,
# each line centred. Args: filter-var-name text font size y0 line-height width enable
add_text() {
  local -n chain=$1
  local text=$2 font=$3 size=$4 y0=$5 lh=$6 width=$7 enable=$8
  local i=0 line f
  while IFS= read -r line; do
    f="$TMP/t$RANDOM$RANDOM.txt"
    printf '%s' "$line" >"$f"
    chain+=",drawtext=fontfile=$font:textfile=$f:expansion=none:fontsize=$size:fontcolor=white"
    chain+=":box=1:boxcolor=black@0.55:boxborderw=6:x=(w-text_w)/2:y=$((y0 + i * lh))"
    [[ -n "$enable" ]] && chain+=":enable='$enable'"
    i=$((i + 1))
  done < <(printf '%s\n' "$text" | fold -s -w "$width" | sed 's/ *$//')
}

built=0 skipped=0
while IFS='|' read -r clip look hue secs title label l1 l2 freq zlabel zl1 zl2; do
  [[ -z "$clip" ]] && continue
  webm="$OUT/$clip.webm" poster="$OUT/$clip.webp"

  write_vtt "$OUT/$clip.en.vtt" "$label" "$l1" "$l2" "$secs"
  if [[ -n "${zlabel:-}" ]]; then
    write_vtt "$OUT/$clip.zh-CN.vtt" "$zlabel" "$zl1" "$zl2" "$secs"
  fi

  if [[ "$FORCE" != 1 && -s "$webm" && -s "$poster" && "$webm" -nt "$SCRIPT" && "$poster" -nt "$SCRIPT" ]]; then
    skipped=$((skipped + 1))
    continue
  fi

  mid=$(awk -v d="$secs" 'BEGIN { printf "%.2f", (2.5 + d) / 2 }')
  vf="format=yuv420p"
  [[ "$hue" != 0 ]] && vf+=",hue=h=$hue"
  vf+=",eq=brightness=-0.08"
  add_text vf "$title" "$FONT_BOLD" 30 48 38 20 ""
  add_text vf "$label" "$FONT_BOLD" 44 270 54 12 ""
  add_text vf "$l1" "$FONT" 22 470 30 28 "between(t,2.5,$mid)"
  add_text vf "$l2" "$FONT" 22 470 30 28 "gte(t,$mid)"
  vf+=",format=yuv420p"

  echo "[$clip] $look ${secs}s"
  ffmpeg -hide_banner -loglevel error -nostdin -y \
    -f lavfi -i "$(source_for "$look")" \
    -f lavfi -i "sine=frequency=$freq:sample_rate=48000" \
    -t "$secs" -vf "$vf" -af "volume=0.25,afade=t=in:d=0.3,afade=t=out:st=$((secs - 1)):d=1" \
    -c:v libvpx-vp9 -b:v 0 -crf "$CRF" -deadline good -row-mt 1 -g $((FPS * 5)) -pix_fmt yuv420p \
    -c:a libopus -b:a 16k -ac 1 \
    -map_metadata -1 -fflags +bitexact -flags:v +bitexact -flags:a +bitexact \
    "$webm"
  ffmpeg -hide_banner -loglevel error -nostdin -y -ss 1 -i "$webm" -frames:v 1 \
    -c:v libwebp -quality 60 -map_metadata -1 -fflags +bitexact "$poster"
  built=$((built + 1))
done <<<"$CLIPS"

# Series posters: a title card over the series' first look.
series_poster() { # name look hue title subtitle
  local out="$OUT/$1.webp" vf="format=yuv420p,hue=h=$3,eq=brightness=-0.15"
  if [[ "$FORCE" != 1 && -s "$out" && "$out" -nt "$SCRIPT" ]]; then return; fi
  add_text vf "$4" "$FONT_BOLD" 54 240 64 11 ""
  add_text vf "$5" "$FONT" 24 400 32 26 ""
  ffmpeg -hide_banner -loglevel error -nostdin -y -f lavfi -i "$(source_for "$2")" \
    -vf "$vf" -frames:v 1 -c:v libwebp -quality 60 -map_metadata -1 -fflags +bitexact "$out"
}
series_poster anti-fraud testsrc2 200 "Anti-Fraud" "A phone-scam story in five episodes"
series_poster night-shift gradients 0 "Night Shift" "Three short episodes"

echo "built $built, up to date $skipped; media total: $(du -sh "$OUT" | cut -f1)"
