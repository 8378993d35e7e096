#!/usr/bin/env bash
# Installs the Debian packages portal needs to build and test, only those missing.
# Idempotent and non-interactive; run as root (or with sudo available).
set -euo pipefail

PKGS=(
  build-essential cmake pkg-config
  libcmark-gfm-dev libcmark-gfm-extensions-dev   # Markdown (GFM + tables, footnotes...)
  libyaml-cpp-dev                                # front matter and site config
  libtinyxml2-dev                                # RSS, sitemap, docx XML
  libicu-dev                                     # NFKC, pinyin, collation, trad->simp
  libkainjow-mustache-dev                        # templates
  libcli11-dev                                   # command line
  libcpp-httplib-dev                             # portal serve
  nlohmann-json3-dev                             # search index, JSON output
  libgtest-dev libgmock-dev                      # unit tests
  libzip-dev                                     # reading .docx (zip) in portal import
  libxxhash-dev                                  # digests of sources and outputs (rebuilds write only changes)
  libjemalloc-dev                                # the portal binary's allocator (many small objects on every core)
  nodejs                                         # search query module, portal search
  libxml2-utils python3-feedparser               # feed validation in tests
  clang-14 libclang-rt-14-dev                    # libFuzzer + ASan/UBSan runtimes (tests/fuzz/run.sh)
  chromium default-jre-headless                  # browser tests of the theme (Nu HTML Checker runs on Java)
  fonts-noto-cjk                                 # CJK glyphs, so layout checks and screenshots are real
)
if [ "${PORTAL_SETUP_EXTRA:-}" != "" ]; then
  read -r -a extra <<<"$PORTAL_SETUP_EXTRA"; PKGS+=("${extra[@]}")
fi

missing=()
for p in "${PKGS[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    # nodejs may come from elsewhere (nvm, tarball); accept any node >= 18 on PATH
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#PKGS[@]} packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done"
