# Shared by the scripts: find an interpreter and make a virtualenv with the project installed.
# Usage: source scripts/_python.sh; ensure_venv <dir> <python-version-prefix> [pip requirement ...]

find_python() {  # find_python 3.11 -> prints a path
  local want=$1 cand
  for cand in "python$want" "$HOME/.pyenv/versions/$want"*/bin/python"$want" python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
      "$cand" -c "import sys; sys.exit(0 if '%d.%d' % sys.version_info[:2] == '$want' else 1)" 2>/dev/null; then
      command -v "$cand"
      return 0
    fi
  done
  for cand in "$HOME"/.pyenv/versions/"$want".*/bin/python; do
    [ -x "$cand" ] && { echo "$cand"; return 0; }
  done
  return 1
}

ensure_venv() {  # ensure_venv DIR PYVERSION [extra requirements...]
  local dir=$1 pyver=$2
  shift 2
  local py
  py=$(find_python "$pyver") || { echo "Python $pyver not found" >&2; return 1; }
  if [ ! -x "$dir/bin/python" ]; then
    "$py" -m venv "$dir"
    "$dir/bin/python" -m pip install -q --upgrade pip
  fi
  "$dir/bin/python" -m pip install -q -e ".[dev]" "$@"
}
