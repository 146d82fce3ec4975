#!/usr/bin/env bash
# Photographs the teacher's screen of a live game for docs/: runs `recall host` in tmux with
# three simulated students (`recall join`), captures the terminal with its colours at the lobby,
# during a question and at the reveal, turns each capture into HTML and takes a picture of it
# with headless Chromium.
#   Usage: scripts/live-screenshots.sh [OUT_DIR]     (default: docs; needs tmux, chromium, python3)
# The player page's screenshots come from the browser test:
#   RECALL_SCREENSHOTS=docs cargo test --test cli live_browser
set -euo pipefail
cd "$(dirname "$0")/.."
out="$(realpath "${1:-docs}")"
cargo build --quiet
recall="$PWD/target/debug/recall"
work="$(mktemp -d)"
session="recall-shots-$$"
cleanup() { tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

export RECALL_DATA_DIR="$work/data" RECALL_NOW="2026-11-30T09:00:00Z" LANG=C.UTF-8
tmux new-session -d -s "$session" -x 100 -y 40 \
  "cd '$work' && TERM=xterm-256color '$recall' host --port 0 --seed 2026 --count 5 --kinds choice --per-question 30s; sleep 60"
sleep 2
screen() { tmux capture-pane -p -t "$session"; }
url="$(screen | grep -o 'http://[0-9.:]*/' | head -1)"
pin="$(screen | grep -o 'PIN [0-9]*' | head -1 | cut -d' ' -f2)"

# Students answer the first question after a few seconds, one of them wrongly: the answer key
# of the same paper printed by `recall drill` says which option is right.
right="$(cd "$work" && "$recall" drill --seed 2026 --count 5 --kinds choice --print --key |
  awk '/^## Answer key/ { key = 1 } key && /^1\. / { print substr($2, 1, 1); exit }')"
wrong=$(( right % 3 + 1 ))
play() { # name, delay, answer
  (sleep "$2"; echo "$3"; sleep 60) | "$recall" join "$url" --pin "$pin" --name "$1" >/dev/null 2>&1 &
}
play "Ayesha Khan" 6 "$right"
play "Bilal Ahmed" 9 "$wrong"
play "Chen Wei" 11 "$right"
sleep 2

shot() { # name
  tmux capture-pane -e -N -p -t "$session" > "$work/$1.ans"
  python3 - "$work/$1.ans" "$work/$1.html" <<'PY'
import html, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
# The screen's unused bottom rows are left out.
lines = text.split("\n")
while lines and not re.sub(r"\x1b\[[0-9;]*m", "", lines[-1]).strip():
    lines.pop()
text = "\n".join(lines)
base = ["#1e1e1e", "#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2", "#dcdfe4"]
bright = ["#5c6370", "#ff7b86", "#b5e890", "#ffd68a", "#82c4ff", "#de9bf0", "#7fd4df", "#ffffff"]
def color256(n):
    if n < 8: return base[n]
    if n < 16: return bright[n - 8]
    if n < 232:
        n -= 16
        return "#%02x%02x%02x" % tuple(0 if c == 0 else 55 + 40 * c for c in (n // 36, n // 6 % 6, n % 6))
    g = 8 + 10 * (n - 232)
    return "#%02x%02x%02x" % (g, g, g)
state = {}
out = []
pos = 0
for m in re.finditer(r"\x1b\[([0-9;]*)m", text):
    out.append((html.escape(text[pos:m.start()]), dict(state)))
    pos = m.end()
    codes = [int(c) if c else 0 for c in m.group(1).split(";")]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0: state.clear()
        elif c == 1: state["bold"] = True
        elif c == 2: state["dim"] = True
        elif c == 3: state["italic"] = True
        elif c == 22: state.pop("bold", None); state.pop("dim", None)
        elif 30 <= c <= 37: state["fg"] = base[c - 30]
        elif 90 <= c <= 97: state["fg"] = bright[c - 90]
        elif 40 <= c <= 47: state["bg"] = base[c - 40] if c != 47 else "#ffffff"
        elif 100 <= c <= 107: state["bg"] = bright[c - 100]
        elif c == 39: state.pop("fg", None)
        elif c == 49: state.pop("bg", None)
        elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
            state["fg" if c == 38 else "bg"] = color256(codes[i + 2]); i += 2
        i += 1
out.append((html.escape(text[pos:]), dict(state)))
spans = []
for chunk, s in out:
    if not chunk: continue
    css = []
    if "fg" in s: css.append("color:" + s["fg"])
    if "bg" in s: css.append("background:" + s["bg"])
    if s.get("bold"): css.append("font-weight:700")
    if s.get("dim"): css.append("opacity:0.65")
    if s.get("italic"): css.append("font-style:italic")
    spans.append('<span style="%s">%s</span>' % (";".join(css), chunk) if css else chunk)
page = ('<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e;overflow:hidden}'
        'pre{margin:0;padding:14px 18px;color:#dcdfe4;font:15px/1.2 "DejaVu Sans Mono",monospace}'
        '</style><pre>' + "".join(spans) + "</pre>")
open(sys.argv[2], "w", encoding="utf-8").write(page)
PY
  chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
    --disable-component-update --disable-sync --user-data-dir="$work/chromium" \
    --window-size=940,620 --screenshot="$out/$1.png" "file://$work/$1.html" >/dev/null 2>&1
  echo "wrote $out/$1.png"
}

shot live-host-lobby
tmux send-keys -t "$session" Enter
sleep 8
shot live-host-question
sleep 6
shot live-host-reveal
tmux send-keys -t "$session" q
sleep 1
