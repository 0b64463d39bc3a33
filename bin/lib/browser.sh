# The browser the report test drives: Debian's chromium and chromium-driver (and a font), installed from the OS
# packages when missing. Sourced by bin/test; `replaygate_ensure_browser` returns 0 once /usr/bin/chromium and
# /usr/bin/chromedriver exist. Installing needs root (or sudo without a password); without it the browser test
# is skipped with a line saying so, except under CI (CI=true), where it fails.
replaygate_ensure_browser() {
  if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    return 0
  fi
  local sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
      sudo="sudo -n"
    else
      echo "replaygate: chromium and chromium-driver are not installed and this user cannot install them;" \
        "the report's browser test will be skipped (apt-get install chromium chromium-driver)" >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "replaygate: no apt-get here to install chromium and chromium-driver; the report's browser test will be skipped" >&2
    return 1
  fi
  echo "replaygate: installing chromium and chromium-driver from the OS packages (once)" >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver \
      fonts-dejavu-core >/dev/null
}
